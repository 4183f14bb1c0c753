// Runs a mocha instance as every integration pass reports: the closing line `N passed, N failed` (which
// run.js reads), a rejection when a test failed; a test file that does not load fails the pass as one failure.
'use strict';

/** Loads the test files with `load()`, runs `mocha`, settles when it is done. */
module.exports = function runMocha(mocha, load) {
  return new Promise((resolve, reject) => {
    try {
      load();
      const runner = mocha.run((failures) => {
        const st = runner.stats;
        console.log(`${st.passes} passed, ${st.failures} failed`);
        if (failures > 0) reject(new Error(`${failures} tests failed`));
        else resolve();
      });
    } catch (e) {
      console.error(e);
      console.log('0 passed, 1 failed');
      reject(e);
    }
  });
};
