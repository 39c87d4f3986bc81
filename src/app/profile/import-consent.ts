// What an imported profile brings that reaches beyond its own fields (issue 9, item 5). A profile typed on
// this machine is the person's own word; one from an export is someone else's. Custom endpoints decide
// where get-token sends the client secret or a signed assertion; a secret reference (file:, env:,
// keyvault://) or a certificate path makes get-token read data of this machine. Together they send local
// data to a host the exporter chose. So import shows them and takes them only with consent: a yes on a
// terminal, or --trust-endpoints / --allow-references; otherwise nothing is written (exit 2 naming the flag).
// Consent is asked here, at the one door through which a profile arrives from elsewhere: what is saved
// afterwards was agreed to by this user (docs/architecture.md, "The interaction port").
import { ActionableError } from '../../core/actionable-error.ts';
import type { Profile } from '../../core/profile.ts';
import type { Interaction } from '../ports.ts';
import { EXIT_FAILURE, EXIT_USAGE } from '../exit-codes.ts';

export const TRUST_ENDPOINTS_FLAG = '--trust-endpoints';
export const ALLOW_REFERENCES_FLAG = '--allow-references';

export interface ImportRisk {
  flag: typeof TRUST_ENDPOINTS_FLAG | typeof ALLOW_REFERENCES_FLAG;
  /** What it is, one line per element, for the person to judge. */
  lines: string[];
}

export interface ImportConsent {
  trustEndpoints?: boolean;
  allowReferences?: boolean;
}

/** Where a profile's credential goes when it asks for a token. */
function destination(p: Profile): string {
  return p.cloud === 'custom' && p.custom ? p.custom.authorityHost : p.cloud === 'local' ? 'the local emulator' : `Microsoft Entra (${p.cloud} cloud)`;
}

/** The elements of `p` that need consent when it comes from an export, grouped by the flag that grants them. */
export function importRisks(p: Profile): ImportRisk[] {
  const risks: ImportRisk[] = [];
  if (p.cloud === 'custom' && p.custom) {
    risks.push({ flag: TRUST_ENDPOINTS_FLAG, lines: [
      `custom sign-in authority ${p.custom.authorityHost} (get-token sends this profile's credential there)`,
      `custom Microsoft Graph URL ${p.custom.graphUrl}`,
      `custom Key Vault suffix ${p.custom.keyVaultSuffix}`,
    ] });
  }
  const refs: string[] = [];
  if (p.secret?.kind === 'reference') {
    const r = p.secret.ref;
    const what = r.startsWith('file:') ? `the file ${r.slice(5)}` : r.startsWith('env:') ? `the environment variable ${r.slice(4)}` : 'a Key Vault secret';
    refs.push(`secret reference ${r}: get-token reads ${what} on this machine and sends it as the client secret to ${destination(p)}`);
  }
  if (p.certificate) refs.push(`certificate file ${p.certificate.path}: get-token signs with the key in that file on this machine, for ${destination(p)}`);
  if (refs.length) risks.push({ flag: ALLOW_REFERENCES_FLAG, lines: refs });
  return risks;
}

/**
 * Shows what the profile brings and asks for consent to what the flags did not grant. Throws (nothing is to be
 * written) when there is no terminal to ask and a flag is missing (exit 2, naming it), or when the person says no.
 */
export async function consentToImport(interaction: Interaction, p: Profile, granted: ImportConsent): Promise<void> {
  const risks = importRisks(p);
  if (!risks.length) return;
  const open = risks.filter((r) => !(r.flag === TRUST_ENDPOINTS_FLAG ? granted.trustEndpoints : granted.allowReferences));
  const shown = [`The profile '${p.name}' in this export brings:`, ...risks.flatMap((r) => r.lines.map((l) => `  - ${l}`))].join('\n');
  // The Interaction port shows tenant/export text escaped (cli/ui/interaction.ts); not escaped twice here.
  interaction.notice(shown);
  if (!open.length) return;
  const flags = open.map((r) => r.flag).join(' ');
  if (!interaction.interactive) {
    throw new ActionableError(`missing ${flags}: the export brings ${open.map((r) => (r.flag === TRUST_ENDPOINTS_FLAG ? 'custom endpoints' : 'references to data on this machine')).join(' and ')}; nothing was imported.`,
      `Import only an export you trust, and consent on the command line: entra-auth-cli config import FILE ${flags} ...`, EXIT_USAGE);
  }
  const yes = await interaction.confirm({
    flag: flags, message: 'Trust what it brings and import it? (only if you trust whoever made the export)',
    default: false, why: 'the export brings custom endpoints or references',
  });
  if (!yes) throw new ActionableError(`Not imported: the profile '${p.name}' was not trusted; nothing was written.`, undefined, EXIT_FAILURE);
}
