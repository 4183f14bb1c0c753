#!/usr/bin/env node
// Runs Mantra's integration tests in a real VS Code: the VS Code server bundled in the npm package code-server
// (installed by setup-vscode-host.sh into .vscode-test/host), whose Node extension host loads this extension
// (extensionDevelopmentPath = the repository) and the mocha suite (extensionTestsPath = suite/index.js); the workbench
// UI is Debian's chromium, headless, driven by playwright-core.
//
// Two passes, each on a fresh copy of test/integration/workspace:
//   suite  the mocha suite inside the extension host (real vscode API, no mocks); its output is printed here
//   ui     the workbench as a user sees it: squiggles, the status-bar reminder, the audit report; screenshots are
//          saved under .vscode-test/screenshots/
// Exits 0 when every pass passes, 1 when a test failed, 2 on a runner error, 3 when VS Code did not start,
// 124 on timeout. The server runs in its own process group, killed as a group at the end.
//
// usage: node test/integration/run.js [--pass suite|ui|all] [--timeout 300] [--verbose] [--keep] [--grep PATTERN]
//          [--theme "Default Light Modern"]
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const http = require('http');

const ROOT = path.resolve(__dirname, '..', '..');
const HOST = path.join(ROOT, '.vscode-test', 'host');
const SERVER = path.join(HOST, 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
const SHOTS_ROOT = path.join(ROOT, '.vscode-test', 'screenshots');
const FIXTURE = path.join(__dirname, 'workspace');
const TESTS = path.join(__dirname, 'suite', 'index.js');

const opt = { pass: 'all', timeout: '300' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const key = argv[i].replace(/^--/, '');
  if (key === 'verbose' || key === 'keep') opt[key] = true;
  else opt[key] = argv[++i];
}
// --theme "Default Light Modern": the UI pass in another colour theme, its screenshots in their own folder.
const SHOTS = opt.theme ? path.join(SHOTS_ROOT, opt.theme.replace(/\W+/g, '-').toLowerCase()) : SHOTS_ROOT;
if (!['suite', 'ui', 'all'].includes(opt.pass)) {
  console.error(`--pass must be suite, ui or all (got ${opt.pass})`);
  process.exit(2);
}
if (!fs.existsSync(SERVER)) {
  console.error(`No VS Code server at ${SERVER}: run test/integration/setup-vscode-host.sh first`);
  process.exit(2);
}
if (!fs.existsSync(path.join(ROOT, 'dist', 'extension.js'))) {
  console.error('No dist/extension.js: run `npm run build` first');
  process.exit(2);
}
const { chromium } = require(require.resolve('playwright-core', { paths: [HOST] }));

const t0 = Date.now();
const el = () => ((Date.now() - t0) / 1000).toFixed(1) + 's';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });
const fetchText = (url) =>
  new Promise((resolve, reject) =>
    http
      .get(url, (r) => {
        let body = '';
        r.on('data', (d) => (body += d));
        r.on('end', () => resolve(body));
      })
      .on('error', reject),
  );

