// Whole-tenant listing of applications or service principals, one page at a time, for the inventory:
// $top=999 (Graph's largest page) with $select (1 RU a page instead of 2), the total from @odata.count on
// the first page (ConsistencyLevel: eventual), and each page's nextLink handed out so a scan can save it
// and resume there (docs/inventory.md "Resume").
import { pacedGet, type PacedReader } from './paced-read.ts';

export type DirectoryKind = 'applications' | 'servicePrincipals';

export interface CredentialFields {
  passwordCredentials?: { keyId: string; displayName: string | null; hint?: string | null; startDateTime: string | null; endDateTime: string | null }[];
  keyCredentials?: { keyId: string; displayName: string | null; type?: string | null; usage?: string | null; customKeyIdentifier?: string | null; startDateTime: string | null; endDateTime: string | null }[];
}

export interface DirectoryObject extends CredentialFields {
  id: string;
  appId: string;
  displayName: string | null;
  createdDateTime?: string | null;
}

export interface DirectoryPage {
  items: DirectoryObject[];
  /** Where the next page is; absent on the last. */
  nextLink?: string;
  /** The total, on the first page when Graph counted it. */
  count?: number;
}

export const DIRECTORY_SELECT = 'id,appId,displayName,createdDateTime,passwordCredentials,keyCredentials';

/** The first page's URL (with $count), or the nextLink to resume at. */
export function firstPageUrl(kind: DirectoryKind): string {
  return `/${kind}?$select=${DIRECTORY_SELECT}&$top=999&$count=true`;
}

/** One page: the first (from firstPageUrl, counted) or any nextLink as Graph gave it. */
export async function directoryPage(r: PacedReader, url: string): Promise<DirectoryPage> {
  const counted = url.includes('$count=true');
  const body = await pacedGet<{ value: DirectoryObject[]; '@odata.nextLink'?: string; '@odata.count'?: number }>(r, url, counted ? { ConsistencyLevel: 'eventual' } : undefined);
  return {
    items: body.value,
    ...(body['@odata.nextLink'] ? { nextLink: body['@odata.nextLink'] } : {}),
    ...(typeof body['@odata.count'] === 'number' ? { count: body['@odata.count'] } : {}),
  };
}
