// The emulator's sign-in pages: plain server-rendered HTML with stable element ids (Entra's own `otc`
// and `idSIButton9` where Entra has them), so a person or a headless browser can drive them.

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:"Segoe UI",system-ui,sans-serif;background:#f2f2f2;margin:0;display:flex;justify-content:center}
main{background:#fff;margin-top:8vh;padding:36px 44px;width:440px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
.brand{font-size:13px;color:#666;margin-bottom:16px}h1{font-size:24px;font-weight:600;margin:0 0 16px}
button,input[type=submit]{font:inherit;cursor:pointer}
.user{display:block;width:100%;text-align:left;background:#fff;border:1px solid #ddd;padding:12px;margin:8px 0}
.user:hover{background:#f0f6ff}.upn{color:#666;font-size:13px}
.primary{background:#0067b8;color:#fff;border:0;padding:8px 24px;min-width:108px}
.secondary{background:#ccc;border:0;padding:8px 24px;min-width:108px;margin-right:8px}
input[type=text]{font:inherit;width:100%;border:0;border-bottom:1px solid #666;padding:6px 0;margin:12px 0 24px}
.error{color:#e81123;margin:8px 0}.perm{margin:4px 0 4px 16px;font-size:14px}.note{font-size:13px;color:#666}
</style></head>
<body><main><div class="brand">entra-auth-cli emulator &middot; Microsoft Entra ID</div>
${body}
</main></body></html>`;
}

export interface UserChoice { id: string; userPrincipalName: string; displayName: string }

/** A user picker that posts `user` plus the hidden fields; `decline` posts action=decline. */
export function userPicker(opts: { action: string; hidden: Record<string, string>; users: UserChoice[]; appName: string; permissions: string[]; heading: string }): string {
  const hidden = Object.entries(opts.hidden).map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join('');
  const users = opts.users.map((u) => `<button class="user" type="submit" name="user" value="${escapeHtml(u.userPrincipalName)}" id="user-${escapeHtml(u.id)}">
<div>${escapeHtml(u.displayName)}</div><div class="upn">${escapeHtml(u.userPrincipalName)}</div></button>`).join('');
  const perms = opts.permissions.map((p) => `<div class="perm">&#10003; ${escapeHtml(p)}</div>`).join('');
  return page(opts.heading, `<h1>${escapeHtml(opts.heading)}</h1>
<p><b>${escapeHtml(opts.appName)}</b> wants to sign you in${opts.permissions.length ? ' and access:' : '.'}</p>${perms}
<form method="post" action="${escapeHtml(opts.action)}">${hidden}
<p class="note">Pick an account. Choosing one accepts the permissions above.</p>${users}
<p><button class="secondary" type="submit" name="action" value="decline" id="idBtn_Back">Cancel</button></p>
</form>`);
}

export function messagePage(title: string, message: string, isError = false): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p class="${isError ? 'error' : ''}" id="message">${escapeHtml(message)}</p>`);
}
