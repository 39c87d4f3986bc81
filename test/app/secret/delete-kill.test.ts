// secret delete killed with kill -9 before and after its one Graph call (and at its other steps): the app
// keeps the credential or has lost it, nothing in between, the profile's secret is untouched, and the next
// run either deletes it or says it is already deleted (exit 0) instead of failing.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DELETE_STEPS } from '../../../src/app/secret/delete.ts';
import { tokenWorks } from '../../helpers/admin-deps.ts';
import { cleanupCli } from '../../helpers/cli.ts';
import { runKillChild } from '../kill-harness.ts';
import { appWithCredentials, signedInHome } from '../../helpers/lifecycle-fixtures.ts';
import { testFactory } from '../../helpers/test-factory.ts';
import { run as secretDelete } from '../../../src/cli/commands/secret/delete.ts';

after(cleanupCli);

const CHILD = fileURLToPath(new URL('../../helpers/kill-delete-child.ts', import.meta.url));
const runChild = (home: string, env: Record<string, string>) => runKillChild(CHILD, home, env);

test('kill -9 at every step of secret delete; the next run finishes or says already deleted', { timeout: 600_000 }, async () => {
  const { home, emu } = await signedInHome();
  const fx = await appWithCredentials(home, emu);
  const tenant = emu.store.defaultTenant;
  const has = (keyId: string) => fx.app.passwordCredentials.some((c) => c.keyId === keyId);

  // A clean run reports every step, in order.
  const first = tenant.addPassword(fx.app, { displayName: 'to delete' }, new Date()).credential.keyId;
  const clean = await runChild(home, { KILL_AT: 'none', APP_ID: fx.app.appId, KEY_ID: first });
  assert.equal(clean.code, 0, clean.stderr);
  assert.match(clean.stderr, new RegExp(`steps: ${DELETE_STEPS.join(' ')}`));
  assert.equal(JSON.parse(clean.stdout).deleted, true);
  assert.ok(!has(first));

  for (const step of DELETE_STEPS) {
    const made = tenant.addPassword(fx.app, { displayName: `to delete at ${step}` }, new Date());
    const keyId = made.credential.keyId;
    const killed = await runChild(home, { KILL_AT: step, APP_ID: fx.app.appId, KEY_ID: keyId });
    assert.equal(killed.signal, 'SIGKILL', `killed at ${step}: ${killed.stderr}`);
    // Before the Graph call the credential is there; after it, gone. Nothing else changed.
    assert.equal(has(keyId), step !== 'deleted', `killed at '${step}'`);
    assert.ok(has(fx.usedKeyId) && has(fx.spare.keyId), `killed at '${step}': the other credentials stay`);
    assert.ok(await tokenWorks(emu, fx.app.appId, fx.used), `killed at '${step}': the profile's secret still works`);

    const again = testFactory({ home });
    await secretDelete({ app: fx.app.appId, keyId, yes: true, output: 'json' }, again.f);
    const doc = JSON.parse(again.out());
    assert.ok(!has(keyId), `after '${step}': deleted`);
    if (step === 'deleted') {
      assert.equal(doc.alreadyDeleted, true);
      assert.match(again.err(), /already deleted/);
    } else {
      assert.equal(doc.deleted, true, `after a kill at '${step}' the re-run deletes it`);
    }
    assert.ok(!again.out().includes(made.secretText) && !again.err().includes(made.secretText) && !killed.stderr.includes(made.secretText));
  }
});
