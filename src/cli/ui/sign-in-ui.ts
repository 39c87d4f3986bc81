// The terminal side of a user sign-in (entra/msal/user-sign-in.ts SignInUi), for get-token and the admin
// session alike: open the browser or print the URL, show the device-code text, all on stderr. Device code is
// chosen when asked, or for an admin sign-in when no browser can open here (Linux without a display).
import type { SignInUi } from '../../entra/msal/user-sign-in.ts';
import { terminalSafe } from '../../core/terminal-text.ts';
import { line, type Io } from '../io.ts';
import { openUrl } from '../open-url.ts';

export interface SignInUiOptions {
  /** 'profile': get-token for a profile; 'admin': secret management (says which permissions it needs). */
  purpose: 'profile' | 'admin';
  deviceCode: boolean;
  /** false with --no-browser: print the sign-in URL instead of opening a browser. */
  browser?: boolean;
  timeoutSeconds: number;
}

const TIMEOUT_HINTS = {
  profile: 'Run the command again (with --timeout SECONDS for more time), or use --flow device-code on a machine without a browser.',
  admin: 'Run the command again, or add --device-code to sign in on another device.',
};

export function signInUi(io: Io, o: SignInUiOptions): SignInUi {
  const noDisplay = process.platform === 'linux' && !io.env.DISPLAY && !io.env.WAYLAND_DISPLAY;
  const fallBack = o.purpose === 'admin' && !o.deviceCode && noDisplay && o.browser !== false;
  if (fallBack) line(io.err, 'No browser can be opened here (no DISPLAY or WAYLAND_DISPLAY): signing in with a device code instead.');
  // The device-code text and the sign-in URL come from the sign-in service (a custom authority may be anyone's).
  const say = (text: string) => line(io.err, terminalSafe(text));
  return {
    mode: o.deviceCode || fallBack ? 'device-code' : 'browser',
    timeoutSeconds: o.timeoutSeconds,
    timeoutHint: TIMEOUT_HINTS[o.purpose],
    // MSAL may call back without a message when the service answered with an error instead of a code.
    deviceCode: (message) => { if (message) say(message); },
    openUrl: async (url) => {
      const opened = o.browser !== false && (await openUrl(url));
      if (o.purpose === 'profile') {
        line(io.err, opened ? 'Opened your browser to sign in. If it did not open, visit:' : 'Open this URL in a browser to sign in:');
        say(url);
      } else if (opened) {
        line(io.err, 'Opening browser for authentication...');
        line(io.err, 'Sign in with an account that has permission to modify the app registration.');
        say(`If the browser did not open, visit: ${url}`);
      } else {
        line(io.err, 'Open this URL in a browser and sign in with an account that has permission to modify the app registration:');
        say(url);
      }
    },
  };
}
