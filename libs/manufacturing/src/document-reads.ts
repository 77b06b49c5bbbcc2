import {
  ApiError,
  createdKeyset,
  keysetAfter,
  keysetOrder,
  keysetSelect,
  Page,
  PageRequest,
  pageFromRows,
  pageLimit,
  preparedQuery,
  TenantContext,
} from '@app/platform';
import type { EntityManager } from 'typeorm';

/**
 * How a document (BOM, recipe) and its child rows are read in one statement: its own columns, and each child table
 * aggregated into a JSON array in SQL. Keys are the entities' property names; numerics are cast to text so that
 * quantities and money stay exact (a JSON number would go through a JavaScript double).
 */
export interface DocumentShape {
  table: string;
  /** Property → SQL expression over the document row `d`, beyond the columns every document has. */
  columns: Record<string, string>;
  /** The foreign-key property of the child rows (`bomId`) and its column (`bom_id`). */
  parentKey: { property: string; column: string };
  /** The filters a list accepts: property of the filter → column it must equal. */
  filters: Record<string, string>;
  /** Property of the model → child table and its own columns (property → SQL expression over the child row `c`). */
  children: Record<string, { table: string; columns: Record<string, string> }>;
}

/** The columns of `ManufacturingDocument`, and of every child row, as property → SQL expression. */
const DOCUMENT_COLUMNS = {
  id: 'id',
  orgId: 'org_id',
  entityId: 'entity_id',
  status: 'status',
  version: 'version',
  createdBy: 'created_by',
  updatedBy: 'updated_by',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};
const CHILD_COLUMNS = { id: 'id', orgId: 'org_id', entityId: 'entity_id', position: 'position' };

function childArray(shape: DocumentShape, table: string, columns: Record<string, string>): string {
  const fields = { ...CHILD_COLUMNS, [shape.parentKey.property]: shape.parentKey.column, ...columns };
  const object = Object.entries(fields)
    .map(([property, expression]) => `'${property}', c.${expression}`)
    .join(', ');
  // The child index starts with (org_id, entity_id, <parent>) or (<parent>, position): one index scan per table.
  return `coalesce((SELECT json_agg(json_build_object(${object}) ORDER BY c.position) FROM ${table} c
    WHERE c.org_id = d.org_id AND c.entity_id = d.entity_id AND c.${shape.parentKey.column} = d.id), '[]'::json)`;
}

const selectLists = new WeakMap<DocumentShape, string>();

/** The select list of a document with its children, over rows `d` of the document table (built once per shape). */
function documentSelect(shape: DocumentShape): string {
  let select = selectLists.get(shape);
  if (!select) {
    select = buildSelect(shape);
    selectLists.set(shape, select);
  }
  return select;
}

/** The document's own columns (no children), property → column, as a write's RETURNING and SET lists name them. */
export function ownColumns(shape: DocumentShape): Record<string, string> {
  return { ...DOCUMENT_COLUMNS, ...shape.columns };
}

/** The select list of a document's own columns over rows `d`, each named by its property. */
function ownColumnsSelect(shape: DocumentShape): string {
  return Object.entries(ownColumns(shape))
    .map(([property, expression]) => `d.${expression} AS "${property}"`)
    .join(', ');
}

function buildSelect(shape: DocumentShape): string {
  const own = ownColumnsSelect(shape);
  const children = Object.entries(shape.children).map(
    ([property, child]) => `${childArray(shape, child.table, child.columns)} AS "${property}"`,
  );
  return [own, ...children].join(',\n       ');
}

/**
 * More a caller reads with a document in the same statement: property → SQL expression over the document row `d`
 * (another module's fragment, such as the inspection template of its item).
 */
export type DocumentExtras = Record<string, string>;

function extrasSelect(extras: DocumentExtras): string {
  return Object.entries(extras)
    .map(([property, expression]) => `,\n       ${expression} AS "${property}"`)
    .join('');
}

/** The name of a statement over a shape's table, one per set of extras it reads. */
function statementName(shape: DocumentShape, statement: string, extras: DocumentExtras): string {
  return [`${shape.table}-${statement}`, ...Object.keys(extras)].join('+');
}

