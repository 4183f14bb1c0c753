import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

// Workspace trust (issue 6): Mantra never runs code from the workspace and starts no process,
// git included, until the workspace is trusted. These checks hold the extension's code to that
// rule; the integration runner's `untrusted` pass checks the behaviour in Restricted Mode.
const repo = path.join(__dirname, '..', '..', '..', '..');
const extensionDir = path.join(repo, 'src', 'extension');
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));

function tsFilesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFilesUnder(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

const extensionSources = () => tsFilesUnder(extensionDir).map((f) => ({ file: path.relative(repo, f), text: fs.readFileSync(f, 'utf8') }));

describe('reliability: workspace trust', () => {
  it('the manifest declares untrusted and virtual workspace support', () => {
    const { untrustedWorkspaces, virtualWorkspaces } = manifest.capabilities ?? {};
    assert.strictEqual(virtualWorkspaces, true);
    assert.ok(untrustedWorkspaces, 'capabilities.untrustedWorkspaces is declared');
    assert.ok([true, 'limited'].includes(untrustedWorkspaces.supported), `supported is ${untrustedWorkspaces.supported}`);
    if (untrustedWorkspaces.supported === 'limited') assert.match(untrustedWorkspaces.description, /never runs code from the workspace/);
  });

  it('the extension imports no process API', () => {
    const spawner = /(?:from\s+|require\()\s*['"](?:node:)?(?:child_process|cluster|worker_threads)['"]|['"](?:cross-spawn|execa)['"]/;
    const offenders = extensionSources().filter((s) => spawner.test(s.text));
    assert.deepStrictEqual(offenders.map((s) => s.file), [], 'the extension starts no process itself (its web build cannot): reach git through the git extension, once the workspace is trusted');
  });

  it('every module that reaches the git extension (which runs git) waits for workspace trust first', () => {
    const gitUsers = extensionSources().filter((s) => /['"]vscode\.git['"]/.test(s.text));
    for (const s of gitUsers) {
      assert.match(s.text, /vscode\.workspace\.isTrusted/, `${s.file} checks vscode.workspace.isTrusted`);
      assert.match(s.text, /vscode\.workspace\.onDidGrantWorkspaceTrust\(/, `${s.file} waits for vscode.workspace.onDidGrantWorkspaceTrust`);
    }
  });
});
