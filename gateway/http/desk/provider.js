// The provider profile (#/aanbieders/98000011[?gemeente=0344]).
import { get, withQuery } from './api.js';
import { h, clear, euro, number, month, period, severityBadge, maskedClients, plural } from './format.js';
import { barChart, lineChart } from './charts.js';
import { learnSignal, gemeenteName, loading, errorBlock } from './ui.js';
import { queueHash } from './signals.js';

export async function renderProvider(main, agb, query) {
  clear(main).append(loading());
  const gemeente = query.get('gemeente') || '';
  let p;
  try {
    p = await get(withQuery(`/v1/providers/${encodeURIComponent(agb)}`, { gemeente }));
  } catch (e) {
    clear(main).append(h('p', { class: 'back' }, h('a', { href: queueHash() }, '← Terug naar signalen')), errorBlock(e));
    return;
  }
  if (!main.isConnected) return;
  for (const sig of p.signals || []) learnSignal(sig);

  // The charts show the months with declarations (the ledger also has empty months for the whole
  // run of every toewijzing, and a signal's period may begin long before): leading and trailing
  // empty months are left out; signals of those months are mentioned below the chart.
  const allMonths = [...(p.months || [])].sort((a, b) => a.maand.localeCompare(b.maand));
  const busy = (m) => Boolean(m.declared || m.approved || m.rejected || m.clients);
  const first = allMonths.findIndex(busy);
  const last = allMonths.length - 1 - [...allMonths].reverse().findIndex(busy);
  const months = first === -1 ? allMonths.filter((m) => m.signals) : allMonths.slice(first, last + 1);
  const outside = allMonths.filter((m) => !months.includes(m)).reduce((n, m) => n + (m.signals || 0), 0);
  const labels = months.map((m) => month(m.maand, true));
  // Axis labels in whole euros: "€ 500", "€ 20k", "€ 1,5 mln".
  const euroAxis = (cents) => {
    const e = cents / 100;
    if (e >= 1e6) return `€ ${number(Math.round(e / 1e5) / 10)} mln`;
    if (e >= 1e4) return `€ ${number(Math.round(e / 100) / 10)}k`;
    return `€ ${number(Math.round(e))}`;
  };

  const gemeenteSelect = h('select', { id: 'p-gemeente', testid: 'provider-gemeente' },
    h('option', { value: '' }, 'Alle gemeenten'),
    (p.gemeenten || []).map((g) => h('option', { value: g }, gemeenteName(g))));
  gemeenteSelect.value = gemeente;
  gemeenteSelect.addEventListener('change', () => {
    const v = gemeenteSelect.value;
    location.hash = `#/aanbieders/${encodeURIComponent(agb)}${v ? `?gemeente=${encodeURIComponent(v)}` : ''}`;
  });

  const charts = months.length
    ? h('div', { class: 'charts' },
      h('section', { class: 'chart-card' }, h('h3', null, 'Gedeclareerd en goedgekeurd per maand'),
        barChart({
          title: 'Gedeclareerd en goedgekeurd bedrag per maand',
          rows: months.map((m, i) => ({ label: labels[i], values: [m.declared || 0, m.approved || 0] })),
          series: [{ label: 'Gedeclareerd', cls: 's-declared' }, { label: 'Goedgekeurd', cls: 's-approved' }],
          format: euroAxis,
          testid: 'chart-amounts',
        })),
      h('section', { class: 'chart-card' }, h('h3', null, 'Cliënten per maand'),
        lineChart({
          title: 'Cliënten per maand',
          rows: months.map((m, i) => ({ label: labels[i], value: m.clients || 0 })),
          label: 'Cliënten',
          cls: 's-clients',
          format: (v) => number(Math.round(v)),
          whole: true,
          testid: 'chart-clients',
        })),
      h('section', { class: 'chart-card' }, h('h3', null, 'Signalen per maand'),
        barChart({
          title: 'Signalen per maand (naar begin van de periode)',
          rows: months.map((m, i) => ({ label: labels[i], values: [m.signals || 0] })),
          series: [{ label: 'Signalen', cls: 's-signals' }],
          format: (v) => number(Math.round(v)),
          whole: true,
          testid: 'chart-signals',
        }),
        outside
          ? h('p', { class: 'hint', testid: 'signals-outside' },
            `${plural(outside, 'signaal begint', 'signalen beginnen')} buiten deze maanden (${month(allMonths.find((m) => m.signals && !months.includes(m))?.maand)}${outside > 1 ? ' e.a.' : ''}).`)
          : null))
    : h('p', { class: 'muted' }, 'Geen declaraties in deze periode.');

  const monthTable = h('details', { class: 'help' },
    h('summary', null, 'Cijfers per maand als tabel'),
    h('table', { class: 'grid compact', testid: 'provider-months' },
      h('thead', null, h('tr', null, ['Maand', 'Gedeclareerd', 'Goedgekeurd', 'Afgewezen', 'Cliënten', 'Signalen']
        .map((t, i) => h('th', { scope: 'col', class: i ? 'num' : undefined }, t)))),
      h('tbody', null, months.map((m) => h('tr', null,
        h('th', { scope: 'row' }, month(m.maand)),
        h('td', { class: 'num' }, euro(m.declared || 0)),
        h('td', { class: 'num' }, euro(m.approved || 0)),
        h('td', { class: 'num' }, euro(m.rejected || 0)),
        h('td', { class: 'num' }, number(m.clients || 0)),
        h('td', { class: 'num' }, number(m.signals || 0)))))));

  const byRule = h('table', { class: 'grid compact', testid: 'signals-by-rule' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Regel'), h('th', { scope: 'col', class: 'num' }, 'Signalen'))),
    h('tbody', null, (p.signals_by_rule || []).length
      ? p.signals_by_rule.map((r) => h('tr', null,
        h('th', { scope: 'row' }, h('a', { href: `#/signalen?aanbieder=${encodeURIComponent(agb)}&regel=${encodeURIComponent(r.rule)}` }, r.title || r.rule)),
        h('td', { class: 'num' }, number(r.count))))
      : h('tr', null, h('td', { colspan: 2, class: 'empty' }, 'Geen signalen.'))));

  const total = p.signal_total ?? (p.signals || []).length;
  const list = h('ul', { class: 'signal-list', testid: 'provider-signals' },
    (p.signals || []).map((sig) => h('li', null,
      severityBadge(sig.severity), ' ',
      h('a', { href: `#/signalen/${encodeURIComponent(sig.id)}` }, sig.rule_title || sig.rule),
      h('span', { class: 'muted' }, ` · ${sig.gemeente_naam || sig.gemeente} · ${period(sig.period_begin, sig.period_end)} · ${maskedClients(sig.clients)}`),
      (sig.cases || []).length ? h('span', { class: 'muted' }, ` · zaak ${sig.cases.join(', ')}`) : null)));

  const totals = months.reduce((t, m) => ({
    declared: t.declared + (m.declared || 0), approved: t.approved + (m.approved || 0), rejected: t.rejected + (m.rejected || 0),
  }), { declared: 0, approved: 0, rejected: 0 });

  clear(main).append(
    h('p', { class: 'back' }, h('a', { href: queueHash() }, '← Terug naar signalen')),
    h('div', { class: 'title-row' },
      h('h1', { testid: 'provider-name' }, p.naam || p.aanbieder),
      h('div', { class: 'field inline' }, h('label', { for: 'p-gemeente' }, 'Gemeente'), gemeenteSelect)),
    h('dl', { class: 'facts wide', testid: 'provider-facts' },
      h('dt', null, 'AGB-code'), h('dd', { class: 'mono' }, p.aanbieder),
      h('dt', null, 'Gemeenten'), h('dd', { testid: 'provider-gemeenten' }, (p.gemeenten || []).map(gemeenteName).join(', ') || '—'),
      h('dt', null, 'Gedeclareerd'), h('dd', null, euro(totals.declared)),
      h('dt', null, 'Goedgekeurd'), h('dd', null, euro(totals.approved)),
      h('dt', null, 'Afgewezen'), h('dd', null, euro(totals.rejected)),
      h('dt', null, 'Signalen'), h('dd', null, h('a', { href: `#/signalen?aanbieder=${encodeURIComponent(agb)}` }, plural(total, 'signaal', 'signalen')))),
    charts,
    monthTable,
    h('div', { class: 'two-col' },
      h('section', { 'aria-labelledby': 'h-per-regel' }, h('h2', { id: 'h-per-regel' }, 'Signalen per regel'), byRule),
      h('section', { 'aria-labelledby': 'h-signalen' },
        h('h2', { id: 'h-signalen' }, 'Signalen'),
        total > (p.signals || []).length
          ? h('p', { class: 'muted' }, `De eerste ${(p.signals || []).length} van ${number(total)}; `,
            h('a', { href: `#/signalen?aanbieder=${encodeURIComponent(agb)}` }, 'alle signalen in de wachtrij'))
          : null,
        list)),
  );
}
