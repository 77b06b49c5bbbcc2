import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { registerUser, SignedInUser } from './support/identity';
import { ReportScenario, seedReportScenario } from './support/report-scenario';
import { secondInstance, TEST_REDIS_URL } from './support/second-instance';
import { createTestApp, TestApp } from './support/test-app';

/** Two instances on one database and one Redis share the report cache: its entries and its invalidations. */
describe('manufacturing reports across two instances', () => {
  let t: TestApp;
  let other: NestExpressApplication;
  let owner: SignedInUser;
  let s: ReportScenario;

  const report = (server: 'first' | 'second', query = '?from=2026-01-01') =>
    request(server === 'first' ? t.app.getHttpServer() : other.getHttpServer())
      .get(`/manufacturing-reports/job-costing${query}`)
      .set({ Authorization: `Bearer ${owner.token}` })
      .expect(200);

  beforeAll(async () => {
    t = await createTestApp({ env: { REDIS_URL: TEST_REDIS_URL } });
    other = await secondInstance(t.databaseUrl);
    owner = await registerUser(t, 'instances-reports');
    s = await seedReportScenario(t, owner);
  }, 60_000);
  afterAll(async () => {
    await other.close();
    await t.close();
  });

  it('the second instance serves the first one’s entry, and a completion on it drops the entry for both', async () => {
    const first = await report('first');
    const there = await report('second');
    expect([first.headers['x-cache'], there.headers['x-cache']]).toEqual(['MISS', 'HIT']);
    expect(there.body).toEqual(first.body);

    const post = (path: string, body: object = {}) =>
      request(other.getHttpServer())
        .post(path)
        .set({ Authorization: `Bearer ${owner.token}` })
        .send(body);
    const order = await post('/work-orders', {
      itemId: s.item.FG,
      quantity: '1',
      sourceWarehouseId: s.stores,
      targetWarehouseId: s.finished,
    }).expect(201);
    await post(`/work-orders/${order.body.id}/release`).expect(200);
    await post(`/work-orders/${order.body.id}/complete`).expect(200);

    const afterCompletion = await report('first');
    expect(afterCompletion.headers['x-cache']).toBe('MISS');
    expect(afterCompletion.body.totals.workOrders).toBe(first.body.totals.workOrders + 1);
    expect((await report('second')).headers['x-cache']).toBe('HIT');
  });
});