/** A VS Code server in its own process group, with its own data dirs under `tmp`. */
async function startServer(tmp) {
  fs.mkdirSync(path.join(tmp, 'ud', 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(tmp, 'ud', 'User', 'settings.json'),
    JSON.stringify({
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'update.mode': 'none',
      'telemetry.telemetryLevel': 'off',
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'security.workspace.trust.enabled': false,
      'git.enabled': false,
      'chat.commandCenter.enabled': false,
      'workbench.colorTheme': opt.theme || 'Default Dark Modern',
    }),
  );
  const port = await freePort();
  // EXTENSIONS_GALLERY={}: no marketplace look-ups; TMPDIR/HOME: sockets, caches and dotfiles stay in the run's dir.
  const env = { ...process.env, EXTENSIONS_GALLERY: '{}', TMPDIR: tmp, HOME: tmp };
  const server = spawn(
    process.execPath,
    [
      SERVER,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--disable-telemetry',
      '--disable-workspace-trust',
      '--enable-smoke-test-driver',
      '--server-data-dir', path.join(tmp, 'sd'),
      '--user-data-dir', path.join(tmp, 'ud'),
      '--extensions-dir', path.join(tmp, 'ext'),
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  servers.add(server);
  server.on('exit', () => servers.delete(server));
  const log = fs.createWriteStream(path.join(tmp, 'server.log'));
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  let html;
  for (let i = 0; !html; i++) {
    if (server.exitCode !== null) throw Object.assign(new Error(`VS Code server exited early (${server.exitCode})`), { status: 3 });
    try {
      html = await fetchText(`http://127.0.0.1:${port}/`);
    } catch {
      if (i > 600) throw Object.assign(new Error('VS Code server did not start'), { status: 3 });
      await sleep(100);
    }
  }
  // remoteAuthority is "127.0.0.1:PORT" in VS Code 1.99: read it from the served page.
  const m = /&quot;remoteAuthority&quot;:&quot;([^&]+)&quot;/.exec(html);
  const authority = m ? m[1] : `127.0.0.1:${port}`;
  return { server, port, authority };
}

const servers = new Set();
// Whatever ends this process (timeout, Ctrl-C, an error) also ends the servers it started.
process.on('exit', () => servers.forEach(killGroup));

function killGroup(server) {
  if (!server || server.exitCode !== null) return;
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch (e) {
    if (e.code !== 'ESRCH') throw e;
  }
}

async function launchBrowser(tmp) {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    env: { ...process.env, HOME: tmp },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh copy of the fixture workspace: the tests edit files in it. */
function copyWorkspace(tmp) {
  const ws = path.join(tmp, 'workspace');
  fs.cpSync(FIXTURE, ws, { recursive: true });
  return ws;
}

function workbenchUrl(port, authority, ws, withTests) {
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [['extensionDevelopmentPath', remote(ROOT)]];
  if (withTests) payload.push(['extensionTestsPath', remote(TESTS)]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

/** Start-up messages of the workbench itself, not of the suite (shown with --verbose). */
const WORKBENCH_NOISE = /^(Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|Creating a socket|Resolving connection token|Resolved connection token|\[Service Worker\]|ChatSessionStore)/;

/** The mocha suite inside the extension host; resolves to its exit code. */
async function runSuite(page, port, authority, ws) {
  const exited = new Promise((resolve) => page.exposeFunction('codeAutomationExit', (code) => resolve(code)));
  // The workbench forwards the extension host's console (mocha's reporter) here, and its own start-up chatter.
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const parts = Array.isArray(args) ? args : [args];
    if (!opt.verbose && typeof parts[0] === 'string' && WORKBENCH_NOISE.test(parts[0])) return;
    console.log(...parts);
  });
  await page.goto(workbenchUrl(port, authority, ws, true));
  return exited;
}

/** The workbench as a user sees it. Each step is a check; screenshots go to .vscode-test/screenshots. */
async function runUi(page, port, authority, ws) {
  for (const f of fs.existsSync(SHOTS) ? fs.readdirSync(SHOTS) : []) if (f.endsWith('.png')) fs.rmSync(path.join(SHOTS, f));
  fs.mkdirSync(SHOTS, { recursive: true });
  let passed = 0;
  let failed = 0;
  const step = async (name, fn) => {
    const started = Date.now();
    try {
      await fn();
      passed++;
      console.log(`  ✔ ${name} (${Date.now() - started}ms)`);
    } catch (e) {
      failed++;
      console.log(`  ✗ ${name}: ${e.message.split('\n')[0]}`);
      await page.screenshot({ path: path.join(SHOTS, `failed-${name.replace(/\W+/g, '-')}.png`) });
    }
  };
  const shot = (name) => page.screenshot({ path: path.join(SHOTS, name) });
  const runCommand = async (title) => {
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(`>${title}`);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
  };
  console.log('ui');
  let reportFrame;
  await page.goto(workbenchUrl(port, authority, ws, false));
  await step('the workbench opens the fixture', async () => {
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
  });
  await step('squiggles appear in model.py', async () => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'model.py' }).first().dblclick(); // pinned, not a preview: it stays open
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30000 });
    await page.waitForSelector('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning', { timeout: 60000 });
  });
  await step('the status bar reminds of a guideline', async () => {
    const item = page.locator('.statusbar-item[id$="mantra.status"]');
    await item.waitFor({ timeout: 30000 });
    const text = await item.innerText();
    if (!/·\s*\d+/.test(text)) throw new Error(`status bar item says "${text}", expected "<guideline> · <count>"`);
    console.log(`    status bar: "${text.trim()}"`);
  });
  await step('the Problems panel lists Mantra findings', async () => {
    await page.keyboard.press('Control+Shift+M');
    await page.waitForSelector('.markers-panel .monaco-list-row:has-text("mantra")', { timeout: 30000 });
    await sleep(500);
    await shot('workbench.png');
  });
  await step('the problem under the cursor names its guideline (F8, then hover)', async () => {
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('F8');
    await page.waitForSelector('.marker-widget:has-text("CLAUDE.md")', { timeout: 15000 });
    await sleep(300);
    await shot('problem-peek.png');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    await page.waitForSelector('.monaco-hover:has-text("Guideline:")', { timeout: 15000 });
    await sleep(300);
    await shot('hover.png');
    await page.keyboard.press('Escape');
  });
  await step('Mantra: Audit File opens the report', async () => {
    await runCommand('Mantra: Audit File');
    const deadline = Date.now() + 30000;
    let frame;
    while (!frame && Date.now() < deadline) {
      for (const f of page.frames()) {
        if (await f.locator('.mantra-report h2').count().catch(() => 0)) frame = f;
      }
      if (!frame) await sleep(200);
    }
    if (!frame) throw new Error('no webview with .mantra-report appeared');
    const heading = await frame.locator('.mantra-report h2').first().innerText();
    console.log(`    first guideline heading: "${heading.trim()}"`);
    await sleep(500);
    await shot('audit-report.png');
    reportFrame = frame;
  });
  await step('clicking a finding in the report reveals its line', async () => {
    if (!reportFrame) throw new Error('no report');
    const finding = reportFrame.locator('.finding[data-line="11"]').first();
    await finding.click();
    await page.waitForSelector('.statusbar-item:has-text("Ln 12, Col 9")', { timeout: 10000 });
    await page.waitForSelector('.statusbar-item[id$="mantra.status"]', { timeout: 10000 });
    await sleep(300);
    await shot('report-click.png');
  });
  await step('CLAUDE.md shows which rules enforce each guideline', async () => {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'CLAUDE.md' }).first().click();
    await page.waitForSelector('.monaco-editor .codelens-decoration:has-text("error: ")', { timeout: 30000 });
    await sleep(300);
    await shot('guidelines-codelens.png');
  });
  /** Opens a file by Quick Open, puts the cursor on `line`:`column` (1-based), and returns the scopes there. */
  const scopesAt = async (file, line, column) => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(file);
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: file.split('/').pop() }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    await page.waitForSelector(`.tab.active:has-text("${file.split('/').pop()}")`, { timeout: 10000 });
    await page.keyboard.press('Control+G');
    await input.waitFor({ state: 'visible', timeout: 10000 });
    await input.fill(`:${line}:${column}`);
    await page.keyboard.press('Enter');
    await runCommand('Developer: Inspect Editor Tokens and Scopes');
    const widget = page.locator('.token-inspect-widget');
    await widget.waitFor({ timeout: 10000 });
    await sleep(300);
    return widget.innerText();
  };
  await step('a tensor shape comment in Python has its own scope', async () => {
    const scopes = await scopesAt('model.py', 18, 30);
    if (!scopes.includes('support.type.shape.mantra')) throw new Error(`scopes at the shape comment: ${scopes.replace(/\s+/g, ' ').slice(0, 300)}`);
    await shot('shape-comment-scopes.png');
    await page.keyboard.press('Escape');
  });
  await step('a ```mantra block in markdown is highlighted as YAML', async () => {
    const scopes = await scopesAt('notes/settings-example.md', 7, 5);
    if (!/meta\.embedded\.block\.yaml/.test(scopes) || !/source\.yaml|entity\.name\.tag\.yaml/.test(scopes)) {
      throw new Error(`scopes in the block: ${scopes.replace(/\s+/g, ' ').slice(0, 300)}`);
    }
    await shot('mantra-block-scopes.png');
    await page.keyboard.press('Escape');
  });
  console.log(`${passed} passed, ${failed} failed`);
  return failed ? 1 : 0;
}

