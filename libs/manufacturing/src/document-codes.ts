import type { TenantContext } from '@app/platform';
import type { EntityManager } from 'typeorm';

/** `code` is varchar(64): the SKU part is cut so that `<kind>-<sku>-<n>` fits with a six-digit n. */
const MAX_SKU_IN_CODE = 53;

/** The prefix of the codes the server generates for a document of an item: `BOM-CHAIR`, `RCP-JAM`. */
export function generatedCodePrefix(kind: 'BOM' | 'RCP', sku: string): string {
  return `${kind}-${sku.slice(0, MAX_SKU_IN_CODE)}`;
}

/**
 * A code for a document created without one: `<prefix>-<n>`, n one past the highest taken code of that form in
 * the tenant (`BOM-CHAIR-3` after `BOM-CHAIR-2`, whether generated or typed). Creates of one prefix take turns on a
 * transaction-scoped advisory lock, so two parallel creates never pick the same n; a code typed meanwhile by an
 * update is still refused by the tenant's unique index (`409 conflict`).
 */
export async function nextFreeCode(
  manager: EntityManager,
  tenant: TenantContext,
  table: 'boms' | 'recipes',
  prefix: string,
): Promise<string> {
  const key = [table, tenant.orgId, tenant.entityId, prefix].join('/');
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('document-code'), hashtext($1))`, [key]);
  // Index range on (org_id, entity_id, code) narrowed by the prefix; only all-digit suffixes count.
  const [row] = await manager.query<{ last: string | null }[]>(
    `SELECT max(substr(code, length($3) + 2)::bigint) AS last FROM ${table}
      WHERE org_id = $1 AND entity_id = $2 AND left(code, length($3) + 1) = $3 || '-'
        AND substr(code, length($3) + 2) ~ '^[0-9]{1,18}$'`,
    [tenant.orgId, tenant.entityId, prefix],
  );
  return `${prefix}-${BigInt(row.last ?? '0') + 1n}`;
}
