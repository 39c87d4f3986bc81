// Why a health check of a profile failed, as one cause a deployment smoke test can branch on: told from the
// AADSTS code Entra returned, MSAL's error name, or the network failure underneath (docs/lifecycle.md
// "health"). The message and fix come from core/aadsts-advice.ts; this only sorts the failure. Pure.
import { aadstsCode, type AuthFailure } from './aadsts-advice.ts';

export type HealthCause =
  | 'ok'
  | 'expired-secret'
  | 'invalid-secret'
  | 'wrong-tenant'
  | 'unknown-or-disabled-app'
  | 'missing-permission'
  | 'network'
  /** The profile's secret or certificate could not be read here (missing env var, file, stored value). */
  | 'credential-unreadable'
  | 'failed';

/**
 * Worst first: what `health --all` exits with when profiles fail for different reasons. A broken credential
 * outranks a wrong registration, which outranks missing permission; a network failure, which says nothing
 * about the profile itself, ranks below every finding about a profile.
 */
export const HEALTH_CAUSE_ORDER: readonly HealthCause[] = [
  'expired-secret', 'invalid-secret', 'unknown-or-disabled-app', 'wrong-tenant', 'missing-permission',
  'credential-unreadable', 'failed', 'network', 'ok',
];

const BY_CODE = new Map<number, HealthCause>([
  // The secret or certificate ended.
  [7000222, 'expired-secret'],
  // Entra does not accept the value or the certificate (not registered, wrong key, bad signature).
  [7000215, 'invalid-secret'], [700027, 'invalid-secret'], [50013, 'invalid-secret'],
  // No such tenant, or a tenant name Entra cannot read.
  [90002, 'wrong-tenant'], [900023, 'wrong-tenant'], [90023, 'wrong-tenant'], [90033, 'wrong-tenant'], [50128, 'wrong-tenant'], [90072, 'wrong-tenant'],
  // No such app in the tenant, no service principal for it, or its sign-ins disabled.
  [700016, 'unknown-or-disabled-app'], [7000229, 'unknown-or-disabled-app'], [7000112, 'unknown-or-disabled-app'],
  // Consent missing or declined, an API that is not in the tenant, an app or user not assigned.
  [65001, 'missing-permission'], [65004, 'missing-permission'], [500011, 'missing-permission'], [500021, 'missing-permission'],
  [50105, 'missing-permission'],
]);

/** 700027 also means a registered certificate that has expired ("The key used is expired"). */
const EXPIRED_KEY = /key used is expired|is expired on application/i;

export function healthCauseOf(failure: AuthFailure): HealthCause {
  const code = aadstsCode(failure.errorMessage);
  if (code !== undefined) {
    if (code === 700027 && EXPIRED_KEY.test(failure.errorMessage ?? '')) return 'expired-secret';
    return BY_CODE.get(code) ?? 'failed';
  }
  if (failure.networkCode) return 'network';
  // MSAL reports an unknown tenant by the failed openid-configuration request, not by its AADSTS90002.
  if (failure.errorCode === 'endpoints_resolution_error' || failure.errorCode === 'openid_config_error' || failure.errorCode === 'invalid_tenant') return 'wrong-tenant';
  return 'failed';
}

/** The worst of several causes (HEALTH_CAUSE_ORDER); 'ok' for none. */
export function worstCause(causes: Iterable<HealthCause>): HealthCause {
  let worst: HealthCause = 'ok';
  for (const c of causes) if (HEALTH_CAUSE_ORDER.indexOf(c) < HEALTH_CAUSE_ORDER.indexOf(worst)) worst = c;
  return worst;
}
