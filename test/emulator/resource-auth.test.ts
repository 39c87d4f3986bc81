// Who Graph, Key Vault and ARM let in: a token signed by the emulator's key, within its lifetime, for that
// resource's own audiences, from the emulator's issuer of the token's tenant. Every other combination is
// refused with the service's own 401 shape, and nothing about the request (its Host header) widens what is
// accepted. The signing key is read from the state dir so the test can forge what an attacker would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { dirname, join } from 'node:path';
import { SignJWT } from 'jose';
import { tempDir } from '../helpers/cli.ts';
import { claimsOf, headerOf, testEmulator } from '../helpers/emulator.ts';
import { bootstrapToken, clientCredentialsToken } from '../helpers/graph.ts';
import type { RunningEmulator } from '../../src/emulator/index.ts';
import { GRAPH_APP_ID, KEY_VAULT_APP_ID } from '../../src/emulator/state/microsoft-apps.ts';

interface Raw { status: number; headers: Record<string, string | string[] | undefined>; json: any; text: string }

/** One HTTPS request to the emulator with any Host header (fetch will not send a foreign one). */
function send(emu: RunningEmulator, method: string, path: string, o: { token?: string; host?: string; body?: unknown } = {}): Promise<Raw> {
  const body = o.body === undefined ? undefined : JSON.stringify(o.body);
  return new Promise((resolve, reject) => {
    const req = httpsRequest({
      host: '127.0.0.1', port: emu.port, method, path, servername: 'localhost',
      headers: {
        ...(o.host ? { host: o.host } : {}),
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
        ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json, text });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function lab() {
  const stateDir = tempDir('eac-emu-auth-');
  const emu = await testEmulator({ stateDir, caDir: dirname(process.env.EAC_TEST_CA!) });
  const tenant = emu.store.defaultTenant;
  const key = createPrivateKey(readFileSync(join(stateDir, 'signing-key.pem'), 'utf8'));
  const graphToken = await bootstrapToken(emu);
  const kid = headerOf(graphToken).kid as string;
  const boot = emu.info.bootstrap;
  const tokenFor = (scope: string) => clientCredentialsToken(emu, boot.clientId, boot.clientSecret, scope);
  /** The claims of a real Graph token with `changes`, re-signed (by our key unless told). */
  const forge = (changes: Record<string, unknown>, header: Record<string, unknown> = {}, signer: KeyObject = key) =>
    new SignJWT({ ...claimsOf(graphToken), ...changes }).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid, ...header }).sign(signer);
  const now = Math.floor(Date.now() / 1000);
  const own = emu.info.authorityHost;
  return { emu, tenant, key, graphToken, tokenFor, forge, now, own };
}

const unsigned = (claims: Record<string, unknown>) =>
  `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

const OTHER_TENANT = '0badc0de-0000-4000-8000-000000000000';

test('Graph takes only Graph tokens from our issuer: every other audience, issuer, tenant, lifetime or signature is 401', async () => {
  const { emu, tenant, graphToken, tokenFor, forge, now, own } = await lab();
  const tid = tenant.id;
  // a custom API whose identifier is a host name, and a client that may get tokens for it
  tenant.addApplication({ displayName: 'Other API', identifierUris: ['https://evil.example'], requestedAccessTokenVersion: 1 }, new Date());
  const otherApi = await tokenFor('https://evil.example/.default');
  assert.equal(claimsOf(otherApi).aud, 'https://evil.example');

  const refused: [string, string | Promise<string>, string | undefined, RegExp][] = [
    ['another API\'s token', otherApi, undefined, /^Access token validation failure\. Invalid audience\.$/],
    ['another API\'s token, Host header = its audience', otherApi, 'evil.example', /^Access token validation failure\. Invalid audience\.$/],
    ['Key Vault\'s token', tokenFor('https://vault.azure.net/.default'), undefined, /Invalid audience/],
    ['ARM\'s token', tokenFor('https://management.azure.com/.default'), undefined, /Invalid audience/],
    ['an audience on a foreign host named by Host', forge({ aud: 'https://evil.example:443' }), 'evil.example', /Invalid audience/],
    ['Microsoft\'s issuer', forge({ iss: `https://sts.windows.net/${tid}/` }), undefined, /^Access token validation failure\. Invalid issuer\.$/],
    ['an issuer on a foreign host', forge({ iss: `https://evil.example/${tid}/` }), undefined, /Invalid issuer/],
    ['a tenant we do not hold', forge({ iss: `${own}/${OTHER_TENANT}/`, tid: OTHER_TENANT }), undefined, /Invalid issuer/],
    ['issuer of our tenant, tid of another', forge({ tid: OTHER_TENANT }), undefined, /Invalid issuer/],
    ['expired', forge({ iat: now - 7200, nbf: now - 7200, exp: now - 60 }), undefined, /^Lifetime validation failed, the token is expired\.$/],
    ['not yet valid', forge({ nbf: now + 3600, exp: now + 7200 }), undefined, /^Lifetime validation failed/],
    ['unsigned (alg none)', unsigned(claimsOf(graphToken)), undefined, /^Access token validation failure\. The token is not signed\.$/],
    ['HS256', new SignJWT(claimsOf(graphToken)).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32))), undefined, /not signed/],
    ['signed by another key', forge({}, {}, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey), undefined, /^Access token validation failure\.$/],
    ['not a JWT', 'abc', undefined, /JWT is not well formed/],
  ];
  const before = tenant.record.applications.length;
  for (const [name, token, host, message] of refused) {
    const res = await send(emu, 'POST', '/v1.0/applications', { token: await token, host, body: { displayName: 'created by a stranger' } });
    assert.equal(res.status, 401, `${name}: ${res.text}`);
    assert.equal(res.json.error.code, 'InvalidAuthenticationToken', name);
    assert.match(res.json.error.message, message, name);
    assert.equal(typeof res.json.error.innerError['request-id'], 'string', name);
    assert.match(String(res.headers['www-authenticate']), /^Bearer realm="", authorization_uri="https:\/\/login\.microsoftonline\.com\/common\/oauth2\/authorize", client_id="00000003-0000-0000-c000-000000000000"$/, name);
  }
  assert.equal(tenant.record.applications.length, before, 'nothing was created');

  // what Graph accepts: its URI, its app id, the emulator's own origin (under any of its names), another tenant's own token
  const accepted: [string, string | Promise<string>][] = [
    ['https://graph.microsoft.com', graphToken],
    ['Graph\'s app id', tokenFor(`${GRAPH_APP_ID}/.default`)],
    ['the emulator\'s origin', tokenFor(`${own}/.default`)],
    ['the emulator under another of its names', tokenFor(`https://localhost:${emu.port}/.default`)],
  ];
  for (const [name, token] of accepted) {
    const res = await send(emu, 'GET', '/v1.0/applications?$top=1', { token: await token });
    assert.equal(res.status, 200, `${name}: ${res.text}`);
  }
});

