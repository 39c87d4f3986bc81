// Where the keys that signed an Entra token must come from, decided by the issuer the token names, and
// nothing else. A key set proves only what its own issuer signed: keys from "any JWKS we know" (a running
// emulator, a profile's cloud) would make any token claiming Microsoft's issuer VALID if signed with them.
// So (docs/protocol-notes.md, "Verifying a token's issuer"):
// - Microsoft's issuers (https://sts.windows.net/{tid}/, https://sts.chinacloudapi.cn/{tid}/ and
//   https://{Microsoft sign-in host}/{tid}/v2.0) are checked only against a Microsoft sign-in host's
//   discovery document, never against the emulator's (its CA is not trusted for them either).
// - Any other issuer (https://HOST/{tid}/v2.0 or the emulator's v1 form https://HOST/{tid}/) is checked
//   against HOST's own discovery, and only if the user vouched for HOST (--authority-host, -p PROFILE, or it
//   is the running emulator).
// The verifier then requires the discovery document to name the token's issuer exactly (jwt-verify.ts).
import { isMicrosoftAuthorityHost } from './authority-aliases.ts';
import { SOVEREIGN_CLOUDS } from './cloud.ts';

export interface JwksLocationInput {
  iss: unknown;
  authorityHostFlag?: string;
  profileAuthorityHost?: string;
  emulatorAuthorityHost?: string;
}

export type JwksLocation =
  | {
    ok: true;
    /** The OpenID configuration of the issuer: its `issuer` must equal the token's, its `jwks_uri` gives the keys. */
    discoveryUrl: string;
    /** The tenant the issuer names (lower case). */
    tenantId: string;
    /** How the place was chosen, for the verdict. */
    via: string;
    /** True when the keys come from the running emulator (only then may its CA be trusted). */
    emulator: boolean;
  }
  | { ok: false; reason: string };

// The sign-in hosts come from the one cloud table.
const PUBLIC_AUTHORITY = SOVEREIGN_CLOUDS.public.authorityHost;
const CHINA_AUTHORITY = SOVEREIGN_CLOUDS.china.authorityHost;
const GUID = '([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})';
const MS_V1_ISSUER = new RegExp(`^https://(sts\\.windows\\.net|sts\\.chinacloudapi\\.cn)/${GUID}/$`, 'i');
const V2_ISSUER = new RegExp(`^(https://[^/?#]+)/${GUID}/v2\\.0$`, 'i');
const HOST_V1_ISSUER = new RegExp(`^(https://[^/?#]+)/${GUID}/$`, 'i');

const originOf = (u: string) => new URL(u).origin;

export function jwksLocation(i: JwksLocationInput): JwksLocation {
  if (typeof i.iss !== 'string' || !i.iss) return { ok: false, reason: 'the token has no issuer (iss), so there is nowhere to find its keys' };
  const emulator = i.emulatorAuthorityHost ? originOf(i.emulatorAuthorityHost) : undefined;

  const msV1 = MS_V1_ISSUER.exec(i.iss);
  if (msV1) return microsoftV1(i, msV1[1]!.toLowerCase(), msV1[2]!.toLowerCase());

  const v2 = V2_ISSUER.exec(i.iss);
  const v1 = v2 ? undefined : HOST_V1_ISSUER.exec(i.iss);
  const m = v2 ?? v1;
  if (!m) return { ok: false, reason: `the issuer ${i.iss} is not an Entra issuer this command knows (https://sts.windows.net/TENANT/ or https://HOST/TENANT/v2.0)` };
  const base = originOf(m[1]!);
  const tenantId = m[2]!.toLowerCase();
  const discoveryUrl = `${base}/${tenantId}${v2 ? '/v2.0' : ''}/.well-known/openid-configuration`;
  if (isMicrosoftAuthorityHost(new URL(base).host)) {
    // Microsoft's v1 issuers are the sts.* forms; https://login.microsoftonline.com/{tid}/ is nobody's.
    if (!v2) return { ok: false, reason: `the issuer ${i.iss} is not one Microsoft uses (its v1 issuer is https://sts.windows.net/${tenantId}/), so no Microsoft key can vouch for it` };
    return { ok: true, discoveryUrl, tenantId, via: 'the issuer', emulator: false };
  }
  const trusted = [i.authorityHostFlag, i.profileAuthorityHost, emulator].filter((h): h is string => Boolean(h)).map(originOf);
  if (!trusted.includes(base)) {
    return { ok: false, reason: `the issuer ${i.iss} is not a Microsoft sign-in host, so its keys prove nothing; pass --authority-host ${base} (or -p PROFILE) if you trust it` };
  }
  return { ok: true, discoveryUrl, tenantId, via: base === emulator ? 'the issuer (the running emulator)' : 'the issuer', emulator: base === emulator };
}

/**
 * A v1 issuer names no sign-in host, only Microsoft's token service: the keys come from the Microsoft cloud
 * given (--authority-host, else a profile on a Microsoft cloud, else the public or China cloud by issuer).
 * Never from the emulator or a custom host: they cannot speak for Microsoft's issuer.
 */
function microsoftV1(i: JwksLocationInput, stsHost: string, tenantId: string): JwksLocation {
  const china = stsHost === 'sts.chinacloudapi.cn';
  const [host, via] = i.authorityHostFlag ? [i.authorityHostFlag, '--authority-host']
    : i.profileAuthorityHost ? [i.profileAuthorityHost, "the profile's cloud"]
      : [china ? CHINA_AUTHORITY : PUBLIC_AUTHORITY, `the ${china ? 'China' : 'public'} cloud (a v1 issuer names no sign-in host; use --authority-host for another Microsoft cloud)`];
  const base = originOf(host);
  if (!isMicrosoftAuthorityHost(new URL(base).host)) {
    return { ok: false, reason: `the issuer https://${stsHost}/${tenantId}/ is Microsoft's, and only a Microsoft sign-in host can vouch for it, not ${base} (${via}); a token signed elsewhere that claims Microsoft's issuer is forged` };
  }
  return { ok: true, discoveryUrl: `${base}/${tenantId}/.well-known/openid-configuration`, tenantId, via, emulator: false };
}
