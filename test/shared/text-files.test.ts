import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { textFilesAt, type Skipped } from '../../src/shared/text-files.ts';

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'eac-tree-'));
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), body);
  }
  return root;
}

async function scan(path: string, maxBytes?: number) {
  const skipped: Skipped[] = [];
  const seen: string[] = [];
  for await (const f of textFilesAt(path, { onSkip: (s) => skipped.push(s), ...(maxBytes ? { maxBytes } : {}) })) seen.push(f.path);
  return { seen, skipped };
}

test('a tree as git sees it: nested .gitignore files (with !), .git skipped, binary and large files skipped and named', async () => {
  const root = tree({
    '.git/config': 'x', '.gitignore': '*.log\nbuild/\n', 'a.txt': 'a', 'app.log': 'x',
    'build/out.txt': 'x', 'src/.gitignore': '!keep.log\nlocal.env\n', 'src/keep.log': 'k', 'src/local.env': 'x',
    'src/deep/b.ts': 'b', 'img.png': Buffer.from([0x89, 0x50, 0x00, 0x01]), 'big.txt': 'y'.repeat(2000),
  });
  const { seen, skipped } = await scan(root, 1000);
  const rel = (p: string) => p.slice(root.length + 1);
  assert.deepEqual(seen.map(rel), ['.gitignore', 'a.txt', 'src/.gitignore', 'src/deep/b.ts', 'src/keep.log']);
  assert.deepEqual(skipped.map((s) => [rel(s.path), s.reason]), [['big.txt', 'too-large'], ['img.png', 'binary']]);
});

test('the .gitignore files above a scanned folder apply, up to the repository top', async () => {
  const root = tree({ '.git/HEAD': 'x', '.gitignore': 'secret.txt\n', 'sub/secret.txt': 'x', 'sub/ok.txt': 'x' });
  const { seen } = await scan(join(root, 'sub'));
  assert.deepEqual(seen, [join(root, 'sub', 'ok.txt')]);
});

test('symbolic links are not followed (one out of the tree is reported as skipped); a named file is read even if ignored', async () => {
  const outside = tree({ 'secret.txt': 'outside' });
  const root = tree({ '.gitignore': 'named.txt\n', 'named.txt': 'n' });
  symlinkSync(join(outside, 'secret.txt'), join(root, 'link.txt'));
  symlinkSync(outside, join(root, 'linkdir'));
  const { seen, skipped } = await scan(root);
  assert.deepEqual(seen.map((p) => p.slice(root.length + 1)), ['.gitignore']);
  assert.deepEqual(skipped.map((s) => s.reason), ['symlink', 'symlink']);
  assert.deepEqual((await scan(join(root, 'named.txt'))).seen, [join(root, 'named.txt')]);
});
