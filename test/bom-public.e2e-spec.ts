import * as inventory from '@app/inventory';
import * as manufacturing from '@app/manufacturing';
import { internalFieldsOf, snakeCase } from '@app/platform';
import { registerUser, SignedInUser } from './support/identity';
import { installApp, InstalledApp } from './support/marketplace';
import { createTestApp, TestApp } from './support/test-app';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const missingId = '00000000-0000-4000-8000-000000000000';
const ALL_SCOPES = [
  'bom:read',
  'bom:create',
  'bom:update',
  'bom:delete',
  'recipe:read',
  'recipe:create',
  'recipe:update',
  'recipe:delete',
  'inventory:read',
];

/** Every property marked @Internal() on any class the inventory and manufacturing libraries export. */
function internalFieldNames(): Set<string> {
  const names = new Set<string>();
  for (const exported of [...Object.values(inventory), ...Object.values(manufacturing)]) {
    if (typeof exported !== 'function' || !exported.prototype) continue;
    for (const field of internalFieldsOf(Object.create(exported.prototype as object) as object)) {
      names.add(field);
      names.add(snakeCase(field));
    }
  }
  return names;
}

function keysAtAnyDepth(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((inner) => keysAtAnyDepth(inner, into));
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      into.add(key);
      keysAtAnyDepth(inner, into);
    }
  }
  return into;
}

