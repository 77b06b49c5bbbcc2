import { createTestApp, TestApp } from './support/test-app';

describe('the demo tenant’s manufacturing data', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { SEED_DEMO: 'true', DEMO_PASSWORD: 'demo-password-for-tests' } });
    const login = await t
      .http()
      .post('/auth/login')
      .send({ email: 'demo@hellobooks.local', password: 'demo-password-for-tests' })
      .expect(200);
    token = login.body.accessToken;
  });
  afterAll(() => t.close());

  const get = (path: string) => t.http().get(path).set('Authorization', `Bearer ${token}`);

  it('seeds Main Plant with a three-level bicycle that explodes at once, stock in two warehouses and a recipe', async () => {
    const skus = new Map<string, string>();
    let cursor: string | null = null;
    do {
      const page: { body: { data: { id: string; sku: string }[]; nextCursor: string | null } } = await get(
        `/items?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      ).expect(200);
      for (const item of page.body.data) skus.set(item.sku, item.id);
      cursor = page.body.nextCursor;
    } while (cursor);
    const boms = await get(`/bom?itemId=${skus.get('BIKE-CITY')}`).expect(200);
    expect(boms.body.data).toHaveLength(1);
    const bike = boms.body.data[0];

    const warehouses = await get('/warehouses').expect(200);
    expect(warehouses.body.data.map((w: { code: string }) => w.code).sort()).toEqual([
      'LINE',
      'STORES',
      'SUB-HUBWORKS',
    ]);
    const stores = warehouses.body.data.find((w: { code: string }) => w.code === 'STORES').id;

    const explosion = await get(`/bom/${bike.id}/explosion?quantity=1&warehouseId=${stores}`).expect(200);
    expect(Math.max(...explosion.body.tree.map((node: { level: number }) => node.level))).toBe(3);
    // Two wheels × 32 spokes × 1.03 scrap; the demo's 6 wheels used 6 × 32 × 1.03 = 197.76 of the 900.
    const spokes = explosion.body.items.find((row: { itemId: string }) => row.itemId === skus.get('SPOKE-SS'));
    expect(spokes).toEqual({
      itemId: skus.get('SPOKE-SS'),
      quantity: '65.920000',
      available: '702.240000',
      shortage: '0.000000',
    });
    // Two wheels × one hub × two bearings.
    const bearings = explosion.body.items.find((row: { itemId: string }) => row.itemId === skus.get('BEARING-6001'));
    expect(bearings.quantity).toBe('4.000000');

    const frame = (await get(`/bom?itemId=${skus.get('FRAME-ASSY')}`).expect(200)).body.data[0];
    expect(frame.byProducts).toEqual([
      { itemId: skus.get('ALU-OFFCUT'), quantity: '4.000000', costSharePercent: '2.0000' },
    ]);
    const cost = await get(`/bom/${bike.id}/cost`).expect(200);
    expect(Number(cost.body.unitCost)).toBeGreaterThan(0);

    const recipes = await get(`/recipes/by-output/${skus.get('LUBE-CHAIN')}`).expect(200);
    expect(recipes.body.data).toHaveLength(1);

    // The bicycle is inspected when it is produced: its template has one parameter of each kind.
    const templates = await get(`/quality-inspections/templates?itemId=${skus.get('BIKE-CITY')}`).expect(200);
    expect(templates.body.data).toHaveLength(1);
    expect(templates.body.data[0].parameters.map((p: { kind: string }) => p.kind)).toEqual([
      'numeric',
      'numeric',
      'boolean',
      'text',
    ]);
  });

  it('seeds an open subcontract order whose hub parts sit in the subcontractor’s warehouse', async () => {
    const orders = await get('/subcontract-orders?status=MaterialsIssued').expect(200);
    expect(orders.body.data).toHaveLength(1);
    const order = orders.body.data[0];
    expect(order).toMatchObject({
      number: 'SC-00001',
      supplierName: 'Hubworks Precision Ltd',
      quantity: '6.000000',
      outstandingQuantity: '6.000000',
    });
    // Six hubs: one shell, two bearings and one axle each, all issued to the subcontractor.
    expect(order.suppliedMaterials.map((m: { required: string; issued: string }) => [m.required, m.issued])).toEqual([
      ['6.000000', '6.000000'],
      ['12.000000', '12.000000'],
      ['6.000000', '6.000000'],
    ]);
    const atSupplier = await get(`/stock/balances?warehouseId=${order.supplierWarehouseId}`).expect(200);
    expect(atSupplier.body.data.map((row: { onHand: string }) => row.onHand).sort()).toEqual(
      ['6.000000', '6.000000', '12.000000'].sort(),
    );
  });

  it('seeds bicycle work orders in every state, and the sub-assembly orders that fed them', async () => {
    const bikes = await get(`/work-orders?limit=100`).expect(200);
    const orders = bikes.body.data as { number: string; status: string; itemId: string; costs: { unitCost: string } }[];
    expect(orders.map((order) => order.number)).toEqual(Array.from({ length: 8 }, (_v, i) => `WO-0000${i + 1}`));
    const bikeItem = orders[4].itemId;
    expect(orders.filter((order) => order.itemId === bikeItem).map((order) => order.status)).toEqual([
      'Completed',
      'InProgress',
      'Draft',
      'Cancelled',
    ]);
    expect(orders.slice(0, 5).every((order) => order.status === 'Completed')).toBe(true);
    expect(Number(orders[4].costs.unitCost)).toBeGreaterThan(0);
  });
});
