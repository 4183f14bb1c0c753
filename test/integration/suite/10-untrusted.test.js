'use strict';
const assert = require('assert');
const vscode = require('vscode');
const h = require('./helpers');

// Only in run.js's `untrusted` pass (MANTRA_TEST_UNTRUSTED=1): workspace trust on and the folder not
// trusted, i.e. VS Code's Restricted Mode. The other passes run with trust disabled, where every folder is trusted.
if (process.env.MANTRA_TEST_UNTRUSTED === '1') {
  describe('untrusted workspace (Restricted Mode)', () => {
    it('Mantra loads and lints, and starts no process: git is never asked for the change', async () => {
      assert.strictEqual(vscode.workspace.isTrusted, false, 'the folder is open in Restricted Mode');
      const ext = vscode.extensions.getExtension(h.EXTENSION_ID);
      assert.strictEqual(ext.packageJSON.capabilities.untrustedWorkspaces.supported, 'limited');
      const api = await h.mantra();
      const doc = await h.open('model.py');
      await h.waitForDiagnostic(doc.uri, 'no-try-except in Restricted Mode', (d) => h.codeOf(d) === 'no-try-except');
      const log = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(api.logUri, 'Mantra.log')));
      assert.match(log, /parser ready/);
      // Trusted, the git feature logs what it found as soon as it starts ("git: disabled (git.enabled)" in the suite pass).
      assert.doesNotMatch(log, /\] git: /, `nothing asked git for the change; the output channel says:\n${log}`);
    });
  });
}
