import { Dec, sumDecimals } from '@app/platform';
import { registerUser, SignedInUser, viewerToken } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

const auth = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });
const missingId = '00000000-0000-4000-8000-000000000000';

interface Order {
  id: string;
  number: string;
  status: string;
  version: number;
  suppliedMaterials: { itemId: string; required: string; issued: string; consumed: string; returned: string }[];
  receipts: { id: string; quantity: string; consumed: { itemId: string; quantity: string; value: string }[] }[];
}

interface LedgerEntry {
  itemId: string;
  warehouseId: string;
  quantity: string;
  rate: string;
  value: string;
}

/**
 * The hand-computed figures all follow one BOM: HUB (batch 2) = RIM × 3 + SPOKE × 4 with 10 % scrap, so one HUB needs
 * 1.5 RIM and 2.2 SPOKE. RIM is valued at 2.50, SPOKE at 0.75 (their opening receipts).
 */
describe('Subcontract orders (internal layer)', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let other: SignedInUser;
  let viewer: { token: string };
  const item: Record<string, string> = {};
  const warehouse: Record<string, string> = {};
  let bomId: string;

  const post = (path: string, body: object = {}, user: { token: string } = owner) =>
    t.http().post(path).set(auth(user)).send(body);
  const get = (path: string, user: { token: string } = owner) => t.http().get(path).set(auth(user));
  const materials = (order: Order) =>
    Object.fromEntries(
      order.suppliedMaterials.map((m) => [
        m.itemId === item.RIM ? 'RIM' : 'SPOKE',
        [m.required, m.issued, m.consumed, m.returned],
      ]),
    );
  const balance = async (itemId: string, warehouseId: string): Promise<string> => {
    const res = await get(`/stock/balances?itemId=${itemId}&warehouseId=${warehouseId}`).expect(200);
    return (res.body.data[0]?.onHand as string | undefined) ?? '0.000000';
  };
  const ledgerOf = async (referenceId: string): Promise<LedgerEntry[]> => {
    const res = await get(`/stock/ledger?referenceType=subcontract_order&referenceId=${referenceId}&limit=100`);
    return (res.body as { data: LedgerEntry[] }).data;
  };
  const newOrder = async (quantity: string, serviceRate = '4', supplier = warehouse.SUP1): Promise<Order> =>
    (
      await post('/subcontract-orders', {
        supplierWarehouseId: supplier,
        itemId: item.HUB,
        quantity,
        sourceWarehouseId: warehouse.STORES,
        targetWarehouseId: warehouse.FG,
        serviceRate,
      }).expect(201)
    ).body as Order;
  const issuedOrder = async (quantity: string, serviceRate = '4'): Promise<Order> => {
    const order = await newOrder(quantity, serviceRate);
    await post(`/subcontract-orders/${order.id}/submit`).expect(200);
    return (await post(`/subcontract-orders/${order.id}/issue-materials`).expect(200)).body as Order;
  };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'subcontract');
    other = await registerUser(t, 'subcontract-intruder');
    viewer = { token: await viewerToken(t, owner) };
    for (const [sku, kind] of [
      ['HUB', 'sub-assembly'],
      ['RIM', 'raw'],
      ['SPOKE', 'raw'],
    ]) {
      item[sku] = (await post('/items', { sku, name: sku, uom: 'pcs', kind }).expect(201)).body.id;
    }
    for (const [code, kind, supplierName] of [
      ['STORES', 'internal'],
      ['FG', 'internal'],
      ['SUP1', 'supplier', 'Acme Wheels Ltd'],
      ['SUP2', 'supplier', 'Spokes & Sons'],
    ] as const) {
      warehouse[code] = (await post('/warehouses', { code, name: code, kind, supplierName }).expect(201)).body.id;
    }
    bomId = (
      await post('/bom', {
        itemId: item.HUB,
        code: 'BOM-HUB',
        quantity: '2',
        isDefault: true,
        lines: [
          { itemId: item.RIM, quantity: '3' },
          { itemId: item.SPOKE, quantity: '4', scrapPercent: '10' },
        ],
      }).expect(201)
    ).body.id;
    await post('/stock/adjustments', {
      warehouseId: warehouse.STORES,
      reason: 'Opening',
      lines: [
        { itemId: item.RIM, quantity: '200', rate: '2.5' },
        { itemId: item.SPOKE, quantity: '300', rate: '0.75' },
      ],
    }).expect(201);
  });
  afterAll(() => t.close());

  it('runs a two-receipt order with a rejection: partial issues, proportional consumption, costed receipts', async () => {
    const created = await newOrder('10');
    // required: RIM 10 / 2 × 3 = 15; SPOKE 10 / 2 × 4 × 1.1 = 22.
    expect(created).toMatchObject({
      number: 'SC-00001',
      supplierName: 'Acme Wheels Ltd',
      supplierWarehouseId: warehouse.SUP1,
      itemId: item.HUB,
      bomId,
      quantity: '10.000000',
      serviceRate: '4.0000',
      status: 'Draft',
      receivedQuantity: '0.000000',
      rejectedQuantity: '0.000000',
      outstandingQuantity: '10.000000',
      costs: { material: '0.0000', service: '0.0000', total: '0.0000', unitCost: null },
      receipts: [],
      version: 1,
    });
    expect(materials(created)).toEqual({
      RIM: ['15.000000', '0.000000', '0.000000', '0.000000'],
      SPOKE: ['22.000000', '0.000000', '0.000000', '0.000000'],
    });
    const id = created.id;

    expect((await post(`/subcontract-orders/${id}/submit`).expect(200)).body.status).toBe('Submitted');
    const partly = await post(`/subcontract-orders/${id}/issue-materials`, {
      lines: [{ itemId: item.RIM, quantity: '10' }],
    }).expect(200);
    expect(partly.body.status).toBe('Submitted');
    expect(materials(partly.body).RIM).toEqual(['15.000000', '10.000000', '0.000000', '0.000000']);

    // 10 issued + 6 > 15 required: refused, nothing moves.
    const over = await post(`/subcontract-orders/${id}/issue-materials`, {
      lines: [{ itemId: item.RIM, quantity: '6' }],
    }).expect(422);
    expect(over.body).toMatchObject({
      error: 'unprocessable',
      materials: [{ item_id: item.RIM, required: '15.000000', issued: '10.000000', requested: '6.000000' }],
    });
    expect(await balance(item.RIM, warehouse.SUP1)).toBe('10.000000');

    // The rest: RIM 5, SPOKE 22.
    const issued = await post(`/subcontract-orders/${id}/issue-materials`).expect(200);
    expect(issued.body.status).toBe('MaterialsIssued');
    expect(materials(issued.body)).toEqual({
      RIM: ['15.000000', '15.000000', '0.000000', '0.000000'],
      SPOKE: ['22.000000', '22.000000', '0.000000', '0.000000'],
    });
    expect((await post(`/subcontract-orders/${id}/issue-materials`).expect(422)).body.error).toBe('unprocessable');
    expect(await balance(item.RIM, warehouse.STORES)).toBe('185.000000');
    expect(await balance(item.RIM, warehouse.SUP1)).toBe('15.000000');
    expect(await balance(item.SPOKE, warehouse.SUP1)).toBe('22.000000');

    // Receipt 1: 4 accepted + 1 rejected = 5 worked. RIM 15 / 10 × 5 = 7.5 at 2.50 = 18.75; SPOKE 22 / 10 × 5 = 11
    // at 0.75 = 8.25; material 27.00, service 4 × 5 = 20.00, total 47.00, unit cost 47 / 4 = 11.75.
    const first = await post(`/subcontract-orders/${id}/receive`, { quantity: '4', rejectedQuantity: '1' }).expect(200);
    expect(first.body).toMatchObject({
      status: 'PartiallyReceived',
      receivedQuantity: '4.000000',
      rejectedQuantity: '1.000000',
      outstandingQuantity: '5.000000',
      costs: { material: '27.0000', service: '20.0000', total: '47.0000', unitCost: '11.7500' },
    });
    expect(first.body.receipts).toEqual([
      {
        id: expect.any(String),
        quantity: '4.000000',
        rejectedQuantity: '1.000000',
        consumed: [
          { itemId: item.RIM, quantity: '7.500000', value: '18.7500' },
          { itemId: item.SPOKE, quantity: '11.000000', value: '8.2500' },
        ],
        material: '27.0000',
        service: '20.0000',
        total: '47.0000',
        unitCost: '11.7500',
        receivedAt: expect.any(String),
      },
    ]);
    expect(await balance(item.HUB, warehouse.FG)).toBe('4.000000');

    // 5 accepted + 1 rejected = 6 > 5 outstanding.
    const tooMany = await post(`/subcontract-orders/${id}/receive`, { quantity: '5', rejectedQuantity: '1' }).expect(
      422,
    );
    expect(tooMany.body).toMatchObject({ error: 'unprocessable', outstanding_quantity: '5.000000' });

    // Receipt 2: 5 worked again: material 27.00, service 20.00, total 47.00, unit cost 47 / 5 = 9.40. Nothing is
    // outstanding any more: Completed. Order: 94.00 over 9 accepted = 10.4444.
    const second = await post(`/subcontract-orders/${id}/receive`, { quantity: '5' }).expect(200);
    expect(second.body).toMatchObject({
      status: 'Completed',
      receivedQuantity: '9.000000',
      rejectedQuantity: '1.000000',
      outstandingQuantity: '0.000000',
      costs: { material: '54.0000', service: '40.0000', total: '94.0000', unitCost: '10.4444' },
      completedAt: expect.any(String),
    });
    expect(second.body.receipts[1]).toMatchObject({
      quantity: '5.000000',
      rejectedQuantity: '0.000000',
      consumed: [
        { itemId: item.RIM, quantity: '7.500000', value: '18.7500' },
        { itemId: item.SPOKE, quantity: '11.000000', value: '8.2500' },
      ],
      total: '47.0000',
      unitCost: '9.4000',
    });
    expect(materials(second.body)).toEqual({
      RIM: ['15.000000', '15.000000', '15.000000', '0.000000'],
      SPOKE: ['22.000000', '22.000000', '22.000000', '0.000000'],
    });

    // The ledger of the order: two issues (out of STORES, into SUP1), two consumptions at SUP1, two receipts into FG.
    const ledger = await ledgerOf(id);
    const hubIn = ledger.filter((entry) => entry.itemId === item.HUB);
    expect(hubIn.map((entry) => [entry.warehouseId, entry.quantity, entry.rate, entry.value])).toEqual([
      [warehouse.FG, '4.000000', '11.7500', '47.0000'],
      [warehouse.FG, '5.000000', '9.4000', '47.0000'],
    ]);
    const atSupplier = ledger.filter((entry) => entry.warehouseId === warehouse.SUP1 && entry.itemId === item.RIM);
    expect(atSupplier.map((entry) => entry.quantity).sort()).toEqual(
      ['-7.500000', '-7.500000', '10.000000', '5.000000'].sort(),
    );
    expect(await balance(item.RIM, warehouse.SUP1)).toBe('0.000000');
    expect(await balance(item.SPOKE, warehouse.SUP1)).toBe('0.000000');
    // HUB's moving average: (4 × 11.75 + 5 × 9.40) / 9 = 10.4444.
    expect((await get(`/items/${item.HUB}`).expect(200)).body.valuationRate).toBe('10.4444');

    const events = await t.sql<{ type: string }>(
      `SELECT type FROM webhook_events WHERE org_id = $1 AND data->>'id' = $2 ORDER BY created_at, id`,
      [owner.orgId, id],
    );
    expect(events.map((event) => event.type)).toEqual([
      'subcontract_order.materials_issued',
      'subcontract_order.materials_issued',
      'subcontract_order.goods_received',
      'subcontract_order.goods_received',
      'subcontract_order.completed',
    ]);
  });

  it('refuses a receipt that needs more than was issued to this order: 422 insufficient_stock, nothing moves', async () => {
    // quantity 2: RIM 3, SPOKE 4.4. Only 1 RIM issued; receiving 1 HUB needs 1.5.
    const order = await newOrder('2');
    await post(`/subcontract-orders/${order.id}/submit`).expect(200);
    await post(`/subcontract-orders/${order.id}/issue-materials`, {
      lines: [
        { itemId: item.RIM, quantity: '1' },
        { itemId: item.SPOKE, quantity: '4.4' },
      ],
    }).expect(200);
    // Another order's 3 RIM sit in the same supplier warehouse (4 in all): they are not this order's to consume.
    const neighbour = await issuedOrder('2');
    expect(await balance(item.RIM, warehouse.SUP1)).toBe('4.000000');
    const before = await ledgerOf(order.id);
    const res = await post(`/subcontract-orders/${order.id}/receive`, { quantity: '1' }).expect(422);
    expect(res.body).toMatchObject({
      error: 'insufficient_stock',
      shortages: [{ item_id: item.RIM, warehouse_id: warehouse.SUP1, required: '1.500000', available: '1.000000' }],
    });
    expect(await ledgerOf(order.id)).toHaveLength(before.length);
    const after = (await get(`/subcontract-orders/${order.id}`).expect(200)).body;
    expect(after).toMatchObject({ status: 'Submitted', receivedQuantity: '0.000000', receipts: [] });
    await post(`/subcontract-orders/${neighbour.id}/cancel`).expect(200);
    // Cancelling brings back what was issued: RIM 1 and SPOKE 4.4.
    const cancelled = await post(`/subcontract-orders/${order.id}/cancel`).expect(200);
    expect(cancelled.body).toMatchObject({ status: 'Cancelled', cancelledAt: expect.any(String) });
    expect(materials(cancelled.body)).toEqual({
      RIM: ['3.000000', '1.000000', '0.000000', '1.000000'],
      SPOKE: ['4.400000', '4.400000', '0.000000', '4.400000'],
    });
    const returns = (await ledgerOf(order.id)).slice(before.length);
    expect(returns.map((entry) => [entry.itemId, entry.warehouseId, entry.quantity]).sort()).toEqual(
      [
        [item.RIM, warehouse.SUP1, '-1.000000'],
        [item.RIM, warehouse.STORES, '1.000000'],
        [item.SPOKE, warehouse.SUP1, '-4.400000'],
        [item.SPOKE, warehouse.STORES, '4.400000'],
      ].sort(),
    );
  });

  it('completes a partly received order early and returns what is left at the supplier', async () => {
    // quantity 4: RIM 6, SPOKE 8.8. One HUB received: RIM 1.5 (3.75), SPOKE 2.2 (1.65), material 5.40, service
    // 2 × 1 = 2.00, total 7.40 = unit cost. Early completion returns RIM 4.5 and SPOKE 6.6.
    const order = await issuedOrder('4', '2');
    const received = await post(`/subcontract-orders/${order.id}/receive`, { quantity: '1' }).expect(200);
    expect(received.body).toMatchObject({
      status: 'PartiallyReceived',
      costs: { material: '5.4000', service: '2.0000', total: '7.4000', unitCost: '7.4000' },
    });
    const completed = await post(`/subcontract-orders/${order.id}/complete`).expect(200);
    expect(completed.body).toMatchObject({ status: 'Completed', outstandingQuantity: '3.000000' });
    expect(materials(completed.body)).toEqual({
      RIM: ['6.000000', '6.000000', '1.500000', '4.500000'],
      SPOKE: ['8.800000', '8.800000', '2.200000', '6.600000'],
    });
    expect(await balance(item.RIM, warehouse.SUP1)).toBe('0.000000');
    expect(await balance(item.SPOKE, warehouse.SUP1)).toBe('0.000000');
    const types = await t.sql<{ type: string }>(
      `SELECT type FROM webhook_events WHERE org_id = $1 AND data->>'id' = $2 ORDER BY created_at, id`,
      [owner.orgId, order.id],
    );
    expect(types.map((row) => row.type)).toEqual([
      'subcontract_order.materials_issued',
      'subcontract_order.goods_received',
      'subcontract_order.completed',
    ]);
  });

  it('serialises parallel receipts on the order: never over-receives or over-consumes', async () => {
    // quantity 4: RIM 6, SPOKE 8.8; three parallel receipts of 1.5 — two fit (3 of 4), the third exceeds the 1 left.
    const order = await issuedOrder('4', '1');
    const answers = await Promise.all(
      Array.from({ length: 3 }, () => post(`/subcontract-orders/${order.id}/receive`, { quantity: '1.5' })),
    );
    expect(answers.map((res) => res.status).sort()).toEqual([200, 200, 422]);
    const after = (await get(`/subcontract-orders/${order.id}`).expect(200)).body;
    expect(after).toMatchObject({
      status: 'PartiallyReceived',
      receivedQuantity: '3.000000',
      outstandingQuantity: '1.000000',
    });
    expect(after.receipts).toHaveLength(2);
    // Each receipt consumed 6 / 4 × 1.5 = 2.25 RIM and 8.8 / 4 × 1.5 = 3.3 SPOKE.
    expect(materials(after)).toEqual({
      RIM: ['6.000000', '6.000000', '4.500000', '0.000000'],
      SPOKE: ['8.800000', '8.800000', '6.600000', '0.000000'],
    });
    const consumedAtSupplier = (await ledgerOf(order.id)).filter(
      (entry) => entry.warehouseId === warehouse.SUP1 && entry.quantity.startsWith('-'),
    );
    expect(consumedAtSupplier.map((entry) => entry.quantity).sort()).toEqual(
      ['-2.250000', '-2.250000', '-3.300000', '-3.300000'].sort(),
    );
  });

  it('leaves a ledger that sums to the balances at the source, supplier and target warehouses', async () => {
    // Stock still at the supplier belongs to open orders: 1.5 RIM / 2.2 SPOKE left of the parallel one, and
    // 6 RIM / 8.8 SPOKE issued to a new one.
    await issuedOrder('4');
    for (const code of ['STORES', 'SUP1', 'FG']) {
      const entries: LedgerEntry[] = (await get(`/stock/ledger?warehouseId=${warehouse[code]}&limit=100`).expect(200))
        .body.data;
      const balances: { itemId: string; onHand: string }[] = (
        await get(`/stock/balances?warehouseId=${warehouse[code]}`).expect(200)
      ).body.data;
      expect(balances.length).toBeGreaterThan(0);
      for (const row of balances) {
        const sum = sumDecimals(entries.filter((entry) => entry.itemId === row.itemId).map((entry) => entry.quantity));
        expect([code, row.itemId, sum.eq(new Dec(row.onHand))]).toEqual([code, row.itemId, true]);
      }
    }
    expect(await balance(item.RIM, warehouse.SUP1)).toBe('7.500000');
    expect(await balance(item.SPOKE, warehouse.SUP1)).toBe('11.000000');
    // STORES: 200 − 15 (A) − 1 + 1 and − 3 + 3 (cancelled) − 6 − 6 (B, parallel) + 4.5 (returned by B) − 6 (open)
    // = 171.5.
    expect(await balance(item.RIM, warehouse.STORES)).toBe('171.500000');
  });

  it('answers 409 invalid_state_transition with from and to for every action a state does not accept', async () => {
    const draft = await newOrder('2');
    const submitted = await newOrder('2');
    await post(`/subcontract-orders/${submitted.id}/submit`).expect(200);
    const issued = await issuedOrder('2');
    const partly = await issuedOrder('2');
    await post(`/subcontract-orders/${partly.id}/receive`, { quantity: '1' }).expect(200);
    const completed = await issuedOrder('2');
    await post(`/subcontract-orders/${completed.id}/receive`, { quantity: '2' }).expect(200);
    const cancelled = await newOrder('2');
    await post(`/subcontract-orders/${cancelled.id}/cancel`).expect(200);

    const byStatus: Record<string, string> = {
      Draft: draft.id,
      Submitted: submitted.id,
      MaterialsIssued: issued.id,
      PartiallyReceived: partly.id,
      Completed: completed.id,
      Cancelled: cancelled.id,
    };
    const refused: [string, string, string][] = [
      ['submit', 'Submitted', 'Submitted'],
      ['submit', 'MaterialsIssued', 'Submitted'],
      ['submit', 'PartiallyReceived', 'Submitted'],
      ['submit', 'Completed', 'Submitted'],
      ['submit', 'Cancelled', 'Submitted'],
      ['issue-materials', 'Draft', 'MaterialsIssued'],
      ['issue-materials', 'Completed', 'MaterialsIssued'],
      ['issue-materials', 'Cancelled', 'MaterialsIssued'],
      ['receive', 'Draft', 'PartiallyReceived'],
      ['receive', 'Completed', 'PartiallyReceived'],
      ['receive', 'Cancelled', 'PartiallyReceived'],
      ['complete', 'Draft', 'Completed'],
      ['complete', 'Submitted', 'Completed'],
      ['complete', 'MaterialsIssued', 'Completed'],
      ['complete', 'Completed', 'Completed'],
      ['complete', 'Cancelled', 'Completed'],
      ['cancel', 'PartiallyReceived', 'Cancelled'],
      ['cancel', 'Completed', 'Cancelled'],
      ['cancel', 'Cancelled', 'Cancelled'],
    ];
    for (const [action, from, to] of refused) {
      const body = action === 'receive' ? { quantity: '1' } : {};
      const res = await post(`/subcontract-orders/${byStatus[from]}/${action}`, body);
      expect([action, from, res.status, res.body.error, res.body.from, res.body.to]).toEqual([
        action,
        from,
        409,
        'invalid_state_transition',
        from,
        to,
      ]);
    }
    // Each order is still in the state it was in.
    for (const [status, id] of Object.entries(byStatus)) {
      expect((await get(`/subcontract-orders/${id}`).expect(200)).body.status).toBe(status);
    }
  });

  it('edits and deletes a Draft only, with an optimistic version', async () => {
    const order = await newOrder('2');
    const patched = await t
      .http()
      .patch(`/subcontract-orders/${order.id}`)
      .set(auth(owner))
      .send({ version: 1, quantity: '4', supplierWarehouseId: warehouse.SUP2 })
      .expect(200);
    expect(patched.body).toMatchObject({ version: 2, quantity: '4.000000', supplierName: 'Spokes & Sons' });
    expect(materials(patched.body).RIM[0]).toBe('6.000000');
    const stale = await t
      .http()
      .patch(`/subcontract-orders/${order.id}`)
      .set(auth(owner))
      .send({ version: 1, serviceRate: '9' })
      .expect(409);
    expect(stale.body.error).toBe('conflict');
    await post(`/subcontract-orders/${order.id}/submit`).expect(200);
    await t
      .http()
      .patch(`/subcontract-orders/${order.id}`)
      .set(auth(owner))
      .send({ version: 3, serviceRate: '9' })
      .expect(422);
    await t.http().delete(`/subcontract-orders/${order.id}`).set(auth(owner)).expect(422);

    const draft = await newOrder('1');
    await t.http().delete(`/subcontract-orders/${draft.id}`).set(auth(owner)).expect(204);
    await get(`/subcontract-orders/${draft.id}`).expect(404);
  });

  it('lists with a cursor and the status, itemId and supplierWarehouseId filters', async () => {
    const bySupplier = (await get(`/subcontract-orders?supplierWarehouseId=${warehouse.SUP2}`).expect(200)).body;
    expect(bySupplier.data.map((o: Order) => o.status)).toEqual(['Submitted']);
    const cancelled = (await get('/subcontract-orders?status=Cancelled').expect(200)).body;
    expect(cancelled.data.length).toBe(3);
    expect(cancelled.data.every((o: Order) => o.status === 'Cancelled')).toBe(true);
    const all = (await get(`/subcontract-orders?itemId=${item.HUB}&limit=100`).expect(200)).body;
    const firstPage = (await get('/subcontract-orders?limit=2').expect(200)).body;
    expect(firstPage.data).toHaveLength(2);
    const secondPage = (await get(`/subcontract-orders?limit=2&cursor=${firstPage.nextCursor}`).expect(200)).body;
    expect([...firstPage.data, ...secondPage.data].map((o: Order) => o.id)).toEqual(
      all.data.slice(0, 4).map((o: Order) => o.id),
    );
    expect(all.data.map((o: Order) => o.number)[0]).toBe('SC-00001');
    expect((await get(`/subcontract-orders?itemId=${item.RIM}`).expect(200)).body).toEqual({
      data: [],
      nextCursor: null,
    });
    expect((await get('/subcontract-orders?status=Open').expect(400)).body.error).toBe('validation_failed');
    expect((await get('/subcontract-orders?cursor=zzz').expect(400)).body.error).toBe('invalid_request');
  });

  it('answers 401, 403, 404, 400 and 422 as API.md says', async () => {
    await t.http().get('/subcontract-orders').expect(401);
    const valid = {
      supplierWarehouseId: warehouse.SUP1,
      itemId: item.HUB,
      quantity: '1',
      sourceWarehouseId: warehouse.STORES,
      targetWarehouseId: warehouse.FG,
      serviceRate: '1',
    };
    expect((await post('/subcontract-orders', valid, viewer).expect(403)).body.error).toBe('forbidden');
    await get('/subcontract-orders', viewer).expect(200);
    const order = await newOrder('1');
    expect((await post(`/subcontract-orders/${order.id}/submit`, {}, viewer).expect(403)).body.error).toBe('forbidden');

    // Another tenant's order is a 404, like a missing one.
    await get(`/subcontract-orders/${order.id}`, other).expect(404);
    await post(`/subcontract-orders/${order.id}/submit`, {}, other).expect(404);
    await get(`/subcontract-orders/${missingId}`).expect(404);
    await get('/subcontract-orders/not-a-uuid').expect(400);

    for (const bad of [
      { ...valid, quantity: '0' },
      { ...valid, quantity: '-1' },
      { ...valid, serviceRate: '1.23456' },
      { ...valid, itemId: 'HUB' },
      { ...valid, colour: 'red' },
    ]) {
      expect((await post('/subcontract-orders', bad).expect(400)).body.error).toBe('validation_failed');
    }
    await post(`/subcontract-orders/${order.id}/submit`).expect(200);
    await post(`/subcontract-orders/${order.id}/receive`, { quantity: 0 }).expect(400);
    await post(`/subcontract-orders/${order.id}/issue-materials`, { lines: [{ itemId: item.RIM }] }).expect(400);
    // A material the order does not use.
    await post(`/subcontract-orders/${order.id}/issue-materials`, {
      lines: [{ itemId: item.HUB, quantity: '1' }],
    }).expect(422);

    // More than the source warehouse has: the movement's 422 insufficient_stock, listing every short material.
    const huge = await newOrder('1000');
    await post(`/subcontract-orders/${huge.id}/submit`).expect(200);
    const short = await post(`/subcontract-orders/${huge.id}/issue-materials`).expect(422);
    expect(short.body.error).toBe('insufficient_stock');
    expect(
      short.body.shortages.map((s: { item_id: string; warehouse_id: string }) => [s.item_id, s.warehouse_id]),
    ).toEqual(
      expect.arrayContaining([
        [item.RIM, warehouse.STORES],
        [item.SPOKE, warehouse.STORES],
      ]),
    );
    expect(materials((await get(`/subcontract-orders/${huge.id}`).expect(200)).body).RIM[1]).toBe('0.000000');

    const internalAsSupplier = await post('/subcontract-orders', { ...valid, supplierWarehouseId: warehouse.STORES });
    expect([internalAsSupplier.status, internalAsSupplier.body.error]).toEqual([422, 'unprocessable']);
    const noBom = await post('/subcontract-orders', { ...valid, itemId: item.RIM });
    expect([noBom.status, noBom.body.error]).toEqual([422, 'unprocessable']);
    await post('/subcontract-orders', { ...valid, targetWarehouseId: missingId }).expect(422);
  });
});
