// The one redaction helper every error and log path goes through: it masks anything shaped like a
// client secret, a JWT or a bearer/basic credential, so a value can never leak through a message.
const PATTERNS: RegExp[] = [
  /[A-Za-z0-9_~.-]{3}[78]Q~[A-Za-z0-9_~.-]{31,34}/g, // Entra client secrets (current and previous formats)
  /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, // JWTs
  /\b((?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{8,}/gi, // Authorization header values
  /((?:client_secret|client_assertion|refresh_token|code|password|secretText|value)["']?\s*[=:]\s*["']?)[^\s"'&,}]{6,}/gi,
];

export function redact(text: string, extraSecrets: string[] = []): string {
  let out = text;
  for (const s of extraSecrets) if (s.length >= 4) out = out.split(s).join('[REDACTED]');
  for (const p of PATTERNS) out = out.replace(p, (m, prefix?: string) => (typeof prefix === 'string' && m.startsWith(prefix) ? `${prefix}[REDACTED]` : '[REDACTED]'));
  return out;
}
