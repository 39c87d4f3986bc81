// Reading a JWT's claims for people: decode (no verification here), then explain what each claim means
// in Entra terms and show times in the viewer's zone with how long is left. Pure: `now` is passed in.

// The decoder lives in jwt.ts; re-exported for the commands that explain claims.
export { decodeJwt, TokenFormatError, type DecodedJwt } from './jwt.ts';

const MEANINGS: Record<string, string> = {
  aud: 'audience: the API this token is for',
  iss: 'issuer: the tenant\'s token service',
  iat: 'issued at', nbf: 'not valid before', exp: 'expires',
  appid: 'client ID of the app that asked for the token (v1)',
  azp: 'client ID of the app that asked for the token (v2)',
  app_displayname: 'name of that app',
  appidacr: 'how the app authenticated: 0 public client, 1 client secret, 2 certificate',
  azpacr: 'how the app authenticated: 0 public client, 1 client secret, 2 certificate',
  idtyp: "'app' for an app-only token, 'user' when a user signed in",
  oid: 'object ID of the caller (service principal or user)',
  sub: 'subject: stable ID of the caller for this app',
  tid: 'tenant ID', ver: 'token format version',
  roles: 'application permissions (app roles) granted to the app',
  scp: 'delegated permissions (scopes) the user consented to',
  wids: 'directory role template IDs',
  upn: 'user principal name', preferred_username: 'user principal name', name: 'display name',
  uti: 'token ID', aio: 'internal (Entra)', rh: 'internal (Entra)', xms_tcdt: 'tenant creation time',
  idp: 'identity provider',
};

export interface ClaimRow { claim: string; value: string; meaning: string }

export function explainClaims(claims: Record<string, unknown>, now: Date, zone?: string): ClaimRow[] {
  return Object.entries(claims).map(([claim, raw]) => {
    let value = Array.isArray(raw) ? raw.join(', ') : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
    if ((claim === 'iat' || claim === 'nbf' || claim === 'exp' || claim === 'xms_tcdt') && typeof raw === 'number') {
      value = `${formatTime(new Date(raw * 1000), zone)} (${relative(raw * 1000 - now.getTime())})`;
    }
    let meaning = MEANINGS[claim] ?? '';
    if ((claim === 'appidacr' || claim === 'azpacr') && typeof raw === 'string') meaning = `${['public client', 'client secret', 'certificate'][Number(raw)] ?? 'unknown'} (${meaning.split(':')[0]})`;
    return { claim, value, meaning };
  });
}

/** "2026-11-23 12:34:56 UTC" in the given IANA zone (default: the viewer's). */
export function formatTime(d: Date, zone?: string): string {
  const f = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    hourCycle: 'h23', timeZoneName: 'short',
  }).formatToParts(d);
  const p = (t: string) => f.find((x) => x.type === t)?.value ?? '';
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}:${p('second')} ${p('timeZoneName')}`;
}

export function relative(ms: number): string {
  const abs = Math.abs(ms);
  const mins = Math.round(abs / 60000);
  const text = mins < 1 ? 'less than a minute' : mins < 120 ? `${mins} min` : mins < 2880 ? `${Math.round(mins / 60)} h` : `${Math.round(mins / 1440)} days`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}
