/**
 * Webhooks must not depend on the marketplace library, so install status is read with SQL against its table:
 * a subscription is live only while the install it belongs to is active in the same tenant. Uninstalling an app
 * therefore stops its deliveries at once, with nothing for the marketplace to call.
 *
 * `requiredScope`, an SQL expression (a query parameter), also requires the install to hold that scope now: an owner
 * may approve the install again with fewer scopes, and an app must not learn by webhook what it can no longer read.
 */
export function activeInstallCondition(subscriptionAlias: string, requiredScope?: string): string {
  const s = subscriptionAlias;
  const scope = requiredScope ? ` AND i.scopes @> ARRAY[${requiredScope}]::text[]` : '';
  return `EXISTS (SELECT 1 FROM marketplace_installs i
    WHERE i.id = ${s}.install_id AND i.org_id = ${s}.org_id AND i.entity_id = ${s}.entity_id AND i.uninstalled_at IS NULL${scope})`;
}
