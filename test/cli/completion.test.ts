// Shell completion: the scripts `completion <shell>` prints are run for real in bash, zsh and fish (tab
// completion driven through each shell's own machinery), PowerShell's (no pwsh in Debian) is checked for
// structure. Profile names come from the built CLI's `__complete profiles` at tab time.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, test } from 'node:test';
import { Command } from 'commander';
import { buildProgram } from '../../src/cli/program.ts';
import type { Io } from '../../src/cli/io.ts';
import { bashScript } from '../../src/cli/completion/bash.ts';
import { completionSpec, choicesInDescription, type CommandSpec } from '../../src/cli/completion/spec.ts';
import { appPaths } from '../../src/store/paths.ts';
import { TOKEN_FORMATS } from '../../src/core/token-output.ts';
import { CLI_BIN, cleanupCli, runCli, tempDir } from '../helpers/cli.ts';
import { saveProfile } from '../helpers/token-profiles.ts';
import { skipUnless } from '../helpers/tools.ts';

after(cleanupCli);

function captureIo(home: string): Io & { stdout: () => string; stderr: () => string } {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  out.on('data', (c: Buffer) => chunks.out.push(c));
  err.on('data', (c: Buffer) => chunks.err.push(c));
  return {
    out, err, stdoutIsTty: false, canPrompt: false, color: false, env: { ...process.env, EAC_HOME: home },
    stdout: () => Buffer.concat(chunks.out).toString('utf8'), stderr: () => Buffer.concat(chunks.err).toString('utf8'),
  };
}

/** A home with two profiles, written through the one profile store. */
async function homeWithProfiles(): Promise<string> {
  const home = tempDir('eac-completion-');
  for (const name of ['prod-api', 'demo']) {
    await saveProfile(home, { name, tenant: 'contoso.onmicrosoft.com', clientId: '11111111-2222-3333-4444-555555555555', authMethod: 'ClientSecret' });
  }
  return home;
}

/** `completion <shell>`, run in-process through the real command table. */
async function script(shell: string, home: string): Promise<string> {
  const io = captureIo(home);
  await buildProgram(io).parseAsync(['completion', shell], { from: 'user' });
  assert.equal(io.stderr(), '');
  return io.stdout();
}

function specs(home: string): CommandSpec[] {
  return completionSpec(buildProgram(captureIo(home)));
}

const hasShell = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;
// Under CI a missing shell fails the run (.ci/run installs it); elsewhere it skips (helpers/tools.ts).
const needs = (shell: string) => ({ skip: skipUnless(hasShell(shell), `${shell} is not installed`) });

function runShell(shell: string, args: string[], file: string, text: string, home: string): string {
  writeFileSync(file, text);
  const r = spawnSync(shell, [...args, file], { env: { ...process.env, EAC_HOME: home, EAC_CLI: CLI_BIN }, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `${shell} failed: ${r.stderr}`);
  assert.equal(r.stderr, '', `${shell} wrote to stderr`);
  return r.stdout;
}

/** Lines 'case => completions' from a driver that ran each case in the shell. */
function results(output: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of output.split('\n').filter(Boolean)) {
    const at = line.indexOf(' =>');
    map.set(line.slice(0, at), line.slice(at + 3).split(' ').filter(Boolean).sort());
  }
  return map;
}

const words = (list: { name: string }[] | string[]) => list.map((x) => (typeof x === 'string' ? x : x.name)).sort();

