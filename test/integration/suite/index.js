// The extensionTestsPath module: VS Code's extension host loads it and awaits run(). The same module serves
// test/integration/run.js (code-server + chromium) and @vscode/test-electron.
'use strict';
const fs = require('fs');
const path = require('path');
// mocha 12 is an ES module: from CommonJS, require('mocha') is a namespace and the constructor is its `Mocha`.
const Mocha = require('mocha').Mocha;

const runMocha = require('../runMocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30000, reporter: 'spec' });
  if (process.env.MANTRA_TEST_GREP) mocha.grep(process.env.MANTRA_TEST_GREP);
  return runMocha(mocha, () => {
    for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  });
};
