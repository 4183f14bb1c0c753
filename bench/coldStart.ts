import { initPython } from '../src/core/parse/python';

/**
 * A cold process, as the extension host activates Mantra: milliseconds from process start until
 * the parser is ready, then until the rule catalog is loaded too.
 */
async function main(): Promise<void> {
  await initPython({
    runtimeWasm: require.resolve('web-tree-sitter/tree-sitter.wasm'),
    grammarWasm: require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
  });
  const readyMs = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../src/core/rules');
  process.stdout.write(JSON.stringify({ readyMs, withRulesMs: performance.now() }) + '\n');
}

void main();
