import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { markFirstScreen } from './lib/firstScreen';
import { language, showLanguage } from './lib/i18n.svelte';
import { askSetupsAtLaunch, languageState } from './lib/ipc';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// The language first, so the first screen is drawn in it (one IPC round trip; the setups are
// asked for at the same time). Outside the app (the browser flows without a backend) it
// stays English.
async function start(target: HTMLElement) {
  askSetupsAtLaunch();
  try {
    const state = await languageState();
    showLanguage(state.lang);
    language.system = state.system;
    language.chosen = state.chosen;
  } catch {
    showLanguage('en');
  }
  markFirstScreen(target);
  return mount(App, { target });
}

export default start(target);
