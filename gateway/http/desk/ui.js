// Shared pieces of the desk's screens: status messages, names seen, dialogs for cases.
import { get, post, dutchError, officer } from './api.js';
import { h, clear, named, STATUS_LABEL } from './format.js';

// --- status messages (aria-live) -------------------------------------------------------------

let statusTimer = 0;
// A short message for screen readers and sighted users alike; errors stay until the next one.
export function announce(text, kind = 'info') {
  const el = document.getElementById('status');
  if (!el) return;
  clearTimeout(statusTimer);
  el.className = `status-bar status-${kind}`;
  el.textContent = text;
  el.hidden = !text;
  if (kind !== 'error' && text) {
    statusTimer = setTimeout(() => {
      el.hidden = true;
      el.textContent = '';
    }, 6000);
  }
}

export function announceError(e) {
  announce(dutchError(e), 'error');
}

// --- names of gemeenten and aanbieders, learnt from every answer ----------------------------

export const names = { gemeente: new Map(), aanbieder: new Map(), assignee: new Set() };

export function learnSignal(sig) {
  if (sig.gemeente) names.gemeente.set(sig.gemeente, sig.gemeente_naam || names.gemeente.get(sig.gemeente) || '');
  if (sig.aanbieder) names.aanbieder.set(sig.aanbieder, sig.aanbieder_naam || names.aanbieder.get(sig.aanbieder) || '');
}

export function learnCase(c) {
  if (c.gemeente && !names.gemeente.has(c.gemeente)) names.gemeente.set(c.gemeente, c.gemeente_naam || '');
  if (c.gemeente_naam) names.gemeente.set(c.gemeente, c.gemeente_naam);
  if (c.aanbieder && c.aanbieder_naam) names.aanbieder.set(c.aanbieder, c.aanbieder_naam);
  if (c.assignee) names.assignee.add(c.assignee);
}

export function gemeenteName(code) {
  return named(names.gemeente.get(code), code);
}
export function aanbiederName(code, given) {
  return named(given || names.aanbieder.get(code), code);
}

// Fills a <datalist> with the codes seen, labelled with their names.
export function fillDatalist(list, map) {
  clear(list);
  const entries = map instanceof Map ? [...map.entries()] : [...map].map((v) => [v, '']);
  entries.sort((a, b) => (a[1] || a[0]).localeCompare(b[1] || b[0], 'nl'));
  for (const [code, name] of entries) list.append(h('option', { value: code, label: name || code }));
}

// The officer's own name: the token label, without the principal in brackets ("" without a label).
export function officerName() {
  const m = /^(.*) \(([^()]*)\)$/.exec(officer());
  return m ? m[1] : '';
}

// --- a modal dialog with a form --------------------------------------------------------------