/** Documents of the tenant with their children, in one round trip, in the order of `ids` (unknown ids left out). */
export async function documentsById<Row>(
  manager: EntityManager,
  tenant: TenantContext,
  shape: DocumentShape,
  ids: string[],
  extras: DocumentExtras = {},
): Promise<Row[]> {
  const rows = await preparedQuery<Row & { id: string }>(
    manager,
    statementName(shape, 'by-id', extras),
    `SELECT ${documentSelect(shape)}${extrasSelect(extras)}
     FROM ${shape.table} d
     WHERE d.org_id = $1 AND d.entity_id = $2 AND d.id = ANY($3::uuid[])`,
    [tenant.orgId, tenant.entityId, ids],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** One document with its children; `404` (naming `what`) when it is not in this tenant. */
export async function documentById<Row>(
  manager: EntityManager,
  tenant: TenantContext,
  shape: DocumentShape,
  id: string,
  what: string,
  extras: DocumentExtras = {},
): Promise<Row> {
  const [row] = await documentsById<Row>(manager, tenant, shape, [id], extras);
  if (!row) throw ApiError.notFound(what);
  return row;
}

/**
 * One document with its children, its row locked `FOR UPDATE` (a transition's first statement), in one round trip.
 * A row another transaction changed while this one waited for the lock is answered as it is now, but the children
 * as the statement's snapshot saw them; every change to a document's children bumps its version, so a version that
 * moved since that snapshot means they are read again (under the lock now held).
 */
export async function lockedDocumentById<Row extends { version: number }>(
  manager: EntityManager,
  tenant: TenantContext,
  shape: DocumentShape,
  id: string,
  what: string,
  extras: DocumentExtras = {},
): Promise<Row> {
  const [row] = await preparedQuery<Row & { snapshotVersion: number }>(
    manager,
    statementName(shape, 'locked-by-id', extras),
    `SELECT ${documentSelect(shape)}${extrasSelect(extras)},
            (SELECT s.version FROM ${shape.table} s WHERE s.id = d.id) AS "snapshotVersion"
     FROM ${shape.table} d
     WHERE d.org_id = $1 AND d.entity_id = $2 AND d.id = $3
     FOR UPDATE OF d`,
    [tenant.orgId, tenant.entityId, id],
  );
  if (!row) throw ApiError.notFound(what);
  return row.snapshotVersion === row.version ? row : documentById<Row>(manager, tenant, shape, id, what, extras);
}

/**
 * A keyset page of documents (oldest first) with their children, in one round trip whatever the page size: the page
 * is cut first, then only its rows are aggregated. Each of the shape's filters that `request` carries (its DTO validated it) narrows the list.
 */
export async function documentPage<Row extends Record<string, unknown>>(
  manager: EntityManager,
  tenant: TenantContext,
  shape: DocumentShape,
  request: PageRequest,
): Promise<Page<Row>> {
  const keyset = createdKeyset('d');
  const limit = pageLimit(request);
  const params: unknown[] = [tenant.orgId, tenant.entityId, limit + 1];
  const given: Record<string, unknown> = { ...request };
  const conditions = Object.entries(shape.filters).flatMap(([property, column]) => {
    const value = given[property];
    if (typeof value !== 'string') return [];
    params.push(value);
    return [`d.${column} = $${params.length}`];
  });
  const after = keysetAfter(keyset, request.cursor, params.length + 1);
  params.push(...after.params);
  const rows = await manager.query<Row[]>(
    `WITH page AS (
       SELECT d.*, ${keysetSelect(keyset)}
       FROM ${shape.table} d
       WHERE d.org_id = $1 AND d.entity_id = $2 ${conditions.map((c) => `AND ${c}`).join(' ')} AND ${after.sql}
       ORDER BY ${keysetOrder(keyset)}
       LIMIT $3
     )
     SELECT ${documentSelect(shape)}, ${keyset.map((_c, i) => `d.__k${i}`).join(', ')}
     FROM page d
     ORDER BY ${keysetOrder(keyset)}`,
    params,
  );
  return pageFromRows(rows, keyset, limit, (row) => row);
}

/** The two reads of a document type, mapped to its model: one by id (`404` naming `what`) and a filtered page. */
export function documentReads<Row extends Record<string, unknown>, Model>(
  shape: DocumentShape,
  what: string,
  toModel: (row: Row) => Model,
) {
  return {
    one: async (manager: EntityManager, tenant: TenantContext, id: string): Promise<Model> =>
      toModel(await documentById<Row>(manager, tenant, shape, id, what)),
    page: async (manager: EntityManager, tenant: TenantContext, request: PageRequest): Promise<Page<Model>> =>
      (await documentPage<Row>(manager, tenant, shape, request)).map(toModel),
  };
}
