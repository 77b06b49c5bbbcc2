import { registerUser, SignedInUser } from './support/identity';
import { installApp, InstalledApp } from './support/marketplace';
import { ReportScenario, seedReportScenario } from './support/report-scenario';
import { createTestApp, TestApp } from './support/test-app';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const REPORTS = ['job-costing', 'by-products', 'production-cost-analysis', 'efficiency'];

/** The same reports on /public/v1: `manufacturingReport:read`, snake_case keys and query; figures as internally. */
describe('Manufacturing reports (public layer)', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let app: InstalledApp;
  let noScope: InstalledApp;
  let otherApp: InstalledApp;
  let s: ReportScenario;
  let base: string;

  const call = (path: string, token = app.accessToken) => t.http().get(`${base}${path}`).set(bearer(token));

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'public-reports');
    const other = await registerUser(t, 'public-reports-other');
    app = await installApp(t, owner, ['manufacturingReport:read']);
    noScope = await installApp(t, owner, ['workOrder:read']);
    otherApp = await installApp(t, other, ['manufacturingReport:read']);
    s = await seedReportScenario(t, owner);
    base = `/public/v1/orgs/${owner.orgId}/entities/${owner.entityId}/manufacturing-reports`;
  }, 60_000);
  afterAll(() => t.close());

  it('answers snake_case keys, filters by item_id, and says where the answer came from', async () => {
    const res = await call(`/efficiency?item_id=${s.item.FG}&from=2026-01-01`).expect(200);
    expect(res.headers['x-cache']).toBe('MISS');
    expect(res.body).toMatchObject({ from: '2026-01-01', generated_at: expect.any(String) });
    expect(res.body.data).toEqual([
      {
        item_id: s.item.FG,
        work_orders: 2,
        planned_quantity: '20.000000',
        produced_quantity: '18.000000',
        yield_percent: '90.0000',
        planned_minutes: '1080.000000',
        actual_minutes: '1140.000000',
        performance_percent: '94.7368',
        on_time_percent: '50.0000',
        quality_pass_rate: '50.0000',
      },
    ]);
    expect((await call(`/efficiency?item_id=${s.item.FG}&from=2026-01-01`).expect(200)).headers['x-cache']).toBe('HIT');

    const costing = await call('/job-costing').expect(200);
    expect(costing.body.next_cursor).toBeNull();
    expect(costing.body.data[1]).toMatchObject({
      work_order_id: s.workOrders[1],
      planned_total: '320.0000',
      by_product_share: '36.0000',
      variance_percent: '12.5000',
    });
    const byProducts = await call('/by-products').expect(200);
    expect(byProducts.body.data).toEqual([
      { item_id: s.item.BP, quantity: '18.000000', value: '76.0000', work_orders: 2, finished_item_ids: [s.item.FG] },
    ]);
    const analysis = await call('/production-cost-analysis').expect(200);
    expect(analysis.body.data[0]).toMatchObject({
      average_unit_cost: '34.5217',
      standard_unit_cost: '36.0000',
      variance_to_standard_percent: '-4.1064',
    });
  });

  it('needs manufacturingReport:read, the install’s own tenant and a valid query', async () => {
    for (const report of REPORTS) {
      const refused = await call(`/${report}`, noScope.accessToken).expect(403);
      expect(refused.body).toMatchObject({ error: 'insufficient_scope', required: ['manufacturingReport:read'] });
      await t.http().get(`${base}/${report}`).expect(401);
      const elsewhere = await call(`/${report}`, otherApp.accessToken).expect(403);
      expect(elsewhere.body.error).toBe('tenant_scope_violation');
    }
    const badItem = await call('/efficiency?item_id=nope').expect(400);
    expect(badItem.body.details).toEqual([{ field: 'item_id', message: expect.any(String) }]);
  });
});
