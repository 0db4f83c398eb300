// The label markup of guide texts: [[PingOne label]] (English, lang="en"), {{Haiilo label}},
// {{?Haiilo label no public page confirms}} (with a "not confirmed" badge).
import { render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import GuideSteps from '../../src/components/GuideSteps.svelte';
import type { GuideStep } from '../../src/lib/guide';
import { showLanguage } from '../../src/lib/i18n.svelte';
import { labelPieces, pathLabel, plainText } from '../../src/lib/labels';
import { SetupSession } from '../../src/lib/session.svelte';
import { makeView } from './fixtures';

afterEach(() => showLanguage('en'));

describe('labelPieces', () => {
  it('cuts a text into plain text and labels of either console', () => {
    expect(labelPieces('Wählen Sie [[New Connection]], dann {{Benutzerverzeichnisse}} und {{?API-Clients}}.')).toEqual([
      { kind: 'text', text: 'Wählen Sie ' },
      { kind: 'label', text: 'New Connection', console: 'pingone', unconfirmed: false },
      { kind: 'text', text: ', dann ' },
      { kind: 'label', text: 'Benutzerverzeichnisse', console: 'haiilo', unconfirmed: false },
      { kind: 'text', text: ' und ' },
      { kind: 'label', text: 'API-Clients', console: 'haiilo', unconfirmed: true },
      { kind: 'text', text: '.' },
    ]);
  });

  it('leaves text without markup, and brackets that open no label, as they are', () => {
    expect(labelPieces('Plain text.')).toEqual([{ kind: 'text', text: 'Plain text.' }]);
    expect(labelPieces('a [[ b ]] c')).toEqual([
      { kind: 'text', text: 'a ' },
      { kind: 'label', text: ' b ', console: 'pingone', unconfirmed: false },
      { kind: 'text', text: ' c' },
    ]);
    expect(labelPieces('[[unclosed and {{also')).toEqual([{ kind: 'text', text: '[[unclosed and {{also' }]);
    expect(labelPieces('')).toEqual([]);
    expect(plainText('Choose [[Save]] or {{?Speichern}}.')).toBe('Choose Save or Speichern.');
  });

  it('a bare menu-path part belongs to the step’s console; markup can say otherwise', () => {
    expect(pathLabel('Integrations', 'pingone')).toEqual({ kind: 'label', text: 'Integrations', console: 'pingone', unconfirmed: false });
    expect(pathLabel('{{?Erstellen}}', 'haiilo')).toEqual({ kind: 'label', text: 'Erstellen', console: 'haiilo', unconfirmed: true });
    expect(pathLabel('[[Rules]]', 'haiilo')).toEqual({ kind: 'label', text: 'Rules', console: 'pingone', unconfirmed: false });
  });
});

describe('GuideSteps shows the labels in a step', () => {
  const steps: GuideStep[] = [
    {
      id: 'x.pingone',
      console: 'pingone',
      title: 'Die Kachel [[SCIM Outbound]] wählen',
      path: ['Integrations', 'Provisioning'],
      text: 'Wählen Sie [[New Connection]] und dann [[Select]].',
    },
    {
      id: 'x.haiilo',
      console: 'haiilo',
      title: 'Das Verzeichnis anlegen',
      path: ['Administration', '{{?API-Clients}}'],
      text: 'Öffnen Sie {{Benutzerverzeichnisse}} und wählen Sie {{?Speichern}}.',
    },
  ];

  function show() {
    showLanguage('de');
    render(GuideSteps, { steps, session: new SetupSession(makeView()), label: 'Schritte' });
  }

  it('PingOne’s labels as English spans, in the title, the text and the path', () => {
    show();
    const item = screen.getByTestId('step-check-x.pingone').closest('li') as HTMLElement;
    const text = item.querySelector('#step-text-x\\.pingone') as HTMLElement;
    expect(text).toHaveTextContent(/^Wählen Sie New Connection und dann Select\.$/);
    expect([...text.querySelectorAll('.ui-label')].map((l) => [l.textContent, l.getAttribute('lang')])).toEqual([
      ['New Connection', 'en'],
      ['Select', 'en'],
    ]);
    expect(within(item).getByText('SCIM Outbound')).toHaveAttribute('lang', 'en');
    expect(screen.getByLabelText(/Die Kachel SCIM Outbound wählen/)).toBe(screen.getByTestId('step-check-x.pingone'));
    for (const part of item.querySelectorAll('.part')) expect(part).toHaveAttribute('lang', 'en');
    // Read aloud as one sentence, the labels in English.
    const spoken = within(item).getByText('Klicken Sie nacheinander auf:', { exact: false });
    expect(spoken).toHaveTextContent('Klicken Sie nacheinander auf: Integrations, dann Provisioning');
    expect([...spoken.querySelectorAll('[lang="en"]')].map((s) => s.textContent)).toEqual(['Integrations', 'Provisioning']);
    expect(within(item).queryByTestId('unconfirmed')).toBeNull();
  });

  it('Haiilo’s labels without a language mark, and a badge after each unconfirmed one', () => {
    show();
    const item = screen.getByTestId('step-check-x.haiilo').closest('li') as HTMLElement;
    const text = item.querySelector('#step-text-x\\.haiilo') as HTMLElement;
    expect(text).toHaveTextContent(/^Öffnen Sie Benutzerverzeichnisse und wählen Sie Speichern\s*nicht bestätigt/);
    const labels = [...text.querySelectorAll('.ui-label')];
    expect(labels.map((l) => [l.textContent, l.getAttribute('lang')])).toEqual([
      ['Benutzerverzeichnisse', null],
      ['Speichern', null],
    ]);
    expect(within(text).getAllByTestId('unconfirmed')).toHaveLength(1);
    expect(labels[0].nextElementSibling).toBe(labels[1]);
    expect(labels[1].nextElementSibling).toHaveAttribute('data-testid', 'unconfirmed');
    expect(labels[1].nextElementSibling).toHaveAttribute('title', expect.stringContaining('„Speichern“'));
    // In the path: the confirmed part plain, the unconfirmed one badged.
    const path = within(item).getByTestId('menu-path');
    expect([...path.querySelectorAll('.part')].map((p) => [p.textContent, p.getAttribute('lang')])).toEqual([
      ['Administration', null],
      ['API-Clients', null],
    ]);
    expect(within(path).getAllByTestId('unconfirmed')).toHaveLength(1);
    expect(path.querySelectorAll('.part')[1].nextElementSibling).toHaveAttribute('data-testid', 'unconfirmed');
    // No markup is ever shown as typed.
    expect(item.textContent).not.toMatch(/\[\[|\]\]|\{\{|\}\}/);
  });
});