test('a scope on the emulator\'s own origin always means Graph, whatever the Host header or an app\'s identifier says', async () => {
  const { emu, tenant, tokenFor } = await lab();
  const localhost = `https://localhost:${emu.port}`;
  tenant.addApplication({ displayName: 'Squatter', identifierUris: [localhost], requestedAccessTokenVersion: 1 }, new Date());
  const token = await tokenFor(`${localhost}/.default`);
  assert.ok((claimsOf(token).roles as string[]).includes('Application.ReadWrite.All'), 'Graph\'s roles, not the squatter\'s');
  // a Host header the emulator does not answer to is ignored: URLs and issuers stay on its own names
  const doc = await send(emu, 'GET', `/${tenant.id}/v2.0/.well-known/openid-configuration`, { host: 'login.microsoftonline.com' });
  assert.equal(doc.json.issuer, `${emu.info.authorityHost}/${tenant.id}/v2.0`);
  const foreign = await send(emu, 'GET', `/${tenant.id}/v2.0/.well-known/openid-configuration`, { host: `evil.example:${emu.port}` });
  assert.equal(foreign.json.issuer, `${emu.info.authorityHost}/${tenant.id}/v2.0`);
  const otherPort = await send(emu, 'GET', `/${tenant.id}/v2.0/.well-known/openid-configuration`, { host: 'localhost:1' });
  assert.equal(otherPort.json.issuer, `${emu.info.authorityHost}/${tenant.id}/v2.0`);
  const ownName = await send(emu, 'GET', `/${tenant.id}/v2.0/.well-known/openid-configuration`, { host: `localhost:${emu.port}` });
  assert.equal(ownName.json.issuer, `https://localhost:${emu.port}/${tenant.id}/v2.0`);
});

