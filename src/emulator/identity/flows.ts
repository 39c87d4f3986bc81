// Short-lived state of the user flows: pending sign-in requests, authorization codes, device codes and
// refresh tokens. Held in memory (like an STS's cache); a restart asks users to sign in again.
// Refresh tokens are kept by hash so a memory dump of this map holds nothing a client could replay.
import { createHash, randomBytes, randomInt } from 'node:crypto';

export interface AuthorizeRequest {
  tenantId: string;
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string | undefined;
  nonce: string | undefined;
  responseMode: 'query' | 'fragment' | 'form_post';
  codeChallenge: string | undefined;
  codeChallengeMethod: 'S256' | 'plain';
  clientInfo: boolean;
}

export interface AuthCode extends AuthorizeRequest {
  userId: string;
  expiresAt: number;
  redeemed: boolean;
}

export interface DeviceCode {
  deviceCode: string;
  userCode: string;
  tenantId: string;
  clientId: string;
  scope: string;
  expiresAt: number;
  interval: number;
  lastPollAt: number;
  status: 'pending' | 'approved' | 'declined' | 'redeemed';
  userId?: string;
}

export interface RefreshGrant {
  tenantId: string;
  clientId: string;
  userId: string;
  /** Resource-independent: an Entra RT can be redeemed for any consented resource. */
  lastUsedAt: number;
}

const CODE_LIFETIME_MS = 10 * 60 * 1000;
export const DEVICE_CODE_LIFETIME_S = 900;
const REFRESH_INACTIVITY_MS = 90 * 24 * 3600 * 1000;
// Entra's user codes avoid look-alike characters.
const USER_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

const token = (bytes: number) => randomBytes(bytes).toString('base64url');
const digest = (v: string) => createHash('sha256').update(v).digest('base64url');

export class FlowStore {
  private pending = new Map<string, { req: AuthorizeRequest; expiresAt: number }>();
  private codes = new Map<string, AuthCode>();
  private devices = new Map<string, DeviceCode>();
  private devicesByUserCode = new Map<string, DeviceCode>();
  private refresh = new Map<string, RefreshGrant>();
  private lastRefreshSweep = 0;

  constructor(private readonly now: () => number) {}

  savePending(req: AuthorizeRequest): string {
    this.sweep();
    const id = token(24);
    this.pending.set(id, { req, expiresAt: this.now() + CODE_LIFETIME_MS });
    return id;
  }

  takePending(id: string): AuthorizeRequest | undefined {
    const p = this.pending.get(id);
    this.pending.delete(id);
    return p && p.expiresAt > this.now() ? p.req : undefined;
  }

  peekPending(id: string): AuthorizeRequest | undefined {
    const p = this.pending.get(id);
    return p && p.expiresAt > this.now() ? p.req : undefined;
  }

  issueCode(req: AuthorizeRequest, userId: string): string {
    const code = `1.${token(96)}`;
    this.codes.set(code, { ...req, userId, expiresAt: this.now() + CODE_LIFETIME_MS, redeemed: false });
    return code;
  }

  code(code: string): AuthCode | undefined {
    return this.codes.get(code);
  }

  issueDeviceCode(tenantId: string, clientId: string, scope: string, interval: number): DeviceCode {
    this.sweep();
    let userCode = '';
    do {
      userCode = Array.from({ length: 9 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join('');
    } while (this.devicesByUserCode.has(userCode));
    const dc: DeviceCode = {
      deviceCode: `DAQABIQEAAAB${token(96)}`, userCode, tenantId, clientId, scope,
      expiresAt: this.now() + DEVICE_CODE_LIFETIME_S * 1000, interval, lastPollAt: 0, status: 'pending',
    };
    this.devices.set(dc.deviceCode, dc);
    this.devicesByUserCode.set(userCode, dc);
    return dc;
  }

  deviceCode(deviceCode: string): DeviceCode | undefined { return this.devices.get(deviceCode); }
  deviceByUserCode(userCode: string): DeviceCode | undefined {
    return this.devicesByUserCode.get(userCode.trim().toUpperCase().replace(/[\s-]/g, ''));
  }

  issueRefreshToken(grant: Omit<RefreshGrant, 'lastUsedAt'>): string {
    this.sweep();
    const rt = `1.${token(160)}`;
    this.refresh.set(digest(rt), { ...grant, lastUsedAt: this.now() });
    return rt;
  }

  /** Returns the grant behind a refresh token, or 'expired' / undefined. */
  redeemRefreshToken(rt: string): RefreshGrant | 'expired' | undefined {
    const g = this.refresh.get(digest(rt));
    if (!g) return undefined;
    if (g.lastUsedAt + REFRESH_INACTIVITY_MS < this.now()) return 'expired';
    g.lastUsedAt = this.now();
    return g;
  }

  /** Drops expired entries so long-running emulators do not grow. */
  private sweep(): void {
    const now = this.now();
    // Refresh tokens pile up with every redemption: drop long-dead ones, at most once a minute (kept for a
    // second 90 days so a late client still gets 'expired' (700082) rather than 'invalid').
    if (now - this.lastRefreshSweep > 60_000) {
      this.lastRefreshSweep = now;
      for (const [k, g] of this.refresh) if (g.lastUsedAt + 2 * REFRESH_INACTIVITY_MS < now) this.refresh.delete(k);
    }
    for (const [k, v] of this.pending) if (v.expiresAt < now) this.pending.delete(k);
    for (const [k, v] of this.codes) if (v.expiresAt + CODE_LIFETIME_MS < now) this.codes.delete(k);
    for (const [k, v] of this.devices) {
      if (v.expiresAt + 60_000 < now) { this.devices.delete(k); this.devicesByUserCode.delete(v.userCode); }
    }
  }
}
