// AADSTS codes and network failures to advice: each known failure gets its own message and fix, consent
// exits 4 (the user must act), and nothing but names and Entra's own sentence is ever echoed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aadstsCode, adviceFor, entraSentence, type AdviceContext } from '../../src/core/aadsts-advice.ts';

const ctx: AdviceContext = {
  profile: 'demo', clientId: '11111111-2222-3333-4444-555555555555', tenant: 'contoso.onmicrosoft.com', cloud: 'public',
  authorityHost: 'https://login.microsoftonline.com', scopes: ['https://graph.microsoft.com/.default'], flow: 'client-credentials',
};

/** An MSAL server error message as MSAL builds it: "<codes> - [timestamp]: AADSTS...: text\r\nTrace ID: ...". */
const msal = (code: number, text: string) => `${code} - [2026-11-23 10:00:00Z]: AADSTS${code}: ${text}\r\nTrace ID: 0c4e5f1a-0000-4000-8000-000000000000\r\nCorrelation ID: 1d5e6f2b-0000-4000-8000-000000000000\r\nTimestamp: 2026-11-23 10:00:00Z - Correlation ID: x - Trace ID: y`;

test('aadstsCode and entraSentence read the code and Entra\'s sentence without trace noise', () => {
  assert.equal(aadstsCode(msal(7000215, 'Invalid client secret provided.')), 7000215);
  assert.equal(aadstsCode('network_error'), undefined);
  assert.equal(entraSentence(msal(700016, 'Application not found.')), 'AADSTS700016: Application not found.');
  assert.equal(entraSentence('no code here'), undefined);
});

const cases: [number, RegExp, RegExp, number][] = [
  [7000222, /client secret of profile 'demo' has expired/, /entra-auth-cli secret create -p demo.*portal/, 1],
  [7000215, /rejected the client secret of profile 'demo'/, /secret ID \(a GUID\) pasted instead of the secret value/, 1],
  [90002, /Tenant 'contoso\.onmicrosoft\.com' was not found at https:\/\/login\.microsoftonline\.com/, /a tenant lives in exactly one cloud/, 1],
  [700016, /No application with client ID 11111111-2222-3333-4444-555555555555 was found in tenant 'contoso\.onmicrosoft\.com'/, /Application \(client\) ID/, 1],
  [7000112, /application 11111111-2222-3333-4444-555555555555 is disabled/, /ask them to enable it/, 1],
  [65001, /Consent is missing for https:\/\/graph\.microsoft\.com\/\.default/, /Grant admin consent/, 4],
  [70011, /scope https:\/\/graph\.microsoft\.com\/\.default is not valid for the client-credentials flow/, /RESOURCE\/\.default/, 1],
  [1002012, /not valid for the client-credentials flow/, /RESOURCE\/\.default/, 1],
  [700027, /rejected the certificate of profile 'demo'/, /Upload this certificate's public part/, 1],
  [50011, /no redirect URI for this CLI's loopback sign-in/, /http:\/\/localhost/, 1],
  [7000218, /needs a client secret or certificate/, /Allow public client flows/, 1],
];

for (const [code, message, hint, exit] of cases) {
  test(`AADSTS${code} gets its own advice (exit ${exit})`, () => {
    const a = adviceFor({ errorCode: 'invalid_client', errorMessage: msal(code, 'Entra says so.') }, ctx);
    assert.equal(a.code, code);
    assert.match(a.message, message);
    assert.match(a.message, new RegExp(`AADSTS${code}: Entra says so\\.`), 'cites Entra\'s sentence');
    assert.doesNotMatch(a.message, /Trace ID|Correlation ID/);
    assert.match(a.hint, hint);
    assert.equal(a.exitCode, exit);
  });
}

test('wrong tenant on the local emulator names the emulator\'s tenant', () => {
  const a = adviceFor({ errorCode: 'endpoints_resolution_error', errorMessage: 'Could not resolve endpoints.' }, { ...ctx, cloud: 'local', authorityHost: 'https://127.0.0.1:8443', emulatorTenantId: 'aaaaaaaa-0000-4000-8000-000000000000' });
  assert.match(a.message, /Tenant 'contoso\.onmicrosoft\.com' was not found at https:\/\/127\.0\.0\.1:8443/);
  assert.match(a.hint, /The running emulator's tenant is aaaaaaaa-0000-4000-8000-000000000000/);
});

test('network causes: refused (emulator or not), untrusted TLS, DNS, timeouts', () => {
  const refusedLocal = adviceFor({ errorCode: 'network_error', networkCode: 'ECONNREFUSED', networkUrl: 'https://127.0.0.1:8443' }, { ...ctx, cloud: 'local' });
  assert.match(refusedLocal.message, /Nothing is listening at https:\/\/127\.0\.0\.1:8443/);
  assert.match(refusedLocal.hint, /Is the emulator running\?/);
  const refused = adviceFor({ errorCode: 'network_error', networkCode: 'ECONNREFUSED', networkUrl: 'https://login.microsoftonline.com' }, ctx);
  assert.doesNotMatch(refused.hint, /emulator/);
  for (const code of ['SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'DEPTH_ZERO_SELF_SIGNED_CERT']) {
    const tls = adviceFor({ errorCode: 'network_error', networkCode: code, networkUrl: 'https://login.microsoftonline.com' }, ctx);
    assert.match(tls.message, new RegExp(`not trusted \\(${code}\\)`));
    assert.match(tls.hint, /NODE_EXTRA_CA_CERTS/);
    assert.match(tls.hint, /--cloud local/);
  }
  assert.match(adviceFor({ networkCode: 'ENOTFOUND', networkUrl: 'https://login.example.com' }, ctx).message, /cannot be resolved/);
  assert.match(adviceFor({ networkCode: 'ETIMEDOUT', networkUrl: 'https://login.example.com' }, ctx).message, /failed \(ETIMEDOUT\)/);
  assert.match(adviceFor({ networkCode: 'ETIMEDOUT', networkUrl: 'https://login.example.com' }, ctx).hint, /HTTPS_PROXY/);
});

test('an AADSTS code from the server wins over an older network error; unknown codes point to the lookup page', () => {
  const a = adviceFor({ errorCode: 'invalid_client', errorMessage: msal(7000215, 'x'), networkCode: 'ECONNRESET' }, ctx);
  assert.equal(a.code, 7000215);
  const unknown = adviceFor({ errorCode: 'invalid_request', errorMessage: msal(9999999, 'Something new.') }, ctx);
  assert.match(unknown.message, /Entra refused the token request of profile 'demo' \(AADSTS9999999: Something new\.\)/);
  assert.match(unknown.hint, /login\.microsoftonline\.com\/error\?code=9999999/);
});

test('device-code outcomes reported by name only', () => {
  assert.match(adviceFor({ errorCode: 'post_request_failed', errorMessage: 'authorization_declined' }, { ...ctx, flow: 'device-code' }).message, /declined/);
  assert.match(adviceFor({ errorCode: 'device_code_expired', errorMessage: 'Device code is expired.' }, { ...ctx, flow: 'device-code' }).message, /device code expired/);
});