// Opens a <dialog> with the given fields; resolves with the form's values, or null when cancelled.
// fields: [{name, label, type: 'text'|'textarea'|'select', required, options: [{value, label}], value}]
export function formDialog({ title, intro, fields, submit, testid }) {
  return new Promise((resolve) => {
    const error = h('p', { class: 'form-error', role: 'alert', testid: 'dialog-error', hidden: true });
    const inputs = {};
    const rows = fields.map((f) => {
      const id = `dlg-${f.name}`;
      let input;
      if (f.type === 'textarea') input = h('textarea', { id, name: f.name, rows: 4, required: f.required });
      else if (f.type === 'select') {
        input = h('select', { id, name: f.name, required: f.required },
          f.options.map((o) => h('option', { value: o.value }, o.label)));
      } else input = h('input', { id, name: f.name, type: 'text', required: f.required, autocomplete: 'off' });
      if (f.value !== undefined) input.value = f.value;
      input.setAttribute('data-testid', `dialog-${f.name}`);
      inputs[f.name] = input;
      return h('div', { class: 'field' }, h('label', { for: id }, f.label, f.required ? h('span', { class: 'req' }, ' *') : ''), input);
    });
    const form = h('form', { class: 'dialog-form', method: 'dialog' },
      h('h2', null, title),
      intro ? h('p', { class: 'muted' }, intro) : null,
      rows,
      error,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary', testid: 'dialog-submit' }, submit || 'Opslaan'),
        h('button', { type: 'button', class: 'secondary', testid: 'dialog-cancel', value: 'cancel' }, 'Annuleren')));
    const dialog = h('dialog', { class: 'dialog', testid: testid || 'dialog', 'aria-label': title }, form);
    let done = false;
    const finish = (value) => {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const values = {};
      for (const f of fields) {
        const v = inputs[f.name].value.trim();
        if (f.required && !v) {
          error.textContent = `Vul "${f.label}" in.`;
          error.hidden = false;
          inputs[f.name].focus();
          return;
        }
        values[f.name] = v;
      }
      finish(values);
    });
    form.querySelector('[value=cancel]').addEventListener('click', () => finish(null));
    dialog.addEventListener('cancel', (ev) => {
      ev.preventDefault();
      finish(null);
    });
    document.body.append(dialog);
    dialog.showModal();
    (Object.values(inputs)[0] || form.querySelector('button')).focus();
  });
}

// Asks a title and makes a case of the given signals; resolves with the case, or null.
export async function createCaseFrom(signalIds, suggestion = '') {
  const values = await formDialog({
    title: 'Nieuwe zaak',
    intro: signalIds.length === 1 ? 'Een zaak met dit signaal.' : `Een zaak met ${signalIds.length} signalen.`,
    fields: [
      { name: 'title', label: 'Titel van de zaak', required: true, value: suggestion },
      { name: 'assignee', label: 'Behandelaar (optioneel)', value: officerName() },
    ],
    submit: 'Zaak aanmaken',
    testid: 'new-case-dialog',
  });
  if (!values) return null;
  try {
    const body = { title: values.title, signals: signalIds };
    if (values.assignee) body.assignee = values.assignee;
    const c = await post('/v1/cases', body);
    announce(`Zaak ${c.id} is aangemaakt.`, 'success');
    return c;
  } catch (e) {
    announceError(e);
    return null;
  }
}

// Lets the officer pick an open case and adds the signals to it; resolves with the case, or null.
export async function addToCase(signalIds, preferAanbieder) {
  let cases;
  try {
    cases = (await get('/v1/cases')).cases.filter((c) => c.status !== 'afgesloten');
  } catch (e) {
    announceError(e);
    return null;
  }
  if (cases.length === 0) {
    announce('Er zijn geen open zaken. Maak een nieuwe zaak aan.', 'error');
    return null;
  }
  cases.sort((a, b) => (b.aanbieder === preferAanbieder) - (a.aanbieder === preferAanbieder) || b.id - a.id);
  const values = await formDialog({
    title: 'Toevoegen aan zaak',
    fields: [{
      name: 'case',
      label: 'Zaak',
      type: 'select',
      required: true,
      options: cases.map((c) => ({
        value: String(c.id),
        label: `Zaak ${c.id}: ${c.title} — ${aanbiederName(c.aanbieder, c.aanbieder_naam)} (${STATUS_LABEL[c.status] || c.status})`,
      })),
    }],
    submit: 'Toevoegen',
    testid: 'add-to-case-dialog',
  });
  if (!values) return null;
  try {
    const c = await post(`/v1/cases/${encodeURIComponent(values.case)}/signals`, { signals: signalIds });
    announce(`Toegevoegd aan zaak ${c.id}.`, 'success');
    return c;
  } catch (e) {
    announceError(e);
    return null;
  }
}

// "Laden…" placeholder for a screen.
export function loading(text = 'Laden…') {
  return h('p', { class: 'loading', role: 'status' }, text);
}

export function errorBlock(e) {
  return h('div', { class: 'error-block', role: 'alert', testid: 'error' }, dutchError(e));
}
