// Bundles the CLI and the library with esbuild, in two builds:
// - dist/cli.cjs: the entry (src/cli/main.ts) with --version and the get-token fast path, one CommonJS
//   file with no chunks. Node starts a CommonJS entry sooner than an ES module one and a single file saves
//   resolving and compiling a dozen chunks: this is what keeps `--version` and a cached `get-token` close
//   to `node -e 0` (bench/). bin/entra-auth-cli.js requires it (bin/package.json makes bin/ CommonJS).
// - dist/program.js and dist/index.js: the command table and the library, ES modules with code splitting
//   so each command stays in its own chunk and the CLI loads only what a command needs (dynamic imports in
//   src/cli/program.ts). main.ts reaches the command table through import('./program.ts'), left external.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  define: { __EAC_VERSION__: JSON.stringify(pkg.version) },
  // Native addons cannot be bundled: the OS keychain binding is loaded from node_modules at run time.
  external: ['@napi-rs/keyring'],
  logLevel: 'warning',
};

/** main.ts's import('./program.ts') becomes import('./program.js'), the ES module entry built below. */
const programStaysOutside = {
  name: 'program-stays-outside',
  setup(b) {
    b.onResolve({ filter: /^\.\/program\.ts$/ }, (args) => (args.importer.endsWith('main.ts') ? { path: './program.js', external: true } : undefined));
  },
};

await Promise.all([
  build({
    ...common,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    plugins: [programStaysOutside],
    metafile: true,
  }).then(({ metafile }) => {
    // The fast path must stay small and free of the heavy libraries; fail the build rather than slow down.
    const inputs = Object.keys(metafile.inputs);
    const heavy = inputs.filter((p) => p.includes('node_modules/') && !p.includes('node_modules/env-paths/') && !p.includes('node_modules/is-safe-filename/'));
    if (heavy.length) throw new Error(`dist/cli.cjs pulls in libraries the fast path must not load: ${heavy.join(', ')}`);
  }),
  build({
    ...common,
    entryPoints: { program: 'src/cli/program.ts', index: 'src/index.ts' },
    outdir: 'dist',
    splitting: true,
    format: 'esm',
    chunkNames: 'chunks/[name]-[hash]',
    // Bundled CommonJS dependencies still call require() for Node built-ins; give ESM chunks one.
    banner: { js: "import { createRequire as __eacCreateRequire } from 'node:module'; const require = __eacCreateRequire(import.meta.url);" },
  }),
]);
