// What to do when the admin sign-in for secret management fails. The default client is Microsoft Graph
// PowerShell's well-known public client; some tenants block it (not consented, disabled, assignment
// required), and then the answer is to register your own public client and name it with --admin-client-id.
// Pure: the caller passes the AADSTS text MSAL returned (see aadsts-advice.ts for the parsing helpers).
import { aadstsCode, entraSentence } from './aadsts-advice.ts';

export interface AdminSignInContext {
  tenant: string;
  clientId: string;
  /** True when clientId is the built-in default (Microsoft Graph PowerShell). */
  defaultClient: boolean;
  kind: 'user' | 'service-principal';
  /** Where settings.json lives, to name it in the advice. */
  settingsPath: string;
}

export interface AdminAdvice {
  message: string;
  hint: string;
  exitCode: 1 | 4;
}

export function ownClientHowTo(settingsPath: string): string {
  return 'Use your own public client: register an app (App registrations > New registration), add the platform '
    + '"Mobile and desktop applications" with redirect URI http://localhost, turn on "Allow public client flows" (for --device-code), '
    + 'add the delegated Microsoft Graph permission Application.ReadWrite.All and grant admin consent; then sign in with '
    + '`entra-auth-cli login --admin-client-id <its client ID>` (or set EAC_ADMIN_CLIENT_ID, '
    + `or put {"adminClientId": "<its client ID>"} in ${settingsPath}).`;
}

/** Advice for an MSAL failure during admin sign-in; undefined when the text carries no code we know. */
export function adminSignInAdvice(errorCode: string | undefined, errorMessage: string | undefined, ctx: AdminSignInContext): AdminAdvice | undefined {
  const code = aadstsCode(errorMessage)
    ?? (errorCode === 'authorization_declined' ? 70019 : errorCode === 'expired_token' || errorCode === 'device_code_expired' ? 70020 : undefined);
  if (code === undefined) return undefined;
  const said = entraSentence(errorMessage);
  const cite = said ? ` (${said})` : ` (AADSTS${code})`;
  const client = ctx.defaultClient ? `the default sign-in client, Microsoft Graph PowerShell (${ctx.clientId}),` : `the sign-in client ${ctx.clientId}`;
  const blocked = (what: string): AdminAdvice => ({
    message: `Tenant '${ctx.tenant}' does not let ${client} sign you in: ${what}${cite}.`,
    hint: ctx.defaultClient ? ownClientHowTo(ctx.settingsPath) : `Check that app registration (it must be a public client with redirect URI http://localhost and the delegated permission Application.ReadWrite.All, consented), or sign in without --admin-client-id.`,
    exitCode: 4,
  });
  switch (code) {
    case 700016:
      return ctx.kind === 'service-principal'
        ? { message: `No application with client ID ${ctx.clientId} was found in tenant '${ctx.tenant}'${cite}.`, hint: 'Check --client-id (the "Application (client) ID") and --tenant.', exitCode: 1 }
        : blocked('it is not available there');
    case 65001:
    case 65004:
      return blocked('consent for Application.ReadWrite.All is missing');
    case 50105:
      return blocked('your account is not assigned to it');
    case 7000112:
      return blocked('it is disabled');
    case 53003:
      return { message: `A Conditional Access policy of tenant '${ctx.tenant}' blocked the sign-in${cite}.`, hint: 'Sign in from a device and place the policy allows, or ask an administrator which policy applies.', exitCode: 4 };
    case 50020:
    case 50034:
    case 50059:
      return { message: `That account does not exist in tenant '${ctx.tenant}'${cite}.`, hint: 'Sign in with an account of that tenant, or name the right one with --tenant.', exitCode: 1 };
    case 90002:
      return { message: `Tenant '${ctx.tenant}' was not found${cite}.`, hint: 'Check --tenant (a tenant ID or a domain like contoso.onmicrosoft.com) and --cloud.', exitCode: 1 };
    case 70019:
      return { message: 'The sign-in was declined.', hint: 'Run `entra-auth-cli login` again and approve the sign-in.', exitCode: 1 };
    case 70020:
      return { message: 'The device code expired before the sign-in was completed.', hint: 'Run `entra-auth-cli login --device-code` again and finish within the time shown.', exitCode: 1 };
    case 7000215:
      return { message: `Entra rejected the client secret of service principal ${ctx.clientId}${cite}.`, hint: 'Pipe the secret value (not its ID) to --client-secret-stdin.', exitCode: 1 };
    case 7000222:
      return { message: `The client secret of service principal ${ctx.clientId} has expired${cite}.`, hint: 'Create a new one and sign in with it.', exitCode: 1 };
    case 700027:
    case 700024:
      return { message: `Entra rejected the certificate of service principal ${ctx.clientId}${cite}.`, hint: 'The certificate must be registered on that app registration (Certificates & secrets) and not expired.', exitCode: 1 };
    case 700082:
    case 70008:
      return { message: `The admin sign-in for tenant '${ctx.tenant}' has expired${cite}.`, hint: 'Sign in again with `entra-auth-cli login`.', exitCode: 4 };
    default:
      return { message: `The admin sign-in was refused${cite}.`, hint: `Look up AADSTS${code} in https://learn.microsoft.com/entra/identity-platform/reference-error-codes.`, exitCode: 1 };
  }
}
