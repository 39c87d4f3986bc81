// Where the keys that signed an Entra token are published, decided from its issuer, and whether that place
// can be trusted. A key set is only as good as the host it comes from: a token naming an issuer of its own
// would otherwise "verify" against keys it chose. So keys are fetched only from Microsoft's sign-in hosts,
// or from a host the user named (--authority-host, a profile's cloud, the running emulator).
// v2 issuer https://HOST/{tid}/v2.0 -> https://HOST/{tid}/discovery/v2.0/keys
// v1 issuer https://sts.windows.net/{tid}/ names no sign-in host: the keys come from the authority host
// given (--authority-host, else the profile's cloud, else a running emulator, else the public cloud).
import { isMicrosoftAuthorityHost } from './authority-aliases.ts';

export interface JwksLocationInput {
  iss: unknown;
  authorityHostFlag?: string;
  profileAuthorityHost?: string;
  emulatorAuthorityHost?: string;
}

export type JwksLocation =
  | { ok: true; jwksUrl: string; via: string }
  | { ok: false; reason: string };

const PUBLIC_AUTHORITY = 'https://login.microsoftonline.com';
const V1_ISSUER = /^https:\/\/sts\.(?:windows\.net|chinacloudapi\.cn)\/([0-9a-f-]{36})\/$/i;
const V2_ISSUER = /^(https:\/\/[^/]+)\/([0-9a-f-]{36})\/v2\.0$/i;

const origin = (u: string) => new URL(u).origin;

export function jwksLocation(i: JwksLocationInput): JwksLocation {
  if (typeof i.iss !== 'string' || !i.iss) return { ok: false, reason: 'the token has no issuer (iss), so there is nowhere to find its keys' };
  const trusted = [i.authorityHostFlag, i.profileAuthorityHost, i.emulatorAuthorityHost].filter((h): h is string => Boolean(h)).map(origin);
  const v1 = V1_ISSUER.exec(i.iss);
  if (v1) {
    const [host, via] = i.authorityHostFlag ? [i.authorityHostFlag, '--authority-host']
      : i.profileAuthorityHost ? [i.profileAuthorityHost, "the profile's cloud"]
        : i.emulatorAuthorityHost ? [i.emulatorAuthorityHost, 'the running emulator']
          : [PUBLIC_AUTHORITY, 'the public cloud (a v1 issuer names no sign-in host; use --authority-host or -p for another)'];
    return { ok: true, jwksUrl: `${origin(host)}/${v1[1]!.toLowerCase()}/discovery/v2.0/keys`, via };
  }
  const v2 = V2_ISSUER.exec(i.iss);
  if (v2) {
    const base = origin(v2[1]!);
    const host = new URL(base).host;
    if (!isMicrosoftAuthorityHost(host) && !trusted.includes(base)) {
      return { ok: false, reason: `the issuer ${i.iss} is not a Microsoft sign-in host, so its keys prove nothing; pass --authority-host ${base} (or -p PROFILE) if you trust it` };
    }
    return { ok: true, jwksUrl: `${base}/${v2[2]!.toLowerCase()}/discovery/v2.0/keys`, via: 'the issuer' };
  }
  return { ok: false, reason: `the issuer ${i.iss} is not an Entra issuer this command knows (https://sts.windows.net/TENANT/ or https://HOST/TENANT/v2.0)` };
}
