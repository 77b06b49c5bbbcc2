import type { TenantContext } from '../tenant/tenant-context';
import type { UnitOfWork } from './unit-of-work';

/**
 * The next number of a document series of a tenant (`WO-00001`, `SC-00001`, `QI-00001`), taken in the caller's
 * transaction: the counter row stays locked until it commits, so parallel creates get consecutive numbers, a
 * rolled-back create gives its number back, and a committed number is never handed out again.
 */
export async function nextDocumentNumber(
  unitOfWork: UnitOfWork,
  tenant: TenantContext,
  prefix: string,
): Promise<string> {
  const [row] = await unitOfWork.manager.query<{ last_number: number }[]>(
    `INSERT INTO document_sequences (org_id, entity_id, prefix, last_number) VALUES ($1, $2, $3, 1)
     ON CONFLICT (org_id, entity_id, prefix) DO UPDATE SET last_number = document_sequences.last_number + 1
     RETURNING last_number`,
    [tenant.orgId, tenant.entityId, prefix],
  );
  return `${prefix}-${String(row.last_number).padStart(5, '0')}`;
}
