import { memberToken, registerUser, SignedInUser, viewerToken } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

const auth = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });
const missingId = '00000000-0000-4000-8000-000000000000';

describe('items, warehouses and stock (internal layer)', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let other: SignedInUser;
  let viewer: { token: string };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'inventory');
    other = await registerUser(t, 'other');
    viewer = { token: await viewerToken(t, owner) };
  });
  afterAll(() => t.close());

  async function createItem(sku: string, extra: Record<string, unknown> = {}) {
    const res = await t
      .http()
      .post('/items')
      .set(auth(owner))
      .send({ sku, name: `Item ${sku}`, uom: 'pcs', kind: 'raw', ...extra })
      .expect(201);
    return res.body as { id: string; valuationRate: string };
  }

  async function createWarehouse(code: string, user: SignedInUser = owner) {
    const res = await t
      .http()
      .post('/warehouses')
      .set(auth(user))
      .send({ code, name: `Warehouse ${code}`, kind: 'internal' })
      .expect(201);
    return res.body as { id: string };
  }

  describe('items', () => {
    it('creates, reads, lists with filters and pages, and updates an item', async () => {
      const created = await t
        .http()
        .post('/items')
        .set(auth(owner))
        .send({ sku: 'BOLT-M8', name: 'Bolt M8', uom: 'pcs', kind: 'raw', valuationRate: '0.12' })
        .expect(201);
      expect(created.body).toMatchObject({
        id: expect.any(String),
        sku: 'BOLT-M8',
        name: 'Bolt M8',
        uom: 'pcs',
        kind: 'raw',
        valuationRate: '0.1200',
        isActive: true,
      });
      await createItem('FRAME-1', { kind: 'finished', name: 'Steel frame' });
      await createItem('NUT-M8');

      const one = await t.http().get(`/items/${created.body.id}`).set(auth(viewer)).expect(200);
      expect(one.body.sku).toBe('BOLT-M8');

      const finished = await t.http().get('/items?kind=finished').set(auth(owner)).expect(200);
      expect(finished.body.data.map((i: { sku: string }) => i.sku)).toEqual(['FRAME-1']);
      const searched = await t.http().get('/items?search=m8').set(auth(owner)).expect(200);
      expect(searched.body.data.map((i: { sku: string }) => i.sku).sort()).toEqual(['BOLT-M8', 'NUT-M8']);

      const first = await t.http().get('/items?limit=2').set(auth(owner)).expect(200);
      expect(first.body.data).toHaveLength(2);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await t.http().get(`/items?limit=2&cursor=${first.body.nextCursor}`).set(auth(owner)).expect(200);
      expect(second.body.data).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      const seen = [...first.body.data, ...second.body.data].map((i: { sku: string }) => i.sku);
      expect(new Set(seen).size).toBe(3);

      const patched = await t
        .http()
        .patch(`/items/${created.body.id}`)
        .set(auth(owner))
        .send({ name: 'Hex bolt M8', isActive: false })
        .expect(200);
      expect(patched.body).toMatchObject({ name: 'Hex bolt M8', isActive: false, sku: 'BOLT-M8' });
    });

    it('answers 409 for a taken sku, 400 for bad input, 404 for unknown and foreign ids', async () => {
      await createItem('DUP-1');
      const dup = await t
        .http()
        .post('/items')
        .set(auth(owner))
        .send({ sku: 'DUP-1', name: 'x', uom: 'pcs', kind: 'raw' })
        .expect(409);
      expect(dup.body.error).toBe('conflict');
      // Another tenant may use the same sku.
      await t
        .http()
        .post('/items')
        .set(auth(other))
        .send({ sku: 'DUP-1', name: 'x', uom: 'pcs', kind: 'raw' })
        .expect(201);

      const bad = await t
        .http()
        .post('/items')
        .set(auth(owner))
        .send({ sku: 'X', name: 'x', uom: 'pcs', kind: 'gadget', valuationRate: 0.1 + 0.2, colour: 'red' })
        .expect(400);
      expect(bad.body.error).toBe('validation_failed');
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual([
        'colour',
        'kind',
        'valuationRate',
      ]);
      await t.http().get('/items/not-a-uuid').set(auth(owner)).expect(400);
      await t.http().get('/items?limit=0').set(auth(owner)).expect(400);
      await t.http().get('/items?limit=101').set(auth(owner)).expect(400);
      const cursor = await t.http().get('/items?cursor=garbage').set(auth(owner)).expect(400);
      expect(cursor.body.error).toBe('invalid_request');

      await t.http().get(`/items/${missingId}`).set(auth(owner)).expect(404);
      const foreign = await createItem('MINE-1');
      const notFound = await t.http().get(`/items/${foreign.id}`).set(auth(other)).expect(404);
      expect(notFound.body.error).toBe('not_found');
      await t.http().patch(`/items/${foreign.id}`).set(auth(other)).send({ name: 'stolen' }).expect(404);
    });

    it('answers 401 without a token and 403 when a viewer writes', async () => {
      expect((await t.http().get('/items').expect(401)).body.error).toBe('unauthorized');
      await t.http().post('/items').expect(401);
      const res = await t
        .http()
        .post('/items')
        .set(auth(viewer))
        .send({ sku: 'V-1', name: 'v', uom: 'pcs', kind: 'raw' })
        .expect(403);
      expect(res.body.error).toBe('forbidden');
      await t.http().patch(`/items/${missingId}`).set(auth(viewer)).send({ name: 'v' }).expect(403);
    });
  });

  describe('warehouses', () => {
    it('creates, reads, lists and updates warehouses, with the supplier rule', async () => {
      const created = await createWarehouse('MAIN');
      const supplier = await t
        .http()
        .post('/warehouses')
        .set(auth(owner))
        .send({ code: 'SUB-ACME', name: 'At Acme', kind: 'supplier', supplierName: 'Acme Machining' })
        .expect(201);
      expect(supplier.body).toMatchObject({ kind: 'supplier', supplierName: 'Acme Machining' });
      await t
        .http()
        .post('/warehouses')
        .set(auth(owner))
        .send({ code: 'SUB-X', name: 'x', kind: 'supplier' })
        .expect(422);

      expect((await t.http().get(`/warehouses/${created.id}`).set(auth(viewer)).expect(200)).body.code).toBe('MAIN');
      const suppliers = await t.http().get('/warehouses?kind=supplier').set(auth(owner)).expect(200);
      expect(suppliers.body.data.map((w: { code: string }) => w.code)).toEqual(['SUB-ACME']);
      const renamed = await t
        .http()
        .patch(`/warehouses/${created.id}`)
        .set(auth(owner))
        .send({ name: 'Main store' })
        .expect(200);
      expect(renamed.body).toMatchObject({ code: 'MAIN', name: 'Main store', kind: 'internal', supplierName: null });
    });

    it('answers 400, 401, 403, 404 and 409', async () => {
      await createWarehouse('TAKEN');
      expect(
        (
          await t
            .http()
            .post('/warehouses')
            .set(auth(owner))
            .send({ code: 'TAKEN', name: 'x', kind: 'internal' })
            .expect(409)
        ).body.error,
      ).toBe('conflict');
      await t.http().post('/warehouses').set(auth(owner)).send({ code: 'X', name: 'x', kind: 'offsite' }).expect(400);
      await t.http().get('/warehouses').expect(401);
      await t.http().post('/warehouses').set(auth(viewer)).send({ code: 'V', name: 'v', kind: 'internal' }).expect(403);
      const mine = await createWarehouse('PRIVATE');
      await t.http().get(`/warehouses/${mine.id}`).set(auth(other)).expect(404);
      await t.http().patch(`/warehouses/${mine.id}`).set(auth(other)).send({ name: 'x' }).expect(404);
    });
  });

  describe('stock', () => {
    it('receives at a rate, keeps a moving average, issues at valuation and lists the ledger', async () => {
      const item = await createItem('STEEL-1', { valuationRate: '0' });
      const a = await createWarehouse('STK-A');
      const b = await createWarehouse('STK-B');

      const receipt = await t
        .http()
        .post('/stock/adjustments')
        .set(auth(owner))
        .send({
          warehouseId: a.id,
          reason: 'Opening stock',
          lines: [{ itemId: item.id, quantity: '10', rate: '2.00' }],
        })
        .expect(201);
      expect(receipt.body).toMatchObject({
        id: expect.any(String),
        entries: [
          {
            itemId: item.id,
            warehouseId: a.id,
            quantity: '10.000000',
            rate: '2.0000',
            value: '20.0000',
            balanceAfter: '10.000000',
            referenceType: 'adjustment',
            referenceId: receipt.body.id,
          },
        ],
      });
      // 10 at 2.00 and 30 at 3.00 (in another warehouse) average to 110 / 40 = 2.75.
      await t
        .http()
        .post('/stock/adjustments')
        .set(auth(owner))
        .send({ warehouseId: b.id, reason: 'Purchase', lines: [{ itemId: item.id, quantity: '30', rate: '3' }] })
        .expect(201);
      expect((await t.http().get(`/items/${item.id}`).set(auth(owner)).expect(200)).body.valuationRate).toBe('2.7500');

      const issue = await t
        .http()
        .post('/stock/adjustments')
        .set(auth({ token: await memberToken(t, owner, 'member') }))
        .send({ warehouseId: a.id, reason: 'Damaged', lines: [{ itemId: item.id, quantity: '-4' }] })
        .expect(201);
      expect(issue.body.entries[0]).toMatchObject({
        quantity: '-4.000000',
        rate: '2.7500',
        value: '-11.0000',
        balanceAfter: '6.000000',
      });

      const balances = await t.http().get(`/stock/balances?itemId=${item.id}`).set(auth(viewer)).expect(200);
      expect(balances.body.data).toEqual(
        expect.arrayContaining([
          {
            itemId: item.id,
            warehouseId: a.id,
            onHand: '6.000000',
            reserved: '0.000000',
            available: '6.000000',
            valuationRate: '2.7500',
            value: '16.5000',
          },
          {
            itemId: item.id,
            warehouseId: b.id,
            onHand: '30.000000',
            reserved: '0.000000',
            available: '30.000000',
            valuationRate: '2.7500',
            value: '82.5000',
          },
        ]),
      );
      const inA = await t.http().get(`/stock/balances?warehouseId=${a.id}`).set(auth(owner)).expect(200);
      expect(inA.body.data).toHaveLength(1);

      const ledger = await t.http().get(`/stock/ledger?itemId=${item.id}&limit=2`).set(auth(viewer)).expect(200);
      expect(ledger.body.data.map((e: { quantity: string }) => e.quantity)).toEqual(['10.000000', '30.000000']);
      const rest = await t
        .http()
        .get(`/stock/ledger?itemId=${item.id}&cursor=${ledger.body.nextCursor}`)
        .set(auth(owner))
        .expect(200);
      expect(rest.body.data.map((e: { quantity: string }) => e.quantity)).toEqual(['-4.000000']);
      expect(rest.body.nextCursor).toBeNull();
      const byReference = await t
        .http()
        .get(`/stock/ledger?referenceType=adjustment&referenceId=${issue.body.id}`)
        .set(auth(owner))
        .expect(200);
      expect(byReference.body.data).toHaveLength(1);
    });

    it('refuses an issue beyond available with 422 insufficient_stock listing every shortage, and commits nothing', async () => {
      const x = await createItem('SHORT-X');
      const y = await createItem('SHORT-Y');
      const z = await createItem('SHORT-Z');
      const w = await createWarehouse('SHORT-W');
      await t
        .http()
        .post('/stock/adjustments')
        .set(auth(owner))
        .send({
          warehouseId: w.id,
          reason: 'in',
          lines: [
            { itemId: x.id, quantity: '5', rate: '1' },
            { itemId: z.id, quantity: '9', rate: '1' },
          ],
        })
        .expect(201);
      const res = await t
        .http()
        .post('/stock/adjustments')
        .set(auth(owner))
        .send({
          warehouseId: w.id,
          reason: 'out',
          lines: [
            { itemId: x.id, quantity: '-7.5' },
            { itemId: y.id, quantity: '-1' },
            { itemId: z.id, quantity: '-2' },
          ],
        })
        .expect(422);
      expect(res.body.error).toBe('insufficient_stock');
      expect(res.body.shortages).toEqual(
        expect.arrayContaining([
          { item_id: x.id, warehouse_id: w.id, required: '7.500000', available: '5.000000' },
          { item_id: y.id, warehouse_id: w.id, required: '1.000000', available: '0.000000' },
        ]),
      );
      expect(res.body.shortages).toHaveLength(2);
      const [{ on_hand: zOnHand }] = await t.sql<{ on_hand: string }>(
        'SELECT on_hand FROM stock_balances WHERE item_id = $1',
        [z.id],
      );
      expect(zOnHand).toBe('9.000000');
    });

    it('refuses an issue posted before a receipt of the same item beyond what is available at that point', async () => {
      const item = await createItem('ORDER-1');
      const w = await createWarehouse('ORDER-W');
      const post = (lines: object[]) =>
        t.http().post('/stock/adjustments').set(auth(owner)).send({ warehouseId: w.id, reason: 'count', lines });
      await post([{ itemId: item.id, quantity: '3', rate: '2' }]).expect(201);
      // Issue first: the ledger would read −2 after it, so it is short although the request nets to zero.
      const short = await post([
        { itemId: item.id, quantity: '-5' },
        { itemId: item.id, quantity: '5', rate: '4' },
      ]).expect(422);
      expect(short.body).toMatchObject({
        error: 'insufficient_stock',
        shortages: [{ item_id: item.id, warehouse_id: w.id, required: '5.000000', available: '3.000000' }],
      });
      const [untouched] = await t.sql<{ on_hand: string }>('SELECT on_hand FROM stock_balances WHERE item_id = $1', [
        item.id,
      ]);
      expect(untouched.on_hand).toBe('3.000000');
      // Receipt first: every entry's balance stays at or above zero.
      const ok = await post([
        { itemId: item.id, quantity: '5', rate: '4' },
        { itemId: item.id, quantity: '-7' },
      ]).expect(201);
      expect(ok.body.entries.map((e: { balanceAfter: string }) => e.balanceAfter)).toEqual(['8.000000', '1.000000']);
    });

    it('answers 400, never 500, and changes nothing when a PATCH sends null for a field', async () => {
      const item = await createItem('NULL-1', { valuationRate: '2.5' });
      for (const field of ['sku', 'name', 'uom', 'kind', 'valuationRate', 'isActive']) {
        const res = await t
          .http()
          .patch(`/items/${item.id}`)
          .set(auth(owner))
          .send({ [field]: null });
        expect([field, res.status, res.body.error]).toEqual([field, 400, 'validation_failed']);
      }
      const stored = await t.http().get(`/items/${item.id}`).set(auth(owner)).expect(200);
      expect(stored.body).toMatchObject({ sku: 'NULL-1', valuationRate: '2.5000', isActive: true });
      const w = await createWarehouse('NULL-W');
      for (const field of ['code', 'name', 'kind']) {
        const res = await t
          .http()
          .patch(`/warehouses/${w.id}`)
          .set(auth(owner))
          .send({ [field]: null });
        expect([field, res.status]).toEqual([field, 400]);
      }
      // supplierName may be cleared: null is its "none".
      await t.http().patch(`/warehouses/${w.id}`).set(auth(owner)).send({ supplierName: null }).expect(200);
    });

    it('validates adjustments: 400 for malformed lines, 422 for unknown records and rates on issues, 401/403', async () => {
      const item = await createItem('ADJ-V');
      const w = await createWarehouse('ADJ-W');
      const post = (body: object, user: { token: string } = owner) =>
        t.http().post('/stock/adjustments').set(auth(user)).send(body);
      await post({ warehouseId: w.id, reason: 'r', lines: [] }).expect(400);
      // A JSON number is taken only when it is exact (at most 15 significant digits); 0.1 + 0.2 is not.
      await post({ warehouseId: w.id, reason: 'r', lines: [{ itemId: item.id, quantity: 0.1 + 0.2 }] }).expect(400);
      await post({ warehouseId: w.id, reason: 'r', lines: [{ itemId: item.id, quantity: '0' }] }).expect(400);
      await post({ warehouseId: w.id, reason: 'r', lines: [{ itemId: item.id, quantity: '1', rate: null }] }).expect(
        400,
      );
      await post({ warehouseId: 'nope', reason: 'r', lines: [{ itemId: item.id, quantity: '1' }] }).expect(400);
      await post({ warehouseId: w.id, reason: 'r', lines: [{ itemId: item.id, quantity: '-1', rate: '2' }] }).expect(
        422,
      );
      await post({ warehouseId: w.id, reason: 'r', lines: [{ itemId: missingId, quantity: '1' }] }).expect(422);
      const foreignWarehouse = await createWarehouse('FOREIGN', other);
      await post({ warehouseId: foreignWarehouse.id, reason: 'r', lines: [{ itemId: item.id, quantity: '1' }] }).expect(
        422,
      );
      await t.http().post('/stock/adjustments').send({}).expect(401);
      await post({ warehouseId: w.id, reason: 'r', lines: [{ itemId: item.id, quantity: '1' }] }, viewer).expect(403);
      await t.http().get('/stock/balances?itemId=nope').set(auth(owner)).expect(400);
      await t.http().get('/stock/ledger?cursor=nope').set(auth(owner)).expect(400);
      await t.http().get('/stock/ledger').expect(401);
    });

    it('never drives stock negative under 50 parallel issues of the same item', async () => {
      const item = await createItem('HOT-1');
      const w = await createWarehouse('HOT-W');
      await t
        .http()
        .post('/stock/adjustments')
        .set(auth(owner))
        .send({ warehouseId: w.id, reason: 'in', lines: [{ itemId: item.id, quantity: '20', rate: '1' }] })
        .expect(201);
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          t
            .http()
            .post('/stock/adjustments')
            .set(auth(owner))
            .send({ warehouseId: w.id, reason: 'issue', lines: [{ itemId: item.id, quantity: '-1' }] }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 201)).toHaveLength(20);
      expect(statuses.filter((s) => s === 422)).toHaveLength(30);
      const [balance] = await t.sql<{ on_hand: string }>('SELECT on_hand FROM stock_balances WHERE item_id = $1', [
        item.id,
      ]);
      expect(balance.on_hand).toBe('0.000000');
      const [ledger] = await t.sql<{ total: string; entries: string }>(
        'SELECT sum(quantity) AS total, count(*) AS entries FROM stock_ledger WHERE item_id = $1',
        [item.id],
      );
      expect(ledger).toEqual({ total: '0.000000', entries: '21' });
    });

    it('values parallel receipts into several warehouses at their weighted average', async () => {
      // Each receipt waits for the item lock the one before it holds, into balance rows that one may just have
      // created: the moving average must still see every unit received before it.
      const item = await createItem('HOT-AVG');
      const warehouses = await Promise.all(['AVG-1', 'AVG-2', 'AVG-3', 'AVG-4'].map((code) => createWarehouse(code)));
      const receipts = Array.from({ length: 24 }, (_v, i) => ({
        warehouseId: warehouses[i % 4].id,
        quantity: 1 + (i % 2),
        rate: 1 + (i % 3) * 3,
      }));
      const results = await Promise.all(
        receipts.map(({ warehouseId, quantity, rate }) =>
          t
            .http()
            .post('/stock/adjustments')
            .set(auth(owner))
            .send({
              warehouseId,
              reason: 'in',
              lines: [{ itemId: item.id, quantity: String(quantity), rate: String(rate) }],
            }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(receipts.map(() => 201));
      const units = receipts.reduce((sum, r) => sum + r.quantity, 0);
      const value = receipts.reduce((sum, r) => sum + r.quantity * r.rate, 0);
      const [valued] = await t.sql<{ valuation_rate: string; on_hand: string }>(
        `SELECT i.valuation_rate, (SELECT sum(on_hand) FROM stock_balances b WHERE b.item_id = i.id) AS on_hand
         FROM items i WHERE i.id = $1`,
        [item.id],
      );
      expect(Number(valued.on_hand)).toBe(units);
      // Each receipt rounds the average to four places; 24 of them drift by far less than a cent.
      expect(Math.abs(Number(valued.valuation_rate) - value / units)).toBeLessThan(0.005);
    });

    it('values receipts that run beside issues of the same item from another warehouse on the stock left', async () => {
      // An issue rewrites only its balance row, not the item: a receipt that waited for it must still average
      // over what the issue left. Replaying the ledger in the order the item lock let each movement through
      // (its posting moment) gives every rate the database holds.
      const item = await createItem('HOT-MIX');
      const [store, dock] = await Promise.all(['MIX-S', 'MIX-D'].map((code) => createWarehouse(code)));
      const adjust = (warehouseId: string, quantity: number, rate?: number) =>
        t
          .http()
          .post('/stock/adjustments')
          .set(auth(owner))
          .send({
            warehouseId,
            reason: 'mix',
            lines: [{ itemId: item.id, quantity: String(quantity), ...(rate && { rate: String(rate) }) }],
          });
      expect((await adjust(store.id, 100, 2)).status).toBe(201);
      const results = await Promise.all(
        Array.from({ length: 40 }, (_v, i) => (i % 2 ? adjust(store.id, -4) : adjust(dock.id, 5, 4 + (i % 3)))),
      );
      expect(results.map((r) => r.status)).toEqual(results.map(() => 201));
      const ledger = await t.sql<{ quantity: string; rate: string }>(
        `SELECT quantity, rate FROM stock_ledger WHERE item_id = $1 ORDER BY posted_at, id`,
        [item.id],
      );
      let onHand = 0;
      let rate = 0;
      for (const entry of ledger) {
        const quantity = Number(entry.quantity);
        if (quantity > 0) {
          rate =
            onHand <= 0 ? Number(entry.rate) : (onHand * rate + quantity * Number(entry.rate)) / (onHand + quantity);
          rate = Math.round(rate * 10_000) / 10_000;
        } else {
          expect(Number(entry.rate)).toBeCloseTo(rate, 4);
        }
        onHand += quantity;
      }
      const [valued] = await t.sql<{ valuation_rate: string }>(`SELECT valuation_rate FROM items WHERE id = $1`, [
        item.id,
      ]);
      expect(onHand).toBe(100 + 20 * 5 - 20 * 4);
      expect(Number(valued.valuation_rate)).toBeCloseTo(rate, 4);
    });
  });
});
