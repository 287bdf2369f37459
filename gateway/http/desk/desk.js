// The toezicht desk: sign-in, header and hash routing. Screens are in signals.js, provider.js and
// cases.js. Routes: #/aanmelden, #/signalen?..., #/signalen/S..., #/aanbieders/AGB, #/zaken, #/zaken/N.
import { token, officer, signIn, signOut, setUnauthenticatedHandler, ApiError } from './api.js';
import { h, clear } from './format.js';
import { announce, officerName } from './ui.js';
import { renderQueue, renderSignal, setRules, forgetRules } from './signals.js';
import { renderProvider } from './provider.js';
import { renderBoard, renderCase } from './cases.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const signOutButton = document.getElementById('sign-out');

let loginMessage = '';
let lastPath = '';

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/signalen';
  const [path, q = ''] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(q), path };
}

function showChrome(signedIn) {
  nav.hidden = !signedIn;
  signOutButton.hidden = !signedIn;
  who.hidden = !signedIn;
  who.textContent = signedIn ? officerName() || officer() || 'toezicht' : '';
  if (signedIn && officer()) who.title = officer();
}

function markNav(section) {
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.section === section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

async function route() {
  const { parts, query, path } = parseHash();
  const pathChanged = path !== lastPath;
  lastPath = path;
  if (!token()) {
    showChrome(false);
    renderLogin();
    return;
  }
  if (parts[0] === 'aanmelden') {
    location.replace('#/signalen');
    return;
  }
  showChrome(true);
  const [section, id] = parts;
  markNav(section === 'aanbieders' ? 'signalen' : section);
  document.title = `${titleOf(section, id)} · Toezicht · iWmo-gateway`;
  // Each screen draws into its own container: an answer that arrives after the officer has moved
  // on lands in a detached element and is never shown.
  const focused = document.activeElement;
  const keep = !pathChanged && focused && main.contains(focused)
    ? (focused.id ? `#${CSS.escape(focused.id)}` : focused.dataset.testid ? `[data-testid="${focused.dataset.testid}"]` : null)
    : null;
  const view = h('div', { class: 'view' });
  clear(main).append(view);
  try {
    if (section === 'signalen' && id) await renderSignal(view, id);
    else if (section === 'signalen' || !section) await renderQueue(view, query);
    else if (section === 'aanbieders' && id) await renderProvider(view, id, query);
    else if (section === 'zaken' && id) await renderCase(view, id);
    else if (section === 'zaken') await renderBoard(view, query);
    else {
      clear(view).append(h('h1', null, 'Pagina niet gevonden'), h('p', null, h('a', { href: '#/signalen' }, 'Naar de signalen')));
    }
  } catch (e) {
    clear(view).append(h('div', { class: 'error-block', role: 'alert' }, 'Er ging iets mis in de desk.'));
    throw e;
  }
  if (!view.isConnected) return;
  // Same screen, other filters or page: the keyboard stays on the control it was on.
  if (keep) view.querySelector(keep)?.focus();
  // A new screen: move the focus to its heading, so keyboard and screen reader users start there.
  else if (pathChanged) {
    const h1 = view.querySelector('h1');
    if (h1) {
      h1.setAttribute('tabindex', '-1');
      h1.focus({ preventScroll: false });
    }
  }
}

function titleOf(section, id) {
  if (section === 'zaken') return id ? `Zaak ${id}` : 'Zaken';
  if (section === 'aanbieders') return `Aanbieder ${id}`;
  if (section === 'signalen' && id) return `Signaal ${id}`;
  return 'Signalen';
}

function renderLogin() {
  document.title = 'Aanmelden · Toezicht · iWmo-gateway';
  const input = h('input', {
    id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true,
    testid: 'token-input', 'aria-describedby': 'token-hint',
  });
  const error = h('p', { class: 'form-error', role: 'alert', testid: 'login-error', hidden: !loginMessage }, loginMessage);
  const button = h('button', { type: 'submit', class: 'primary', testid: 'login-submit' }, 'Aanmelden');
  const form = h('form', { class: 'login', testid: 'login-form', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title' }, 'Aanmelden'),
    h('p', null, 'Toezicht op de rechtmatigheid van Wmo-declaraties. Meld u aan met het toegangstoken dat u van de beheerder hebt gekregen.'),
    h('div', { class: 'field' },
      h('label', { for: 'token' }, 'Toegangstoken'),
      input,
      h('p', { id: 'token-hint', class: 'hint' }, 'Het token blijft alleen in dit tabblad bewaard en verdwijnt bij Afmelden of het sluiten van het tabblad.')),
    error,
    h('div', { class: 'actions' }, button));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const tok = input.value.trim();
    if (!tok) {
      showError('Plak eerst het toegangstoken.');
      input.focus();
      return;
    }
    button.disabled = true;
    error.hidden = true;
    try {
      const answer = await signIn(tok);
      setRules(answer.rules || null);
      loginMessage = '';
      lastPath = '';
      announce(`Aangemeld als ${officerName() || officer() || 'toezicht'}.`, 'success');
      const wanted = parseHash().parts[0];
      if (!wanted || wanted === 'aanmelden') location.hash = '#/signalen';
      else route();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) showError('Dit token is onbekend of ingetrokken.');
      else if (e instanceof ApiError && e.status === 403) showError('Dit token geeft geen toegang tot signalen.');
      else if (e instanceof ApiError && e.status === 0) showError('De gateway is niet bereikbaar. Probeer het later opnieuw.');
      else showError(`Aanmelden lukte niet (HTTP ${e.status ?? '?'}).`);
      input.select();
      input.focus();
    } finally {
      button.disabled = false;
    }
  });
  function showError(text) {
    error.textContent = text;
    error.hidden = false;
  }
  clear(main).append(form);
  input.focus();
}

function doSignOut(message = '') {
  signOut();
  forgetRules();
  loginMessage = message;
  lastPath = '';
  // Whatever was on the screen (revealed BSNs too) goes.
  clear(main);
  if (location.hash && location.hash !== '#/aanmelden') history.replaceState(null, '', '#/aanmelden');
  route();
  if (!message) announce('U bent afgemeld.', 'info');
}

signOutButton.addEventListener('click', () => doSignOut());
// The skip link must not change the hash (that is the route): it moves the focus instead.
document.querySelector('.skip-link')?.addEventListener('click', (ev) => {
  ev.preventDefault();
  const target = main.querySelector('h1') || main;
  target.tabIndex = -1;
  target.focus();
});
setUnauthenticatedHandler(() => doSignOut('Uw token is niet meer geldig. Meld u opnieuw aan.'));
window.addEventListener('hashchange', () => { route(); });
route();
