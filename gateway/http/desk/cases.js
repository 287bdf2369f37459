// The case board (#/zaken?behandelaar=..&gemeente=..) and one case (#/zaken/3).
import { get, post, request, withQuery, dutchError } from './api.js';
import {
  h, clear, dateTime, period, severityBadge, maskedClients, statusBadge, plural, STATUS_LABEL,
} from './format.js';
import {
  announce, announceError, learnCase, learnSignal, names, fillDatalist, gemeenteName, aanbiederName, officerName,
  loading, errorBlock,
} from './ui.js';

const COLUMNS = ['nieuw', 'in_onderzoek', 'gegrond', 'ongegrond', 'afgesloten'];

// The moves of the workflow (docs/api.md): what the desk offers, per status.
const MOVES = {
  nieuw: [{ to: 'in_onderzoek', label: 'In onderzoek nemen' }],
  in_onderzoek: [
    { to: 'gegrond', label: 'Gegrond verklaren', decision: true },
    { to: 'ongegrond', label: 'Ongegrond verklaren', decision: true },
  ],
  gegrond: [{ to: 'afgesloten', label: 'Afsluiten' }, { to: 'in_onderzoek', label: 'Heropenen' }],
  ongegrond: [{ to: 'afgesloten', label: 'Afsluiten' }, { to: 'in_onderzoek', label: 'Heropenen' }],
  afgesloten: [],
};

// --- the board --------------------------------------------------------------------------------

export async function renderBoard(main, query) {
  const assignee = query.get('behandelaar') || '';
  const gemeente = query.get('gemeente') || '';

  const assigneeList = h('datalist', { id: 'assignee-list' });
  const gemeenteList = h('datalist', { id: 'case-gemeente-list' });
  const inAssignee = h('input', { id: 'z-behandelaar', list: 'assignee-list', value: assignee, autocomplete: 'off', testid: 'board-assignee' });
  const inGemeente = h('input', {
    id: 'z-gemeente', list: 'case-gemeente-list', value: gemeente, inputmode: 'numeric', pattern: '\\d{4}',
    title: 'CBS-code, vier cijfers', placeholder: 'CBS-code', autocomplete: 'off', testid: 'board-gemeente',
  });
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Zaken filteren', testid: 'board-filters' },
    h('div', { class: 'field' }, h('label', { for: 'z-behandelaar' }, 'Behandelaar'), inAssignee), assigneeList,
    h('div', { class: 'field' }, h('label', { for: 'z-gemeente' }, 'Gemeente'), inGemeente), gemeenteList,
    h('div', { class: 'field field-buttons' },
      h('button', { type: 'submit', class: 'primary', testid: 'board-apply' }, 'Filteren'),
      officerName()
        ? h('button', { type: 'button', class: 'secondary', testid: 'board-mine', onclick: () => go(officerName(), inGemeente.value.trim()) }, 'Mijn zaken')
        : null,
      h('button', { type: 'button', class: 'secondary', onclick: () => go('', '') }, 'Wissen')));
  function go(a, g) {
    const q = new URLSearchParams();
    if (a) q.set('behandelaar', a);
    if (g) q.set('gemeente', g);
    const target = q.toString() ? `#/zaken?${q}` : '#/zaken';
    if (target === location.hash) renderBoard(main, q);
    else location.hash = target;
  }
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!form.reportValidity()) return;
    go(inAssignee.value.trim(), inGemeente.value.trim());
  });

  const board = h('div', { class: 'board', testid: 'case-board' });
  const count = h('p', { class: 'count', testid: 'case-count', 'aria-live': 'polite' }, 'Laden…');
  clear(main).append(h('h1', null, 'Zaken'), form, count, board);

  let cases;
  try {
    cases = (await get(withQuery('/v1/cases', { assignee, gemeente }))).cases || [];
  } catch (e) {
    count.textContent = '';
    board.append(errorBlock(e));
    return;
  }
  if (!main.isConnected) return;
  for (const c of cases) learnCase(c);
  fillDatalist(assigneeList, names.assignee);
  fillDatalist(gemeenteList, names.gemeente);
  count.textContent = plural(cases.length, 'zaak', 'zaken');

  for (const status of COLUMNS) {
    const mine = cases.filter((c) => c.status === status).sort((a, b) => String(b.updated_at).localeCompare(String(a.updated_at)));
    board.append(h('section', { class: `column column-${status}`, testid: `column-${status}`, 'aria-labelledby': `col-${status}` },
      h('h2', { id: `col-${status}` }, STATUS_LABEL[status], h('span', { class: 'column-count' }, String(mine.length))),
      mine.length
        ? h('ul', { class: 'cards' }, mine.map((c) => h('li', null, caseCard(c))))
        : h('p', { class: 'muted empty' }, 'Geen zaken')));
  }
}