test('bash: subcommands, flags, flag values and profile names, for every command of the tree', needs('bash'), async () => {
  const home = await homeWithProfiles();
  const dir = tempDir('eac-completion-bash-');
  const all = specs(home);
  // One case per command: its subcommands (empty word) and its flags ('-').
  const cases: string[][] = all.flatMap((s) => {
    const typed = s.path ? s.path.split(' ') : [];
    return [[...typed, ''], [...typed, '-']];
  });
  cases.push(['config', 'use', ''], ['config', 'use', 'pr'], ['get-token', '-p', ''], ['get-token', '--profile', '=', ''],
    ['get-token', '--profile', '=', 'de'], ['get-token', '-o', ''], ['config', 'create', '--cloud', ''],
    ['config', 'create', '--scope', 'x', '--cl'], ['completion', ''], ['config', 'use', 'demo', ''], ['co']);
  const driver = `eac() { node "$EAC_CLI" "$@"; }
source ${JSON.stringify(join(dir, 'eac.bash'))}
t() { COMP_WORDS=(eac "$@"); COMP_CWORD=$#; COMPREPLY=(); _entra_auth_cli; echo "$* => \${COMPREPLY[*]}"; }
${cases.map((c) => `t ${c.map((w) => `'${w}'`).join(' ')}`).join('\n')}
complete -p eac entra-auth-cli
`;
  writeFileSync(join(dir, 'eac.bash'), await script('bash', home));
  const output = runShell('bash', [], join(dir, 'driver.sh'), driver, home);
  const got = results(output);
  for (const s of all) {
    const typed = s.path ? `${s.path} ` : '';
    const argument = s.argument?.kind === 'profiles' ? ['demo', 'prod-api'] : s.argument?.words ?? [];
    assert.deepEqual(got.get(typed), words([...words(s.subcommands), ...argument]), `subcommands and argument of '${s.path}'`);
    assert.deepEqual(got.get(`${typed}-`), s.flags.flatMap((f) => f.names).sort(), `flags of '${s.path}'`);
  }
  assert.ok(words(all[0]!.subcommands).includes('completion') && words(all[0]!.subcommands).includes('emulator'));
  assert.deepEqual(got.get('config use '), ['demo', 'prod-api']);
  assert.deepEqual(got.get('config use pr'), ['prod-api']);
  assert.deepEqual(got.get('get-token -p '), ['demo', 'prod-api']);
  assert.deepEqual(got.get('get-token --profile = '), ['demo', 'prod-api']);
  assert.deepEqual(got.get('get-token --profile = de'), ['demo']);
  assert.deepEqual(got.get('get-token -o '), [...TOKEN_FORMATS].sort());
  assert.deepEqual(got.get('config create --cloud '), ['china', 'custom', 'local', 'public', 'usgov']);
  assert.deepEqual(got.get('config create --scope x --cl'), ['--client-id', '--client-secret-stdin', '--cloud']);
  assert.deepEqual(got.get('completion '), ['bash', 'fish', 'powershell', 'zsh']);
  assert.deepEqual(got.get('config use demo '), []);
  assert.deepEqual(got.get('co'), ['completion', 'config']);
  assert.match(output, /complete -o default -F _entra_auth_cli eac/);
  assert.match(output, /complete -o default -F _entra_auth_cli entra-auth-cli/);
});

test('a command added to the tree later is completed without touching the completion code', needs('bash'), () => {
  const program = new Command('entra-auth-cli');
  program.command('rotate').description('Rotate a secret').option('-p, --profile <name>', 'profile').option('--days <n>', 'lifetime')
    .option('-o, --output <format>', 'table | json');
  const home = tempDir('eac-completion-new-');
  const dir = tempDir('eac-completion-new-');
  writeFileSync(join(dir, 'eac.bash'), bashScript(completionSpec(program)));
  const driver = `source ${JSON.stringify(join(dir, 'eac.bash'))}
t() { COMP_WORDS=(eac "$@"); COMP_CWORD=$#; COMPREPLY=(); _entra_auth_cli; echo "$* => \${COMPREPLY[*]}"; }
t ro
t rotate --
t rotate -o ''
`;
  const got = results(runShell('bash', [], join(dir, 'driver.sh'), driver, home));
  assert.deepEqual(got.get('ro'), ['rotate']);
  assert.deepEqual(got.get('rotate --'), ['--days', '--help', '--output', '--profile']);
  assert.deepEqual(got.get('rotate -o '), ['json', 'table']);
});

