import { initPython } from '../../src/core/parse/python';

/** Root hook: the parser is loaded once for the whole unit suite. */
export const mochaHooks = {
  async beforeAll(): Promise<void> {
    await initPython({
      runtimeWasm: require.resolve('web-tree-sitter/tree-sitter.wasm'),
      grammarWasm: require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
    });
  },
};