function caseCard(c) {
  return h('a', { class: 'card', href: `#/zaken/${c.id}`, testid: 'case-card', dataset: { id: String(c.id), status: c.status } },
    h('span', { class: 'card-title' }, c.title),
    h('span', { class: 'card-line' }, aanbiederName(c.aanbieder, c.aanbieder_naam)),
    h('span', { class: 'card-line muted' }, c.assignee ? `Behandelaar: ${c.assignee}` : 'Niet toegewezen'),
    h('span', { class: 'card-line muted' }, `${plural(c.signal_count ?? 0, 'signaal', 'signalen')} · zaak ${c.id} · ${gemeenteName(c.gemeente)}`));
}

// --- one case -----------------------------------------------------------------------------------

export async function renderCase(main, id) {
  clear(main).append(loading());
  let c;
  try {
    c = await get(`/v1/cases/${encodeURIComponent(id)}`);
  } catch (e) {
    clear(main).append(boardLink(), errorBlock(e));
    return;
  }
  if (!main.isConnected) return;
  drawCase(main, c);
}

function boardLink() {
  return h('p', { class: 'back' }, h('a', { href: '#/zaken', testid: 'back-to-board' }, '← Terug naar zaken'));
}

function drawCase(main, c, refocus = false) {
  const focusedTestid = document.activeElement?.getAttribute?.('data-testid');
  learnCase(c);
  for (const sig of c.signals || []) learnSignal(sig);
  const closed = c.status === 'afgesloten';
  // Reloads the case after a change that answers with something else than the case.
  const reload = async () => {
    try {
      drawCase(main, await get(`/v1/cases/${encodeURIComponent(c.id)}`), true);
    } catch (e) {
      announceError(e);
    }
  };
  const redraw = (next) => (next && next.id !== undefined && next.status ? drawCase(main, next, true) : reload());

  clear(main).append(
    boardLink(),
    h('div', { class: 'title-row' },
      h('h1', { testid: 'case-title', tabindex: '-1' }, `Zaak ${c.id}: ${c.title}`),
      h('div', { class: 'actions' }, exportButton(c, 'json', 'Exporteer JSON'), exportButton(c, 'csv', 'Exporteer CSV'))),
    h('div', { class: 'case-layout' },
      h('div', { class: 'case-main' },
        summary(c),
        statusSection(c, redraw),
        signalsSection(c),
        notesSection(c, closed, reload),
        attachmentsSection(c, closed, reload)),
      h('div', { class: 'case-side' },
        assigneeSection(c, closed, redraw),
        logSection(c))),
  );
  if (refocus) {
    // Keep the keyboard where it was: the same control, or else the status heading.
    const again = focusedTestid && main.querySelector(`[data-testid="${focusedTestid}"]`);
    (again || main.querySelector('#h-status') || main.querySelector('h1'))?.focus();
  }
}

function summary(c) {
  return h('dl', { class: 'facts', testid: 'case-facts' },
    h('dt', null, 'Status'), h('dd', null, statusBadge(c.status)),
    h('dt', null, 'Aanbieder'), h('dd', null, h('a', { href: `#/aanbieders/${encodeURIComponent(c.aanbieder)}`, testid: 'case-provider-link' }, aanbiederName(c.aanbieder, c.aanbieder_naam))),
    h('dt', null, 'Gemeente'), h('dd', null, named2(c.gemeente_naam, c.gemeente)),
    h('dt', null, 'Aangemaakt'), h('dd', null, `${dateTime(c.created_at)} door ${c.created_by || '—'}`),
    h('dt', null, 'Bijgewerkt'), h('dd', null, dateTime(c.updated_at)),
    c.decision ? [h('dt', null, 'Besluit'), h('dd', { testid: 'case-decision', class: 'pre' }, c.decision)] : null);
}

