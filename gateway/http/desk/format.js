// Small helpers: building DOM without innerHTML, and Dutch formats for amounts and dates.

// h('a', {href: '#/x', class: 'y', dataset: {testid: 'z'}}, 'text', child, ...)
// Attributes are set with setAttribute (never a style attribute: the CSP forbids inline styles).
// Keys starting with "on" add an event listener.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'style') throw new Error('no inline styles (CSP)');
    if (k === 'testid') el.setAttribute('data-testid', v);
    else if (k === 'dataset') for (const [dk, dv] of Object.entries(v)) el.dataset[dk] = dv;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value' && 'value' in el && el.namespaceURI !== SVG_NS) el.value = v;
    else if (k === 'checked' || k === 'selected' || k === 'disabled' || k === 'required' || k === 'hidden') {
      el[k] = Boolean(v);
    } else el.setAttribute(k, v === true ? '' : String(v));
  }
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// "€ 1.234,56" from eurocent (a number or a numeric string).
export function euro(cents) {
  if (cents === null || cents === undefined || cents === '') return '';
  const n = Math.round(Number(cents));
  if (!Number.isFinite(n)) return String(cents);
  const neg = n < 0;
  const abs = Math.abs(n);
  const whole = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const frac = String(abs % 100).padStart(2, '0');
  return `${neg ? '− ' : ''}€ ${whole},${frac}`;
}

// "1.234" or "12,5": a number in Dutch notation.
export function number(v, decimals) {
  const n = Number(v);
  if (!Number.isFinite(n)) return String(v);
  const fixed = decimals === undefined ? String(n) : n.toFixed(decimals);
  const [whole, frac] = fixed.split('.');
  const w = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return frac ? `${w},${frac}` : w;
}

// A figure's value: the engine gives it as shown to people ("€ 1.234,56", "25,8", "31%"); only an
// ISO date is turned into DD-MM-YYYY.
export function figure(v) {
  if (v === null || v === undefined || v === '') return '—';
  const t = String(v);
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return date(t);
  return t;
}

// "31-10-2026" from "2026-10-31" (or a timestamp: its local date).
export function date(v) {
  if (!v) return '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (m) return `${m[3]}-${m[2]}-${m[1]}`;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return String(v);
  return `${pad(d.getDate())}-${pad(d.getMonth() + 1)}-${d.getFullYear()}`;
}

// "22-11-2026 09:00" from an ISO timestamp, in local time.
export function dateTime(v) {
  if (!v) return '';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return String(v);
  return `${date(v)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function pad(n) {
  return String(n).padStart(2, '0');
}

const MONTHS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
// "okt 2026" from "2026-10".
export function month(v, short = false) {
  const m = /^(\d{4})-(\d{2})$/.exec(v || '');
  if (!m) return v || '';
  const name = MONTHS[Number(m[2]) - 1] || m[2];
  return short ? `${name} '${m[1].slice(2)}` : `${name} ${m[1]}`;
}

export function period(begin, end) {
  if (!begin && !end) return '';
  if (begin === end) return date(begin);
  return `${date(begin)} – ${date(end)}`;
}

export const SEVERITY_LABEL = { hoog: 'Hoog', middel: 'Middel', laag: 'Laag' };

export function severityBadge(sev) {
  return h('span', { class: `badge badge-${sev || 'onbekend'}`, testid: 'severity' }, SEVERITY_LABEL[sev] || sev || '?');
}

export const STATUS_LABEL = {
  nieuw: 'Nieuw',
  in_onderzoek: 'In onderzoek',
  gegrond: 'Gegrond',
  ongegrond: 'Ongegrond',
  afgesloten: 'Afgesloten',
};

export function statusBadge(status) {
  return h('span', { class: `status status-${status}`, testid: 'case-status' }, STATUS_LABEL[status] || status);
}

// The clients of a signal, masked: "******789" (and "+2" for more).
export function maskedClients(clients) {
  if (!clients || clients.length === 0) return '—';
  const first = clients[0].bsn_masked || clients[0].pseudonym || '';
  return clients.length > 1 ? `${first} +${clients.length - 1}` : first;
}

// Name with code: "Zorg Thuis Midden (98000011)".
export function named(name, code) {
  if (!code) return name || '';
  if (!name || name === code) return code;
  return `${name} (${code})`;
}

export function plural(n, one, many) {
  return `${number(n)} ${n === 1 ? one : many}`;
}
