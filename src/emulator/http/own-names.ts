// The names this emulator answers to: the DNS names and IP addresses of the TLS certificate it serves (and
// the address it listens on), on the port it listens on. They decide two things a client must not:
// - which Host header values the emulator builds its URLs and issuers from (any other falls back to its
//   own address), so it never mints a token whose issuer names someone else's host;
// - which audiences name the emulator itself (Azure CLI asks for a token for "the Graph endpoint"), decided
//   from these names, never from the Host header of the request that carries the token.
import { X509Certificate } from 'node:crypto';

export class OwnNames {
  private readonly exact = new Set<string>();
  /** Wildcard names as their suffix (".localhost" for "*.localhost"): they cover exactly one more label. */
  private readonly wildcards: string[] = [];
  /** The listening port, set once the server listens. */
  port = 0;

  constructor(names: string[]) {
    for (const n of names) {
      if (n.startsWith('*.')) this.wildcards.push(n.slice(1).toLowerCase());
      else { const h = canonicalHost(n); if (h) this.exact.add(h); }
    }
  }

  /** The subject alternative names of `certPem`, plus `extra` names (the listen address). */
  static fromCertificate(certPem: string, extra: string[] = []): OwnNames {
    const san = new X509Certificate(certPem).subjectAltName ?? '';
    const names = san.split(/,\s*/).map((entry) => /^(?:DNS|IP Address):(.+)$/.exec(entry)?.[1]).filter((n): n is string => Boolean(n));
    return new OwnNames([...names, ...extra]);
  }

  /** True when `hostname` (no port) is one of ours. */
  hasHost(hostname: string): boolean {
    const h = canonicalHost(hostname);
    if (!h) return false;
    if (this.exact.has(h)) return true;
    return this.wildcards.some((w) => h.endsWith(w) && !h.slice(0, -w.length).includes('.') && h.length > w.length);
  }

  /** A Host header (host[:port]) that names us on `port`, the port the request came in on. */
  isOwnAuthority(authority: string, port: number): boolean {
    let u: URL;
    try { u = new URL(`https://${authority}/`); } catch { return false; }
    return this.hasHost(u.hostname) && Number(u.port || 443) === port;
  }

  /** An https origin (with or without a trailing slash) that names this emulator, e.g. a token's audience. */
  isOwnOrigin(value: string): boolean {
    let u: URL;
    try { u = new URL(value); } catch { return false; }
    if (u.protocol !== 'https:' || (u.pathname !== '/' && u.pathname !== '') || u.search || u.hash || u.username) return false;
    if (!/^https:\/\/[^/]+\/?$/i.test(value)) return false;
    return this.port !== 0 && this.hasHost(u.hostname) && Number(u.port || 443) === this.port;
  }
}

/** Lower case, IPv6 in URL form ("[::1]"); undefined for what is no host. */
function canonicalHost(name: string): string | undefined {
  const bare = name.replace(/^\[|\]$/g, '');
  try {
    return new URL(`https://${bare.includes(':') ? `[${bare}]` : bare}/`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
