// The flags login, logout and whoami share: where the admin signs in.
import { flag, type Flag } from '../define-command.ts';

/** Where the admin signs in: the flags login, logout and whoami share. */
export const ADMIN_TARGET_FLAGS: Flag[] = [
  flag('--tenant <tenant>', "tenant ID or domain (default: the running emulator's with --cloud local; organizations for login; else the current session's)"),
  flag('--cloud <cloud>', 'public | usgov | china | local (default: public, or the current session\'s)'),
  flag('-p, --profile <name>', "use this profile's cloud and tenant (also for custom clouds)"),
];
