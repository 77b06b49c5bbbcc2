import { ApiError, TenantContext } from '@app/platform';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** A record of the tenant by id, optionally locked FOR UPDATE; `404` when it is not in this tenant. */
export async function findInTenant<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  tenant: TenantContext,
  id: string,
  what: string,
  lock = false,
): Promise<E> {
  const query = manager
    .createQueryBuilder(entity, 'r')
    .where('r.id = :id AND r.org_id = :orgId AND r.entity_id = :entityId', {
      id,
      orgId: tenant.orgId,
      entityId: tenant.entityId,
    });
  if (lock) query.setLock('pessimistic_write');
  const record = await query.getOne();
  if (!record) throw ApiError.notFound(what);
  return record;
}

export interface ItemFacts {
  id: string;
  uom: string;
  valuation_rate: string;
}

/** The referenced items of this tenant; an unknown one breaks the request (`422` unless told otherwise). */
export async function itemFacts(
  manager: EntityManager,
  tenant: TenantContext,
  itemIds: string[],
  missing: (ids: string[]) => ApiError = (ids) =>
    ApiError.unprocessable(`No such item in this tenant: ${ids.join(', ')}.`, { missing: ids }),
): Promise<Map<string, ItemFacts>> {
  const wanted = [...new Set(itemIds)];
  if (!wanted.length) return new Map();
  const rows = await manager.query<ItemFacts[]>(
    `SELECT id, uom, valuation_rate FROM items WHERE org_id = $1 AND entity_id = $2 AND id = ANY($3::uuid[])`,
    [tenant.orgId, tenant.entityId, wanted],
  );
  const found = new Map(rows.map((row) => [row.id, row]));
  const unknown = wanted.filter((itemId) => !found.has(itemId));
  if (unknown.length) throw missing(unknown);
  return found;
}

export function actorId(tenant: TenantContext): string | null {
  return tenant.actor.kind === 'user' ? tenant.actor.userId : null;
}

/** A stale optimistic `version`: `409 conflict`. */
export function assertVersion(what: string, current: number, given: number): void {
  if (current !== given) {
    throw ApiError.conflict(`The ${what} was changed since you read it; reload it and apply your change again.`, {
      currentVersion: current,
    });
  }
}
