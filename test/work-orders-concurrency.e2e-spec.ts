import { Client } from 'pg';
import { registerUser, SignedInUser } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

const auth = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });
/** Parallel runs on a shared CI machine take their time; Jest's project-level testTimeout does not reach tests. */
const RACE_TIMEOUT_MS = 60_000;

/**
 * Parallel requests against one database, then the invariants of the stock checked in SQL: each balance's
 * `reserved` is the sum of its open allocations, `on_hand` the sum of its ledger, nothing is negative, and no
 * Completed or Cancelled order holds an allocation.
 */
describe('Work orders under concurrency', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let stores: string;
  let finished: string;
  const item: Record<string, string> = {};

  const post = (path: string, body: object = {}) => t.http().post(path).set(auth(owner)).send(body);

  async function createItem(sku: string, kind: string, valuationRate = '0') {
    item[sku] = (await post('/items', { sku, name: sku, uom: 'pcs', kind, valuationRate }).expect(201)).body.id;
  }

  async function createOrders(itemId: string, count: number, quantity = '1'): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const res = await post('/work-orders', {
        itemId,
        quantity,
        sourceWarehouseId: stores,
        targetWarehouseId: finished,
      }).expect(201);
      ids.push((res.body as { id: string }).id);
    }
    return ids;
  }

  async function expectInvariants(): Promise<void> {
    const reservedDrift = await t.sql(
      `SELECT b.item_id, b.warehouse_id, b.reserved, coalesce(a.total, 0) AS allocated
       FROM stock_balances b
       LEFT JOIN (SELECT org_id, entity_id, item_id, warehouse_id, sum(quantity) AS total FROM inventory_allocations
                  GROUP BY org_id, entity_id, item_id, warehouse_id) a
         USING (org_id, entity_id, item_id, warehouse_id)
       WHERE b.reserved <> coalesce(a.total, 0)`,
    );
    expect(reservedDrift).toEqual([]);
    const ledgerDrift = await t.sql(
      `SELECT b.item_id, b.warehouse_id, b.on_hand, coalesce(l.total, 0) AS ledger
       FROM stock_balances b
       LEFT JOIN (SELECT org_id, entity_id, item_id, warehouse_id, sum(quantity) AS total FROM stock_ledger
                  GROUP BY org_id, entity_id, item_id, warehouse_id) l
         USING (org_id, entity_id, item_id, warehouse_id)
       WHERE b.on_hand <> coalesce(l.total, 0)`,
    );
    expect(ledgerDrift).toEqual([]);
    const negatives = await t.sql(
      `SELECT item_id FROM stock_balances WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand
       UNION ALL SELECT item_id FROM inventory_allocations WHERE quantity <= 0`,
    );
    expect(negatives).toEqual([]);
    const closedHolding = await t.sql(
      `SELECT w.number FROM work_orders w
       JOIN inventory_allocations a ON a.reference_type = 'work_order' AND a.reference_id = w.id
       WHERE w.status IN ('Completed', 'Cancelled')`,
    );
    expect(closedHolding).toEqual([]);
    // The order's own lines agree with what it holds.
    const linesDrift = await t.sql(
      `SELECT i.work_order_id FROM work_order_items i
       JOIN work_orders w ON w.id = i.work_order_id
       LEFT JOIN inventory_allocations a ON a.reference_type = 'work_order' AND a.reference_id = w.id
         AND a.item_id = i.item_id AND a.warehouse_id = w.source_warehouse_id
       WHERE (w.status = 'InProgress' AND i.reserved <> coalesce(a.quantity, 0))
          OR (w.status <> 'InProgress' AND i.reserved <> 0)`,
    );
    expect(linesDrift).toEqual([]);
  }

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'race');
    stores = (await post('/warehouses', { code: 'S', name: 'Stores', kind: 'internal' }).expect(201)).body.id;
    finished = (await post('/warehouses', { code: 'F', name: 'Finished', kind: 'internal' }).expect(201)).body.id;
    await createItem('SCARCE', 'raw', '3');
    await createItem('PLENTY', 'raw', '1');
    await createItem('WIDGET', 'finished');
    await post('/stock/adjustments', {
      warehouseId: stores,
      reason: 'opening',
      lines: [
        { itemId: item.SCARCE, quantity: '25' },
        { itemId: item.PLENTY, quantity: '1000' },
      ],
    }).expect(201);
    await post('/bom', {
      itemId: item.WIDGET,
      code: 'BOM-WIDGET',
      isDefault: true,
      lines: [
        { itemId: item.SCARCE, quantity: '1' },
        { itemId: item.PLENTY, quantity: '2' },
      ],
    }).expect(201);
  }, RACE_TIMEOUT_MS);

  afterAll(async () => {
    await t.close();
  });

  it(
    '50 parallel releases over stock for 25 reserve exactly 25',
    async () => {
      const ids = await createOrders(item.WIDGET, 50);
      const answers = await Promise.all(ids.map((id) => post(`/work-orders/${id}/release`)));
      const statuses = answers.map((res) => res.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(25);
      expect(statuses.filter((status) => status === 422)).toHaveLength(25);
      expect(answers.filter((res) => res.status === 422).every((res) => res.body.error === 'insufficient_stock')).toBe(
        true,
      );
      const [scarce] = await t.sql<{ on_hand: string; reserved: string }>(
        `SELECT on_hand, reserved FROM stock_balances WHERE item_id = $1`,
        [item.SCARCE],
      );
      expect(scarce).toEqual({ on_hand: '25.000000', reserved: '25.000000' });
      const [{ count }] = await t.sql<{ count: string }>(
        `SELECT count(*) FROM work_orders WHERE status = 'InProgress'`,
      );
      expect(count).toBe('25');
      await expectInvariants();
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'parallel completions of one order: one 200, the others 409, consumed once',
    async () => {
      const [released] = await t.sql<{ id: string }>(
        `SELECT id FROM work_orders WHERE status = 'InProgress' ORDER BY number LIMIT 1`,
      );
      const answers = await Promise.all(Array.from({ length: 4 }, () => post(`/work-orders/${released.id}/complete`)));
      expect(answers.map((res) => res.status).sort()).toEqual([200, 409, 409, 409]);
      for (const res of answers.filter((answer) => answer.status === 409)) {
        expect(res.body).toMatchObject({ error: 'invalid_state_transition', from: 'Completed', to: 'Completed' });
      }
      const entries = await t.sql(`SELECT 1 FROM stock_ledger WHERE reference_id = $1`, [released.id]);
      expect(entries).toHaveLength(3);
      await expectInvariants();
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'completions, cancellations and releases racing over shared stock keep every invariant',
    async () => {
      const inProgress = await t.sql<{ id: string }>(`SELECT id FROM work_orders WHERE status = 'InProgress'`);
      const drafts = await t.sql<{ id: string }>(`SELECT id FROM work_orders WHERE status = 'Draft'`);
      const calls = [
        ...inProgress.map(({ id }, i) => post(`/work-orders/${id}/${i % 3 === 0 ? 'cancel' : 'complete'}`)),
        // Each cancellation or completion frees SCARCE; these releases compete for it.
        ...drafts.map(({ id }) => post(`/work-orders/${id}/release`)),
        ...inProgress.slice(0, 5).map(({ id }) => post(`/work-orders/${id}/cancel`)),
      ];
      const statuses = (await Promise.all(calls)).map((res) => res.status);
      expect(statuses.every((status) => [200, 409, 422].includes(status))).toBe(true);
      await expectInvariants();
      const [scarce] = await t.sql<{ on_hand: string; reserved: string }>(
        `SELECT on_hand, reserved FROM stock_balances WHERE item_id = $1`,
        [item.SCARCE],
      );
      const [{ completed }] = await t.sql<{ completed: string }>(
        `SELECT count(*) AS completed FROM work_orders WHERE status = 'Completed'`,
      );
      // Each completion consumed one SCARCE out of 25.
      expect(Number(scarce.on_hand)).toBe(25 - Number(completed));
    },
    RACE_TIMEOUT_MS,
  );

  it(
    'a transition that waited for the order lock answers the lines as the other transaction left them',
    async () => {
      const [id] = await createOrders(item.WIDGET, 1, '2');
      // Another transaction re-plans the Draft (its version up, its lines changed) and holds the row lock.
      const editor = new Client({ connectionString: t.databaseUrl });
      await editor.connect();
      try {
        await editor.query('BEGIN');
        await editor.query(`UPDATE work_orders SET version = version + 1 WHERE id = $1`, [id]);
        await editor.query(`UPDATE work_order_items SET required = required * 3 WHERE work_order_id = $1`, [id]);
        const cancelled = post(`/work-orders/${id}/cancel`).then((res) => res);
        // The cancellation is waiting on the row lock, its statement's snapshot taken before the edit commits.
        for (let waiting = 0; waiting === 0;) {
          const [{ count }] = await t.sql<{ count: string }>(
            `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          );
          waiting = Number(count);
        }
        await editor.query('COMMIT');
        const res = await cancelled;
        expect(res.status).toBe(200);
        expect(res.body.version).toBe(3);
        const required = (res.body.requiredItems as { itemId: string; required: string }[]).map((line) => [
          line.itemId,
          line.required,
        ]);
        expect(required).toEqual([
          [item.SCARCE, '6.000000'],
          [item.PLENTY, '12.000000'],
        ]);
      } finally {
        await editor.end();
      }
    },
    RACE_TIMEOUT_MS,
  );
});
