// Hosts MSAL treats as the same sign-in service when it files tokens in its cache: it stores a public-cloud
// token under "login.windows.net" even when it signed in at login.microsoftonline.com. Copied from MSAL's
// built-in instance-discovery metadata (msal-common src/authority/AuthorityMetadata.ts); any other host
// (custom clouds, the local emulator) is only itself.
const GROUPS: string[][] = [
  ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
  ['login.partner.microsoftonline.cn', 'login.chinacloudapi.cn'],
  ['login.microsoftonline.us', 'login.usgovcloudapi.net'],
  ['login.microsoftonline.de'],
  ['login-us.microsoftonline.com'],
];

/** The cache "environment" values (host[:port], lower case) that stand for `host`. */
export function cacheEnvironments(host: string): string[] {
  const h = host.toLowerCase();
  return GROUPS.find((g) => g.includes(h)) ?? [h];
}

/** True for Microsoft's own sign-in hosts (whose issuers and key sets can be trusted by name). */
export function isMicrosoftAuthorityHost(host: string): boolean {
  return GROUPS.some((g) => g.includes(host.toLowerCase()));
}
