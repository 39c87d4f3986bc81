// What `inventory scan` must find in an emulated tenant, read from the emulator's own state: one entry per
// credential (certificates listed for Sign and Verify once), keyed by object id and key id, with owners' UPNs.
import type { RunningEmulator } from '../../src/emulator/index.ts';

export interface ExpectedRow { objectType: string; objectId: string; keyIds: string[]; end: string | null; owners: string[] }

export function expectedInventory(emu: RunningEmulator): Map<string, ExpectedRow> {
  const t = emu.store.defaultTenant.record;
  const upn = new Map(t.users.map((u) => [u.id, u.userPrincipalName]));
  const out = new Map<string, ExpectedRow>();
  const add = (objectType: string, o: { id: string; passwordCredentials: { keyId: string; endDateTime: string | null }[]; keyCredentials: { keyId: string; endDateTime: string | null; startDateTime: string | null; customKeyIdentifier?: string | null }[] }, owners: string[]) => {
    for (const p of o.passwordCredentials) out.set(`${o.id}/${p.keyId}`, { objectType, objectId: o.id, keyIds: [p.keyId], end: p.endDateTime, owners });
    const certs = new Map<string, ExpectedRow>();
    for (const k of o.keyCredentials) {
      const id = k.customKeyIdentifier ? `${k.customKeyIdentifier}|${k.startDateTime}|${k.endDateTime}` : k.keyId;
      const c = certs.get(id) ?? { objectType, objectId: o.id, keyIds: [], end: k.endDateTime, owners };
      c.keyIds.push(k.keyId);
      certs.set(id, c);
    }
    for (const c of certs.values()) out.set(`${o.id}/${c.keyIds[0]}`, c);
  };
  for (const a of t.applications) add('application', a, (a.owners ?? []).map((id) => upn.get(id) ?? '(not a user)').sort());
  for (const s of t.servicePrincipals) add('servicePrincipal', s, []);
  return out;
}

/** The rows of an ndjson inventory, keyed as expectedInventory keys them; throws on a doubled row. */
export function rowsByKey(ndjson: string): Map<string, { owners: { userPrincipalName: string | null }[]; end: string | null; objectType: string }> {
  const out = new Map();
  for (const line of ndjson.split('\n').filter(Boolean)) {
    const r = JSON.parse(line);
    const key = `${r.objectId}/${r.keyId}`;
    if (out.has(key)) throw new Error(`row ${key} written twice`);
    out.set(key, r);
  }
  return out;
}
