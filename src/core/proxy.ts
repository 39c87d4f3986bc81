// Which proxy a request should use, from the environment variables every HTTP tool reads: HTTPS_PROXY
// (or https_proxy, ALL_PROXY) and NO_PROXY (comma-separated hosts, domain suffixes, host:port, or '*').
// Loopback is always reached directly: a local emulator must not be sent through a corporate proxy.
// Pure: the caller passes the environment.

export function proxyFor(target: URL, env: NodeJS.ProcessEnv): string | undefined {
  const proxy = env.HTTPS_PROXY ?? env.https_proxy ?? env.ALL_PROXY ?? env.all_proxy;
  if (!proxy) return undefined;
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host)) return undefined;
  const port = target.port || '443';
  const rules = (env.NO_PROXY ?? env.no_proxy ?? '').split(',').map((r) => r.trim().toLowerCase()).filter(Boolean);
  for (const rule of rules) {
    if (rule === '*') return undefined;
    const [ruleHost, rulePort] = rule.split(/:(?=\d+$)/);
    if (rulePort && rulePort !== port) continue;
    const bare = ruleHost!.replace(/^\*?\./, '');
    if (host === bare || host.endsWith(`.${bare}`)) return undefined;
  }
  return /^[a-z]+:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}
