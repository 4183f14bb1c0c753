// The extensionTestsPath module of the web pass: @vscode/test-web's web-worker extension host loads it and awaits
// run(). A worker has no Node and loads one file, so run-web.js bundles this (with mocha's browser build) with
// esbuild into .vscode-test/web/suite.js.
'use strict';
// mocha's browser build, a UMD script: bundled so that it registers globalThis.mocha (see run-web.js).
require('mocha/mocha.js');
const mocha = globalThis.mocha;

exports.run = function run() {
  mocha.setup({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60000 });
  return new Promise((resolve, reject) => {
    try {
      require('./extension.test.js');
      const runner = mocha.run((failures) => {
        const st = runner.stats;
        console.log(`${st.passes} passed, ${st.failures} failed`);
        if (failures > 0) reject(new Error(`${failures} tests failed`));
        else resolve();
      });
    } catch (e) {
      // A test file that does not load fails the suite as one failure.
      console.error(e);
      console.log('0 passed, 1 failed');
      reject(e);
    }
  });
};
