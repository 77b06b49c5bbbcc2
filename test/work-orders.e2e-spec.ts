import { registerUser, SignedInUser, viewerToken } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';
import { WORK_ORDER_TRANSITIONS, type WorkOrderAction } from '@app/manufacturing';

const auth = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });
const missingId = '00000000-0000-4000-8000-000000000000';

interface RequiredItem {
  itemId: string;
  required: string;
  reserved: string;
  consumed: string;
}

interface WorkOrder {
  id: string;
  number: string;
  status: string;
  version: number;
  quantity: string;
  producedQuantity: string;
  requiredItems: RequiredItem[];
  outputs: { itemId: string; kind: string; quantity: string; unitCost: string }[];
  costs: Record<string, string | null>;
  plannedMinutes: string;
  actualMinutes: string | null;
  backorderId: string | null;
  releasedAt: string | null;
  updatedAt: string;
}

/**
 * The hand-computed figures (API.md §7 "Work orders"):
 *   BOM-FG makes 2 FG: R1 × 4 with 10 % scrap, R2 × 1; Cut 30 min @ 60/h, Assemble 15 min @ 40/h; by-product BP × 0.5
 *   with a 10 % cost share. R1 is valued at 2, R2 at 10. STORES holds 100 R1 and 20 R2.
 *   An order of 10 FG runs 5 batches: R1 10/2 × 4 × 1.1 = 22, R2 5; planned minutes 5 × 45 = 225;
 *   planned material 22 × 2 + 5 × 10 = 94, operation 150/60 × 60 + 75/60 × 40 = 200, total 294.
 */
