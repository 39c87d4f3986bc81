// Where inspect --verify may look for a token's keys: only where the issuer the token names publishes them.
// Microsoft's issuers are never checked against the emulator, a profile's custom host or --authority-host
// on a non-Microsoft host; other hosts only when the user vouched for them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jwksLocation, type JwksLocation } from '../../src/core/jwks-location.ts';

const tid = '4dc40c63-caf9-4f0a-a996-2355cb5ecf11';
const EMU = 'https://127.0.0.1:8443';
const found = (l: JwksLocation) => { assert.ok(l.ok, !l.ok ? l.reason : ''); return l; };
const refused = (l: JwksLocation) => { assert.equal(l.ok, false); return !l.ok ? l.reason : ''; };

test('a v2 issuer on a Microsoft sign-in host: that host\'s discovery, never the emulator\'s CA', () => {
  for (const emulatorAuthorityHost of [undefined, EMU]) {
    assert.deepEqual(jwksLocation({ iss: `https://login.microsoftonline.com/${tid}/v2.0`, emulatorAuthorityHost }),
      { ok: true, discoveryUrl: `https://login.microsoftonline.com/${tid}/v2.0/.well-known/openid-configuration`, tenantId: tid, via: 'the issuer', emulator: false });
  }
  assert.match(refused(jwksLocation({ iss: `https://login.microsoftonline.com/${tid}/` })), /not one Microsoft uses/);
});

test('a Microsoft v1 issuer: a Microsoft cloud\'s v1 discovery, whatever emulator, profile or flag names another host', () => {
  const v1 = (o: object) => jwksLocation({ iss: `https://sts.windows.net/${tid}/`, ...o });
  assert.equal(found(v1({})).discoveryUrl, `https://login.microsoftonline.com/${tid}/.well-known/openid-configuration`);
  const withEmu = found(v1({ emulatorAuthorityHost: EMU }));
  assert.equal(withEmu.discoveryUrl, `https://login.microsoftonline.com/${tid}/.well-known/openid-configuration`);
  assert.equal(withEmu.emulator, false);
  assert.equal(found(v1({ emulatorAuthorityHost: EMU, profileAuthorityHost: 'https://login.microsoftonline.us' })).discoveryUrl, `https://login.microsoftonline.us/${tid}/.well-known/openid-configuration`);
  assert.equal(found(v1({ profileAuthorityHost: 'https://login.microsoftonline.us', authorityHostFlag: 'https://login.chinacloudapi.cn/' })).discoveryUrl, `https://login.chinacloudapi.cn/${tid}/.well-known/openid-configuration`);
  assert.equal(found(jwksLocation({ iss: `https://sts.chinacloudapi.cn/${tid}/` })).discoveryUrl, `https://login.chinacloudapi.cn/${tid}/.well-known/openid-configuration`);
  // the emulator (as a profile's cloud or named by the flag) cannot speak for Microsoft's issuer
  assert.match(refused(v1({ profileAuthorityHost: EMU, emulatorAuthorityHost: EMU })), /only a Microsoft sign-in host can vouch for it, not https:\/\/127\.0\.0\.1:8443 \(the profile's cloud\)/);
  assert.match(refused(v1({ authorityHostFlag: EMU })), /is forged/);
  assert.match(refused(v1({ authorityHostFlag: 'https://evil.example' })), /not https:\/\/evil\.example \(--authority-host\)/);
});

test('any other host: its own discovery, only when vouched for; the emulator\'s CA only for the emulator', () => {
  assert.match(refused(jwksLocation({ iss: `https://evil.example/${tid}/v2.0` })), /not a Microsoft sign-in host/);
  assert.match(refused(jwksLocation({ iss: `https://evil.example/${tid}/v2.0`, emulatorAuthorityHost: EMU })), /pass --authority-host https:\/\/evil\.example/);
  const emuV2 = found(jwksLocation({ iss: `${EMU}/${tid}/v2.0`, emulatorAuthorityHost: EMU }));
  assert.deepEqual([emuV2.discoveryUrl, emuV2.emulator], [`${EMU}/${tid}/v2.0/.well-known/openid-configuration`, true]);
  const emuV1 = found(jwksLocation({ iss: `${EMU}/${tid}/`, emulatorAuthorityHost: EMU }));
  assert.deepEqual([emuV1.discoveryUrl, emuV1.emulator], [`${EMU}/${tid}/.well-known/openid-configuration`, true]);
  const flagged = found(jwksLocation({ iss: `https://idp.example/${tid}/v2.0`, authorityHostFlag: 'https://idp.example/' }));
  assert.equal(flagged.emulator, false);
  assert.equal(refused(jwksLocation({ iss: 'https://accounts.google.com' })).length > 0, true);
  assert.match(refused(jwksLocation({ iss: undefined })), /no issuer/);
});
