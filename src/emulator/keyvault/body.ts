// Request bodies of the secrets API (SecretSetParameters, SecretUpdateParameters, SecretRestoreParameters),
// read and validated only after the caller is authenticated. Invalid input is a 400 BadParameter; the
// messages name the offending property but never echo a secret value.
import type { RequestContext } from '../http/context.ts';
import { KV } from './errors.ts';

/** Key Vault's documented limits: 25 KB per secret value, 15 tags (names 512, values 256 characters). */
export const MAX_VALUE_BYTES = 25 * 1024;
const MAX_TAGS = 15;

export interface AttributeChanges {
  enabled?: boolean;
  /** null clears the attribute. */
  nbf?: number | null;
  exp?: number | null;
}

export interface SecretChanges {
  contentType?: string | null;
  tags?: Record<string, string> | null;
  attributes: AttributeChanges;
}

type Json = Record<string, unknown>;

export async function readJsonObject(ctx: RequestContext): Promise<Json> {
  const raw = (await ctx.body()).toString('utf8');
  if (!raw.trim()) throw KV.badParameter('The request body is missing; it must be a JSON object.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw KV.badParameter('The request body is not valid JSON.');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw KV.badParameter('The request body must be a JSON object.');
  return parsed as Json;
}

function optionalString(body: Json, name: string, max: number): string | null | undefined {
  const v = body[name];
  if (v === undefined || v === null) return v;
  if (typeof v !== 'string') throw KV.badParameter(`Property ${name} must be a string.`);
  if (v.length > max) throw KV.badParameter(`Property ${name} is longer than ${max} characters.`);
  return v;
}

function tagsOf(body: Json): Record<string, string> | null | undefined {
  const v = body.tags;
  if (v === undefined || v === null) return v;
  if (typeof v !== 'object' || Array.isArray(v)) throw KV.badParameter('Property tags must be an object of string values.');
  const entries = Object.entries(v as Json);
  if (entries.length > MAX_TAGS) throw KV.badParameter(`A secret can have at most ${MAX_TAGS} tags.`);
  const tags: Record<string, string> = {};
  for (const [k, tv] of entries) {
    if (typeof tv !== 'string') throw KV.badParameter(`Tag ${k} must have a string value.`);
    if (k.length > 512 || tv.length > 256) throw KV.badParameter('Tag names are limited to 512 characters and tag values to 256.');
    tags[k] = tv;
  }
  return tags;
}

function unixTime(attrs: Json, name: 'nbf' | 'exp'): number | null | undefined {
  const v = attrs[name];
  if (v === undefined || v === null) return v;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw KV.badParameter(`Property attributes.${name} must be a time in unix seconds.`);
  return v;
}

function attributesOf(body: Json): AttributeChanges {
  const a = body.attributes;
  if (a === undefined || a === null) return {};
  if (typeof a !== 'object' || Array.isArray(a)) throw KV.badParameter('Property attributes must be an object.');
  const attrs = a as Json;
  const out: AttributeChanges = {};
  if (attrs.enabled !== undefined && attrs.enabled !== null) {
    if (typeof attrs.enabled !== 'boolean') throw KV.badParameter('Property attributes.enabled must be true or false.');
    out.enabled = attrs.enabled;
  }
  const nbf = unixTime(attrs, 'nbf');
  const exp = unixTime(attrs, 'exp');
  if (nbf !== undefined) out.nbf = nbf;
  if (exp !== undefined) out.exp = exp;
  if (typeof nbf === 'number' && typeof exp === 'number' && exp <= nbf) throw KV.badParameter('The expiration time (exp) must be after the activation time (nbf).');
  return out;
}

function changesOf(body: Json): SecretChanges {
  return { contentType: optionalString(body, 'contentType', 255), tags: tagsOf(body), attributes: attributesOf(body) };
}

/** PUT /secrets/{name}: a value and optional properties. */
export async function readSetParameters(ctx: RequestContext): Promise<SecretChanges & { value: string }> {
  const body = await readJsonObject(ctx);
  if (typeof body.value !== 'string') throw KV.badParameter('Property value is required and must be a string.');
  if (Buffer.byteLength(body.value, 'utf8') > MAX_VALUE_BYTES) throw KV.badParameter(`The secret value is larger than the ${MAX_VALUE_BYTES / 1024} KB Key Vault allows.`);
  return { value: body.value, ...changesOf(body) };
}

/** PATCH /secrets/{name}/{version}: contentType, attributes and tags; a value cannot be changed. */
export async function readUpdateParameters(ctx: RequestContext): Promise<SecretChanges> {
  return changesOf(await readJsonObject(ctx));
}

/** POST /secrets/restore: {"value": "<backup blob>"}. */
export async function readRestoreParameters(ctx: RequestContext): Promise<string> {
  const body = await readJsonObject(ctx);
  if (typeof body.value !== 'string' || !body.value) throw KV.badParameter('Property value is required: the backup blob to restore.');
  return body.value;
}
