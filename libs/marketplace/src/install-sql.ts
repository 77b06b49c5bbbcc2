/**
 * SQL fragments for other libraries whose rows belong to an install (webhook subscriptions): they join the
 * install's live state into their own statements, so an uninstall or a narrower approval takes effect in the same
 * query, with nothing for the marketplace to call. Only this library names the `marketplace_installs` table.
 */

/** The columns of the caller's row that name its install and tenant, as SQL expressions (`s.install_id`, …). */
export interface InstallReference {
  installId: string;
  orgId: string;
  entityId: string;
}

function sameInstall(row: InstallReference): string {
  return `i.id = ${row.installId} AND i.org_id = ${row.orgId} AND i.entity_id = ${row.entityId}`;
}

/**
 * True while the install is active in the row's tenant. `requiredScope`, an SQL expression (a query parameter),
 * also requires the install to hold that scope now: an owner may approve the install again with fewer scopes.
 */
export function liveInstallCondition(row: InstallReference, requiredScope?: string): string {
  const scope = requiredScope ? ` AND i.scopes @> ARRAY[${requiredScope}]::text[]` : '';
  return `EXISTS (SELECT 1 FROM marketplace_installs i WHERE ${sameInstall(row)} AND i.uninstalled_at IS NULL${scope})`;
}

/** The scopes the install holds now (text[]; null when there is no such install). */
export function installScopesExpression(row: InstallReference): string {
  return `(SELECT i.scopes FROM marketplace_installs i WHERE ${sameInstall(row)})`;
}
