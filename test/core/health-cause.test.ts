// Sorting a failed token request into one health cause: by AADSTS code first (Entra's own text, as MSAL
// reports it), then the network failure underneath, then MSAL's error name for an unknown tenant.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthCauseOf, worstCause } from '../../src/core/health-cause.ts';

const said = (code: number, text = 'something') => ({ errorCode: 'invalid_client', errorMessage: `Error(s): ${code} - Description: AADSTS${code}: ${text}\r\nTrace ID: x` });

test('AADSTS codes: each cause from the codes Entra sends for it', () => {
  assert.equal(healthCauseOf(said(7000222)), 'expired-secret');
  assert.equal(healthCauseOf(said(7000215)), 'invalid-secret');
  assert.equal(healthCauseOf(said(700027, 'The certificate with identifier used to sign the client assertion is not registered on application.')), 'invalid-secret');
  assert.equal(healthCauseOf(said(700027, 'The certificate with identifier used to sign the client assertion is expired on application. [Reason - The key used is expired.]')), 'expired-secret');
  for (const c of [90002, 900023, 90023]) assert.equal(healthCauseOf(said(c)), 'wrong-tenant', String(c));
  for (const c of [700016, 7000229, 7000112]) assert.equal(healthCauseOf(said(c)), 'unknown-or-disabled-app', String(c));
  for (const c of [65001, 500011]) assert.equal(healthCauseOf(said(c)), 'missing-permission', String(c));
  assert.equal(healthCauseOf(said(70011)), 'failed', 'a bad scope is none of the named causes');
});

test('without an AADSTS code: a network failure, an unknown tenant (MSAL\'s discovery error), else failed', () => {
  assert.equal(healthCauseOf({ errorCode: 'network_error', networkCode: 'ECONNREFUSED', networkUrl: 'https://login.example' }), 'network');
  assert.equal(healthCauseOf({ errorCode: 'endpoints_resolution_error', networkCode: 'ENOTFOUND' }), 'network', 'a host that does not resolve is the network, not the tenant');
  assert.equal(healthCauseOf({ errorCode: 'endpoints_resolution_error' }), 'wrong-tenant');
  assert.equal(healthCauseOf({ errorCode: 'openid_config_error' }), 'wrong-tenant');
  assert.equal(healthCauseOf({ errorCode: 'something_else', errorMessage: 'boom' }), 'failed');
});

test('the worst cause: the documented order, ok for none', () => {
  assert.equal(worstCause([]), 'ok');
  assert.equal(worstCause(['network', 'missing-permission']), 'missing-permission');
  assert.equal(worstCause(['wrong-tenant', 'unknown-or-disabled-app']), 'unknown-or-disabled-app');
  assert.equal(worstCause(['network', 'failed', 'credential-unreadable']), 'credential-unreadable');
  assert.equal(worstCause(['invalid-secret', 'expired-secret', 'ok']), 'expired-secret');
});
