import { actorId, ApiError, type TenantContext } from '@app/platform';
import {
  type EntityManager,
  type EntityTarget,
  type FindOptionsOrder,
  type FindOptionsWhere,
  In,
  type ObjectLiteral,
} from 'typeorm';
import type { DocumentStatus, ManufacturingDocument } from './document.entity';

/**
 * What BOMs and recipes share: writing and loading their positioned child rows (lines, operations, outputs, …),
 * the version bump of a change, and the active ⇄ archived transition.
 */

/** The tenant and parent a child row belongs to, e.g. `{ orgId, entityId, bomId }`. */
type ChildOwner = Record<string, string>;

/**
 * Replaces the child rows of one list when the input carries it (`undefined` leaves the stored ones): delete, then
 * one insert, each row numbered by its position in the list.
 */
export async function replaceChildRows(
  manager: EntityManager,
  entity: EntityTarget<ObjectLiteral>,
  owner: ChildOwner,
  rows: ObjectLiteral[] | undefined,
): Promise<void> {
  if (!rows) return;
  await manager.delete(entity, owner);
  if (rows.length)
    await manager.insert(
      entity,
      rows.map((row, position) => ({ ...owner, position, ...row })),
    );
}

/**
 * The child lists of several documents, one query per list (one after the other: inside a transaction they share
 * one connection), grouped by parent in position order: `{ lines: BomLine, operations: BomOperation }` answers a
 * map of parent id to `{ lines: BomLine[], operations: BomOperation[] }`.
 */
export async function childRowsByParent<Lists extends { [List in keyof Lists]: ObjectLiteral[] }>(
  manager: EntityManager,
  tenant: TenantContext,
  parentKey: string,
  parentIds: string[],
  entities: { [List in keyof Lists]: EntityTarget<Lists[List][number]> },
): Promise<Map<string, Lists>> {
  const where: FindOptionsWhere<ObjectLiteral> = {
    orgId: tenant.orgId,
    entityId: tenant.entityId,
    [parentKey]: In(parentIds),
  };
  const order: FindOptionsOrder<ObjectLiteral> = { [parentKey]: 'ASC', position: 'ASC' };
  const names = Object.keys(entities) as (keyof Lists & string)[];
  const byParent = new Map<string, Record<string, ObjectLiteral[]>>(
    parentIds.map((id) => [id, Object.fromEntries(names.map((name) => [name, []]))]),
  );
  for (const name of names) {
    const rows = await manager.find(entities[name], { where, order });
    for (const row of rows) byParent.get(row[parentKey] as string)![name].push(row);
  }
  return byParent as unknown as Map<string, Lists>;
}

/** The columns every change of a document sets besides its own: the next version, who and when. */
export function nextRevision(document: ManufacturingDocument, tenant: TenantContext) {
  return {
    version: document.version + 1,
    updatedBy: actorId(tenant),
    updatedAt: () => 'clock_timestamp()',
  };
}

/** Moves a document (locked by the caller) from `from` to `to`; any other status is a `409 invalid_state_transition`. */
export async function transitionDocument(
  manager: EntityManager,
  entity: EntityTarget<ManufacturingDocument>,
  tenant: TenantContext,
  document: ManufacturingDocument,
  change: { from: DocumentStatus; to: DocumentStatus; what: string },
): Promise<void> {
  if (document.status !== change.from) {
    throw ApiError.invalidTransition(document.status, change.to, `The ${change.what} is ${document.status} already.`);
  }
  await manager.update(
    entity,
    { id: document.id, orgId: tenant.orgId, entityId: tenant.entityId },
    { status: change.to, ...nextRevision(document, tenant) },
  );
}
