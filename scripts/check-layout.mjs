// Part of `npm run deps` (docs/architecture.md): src/ holds only the known layers, and test/ mirrors src/,
// so the test of src/a/b.ts is found under test/a/. Every test folder names a src folder, except those
// that test across layers: e2e/ (the real binary), conformance/ (Microsoft's libraries), helpers/.
// dependency-cruiser checks imports, not folders, hence this small script.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const LAYERS = new Set(['cli', 'app', 'core', 'entra', 'store', 'shared', 'emulator']);
const ACROSS_LAYERS = new Set(['e2e', 'conformance', 'helpers']);

const dirsUnder = (dir) => readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(dir, e.name));
const problems = [];

for (const dir of dirsUnder(join(root, 'src'))) {
  const name = relative(join(root, 'src'), dir);
  if (!LAYERS.has(name)) problems.push(`src/${name}/ is not a layer of docs/architecture.md (${[...LAYERS].join(', ')}).`);
}

function checkMirror(testDir) {
  for (const dir of dirsUnder(testDir)) {
    const rel = relative(join(root, 'test'), dir).split('\\').join('/');
    if (ACROSS_LAYERS.has(rel)) continue;
    const src = join(root, 'src', rel);
    if (!existsSync(src) || !statSync(src).isDirectory()) problems.push(`test/${rel}/ names no folder of src/ (src/${rel}/ does not exist): tests go under the path of the code they test.`);
    else checkMirror(dir);
  }
}
checkMirror(join(root, 'test'));

if (problems.length) {
  for (const p of problems) process.stderr.write(`layout: ${p}\n`);
  process.exit(1);
}
process.stdout.write('✔ src/ holds the known layers and test/ mirrors src/\n');
