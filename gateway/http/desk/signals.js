// The signal queue (#/signalen?...) and one signal (#/signalen/S...).
import { get, post, withQuery } from './api.js';
import {
  h, clear, date, dateTime, period, figure, maskedClients, severityBadge, plural, number, SEVERITY_LABEL,
} from './format.js';
import {
  announceError, learnSignal, names, fillDatalist, gemeenteName, aanbiederName, createCaseFrom, addToCase,
  loading, errorBlock,
} from './ui.js';
import { ruleHelp, SIGNAL_NOTE } from './rules.js';

// --- the rules, read once per sign-in ---------------------------------------------------------

let rules = null;
export function setRules(list) {
  rules = list;
}
export async function loadRules() {
  if (!rules) rules = (await get('/v1/signals/rules')).rules || [];
  return rules;
}
export function forgetRules() {
  rules = null;
}

// --- the queue --------------------------------------------------------------------------------

// Hash parameter (Dutch, as in the filter labels) -> API parameter.
const FILTERS = [
  ['gemeente', 'gemeente'],
  ['aanbieder', 'aanbieder'],
  ['regel', 'rule'],
  ['ernst', 'severity'],
  ['periode', 'period'],
  ['status', 'status'],
];
const PAGE_SIZES = [25, 50, 100, 200];

const selected = new Map(); // signal id -> signal (the selection survives paging)
let lastQueueHash = '#/signalen';
export function queueHash() {
  return lastQueueHash;
}

function paramsOf(query) {
  const p = {};
  for (const [key] of FILTERS) p[key] = query.get(key) || '';
  p.offset = Math.max(0, Number.parseInt(query.get('offset') || '0', 10) || 0);
  const limit = Number.parseInt(query.get('limit') || '50', 10);
  p.limit = PAGE_SIZES.includes(limit) ? limit : 50;
  return p;
}

function hashOf(p) {
  const q = new URLSearchParams();
  for (const [key] of FILTERS) if (p[key]) q.set(key, p[key]);
  if (p.offset) q.set('offset', String(p.offset));
  if (p.limit && p.limit !== 50) q.set('limit', String(p.limit));
  const s = q.toString();
  return s ? `#/signalen?${s}` : '#/signalen';
}

function field(id, label, control) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

