// Entra's OAuth error responses: {error, error_description "AADSTSnnnn: ...\r\nTrace ID ...", error_codes,
// timestamp, trace_id, correlation_id, error_uri} with the status Entra uses for each error kind.
// Texts follow Microsoft's published messages; codes we could not confirm are listed in docs/protocol-notes.md.
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../http/context.ts';

export class EntraError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    readonly text: string,
  ) {
    super(`AADSTS${code}: ${text}`);
  }
}

const bad = (error: string, code: number, text: string) => new EntraError(400, error, code, text);
const unauthorized = (code: number, text: string) => new EntraError(401, 'invalid_client', code, text);

/** The catalogue: one function per failure, so handlers read as what went wrong. */
export const E = {
  missingParameter: (name: string) => bad('invalid_request', 900144, `The request body must contain the following parameter: '${name}'.`),
  unsupportedGrant: (grant: string) => bad('unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`),
  grantNotOnCommon: () => bad('invalid_request', 9001023, "The grant type isn't supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint."),
  tenantNotFound: (tenant: string) => bad('invalid_tenant', 90002, `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`),
  appNotFound: (appId: string, tenantName: string) => bad('unauthorized_client', 700016, `Application with identifier '${appId}' was not found in the directory '${tenantName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`),
  invalidSecret: (appId: string) => unauthorized(7000215, `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${appId}'.`),
  expiredSecret: (appId: string) => unauthorized(7000222, `The provided client secret keys for app '${appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.`),
  missingCredential: () => unauthorized(7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'."),
  publicClientWithSecret: () => unauthorized(700025, "Client is public so neither 'client_assertion' nor 'client_secret' should be presented."),
  appDisabled: (appId: string, name: string) => bad('unauthorized_client', 7000112, `Application '${appId}'(${name}) is disabled.`),
  missingScope: () => bad('invalid_request', 70011, "The provided request must include a 'scope' input parameter."),
  invalidScope: (scope: string) => bad('invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`),
  scopeNeedsDefault: (scope: string) => bad('invalid_scope', 1002012, `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`),
  resourceNotFound: (resource: string, tenantName: string) => bad('invalid_resource', 500011, `The resource principal named ${resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`),
  malformedAssertion: () => bad('invalid_request', 50027, 'JWT token is invalid or malformed.'),
  badAssertionType: () => bad('invalid_request', 50027, "Invalid client_assertion_type. Expected 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'."),
  assertionSubjectMismatch: () => unauthorized(700021, "Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials ."),
  assertionKeyNotFound: (thumb: string, appId: string) => unauthorized(700027, `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumb}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${appId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments#app-registration-and-token-service-root-endpoints to know the endpoints used by each cloud.]`),
  assertionKeyExpired: (thumb: string) => unauthorized(700027, `The certificate with identifier used to sign the client assertion is expired on application. [Reason - The key used is expired., Thumbprint of key used by client: '${thumb}']`),
  assertionBadSignature: () => unauthorized(700027, 'Client assertion failed signature validation.'),
  assertionTime: (now: number, nbf: number | undefined, exp: number | undefined) => unauthorized(700024, `Client assertion is not within its valid time range. Current time: ${iso(now)}, assertion valid from ${nbf ? iso(nbf) : 'unset'}, expiry time of assertion ${exp ? iso(exp) : 'unset'}. Review the documentation at https://docs.microsoft.com/en-us/azure/active-directory/develop/active-directory-certificate-credentials .`),
  assertionAudience: (aud: string, expected: string) => unauthorized(50013, `Assertion failed signature validation. [Reason - The audience '${aud}' of the assertion does not match the token endpoint '${expected}'.]`),
  // authorization code + PKCE, refresh tokens
  codeInvalid: () => bad('invalid_grant', 70000, 'The provided value for the input parameter \'code\' is not valid.'),
  codeOtherTenant: () => bad('invalid_grant', 700005, 'Provided Authorization Code is intended to use against other tenant, thus rejected.'),
  codeRedeemed: () => bad('invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.'),
  codeExpired: () => bad('invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.'),
  pkceMismatch: () => bad('invalid_grant', 501481, "The Code_Verifier doesn't match the code_challenge supplied in the authorization request."),
  pkceMissing: () => bad('invalid_request', 50148, 'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.'),
  redirectMismatch: (uri: string, appId: string) => bad('invalid_request', 50011, `The redirect URI '${uri}' specified in the request does not match the redirect URIs configured for the application '${appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.`),
  refreshInvalid: () => bad('invalid_grant', 70000, 'Provided grant is invalid or malformed.'),
  refreshExpired: () => bad('invalid_grant', 700082, 'The refresh token has expired due to inactivity. The token was issued on a date and was inactive for 90.00:00:00.'),
  refreshScopeNotConsented: (scope: string) => bad('invalid_grant', 65001, `The user or administrator has not consented to use the application with ID for scope '${scope}'. Send an interactive authorization request for this user and resource.`),
  // device code
  authorizationPending: () => bad('authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.'),
  slowDown: () => bad('slow_down', 70016, 'OAuth 2.0 device flow error. Polling too often; slow down.'),
  deviceCodeExpired: () => bad('expired_token', 70020, "The provided value for the input parameter 'device_code' is not valid. This device code has expired."),
  deviceCodeDeclined: () => bad('authorization_declined', 70019, 'The end user denied the authorization request.'),
  deviceCodeInvalid: () => bad('invalid_grant', 70000, "The provided value for the input parameter 'device_code' is not valid."),
  // transport
  bodyTooLarge: () => new EntraError(413, 'invalid_request', 90097, 'The request body is too large.'),
  spMissing: (appId: string) => bad('invalid_client', 7000229, `The client application ${appId} is missing service principal in the tenant.`),
};

function iso(sec: number): string {
  return new Date(sec * 1000).toISOString();
}

/** "2026-11-23 11:22:57Z": the timestamp format Entra uses in error bodies. */
export function entraTimestamp(d = new Date()): string {
  return d.toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

export function sendEntraError(ctx: RequestContext, err: EntraError, correlationId = ctx.clientRequestId): void {
  const traceId = randomUUID();
  const ts = entraTimestamp();
  ctx.json(err.status, {
    error: err.error,
    error_description: `AADSTS${err.code}: ${err.text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${ts}`,
    error_codes: [err.code],
    timestamp: ts,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `${ctx.baseUrl}/error?code=${err.code}`,
  }, { 'cache-control': 'no-store, no-cache', pragma: 'no-cache', 'x-ms-request-id': traceId, 'client-request-id': ctx.clientRequestId });
}
