// The extensionTestsPath module: VS Code's extension host loads it and awaits run(). The same module serves
// test/integration/run.js (code-server + chromium) and @vscode/test-electron.
'use strict';
const fs = require('fs');
const path = require('path');
// mocha 12 is an ES module: from CommonJS, require('mocha') is a namespace and the constructor is its `Mocha`.
const Mocha = require('mocha').Mocha;

exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 30000, reporter: 'spec' });
  if (process.env.MANTRA_TEST_GREP) mocha.grep(process.env.MANTRA_TEST_GREP);
  for (const f of fs.readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const st = runner.stats;
        console.log(`${st.passes} passed, ${st.failures} failed`);
        if (failures > 0) reject(new Error(`${failures} tests failed`));
        else resolve();
      });
    } catch (e) {
      // A test file that does not load (a syntax error) fails the suite as one failure.
      console.error(e);
      console.log('0 passed, 1 failed');
      reject(e);
    }
  });
};
