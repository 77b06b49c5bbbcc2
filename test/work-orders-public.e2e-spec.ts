import { registerUser, SignedInUser } from './support/identity';
import { installApp, InstalledApp } from './support/marketplace';
import { createTestApp, TestApp } from './support/test-app';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const missingId = '00000000-0000-4000-8000-000000000000';

/**
 * The public layer over the same service: snake_case in and out, internal fields stripped, scopes per route
 * (state changes need `workOrder:update`), Idempotency-Key on POST, tenant isolation.
 *   BOM: 1 P-FG from P-R1 × 2 (50 % scrap) valued at 2; 12 P-R1 in stock. An order of 3 needs 3 × 2 × 1.5 = 9.
 */
describe('Work orders (public layer)', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let other: SignedInUser;
  let app: InstalledApp;
  let readOnly: InstalledApp;
  let noUpdate: InstalledApp;
  let otherApp: InstalledApp;
  let base: string;
  let warehouseId: string;
  const item: Record<string, string> = {};

  const internalPost = (user: SignedInUser, path: string, body: object) =>
    t.http().post(path).set(bearer(user.token)).send(body);
  const call = (method: 'get' | 'post' | 'patch' | 'delete', path: string, token = app.accessToken, body?: object) => {
    const req = t.http()[method](`${base}${path}`).set(bearer(token));
    return body ? req.send(body) : req;
  };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'public-wo');
    other = await registerUser(t, 'public-wo-other');
    const scopes = ['workOrder:read', 'workOrder:create', 'workOrder:update', 'workOrder:delete'];
    app = await installApp(t, owner, scopes);
    readOnly = await installApp(t, owner, ['workOrder:read']);
    noUpdate = await installApp(t, owner, ['workOrder:read', 'workOrder:create']);
    otherApp = await installApp(t, other, scopes);
    base = `/public/v1/orgs/${owner.orgId}/entities/${owner.entityId}`;
    for (const [sku, kind] of [
      ['P-FG', 'finished'],
      ['P-R1', 'raw'],
    ]) {
      item[sku] = (
        await internalPost(owner, '/items', { sku, name: sku, uom: 'pcs', kind, valuationRate: '2' }).expect(201)
      ).body.id;
    }
    warehouseId = (await internalPost(owner, '/warehouses', { code: 'PW', name: 'W', kind: 'internal' }).expect(201))
      .body.id;
    await internalPost(owner, '/stock/adjustments', {
      warehouseId,
      reason: 'Opening',
      lines: [{ itemId: item['P-R1'], quantity: '12' }],
    }).expect(201);
    await internalPost(owner, '/bom', {
      itemId: item['P-FG'],
      code: 'P-BOM-FG',
      isDefault: true,
      lines: [{ itemId: item['P-R1'], quantity: '2', scrapPercent: '50' }],
    }).expect(201);
  });
  afterAll(() => t.close());

  const createBody = (quantity = '3') => ({
    item_id: item['P-FG'],
    quantity,
    source_warehouse_id: warehouseId,
    target_warehouse_id: warehouseId,
  });

  it('creates, releases and completes in snake_case, without internal fields', async () => {
    const created = await call('post', '/work-orders', app.accessToken, createBody()).expect(201);
    expect(created.body).toMatchObject({
      status: 'Draft',
      item_id: item['P-FG'],
      quantity: '3.000000',
      required_items: [{ item_id: item['P-R1'], required: '9.000000', reserved: '0.000000', consumed: '0.000000' }],
      backorder_id: null,
    });
    expect(created.body).not.toHaveProperty('created_by');
    expect(created.body).not.toHaveProperty('itemId');
    const id = created.body.id as string;
    const released = await call('post', `/work-orders/${id}/release`).expect(200);
    expect(released.body).toMatchObject({ status: 'InProgress', costs: { planned_material: '18.0000' } });
    const completed = await call('post', `/work-orders/${id}/complete`, app.accessToken, {
      produced_quantity: '2',
      actual_minutes: '0',
    }).expect(200);
    // 2 of 3: 9 × 2 / 3 = 6 consumed at 2 = 12, over 2 = 6 each.
    expect(completed.body).toMatchObject({
      status: 'Completed',
      produced_quantity: '2.000000',
      costs: { material: '12.0000', unit_cost: '6.0000' },
      outputs: [{ item_id: item['P-FG'], kind: 'primary', quantity: '2.000000', unit_cost: '6.0000' }],
    });
    const fetched = await call('get', `/work-orders/${id}`, readOnly.accessToken).expect(200);
    expect(fetched.body.status).toBe('Completed');
  });

  it('lists with status and item_id filters and a next_cursor', async () => {
    await call('post', '/work-orders', app.accessToken, createBody('1')).expect(201);
    const page = await call('get', `/work-orders?status=Draft&item_id=${item['P-FG']}&limit=1`).expect(200);
    expect(page.body.data).toHaveLength(1);
    expect(page.body.data[0].status).toBe('Draft');
    expect(page.body).toHaveProperty('next_cursor');
    await call('get', '/work-orders?limit=0').expect(400);
  });

  it('answers a retried POST with the same Idempotency-Key with the first answer, once', async () => {
    const send = (body: object) =>
      t.http().post(`${base}/work-orders`).set(bearer(app.accessToken)).set('Idempotency-Key', 'wo-key-1').send(body);
    const first = await send(createBody('1')).expect(201);
    const second = await send(createBody('1')).expect(201);
    expect(second.body.id).toBe(first.body.id);
    expect(second.body.number).toBe(first.body.number);
    const conflicting = await send(createBody('2')).expect(409);
    expect(conflicting.body.error).toBe('conflict');
  });

  it('requires the scope of each route; actions need workOrder:update', async () => {
    const draft = (await call('post', '/work-orders', app.accessToken, createBody('1')).expect(201)).body;
    const denied = await call('post', `/work-orders/${draft.id}/release`, noUpdate.accessToken).expect(403);
    expect(denied.body).toMatchObject({ error: 'insufficient_scope', required: ['workOrder:update'] });
    await call('post', '/work-orders', readOnly.accessToken, createBody('1')).expect(403);
    await call('delete', `/work-orders/${draft.id}`, noUpdate.accessToken).expect(403);
    await call('patch', `/work-orders/${draft.id}`, app.accessToken, { version: 1, quantity: '2' }).expect(200);
    await call('delete', `/work-orders/${draft.id}`).expect(204);
  });

  it('answers 401, 403 tenant_scope_violation, 404, 400, 409 and 422', async () => {
    await t.http().get(`${base}/work-orders`).expect(401);
    const draft = (await call('post', '/work-orders', app.accessToken, createBody('1')).expect(201)).body;
    const foreign = await t.http().get(`${base}/work-orders/${draft.id}`).set(bearer(otherApp.accessToken)).expect(403);
    expect(foreign.body.error).toBe('tenant_scope_violation');
    const otherBase = `/public/v1/orgs/${other.orgId}/entities/${other.entityId}`;
    await t.http().get(`${otherBase}/work-orders/${draft.id}`).set(bearer(otherApp.accessToken)).expect(404);
    await call('get', `/work-orders/${missingId}`).expect(404);
    await call('post', '/work-orders', app.accessToken, { ...createBody(), quantity: '0' }).expect(400);
    await call('post', `/work-orders/${draft.id}/complete`).expect(409);
    const tooMuch = await call('post', '/work-orders', app.accessToken, createBody('100')).expect(201);
    const short = await call('post', `/work-orders/${tooMuch.body.id}/release`).expect(422);
    expect(short.body.shortages[0]).toMatchObject({ item_id: item['P-R1'], required: '300.000000' });
  });
});
