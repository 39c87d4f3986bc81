// A profile's credential, built in one place for every command that signs in as a profile (get-token today;
// health checks and rotation's verification next): one MSAL setup over the profile's encrypted token cache,
// its secret or certificate resolved only when a request must actually be sent, the terminal's sign-in UI.
// MSAL and the HTTP layer load here, when a command asks for it, not with the command table.
import { ActionableError } from '../core/actionable-error.ts';
import type { ResolvedCloud } from '../core/cloud.ts';
import type { Flow, Profile } from '../core/profile.ts';
import { redact } from '../core/redact.ts';
import type { ProfileCredential } from '../entra/credentials/profile-credential.ts';
import type { NetworkError } from '../entra/http.ts';
import type { ConfidentialCredential } from '../entra/msal/setup.ts';
import { resolveClientSecret } from '../store/client-secret.ts';
import type { AppPaths } from '../store/paths.ts';
import { certificatePasswordAt } from '../store/secret-keys.ts';
import type { SecretBackend } from '../store/secret-store.ts';
import { line, type Io } from './io.ts';

export interface ProfileSignInOptions {
  flow: Flow;
  /** false (--no-browser): print the sign-in URL instead of opening a browser. */
  browser?: boolean;
  timeoutSeconds: number;
  /** Values read while signing in (the secret, a certificate password), for redaction of what is shown. */
  seen: string[];
}

/** A profile's credential and what a caller needs around it. close() when done (it holds an HTTPS agent). */
export interface ProfileSignIn {
  credential: ProfileCredential;
  /** The last network failure MSAL met (its own errors drop the cause). */
  lastNetworkError(): NetworkError | undefined;
  close(): void;
}

/** What it takes of the factory (passed in, so this file does not import the factory that loads it). */
export interface ProfileCredentialDeps {
  io: Io;
  paths: AppPaths;
  secrets(): Promise<SecretBackend>;
  clock(): Date;
}

export async function openProfileCredential(f: ProfileCredentialDeps, profile: Profile, cloud: ResolvedCloud, o: ProfileSignInOptions): Promise<ProfileSignIn> {
  const { io } = f;
  const [{ HttpClient }, { msalSetup }, { ProfileCredential }, { TokenCachePlugin }, { signInUi }] = await Promise.all([
    import('../entra/http.ts'), import('../entra/msal/setup.ts'), import('../entra/credentials/profile-credential.ts'),
    import('../store/token-cache-plugin.ts'), import('./ui/sign-in-ui.ts'),
  ]);
  const http = new HttpClient({ extraCaFiles: cloud.caCertPath ? [cloud.caCertPath] : [], env: io.env });
  try {
    const secrets = await f.secrets();
    const cache = await TokenCachePlugin.open(profile.name, f.paths, secrets, (m) => line(io.err, m));
    const setup = msalSetup({
      cloud, tenant: profile.tenant, clientId: profile.clientId, cache, http,
      ...(io.env.EAC_DEBUG ? { debug: (m: string) => line(io.err, redact(m, o.seen)) } : {}),
    });
    const confidential = profile.authMethod === 'ClientSecret' || profile.authMethod === 'Certificate';
    const credential = new ProfileCredential({
      setup, flow: o.flow,
      ...(confidential ? { credential: () => resolveCredential(profile, secrets, cloud, f, f.clock(), o.seen) } : {}),
      signIn: signInUi(io, { purpose: 'profile', deviceCode: o.flow === 'device-code', browser: o.browser, timeoutSeconds: o.timeoutSeconds }),
    });
    return { credential, lastNetworkError: () => setup.net.lastNetworkError, close: () => http.close() };
  } catch (err) {
    http.close();
    throw err;
  }
}

/** The profile's secret or certificate, read when MSAL must send a request (never for a cache hit). */
async function resolveCredential(profile: Profile, secrets: SecretBackend, cloud: ResolvedCloud, f: ProfileCredentialDeps, now: Date, seen: string[]): Promise<ConfidentialCredential> {
  const { io } = f;
  if (profile.authMethod === 'ClientSecret') {
    // The admin session of the profile's tenant when one is saved (it wrote the value), else DefaultAzureCredential.
    const readKeyVault = async (vault: string, name: string) => {
      const { readKeyVaultReference } = await import('./keyvault-reference-reader.ts');
      return readKeyVaultReference(f, profile, cloud, vault, name);
    };
    const clientSecret = await resolveClientSecret(profile, async () => secrets, io.env, readKeyVault);
    seen.push(clientSecret);
    return { clientSecret };
  }
  const cert = profile.certificate;
  if (!cert) throw new ActionableError(`Profile '${profile.name}' has no certificate.`, `Add one with \`entra-auth-cli config edit -p ${profile.name} --certificate PATH\`.`);
  const passwordAt = certificatePasswordAt(profile);
  const password = passwordAt ? await secrets.get(passwordAt) : undefined;
  if (cert.hasPassword && password === undefined) {
    throw new ActionableError(`The certificate password of profile '${profile.name}' is not in ${secrets.where(passwordAt!).location}.`, `Store it with \`entra-auth-cli config edit -p ${profile.name} --certificate-password-stdin\`.`);
  }
  if (password) seen.push(password);
  const { loadClientCertificate, msalCertificate } = await import('../store/certificate-file.ts');
  return msalCertificate(await loadClientCertificate(profile.name, cert.path, cert.format, password, now));
}
