// Bundles the CLI and the library with esbuild. Code splitting keeps each command in its own chunk so
// the CLI loads only what a command needs (dynamic imports in src/cli/program.ts).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: { cli: 'src/cli/main.ts', index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  define: { __EAC_VERSION__: JSON.stringify(pkg.version) },
  // Native addons cannot be bundled: the OS keychain binding is loaded from node_modules at run time.
  external: ['@napi-rs/keyring'],
  // Bundled CommonJS dependencies still call require() for Node built-ins; give ESM chunks one.
  banner: { js: "import { createRequire as __eacCreateRequire } from 'node:module'; const require = __eacCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
