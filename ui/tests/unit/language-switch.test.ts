// The switcher in the top bar: the language changes at once and Rust is told (it words its
// own texts in it and remembers the choice); when the choice cannot be saved the switch
// still holds for the session and the switcher says why it will not be remembered.
import { mockIPC } from '@tauri-apps/api/mocks';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import LanguageSwitch from '../../src/components/LanguageSwitch.svelte';
import { language, showLanguage } from '../../src/lib/i18n.svelte';

afterEach(() => showLanguage('en'));

describe('the language switcher', () => {
  it('switches at once, tells Rust, and shows the choice as kept', async () => {
    const told: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === 'set_language') {
        told.push((args as { lang: string }).lang);
        return { lang: (args as { lang: string }).lang, system: 'en', chosen: true };
      }
    });
    render(LanguageSwitch);
    const select = screen.getByTestId('language') as HTMLSelectElement;
    expect(select.value).toBe('en');
    expect(screen.getByLabelText('Language')).toBe(select);

    await userEvent.selectOptions(select, 'de');
    expect(language.current).toBe('de');
    expect(document.documentElement.lang).toBe('de');
    await waitFor(() => expect(told).toEqual(['de']));
    await waitFor(() => expect(language.chosen).toBe(true));
    expect(screen.getByLabelText('Sprache')).toBe(select);
    expect(screen.queryByTestId('language-problem')).not.toBeInTheDocument();
  });

  it('keeps the new language for the session when the choice cannot be saved, and says why', async () => {
    mockIPC((cmd) => {
      if (cmd === 'set_language') {
        throw { code: 'storage_failed', message: 'Der Ordner /home/admin/.config ist schreibgeschützt.' };
      }
    });
    render(LanguageSwitch);
    await userEvent.selectOptions(screen.getByTestId('language'), 'de');
    expect(language.current).toBe('de');
    const problem = await screen.findByTestId('language-problem');
    expect(problem).toHaveAttribute('role', 'alert');
    expect(problem).toHaveTextContent(
      'Für den nächsten Start nicht gespeichert: Der Ordner /home/admin/.config ist schreibgeschützt.',
    );
  });
});