function named2(name, code) {
  return name ? `${name} (${code})` : gemeenteName(code);
}

function statusSection(c, redraw) {
  const moves = MOVES[c.status] || [];
  const section = h('section', { class: 'panel', 'aria-labelledby': 'h-status', testid: 'status-actions' }, h('h2', { id: 'h-status', tabindex: '-1' }, 'Status wijzigen'));
  if (moves.length === 0) {
    section.append(h('p', { class: 'muted' }, 'Deze zaak is afgesloten; de status kan niet meer veranderen.'));
    return section;
  }
  const needsDecision = moves.some((m) => m.decision);
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true, testid: 'status-error' });
  const decision = needsDecision
    ? h('textarea', { id: 'motivering', rows: 4, testid: 'motivering', 'aria-describedby': 'motivering-hint' })
    : null;
  const buttons = moves.map((m) => {
    const primary = m.decision || c.status === 'nieuw' || m.to === 'afgesloten';
    const b = h('button', { type: 'button', class: primary ? 'primary' : 'secondary', testid: `status-${m.to}`, dataset: { to: m.to } }, m.label);
    b.addEventListener('click', async () => {
      error.hidden = true;
      const body = { status: m.to };
      if (m.decision) {
        const text = decision.value.trim();
        if (!text) {
          error.textContent = `Geef een motivering om de zaak ${STATUS_LABEL[m.to].toLowerCase()} te verklaren.`;
          error.hidden = false;
          decision.setAttribute('aria-invalid', 'true');
          decision.focus();
          return;
        }
        body.decision = text;
      }
      for (const x of buttons) x.disabled = true;
      try {
        const next = await post(`/v1/cases/${encodeURIComponent(c.id)}/status`, body);
        announce(`Zaak ${c.id} is nu ${STATUS_LABEL[next.status].toLowerCase()}.`, 'success');
        redraw(next);
      } catch (e) {
        error.textContent = dutchError(e);
        error.hidden = false;
        for (const x of buttons) x.disabled = false;
      }
    });
    return b;
  });
  if (decision) {
    section.append(h('div', { class: 'field' },
      h('label', { for: 'motivering' }, 'Motivering', h('span', { class: 'req' }, ' *')),
      decision,
      h('p', { id: 'motivering-hint', class: 'hint' }, 'Verplicht bij gegrond of ongegrond; komt in het besluit en het logboek.')));
  }
  section.append(error, h('div', { class: 'actions' }, buttons));
  return section;
}

