// Admin sign-in failures as advice: a tenant that blocks the default client says how to use your own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminSignInAdvice } from '../../src/core/admin-sign-in-advice.ts';

const ctx = { tenant: 'contoso.onmicrosoft.com', clientId: '14d82eec-204b-4c2f-b7e8-296a70dab67e', defaultClient: true, kind: 'user' as const, settingsPath: '/cfg/settings.json' };

test('blocked default client (700016, 65001, 50105, 7000112): exit 4, the way to your own client', () => {
  for (const code of [700016, 65001, 50105, 7000112]) {
    const a = adminSignInAdvice('invalid_client', `AADSTS${code}: something.\r\nTrace ID: x`, ctx)!;
    assert.equal(a.exitCode, 4, String(code));
    assert.match(a.message, /does not let the default sign-in client, Microsoft Graph PowerShell/);
    assert.match(a.message, new RegExp(`AADSTS${code}: something\\.\\)`));
    assert.doesNotMatch(a.message, /Trace ID/);
    assert.match(a.hint, /--admin-client-id <its client ID>/);
    assert.match(a.hint, /\/cfg\/settings\.json/);
  }
});

test('your own client blocked: check that registration; a service principal: check --client-id', () => {
  const own = adminSignInAdvice(undefined, 'AADSTS65001: consent', { ...ctx, defaultClient: false, clientId: 'c' })!;
  assert.match(own.message, /the sign-in client c/);
  assert.doesNotMatch(own.hint, /--admin-client-id <its/);
  const sp = adminSignInAdvice(undefined, 'AADSTS700016: not found', { ...ctx, kind: 'service-principal', defaultClient: false, clientId: 'c' })!;
  assert.equal(sp.exitCode, 1);
  assert.match(sp.hint, /--client-id/);
});

test('declined and expired device codes by OAuth error name; no code: undefined', () => {
  assert.match(adminSignInAdvice('authorization_declined', 'declined', ctx)!.message, /declined/);
  assert.match(adminSignInAdvice('expired_token', '', ctx)!.message, /expired/);
  assert.equal(adminSignInAdvice('network_error', 'socket hang up', ctx), undefined);
});