export async function renderQueue(main, query) {
  const p = paramsOf(query);
  lastQueueHash = hashOf(p);
  const allRules = await loadRules().catch(() => []);

  const gemeenteList = h('datalist', { id: 'gemeente-list' });
  const aanbiederList = h('datalist', { id: 'aanbieder-list' });
  const inGemeente = h('input', {
    id: 'f-gemeente', name: 'gemeente', list: 'gemeente-list', value: p.gemeente, inputmode: 'numeric',
    pattern: '\\d{4}', title: 'CBS-code, vier cijfers', placeholder: 'CBS-code', autocomplete: 'off', testid: 'filter-gemeente',
  });
  const inAanbieder = h('input', {
    id: 'f-aanbieder', name: 'aanbieder', list: 'aanbieder-list', value: p.aanbieder, inputmode: 'numeric',
    pattern: '\\d{8}', title: 'AGB-code, acht cijfers', placeholder: 'AGB-code', autocomplete: 'off', testid: 'filter-aanbieder',
  });
  const inRegel = h('select', { id: 'f-regel', name: 'regel', testid: 'filter-regel' },
    h('option', { value: '' }, 'Alle regels'),
    allRules.map((r) => h('option', { value: r.id }, `${r.title} (${SEVERITY_LABEL[r.severity] || r.severity})`)));
  inRegel.value = p.regel;
  const inErnst = h('select', { id: 'f-ernst', name: 'ernst', testid: 'filter-ernst' },
    h('option', { value: '' }, 'Alle'),
    ['hoog', 'middel', 'laag'].map((v) => h('option', { value: v }, SEVERITY_LABEL[v])));
  inErnst.value = p.ernst;
  const inPeriode = h('input', {
    id: 'f-periode', name: 'periode', type: 'month', value: p.periode, placeholder: 'JJJJ-MM',
    pattern: '\\d{4}-\\d{2}', testid: 'filter-periode',
  });
  const inStatus = h('select', { id: 'f-status', name: 'status', testid: 'filter-status' },
    h('option', { value: '' }, 'Alle'),
    h('option', { value: 'open' }, 'Zonder zaak'),
    h('option', { value: 'in_case' }, 'In zaak'));
  inStatus.value = p.status;
  const inLimit = h('select', { id: 'f-limit', name: 'limit', testid: 'filter-limit' },
    PAGE_SIZES.map((n) => h('option', { value: String(n) }, String(n))));
  inLimit.value = String(p.limit);

  const apply = () => {
    const next = {
      gemeente: inGemeente.value.trim(), aanbieder: inAanbieder.value.trim(), regel: inRegel.value,
      ernst: inErnst.value, periode: inPeriode.value, status: inStatus.value, offset: 0, limit: Number(inLimit.value),
    };
    const target = hashOf(next);
    if (target === location.hash) renderQueue(main, new URLSearchParams(target.split('?')[1] || ''));
    else location.hash = target;
  };
  const form = h('form', { class: 'filters', testid: 'signal-filters', role: 'search', 'aria-label': 'Signalen filteren' },
    field('f-gemeente', 'Gemeente', inGemeente), gemeenteList,
    field('f-aanbieder', 'Aanbieder', inAanbieder), aanbiederList,
    field('f-regel', 'Regel', inRegel),
    field('f-ernst', 'Ernst', inErnst),
    field('f-periode', 'Periode', inPeriode),
    field('f-status', 'Status', inStatus),
    field('f-limit', 'Per pagina', inLimit),
    h('div', { class: 'field field-buttons' },
      h('button', { type: 'submit', class: 'primary', testid: 'filter-apply' }, 'Filteren'),
      h('button', { type: 'button', class: 'secondary', testid: 'filter-reset', onclick: () => { location.hash = '#/signalen'; } }, 'Wissen')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!form.reportValidity()) return;
    apply();
  });
  for (const sel of [inRegel, inErnst, inStatus, inLimit, inPeriode]) sel.addEventListener('change', apply);

  const count = h('p', { class: 'count', testid: 'signal-count', 'aria-live': 'polite' }, 'Laden…');
  const selection = h('span', { class: 'selection', testid: 'selection-count' });
  const newCase = h('button', { type: 'button', class: 'primary', testid: 'new-case', disabled: true }, 'Nieuwe zaak');
  const toCase = h('button', { type: 'button', class: 'secondary', testid: 'add-to-case', disabled: true }, 'Toevoegen aan zaak');
  const clearSel = h('button', { type: 'button', class: 'link', testid: 'clear-selection', hidden: true }, 'Selectie wissen');
  const body = h('tbody', { testid: 'signal-rows' });
  const all = h('input', { type: 'checkbox', id: 'select-all', testid: 'select-all', 'aria-label': 'Alle signalen op deze pagina selecteren' });
  const table = h('table', { class: 'grid signals', testid: 'signal-table' },
    h('caption', { class: 'visually-hidden' }, 'Signalen; kies een rij om het signaal te openen'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col', class: 'col-check' }, all),
      h('th', { scope: 'col' }, 'Ernst'),
      h('th', { scope: 'col' }, 'Regel'),
      h('th', { scope: 'col' }, 'Gemeente'),
      h('th', { scope: 'col' }, 'Aanbieder'),
      h('th', { scope: 'col' }, 'Periode'),
      h('th', { scope: 'col' }, 'Cliënt'),
      h('th', { scope: 'col' }, 'Toelichting'),
      h('th', { scope: 'col' }, 'Zaken'))),
    body);
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pagina’s', testid: 'pager' });

  const refreshSelection = () => {
    const n = selected.size;
    selection.textContent = n ? `${plural(n, 'signaal', 'signalen')} geselecteerd` : '';
    newCase.disabled = n === 0;
    toCase.disabled = n === 0;
    clearSel.hidden = n === 0;
    const boxes = [...body.querySelectorAll('input[type=checkbox]')];
    all.checked = boxes.length > 0 && boxes.every((b) => b.checked);
    all.indeterminate = !all.checked && boxes.some((b) => b.checked);
  };
  all.addEventListener('change', () => {
    for (const b of body.querySelectorAll('input[type=checkbox]')) {
      b.checked = all.checked;
      b.dispatchEvent(new Event('change'));
    }
  });
  clearSel.addEventListener('click', () => {
    selected.clear();
    for (const b of body.querySelectorAll('input[type=checkbox]')) b.checked = false;
    refreshSelection();
  });
  newCase.addEventListener('click', async () => {
    const list = [...selected.values()];
    const first = list[0];
    const suggestion = first ? `${first.rule_title} — ${first.aanbieder_naam || first.aanbieder}` : '';
    const c = await createCaseFrom(list.map((x) => x.id), suggestion);
    if (c) {
      selected.clear();
      location.hash = `#/zaken/${c.id}`;
    }
  });
  toCase.addEventListener('click', async () => {
    const list = [...selected.values()];
    const c = await addToCase(list.map((x) => x.id), list[0]?.aanbieder);
    if (c) {
      selected.clear();
      location.hash = `#/zaken/${c.id}`;
    }
  });

  clear(main).append(
    h('h1', null, 'Signalen'),
    h('p', { class: 'muted intro' }, SIGNAL_NOTE),
    form,
    h('div', { class: 'toolbar' }, count, h('div', { class: 'toolbar-actions' }, selection, clearSel, toCase, newCase)),
    h('div', { class: 'table-wrap' }, table),
    h('p', { class: 'hint keys' }, 'Toetsenbord: ↑ ↓ naar de vorige of volgende rij, Enter opent het signaal, spatie selecteert het.'),
    pager,
  );

  let answer;
  try {
    const api = { offset: p.offset, limit: p.limit };
    for (const [key, apiKey] of FILTERS) api[apiKey] = p[key];
    answer = await get(withQuery('/v1/signals', api));
  } catch (e) {
    count.textContent = '';
    body.append(h('tr', null, h('td', { colspan: 9 }, errorBlock(e))));
    return;
  }
  if (!main.isConnected) return;
  for (const sig of answer.signals) learnSignal(sig);
  fillDatalist(gemeenteList, names.gemeente);
  fillDatalist(aanbiederList, names.aanbieder);

  const total = answer.total ?? answer.signals.length;
  count.textContent = plural(total, 'signaal', 'signalen');
  if (answer.last_run) count.append(h('span', { class: 'muted' }, ` · berekend op ${dateTime(answer.last_run)}`));
  if (answer.signals.length === 0) {
    body.append(h('tr', null, h('td', { colspan: 9, class: 'empty' }, 'Geen signalen met deze filters.')));
  }
  for (const sig of answer.signals) body.append(queueRow(sig, refreshSelection));
  refreshSelection();
  renderPager(pager, p, total);
}

