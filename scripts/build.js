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