describe('Work orders (internal layer)', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let other: SignedInUser;
  let viewer: { token: string };
  const item: Record<string, string> = {};
  let stores: string;
  let finished: string;
  let bomId: string;

  const post = (path: string, body: object = {}, user: { token: string } = owner) =>
    t.http().post(path).set(auth(user)).send(body);
  const get = (path: string, user: { token: string } = owner) => t.http().get(path).set(auth(user));

  async function createItem(sku: string, kind: string, valuationRate = '0') {
    const res = await post('/items', { sku, name: sku, uom: 'pcs', kind, valuationRate }).expect(201);
    item[sku] = res.body.id;
  }

  async function receive(warehouseId: string, lines: [string, string][]) {
    await post('/stock/adjustments', {
      warehouseId,
      reason: 'opening',
      lines: lines.map(([sku, quantity]) => ({ itemId: item[sku], quantity })),
    }).expect(201);
  }

  async function balance(sku: string, warehouseId = stores) {
    const res = await get(`/stock/balances?itemId=${item[sku]}&warehouseId=${warehouseId}`).expect(200);
    return res.body.data[0] as { onHand: string; reserved: string; available: string; valuationRate: string };
  }

  async function createOrder(quantity: string, extra: object = {}): Promise<WorkOrder> {
    const res = await post('/work-orders', {
      itemId: item.FG,
      quantity,
      sourceWarehouseId: stores,
      targetWarehouseId: finished,
      ...extra,
    }).expect(201);
    return res.body as WorkOrder;
  }

  const requiredOf = (order: WorkOrder, sku: string) => order.requiredItems.find((line) => line.itemId === item[sku])!;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'wo');
    other = await registerUser(t, 'intruder');
    viewer = { token: await viewerToken(t, owner) };
    await createItem('FG', 'finished');
    await createItem('R1', 'raw', '2');
    await createItem('R2', 'raw', '10');
    await createItem('BP', 'raw');
    stores = (await post('/warehouses', { code: 'STORES', name: 'Stores', kind: 'internal' }).expect(201)).body.id;
    finished = (await post('/warehouses', { code: 'FGW', name: 'Finished goods', kind: 'internal' }).expect(201)).body
      .id;
    await receive(stores, [
      ['R1', '100'],
      ['R2', '20'],
    ]);
    bomId = (
      await post('/bom', {
        itemId: item.FG,
        code: 'BOM-FG',
        quantity: '2',
        isDefault: true,
        lines: [
          { itemId: item.R1, quantity: '4', scrapPercent: '10' },
          { itemId: item.R2, quantity: '1' },
        ],
        operations: [
          { name: 'Cut', minutes: '30', hourlyRate: '60' },
          { name: 'Assemble', minutes: '15', hourlyRate: '40' },
        ],
        byProducts: [{ itemId: item.BP, quantity: '0.5', costSharePercent: '10' }],
      }).expect(201)
    ).body.id;
  });

  afterAll(async () => {
    await t.close();
  });

  it('creates a Draft with the next number and the requirements of the default BOM', async () => {
    const order = await createOrder('10');
    expect(order).toMatchObject({
      number: 'WO-00001',
      status: 'Draft',
      version: 1,
      bomId,
      recipeId: null,
      quantity: '10.000000',
      producedQuantity: '0.000000',
      plannedMinutes: '225.000000',
      actualMinutes: null,
      outputs: [],
    });
    expect(requiredOf(order, 'R1')).toEqual({
      itemId: item.R1,
      required: '22.000000',
      reserved: '0.000000',
      consumed: '0.000000',
    });
    expect(requiredOf(order, 'R2').required).toBe('5.000000');
    expect(order.costs.plannedTotal).toBeNull();
  });

  it('releases: reserves every requirement and freezes the planned cost; completes with backflush and cost shares', async () => {
    const order = await createOrder('10');
    const released = (await post(`/work-orders/${order.id}/release`).expect(200)).body as WorkOrder;
    expect(released.status).toBe('InProgress');
    expect(released.releasedAt).toBe(released.updatedAt);
    expect(requiredOf(released, 'R1').reserved).toBe('22.000000');
    expect(released.costs).toMatchObject({
      plannedMaterial: '94.0000',
      plannedOperation: '200.0000',
      plannedTotal: '294.0000',
    });
    expect(await balance('R1')).toMatchObject({ onHand: '100.000000', reserved: '22.000000', available: '78.000000' });
    expect(await balance('R2')).toMatchObject({ onHand: '20.000000', reserved: '5.000000', available: '15.000000' });

    const completed = (await post(`/work-orders/${order.id}/complete`).expect(200)).body as WorkOrder;
    // Material 94, operation 225 minutes as planned = 200, total 294. BP: 10 × 0.5 / 2 = 2.5 units taking 29.4
    // (11.76 each); the 10 FG take 264.6, 26.46 each.
    expect(completed).toMatchObject({
      status: 'Completed',
      producedQuantity: '10.000000',
      actualMinutes: '225.000000',
      costs: {
        plannedTotal: '294.0000',
        material: '94.0000',
        operation: '200.0000',
        byProductShare: '29.4000',
        total: '294.0000',
        unitCost: '26.4600',
      },
    });
    expect(completed.outputs).toEqual([
      { itemId: item.FG, kind: 'primary', quantity: '10.000000', unitCost: '26.4600' },
      { itemId: item.BP, kind: 'by_product', quantity: '2.500000', unitCost: '11.7600' },
    ]);
    expect(requiredOf(completed, 'R1')).toMatchObject({ reserved: '0.000000', consumed: '22.000000' });
    expect(await balance('R1')).toMatchObject({ onHand: '78.000000', reserved: '0.000000' });
    expect(await balance('R2')).toMatchObject({ onHand: '15.000000', reserved: '0.000000' });
    expect(await balance('FG', finished)).toMatchObject({ onHand: '10.000000', valuationRate: '26.4600' });
    expect(await balance('BP', finished)).toMatchObject({ onHand: '2.500000', valuationRate: '11.7600' });
    const ledger = await get(`/stock/ledger?referenceType=work_order&referenceId=${order.id}`).expect(200);
    expect(
      ledger.body.data.map((entry: { itemId: string; quantity: string; value: string }) => [
        entry.itemId,
        entry.quantity,
        entry.value,
      ]),
    ).toEqual(
      expect.arrayContaining([
        [item.R1, '-22.000000', '-44.0000'],
        [item.R2, '-5.000000', '-50.0000'],
        [item.FG, '10.000000', '264.6000'],
        [item.BP, '2.500000', '29.4000'],
      ]),
    );
    // The event carries the public shape: snake_case, internal fields stripped.
    const [event] = await t.sql<{ data: Record<string, unknown> }>(
      `SELECT data FROM webhook_events WHERE type = 'work_order.completed'`,
    );
    expect(event.data).toMatchObject({ status: 'Completed', number: completed.number, produced_quantity: '10.000000' });
    expect(event.data).not.toHaveProperty('created_by');
    // A transition answers the order as it stored it: what a read gives afterwards, field for field.
    expect((await get(`/work-orders/${order.id}`).expect(200)).body).toEqual(completed);
    expect(completed.version).toBe(released.version + 1);
  });

  it('completes part with stated consumption above and below the plan and a backorder for the rest', async () => {
    const order = await createOrder('10');
    await post(`/work-orders/${order.id}/release`).expect(200);
    // 4 of 10: R1 9 stated (backflush would be 8.8), R2 1.5 (backflush 2); minutes 225 × 0.4 = 90, operation
    // 200 × 90 / 225 = 80; material 9 × 2 + 1.5 × 10 = 33; total 113; BP 4 × 0.25 = 1 unit at 11.3; FG 101.7 / 4.
    const completed = (
      await post(`/work-orders/${order.id}/complete`, {
        producedQuantity: '4',
        consumed: [
          { itemId: item.R1, quantity: '9' },
          { itemId: item.R2, quantity: '1.5' },
        ],
        backorder: true,
      }).expect(200)
    ).body as WorkOrder;
    expect(completed.costs).toMatchObject({
      material: '33.0000',
      operation: '80.0000',
      byProductShare: '11.3000',
      total: '113.0000',
      unitCost: '25.4250',
    });
    expect(completed.actualMinutes).toBe('90.000000');
    expect(completed.outputs[1]).toEqual({
      itemId: item.BP,
      kind: 'by_product',
      quantity: '1.000000',
      unitCost: '11.3000',
    });
    // Whatever was reserved and not used went back: 78 − 9 on hand, nothing reserved.
    expect(await balance('R1')).toMatchObject({ onHand: '69.000000', reserved: '0.000000' });
    expect(await balance('R2')).toMatchObject({ onHand: '13.500000', reserved: '0.000000' });
    // Moving average: (10 × 26.46 + 4 × 25.425) / 14 = 366.3 / 14 = 26.16428…
    expect((await balance('FG', finished)).valuationRate).toBe('26.1643');
    const backorder = (await get(`/work-orders/${completed.backorderId}`).expect(200)).body as WorkOrder;
    expect(backorder).toMatchObject({ status: 'Draft', quantity: '6.000000', bomId });
    expect(requiredOf(backorder, 'R1').required).toBe('13.200000');
    await post(`/work-orders/${backorder.id}/cancel`).expect(200);
  });

  it('refuses a release that is short of anything, listing every shortage and reserving nothing', async () => {
    // 100 FG: R1 100 / 2 × 4 × 1.1 = 220 of 69, R2 50 of 13.5.
    const order = await createOrder('100');
    const res = await post(`/work-orders/${order.id}/release`).expect(422);
    expect(res.body.error).toBe('insufficient_stock');
    expect(res.body.shortages).toEqual(
      expect.arrayContaining([
        { item_id: item.R1, warehouse_id: stores, required: '220.000000', available: '69.000000' },
        { item_id: item.R2, warehouse_id: stores, required: '50.000000', available: '13.500000' },
      ]),
    );
    expect((await get(`/work-orders/${order.id}`).expect(200)).body).toMatchObject({ status: 'Draft', version: 1 });
    expect(await balance('R1')).toMatchObject({ reserved: '0.000000' });
    expect(await t.sql(`SELECT 1 FROM inventory_allocations WHERE reference_id = $1`, [order.id])).toHaveLength(0);
    await t.http().delete(`/work-orders/${order.id}`).set(auth(owner)).expect(204);
  });

  it('consumes beyond the reservation out of available stock, and refuses more than there is', async () => {
    const order = await createOrder('2');
    await post(`/work-orders/${order.id}/release`).expect(200);
    const short = await post(`/work-orders/${order.id}/complete`, {
      consumed: [{ itemId: item.R1, quantity: '70' }],
    }).expect(422);
    expect(short.body).toMatchObject({
      error: 'insufficient_stock',
      shortages: [{ item_id: item.R1, warehouse_id: stores, required: '70.000000', available: '69.000000' }],
    });
    // Nothing moved: still InProgress with its reservation of 4.4.
    const still = (await get(`/work-orders/${order.id}`).expect(200)).body as WorkOrder;
    expect(still.status).toBe('InProgress');
    expect(await balance('R1')).toMatchObject({ onHand: '69.000000', reserved: '4.400000' });
    // 6 of R1 is 1.6 beyond the reservation; none of R2 was used, so its reservation of 1 simply goes back.
    await post(`/work-orders/${order.id}/complete`, {
      consumed: [
        { itemId: item.R1, quantity: '6' },
        { itemId: item.R2, quantity: '0' },
      ],
    }).expect(200);
    expect(await balance('R1')).toMatchObject({ onHand: '63.000000', reserved: '0.000000' });
    expect(await balance('R2')).toMatchObject({ onHand: '13.500000', reserved: '0.000000' });
  });

  it('validates the completion: produced above the quantity, a stranger item, a bad number', async () => {
    const order = await createOrder('1');
    await post(`/work-orders/${order.id}/release`).expect(200);
    await post(`/work-orders/${order.id}/complete`, { producedQuantity: '2' }).expect(422);
    await post(`/work-orders/${order.id}/complete`, { consumed: [{ itemId: item.BP, quantity: '1' }] }).expect(422);
    const bad = await post(`/work-orders/${order.id}/complete`, { producedQuantity: '0' }).expect(400);
    expect(bad.body.error).toBe('validation_failed');
    await post(`/work-orders/${order.id}/cancel`).expect(200);
    expect(await balance('R1')).toMatchObject({ reserved: '0.000000' });
  });

  describe('the state × action table', () => {
    const actions = Object.keys(WORK_ORDER_TRANSITIONS) as WorkOrderAction[];
    const statuses = ['Draft', 'InProgress', 'Completed', 'Cancelled'];

    async function orderIn(status: string): Promise<WorkOrder> {
      const order = await createOrder('1');
      if (status === 'Draft') return order;
      const action = status === 'Cancelled' ? 'cancel' : 'release';
      const moved = (await post(`/work-orders/${order.id}/${action}`).expect(200)).body as WorkOrder;
      if (status !== 'Completed') return moved;
      return (await post(`/work-orders/${order.id}/complete`).expect(200)).body as WorkOrder;
    }

    for (const status of statuses) {
      for (const action of actions) {
        const { from, to } = WORK_ORDER_TRANSITIONS[action];
        const allowed = (from as readonly string[]).includes(status);
        it(`${action} from ${status}: ${allowed ? `200 ${to}` : '409'}`, async () => {
          const order = await orderIn(status);
          const res = await post(`/work-orders/${order.id}/${action}`);
          if (allowed) {
            expect(res.status).toBe(200);
            expect(res.body.status).toBe(to);
          } else {
            expect(res.status).toBe(409);
            expect(res.body).toMatchObject({ error: 'invalid_state_transition', from: status, to });
          }
        });
      }
      it(`PATCH and DELETE from ${status}: ${status === 'Draft' ? '200/204' : '422'}`, async () => {
        const order = await orderIn(status);
        const patch = await t
          .http()
          .patch(`/work-orders/${order.id}`)
          .set(auth(owner))
          .send({ version: order.version, plannedStart: '2026-12-01T08:00:00Z' });
        const remove = await t.http().delete(`/work-orders/${order.id}`).set(auth(owner));
        expect([patch.status, remove.status]).toEqual(status === 'Draft' ? [200, 204] : [422, 422]);
      });
    }
  });

  it('PATCHes a Draft with its version: a new quantity re-plans; a stale version is a 409', async () => {
    const order = await createOrder('2');
    const patched = await t
      .http()
      .patch(`/work-orders/${order.id}`)
      .set(auth(owner))
      .send({ version: 1, quantity: '4' })
      .expect(200);
    expect(patched.body).toMatchObject({ version: 2, quantity: '4.000000', plannedMinutes: '90.000000' });
    expect(requiredOf(patched.body, 'R1').required).toBe('8.800000');
    const stale = await t.http().patch(`/work-orders/${order.id}`).set(auth(owner)).send({ version: 1, quantity: '3' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('conflict');
    const nulled = await t
      .http()
      .patch(`/work-orders/${order.id}`)
      .set(auth(owner))
      .send({ version: 2, quantity: null });
    expect(nulled.status).toBe(400);
  });

  it('creates from a given BOM or a recipe; none, an archived BOM, or both is refused', async () => {
    await createItem('NOBOM', 'finished');
    await post('/work-orders', {
      itemId: item.NOBOM,
      quantity: '1',
      sourceWarehouseId: stores,
      targetWarehouseId: finished,
    }).expect(422);
    const archived = (
      await post('/bom', { itemId: item.FG, code: 'BOM-FG-OLD', lines: [{ itemId: item.R2, quantity: '1' }] }).expect(
        201,
      )
    ).body;
    await post(`/bom/${archived.id}/archive`).expect(200);
    const refused = await post('/work-orders', {
      itemId: item.FG,
      bomId: archived.id,
      quantity: '1',
      sourceWarehouseId: stores,
      targetWarehouseId: finished,
    }).expect(422);
    expect(refused.body.error).toBe('unprocessable');
    await post('/work-orders', {
      itemId: item.FG,
      bomId,
      recipeId: missingId,
      quantity: '1',
      sourceWarehouseId: stores,
      targetWarehouseId: finished,
    }).expect(400);
    await post('/work-orders', {
      itemId: item.FG,
      quantity: '-1',
      sourceWarehouseId: stores,
      targetWarehouseId: finished,
    }).expect(400);
    await post('/work-orders', {
      itemId: item.FG,
      quantity: '1',
      sourceWarehouseId: missingId,
      targetWarehouseId: finished,
    }).expect(422);
  });

  it('runs a recipe: batches = Q / (primary × yield), co-products take their cost share', async () => {
    await createItem('LUBE', 'finished');
    await createItem('RES', 'raw');
    await createItem('OIL', 'raw', '2.1');
    await createItem('ADD', 'raw', '24');
    await receive(stores, [
      ['OIL', '100'],
      ['ADD', '10'],
    ]);
    const recipe = (
      await post('/recipes', {
        code: 'RCP-LUBE',
        name: 'Lube',
        yieldPercent: '96',
        outputs: [
          { itemId: item.LUBE, quantity: '10', isPrimary: true },
          { itemId: item.RES, quantity: '0.4', isPrimary: false, costSharePercent: '1.5' },
        ],
        ingredients: [
          { itemId: item.OIL, quantity: '9.6' },
          { itemId: item.ADD, quantity: '0.8' },
        ],
        steps: [{ name: 'Blend', minutes: '30', hourlyRate: '32' }],
      }).expect(201)
    ).body;
    // 48 / (10 × 0.96) = 5 batches: OIL 48, ADD 4; 150 minutes at 32/h = 80; material 48 × 2.1 + 4 × 24 = 196.8;
    // total 276.8; RES 48 / 10 × 0.4 = 1.92 units taking 1.5 % = 4.152 (2.1625 each); LUBE 272.648 / 48 = 5.68016…
    const order = (
      await post('/work-orders', {
        itemId: item.LUBE,
        recipeId: recipe.id,
        quantity: '48',
        sourceWarehouseId: stores,
        targetWarehouseId: finished,
      }).expect(201)
    ).body as WorkOrder;
    expect(order).toMatchObject({ recipeId: recipe.id, bomId: null, plannedMinutes: '150.000000' });
    expect(requiredOf(order, 'OIL').required).toBe('48.000000');
    expect(requiredOf(order, 'ADD').required).toBe('4.000000');
    await post(`/work-orders/${order.id}/release`).expect(200);
    const completed = (await post(`/work-orders/${order.id}/complete`).expect(200)).body as WorkOrder;
    expect(completed.costs).toMatchObject({
      material: '196.8000',
      operation: '80.0000',
      total: '276.8000',
      byProductShare: '4.1520',
      unitCost: '5.6802',
    });
    expect(completed.outputs).toEqual([
      { itemId: item.LUBE, kind: 'primary', quantity: '48.000000', unitCost: '5.6802' },
      { itemId: item.RES, kind: 'by_product', quantity: '1.920000', unitCost: '2.1625' },
    ]);
    // The recipe is used by a work order: it cannot be deleted, only archived.
    const refused = await t.http().delete(`/recipes/${recipe.id}`).set(auth(owner)).expect(422);
    expect(refused.body.error).toBe('unprocessable');
  });

  it('keeps a BOM that a work order follows from being deleted (archive it instead)', async () => {
    const res = await t.http().delete(`/bom/${bomId}`).set(auth(owner)).expect(422);
    expect(res.body.message).toMatch(/archive/);
    await get(`/bom/${bomId}`).expect(200);
  });

  it('lists with status, itemId, from and to, in pages', async () => {
    const all = await get('/work-orders?limit=100').expect(200);
    const drafts = await get('/work-orders?status=Draft&limit=100').expect(200);
    expect(drafts.body.data.length).toBeGreaterThan(0);
    expect(drafts.body.data.every((order: WorkOrder) => order.status === 'Draft')).toBe(true);
    const lube = await get(`/work-orders?itemId=${item.LUBE}`).expect(200);
    expect(lube.body.data).toHaveLength(1);
    const page = await get('/work-orders?limit=2').expect(200);
    expect(page.body.data).toHaveLength(2);
    const next = await get(`/work-orders?limit=2&cursor=${page.body.nextCursor}`).expect(200);
    expect(next.body.data[0].id).not.toBe(page.body.data[0].id);
    const future = await get('/work-orders?from=2999-01-01T00:00:00Z').expect(200);
    expect(future.body.data).toHaveLength(0);
    const past = await get(`/work-orders?to=2000-01-01T00:00:00Z`).expect(200);
    expect(past.body.data).toHaveLength(0);
    expect(all.body.data.length).toBeGreaterThan(drafts.body.data.length);
    await get('/work-orders?status=Open').expect(400);
    await get('/work-orders?cursor=nonsense').expect(400);
  });

  it('answers 401, 403, 404 and 400 as API.md §2 says', async () => {
    await t.http().get('/work-orders').expect(401);
    const order = await createOrder('1');
    await post(`/work-orders/${order.id}/release`, {}, viewer).expect(403);
    await post(
      '/work-orders',
      { itemId: item.FG, quantity: '1', sourceWarehouseId: stores, targetWarehouseId: finished },
      viewer,
    ).expect(403);
    await get(`/work-orders/${order.id}`, other).expect(404);
    await post(`/work-orders/${order.id}/release`, {}, other).expect(404);
    await get(`/work-orders/${missingId}`).expect(404);
    await get('/work-orders/not-a-uuid').expect(400);
    await post('/work-orders', {
      itemId: item.FG,
      quantity: '1',
      sourceWarehouseId: stores,
      targetWarehouseId: finished,
      colour: 'red',
    }).expect(400);
    await post(`/work-orders/${order.id}/cancel`).expect(200);
  });

  it('numbers orders sequentially, also under parallel creates', async () => {
    const created = await Promise.all(Array.from({ length: 10 }, () => createOrder('1')));
    const numbers = created.map((order) => Number(order.number.slice(3))).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(10);
    expect(numbers[9] - numbers[0]).toBe(9);
    const [{ max }] = await t.sql<{ max: string }>(`SELECT max(number) FROM work_orders`);
    expect(max).toBe(`WO-${String(numbers[9]).padStart(5, '0')}`);
  });
});