function queueRow(sig, onSelect) {
  const href = `#/signalen/${encodeURIComponent(sig.id)}`;
  const box = h('input', { type: 'checkbox', testid: 'select-signal', 'aria-label': `Signaal ${sig.id} selecteren`, checked: selected.has(sig.id) });
  box.addEventListener('change', () => {
    if (box.checked) selected.set(sig.id, sig);
    else selected.delete(sig.id);
    onSelect();
  });
  const row = h('tr', {
    class: 'clickable', tabindex: '0', testid: 'signal-row',
    dataset: {
      id: sig.id, rule: sig.rule, severity: sig.severity, gemeente: sig.gemeente, aanbieder: sig.aanbieder,
      clients: String((sig.clients || []).length), cases: String((sig.cases || []).length),
    },
  },
  h('td', { class: 'col-check' }, box),
  h('td', null, severityBadge(sig.severity)),
  h('td', null, h('a', { href, testid: 'signal-link' }, sig.rule_title || sig.rule)),
  h('td', { testid: 'cell-gemeente' }, sig.gemeente_naam || sig.gemeente),
  h('td', { testid: 'cell-aanbieder' }, sig.aanbieder_naam || sig.aanbieder),
  h('td', { class: 'nowrap', testid: 'cell-period' }, period(sig.period_begin, sig.period_end)),
  h('td', { class: 'nowrap mono', testid: 'cell-client' }, maskedClients(sig.clients)),
  h('td', { class: 'truncate', title: sig.explanation || '' }, h('span', { class: 'truncate-text' }, sig.explanation || '')),
  h('td', { testid: 'cell-cases' }, (sig.cases || []).length
    ? (sig.cases || []).map((c, i) => [i ? ', ' : '', h('a', { href: `#/zaken/${c}` }, `#${c}`)])
    : h('span', { class: 'muted' }, '—')));
  row.addEventListener('click', (ev) => {
    if (ev.target.closest('a, input, button, label')) return;
    location.hash = href;
  });
  row.addEventListener('keydown', (ev) => {
    // Up and down move between rows from anywhere in a row; Enter and space act on the row itself.
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      const next = ev.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling;
      if (next && next.tabIndex === 0) {
        ev.preventDefault();
        next.focus();
      }
      return;
    }
    if (ev.target !== row) return;
    if (ev.key === 'Enter') {
      ev.preventDefault();
      location.hash = href;
    } else if (ev.key === ' ') {
      ev.preventDefault();
      box.checked = !box.checked;
      box.dispatchEvent(new Event('change'));
    }
  });
  return row;
}

