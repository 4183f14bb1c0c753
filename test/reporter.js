// mocha's spec reporter, then the closing line every suite of this project prints alone on a line:
// `N passed, N failed`. usage: mocha --reporter ./test/reporter.js
'use strict';
// mocha 12 is an ES module: from CommonJS, require('mocha') is a namespace holding `reporters`.
const { reporters } = require('mocha');

class SpecWithClosingLine extends reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const st = runner.stats;
      process.stdout.write(`${st.passes} passed, ${st.failures} failed\n`);
    });
  }
}

module.exports = SpecWithClosingLine;