test('Key Vault takes only Key Vault tokens from our issuer of the vault\'s tenant, with its 401 and challenge', async () => {
  const { emu, tenant, graphToken, tokenFor, forge, now, own } = await lab();
  const vaultToken = await tokenFor('https://vault.azure.net/.default');
  const v = claimsOf(vaultToken);
  const kv = (token: string | undefined, host?: string) => send(emu, 'GET', '/secrets?api-version=7.4', { token, host });
  const refused: [string, string | Promise<string>, RegExp][] = [
    ['Graph\'s token', graphToken, /^AKV10022: Invalid audience\. Expected https:\/\/vault\.azure\.net, found: https:\/\/graph\.microsoft\.com\.$/],
    ['the emulator\'s origin as audience', tokenFor(`${own}/.default`), /^AKV10022: Invalid audience\. Expected https:\/\/vault\.azure\.net, found: https:\/\/127\.0\.0\.1:\d+\.$/],
    ['ARM\'s token', tokenFor('https://management.azure.com/.default'), /^AKV10022/],
    ['Microsoft\'s issuer', forge({ ...v, iss: `https://sts.windows.net/${tenant.id}/` }), new RegExp(`^AKV10032: Invalid issuer\\. Expected one of ${own.replace(/\./g, '\\.')}/${tenant.id}/, ${own.replace(/\./g, '\\.')}/${tenant.id}/v2\\.0, found https://sts\\.windows\\.net/${tenant.id}/\\.$`)],
    ['a tenant we do not hold', forge({ ...v, iss: `${own}/${OTHER_TENANT}/`, tid: OTHER_TENANT }), /^AKV10032: Invalid issuer/],
    ['expired', forge({ ...v, iat: now - 7200, nbf: now - 7200, exp: now - 60 }), /^\[TokenExpired\] Error validating token: 'S2S12086'\.$/],
    ['unsigned (alg none)', unsigned(v), /^AKV10046: Unable to resolve the key used for signature validation\.$/],
    ['signed by another key', forge(v, {}, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey), /^AKV10046/],
    ['not a JWT', 'abc', /^\[BearerReadAccessTokenFailed\] Error validating token: 'S2S12005'\.$/],
  ];
  for (const [name, token, message] of refused) {
    for (const host of [undefined, 'vault.azure.net']) {
      const res = await kv(await token, host);
      assert.equal(res.status, 401, `${name}: ${res.text}`);
      assert.equal(res.json.error.code, 'Unauthorized', name);
      assert.match(res.json.error.message, message, name);
      assert.equal(res.headers['x-ms-error-code'], 'Unauthorized', name);
      assert.equal(res.headers['www-authenticate'], `Bearer authorization="${own}/${tenant.id}", resource="https://vault.azure.net"`, name);
    }
  }
  for (const token of [vaultToken, await tokenFor(`${KEY_VAULT_APP_ID}/.default`)]) {
    const res = await kv(token);
    assert.notEqual(res.status, 401, res.text);
  }
});

test('ARM takes only ARM tokens from our issuer', async () => {
  const { emu, graphToken, tokenFor, forge, now, own, tenant } = await lab();
  const armToken = await tokenFor('https://management.azure.com/.default');
  const a = claimsOf(armToken);
  const arm = (token: string) => send(emu, 'GET', '/subscriptions?api-version=2022-12-01', { token });
  const refused: [string, string | Promise<string>, string][] = [
    ['Graph\'s token', graphToken, 'InvalidAuthenticationTokenAudience'],
    ['Key Vault\'s token', tokenFor('https://vault.azure.net/.default'), 'InvalidAuthenticationTokenAudience'],
    ['Microsoft\'s issuer', forge({ ...a, iss: `https://sts.windows.net/${tenant.id}/` }), 'InvalidAuthenticationTokenTenant'],
    ['a tenant we do not hold', forge({ ...a, iss: `${own}/${OTHER_TENANT}/`, tid: OTHER_TENANT }), 'InvalidAuthenticationTokenTenant'],
    ['expired', forge({ ...a, iat: now - 7200, nbf: now - 7200, exp: now - 60 }), 'ExpiredAuthenticationToken'],
    ['unsigned', unsigned(a), 'InvalidAuthenticationToken'],
    ['signed by another key', forge(a, {}, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey), 'InvalidAuthenticationToken'],
  ];
  for (const [name, token, code] of refused) {
    const res = await arm(await token);
    assert.equal(res.status, 401, `${name}: ${res.text}`);
    assert.equal(res.json.error.code, code, name);
    assert.match(String(res.headers['www-authenticate']), /^Bearer authorization_uri=/, name);
  }
  assert.equal((await arm(armToken)).status, 200);
});
