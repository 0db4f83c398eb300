import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { markFirstScreen } from './lib/firstScreen';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

markFirstScreen(target);
export default mount(App, { target });
