import { registerUser, SignedInUser, viewerToken } from './support/identity';
import { ReportScenario, seedReportScenario } from './support/report-scenario';
import { createTestApp, TestApp } from './support/test-app';

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const REPORTS = ['job-costing', 'by-products', 'production-cost-analysis', 'efficiency'] as const;

/** The figures are those of test/support/report-scenario.ts, computed by hand there and below. */
describe('Manufacturing reports (internal layer)', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let other: SignedInUser;
  let s: ReportScenario;
  const today = new Date().toISOString().slice(0, 10);

  const report = (name: string, query = '', token = owner.token) =>
    t.http().get(`/manufacturing-reports/${name}${query}`).set(auth(token));
  const post = (path: string, body: object = {}) => t.http().post(path).set(auth(owner.token)).send(body);

  async function releasedOrder(quantity: string): Promise<string> {
    const order = await post('/work-orders', {
      itemId: s.item.FG,
      quantity,
      sourceWarehouseId: s.stores,
      targetWarehouseId: s.finished,
    }).expect(201);
    await post(`/work-orders/${order.body.id}/release`).expect(200);
    return order.body.id as string;
  }

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'reports');
    other = await registerUser(t, 'elsewhere');
    s = await seedReportScenario(t, owner);
  }, 60_000);
  afterAll(async () => {
    await t.close();
  });

  it('job-costing: each completed order against its plan scaled to what it produced, and the totals', async () => {
    const res = await report('job-costing').expect(200);
    expect(res.headers['x-cache']).toBe('MISS');
    const from = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
    expect(res.body).toMatchObject({ from, to: today });
    expect(Date.parse(res.body.generatedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.data).toEqual([
      {
        workOrderId: s.workOrders[0],
        number: 'WO-00001',
        itemId: s.item.FG,
        producedQuantity: '10.000000',
        plannedTotal: '400.0000',
        material: '100.0000',
        operation: '300.0000',
        byProductShare: '40.0000',
        total: '400.0000',
        unitCost: '36.0000',
        variance: '0.0000',
        variancePercent: '0.0000',
      },
      {
        // The plan of 400 for 10, scaled to the 8 produced: 320; 360 − 320 = 40 over plan, 40 / 320 = 12.5 %.
        workOrderId: s.workOrders[1],
        number: 'WO-00002',
        itemId: s.item.FG,
        producedQuantity: '8.000000',
        plannedTotal: '320.0000',
        material: '90.0000',
        operation: '270.0000',
        byProductShare: '36.0000',
        total: '360.0000',
        unitCost: '40.5000',
        variance: '40.0000',
        variancePercent: '12.5000',
      },
    ]);
    // 40 / 720 × 100 = 5.5555… → 5.5556
    expect(res.body.totals).toEqual({
      workOrders: 2,
      plannedTotal: '720.0000',
      material: '190.0000',
      operation: '570.0000',
      byProductShare: '76.0000',
      total: '760.0000',
      variance: '40.0000',
      variancePercent: '5.5556',
    });
  });

  it('job-costing pages its rows in completion order; the totals always cover the whole range', async () => {
    const first = await report('job-costing', '?limit=1').expect(200);
    expect(first.body.data.map((row: { number: string }) => row.number)).toEqual(['WO-00001']);
    expect(first.body.totals).toMatchObject({ workOrders: 2, total: '760.0000' });
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await report('job-costing', `?limit=1&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.data.map((row: { number: string }) => row.number)).toEqual(['WO-00002']);
    expect(second.body.totals).toEqual(first.body.totals);
    expect(second.body.nextCursor).toBeNull();
    expect((await report('job-costing', '?cursor=bogus').expect(400)).body.error).toBe('invalid_request');
    expect((await report('job-costing', '?limit=101').expect(400)).body.error).toBe('validation_failed');
  });

  it('by-products: quantity, value and orders per by-product, with the items they came from', async () => {
    const res = await report('by-products').expect(200);
    expect(res.body.data).toEqual([
      { itemId: s.item.BP, quantity: '18.000000', value: '76.0000', workOrders: 2, finishedItemIds: [s.item.FG] },
    ]);
    expect(res.body.totals).toEqual({ workOrders: 2, value: '76.0000' });
    // itemId filters the by-product, not the finished item.
    const ofFinished = await report('by-products', `?itemId=${s.item.FG}`).expect(200);
    expect(ofFinished.body.data).toEqual([]);
    expect(ofFinished.body.totals).toEqual({ workOrders: 0, value: '0.0000' });
  });

  it('production-cost-analysis: work orders and subcontract receipts of an item against today’s BOM cost', async () => {
    const res = await report('production-cost-analysis').expect(200);
    // Average weighted by quantity: (10 × 36 + 8 × 40.5 + 5 × 22) / 23 = 794 / 23 = 34.5217…; the standard
    // (GET /bom/:id/cost) is (2 × 5 + 60 / 60 × 30) × 0.9 / 1 = 36; (34.5217 − 36) / 36 × 100 = −4.10638… → −4.1064.
    expect(res.body.data).toEqual([
      {
        itemId: s.item.FG,
        producedQuantity: '23.000000',
        material: '240.0000',
        operation: '570.0000',
        service: '60.0000',
        total: '870.0000',
        averageUnitCost: '34.5217',
        minUnitCost: '22.0000',
        maxUnitCost: '40.5000',
        standardUnitCost: '36.0000',
        varianceToStandardPercent: '-4.1064',
      },
    ]);
    expect(res.body.totals).toEqual({
      material: '240.0000',
      operation: '570.0000',
      service: '60.0000',
      total: '870.0000',
    });
    const cost = await t.http().get(`/bom/${s.bomId}/cost`).set(auth(owner.token)).expect(200);
    expect(cost.body.unitCost).toBe(res.body.data[0].standardUnitCost);
  });

  it('efficiency: yield, performance, punctuality and the pass rate of the orders’ inspections', async () => {
    const res = await report('efficiency').expect(200);
    // Planned minutes of what was produced: 600 + 600 × 8 / 10 = 1080, against 600 + 540 = 1140 → 94.7368 %;
    // WO1 is on time, WO2 late; WO1 passed, WO2 failed (its pending one and the receipt's do not count).
    const figures = {
      workOrders: 2,
      plannedQuantity: '20.000000',
      producedQuantity: '18.000000',
      yieldPercent: '90.0000',
      plannedMinutes: '1080.000000',
      actualMinutes: '1140.000000',
      performancePercent: '94.7368',
      onTimePercent: '50.0000',
      qualityPassRate: '50.0000',
    };
    expect(res.body.data).toEqual([{ itemId: s.item.FG, ...figures }]);
    expect(res.body.totals).toEqual(figures);
  });

  it('counts only the range asked for, and another tenant sees none of it', async () => {
    const past = await report('job-costing', '?from=2020-01-01&to=2020-12-31').expect(200);
    expect(past.body).toMatchObject({ from: '2020-01-01', to: '2020-12-31', data: [] });
    expect(past.body.totals).toEqual({
      workOrders: 0,
      plannedTotal: '0.0000',
      material: '0.0000',
      operation: '0.0000',
      byProductShare: '0.0000',
      total: '0.0000',
      variance: '0.0000',
      variancePercent: null,
    });
    const efficiency = await report('efficiency', '?from=2020-01-01&to=2020-12-31').expect(200);
    expect(efficiency.body.totals).toMatchObject({
      yieldPercent: null,
      performancePercent: null,
      qualityPassRate: null,
    });
    for (const name of REPORTS) {
      const theirs = await report(name, '', other.token).expect(200);
      expect(theirs.body.data).toEqual([]);
    }
    const ofOtherItem = await report('production-cost-analysis', `?itemId=${s.item.R1}`).expect(200);
    expect(ofOtherItem.body.data).toEqual([]);
  });

  it('answers a viewer, refuses no token, and validates the query', async () => {
    const viewer = await viewerToken(t, owner);
    for (const name of REPORTS) {
      await report(name, '', viewer).expect(200);
      await t.http().get(`/manufacturing-reports/${name}`).expect(401);
    }
    for (const query of [
      '?from=2026-13-01',
      '?from=yesterday',
      `?from=${today}T00:00:00Z`,
      '?from=2026-03-02&to=2026-03-01',
      '?from=2020-01-01&to=2026-01-01',
      '?itemId=not-a-uuid',
      '?unknown=1',
    ]) {
      const res = await report('efficiency', query).expect(400);
      expect(res.body.error).toBe('validation_failed');
    }
    await report('unknown-report').expect(404);
  });

  it('serves a second read from the cache, then computes afresh after a completion commits', async () => {
    const orderId = await releasedOrder('1');
    const first = await report('job-costing', '?from=2026-01-01').expect(200);
    const second = await report('job-costing', '?from=2026-01-01').expect(200);
    expect([first.headers['x-cache'], second.headers['x-cache']]).toEqual(['MISS', 'HIT']);
    expect(second.body).toEqual(first.body);
    // Another query is another entry.
    expect((await report('job-costing', `?from=2026-01-01&itemId=${s.item.FG}`).expect(200)).headers['x-cache']).toBe(
      'MISS',
    );

    // A completion refused (and so rolled back) drops nothing.
    await post(`/work-orders/${orderId}/complete`, { producedQuantity: '2' }).expect(422);
    const afterRefusal = await report('job-costing', '?from=2026-01-01').expect(200);
    expect(afterRefusal.headers['x-cache']).toBe('HIT');

    await post(`/work-orders/${orderId}/complete`).expect(200);
    const afterCompletion = await report('job-costing', '?from=2026-01-01').expect(200);
    expect(afterCompletion.headers['x-cache']).toBe('MISS');
    expect(afterCompletion.body.totals.workOrders).toBe(3);
    // Every entry of the tenant went, not only the one read.
    expect((await report('job-costing', `?from=2026-01-01&itemId=${s.item.FG}`).expect(200)).headers['x-cache']).toBe(
      'MISS',
    );
  });

  it('a cancellation and a subcontract receipt drop the entries too; a release does not', async () => {
    const orderId = await releasedOrder('1');
    expect((await report('efficiency').expect(200)).headers['x-cache']).toBe('MISS');
    await releasedOrder('1');
    expect((await report('efficiency').expect(200)).headers['x-cache']).toBe('HIT');
    await post(`/work-orders/${orderId}/cancel`).expect(200);
    expect((await report('efficiency').expect(200)).headers['x-cache']).toBe('MISS');

    const supplier = await post('/warehouses', {
      code: 'SUP2',
      name: 'SUP2',
      kind: 'supplier',
      supplierName: 'Bolt',
    }).expect(201);
    const order = await post('/subcontract-orders', {
      supplierWarehouseId: supplier.body.id,
      itemId: s.item.FG,
      quantity: '2',
      sourceWarehouseId: s.stores,
      targetWarehouseId: s.finished,
      serviceRate: '1',
    }).expect(201);
    await post(`/subcontract-orders/${order.body.id}/submit`).expect(200);
    await post(`/subcontract-orders/${order.body.id}/issue-materials`).expect(200);
    expect((await report('production-cost-analysis').expect(200)).headers['x-cache']).toBe('MISS');
    expect((await report('production-cost-analysis').expect(200)).headers['x-cache']).toBe('HIT');
    await post(`/subcontract-orders/${order.body.id}/receive`, { quantity: '1' }).expect(200);
    const fresh = await report('production-cost-analysis').expect(200);
    expect(fresh.headers['x-cache']).toBe('MISS');
    expect(fresh.body.data[0].producedQuantity).toBe('25.000000');
  });
});
