// Browser test of the toezicht web desk (gateway/http/desk/) against a real iwmo-gateway daemon.
//
// It sets everything up itself: a generated region, processed and judged by the signal engine,
// a configuration with plain HTTP on a free port, two tokens (toezicht and aanbieder), the daemon,
// and then drives Debian's chromium with playwright-core through sign-in, the signal queue, a
// signal with its BSN reveal, a case through its workflow, the provider profile and the board.
//
//   IWMO_GATEWAY    the iwmo-gateway binary (required; the test is skipped without it)
//   IWMO_GEN        the iwmo-gateway-gen binary (default: ../gen/iwmo-gateway-gen beside it)
//   IWMO_ARTIFACTS  where the screenshots go (default: a folder in the temporary directory)
//   IWMO_CHROMIUM   the browser (default /usr/bin/chromium)
//   IWMO_BROWSER_REQUIRED=1   fail instead of skipping when something is missing (run.sh sets it)
//   IWMO_KEEP_TMP=1 keep the temporary folder (database, configuration, region)
//   IWMO_DESK_DIR   serve the desk's files from this folder (e.g. gateway/http/desk) instead of
//                   the ones built into the binary, with the daemon's own headers (its CSP); the
//                   API still goes to the daemon. For working on the desk without a rebuild.
//
// Run with tests/browser/run.sh BUILD_DIR [ARTIFACT_DIR], or `node --test tests/browser/`.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const CHROMIUM = process.env.IWMO_CHROMIUM || '/usr/bin/chromium';
const GATEWAY = process.env.IWMO_GATEWAY || '';
const GEN = process.env.IWMO_GEN || (GATEWAY ? path.join(path.dirname(GATEWAY), '..', 'gen', 'iwmo-gateway-gen') : '');
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
  + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

let playwright = null;
try {
  playwright = await import('playwright-core');
} catch {
  playwright = null;
}

function skipReason() {
  if (!GATEWAY) return 'IWMO_GATEWAY is not set (the path of the iwmo-gateway binary); run tests/browser/run.sh BUILD_DIR';
  if (!fs.existsSync(GATEWAY)) return `IWMO_GATEWAY=${GATEWAY} does not exist`;
  if (!GEN || !fs.existsSync(GEN)) return `IWMO_GEN=${GEN || '(unset)'} does not exist`;
  if (!fs.existsSync(CHROMIUM)) return `${CHROMIUM} is missing (apt-get install -y chromium)`;
  if (!playwright) return 'playwright-core is not installed (npm install in tests/browser)';
  return '';
}
const skip = skipReason();
// run.sh has checked the binaries and installed the browser: there a missing piece is a failure.
if (skip && process.env.IWMO_BROWSER_REQUIRED === '1') throw new Error(`desk browser test cannot run: ${skip}`);
if (skip) console.log(`# desk browser test skipped: ${skip}`);

// --- the environment: region, database, tokens, daemon -----------------------------------------

const env = { tmp: '', artifacts: '', base: '', today: '', toezicht: '', aanbieder: '', daemon: null, daemonLog: '', proxy: null };

function run(file, args, { okCodes = [0] } = {}) {
  const r = spawnSync(file, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 300_000 });
  if (r.error) throw new Error(`${path.basename(file)} ${args[0]}: ${r.error.message}`);
  if (!okCodes.includes(r.status)) {
    throw new Error(`${path.basename(file)} ${args.join(' ')} exited ${r.status}\n${r.stderr.slice(-4000)}`);
  }
  return r;
}

function lastLine(text) {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines[lines.length - 1] || '';
}

function firstAgb(csvFile) {
  for (const line of fs.readFileSync(csvFile, 'utf8').split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#') || t.startsWith('agb')) continue;
    const code = t.split(',')[0];
    if (/^\d{8}$/.test(code)) return code;
  }
  throw new Error(`no AGB code in ${csvFile}`);
}

