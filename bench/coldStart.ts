import { initParser } from './common';

/** A cold process: milliseconds from process start until the parser is ready (the extension's activation cost). */
void initParser().then((init) => {
  process.stdout.write(JSON.stringify({ readyMs: performance.now(), initMs: init }) + '\n');
});
