// Prose: a text-table sentence with PingOne's labels marked English, values as code and the
// "not confirmed" badge where the sentence puts it; the words themselves are unchanged.
import { render } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import Prose from '../../src/components/Prose.svelte';

describe('Prose', () => {
  it('marks PingOne labels English, values as code, Haiilo labels bold in the text’s language', () => {
    const { container } = render(Prose, {
      text: 'Öffnen Sie **Integrations › Provisioning**, dann *Benutzerverzeichnisse*: [[User Filter]] `Enabled` ist {?}.',
      unconfirmed: 'etwas Unbelegtes',
    });
    // The badge's own words are Unconfirmed's; around it the sentence is as written.
    const withoutBadge = container.cloneNode(true) as HTMLElement;
    withoutBadge.querySelector('[data-testid="unconfirmed"]')?.remove();
    expect(withoutBadge.textContent).toBe('Öffnen Sie Integrations › Provisioning, dann Benutzerverzeichnisse: User Filter Enabled ist .');
    const bold = [...container.querySelectorAll('strong')];
    expect(bold.map((b) => [b.textContent, b.getAttribute('lang')])).toEqual([
      ['Integrations › Provisioning', 'en'],
      ['Benutzerverzeichnisse', null],
    ]);
    expect(container.querySelector('span[lang="en"]')).toHaveTextContent('User Filter');
    expect(container.querySelector('code')).toHaveTextContent('Enabled');
    expect(container.querySelector('[data-testid="unconfirmed"]')?.getAttribute('title')).toContain('etwas Unbelegtes');
  });

  it('a text without marks is shown as it is, stray asterisks included', () => {
    const { container } = render(Prose, { text: 'Plain text, 2 * 3 and a lone ` stay.' });
    expect(container.textContent).toBe('Plain text, 2 * 3 and a lone ` stay.');
    expect(container.querySelector('strong, code, [lang]')).toBeNull();
  });
});
