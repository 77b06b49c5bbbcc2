// A marketplace app's typed client for the HelloBooks public API, with types generated from the served document:
//   npx openapi-typescript http://localhost:3000/openapi.json -o examples/hellobooks-api.d.ts
// test/openapi.e2e-spec.ts generates them from the test server, compiles this file under `tsc --strict` and runs it.
import createClient from 'openapi-fetch';
import type { components, paths } from './hellobooks-api';

export type Bom = components['schemas']['PublicBomModel'];
export type BomExplosion = components['schemas']['PublicBomExplosion'];
export type ErrorEnvelope = components['schemas']['ErrorEnvelope'];
export type HelloBooksClient = ReturnType<typeof createClient<paths>>;

/** The tenant the app is installed in: the `org_id` and `entity_id` of the token response. */
export interface Tenant {
  orgId: string;
  entityId: string;
}

/** An error answer, with the envelope's fields typed: `error`, `message`, `request_id`, `required`, `details`, … */
export class HelloBooksError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorEnvelope,
  ) {
    super(`${status} ${body.error}: ${body.message} (request ${body.request_id})`);
  }
}

export function connect(baseUrl: string, accessToken: string, fetchImpl?: typeof fetch): HelloBooksClient {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${accessToken}` }, fetch: fetchImpl });
}

/** Every BOM of the tenant, following `next_cursor` page by page. */
export async function listBoms(client: HelloBooksClient, tenant: Tenant): Promise<Bom[]> {
  const boms: Bom[] = [];
  let cursor: string | undefined;
  do {
    const { data, error, response } = await client.GET('/public/v1/orgs/{orgId}/entities/{entityId}/bom', {
      params: { path: tenant, query: { limit: 100, cursor } },
    });
    if (error) throw new HelloBooksError(response.status, error);
    boms.push(...data.data);
    cursor = data.next_cursor ?? undefined;
  } while (cursor);
  return boms;
}

/** The material requirements of `quantity` units (a decimal string), with availability in a warehouse if given. */
export async function explodeBom(
  client: HelloBooksClient,
  tenant: Tenant,
  bom: Pick<Bom, 'id'>,
  quantity: string,
  warehouseId?: string,
): Promise<BomExplosion> {
  const { data, error, response } = await client.GET('/public/v1/orgs/{orgId}/entities/{entityId}/bom/{id}/explosion', {
    params: { path: { ...tenant, id: bom.id }, query: { quantity, warehouse_id: warehouseId } },
  });
  if (error) throw new HelloBooksError(response.status, error);
  return data;
}

/** One line per leaf item: what is needed and what is short. */
export function shoppingList(explosion: BomExplosion): string[] {
  return explosion.items.map((item) => `${item.item_id}: ${item.quantity} (short ${item.shortage ?? 'unknown'})`);
}
