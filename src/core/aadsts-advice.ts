// Turning a failed sign-in into advice a person can act on: the AADSTS code Entra returned (or the network
// error underneath MSAL) mapped to what went wrong and the fix. Pure: the caller passes what it knows; the
// result never contains secret values, only names (profile, client ID, tenant, URLs) and Entra's own text.

export interface AuthFailure {
  /** MSAL's errorCode (invalid_client, endpoints_resolution_error, network_error, ...). */
  errorCode?: string;
  /** MSAL's errorMessage, which carries Entra's "AADSTSnnnn: ..." text for server errors. */
  errorMessage?: string;
  /** The Node error code underneath a network failure (ECONNREFUSED, SELF_SIGNED_CERT_IN_CHAIN, ...). */
  networkCode?: string;
  /** The URL that network failure was about. */
  networkUrl?: string;
}

export interface AdviceContext {
  profile: string;
  clientId: string;
  tenant: string;
  cloud: string;
  authorityHost: string;
  scopes: string[];
  flow: string;
  /** The running emulator's tenant, for 'local' profiles: the one tenant that exists there. */
  emulatorTenantId?: string;
}

export interface Advice {
  /** The AADSTS code, when Entra sent one. */
  code?: number;
  message: string;
  hint: string;
  exitCode: 1 | 4;
}

/** The first AADSTS code in a text, e.g. 7000215 from "AADSTS7000215: Invalid client secret provided." */
const PROXY_HINT = 'Behind a proxy? Set HTTPS_PROXY (and NO_PROXY for hosts to reach directly): entra-auth-cli uses them.';

export function aadstsCode(text: string | undefined): number | undefined {
  const m = /AADSTS(\d{5,9})\b/.exec(text ?? '');
  return m ? Number(m[1]) : undefined;
}

/** Entra's sentence without the trace/correlation IDs and timestamps MSAL and Entra append. */
export function entraSentence(text: string | undefined): string | undefined {
  const m = /AADSTS\d+:[^\r\n]*/.exec(text ?? '');
  if (!m) return undefined;
  return m[0].replace(/\s*Trace ID:.*$/, '').trim();
}

const TLS_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT', 'CERT_UNTRUSTED', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_SIGNATURE_FAILURE',
]);

/** Device-code outcomes MSAL reports by OAuth error name only (no AADSTS text), as the codes Entra uses. */
const OAUTH_ERROR_CODES: Record<string, number> = {
  authorization_declined: 70019, expired_token: 70020, device_code_expired: 70020,
};