test('zsh: registered for both names through compinit; the walk gives commands, flags, values and profiles', needs('zsh'), async () => {
  const home = await homeWithProfiles();
  const dir = tempDir('eac-completion-zsh-');
  writeFileSync(join(dir, 'eac.zsh'), await script('zsh', home));
  const cases = [['config', ''], ['config', 'use', ''], ['get-token', '-p', ''], ['get-token', '--profile=d'], ['get-token', '-o', ''],
    ['secret', 'create', '--d'], ['emulator', ''], ['config', 'use', 'demo', '']];
  const driver = `eac() { node "$EAC_CLI" "$@"; }
autoload -Uz compinit && compinit -u -d ${JSON.stringify(join(dir, 'zcompdump'))}
source ${JSON.stringify(join(dir, 'eac.zsh'))}
print -r -- "registered => $_comps[eac] $_comps[entra-auth-cli]"
t() { __eac_walk eac "$@"; print -r -- "$* => $__eac_kind:$__eac_prefix \${(j: :)\${(@)__eac_items%%:*}}"; }
${cases.map((c) => `t ${c.map((w) => `'${w}'`).join(' ')}`).join('\n')}
`;
  const got = results(runShell('zsh', ['-f'], join(dir, 'driver.zsh'), driver, home));
  assert.deepEqual(got.get('registered'), ['_entra_auth_cli', '_entra_auth_cli']);
  assert.deepEqual(got.get('config '), ['commands:', 'create', 'delete', 'edit', 'export', 'help', 'import', 'list', 'show', 'use']);
  assert.deepEqual(got.get('config use '), ['commands:', 'demo', 'prod-api']);
  assert.deepEqual(got.get('get-token -p '), ['demo', 'prod-api', 'values:']);
  assert.deepEqual(got.get('get-token --profile=d'), ['demo', 'prod-api', 'values:--profile=']);
  assert.deepEqual(got.get('get-token -o '), [...TOKEN_FORMATS, 'values:'].sort());
  assert.deepEqual(got.get('emulator '), ['ca', 'commands:', 'help', 'start']);
  assert.ok(got.get('secret create --d')!.includes('--days') && got.get('secret create --d')!.includes('flags:'));
  assert.deepEqual(got.get('config use demo '), [':']);
});

test('fish: `complete -C` offers commands with descriptions, flags, values and profiles', needs('fish'), async () => {
  const home = await homeWithProfiles();
  const dir = tempDir('eac-completion-fish-');
  writeFileSync(join(dir, 'eac.fish'), await script('fish', home));
  const lines = ['eac con', 'eac config use ', 'eac get-token -p ', 'eac get-token --profile=p', 'eac get-token -o ', 'eac secret create --no',
    'entra-auth-cli emulator ', 'eac config use demo '];
  const driver = `function eac; node $EAC_CLI $argv; end
function entra-auth-cli; node $EAC_CLI $argv; end
source ${JSON.stringify(join(dir, 'eac.fish'))}
${lines.map((l) => `echo '${l.trimEnd()} =>' (complete -C'${l}' | string replace -r '\\t.*' '')`).join('\n')}
complete -C'eac con' | string match -q -r '^config\\tProfiles' && echo 'described => yes'
`;
  const got = results(runShell('fish', ['--no-config'], join(dir, 'driver.fish'), driver, home));
  assert.deepEqual(got.get('eac con'), ['config']);
  assert.deepEqual(got.get('eac config use'), ['demo', 'prod-api']);
  assert.deepEqual(got.get('eac get-token -p'), ['demo', 'prod-api']);
  assert.deepEqual(got.get('eac get-token --profile=p'), ['--profile=prod-api']);
  assert.deepEqual(got.get('eac get-token -o'), [...TOKEN_FORMATS].sort());
  assert.deepEqual(got.get('eac secret create --no'), ['--no-browser', '--no-display']);
  assert.deepEqual(got.get('entra-auth-cli emulator'), ['ca', 'help', 'start']);
  assert.deepEqual(got.get('eac config use demo'), []);
  assert.deepEqual(got.get('described'), ['yes']);
});

/** PowerShell tokens enough to check structure: single-quoted strings ('' escapes), brackets, comments. */
function psStructure(text: string): { strings: string[]; balanced: boolean } {
  const strings: string[] = [];
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  let balanced = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '#' && (i === 0 || text[i - 1] === '\n')) { i = text.indexOf('\n', i); if (i < 0) break; continue; }
    if (c === "'") {
      let s = '';
      for (i++; i < text.length; i++) {
        if (text[i] === "'" && text[i + 1] === "'") { s += "'"; i++; } else if (text[i] === "'") break; else s += text[i];
      }
      if (i >= text.length) balanced = false;
      strings.push(s);
    } else if (c === '"') {
      i = text.indexOf('"', i + 1);
      if (i < 0) { balanced = false; break; }
    } else if ('({['.includes(c)) stack.push(c);
    else if (c in pairs && stack.pop() !== pairs[c]) balanced = false;
  }
  return { strings, balanced: balanced && stack.length === 0 };
}

