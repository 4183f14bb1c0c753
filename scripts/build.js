// Bundles the CLI (and, when present, the extension) with esbuild and copies the WASM files beside them.
// usage: node scripts/build.js [--production]   (--production: minified, no source maps; what the vsix ships)
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const dist = path.join(root, 'dist');
const production = process.argv.includes('--production');
fs.mkdirSync(dist, { recursive: true });

// web-tree-sitter's ESM build calls createRequire(import.meta.url), which breaks in a CommonJS bundle.
const alias = { 'web-tree-sitter': require.resolve('web-tree-sitter') };
const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node18', sourcemap: !production, minify: production, keepNames: production, alias, logLevel: 'warning' };

const entries = [
  { entryPoints: [path.join(root, 'src/cli/main.ts')], outfile: path.join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: [path.join(root, 'src/extension/extension.ts')], outfile: path.join(dist, 'extension.js'), external: ['vscode'] },
];

// A production build leaves no source map of an earlier build beside code it does not match.
if (production) for (const f of fs.readdirSync(dist)) if (f.endsWith('.js.map')) fs.rmSync(path.join(dist, f));
for (const entry of entries) {
  if (fs.existsSync(entry.entryPoints[0])) esbuild.buildSync({ ...common, ...entry });
}
fs.copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), path.join(dist, 'tree-sitter.wasm'));
fs.copyFileSync(require.resolve('tree-sitter-python/tree-sitter-python.wasm'), path.join(dist, 'tree-sitter-python.wasm'));
if (fs.existsSync(path.join(dist, 'cli.js'))) fs.chmodSync(path.join(dist, 'cli.js'), 0o755);

// The web extension (package.json "browser", vscode.dev / github.dev): a web-worker extension host has no Node.
// platform 'browser' makes esbuild fail on any import of a Node builtin on that path, and must keep failing; the one
// exception is web-tree-sitter's own Node branches (behind its ENVIRONMENT_IS_NODE / process.versions.node checks),
// which get a module that throws if a worker ever reaches them.
const webEntry = path.join(root, 'src/extension/extension.ts');
const webOut = path.join(dist, 'web', 'extension.js');
const webTreeSitterNodeBranches = {
  name: 'web-tree-sitter-node-branches',
  setup(build) {
    build.onResolve({ filter: /^(fs|fs\/promises|path)$/ }, (args) =>
      args.importer === alias['web-tree-sitter'] ? { path: args.path, namespace: 'node-only' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'node-only' }, (args) => ({
      contents: `throw new Error('Mantra web build: web-tree-sitter reached its Node-only branch (require("${args.path}")) in a browser');`,
      loader: 'js',
    }));
  },
};
if (production) fs.rmSync(`${webOut}.map`, { force: true });
// Node globals need no import, so esbuild lets them through: Mantra's own sources on the web path must not use them,
// unless the same line guards the use with `typeof <global>` (e.g. `typeof process === 'undefined' ? … : process.env.X`).
const NODE_GLOBAL = /\b(process\.\w+|Buffer\.\w+|setImmediate|__dirname|__filename|require\()/;
function nodeGlobalsIn(metafile) {
  const uses = [];
  for (const input of Object.keys(metafile.inputs).filter((f) => f.startsWith('src/'))) {
    fs.readFileSync(path.join(root, input), 'utf8').split('\n').forEach((line, i) => {
      const m = NODE_GLOBAL.exec(line);
      if (m && !/^\s*(\/\/|\*|\/\*)/.test(line) && !/\btypeof (process|Buffer|setImmediate|require|__dirname|__filename)\b/.test(line)) uses.push(`${input}:${i + 1}: ${m[1]}`);
    });
  }
  return uses;
}
if (fs.existsSync(webEntry)) {
  esbuild
    .build({ ...common, entryPoints: [webEntry], outfile: webOut, platform: 'browser', target: 'es2022', external: ['vscode'], plugins: [webTreeSitterNodeBranches], metafile: true, absWorkingDir: root })
    .then(
      (result) => {
        const uses = nodeGlobalsIn(result.metafile);
        if (uses.length) {
          console.error(`build: Node-only globals on the web extension's path (dist/web/extension.js):\n  ${uses.join('\n  ')}`);
          process.exit(1);
        }
      },
      () => {
        console.error('build: the web extension (dist/web/extension.js) failed to build; see the errors above');
        process.exit(1);
      },
    );
}
