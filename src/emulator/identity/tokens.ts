// Minting the JWTs Entra issues: v1 access tokens (Microsoft Graph, Key Vault, ARM audiences), v2 access
// tokens (the tenant's own APIs), and v2 ID tokens, all RS256-signed by the key published in JWKS.
// Claim sets follow Microsoft's access-token claims reference (docs/protocol-notes.md, "Access-token claims").
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import type { SigningKey } from './signing-key.ts';
import type { ResolvedResource } from '../state/tenant.ts';
import type { ServicePrincipalRecord, UserRecord } from '../state/model.ts';
import { APP_ONLY_WIDS, DIRECTORY_ROLE_TEMPLATES } from '../state/microsoft-apps.ts';

export interface TokenSubject {
  tenantId: string;
  baseUrl: string;
  client: { appId: string; displayName: string; sp?: ServicePrincipalRecord };
  /** 0 = public client, 1 = secret, 2 = certificate. */
  clientAuth: 0 | 1 | 2;
  user?: UserRecord;
  ipAddress: string;
}

export interface MintedToken {
  token: string;
  expiresIn: number;
}

/**
 * The emulator's issuers, on its own host: v1 https://HOST/{tid}/ (Entra's is https://sts.windows.net/{tid}/,
 * which a local emulator must not claim: its key would then "prove" Microsoft's tokens), v2 https://HOST/{tid}/v2.0.
 */
export const v1Issuer = (baseUrl: string, tid: string) => `${baseUrl}/${tid}/`;
export const v2Issuer = (baseUrl: string, tid: string) => `${baseUrl}/${tid}/v2.0`;

const b64url = (n: number) => randomBytes(n).toString('base64url');
/** Entra's `uti`: a 22-character base64url token id. */
const uti = () => b64url(16).slice(0, 22);

/** Entra's pairwise `sub`: stable per (user, app), different across apps. */
export function pairwiseSub(userId: string, appId: string): string {
  return createHash('sha256').update(`${userId}|${appId.toLowerCase()}`).digest('base64url').slice(0, 43);
}

export class TokenMinter {
  constructor(private readonly key: SigningKey, private readonly lifetimeSeconds: number, private readonly now: () => number) {}

  /** An access token for `resource`; `audience` is what the client asked for (v1 keeps the identifier URI). */
  async accessToken(subject: TokenSubject, resource: ResolvedResource, audience: string, grants: { roles?: string[]; scp?: string[] }): Promise<MintedToken> {
    const iat = Math.floor(this.now() / 1000);
    const exp = iat + this.lifetimeSeconds;
    const { tenantId: tid, client, user } = subject;
    const v1 = resource.tokenVersion === 1;
    const claims: Record<string, unknown> = {
      aud: v1 ? audience : resource.appId,
      iss: v1 ? v1Issuer(subject.baseUrl, tid) : v2Issuer(subject.baseUrl, tid),
      iat, nbf: iat, exp,
      aio: b64url(40),
    };
    if (v1) {
      Object.assign(claims, { app_displayname: client.displayName, appid: client.appId, appidacr: String(subject.clientAuth), idp: v1Issuer(subject.baseUrl, tid) });
    } else {
      Object.assign(claims, { azp: client.appId, azpacr: String(subject.clientAuth) });
    }
    if (user) {
      Object.assign(claims, {
        idtyp: 'user', oid: user.id, sub: pairwiseSub(user.id, client.appId), name: user.displayName,
        scp: (grants.scp ?? []).join(' '), sid: b64url(24),
      });
      if (v1) Object.assign(claims, { upn: user.userPrincipalName, unique_name: user.userPrincipalName, amr: ['pwd'], acr: '1', ipaddr: subject.ipAddress });
      else claims.preferred_username = user.userPrincipalName;
      const wids = user.roles.map((r) => DIRECTORY_ROLE_TEMPLATES[r]).filter((w): w is string => Boolean(w));
      if (wids.length) claims.wids = wids;
    } else {
      const oid = client.sp?.id;
      Object.assign(claims, { idtyp: 'app', oid, sub: oid });
      if (grants.roles && grants.roles.length) claims.roles = grants.roles;
      if (v1) claims.wids = APP_ONLY_WIDS;
    }
    Object.assign(claims, { rh: `0.${b64url(40)}.`, tid, uti: uti(), ver: v1 ? '1.0' : '2.0' });
    if (v1) claims.xms_tcdt = iat - 86400 * 30;
    const header = v1 ? { typ: 'JWT', alg: 'RS256', kid: this.key.kid, x5t: this.key.x5t } : { typ: 'JWT', alg: 'RS256', kid: this.key.kid };
    return { token: await this.sign(header, claims), expiresIn: this.lifetimeSeconds };
  }

  async idToken(subject: TokenSubject & { user: UserRecord }, nonce: string | undefined): Promise<string> {
    const iat = Math.floor(this.now() / 1000);
    const { tenantId: tid, user, client } = subject;
    const claims: Record<string, unknown> = {
      aud: client.appId, iss: v2Issuer(subject.baseUrl, tid), iat, nbf: iat, exp: iat + 3600,
      aio: b64url(40), name: user.displayName, oid: user.id, preferred_username: user.userPrincipalName,
      rh: `0.${b64url(40)}.`, sid: b64url(24), sub: pairwiseSub(user.id, client.appId), tid, uti: uti(), ver: '2.0',
    };
    if (nonce) claims.nonce = nonce;
    return this.sign({ typ: 'JWT', alg: 'RS256', kid: this.key.kid }, claims);
  }

  private sign(header: { alg: string; typ: string; kid: string; x5t?: string }, claims: Record<string, unknown>): Promise<string> {
    return new SignJWT(claims as Record<string, unknown>).setProtectedHeader(header).sign(this.key.privateKey);
  }
}

/** The token of an `Authorization: Bearer …` header (the same reading for Graph, Key Vault and ARM). */
export function readBearer(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}