test('powershell: one native completer for both names, every command path in every table, strings and brackets balanced', async () => {
  const home = await homeWithProfiles();
  const text = await script('powershell', home);
  assert.match(text, /Register-ArgumentCompleter -Native -CommandName 'entra-auth-cli', 'eac' -ScriptBlock \{/);
  assert.match(text, /\[System\.Management\.Automation\.CompletionResult\]::new\(/);
  assert.match(text, /& \$program __complete profiles 2>\$null/);
  const { strings, balanced } = psStructure(text);
  assert.ok(balanced, 'quotes and brackets balanced');
  const all = specs(home);
  for (const s of all) for (const f of s.flags) for (const n of f.names) assert.ok(strings.includes(n), `flag ${n} of '${s.path}'`);
  for (const table of ['$__eacSubcommands', '$__eacFlags', '$__eacValueFlags']) {
    const body = text.slice(text.indexOf(`${table} = @{`), text.indexOf('\n}\n', text.indexOf(`${table} = @{`)));
    for (const s of all) assert.ok(body.includes(`\n    '${s.path}' = `), `${table} has '${s.path}'`);
  }
  assert.ok(text.includes(`'get-token|-p' = '@profiles'`) && text.includes(`'config use' = '@profiles'`));
  assert.ok(text.includes(`'get-token|-o' = @(${TOKEN_FORMATS.map((f) => `'${f}'`).join(', ')})`));
  assert.ok(strings.includes("Print the path of the emulator's local CA certificate, creating it if needed."), "a ' in a description is doubled");
  // PowerShell hashtable keys ignore case: two flags differing only in case would break the whole script.
  for (const s of all) {
    const names = s.flags.flatMap((f) => f.names).map((n) => n.toLowerCase());
    assert.equal(new Set(names).size, names.length, `flags of '${s.path}' differ in more than case`);
  }
});

test('__complete profiles prints the names, and nothing at all (exit 0) when profiles.json is missing or broken', async () => {
  const home = await homeWithProfiles();
  const ok = await runCli(['__complete', 'profiles'], { home });
  assert.deepEqual([ok.code, ok.stdout, ok.stderr], [0, 'demo\nprod-api\n', '']);
  const empty = await runCli(['__complete', 'profiles'], { home: tempDir('eac-completion-empty-') });
  assert.deepEqual([empty.code, empty.stdout, empty.stderr], [0, '', '']);
  const broken = tempDir('eac-completion-broken-');
  mkdirSync(appPaths({ EAC_HOME: broken }).config, { recursive: true });
  writeFileSync(join(appPaths({ EAC_HOME: broken }).config, 'profiles.json'), '{ not json');
  const bad = await runCli(['__complete', 'profiles'], { home: broken });
  assert.deepEqual([bad.code, bad.stdout, bad.stderr], [0, '', '']);
  const unknown = await runCli(['__complete', 'nonsense'], { home });
  assert.deepEqual([unknown.code, unknown.stdout, unknown.stderr], [0, '', '']);
});

test('completion --help shows how to install each script; an unknown shell is a usage error', async () => {
  const help = await runCli(['completion', '--help']);
  assert.equal(help.code, 0);
  for (const s of ['source <(entra-auth-cli completion bash)', 'fpath', '~/.config/fish/completions/', 'Invoke-Expression', '$PROFILE']) {
    assert.ok(help.stdout.includes(s), `help mentions ${s}`);
  }
  const bad = await runCli(['completion', 'tcsh']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /bash, zsh, fish, powershell/);
  assert.doesNotMatch(bad.stderr, /at .*\.js:\d+/);
});

test('flag values are read from the start of the description when commander has no choices', () => {
  assert.deepEqual(choicesInDescription('table | tsv | csv | json (default: table on a terminal, tsv in a pipe)'), { kind: 'words', words: ['table', 'tsv', 'csv', 'json'] });
  assert.deepEqual(choicesInDescription('raw (the token only) | json | table (default: table on a terminal)'), { kind: 'words', words: ['raw', 'json', 'table'] });
  assert.deepEqual(choicesInDescription('default flow: client-credentials | interactive | device-code'), { kind: 'words', words: ['client-credentials', 'interactive', 'device-code'] });
  assert.equal(choicesInDescription('tenant ID (GUID) or domain, e.g. contoso.onmicrosoft.com'), undefined);
  assert.equal(choicesInDescription("inject a fault: 'METHOD PATH [error=500|503|504]'"), undefined);
});
