// kill -9 at every step of `config import` (issue 9, item 2): over an existing profile with a stored secret
// (--overwrite), and as a new profile. The harness and what must hold: test/app/kill-harness.ts.
import { after } from 'node:test';
import { cleanupCli } from '../../helpers/cli.ts';
import { killAtEveryStep } from '../kill-harness.ts';

after(cleanupCli);

killAtEveryStep('config import FILE --overwrite', 'import-overwrite');
killAtEveryStep('config import FILE (a new profile)', 'import-new');
