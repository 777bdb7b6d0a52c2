import { render } from 'solid-js/web';
import { App } from './app';
import { initialLocale, switchLocale } from './i18n';
import { startRouter } from './router';
import { loadMe } from './session';
import './styles.css';

const root = document.getElementById('app');
if (root) {
  startRouter();
  void switchLocale(initialLocale());
  void loadMe();
  root.textContent = ''; // The static "Loading" placeholder from index.html.
  render(() => <App />, root);
}