function signalsSection(c) {
  const list = c.signals || [];
  return h('section', { class: 'panel', 'aria-labelledby': 'h-zaak-signalen' },
    h('div', { class: 'title-row' },
      h('h2', { id: 'h-zaak-signalen' }, `Signalen (${list.length})`),
      c.status !== 'afgesloten'
        ? h('a', { href: `#/signalen?aanbieder=${encodeURIComponent(c.aanbieder)}&status=open`, class: 'button-link secondary' }, 'Signalen toevoegen…')
        : null),
    h('table', { class: 'grid compact', testid: 'case-signals' },
      h('thead', null, h('tr', null, ['Ernst', 'Regel', 'Periode', 'Cliënt', 'Toelichting'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, list.length
        ? list.map((sig) => h('tr', { testid: 'case-signal-row', dataset: { id: sig.id } },
          h('td', null, severityBadge(sig.severity)),
          h('td', null, h('a', { href: `#/signalen/${encodeURIComponent(sig.id)}` }, sig.rule_title || sig.rule)),
          h('td', { class: 'nowrap' }, period(sig.period_begin, sig.period_end)),
          h('td', { class: 'mono nowrap' }, maskedClients(sig.clients)),
          h('td', { class: 'truncate', title: sig.explanation || '' }, h('span', { class: 'truncate-text' }, sig.explanation || ''))))
        : h('tr', null, h('td', { colspan: 5, class: 'empty' }, 'Geen signalen.')))));
}

function notesSection(c, closed, reload) {
  const notes = c.notes || [];
  const section = h('section', { class: 'panel', 'aria-labelledby': 'h-notities' },
    h('h2', { id: 'h-notities' }, `Notities (${notes.length})`),
    notes.length
      ? h('ol', { class: 'notes', testid: 'notes' }, notes.map((n) => h('li', { testid: 'note' },
        h('p', { class: 'note-meta muted' }, `${n.author} · ${dateTime(n.at)}`),
        h('p', { class: 'pre' }, n.text))))
      : h('p', { class: 'muted' }, 'Nog geen notities.'));
  if (closed) return section;
  const text = h('textarea', { id: 'note-text', rows: 3, testid: 'note-text' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const form = h('form', { class: 'inline-form', testid: 'note-form' },
    h('div', { class: 'field' }, h('label', { for: 'note-text' }, 'Nieuwe notitie'), text),
    error,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', testid: 'note-submit' }, 'Notitie toevoegen')));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = text.value.trim();
    if (!v) {
      error.textContent = 'Schrijf eerst een notitie.';
      error.hidden = false;
      text.focus();
      return;
    }
    try {
      await post(`/v1/cases/${encodeURIComponent(c.id)}/notes`, { text: v });
      announce('Notitie toegevoegd.', 'success');
      await reload();
    } catch (e) {
      error.textContent = dutchError(e);
      error.hidden = false;
    }
  });
  section.append(form);
  return section;
}

function attachmentsSection(c, closed, reload) {
  const list = c.attachments || [];
  const section = h('section', { class: 'panel', 'aria-labelledby': 'h-bijlagen' },
    h('h2', { id: 'h-bijlagen' }, `Bijlagen (${list.length})`),
    h('p', { class: 'muted' }, 'Documenten staan elders (DMS, dossier); hier staat de verwijzing.'),
    list.length
      ? h('table', { class: 'grid compact', testid: 'attachments' },
        h('thead', null, h('tr', null, ['Verwijzing', 'Omschrijving', 'Toegevoegd'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, list.map((a) => h('tr', { testid: 'attachment' },
          h('td', { class: 'mono' }, a.reference), h('td', null, a.label || '—'), h('td', null, `${a.author} · ${dateTime(a.at)}`)))))
      : null);
  if (closed) return section;
  const ref = h('input', { id: 'att-ref', type: 'text', autocomplete: 'off', testid: 'attachment-reference', placeholder: 'bijv. DMS-2026-0042' });
  const label = h('input', { id: 'att-label', type: 'text', autocomplete: 'off', testid: 'attachment-label', placeholder: 'bijv. Rapport huisbezoek' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const form = h('form', { class: 'inline-form row-form', testid: 'attachment-form' },
    h('div', { class: 'field' }, h('label', { for: 'att-ref' }, 'Verwijzing', h('span', { class: 'req' }, ' *')), ref),
    h('div', { class: 'field' }, h('label', { for: 'att-label' }, 'Omschrijving'), label),
    h('div', { class: 'field field-buttons' }, h('button', { type: 'submit', class: 'secondary', testid: 'attachment-submit' }, 'Bijlage toevoegen')),
    error);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!ref.value.trim()) {
      error.textContent = 'Vul een verwijzing in.';
      error.hidden = false;
      ref.focus();
      return;
    }
    try {
      await post(`/v1/cases/${encodeURIComponent(c.id)}/attachments`, { reference: ref.value.trim(), label: label.value.trim() });
      announce('Bijlage toegevoegd.', 'success');
      await reload();
    } catch (e) {
      error.textContent = dutchError(e);
      error.hidden = false;
    }
  });
  section.append(form);
  return section;
}

function assigneeSection(c, closed, redraw) {
  const section = h('section', { class: 'panel', 'aria-labelledby': 'h-behandelaar' }, h('h2', { id: 'h-behandelaar' }, 'Behandelaar'));
  if (closed) {
    section.append(h('p', { testid: 'case-assignee' }, c.assignee || 'Niet toegewezen'));
    return section;
  }
  const list = h('datalist', { id: 'assign-list' });
  fillDatalist(list, names.assignee);
  const input = h('input', { id: 'assignee', type: 'text', list: 'assign-list', value: c.assignee || '', autocomplete: 'off', testid: 'case-assignee' });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const save = async (value) => {
    try {
      const next = await post(`/v1/cases/${encodeURIComponent(c.id)}/assign`, { assignee: value || null });
      announce(value ? `Zaak ${c.id} is toegewezen aan ${value}.` : `Zaak ${c.id} heeft geen behandelaar meer.`, 'success');
      redraw(next);
    } catch (e) {
      error.textContent = dutchError(e);
      error.hidden = false;
    }
  };
  const form = h('form', { class: 'inline-form', testid: 'assign-form' },
    h('div', { class: 'field' }, h('label', { for: 'assignee' }, 'Naam'), input), list,
    error,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'secondary', testid: 'assign-submit' }, 'Opslaan'),
      officerName() && officerName() !== c.assignee
        ? h('button', { type: 'button', class: 'link', onclick: () => save(officerName()) }, 'Aan mij toewijzen')
        : null));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    save(input.value.trim());
  });
  section.append(form);
  return section;
}

