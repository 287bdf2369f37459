// The gateway's API as the desk uses it (docs/api.md, "Signals, cases and the toezicht desk").
// The bearer token lives in this tab's sessionStorage only; nothing personal is ever stored.

const TOKEN_KEY = 'iwmo-desk-token';
const WHO_KEY = 'iwmo-desk-officer';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || '';
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function officer() {
  return sessionStorage.getItem(WHO_KEY) || '';
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(WHO_KEY);
}

// Called when the API says the token is no longer valid (set by desk.js).
let onUnauthenticated = () => {};
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

function headers(tok, extra) {
  const h = { Accept: 'application/json', ...extra };
  if (tok) h.Authorization = `Bearer ${tok}`;
  return h;
}

async function errorOf(res) {
  let code = '';
  let message = '';
  try {
    const body = await res.json();
    code = body.error || '';
    message = body.message || '';
  } catch {
    // not JSON: keep the status only
  }
  return new ApiError(res.status, code, message);
}

// One request. `body` is sent as JSON. Resolves with the parsed JSON answer.
export async function request(method, path, body, { tok = token(), raw = false } = {}) {
  const init = { method, headers: headers(tok), credentials: 'omit', cache: 'no-store' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch {
    throw new ApiError(0, 'network', 'De gateway is niet bereikbaar.');
  }
  if (!res.ok) {
    const e = await errorOf(res);
    if (res.status === 401 && tok === token() && tok) onUnauthenticated();
    throw e;
  }
  if (raw) return res;
  if (res.status === 204) return null;
  return res.json();
}

export const get = (path, opts) => request('GET', path, undefined, opts);
export const post = (path, body, opts) => request('POST', path, body ?? {}, opts);

// Builds "/v1/x?a=1&b=2" from an object, leaving out empty values.
export function withQuery(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

// Checks a token by reading the rules (toezicht only). On success keeps it in the tab.
export async function signIn(tok) {
  const answer = await get('/v1/signals/rules', { tok });
  sessionStorage.setItem(TOKEN_KEY, tok);
  if (answer && typeof answer.principal === 'string') sessionStorage.setItem(WHO_KEY, answer.principal);
  return answer;
}

// A Dutch sentence for an error of the API.
export function dutchError(e) {
  if (!(e instanceof ApiError)) return 'Er ging iets mis in de desk.';
  const detail = e.message && e.code ? ` (${e.message})` : '';
  switch (e.status) {
    case 0: return 'De gateway is niet bereikbaar. Controleer de verbinding en probeer het opnieuw.';
    case 400: return `Het verzoek is niet geldig${detail}.`;
    case 401: return 'Dit token is onbekend of ingetrokken.';
    case 403: return `Geen toegang${detail}.`;
    case 404: return `Niet gevonden${detail}.`;
    case 409: return `Deze wijziging is niet toegestaan in de huidige status${detail}.`;
    case 503: return `De gateway kan dit nu niet tonen; probeer het later opnieuw${detail}.`;
    default: return `De gateway gaf een fout (HTTP ${e.status})${detail}.`;
  }
}
