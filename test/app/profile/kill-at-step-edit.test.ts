// kill -9 at every step of `config edit` (issue 9, item 2): a new value typed in, and a new secret created in
// the app (the old credential stays valid; the profile reads it until it has switched). The harness and what
// must hold: test/app/kill-harness.ts.
import { after } from 'node:test';
import { cleanupCli } from '../../helpers/cli.ts';
import { killAtEveryStep } from '../kill-harness.ts';

after(cleanupCli);

killAtEveryStep('config edit -p p --client-secret-stdin', 'edit-stdin');
killAtEveryStep('config edit -p p --create-secret', 'edit-create');
