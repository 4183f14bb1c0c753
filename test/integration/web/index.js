// The extensionTestsPath module of the web pass: @vscode/test-web's web-worker extension host loads it and awaits
// run(). A worker has no Node and loads one file, so run-web.js bundles this (with mocha's browser build) with
// esbuild into .vscode-test/web/suite.js.
'use strict';
// mocha's browser build, a UMD script: bundled so that it registers globalThis.mocha (see run-web.js).
require('mocha/mocha.js');
const mocha = globalThis.mocha;

const runMocha = require('../runMocha');

exports.run = function run() {
  mocha.setup({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60000 });
  return runMocha(mocha, () => require('./extension.test.js'));
};
