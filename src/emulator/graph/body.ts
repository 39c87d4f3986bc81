// Reading a Graph request body: JSON only, objects only, with Graph's error for anything else.
import { GE } from './errors.ts';
import { checkFieldLimits } from './field-limits.ts';
import type { GraphRequest } from './types.ts';

export function readJson(req: GraphRequest, required = true): Record<string, unknown> | undefined {
  if (req.body.trim() === '') {
    if (required) throw GE.badRequest('Empty Payload. JSON content expected.');
    return undefined;
  }
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type && !type.includes('json')) throw GE.badRequest(`Content-Type '${type}' is not supported; send application/json.`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(req.body);
  } catch {
    throw GE.invalidJson();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw GE.invalidJson();
  // A $batch's sub-requests are checked when each runs, against its own path.
  if (req.path !== '/$batch') checkFieldLimits(parsed, req.path);
  return parsed as Record<string, unknown>;
}

export function optionalString(body: Record<string, unknown>, key: string): string | null | undefined {
  const v = body[key];
  if (v === undefined || v === null) return v as null | undefined;
  if (typeof v !== 'string') throw GE.badRequest(`Invalid value specified for property '${key}' of resource.`);
  return v;
}

export function optionalDate(body: Record<string, unknown>, key: string): Date | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw GE.badRequest(`Invalid value specified for property '${key}' of resource 'PasswordCredential'.`);
  return new Date(v);
}

export function stringArray(v: unknown, key: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw GE.badRequest(`Invalid value specified for property '${key}': expected an array of strings.`);
  return v as string[];
}
