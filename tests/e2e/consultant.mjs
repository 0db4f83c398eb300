// The consultant's features in the real app: *Check all* over saved setups against the demo
// tenant (one of them with a wrong secret now, so it broke since its last test), and a setup
// exported to a file and imported again, without its secret, which the app then asks for.
//
// Run from app.e2e.mjs after its own tests, in the same window and data folder.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sleep } from './webdriver.mjs';
import { invokeInPage } from './door.mjs';

const HOUR = 3_600_000;

/** Card of the setup with this id on the start screen. */
async function cardOf(driver, id) {
  for (const card of await driver.findAll('setup-card')) {
    if ((await driver.attribute(card, 'data-setup-id')) === id) return card;
  }
  return null;
}

export async function consultantTests(ctx) {
  const { driver, test, assert, assertEqual, tenant, dataDir, transferPath, openApp, shot, forbiddenForms, wrongSecret } = ctx;
  const setupsFile = join(dataDir, 'setups.json');

  await test('Check all re-tests every saved setup side by side and shows the one that broke', async () => {
    // Two practice setups on the demo tenant that both passed an hour ago, as a consultant's
    // list would hold them; written while the app is closed, as a previous session left it.
    await driver.quit();
    const saved = JSON.parse(readFileSync(setupsFile, 'utf8'));
    const passedBefore = { at_ms: Date.now() - HOUR, ok: true, summary: '50 users in Haiilo', finding_codes: [], total_users: 50 };
    const practice = (id, name) => ({
      id,
      name,
      domain: '',
      advanced: { scim_base_url: tenant.scimUrl, token_url: tenant.tokenUrl },
      client_id: tenant.clientId,
      done_steps: [],
      group_provisioning: 'users_only',
      groups_note: '',
      last_check: passedBefore,
      is_demo: true,
      created_ms: Date.now() - 2 * HOUR,
      updated_ms: Date.now() - 2 * HOUR,
    });
    saved.setups.push(practice('e2e-still-good', 'Practice still good'), practice('e2e-now-broken', 'Practice now broken'));
    writeFileSync(setupsFile, JSON.stringify(saved, null, 2));
    await openApp();
    // Their secrets in the real keychain: the right one, and one rotated away in Haiilo.
    for (const [id, secret] of [
      ['e2e-still-good', tenant.secret],
      ['e2e-now-broken', wrongSecret],
    ]) {
      const stored = await invokeInPage(driver, 'store_secret', { id, secret, sessionOnly: false, leftovers: 'refuse', kind: 'haiilo' });
      assert(stored.ok && stored.value.location === 'keychain', `store_secret ${id}: ${JSON.stringify(stored)}`);
    }
    await driver.until('the three saved setups', async () => (await driver.findAll('setup-card')).length === 3);

    await driver.click('check-all');
    await driver.find('check-all-progress');
    await shot(driver, '10-check-all-running');
    await driver.until(
      'Check all to finish',
      async () => (await driver.text('check-all-summary')).includes('Check all: results'),
      90_000,
    );
    const broke = await driver.find('broke-list');
    const brokeItems = await driver.findAll('broke-item', broke);
    assertEqual(brokeItems.length, 1, 'setups that broke');
    const brokeText = await driver.textOf(broke);
    assert(brokeText.includes('Practice now broken'), `broke list: ${brokeText}`);
    assert(/rejected the Client ID or Client Secret/i.test(brokeText), `the broke list says why: ${brokeText}`);
    assert(!brokeText.includes('Practice still good'), `the good one is not listed: ${brokeText}`);

    const resultOn = async (id) => driver.text('card-check-result', { within: await cardOf(driver, id) });
    assertEqual((await resultOn('e2e-still-good')).trim(), 'Passed again', 'the good setup');
    assertEqual((await resultOn('e2e-now-broken')).trim(), 'Broke since the last test', 'the broken setup');
    // The demo setup of the earlier tests: its secret was for that session only.
    const demoId = saved.setups.find((s) => s.is_demo && !s.id.startsWith('e2e-')).id;
    assert((await resultOn(demoId)).includes('Secret missing'), 'the demo setup without its session secret');
    const totals = await driver.text('check-all-totals');
    assert(totals.includes('1 passed') && totals.includes('1 failed') && totals.includes('1 not tested: secret missing'), totals);
    // The cards were read again after the run: the keychain, asked once for all setups,
    // has the two practice secrets; the demo's was for its session only.
    const cardText = async (id) => driver.textOf(await cardOf(driver, id));
    for (const id of ['e2e-still-good', 'e2e-now-broken']) {
      assert((await cardText(id)).includes('Secret in the keychain'), `${id}: ${await cardText(id)}`);
    }
    assert((await cardText(demoId)).includes('No secret stored'), `demo: ${await cardText(demoId)}`);
    await shot(driver, '11-check-all-broke');

    // Rust saved each result through run_check, as a test from the Test screen would.
    const after = JSON.parse(readFileSync(setupsFile, 'utf8')).setups;
    const lastOf = (id) => after.find((s) => s.id === id).last_check;
    assertEqual(lastOf('e2e-still-good').ok, true, 'saved result of the good setup');
    assertEqual(lastOf('e2e-now-broken').ok, false, 'saved result of the broken setup');
    assert(lastOf('e2e-now-broken').finding_codes.includes('invalid_client'), `codes: ${lastOf('e2e-now-broken').finding_codes}`);
    assert(lastOf('e2e-now-broken').at_ms > passedBefore.at_ms, 'a new result');
    await driver.click('check-all-dismiss');
  });

  await test('a setup exported to a file is imported without its secret, which the app then asks for', async () => {
    await driver.click('new-setup');
    await driver.type('new-setup-name', 'Export e2e');
    await driver.click('new-setup-create');
    await driver.find('screen-phase1');
    await driver.type('domain-input', 'export-e2e.haiilo.app');
    await driver.type('client-id-input', tenant.clientId);
    await driver.type('secret-input', tenant.secret);
    await driver.click('secret-save');
    await driver.until('the stored state', async () => /keychain/i.test(await driver.text('secret-status')));
    await sleep(600); // the fields save after a short debounce
    await driver.click('nav-home');
    await driver.find('screen-start');

    const exportedId = await driver.until('the new card', async () => {
      for (const card of await driver.findAll('setup-card')) {
        if ((await driver.textOf(card)).includes('Export e2e')) return driver.attribute(card, 'data-setup-id');
      }
      return null;
    });
    await driver.click('setup-export', { within: await cardOf(driver, exportedId) });
    const status = await driver.until('the export status', async () => {
      const text = await driver.text('export-status').catch(() => '');
      return text.includes(transferPath) ? text : null;
    });
    assert(status.includes('without the Client Secret'), status);
    const written = readFileSync(transferPath, 'utf8');
    const file = JSON.parse(written);
    assertEqual([file.format, file.format_version], ['haiilo-scim-setup', 1], 'file format');
    assertEqual([file.setup.name, file.setup.domain, file.setup.client_id], ['Export e2e', 'export-e2e.haiilo.app', tenant.clientId], 'file setup');
    const forms = forbiddenForms([tenant.secret], tenant.clientId);
    assert(!forms.some((form) => written.includes(form)), 'the secret is in the exported file');
    await shot(driver, '12-exported');

    // Another computer would have no such setup; here the import takes a new name.
    await driver.click('import-setup');
    await driver.find('screen-phase1');
    await driver.find('imported-note');
    await driver.until('focus on the secret field', async () => (await driver.execute('return document.activeElement?.id')) === 'secret-input');
    assert(!/keychain/i.test(await driver.execute("return document.querySelector('[data-testid=\"secret-status\"]')?.textContent ?? ''")), 'no secret yet');
    const title = await driver.execute("return document.querySelector('.setup-name')?.textContent?.trim()");
    assertEqual(title, 'Export e2e (2)', 'the imported setup');
    await shot(driver, '13-imported-asks-secret');
    await driver.type('secret-input', tenant.secret);
    await driver.click('secret-save');
    await driver.until('the stored state', async () => /keychain/i.test(await driver.text('secret-status')));

    const both = JSON.parse(readFileSync(setupsFile, 'utf8')).setups.filter((s) => s.name.startsWith('Export e2e'));
    assertEqual(both.map((s) => s.name).sort(), ['Export e2e', 'Export e2e (2)'], 'setups after the import');
    assert(both[0].id !== both[1].id, 'a new id');
    assertEqual(both.map((s) => s.client_id), [tenant.clientId, tenant.clientId], 'the Client ID came along');

    // A file that is not ours: refused with its code, nothing added.
    await driver.click('nav-home');
    await driver.find('screen-start');
    writeFileSync(transferPath, '%PDF-1.7 not a setup');
    await driver.click('import-setup');
    const refusal = await driver.find('import-error');
    assertEqual(await driver.attribute(refusal, 'data-code'), 'not_a_setup_file', 'refusal code');
    assert((await driver.textOf(refusal)).includes('not a setup file'), 'refusal text');
    assertEqual(JSON.parse(readFileSync(setupsFile, 'utf8')).setups.filter((s) => s.name.startsWith('Export e2e')).length, 2, 'nothing added');
  });
}
