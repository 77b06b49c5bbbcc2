import type { InstallReference } from '@app/marketplace';

/** A subscription (alias `s`) belongs to the install that created it, in the same tenant. */
export function subscriptionInstall(alias: string): InstallReference {
  return { installId: `${alias}.install_id`, orgId: `${alias}.org_id`, entityId: `${alias}.entity_id` };
}
