import { registerUser, SignedInUser } from './support/identity';
import { installApp, InstalledApp } from './support/marketplace';
import { createTestApp, TestApp } from './support/test-app';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const missingId = '00000000-0000-4000-8000-000000000000';
const ALL_SCOPES = [
  'subcontractOrder:read',
  'subcontractOrder:create',
  'subcontractOrder:update',
  'subcontractOrder:delete',
  'inventory:read',
];

/**
 * One BOM: GEAR (batch 1) = BLANK × 2, so one GEAR needs 2 BLANK; BLANK is valued at 3.00.
 */
describe('Subcontract orders (public layer)', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let other: SignedInUser;
  let app: InstalledApp;
  let readOnly: InstalledApp;
  let base: string;
  const item: Record<string, string> = {};
  const warehouse: Record<string, string> = {};
  let foreignOrderId: string;

  const internalPost = (user: SignedInUser, path: string, body: object = {}) =>
    t.http().post(path).set(bearer(user.token)).send(body);
  const call = async (
    method: 'get' | 'post' | 'patch' | 'delete',
    path: string,
    token = app.accessToken,
    body?: object,
  ) => {
    const req = t.http()[method](`${base}${path}`).set(bearer(token));
    return body ? req.send(body) : req;
  };
  const orderBody = () => ({
    supplier_warehouse_id: warehouse.SUP,
    item_id: item.GEAR,
    quantity: '5',
    source_warehouse_id: warehouse.STORES,
    target_warehouse_id: warehouse.STORES,
    service_rate: '1.5',
  });

  async function seedTenant(user: SignedInUser, prefix: string) {
    const ids: Record<string, string> = {};
    for (const [sku, kind] of [
      ['GEAR', 'sub-assembly'],
      ['BLANK', 'raw'],
    ]) {
      ids[sku] = (
        await internalPost(user, '/items', { sku: `${prefix}${sku}`, name: sku, uom: 'pcs', kind }).expect(201)
      ).body.id;
    }
    ids.STORES = (
      await internalPost(user, '/warehouses', { code: `${prefix}S`, name: 'S', kind: 'internal' }).expect(201)
    ).body.id;
    ids.SUP = (
      await internalPost(user, '/warehouses', {
        code: `${prefix}SUP`,
        name: 'Gearworks',
        kind: 'supplier',
        supplierName: 'Gearworks GmbH',
      }).expect(201)
    ).body.id;
    await internalPost(user, '/bom', {
      itemId: ids.GEAR,
      code: `${prefix}BOM-GEAR`,
      isDefault: true,
      lines: [{ itemId: ids.BLANK, quantity: '2' }],
    }).expect(201);
    await internalPost(user, '/stock/adjustments', {
      warehouseId: ids.STORES,
      reason: 'Opening',
      lines: [{ itemId: ids.BLANK, quantity: '100', rate: '3' }],
    }).expect(201);
    return ids;
  }

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'public-subcontract');
    other = await registerUser(t, 'public-subcontract-other');
    app = await installApp(t, owner, ALL_SCOPES);
    readOnly = await installApp(t, owner, ['subcontractOrder:read']);
    base = `/public/v1/orgs/${owner.orgId}/entities/${owner.entityId}`;
    const own = await seedTenant(owner, '');
    Object.assign(item, { GEAR: own.GEAR, BLANK: own.BLANK });
    Object.assign(warehouse, { STORES: own.STORES, SUP: own.SUP });
    const foreign = await seedTenant(other, 'O-');
    foreignOrderId = (
      await internalPost(other, '/subcontract-orders', {
        supplierWarehouseId: foreign.SUP,
        itemId: foreign.GEAR,
        quantity: '1',
        sourceWarehouseId: foreign.STORES,
        targetWarehouseId: foreign.STORES,
        serviceRate: '1',
      }).expect(201)
    ).body.id;
  });
  afterAll(() => t.close());

  it('runs the round trip in snake_case without internal fields', async () => {
    const created = await call('post', '/subcontract-orders', app.accessToken, orderBody());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      number: 'SC-00001',
      supplier_name: 'Gearworks GmbH',
      supplier_warehouse_id: warehouse.SUP,
      status: 'Draft',
      service_rate: '1.5000',
      supplied_materials: [
        { item_id: item.BLANK, required: '10.000000', issued: '0.000000', consumed: '0.000000', returned: '0.000000' },
      ],
      outstanding_quantity: '5.000000',
      costs: { material: '0.0000', service: '0.0000', total: '0.0000', unit_cost: null },
    });
    expect(created.body).not.toHaveProperty('created_by');
    expect(created.body).not.toHaveProperty('createdBy');
    const id = created.body.id as string;

    expect((await call('post', `/subcontract-orders/${id}/submit`)).body.status).toBe('Submitted');
    const issued = await call('post', `/subcontract-orders/${id}/issue-materials`, app.accessToken, {
      lines: [{ item_id: item.BLANK, quantity: '10' }],
    });
    expect(issued.body.status).toBe('MaterialsIssued');
    // 2 accepted + 1 rejected: BLANK 10 / 5 × 3 = 6 at 3.00 = 18.00; service 1.50 × 3 = 4.50; 22.50 / 2 = 11.25.
    const received = await call('post', `/subcontract-orders/${id}/receive`, app.accessToken, {
      quantity: '2',
      rejected_quantity: '1',
    });
    expect(received.status).toBe(200);
    expect(received.body).toMatchObject({
      status: 'PartiallyReceived',
      received_quantity: '2.000000',
      rejected_quantity: '1.000000',
      costs: { material: '18.0000', service: '4.5000', total: '22.5000', unit_cost: '11.2500' },
      receipts: [
        {
          quantity: '2.000000',
          rejected_quantity: '1.000000',
          consumed: [{ item_id: item.BLANK, quantity: '6.000000', value: '18.0000' }],
          unit_cost: '11.2500',
        },
      ],
    });
    // Early completion returns the 4 BLANK left at the supplier.
    const completed = await call('post', `/subcontract-orders/${id}/complete`);
    expect(completed.body).toMatchObject({
      status: 'Completed',
      supplied_materials: [{ issued: '10.000000', consumed: '6.000000', returned: '4.000000' }],
    });
    const atSupplier = await call('get', `/stock/balances?warehouse_id=${warehouse.SUP}`);
    expect(atSupplier.body.data).toEqual([expect.objectContaining({ item_id: item.BLANK, on_hand: '0.000000' })]);

    expect((await call('get', `/subcontract-orders/${id}`, readOnly.accessToken)).body.status).toBe('Completed');
    const listed = await call('get', `/subcontract-orders?status=Completed&item_id=${item.GEAR}`, readOnly.accessToken);
    expect(listed.body).toEqual({ data: [expect.objectContaining({ id })], next_cursor: null });
    const bySupplier = await call(
      'get',
      `/subcontract-orders?supplier_warehouse_id=${missingId}`,
      readOnly.accessToken,
    );
    expect(bySupplier.body).toEqual({ data: [], next_cursor: null });
    const again = await call('post', `/subcontract-orders/${id}/cancel`);
    expect(again.body).toMatchObject({ error: 'invalid_state_transition', from: 'Completed', to: 'Cancelled' });
  });

  it('answers a retried POST with the same Idempotency-Key with the first answer', async () => {
    const send = (body: object) =>
      t
        .http()
        .post(`${base}/subcontract-orders`)
        .set(bearer(app.accessToken))
        .set('Idempotency-Key', 'subcontract-key-1')
        .send(body);
    const count = async () =>
      (await t.sql<{ count: string }>(`SELECT count(*) FROM subcontract_orders WHERE org_id = $1`, [owner.orgId]))[0]
        .count;
    const before = Number(await count());
    const first = await send(orderBody()).expect(201);
    const second = await send(orderBody()).expect(201);
    expect(second.body).toEqual(first.body);
    expect((await send({ ...orderBody(), quantity: '6' }).expect(409)).body.error).toBe('conflict');
    // One order, one number: the retry created nothing.
    expect(Number(await count())).toBe(before + 1);
  });

  it('edits and deletes a Draft with the update and delete scopes', async () => {
    const draft = (await call('post', '/subcontract-orders', app.accessToken, orderBody())).body;
    const patched = await call('patch', `/subcontract-orders/${draft.id}`, app.accessToken, {
      version: 1,
      quantity: '2',
    });
    expect(patched.body).toMatchObject({ version: 2, supplied_materials: [{ required: '4.000000' }] });
    expect((await call('delete', `/subcontract-orders/${draft.id}`, readOnly.accessToken)).body.required).toEqual([
      'subcontractOrder:delete',
    ]);
    expect((await call('delete', `/subcontract-orders/${draft.id}`)).status).toBe(204);
  });

  it('requires the scope of each route: 403 insufficient_scope naming it', async () => {
    const res = await call('post', '/subcontract-orders', readOnly.accessToken, orderBody());
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'insufficient_scope', required: ['subcontractOrder:create'] });
    const draft = (await call('post', '/subcontract-orders', app.accessToken, orderBody())).body;
    for (const action of ['submit', 'issue-materials', 'receive', 'complete', 'cancel']) {
      const refused = await call('post', `/subcontract-orders/${draft.id}/${action}`, readOnly.accessToken, {});
      expect([action, refused.status, refused.body.required]).toEqual([action, 403, ['subcontractOrder:update']]);
    }
    const patch = await call('patch', `/subcontract-orders/${draft.id}`, readOnly.accessToken, { version: 1 });
    expect(patch.body.required).toEqual(['subcontractOrder:update']);
    const noRead = await installApp(t, owner, ['inventory:read']);
    expect((await call('get', '/subcontract-orders', noRead.accessToken)).body.required).toEqual([
      'subcontractOrder:read',
    ]);
  });

  it('answers 401, 403 for another tenant in the URL, 404 for its orders, 400 and 422', async () => {
    expect((await t.http().get(`${base}/subcontract-orders`)).status).toBe(401);
    expect((await t.http().get(`${base}/subcontract-orders`).set(bearer(owner.token))).body.error).toBe(
      'invalid_token_audience',
    );
    const foreignUrl = await t
      .http()
      .get(`/public/v1/orgs/${other.orgId}/entities/${other.entityId}/subcontract-orders`)
      .set(bearer(app.accessToken));
    expect([foreignUrl.status, foreignUrl.body.error]).toEqual([403, 'tenant_scope_violation']);

    expect((await call('get', `/subcontract-orders/${foreignOrderId}`)).status).toBe(404);
    expect((await call('post', `/subcontract-orders/${foreignOrderId}/submit`)).status).toBe(404);
    expect((await call('delete', `/subcontract-orders/${foreignOrderId}`)).status).toBe(404);
    expect((await call('get', `/subcontract-orders/${missingId}`)).status).toBe(404);

    const bad = await call('post', '/subcontract-orders', app.accessToken, { ...orderBody(), quantity: '0' });
    expect([bad.status, bad.body.error]).toEqual([400, 'validation_failed']);
    expect((await call('get', '/subcontract-orders/not-a-uuid')).status).toBe(400);
    expect((await call('get', '/subcontract-orders?status=Done')).status).toBe(400);

    const internalSupplier = await call('post', '/subcontract-orders', app.accessToken, {
      ...orderBody(),
      supplier_warehouse_id: warehouse.STORES,
    });
    expect([internalSupplier.status, internalSupplier.body.error]).toEqual([422, 'unprocessable']);
    const draft = (await call('post', '/subcontract-orders', app.accessToken, orderBody())).body;
    await call('post', `/subcontract-orders/${draft.id}/submit`);
    const overIssue = await call('post', `/subcontract-orders/${draft.id}/issue-materials`, app.accessToken, {
      lines: [{ item_id: item.BLANK, quantity: '10.000001' }],
    });
    expect([overIssue.status, overIssue.body.error]).toEqual([422, 'unprocessable']);
    const nothingIssued = await call('post', `/subcontract-orders/${draft.id}/receive`, app.accessToken, {
      quantity: '1',
    });
    expect(nothingIssued.body).toMatchObject({
      error: 'insufficient_stock',
      shortages: [{ item_id: item.BLANK, warehouse_id: warehouse.SUP, required: '2.000000', available: '0.000000' }],
    });
  });
});