// --- the audit trail of the case ---------------------------------------------------------------

const ACTIONS = {
  'case.create': 'Zaak aangemaakt',
  'case.view': 'Zaak bekeken',
  'case.status': 'Status gewijzigd',
  'case.assign': 'Behandelaar gewijzigd',
  'case.note': 'Notitie toegevoegd',
  'case.signals': 'Signalen toegevoegd',
  'case.attachment': 'Bijlage toegevoegd',
  'case.export': 'Zaak geëxporteerd',
};
const READS = new Set(['case.view', 'case.export']);

function describe(e) {
  const d = e.detail || {};
  const what = ACTIONS[e.action] || e.action;
  switch (e.action) {
    case 'case.status': {
      const text = `${what}: ${STATUS_LABEL[d.from] || d.from || '?'} → ${STATUS_LABEL[d.to] || d.to || '?'}`;
      return d.decision ? [text, h('span', { class: 'log-detail pre' }, `Motivering: ${d.decision}`)] : text;
    }
    case 'case.assign':
      return `${what}: ${d.from || 'niemand'} → ${d.to || 'niemand'}`;
    case 'case.create':
      return d.title ? `${what}: “${d.title}”` : what;
    case 'case.signals':
      return Array.isArray(d.signals) ? `${what}: ${d.signals.join(', ')}` : what;
    case 'case.attachment':
      return d.reference ? `${what}: ${d.reference}` : what;
    case 'case.export':
      return `${what} (${String(d.format || 'json').toUpperCase()}${d.include_bsn ? ', met BSN' : ''})`;
    default:
      return what;
  }
}

function logSection(c) {
  const events = c.events || [];
  const showReads = h('input', { type: 'checkbox', id: 'log-reads', testid: 'log-show-reads' });
  const body = h('ol', { class: 'log', testid: 'case-log' });
  const draw = () => {
    clear(body);
    const shown = events.filter((e) => showReads.checked || !READS.has(e.action));
    for (const e of [...shown].reverse()) {
      body.append(h('li', { testid: 'log-entry', dataset: { action: e.action } },
        h('p', { class: 'log-what' }, describe(e)),
        h('p', { class: 'log-meta muted' }, h('time', { datetime: e.at }, dateTime(e.at)), ' · ', e.principal)));
    }
    if (shown.length === 0) body.append(h('li', { class: 'muted' }, 'Nog geen wijzigingen.'));
  };
  showReads.addEventListener('change', draw);
  draw();
  return h('section', { class: 'panel', 'aria-labelledby': 'h-logboek' },
    h('h2', { id: 'h-logboek' }, 'Logboek'),
    h('div', { class: 'check' }, showReads, h('label', { for: 'log-reads' }, 'Ook raadplegingen en exports tonen')),
    body);
}

// --- export -----------------------------------------------------------------------------------

function exportButton(c, format, label) {
  const b = h('button', { type: 'button', class: 'secondary', testid: `export-${format}` }, label);
  b.addEventListener('click', async () => {
    b.disabled = true;
    try {
      const res = await request('GET', withQuery(`/v1/cases/${encodeURIComponent(c.id)}/export`, { format }), undefined, { raw: true });
      const blob = await res.blob();
      const disposition = res.headers.get('Content-Disposition') || '';
      const m = /filename="?([^";]+)"?/.exec(disposition);
      const name = m ? m[1] : `zaak-${c.id}.${format}`;
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: name, class: 'visually-hidden' }, name);
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      announce(`Export ${name} is gedownload; de export is vastgelegd in het auditlog.`, 'success');
    } catch (e) {
      announceError(e);
    } finally {
      b.disabled = false;
    }
  });
  return b;
}
