// The dependency rules of .dependency-cruiser.cjs (docs/architecture.md, "Layers") catch what they should:
// each forbidden import below, in a throwaway src/ tree, must be reported by its rule, and the allowed
// ones must not. Guards the rules against going vacuous (a renamed folder, a regex that matches nothing).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { REPO_ROOT } from './helpers/cli.ts';

interface Violation { from: string; to: string; rule: { name: string } }

function cruise(files: Record<string, string>): Violation[] {
  const dir = mkdtempSync(join(tmpdir(), 'eac-boundaries-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: true, noEmit: true } }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const bin = join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  let out: string;
  try {
    out = execFileSync(process.execPath, [bin, 'src', '--config', join(REPO_ROOT, '.dependency-cruiser.cjs'), '--output-type', 'json'], { cwd: dir, encoding: 'utf8' });
  } catch (err) {
    out = (err as { stdout: string }).stdout; // exits non-zero when it finds violations
  }
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

const exporting = (name: string) => `export const ${name} = 1;\n`;

test('each layer may import only what docs/architecture.md allows; type-only and dynamic imports count', () => {
  const violations = cruise({
    'src/shared/files.ts': `import type { Q } from '../core/rule.ts';\nexport type F = Q;\n`,
    'src/core/rule.ts': `import type { P } from '../store/paths.ts';\nexport type Q = P;\n`,
    'src/core/ok.ts': `import { Q } from './other.ts';\nexport const ok = Q;\n`,
    'src/core/other.ts': exporting('Q'),
    'src/store/paths.ts': `export type P = string;\nexport const load = () => import('../entra/graph.ts');\n`,
    'src/store/ok.ts': `import { a } from '../shared/atomic.ts';\nimport { Q } from '../core/other.ts';\nexport const b = a + Q;\n`,
    'src/shared/atomic.ts': exporting('a'),
    'src/entra/graph.ts': `import { f } from '../app/use-case.ts';\nexport const g = f;\n`,
    'src/entra/ok.ts': `import { Q } from '../core/other.ts';\nimport { a } from '../shared/atomic.ts';\nexport const e = Q + a;\n`,
    'src/app/use-case.ts': `import { a } from '../shared/atomic.ts';\nimport type { Io } from '../cli/io.ts';\nexport const f = a;\nexport type I = Io;\n`,
    'src/app/ok.ts': `import { b } from '../store/ok.ts';\nimport { e } from '../entra/ok.ts';\nexport const o = b + e;\n`,
    'src/app/emulator-use.ts': `export const start = () => import('../emulator/index.ts');\n`,
    'src/cli/io.ts': `import { o } from '../app/ok.ts';\nimport { s } from '../emulator/index.ts';\nexport type Io = typeof o;\nexport const x = s;\n`,
    'src/emulator/index.ts': `import { appPaths } from '../cli/paths.ts';\nimport { a } from '../shared/atomic.ts';\nexport const s = appPaths + a;\n`,
    'src/cli/paths.ts': exporting('appPaths'),
    'src/index.ts': `import { s } from './emulator/index.ts';\nimport type { P } from './store/paths.ts';\nimport { x } from './cli/io.ts';\nexport const api = [s, x];\nexport type T = P;\n`,
  });
  const found = violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();
  assert.deepEqual(found, [
    'app-imports-only-app-core-entra-store-shared: src/app/emulator-use.ts -> src/emulator/index.ts',
    'app-imports-only-app-core-entra-store-shared: src/app/use-case.ts -> src/cli/io.ts',
    'core-imports-only-core: src/core/rule.ts -> src/store/paths.ts',
    'emulator-imports-only-emulator-shared: src/emulator/index.ts -> src/cli/paths.ts',
    'entra-imports-only-entra-core-shared: src/entra/graph.ts -> src/app/use-case.ts',
    'package-entry-imports-emulator-and-paths: src/index.ts -> src/cli/io.ts',
    'shared-imports-only-shared: src/shared/files.ts -> src/core/rule.ts',
    'store-imports-only-store-core-shared: src/store/paths.ts -> src/entra/graph.ts',
  ]);
});

test('an import cycle is reported, inside a layer too', () => {
  const violations = cruise({
    'src/emulator/a.ts': `import type { B } from './b.ts';\nexport type A = B;\n`,
    'src/emulator/b.ts': `import { c } from './c.ts';\nexport type B = string;\nexport const b = c;\n`,
    'src/emulator/c.ts': `import type { A } from './a.ts';\nexport const c = 1;\nexport type C = A;\n`,
  });
  assert.ok(violations.length >= 1);
  assert.ok(violations.every((v) => v.rule.name === 'no-circular'), JSON.stringify(violations));
});

test('an import that does not resolve is reported (it would slip past every other rule)', () => {
  const violations = cruise({ 'src/core/a.ts': `import { x } from '../store/gone.ts';\nexport const a = x;\n` });
  assert.deepEqual(violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`), ['not-to-unresolvable: src/core/a.ts -> ../store/gone.ts']);
});
