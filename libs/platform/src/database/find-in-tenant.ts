import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { ApiError } from '../errors/api-error';
import type { TenantContext } from '../tenant/tenant-context';

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
