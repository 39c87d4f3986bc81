// Bundles the CLI and the library with esbuild, in two builds:
// - dist/cli.cjs: the entry (src/cli/main.ts) with --version and the get-token fast path, one CommonJS
//   file with no chunks. Node starts a CommonJS entry sooner than an ES module one and a single file saves
//   resolving and compiling a dozen chunks: this is what keeps `--version` and a cached `get-token` close
//   to `node -e 0` (bench/). bin/entra-auth-cli.js requires it (bin/package.json makes bin/ CommonJS).
// - dist/program.js and dist/index.js: the command table and the library, ES modules with code splitting
//   so each command stays in its own chunk and the CLI loads only what a command needs (dynamic imports in
//   src/cli/program.ts). main.ts reaches the command table through import('./program.ts'), left external.
//   Every command loads the command table, so its static part must stay light: checked below
//   (staticallyReached), the heavy libraries load inside each command's run.
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
    metafile: true,
    outdir: 'dist',
    splitting: true,
    format: 'esm',
    chunkNames: 'chunks/[name]-[hash]',
    // Bundled CommonJS dependencies still call require() for Node built-ins; give ESM chunks one.
    banner: { js: "import { createRequire as __eacCreateRequire } from 'node:module'; const require = __eacCreateRequire(import.meta.url);" },
  }).then(({ metafile }) => {
    // The command table (every command's definition) is loaded by every command: what it reaches through
    // static imports must not include the heavy libraries (MSAL, the Azure SDKs, Graph's client, prompts,
    // ...) nor the emulator; a command's run loads them with import(). Of our dependencies only these may be
    // there; a new dependency is heavy until it is added here.
    const LIGHT = new Set(['commander', 'picocolors', 'env-paths']);
    const reached = staticallyReached(metafile, 'src/cli/program.ts');
    const packageOf = (p) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)?.[1];
    const heavy = Object.keys(pkg.dependencies).filter((d) => !LIGHT.has(d) && reached.some((p) => packageOf(p) === d));
    const emulator = reached.filter((p) => p.startsWith('src/emulator/'));
    if (heavy.length || emulator.length) {
      throw new Error(`dist/program.js loads at start-up what a command should load inside its run (use import()): ${[...heavy, ...emulator].join(', ')}`);
    }
  }),
]);

/** The inputs of an entry point's output file and of every chunk it imports statically (not through import()). */
function staticallyReached(metafile, entryPoint) {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((o) => outputs[o].entryPoint === entryPoint);
  const seen = new Set();
  const walk = (o) => {
    if (seen.has(o)) return;
    seen.add(o);
    for (const i of outputs[o].imports) if (i.kind === 'import-statement' && outputs[i.path]) walk(i.path);
  };
  walk(entry);
  return [...seen].flatMap((o) => Object.keys(outputs[o].inputs));
}
