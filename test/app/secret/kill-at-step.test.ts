// kill -9 at every step of creating a client secret (issue 9, item 2): `secret create -p` to a profile and to
// Key Vault, and `config create --create-secret`. The harness and what must hold: test/app/kill-harness.ts.
import { after } from 'node:test';
import { cleanupCli } from '../../helpers/cli.ts';
import { killAtEveryStep } from '../kill-harness.ts';

after(cleanupCli);

killAtEveryStep('secret create -p', 'profile');
killAtEveryStep('secret create -p --to-keyvault', 'keyvault');
killAtEveryStep('config create --create-secret', 'config-create');
