// What `inspect` says about a token beyond its raw claims: every time in the viewer's zone and in UTC, and
// a plain summary of what kind of token it is — app-only (roles: application permissions) or delegated
// (scp: what a user let the app do), how the app proved itself (appidacr/azpacr), for which API, and
// whether it is still valid. Pure: `now` and the zone are passed in.
import { explainClaims, formatTime, relative, type ClaimRow } from './claims.ts';

const TIME_CLAIMS = new Set(['iat', 'nbf', 'exp', 'xms_tcdt', 'auth_time']);
const CLIENT_AUTH = ['as a public client (no secret or certificate)', 'with a client secret', 'with a certificate'];

/** Claims as rows; times read "local / UTC (in N min)". */
export function claimRows(claims: Record<string, unknown>, now: Date, zone?: string): ClaimRow[] {
  return explainClaims(claims, now, zone).map((row) => {
    const raw = claims[row.claim];
    if (!TIME_CLAIMS.has(row.claim) || typeof raw !== 'number') return row;
    const d = new Date(raw * 1000);
    return { ...row, value: `${formatTime(d, zone)} / ${formatTime(d, 'UTC')} (${relative(d.getTime() - now.getTime())})`, meaning: row.meaning || 'time the user signed in' };
  });
}

/** Sentences about the token, most important first. */
export function summarizeToken(claims: Record<string, unknown>, now: Date, zone?: string): string[] {
  const out: string[] = [];
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? v.split(' ').filter(Boolean) : []);
  const roles = list(claims.roles);
  const scp = list(claims.scp);
  const app = String(claims.app_displayname ?? claims.appid ?? claims.azp ?? 'an unnamed app');
  const user = claims.upn ?? claims.preferred_username ?? claims.unique_name;
  const aud = claims.aud === undefined ? 'an unnamed API' : String(claims.aud);

  if (scp.length || claims.idtyp === 'user' || user) {
    out.push(`Delegated token: ${app} acts for ${user ? String(user) : 'a signed-in user'}, with the delegated permissions (scp) the user consented to: ${scp.join(', ') || 'none'}.`);
  } else if (roles.length || claims.idtyp === 'app') {
    out.push(`App-only token: ${app} acts as itself, with the application permissions (roles) granted to it: ${roles.join(', ') || 'none'}.`);
  } else {
    out.push('Neither roles nor scp: the API will see a caller with no permissions.');
  }
  if (roles.length && scp.length) out.push('It carries both roles and scp: the API should check scp for the user and roles for the app.');
  const acr = claims.appidacr ?? claims.azpacr;
  if (typeof acr === 'string' && CLIENT_AUTH[Number(acr)]) out.push(`The app authenticated ${CLIENT_AUTH[Number(acr)]} (${claims.appidacr !== undefined ? 'appidacr' : 'azpacr'} ${acr}).`);
  out.push(`For the API ${aud}; Entra token format v${String(claims.ver ?? '?')}${claims.tid ? `, tenant ${String(claims.tid)}` : ''}.`);
  if (typeof claims.exp === 'number') {
    const exp = new Date(claims.exp * 1000);
    out.push(exp.getTime() > now.getTime()
      ? `Valid until ${formatTime(exp, zone)} / ${formatTime(exp, 'UTC')} (${relative(exp.getTime() - now.getTime())}).`
      : `Expired ${relative(exp.getTime() - now.getTime())} (${formatTime(exp, zone)} / ${formatTime(exp, 'UTC')}).`);
  }
  return out;
}
