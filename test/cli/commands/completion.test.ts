// completion in-process: run(options, factory) writes the script for the shell asked, from the command tree
// it is given (the scripts themselves are run in their shells by test/cli/completion.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run as completion, SHELLS } from '../../../src/cli/commands/completion.ts';
import { buildProgram, COMMANDS } from '../../../src/cli/program.ts';
import { testFactory } from '../../helpers/test-factory.ts';

test('every shell: a script naming every top-level command, on stdout only', async () => {
  const topLevel = COMMANDS.filter((c) => !c.name.includes(' ')).map((c) => c.name);
  for (const shell of SHELLS) {
    const t = testFactory();
    await completion({ shell }, t.f, { program: buildProgram(t.f.io) });
    for (const name of topLevel) assert.ok(t.out().includes(name), `${shell}: ${name}`);
    assert.equal(t.err(), '');
  }
});

test('through the command table with the test factory: the same script as run directly', async () => {
  const direct = testFactory();
  await completion({ shell: 'bash' }, direct.f, { program: buildProgram(direct.f.io) });
  const parsed = testFactory();
  await buildProgram(parsed.f.io, async () => parsed.f).parseAsync(['completion', 'bash'], { from: 'user' });
  assert.equal(parsed.out(), direct.out());
  assert.match(parsed.out(), /complete -o default -F _entra_auth_cli entra-auth-cli eac/);
});