describe('BOM, recipes, items, warehouses and stock (public layer)', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let other: SignedInUser;
  let app: InstalledApp;
  let readOnly: InstalledApp;
  let otherApp: InstalledApp;
  let base: string;
  const item: Record<string, string> = {};
  let warehouseId: string;
  let bomId: string;
  let foreignBomId: string;
  const publicBodies: unknown[] = [];

  const internal = (user: SignedInUser) => ({
    post: (path: string, body: object) => t.http().post(path).set(bearer(user.token)).send(body),
  });
  const call = async (
    method: 'get' | 'post' | 'patch' | 'delete',
    path: string,
    token = app.accessToken,
    body?: object,
  ) => {
    const req = t.http()[method](`${base}${path}`).set(bearer(token));
    const res = body ? await req.send(body) : await req;
    if (res.status < 300) publicBodies.push(res.body);
    return res;
  };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'public-bom');
    other = await registerUser(t, 'public-other');
    app = await installApp(t, owner, ALL_SCOPES);
    readOnly = await installApp(t, owner, ['bom:read', 'recipe:read']);
    otherApp = await installApp(t, other, ALL_SCOPES);
    base = `/public/v1/orgs/${owner.orgId}/entities/${owner.entityId}`;
    for (const [sku, kind] of [
      ['P-FG', 'finished'],
      ['P-SA', 'sub-assembly'],
      ['P-R1', 'raw'],
      ['P-R2', 'raw'],
    ]) {
      item[sku] = (
        await internal(owner).post('/items', { sku, name: sku, uom: 'pcs', kind, valuationRate: '1.5' }).expect(201)
      ).body.id;
    }
    warehouseId = (
      await internal(owner).post('/warehouses', { code: 'PW', name: 'Public stores', kind: 'internal' }).expect(201)
    ).body.id;
    await internal(owner)
      .post('/stock/adjustments', {
        warehouseId,
        reason: 'Opening',
        lines: [{ itemId: item['P-R1'], quantity: '12', rate: '2' }],
      })
      .expect(201);
    await internal(owner)
      .post('/bom', {
        itemId: item['P-SA'],
        code: 'P-BOM-SA',
        isDefault: true,
        lines: [{ itemId: item['P-R1'], quantity: '2', scrapPercent: '50' }],
      })
      .expect(201);
    const otherItem = (
      await internal(other).post('/items', { sku: 'O-1', name: 'O', uom: 'pcs', kind: 'raw' }).expect(201)
    ).body.id;
    const otherFg = (
      await internal(other).post('/items', { sku: 'O-FG', name: 'O', uom: 'pcs', kind: 'finished' }).expect(201)
    ).body.id;
    foreignBomId = (
      await internal(other)
        .post('/bom', { itemId: otherFg, code: 'O-BOM', lines: [{ itemId: otherItem, quantity: '1' }] })
        .expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  it('creates, reads, updates, archives, restores and deletes a BOM with snake_case answers', async () => {
    const created = await call('post', '/bom', app.accessToken, {
      itemId: item['P-FG'],
      code: 'P-BOM-FG',
      quantity: '2',
      lines: [
        { itemId: item['P-SA'], quantity: '2' },
        { itemId: item['P-R2'], quantity: '1', scrapPercent: '10' },
      ],
      byProducts: [],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      item_id: item['P-FG'],
      code: 'P-BOM-FG',
      quantity: '2.000000',
      is_default: false,
      status: 'active',
      version: 1,
      lines: [
        { item_id: item['P-SA'], quantity: '2.000000', scrap_percent: '0.0000' },
        { item_id: item['P-R2'], quantity: '1.000000', scrap_percent: '10.0000' },
      ],
      by_products: [],
    });
    bomId = created.body.id;

    expect((await call('get', `/bom/${bomId}`, readOnly.accessToken)).body.id).toBe(bomId);
    const list = await call('get', '/bom?limit=1', readOnly.accessToken);
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ data: [expect.any(Object)], next_cursor: expect.any(String) });

    const patched = await call('patch', `/bom/${bomId}`, app.accessToken, { version: 1, code: 'P-BOM-FG-2' });
    expect(patched.body).toMatchObject({ code: 'P-BOM-FG-2', version: 2 });
    expect((await call('patch', `/bom/${bomId}`, app.accessToken, { version: 1, code: 'stale' })).status).toBe(409);

    // Query parameters are snake_case on the public layer, like the bodies.
    const exploded = await call('get', `/bom/${bomId}/explosion?quantity=4&warehouse_id=${warehouseId}`);
    expect(exploded.status).toBe(200);
    expect(exploded.body).toMatchObject({
      bom_id: bomId,
      quantity: '4.000000',
      items: [
        { item_id: item['P-R1'], quantity: '12.000000', available: '12.000000', shortage: '0.000000' },
        { item_id: item['P-R2'], quantity: '2.200000', available: '0.000000', shortage: '2.200000' },
      ],
    });
    expect(exploded.body.tree[0]).toEqual({
      level: 1,
      item_id: item['P-SA'],
      bom_id: expect.any(String),
      quantity: '4.000000',
      path: [bomId],
    });

    const usedIn = await call('get', `/bom/where-used?item_id=${item['P-R1']}&recursive=true`, readOnly.accessToken);
    expect(usedIn.body.data.map((row: { level: number }) => row.level)).toEqual([1, 2]);
    expect((await call('get', `/bom/${bomId}/cost`)).body).toMatchObject({
      bom_id: bomId,
      unit_cost: expect.any(String),
      by_product_share: '0.0000',
    });

    expect((await call('post', `/bom/${bomId}/archive`)).body.status).toBe('archived');
    expect((await call('post', `/bom/${bomId}/restore`)).body.status).toBe('active');
    expect((await call('delete', `/bom/${bomId}`)).status).toBe(204);
    expect((await call('get', `/bom/${bomId}`)).status).toBe(404);
  });

  it('answers a retried POST with the same Idempotency-Key with the first answer', async () => {
    const body = { itemId: item['P-FG'], code: 'P-IDEM', lines: [{ itemId: item['P-R1'], quantity: '1' }] };
    const send = () =>
      t.http().post(`${base}/bom`).set(bearer(app.accessToken)).set('Idempotency-Key', 'bom-key-1').send(body);
    const first = await send().expect(201);
    const second = await send().expect(201);
    expect(second.body.id).toBe(first.body.id);
    const conflicting = await t
      .http()
      .post(`${base}/bom`)
      .set(bearer(app.accessToken))
      .set('Idempotency-Key', 'bom-key-1')
      .send({ ...body, code: 'P-IDEM-2' })
      .expect(409);
    expect(conflicting.body.error).toBe('conflict');
  });

  it('requires the scope of each route: 403 insufficient_scope with the required scopes', async () => {
    const res = await call('post', '/bom', readOnly.accessToken, {
      itemId: item['P-FG'],
      code: 'X',
      lines: [{ itemId: item['P-R1'], quantity: '1' }],
    });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'insufficient_scope', required: ['bom:create'] });
    const sa = (await call('get', `/bom?item_id=${item['P-SA']}`)).body.data[0].id as string;
    expect((await call('post', `/bom/${sa}/archive`, readOnly.accessToken)).body.required).toEqual(['bom:update']);
    expect((await call('delete', `/bom/${sa}`, readOnly.accessToken)).body.required).toEqual(['bom:delete']);
    expect((await call('get', '/items', readOnly.accessToken)).body.required).toEqual(['inventory:read']);
    expect((await call('post', '/recipes', readOnly.accessToken, {})).body.required).toEqual(['recipe:create']);
  });

  it('answers 401 without a token, 401 for a user token, 403 for another tenant in the URL, 400 for bad input', async () => {
    expect((await t.http().get(`${base}/bom`)).status).toBe(401);
    expect((await t.http().get(`${base}/bom`).set(bearer(owner.token))).body.error).toBe('invalid_token_audience');
    const foreignUrl = await t
      .http()
      .get(`/public/v1/orgs/${other.orgId}/entities/${other.entityId}/bom`)
      .set(bearer(app.accessToken));
    expect(foreignUrl.status).toBe(403);
    expect(foreignUrl.body.error).toBe('tenant_scope_violation');
    expect(
      (
        await call('post', '/bom', app.accessToken, {
          itemId: item['P-FG'],
          code: 'X',
          lines: [{ itemId: item['P-R1'], quantity: 0.1 + 0.2 }],
        })
      ).status,
    ).toBe(400);
    expect((await call('get', '/bom/not-a-uuid')).status).toBe(400);
    expect((await call('get', '/bom?cursor=zzz')).body.error).toBe('invalid_request');
    expect(
      (
        await call('post', '/bom', app.accessToken, {
          itemId: item['P-SA'],
          code: 'LOOP',
          lines: [{ itemId: item['P-SA'], quantity: '1' }],
        })
      ).status,
    ).toBe(422);
  });

  it("treats another entity's BOM id as not found", async () => {
    expect((await call('get', `/bom/${foreignBomId}`)).status).toBe(404);
    expect((await call('get', `/bom/${foreignBomId}/explosion`)).status).toBe(404);
    expect((await call('patch', `/bom/${foreignBomId}`, app.accessToken, { version: 1, code: 'x' })).status).toBe(404);
    expect((await call('delete', `/bom/${foreignBomId}`)).status).toBe(404);
    expect((await call('post', `/bom/${foreignBomId}/archive`)).status).toBe(404);
    // …and the other tenant's own app sees it.
    const own = await t
      .http()
      .get(`/public/v1/orgs/${other.orgId}/entities/${other.entityId}/bom/${foreignBomId}`)
      .set(bearer(otherApp.accessToken))
      .expect(200);
    expect(own.body.id).toBe(foreignBomId);
    expect((await call('get', `/bom/${missingId}`)).status).toBe(404);
  });

  it('serves recipes: create, list, by-output, update, archive, restore, delete', async () => {
    const created = await call('post', '/recipes', app.accessToken, {
      code: 'P-RCP',
      name: 'Public recipe',
      outputs: [
        { itemId: item['P-FG'], quantity: '10', isPrimary: true },
        { itemId: item['P-SA'], quantity: '1', isPrimary: false, costSharePercent: '5' },
      ],
      ingredients: [{ itemId: item['P-R1'], quantity: '3' }],
      yieldPercent: '90',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      code: 'P-RCP',
      yield_percent: '90.0000',
      outputs: [
        { item_id: item['P-FG'], is_primary: true, cost_share_percent: '95.0000' },
        { item_id: item['P-SA'], is_primary: false, cost_share_percent: '5.0000' },
      ],
    });
    const id = created.body.id as string;
    expect(
      (await call('get', `/recipes/by-output/${item['P-SA']}`, readOnly.accessToken)).body.data.map(
        (r: { id: string }) => r.id,
      ),
    ).toEqual([id]);
    expect((await call('get', '/recipes', readOnly.accessToken)).body.next_cursor).toBeNull();
    expect((await call('patch', `/recipes/${id}`, app.accessToken, { version: 1, name: 'Renamed' })).body.name).toBe(
      'Renamed',
    );
    expect((await call('post', `/recipes/${id}/archive`)).body.status).toBe('archived');
    expect((await call('post', `/recipes/${id}/restore`)).body.status).toBe('active');
    expect((await call('delete', `/recipes/${id}`, readOnly.accessToken)).status).toBe(403);
    expect((await call('delete', `/recipes/${id}`)).status).toBe(204);
  });

  it('reads items, warehouses, balances and the ledger with inventory:read', async () => {
    const items = await call('get', '/items?kind=raw');
    expect(items.body.data.map((i: { sku: string }) => i.sku).sort()).toEqual(['P-R1', 'P-R2']);
    expect(items.body.data[0]).toMatchObject({ valuation_rate: expect.any(String), is_active: true });
    expect((await call('get', `/items/${item['P-R1']}`)).body.sku).toBe('P-R1');
    expect((await call('get', `/warehouses/${warehouseId}`)).body.code).toBe('PW');
    expect((await call('get', '/warehouses')).body.data).toHaveLength(1);
    const balances = await call('get', `/stock/balances?item_id=${item['P-R1']}`);
    expect(balances.body.data).toEqual([
      {
        item_id: item['P-R1'],
        warehouse_id: warehouseId,
        on_hand: '12.000000',
        reserved: '0.000000',
        available: '12.000000',
        valuation_rate: '2.0000',
        value: '24.0000',
      },
    ]);
    const ledger = await call('get', `/stock/ledger?item_id=${item['P-R1']}`);
    expect(ledger.body.data[0]).toMatchObject({
      quantity: '12.000000',
      reference_type: 'adjustment',
      balance_after: '12.000000',
    });
    // Read only: the path exists, so another method is a 405 naming the ones it serves.
    const write = await t.http().post(`${base}/items`).set(bearer(app.accessToken)).send({});
    expect([write.status, write.body.error, write.headers.allow]).toEqual([405, 'method_not_allowed', 'GET, HEAD']);
    expect((await call('get', `/items/${missingId}`)).status).toBe(404);
  });

  it('never shows an @Internal field in any public answer', () => {
    const hidden = internalFieldNames();
    expect(hidden).toEqual(expect.objectContaining({ size: expect.any(Number) }));
    expect([...hidden]).toEqual(expect.arrayContaining(['createdBy', 'created_by', 'updated_by']));
    expect(publicBodies.length).toBeGreaterThan(10);
    const leaked = [...keysAtAnyDepth(publicBodies)].filter((key) => hidden.has(key));
    expect(leaked).toEqual([]);
  });
});