export function adviceFor(failure: AuthFailure, ctx: AdviceContext): Advice {
  const code = aadstsCode(failure.errorMessage)
    ?? OAUTH_ERROR_CODES[failure.errorCode ?? ''] ?? OAUTH_ERROR_CODES[/^\s*([a-z_]+)\s*$/.exec(failure.errorMessage ?? '')?.[1] ?? ''];
  const said = entraSentence(failure.errorMessage);
  const cite = said ? ` (${said})` : code ? ` (AADSTS${code})` : '';
  const p = ctx.profile;
  const edit = `entra-auth-cli config edit -p ${p}`;
  const portalApp = `App registrations > ${ctx.clientId}`;
  const fail = (message: string, hint: string, exitCode: 1 | 4 = 1): Advice => ({ code, message, hint, exitCode });

  switch (code) {
    case 7000222:
      return fail(`The client secret of profile '${p}' has expired${cite}.`,
        `Create a new one and store it in the profile with \`entra-auth-cli secret create -p ${p}\` (or in the portal: ${portalApp} > Certificates & secrets > New client secret, then \`${edit}\`).`);
    case 7000215:
      return fail(`Entra rejected the client secret of profile '${p}'${cite}.`,
        `Was the secret ID (a GUID) pasted instead of the secret value? The value is shown only once, when the secret is created (${portalApp} > Certificates & secrets). Store the value with \`${edit}\`, or create a new secret if it is lost.`);
    case 90002:
      return tenantNotFound();
    case 700016:
      return fail(`No application with client ID ${ctx.clientId} was found in tenant '${ctx.tenant}'${cite}.`,
        `Check the profile's client ID (the "Application (client) ID" on the app's Overview page) and tenant: the app must be registered in that tenant, or consented to there. Fix them with \`${edit}\`.`);
    case 7000112:
      return fail(`The application ${ctx.clientId} is disabled in tenant '${ctx.tenant}'${cite}.`,
        'An administrator disabled its sign-ins (Enterprise applications > the app > Properties > "Enabled for users to sign in"); ask them to enable it again.');
    case 65001:
      return fail(`Consent is missing for ${ctx.scopes.join(' ')}${cite}.`,
        `An administrator must grant it (${portalApp} > API permissions > Grant admin consent), or sign in once with \`entra-auth-cli get-token -p ${p} --flow interactive\` to consent for yourself if the tenant allows it.`, 4);
    case 70011:
    case 1002012:
      return fail(`The scope ${ctx.scopes.join(' ')} is not valid for the ${ctx.flow} flow${cite}.`,
        ctx.flow === 'client-credentials'
          ? 'Client credentials take RESOURCE/.default, e.g. --scope https://graph.microsoft.com/.default; the app gets the application permissions granted to it.'
          : 'Delegated flows take RESOURCE/PERMISSION, e.g. --scope https://graph.microsoft.com/User.Read (or RESOURCE/.default for everything consented).');
    case 500011:
      return fail(`The API in scope ${ctx.scopes.join(' ')} does not exist in tenant '${ctx.tenant}'${cite}.`,
        'Check the resource part of the scope (the API\'s application ID URI, e.g. api://my-api/.default) and that the API is registered or consented in this tenant.');
    case 700027:
    case 700024:
    case 50013:
      return fail(`Entra rejected the certificate of profile '${p}'${cite}.`,
        `Upload this certificate's public part to the app registration (${portalApp} > Certificates & secrets > Certificates), or point the profile at the certificate that is registered there (\`${edit}\`); check it has not expired and that the key belongs to the certificate.`);
    case 7000218:
      return fail(`The application ${ctx.clientId} needs a client secret or certificate for the ${ctx.flow} flow${cite}.`,
        `Turn on "Allow public client flows" (${portalApp} > Authentication) to sign users in without a secret, or use a ClientSecret or Certificate profile with --flow client-credentials.`);
    case 50011:
    case 500113:
      return fail(`The app registration has no redirect URI for this CLI's loopback sign-in${cite}.`,
        `Add http://localhost under "Mobile and desktop applications" (${portalApp} > Authentication); any port is allowed on loopback. Or use --flow device-code.`);
    case 70019:
      return fail('The sign-in was declined.', 'Run the command again and approve the sign-in on the device-code page.');
    case 70020:
      return fail('The device code expired before the sign-in was completed.', 'Run the command again and finish the sign-in within the time shown.');
    case 700082:
    case 70008:
      return fail(`The saved sign-in of profile '${p}' has expired${cite}.`, `Sign in again: \`entra-auth-cli get-token -p ${p} --force-refresh\`.`);
    default:
      break;
  }

  if (failure.networkCode) return networkAdvice(failure.networkCode, failure.networkUrl ?? ctx.authorityHost);
  if (failure.errorCode === 'endpoints_resolution_error' || failure.errorCode === 'invalid_tenant') return tenantNotFound();
  if (code !== undefined) {
    return fail(`Entra refused the token request of profile '${p}'${cite}.`,
      `Look the code up at https://login.microsoftonline.com/error?code=${code}, then fix the profile with \`${edit}\`.`);
  }
  const what = failure.errorMessage ? `: ${failure.errorMessage.split(/\r?\n/)[0]}` : '';
  return fail(`Could not get a token for profile '${p}' (${failure.errorCode ?? 'error'}${what}).`, 'Run again with EAC_DEBUG=1 for details.');

  function tenantNotFound(): Advice {
    const local = ctx.cloud === 'local' && ctx.emulatorTenantId
      ? ` The running emulator's tenant is ${ctx.emulatorTenantId}.`
      : '';
    return fail(`Tenant '${ctx.tenant}' was not found at ${ctx.authorityHost}${cite}.`,
      `Check the profile's tenant (a tenant ID or a domain like contoso.onmicrosoft.com) and cloud (${ctx.cloud}): a tenant lives in exactly one cloud.${local} Fix it with \`${edit}\`.`);
  }

  function networkAdvice(netCode: string, url: string): Advice {
    const local = ctx.cloud === 'local';
    if (netCode === 'ECONNREFUSED') {
      return fail(`Nothing is listening at ${url} (connection refused).`, local
        ? 'Is the emulator running? Start it with `entra-auth-cli emulator start` (profiles with --cloud local follow it to whatever port it uses).'
        : 'Check the network, firewall or proxy between you and the sign-in service, and the profile\'s cloud.');
    }
    if (TLS_CODES.has(netCode)) {
      return fail(`The TLS certificate of ${url} is not trusted (${netCode}).`, local
        ? 'Profiles with --cloud local trust the running emulator\'s CA on their own; if you started it with --cert, point NODE_EXTRA_CA_CERTS at the CA that issued that certificate.'
        : 'If a proxy or firewall inspects TLS, point NODE_EXTRA_CA_CERTS at its CA certificate (PEM). For the local emulator use a profile with --cloud local, or export NODE_EXTRA_CA_CERTS="$(entra-auth-cli emulator ca)".');
    }
    if (netCode === 'ENOTFOUND' || netCode === 'EAI_AGAIN') {
      return fail(`The host of ${url} cannot be resolved (${netCode}).`, `Check the profile's cloud and authority host (${ctx.cloud}), and your DNS. ${PROXY_HINT}`);
    }
    if (netCode === 'ETIMEDOUT' || netCode === 'ECONNRESET' || netCode === 'EPIPE' || netCode === 'EHOSTUNREACH' || netCode === 'ENETUNREACH') {
      return fail(`The connection to ${url} failed (${netCode}).`, `Check the network, firewall or proxy between you and the sign-in service, then try again. ${PROXY_HINT}`);
    }
    if (netCode === 'INSECURE') {
      return fail(`Refusing to talk to ${url} over plain HTTP.`, 'Authority hosts must be https:// URLs; fix the profile\'s cloud settings.');
    }
    return fail(`The request to ${url} failed (${netCode}).`, 'Check the network and try again; run with EAC_DEBUG=1 for details.');
  }
}