async function runPass(kind) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `mantra-vscode-${kind}-`));
  let server;
  let browser;
  let failed = true;
  try {
    const started = await startServer(tmp);
    server = started.server;
    console.log(`${el()} VS Code server up on 127.0.0.1:${started.port} (${kind})`);
    browser = await launchBrowser(tmp);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    if (opt.verbose) page.on('console', (msg) => console.log('[browser]', msg.type(), msg.text().slice(0, 500)));
    const ws = copyWorkspace(tmp);
    const code = kind === 'suite' ? await runSuite(page, started.port, started.authority, ws) : await runUi(page, started.port, started.authority, ws);
    console.log(`${el()} ${kind} finished, exit code ${code}`);
    failed = code !== 0;
    return code;
  } finally {
    if (browser) await browser.close();
    killGroup(server);
    if (failed || opt.keep) console.log(`logs kept in ${tmp} (server.log; VS Code logs under sd/data/logs)`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

(async () => {
  const timer = setTimeout(() => {
    console.error(`${el()} TIMEOUT after ${opt.timeout}s`);
    process.exit(124);
  }, Number(opt.timeout) * 1000);
  process.on('SIGINT', () => process.exit(130));
  if (opt.grep) process.env.MANTRA_TEST_GREP = opt.grep;
  let status = 0;
  for (const kind of opt.pass === 'all' ? ['suite', 'ui'] : [opt.pass]) {
    const code = await runPass(kind);
    if (code !== 0) status = status || code;
  }
  clearTimeout(timer);
  console.log(`${el()} integration tests ${status === 0 ? 'passed' : 'FAILED'}`);
  process.exit(status);
})().catch((e) => {
  console.error('RUNNER ERROR', e);
  process.exit(e.status || 2);
});