async function setUp() {
  env.tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'iwmo-desk-'));
  env.artifacts = process.env.IWMO_ARTIFACTS || path.join(env.tmp, 'artifacts');
  fs.mkdirSync(env.artifacts, { recursive: true });
  const region = path.join(env.tmp, 'region');
  const db = path.join(env.tmp, 'gw.db');
  const mappings = path.join(region, 'mappings');

  run(GEN, ['--seed', '7', '--gemeenten', '3', '--aanbieders', '7', '--clients', '150', '--months', '6',
    '--anomaly-rate', '0.05', '--out', region]);
  env.today = JSON.parse(fs.readFileSync(path.join(region, 'region.json'), 'utf8')).today;
  assert.match(env.today, /^\d{4}-\d{2}-\d{2}$/, 'region.json has a today');
  // 1: some lines were rejected on purpose.
  run(GATEWAY, ['process', '--db', db, '--mappings', mappings, '--today', env.today, path.join(region, 'messages')], { okCodes: [0, 1] });
  run(GATEWAY, ['signals', '--db', db, '--mappings', mappings, '--today', env.today]);

  const config = path.join(env.tmp, 'gateway.toml');
  fs.writeFileSync(config, [
    '[server]', 'listen = "127.0.0.1"', 'port = 0', 'port_file = "port"', '',
    '[store]', 'database = "gw.db"', 'mappings = "region/mappings"', `today = "${env.today}"`, '',
    '[push]', 'enabled = false', '',
  ].join('\n'));
  env.toezicht = lastLine(run(GATEWAY, ['token', 'create', '--config', config, '--principal', 'toezicht', '--label', 'Officier Jansen']).stdout);
  const agb = firstAgb(path.join(mappings, 'aanbieders.csv'));
  env.aanbieder = lastLine(run(GATEWAY, ['token', 'create', '--config', config, '--principal', `aanbieder:${agb}`]).stdout);
  assert.ok(env.toezicht && env.aanbieder, 'token create printed the tokens');

  const logFile = path.join(env.tmp, 'daemon.log');
  const log = fs.openSync(logFile, 'w');
  env.daemonLog = logFile;
  env.daemon = spawn(GATEWAY, ['serve', '--config', config], { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let exited = null;
  env.daemon.on('exit', (code, signal) => { exited = { code, signal }; });
  const portFile = path.join(env.tmp, 'port');
  const deadline = Date.now() + 30_000;
  let port = 0;
  while (!port) {
    if (exited) throw new Error(`the daemon stopped (${JSON.stringify(exited)}):\n${fs.readFileSync(logFile, 'utf8').slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`no port file after 30 s:\n${fs.readFileSync(logFile, 'utf8').slice(-4000)}`);
    if (fs.existsSync(portFile)) port = Number.parseInt(fs.readFileSync(portFile, 'utf8').trim(), 10) || 0;
    if (!port) await sleep(100);
  }
  env.base = `http://127.0.0.1:${port}`;
  while ((await fetch(`${env.base}/healthz`).catch(() => null))?.ok !== true) {
    if (Date.now() > deadline) throw new Error('the daemon does not answer /healthz');
    await sleep(100);
  }
  if (process.env.IWMO_DESK_DIR) env.base = await deskProxy(path.resolve(process.env.IWMO_DESK_DIR), port);
}

// The desk's files from a folder, with the headers the daemon sends for its own; the rest to the daemon.
async function deskProxy(dir, port) {
  const own = await fetch(`http://127.0.0.1:${port}/desk/`);
  const headers = {};
  for (const h of ['content-security-policy', 'x-content-type-options', 'referrer-policy', 'cache-control']) {
    if (own.headers.get(h)) headers[h] = own.headers.get(h);
  }
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml' };
  env.proxy = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://desk');
    if (url.pathname.startsWith('/desk/')) {
      const file = path.join(dir, url.pathname.slice('/desk/'.length) || 'index.html');
      if (!file.startsWith(dir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":"not_found","message":"no such file of the desk"}');
        return;
      }
      res.writeHead(200, { ...headers, 'content-type': types[path.extname(file)] || 'application/octet-stream' });
      res.end(fs.readFileSync(file));
      return;
    }
    const up = http.request({ host: '127.0.0.1', port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on('error', () => { res.writeHead(502); res.end(); });
    req.pipe(up);
  });
  await new Promise((resolve) => env.proxy.listen(0, '127.0.0.1', resolve));
  console.log(`# desk files from ${dir}`);
  return `http://127.0.0.1:${env.proxy.address().port}`;
}

async function tearDown() {
  if (env.proxy) await new Promise((resolve) => env.proxy.close(resolve));
  if (env.daemon && env.daemon.exitCode === null && env.daemon.signalCode === null) {
    const stopped = new Promise((resolve) => env.daemon.once('exit', resolve));
    env.daemon.kill('SIGTERM');
    await Promise.race([stopped, sleep(10_000)]);
    if (env.daemon.exitCode === null && env.daemon.signalCode === null) env.daemon.kill('SIGKILL');
  }
  if (env.tmp && env.daemonLog && fs.existsSync(env.daemonLog) && env.artifacts) {
    fs.copyFileSync(env.daemonLog, path.join(env.artifacts, 'daemon.log'));
  }
  if (env.tmp && !process.env.IWMO_KEEP_TMP) fs.rmSync(env.tmp, { recursive: true, force: true });
}

// The API from Node, with the toezicht token.
async function api(pathAndQuery) {
  const res = await fetch(`${env.base}${pathAndQuery}`, { headers: { Authorization: `Bearer ${env.toezicht}` } });
  const body = await res.json();
  assert.equal(res.status, 200, `${pathAndQuery}: ${JSON.stringify(body)}`);
  return body;
}

// "1.234 signalen", as the desk writes it.
const countText = (n) => `${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} ${n === 1 ? 'signaal' : 'signalen'}`;

// --- the browser --------------------------------------------------------------------------------

if (skip) test('toezicht web desk', { skip }, () => {});
else describe('toezicht web desk', { timeout: 600_000 }, () => {
  let context;
  let page;
  let userDataDir;
  const consoleLines = [];
  const cspViolations = [];
  const state = { signal: null, bsn: '', caseId: 0, aanbieder: '' };
  let shotNo = 0;
  const shot = async (name) => {
    shotNo += 1;
    await page.screenshot({ path: path.join(env.artifacts, `${String(shotNo).padStart(2, '0')}-${name}.png`), fullPage: false });
  };
  // Runs one part of the story; on failure leaves a screenshot of what the page showed.
  const step = async (name, fn) => {
    try {
      await fn();
    } catch (e) {
      await page?.screenshot({ path: path.join(env.artifacts, `failure-${name}.png`), fullPage: true }).catch(() => {});
      throw e;
    }
  };
  const count = () => page.getByTestId('signal-count');
  const waitCount = async (n) => {
    await page.waitForFunction((want) => document.querySelector('[data-testid=signal-count]')?.textContent.startsWith(want), countText(n));
  };

  before(async () => {
    await setUp();
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'iwmo-desk-chromium-'));
    context = await playwright.chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1366, height: 768 },
      locale: 'nl-NL',
      acceptDownloads: true,
    });
    context.setDefaultTimeout(15_000);
    page = context.pages()[0] || (await context.newPage());
    page.on('console', (m) => {
      consoleLines.push(`${m.type()}: ${m.text()}`);
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  });

  after(async () => {
    if (env.artifacts && consoleLines.length) fs.writeFileSync(path.join(env.artifacts, 'console.log'), `${consoleLines.join('\n')}\n`);
    await context?.close().catch(() => {});
    if (userDataDir) fs.rmSync(userDataDir, { recursive: true, force: true });
    await tearDown();
  });

  test('the desk is served with its Content Security Policy', async () => {
    const res = await fetch(`${env.base}/desk/`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-security-policy'), CSP);
    assert.match(await res.text(), /desk\.js/);
    const root = await fetch(`${env.base}/`, { redirect: 'manual' });
    assert.equal(root.status, 302);
    assert.equal(root.headers.get('location'), '/desk/');
  });

  test('sign in: a wrong token and an aanbieder token are refused, the toezicht token works', () => step('aanmelden', async () => {
    await page.goto(`${env.base}/desk/`);
    const input = page.getByLabel('Toegangstoken');
    await input.fill('iwmo_dit-token-bestaat-niet');
    await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
    await assert.doesNotReject(page.getByTestId('login-error').filter({ hasText: 'Dit token is onbekend of ingetrokken' }).waitFor());

    await input.fill(env.aanbieder);
    await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
    await page.getByTestId('login-error').filter({ hasText: 'Dit token geeft geen toegang tot signalen' }).waitFor();
    await shot('aanmelden');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'a refused token is not kept');

    await input.fill(env.toezicht);
    await page.getByRole('button', { name: 'Aanmelden', exact: true }).click();
    await page.getByTestId('signal-row').first().waitFor();
    assert.match(await page.getByTestId('officer').textContent(), /Officier Jansen/);
    const stored = await page.evaluate(() => ({ local: localStorage.length, session: Object.keys(sessionStorage) }));
    assert.equal(stored.local, 0, 'nothing in localStorage');
    assert.ok(stored.session.length >= 1, 'the token is in sessionStorage');
    const all = await api('/v1/signals?limit=1');
    assert.ok(all.total > 0, 'the engine raised signals');
    await waitCount(all.total);
    await shot('signalen');
  }));

  test('queue: filter by ernst and by regel, reflected in the hash, back and forward work', () => step('filters', async () => {
    const all = await api('/v1/signals?limit=1');
    const hoog = await api('/v1/signals?limit=1&severity=hoog');
    assert.ok(hoog.total > 0, 'the region has hoog signals');

    await page.getByLabel('Ernst').selectOption('hoog');
    await page.waitForFunction(() => location.hash.includes('ernst=hoog'));
    await waitCount(hoog.total);
    const severities = await page.getByTestId('signal-row').evaluateAll((rows) => rows.map((r) => r.dataset.severity));
    assert.ok(severities.length > 0 && severities.length <= 50);
    assert.deepEqual([...new Set(severities)], ['hoog']);
    await shot('signalen-hoog');

    // A rule with fewer signals than the whole queue.
    const rules = (await api('/v1/signals/rules')).rules;
    let rule = null;
    let ruleTotal = 0;
    for (const r of rules) {
      const n = (await api(`/v1/signals?limit=1&rule=${r.id}`)).total;
      if (n > 0 && n < all.total && n !== hoog.total) {
        rule = r;
        ruleTotal = n;
        break;
      }
    }
    assert.ok(rule, 'some rule has signals');
    await page.getByLabel('Ernst').selectOption('');
    await waitCount(all.total);
    await page.getByLabel('Regel').selectOption(rule.id);
    await page.waitForFunction((id) => location.hash.includes(`regel=${id}`), rule.id);
    await waitCount(ruleTotal);
    const ruleIds = await page.getByTestId('signal-row').evaluateAll((rows) => rows.map((r) => r.dataset.rule));
    assert.ok(ruleIds.length > 0);
    assert.deepEqual([...new Set(ruleIds)], [rule.id]);
    await shot('signalen-regel');

    // Back: all signals again; forward: the rule again.
    await page.goBack();
    await waitCount(all.total);
    assert.equal(await page.getByLabel('Regel').inputValue(), '');
    await page.goForward();
    await waitCount(ruleTotal);
    assert.equal(await page.getByLabel('Regel').inputValue(), rule.id);

    // A month: the signals whose period overlaps it.
    const month = (await api('/v1/signals?limit=1')).signals[0].period_begin.slice(0, 7);
    const inMonth = (await api(`/v1/signals?limit=1&period=${month}`)).total;
    await page.getByLabel('Regel').selectOption('');
    await page.getByLabel('Periode').fill(month);
    await page.getByLabel('Periode').dispatchEvent('change');
    await page.waitForFunction((m) => location.hash.includes(`periode=${m}`), month);
    await waitCount(inMonth);

    // Paging: 25 a page, the second page has the rest.
    await page.goto(`${env.base}/desk/#/signalen?limit=25`);
    await waitCount(all.total);
    if (all.total > 25) {
      assert.equal(await page.getByTestId('page-info').textContent(), `1–25 van ${all.total}`);
      assert.equal(await page.getByTestId('signal-row').count(), 25);
      await page.getByRole('button', { name: 'Volgende' }).click();
      await page.getByTestId('page-info').filter({ hasText: `26–${Math.min(50, all.total)} van ${all.total}` }).waitFor();
      assert.equal(await page.getByTestId('signal-row').count(), Math.min(50, all.total) - 25);
    }

    // Back to the hoog signals, for the next step.
    await page.goto(`${env.base}/desk/#/signalen?ernst=hoog`);
    await waitCount(hoog.total);
  }));

  test('signal: figures, evidence, reveal of the BSN is audited', () => step('signaal', async () => {
    // A signal about clients (it has a BSN to reveal), opened with the keyboard.
    const row = page.locator('[data-testid=signal-row]:not([data-clients="0"])').first();
    state.signal = await row.getAttribute('data-id');
    state.aanbieder = await row.getAttribute('data-aanbieder');
    await row.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => location.hash === `#/signalen/${id}`, state.signal);
    await page.getByTestId('figures').waitFor();
    assert.ok(await page.getByTestId('figure-row').count() > 0, 'the signal has figures');
    assert.match(await page.getByTestId('signal-explanation').textContent(), /\S/);
    assert.equal(await page.getByTestId('signal-id').textContent(), state.signal);
    const masked = await page.getByTestId('bsn').first().textContent();
    assert.match(masked, /^\*{6}\d{3}$/);
    await shot('signaal');

    await page.getByRole('button', { name: 'Toon BSN' }).click();
    await page.getByTestId('reveal-note').filter({ hasText: 'Inzage is vastgelegd in het auditlog' }).waitFor();
    await page.waitForFunction(() => /^\d{9}$/.test(document.querySelector('[data-testid=bsn]')?.textContent || ''));
    state.bsn = await page.getByTestId('bsn').first().textContent();
    assert.equal(state.bsn.slice(-3), masked.slice(-3), 'the revealed BSN ends like the masked one');
    await shot('bsn-getoond');

    const audit = await api('/v1/audit?action=signal.reveal_bsn');
    const entry = audit.entries.find((e) => e.object === `signal:${state.signal}`);
    assert.ok(entry, `an audit entry for the reveal of ${state.signal}`);
    assert.match(entry.principal, /Officier Jansen/);

    // The BSN is on the screen only: not in the URL, the storage or the console.
    assert.ok(!page.url().includes(state.bsn));
    const storage = await page.evaluate(() => JSON.stringify([{ ...localStorage }, { ...sessionStorage }]));
    assert.ok(!storage.includes(state.bsn), 'no BSN in storage');
    assert.ok(!consoleLines.some((l) => l.includes(state.bsn)), 'no BSN in the console');
  }));

  test('case: created from the signal, a note, in onderzoek, gegrond with a motivation, the log', () => step('zaak', async () => {
    await page.getByTestId('signal-new-case').click();
    const dialog = page.getByTestId('new-case-dialog');
    await dialog.waitFor();
    await dialog.getByLabel('Titel van de zaak').fill('Browsertest: declaraties na stop');
    await shot('nieuwe-zaak');
    await dialog.getByRole('button', { name: 'Zaak aanmaken' }).click();
    await page.waitForFunction(() => /^#\/zaken\/\d+$/.test(location.hash));
    state.caseId = Number((await page.evaluate(() => location.hash)).split('/').pop());
    await page.getByTestId('case-title').filter({ hasText: 'Browsertest: declaraties na stop' }).waitFor();
    assert.equal(await page.getByTestId('case-status').first().textContent(), 'Nieuw');
    assert.equal(await page.locator(`[data-testid=case-signal-row][data-id="${state.signal}"]`).count(), 1);
    // The revealed BSN did not come along.
    assert.ok(!(await page.content()).includes(state.bsn), 'no BSN on the case page');

    await page.getByLabel('Nieuwe notitie').fill('Huisbezoek gepland met de wijkverpleging.');
    await page.getByRole('button', { name: 'Notitie toevoegen' }).click();
    await page.getByTestId('note').filter({ hasText: 'Huisbezoek gepland met de wijkverpleging.' }).waitFor();

    await page.getByRole('button', { name: 'In onderzoek nemen' }).click();
    await page.getByTestId('case-status').filter({ hasText: 'In onderzoek' }).waitFor();

    // Gegrond needs a motivation: without one the desk refuses and nothing changes.
    await page.getByRole('button', { name: 'Gegrond verklaren', exact: true }).click();
    await page.getByTestId('status-error').filter({ hasText: 'motivering' }).waitFor();
    assert.equal((await api(`/v1/cases/${state.caseId}`)).status, 'in_onderzoek');

    await page.getByLabel('Motivering').fill('Vier regels zijn na de definitieve stop gedeclareerd; terugvordering gestart.');
    await page.getByRole('button', { name: 'Gegrond verklaren', exact: true }).click();
    await page.getByTestId('case-status').filter({ hasText: 'Gegrond' }).waitFor();
    await page.getByTestId('case-decision').filter({ hasText: 'terugvordering gestart' }).waitFor();
    // Only the moves the workflow allows now.
    assert.deepEqual(
      (await page.getByTestId('status-actions').getByRole('button').allTextContents()).sort(),
      ['Afsluiten', 'Heropenen'],
    );

    const log = page.getByTestId('case-log');
    const actions = await log.getByTestId('log-entry').evaluateAll((items) => items.map((i) => i.dataset.action));
    for (const a of ['case.create', 'case.note', 'case.status']) assert.ok(actions.includes(a), `the log shows ${a}: ${actions}`);
    assert.equal(actions.filter((a) => a === 'case.status').length, 2);
    const logText = await log.textContent();
    assert.match(logText, /Nieuw → In onderzoek/);
    assert.match(logText, /In onderzoek → Gegrond/);
    assert.match(logText, /Officier Jansen/);
    await page.getByTestId('case-log').scrollIntoViewIfNeeded();
    await shot('zaak-gegrond');

    const c = await api(`/v1/cases/${state.caseId}`);
    assert.equal(c.status, 'gegrond');
    assert.equal(c.notes.length, 1);

    // Export as CSV: fetched with the token, saved as a file.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-csv').click()]);
    assert.equal(download.suggestedFilename(), `zaak-${state.caseId}.csv`);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    assert.match(csv, /^case_id,/);
    assert.ok(csv.includes(state.signal));
  }));

  test('queue selection: a case of two signals, a third added, an attachment, an assignee', () => step('selectie', async () => {
    // A case is about one gemeente: take one with at least three open signals.
    const all = await api('/v1/signals?limit=500&status=open');
    const perGemeente = {};
    for (const sig of all.signals) perGemeente[sig.gemeente] = (perGemeente[sig.gemeente] || 0) + 1;
    const gemeente = Object.keys(perGemeente).find((g) => perGemeente[g] >= 3);
    assert.ok(gemeente, 'a gemeente with three open signals');
    const open = await api(`/v1/signals?limit=1&status=open&gemeente=${gemeente}`);
    await page.goto(`${env.base}/desk/#/signalen?status=open&gemeente=${gemeente}`);
    await waitCount(open.total);
    assert.equal(await page.getByLabel('Status').inputValue(), 'open');
    const rows = page.getByTestId('signal-row');
    assert.deepEqual([...new Set(await rows.evaluateAll((rs) => rs.map((r) => r.dataset.cases)))], ['0'], 'only signals in no case');
    const ids = await rows.evaluateAll((rs) => rs.slice(0, 3).map((r) => r.dataset.id));
    assert.equal(ids.length, 3, 'three open signals');
    // One selected with the keyboard (space on the row), one with its checkbox.
    await rows.nth(0).focus();
    await page.keyboard.press(' ');
    await rows.nth(1).getByTestId('select-signal').check();
    await page.getByTestId('selection-count').filter({ hasText: '2 signalen geselecteerd' }).waitFor();
    await page.getByRole('button', { name: 'Nieuwe zaak', exact: true }).click();
    const dialog = page.getByTestId('new-case-dialog');
    await dialog.getByLabel('Titel van de zaak').fill('Browsertest: twee signalen');
    await dialog.getByLabel('Behandelaar').fill('');
    await dialog.getByRole('button', { name: 'Zaak aanmaken' }).click();
    await page.getByTestId('case-title').filter({ hasText: 'Browsertest: twee signalen' }).waitFor();
    const second = Number((await page.evaluate(() => location.hash)).split('/').pop());
    assert.notEqual(second, state.caseId);
    assert.deepEqual((await page.getByTestId('case-signal-row').evaluateAll((rs) => rs.map((r) => r.dataset.id))).sort(), ids.slice(0, 2).sort());

    // The third from its detail page, with "Toevoegen aan zaak".
    await page.goto(`${env.base}/desk/#/signalen/${ids[2]}`);
    await page.getByTestId('signal-add-to-case').click();
    const pick = page.getByTestId('add-to-case-dialog');
    await pick.getByLabel('Zaak').selectOption(String(second));
    await pick.getByRole('button', { name: 'Toevoegen' }).click();
    await page.waitForFunction((n) => location.hash === `#/zaken/${n}`, second);
    await page.locator(`[data-testid=case-signal-row][data-id="${ids[2]}"]`).waitFor();
    assert.equal(await page.getByTestId('case-signal-row').count(), 3);

    await page.getByLabel('Verwijzing').fill('DMS-2026-0042');
    await page.getByLabel('Omschrijving').fill('Rapport huisbezoek');
    await page.getByRole('button', { name: 'Bijlage toevoegen' }).click();
    await page.getByTestId('attachment').filter({ hasText: 'DMS-2026-0042' }).waitFor();

    await page.getByTestId('case-assignee').fill('J. de Vries');
    await page.getByTestId('assign-submit').click();
    await page.getByTestId('case-log').filter({ hasText: 'Behandelaar gewijzigd: niemand → J. de Vries' }).waitFor();
    const c = await api(`/v1/cases/${second}`);
    assert.equal(c.assignee, 'J. de Vries');
    assert.equal(c.attachments.length, 1);
    assert.equal(c.signals.length, 3);
    await shot('zaak-bijlage');

    // The board, filtered by assignee: only this case.
    await page.goto(`${env.base}/desk/#/zaken?behandelaar=${encodeURIComponent('J. de Vries')}`);
    await page.getByTestId('case-card').first().waitFor();
    assert.deepEqual(await page.getByTestId('case-card').evaluateAll((cs) => cs.map((x) => x.dataset.id)), [String(second)]);
    assert.equal(await page.getByLabel('Behandelaar').inputValue(), 'J. de Vries');

    await page.goto(`${env.base}/desk/#/zaken/${state.caseId}`);
    await page.getByTestId('case-title').waitFor();
  }));

  test('provider profile: charts and signals', () => step('aanbieder', async () => {
    await page.getByTestId('case-provider-link').click();
    await page.waitForFunction((agb) => location.hash === `#/aanbieders/${agb}`, state.aanbieder);
    await page.getByTestId('provider-name').waitFor();
    const chart = page.getByTestId('chart-amounts').locator('svg');
    await chart.waitFor();
    assert.ok(await chart.locator('rect.bar').count() > 0, 'the amounts chart has bars');
    assert.ok(await page.getByTestId('chart-clients').locator('svg circle').count() > 0, 'the clients chart has points');
    assert.ok(await page.getByTestId('chart-signals').locator('svg').count() === 1);
    assert.ok(await page.getByTestId('signals-by-rule').locator('tbody tr').count() > 0);
    assert.ok(await page.getByTestId('provider-signals').locator('li').count() > 0, 'the profile lists its signals');
    await shot('aanbieder');
  }));

  test('board: the case is in the Gegrond column; sign out', () => step('zaken', async () => {
    await page.getByRole('link', { name: 'Zaken', exact: true }).click();
    await page.getByTestId('case-board').waitFor();
    await page.getByTestId('column-gegrond').locator(`[data-testid=case-card][data-id="${state.caseId}"]`).waitFor();
    assert.equal(await page.getByTestId('column-nieuw').getByTestId('case-card').count(), 1, 'the second case is new');
    await shot('zaken');

    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.getByLabel('Toegangstoken').waitFor();
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'signing out forgets the token');
    await shot('afgemeld');
  }));

  test('no Content Security Policy violations and no page errors', () => {
    assert.deepEqual(cspViolations, []);
    assert.deepEqual(consoleLines.filter((l) => l.startsWith('pageerror')), []);
  });
});