function renderPager(pager, p, total) {
  clear(pager);
  if (total <= p.limit && p.offset === 0) return;
  const from = total === 0 ? 0 : p.offset + 1;
  const to = Math.min(total, p.offset + p.limit);
  const go = (offset) => () => { location.hash = hashOf({ ...p, offset }); };
  const prev = h('button', { type: 'button', class: 'secondary', testid: 'page-prev', disabled: p.offset === 0, onclick: go(Math.max(0, p.offset - p.limit)) }, '← Vorige');
  const next = h('button', { type: 'button', class: 'secondary', testid: 'page-next', disabled: to >= total, onclick: go(p.offset + p.limit) }, 'Volgende →');
  pager.append(prev, h('span', { class: 'page-info', testid: 'page-info' }, `${number(from)}–${number(to)} van ${number(total)}`), next);
}

// --- one signal ---------------------------------------------------------------------------------

export async function renderSignal(main, id) {
  clear(main).append(loading());
  let sig;
  let allRules = [];
  try {
    [sig, allRules] = await Promise.all([get(`/v1/signals/${encodeURIComponent(id)}`), loadRules().catch(() => [])]);
  } catch (e) {
    clear(main).append(backLink(), errorBlock(e));
    return;
  }
  if (!main.isConnected) return;
  learnSignal(sig);
  const rule = allRules.find((r) => r.id === sig.rule);

  const cases = (sig.cases || []).length
    ? sig.cases.map((c, i) => [i ? ', ' : '', h('a', { href: `#/zaken/${c}`, testid: 'signal-case-link' }, `Zaak ${c}`)])
    : 'Nog in geen zaak';
  const facts = h('dl', { class: 'facts', testid: 'signal-facts' },
    fact('Regel', `${sig.rule_title || sig.rule}`, 'rule'),
    fact('Ernst', severityBadge(sig.severity)),
    fact('Gemeente', gemeenteName(sig.gemeente), 'gemeente'),
    fact('Aanbieder', h('a', { href: `#/aanbieders/${encodeURIComponent(sig.aanbieder)}`, testid: 'provider-link' }, aanbiederName(sig.aanbieder, sig.aanbieder_naam))),
    sig.toewijzing !== null && sig.toewijzing !== undefined ? fact('Toewijzing', String(sig.toewijzing)) : null,
    sig.product ? fact('Product', sig.product) : null,
    fact('Periode', period(sig.period_begin, sig.period_end), 'period'),
    fact('Actief', sig.active === false ? 'Nee, wordt niet meer gesignaleerd' : 'Ja'),
    fact('Eerst gezien', dateTime(sig.first_seen)),
    fact('Laatst gezien', dateTime(sig.last_seen)),
    fact('Zaken', cases, 'cases'));

  const figures = h('table', { class: 'grid compact', testid: 'figures' },
    h('caption', { class: 'visually-hidden' }, 'Cijfers en drempels'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Omschrijving'), h('th', { scope: 'col', class: 'num' }, 'Waarde'), h('th', { scope: 'col', class: 'num' }, 'Drempel'))),
    h('tbody', null, (sig.figures || []).length
      ? sig.figures.map((f) => h('tr', { testid: 'figure-row', dataset: { name: f.name || '' } },
        h('th', { scope: 'row' }, f.label || f.name),
        h('td', { class: 'num' }, figure(f.value)),
        h('td', { class: 'num' }, figure(f.threshold))))
      : h('tr', null, h('td', { colspan: 3, class: 'empty' }, 'Geen cijfers.'))));

  const messages = h('table', { class: 'grid compact', testid: 'evidence' },
    h('caption', { class: 'visually-hidden' }, 'Berichten die het signaal onderbouwen'),
    h('thead', null, h('tr', null,
      h('th', { scope: 'col', class: 'num' }, 'Id'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Identificatie'),
      h('th', { scope: 'col' }, 'Dagtekening'), h('th', { scope: 'col' }, 'Ontvangen'))),
    h('tbody', null, (sig.messages || []).length
      ? sig.messages.map((m) => h('tr', { testid: 'evidence-row' },
        h('td', { class: 'num' }, String(m.id)), h('td', null, m.type || '—'), h('td', { class: 'mono' }, m.identificatie || '—'),
        h('td', null, date(m.dagtekening) || '—'), h('td', null, dateTime(m.received_at))))
      : h('tr', null, h('td', { colspan: 5, class: 'empty' }, 'Geen berichten.'))));

  const clientsBlock = clientsSection(sig);

  const newCase = h('button', { type: 'button', class: 'primary', testid: 'signal-new-case' }, 'Nieuwe zaak');
  const toCase = h('button', { type: 'button', class: 'secondary', testid: 'signal-add-to-case' }, 'Toevoegen aan zaak');
  newCase.addEventListener('click', async () => {
    const c = await createCaseFrom([sig.id], `${sig.rule_title || sig.rule} — ${sig.aanbieder_naam || sig.aanbieder}`);
    if (c) location.hash = `#/zaken/${c.id}`;
  });
  toCase.addEventListener('click', async () => {
    const c = await addToCase([sig.id], sig.aanbieder);
    if (c) location.hash = `#/zaken/${c.id}`;
  });

  clear(main).append(
    backLink(),
    h('div', { class: 'title-row' },
      h('h1', { testid: 'signal-title' }, severityBadge(sig.severity), ' ', sig.rule_title || sig.rule),
      h('div', { class: 'actions' }, toCase, newCase)),
    h('p', { class: 'muted mono', testid: 'signal-id' }, sig.id),
    h('p', { class: 'explanation', testid: 'signal-explanation' }, sig.explanation || ''),
    h('div', { class: 'two-col' },
      h('div', null,
        h('section', { 'aria-labelledby': 'h-gegevens' }, h('h2', { id: 'h-gegevens' }, 'Gegevens'), facts,
          h('details', { class: 'help', testid: 'rule-help' }, h('summary', null, 'Wat betekent deze regel?'),
            h('p', null, ruleHelp(sig.rule, rule?.description)), h('p', { class: 'muted' }, SIGNAL_NOTE))),
        h('section', { 'aria-labelledby': 'h-berichten' }, h('h2', { id: 'h-berichten' }, 'Onderbouwing'), messages)),
      h('div', null,
        h('section', { 'aria-labelledby': 'h-cijfers' }, h('h2', { id: 'h-cijfers' }, 'Cijfers en drempels'), figures),
        clientsBlock)),
  );
}

function fact(label, value, testid) {
  return [h('dt', null, label), h('dd', { testid: testid ? `fact-${testid}` : undefined }, value)];
}

function backLink() {
  return h('p', { class: 'back' }, h('a', { href: queueHash(), testid: 'back-to-queue' }, '← Terug naar signalen'));
}

// The clients with masked BSNs, and "Toon BSN": the reveal is audited; the BSN is shown in the
// page only (never in the URL, the console or storage) and gone when the officer leaves.
function clientsSection(sig) {
  const clients = sig.clients || [];
  const note = h('p', { class: 'audit-note', testid: 'reveal-note', role: 'status', hidden: true });
  const cells = new Map();
  const rows = clients.map((c) => {
    const cell = h('td', { class: 'mono', testid: 'bsn' }, c.bsn_masked || '—');
    cells.set(c.pseudonym, cell);
    return h('tr', { testid: 'client-row' }, h('td', { class: 'mono' }, c.pseudonym || '—'), cell);
  });
  const reveal = h('button', { type: 'button', class: 'secondary', testid: 'reveal-bsn' }, 'Toon BSN');
  let shown = false;
  reveal.addEventListener('click', async () => {
    if (shown) {
      for (const c of clients) cells.get(c.pseudonym).textContent = c.bsn_masked || '—';
      shown = false;
      reveal.textContent = 'Toon BSN';
      note.hidden = true;
      return;
    }
    reveal.disabled = true;
    try {
      const answer = await post(`/v1/signals/${encodeURIComponent(sig.id)}/reveal`, {});
      for (const c of answer.clients || []) {
        const cell = cells.get(c.pseudonym);
        if (cell) cell.textContent = c.bsn;
      }
      shown = true;
      reveal.textContent = 'Verberg BSN';
      note.textContent = 'Inzage is vastgelegd in het auditlog.';
      note.hidden = false;
    } catch (e) {
      announceError(e);
    } finally {
      reveal.disabled = false;
    }
  });
  // The revealed BSNs leave the page with the officer.
  window.addEventListener('hashchange', () => { for (const cell of cells.values()) cell.textContent = ''; }, { once: true });

  return h('section', { 'aria-labelledby': 'h-clienten', testid: 'clients' },
    h('div', { class: 'title-row start' }, h('h2', { id: 'h-clienten' }, 'Cliënten'), clients.length ? reveal : null),
    clients.length
      ? h('table', { class: 'grid compact narrow' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Pseudoniem'), h('th', { scope: 'col' }, 'BSN'))),
        h('tbody', null, rows))
      : h('p', { class: 'muted' }, 'Dit signaal gaat over de aanbieder als geheel, niet over cliënten.'),
    note);
}
