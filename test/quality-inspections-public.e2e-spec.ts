import { registerUser, SignedInUser } from './support/identity';
import { installApp, InstalledApp } from './support/marketplace';
import { createTestApp, TestApp } from './support/test-app';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const QUALITY_SCOPES = ['read', 'create', 'update', 'delete'].map((action) => `qualityInspection:${action}`);

describe('Quality inspections (public layer)', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let other: SignedInUser;
  let app: InstalledApp;
  let readOnly: InstalledApp;
  let createOnly: InstalledApp;
  let base: string;
  let itemId: string;
  let receiptId: string;
  let foreignInspectionId: string;

  const internalPost = (user: SignedInUser, path: string, body: object) =>
    t.http().post(path).set(bearer(user.token)).send(body);
  const call = (method: 'get' | 'post' | 'patch' | 'delete', path: string, token = app.accessToken, body?: object) => {
    const req = t.http()[method](`${base}${path}`).set(bearer(token));
    return body ? req.send(body) : req;
  };

  async function receiptOf(user: SignedInUser, sku: string): Promise<{ itemId: string; receiptId: string }> {
    const item = (await internalPost(user, '/items', { sku, name: sku, uom: 'kg', kind: 'finished' }).expect(201)).body
      .id as string;
    const warehouse = (await internalPost(user, '/warehouses', { code: sku, name: sku, kind: 'internal' }).expect(201))
      .body.id as string;
    const adjustment = await internalPost(user, '/stock/adjustments', {
      warehouseId: warehouse,
      reason: 'Goods in',
      lines: [{ itemId: item, quantity: '100' }],
    }).expect(201);
    return { itemId: item, receiptId: adjustment.body.id as string };
  }

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'public-quality');
    other = await registerUser(t, 'public-quality-other');
    app = await installApp(t, owner, QUALITY_SCOPES);
    readOnly = await installApp(t, owner, ['qualityInspection:read']);
    createOnly = await installApp(t, owner, ['qualityInspection:create']);
    base = `/public/v1/orgs/${owner.orgId}/entities/${owner.entityId}`;
    ({ itemId, receiptId } = await receiptOf(owner, 'FLOUR'));
    const foreign = await receiptOf(other, 'OTHER');
    foreignInspectionId = (
      await internalPost(other, '/quality-inspections', {
        referenceType: 'receipt',
        referenceId: foreign.receiptId,
        itemId: foreign.itemId,
        sampleSize: '1',
        parameters: [{ name: 'Dry', kind: 'boolean', expected: true }],
      }).expect(201)
    ).body.id;
  }, 60_000);
  afterAll(() => t.close());

  it('runs a template and an inspection end to end with snake_case bodies and queries, without internal fields', async () => {
    const template = await call('post', '/quality-inspections/templates', app.accessToken, {
      itemId,
      parameters: [
        { name: 'Moisture', kind: 'numeric', min: '10', max: '14.5' },
        { name: 'Sifted', kind: 'boolean', expected: true },
      ],
    }).expect(201);
    expect(template.body).toMatchObject({ item_id: itemId, version: 1 });
    expect(template.body).not.toHaveProperty('created_by');
    const listed = await call('get', `/quality-inspections/templates?item_id=${itemId}`, readOnly.accessToken).expect(
      200,
    );
    expect(listed.body).toEqual({ data: [template.body], next_cursor: null });
    const patched = await call('patch', `/quality-inspections/templates/${template.body.id}`, app.accessToken, {
      version: 1,
      parameters: [
        { name: 'Moisture', kind: 'numeric', min: '10', max: '14' },
        { name: 'Sifted', kind: 'boolean', expected: true },
      ],
    }).expect(200);
    expect(patched.body.parameters[0]).toEqual({
      name: 'Moisture',
      kind: 'numeric',
      min: '10.000000',
      max: '14.000000',
      expected: null,
    });

    const created = await call('post', '/quality-inspections', app.accessToken, {
      referenceType: 'receipt',
      referenceId: receiptId,
      itemId,
      sampleSize: '2.5',
    }).expect(201);
    expect(created.body).toMatchObject({
      number: 'QI-00001',
      reference_type: 'receipt',
      reference_id: receiptId,
      item_id: itemId,
      sample_size: '2.500000',
      status: 'Pending',
      inspected_by: null,
      inspected_at: null,
    });
    expect(created.body).not.toHaveProperty('created_by');

    const completed = await call('post', `/quality-inspections/${created.body.id}/complete`, app.accessToken, {
      readings: [
        { name: 'Moisture', values: ['14', '14.000001'] },
        { name: 'Sifted', values: [true] },
      ],
    }).expect(200);
    // An app completed it: there is no user to name.
    expect(completed.body).toMatchObject({ status: 'Failed', inspected_by: null });
    expect(completed.body.parameters.map((p: { passed: boolean }) => p.passed)).toEqual([false, true]);
    const again = await call('post', `/quality-inspections/${created.body.id}/complete`, app.accessToken, {
      readings: [
        { name: 'Moisture', values: ['12'] },
        { name: 'Sifted', values: [true] },
      ],
    }).expect(409);
    expect(again.body).toMatchObject({ error: 'invalid_state_transition', from: 'Failed', to: 'Passed' });

    const byReference = await call(
      'get',
      `/quality-inspections?reference_id=${receiptId}&item_id=${itemId}&status=Failed`,
      readOnly.accessToken,
    ).expect(200);
    expect(byReference.body.data.map((row: { id: string }) => row.id)).toEqual([created.body.id]);
    expect(byReference.body.next_cursor).toBeNull();

    const day = new Date().toISOString().slice(0, 10);
    const stats = await call(
      'get',
      `/quality-inspections/stats?from=${day}&to=${day}&group_by=item`,
      readOnly.accessToken,
    ).expect(200);
    expect(stats.body).toEqual({
      from: day,
      to: day,
      group_by: 'item',
      data: [{ item_id: itemId, total: 1, passed: 0, failed: 1, pending: 0, pass_rate: '0.0000' }],
    });

    // The events carry the public shape too.
    const [event] = await t.sql<{ data: Record<string, unknown> }>(
      `SELECT data FROM webhook_events WHERE type = 'quality_inspection.completed' AND data->>'id' = $1`,
      [created.body.id],
    );
    expect(event.data).toMatchObject({ status: 'Failed', reference_type: 'receipt' });
    expect(event.data).not.toHaveProperty('created_by');

    await call('delete', `/quality-inspections/templates/${template.body.id}`).expect(204);
    await call('get', `/quality-inspections/templates/${template.body.id}`).expect(404);
  });

  it('answers a retried completion with the same Idempotency-Key with the first answer, not a 409', async () => {
    const inspection = (
      await call('post', '/quality-inspections', app.accessToken, {
        referenceType: 'receipt',
        referenceId: receiptId,
        itemId,
        sampleSize: '1',
        parameters: [{ name: 'Dry', kind: 'boolean', expected: true }],
      }).expect(201)
    ).body;
    const complete = () =>
      t
        .http()
        .post(`${base}/quality-inspections/${inspection.id}/complete`)
        .set(bearer(app.accessToken))
        .set('Idempotency-Key', `complete-${inspection.id}`)
        .send({ readings: [{ name: 'Dry', values: [true] }] });
    const first = await complete().expect(200);
    const retry = await complete().expect(200);
    expect(retry.body).toEqual(first.body);
    const events = await t.sql(
      `SELECT 1 FROM webhook_events WHERE type = 'quality_inspection.completed' AND data->>'id' = $1`,
      [inspection.id],
    );
    expect(events).toHaveLength(1);
  });

  it('requires the scope of each route: create, read, update (complete, template changes) and delete', async () => {
    const inspection = (
      await call('post', '/quality-inspections', createOnly.accessToken, {
        referenceType: 'receipt',
        referenceId: receiptId,
        itemId,
        sampleSize: '1',
        parameters: [{ name: 'Dry', kind: 'boolean', expected: true }],
      }).expect(201)
    ).body;
    const required = async (
      method: 'get' | 'post' | 'patch' | 'delete',
      path: string,
      token: string,
      body?: object,
    ): Promise<string[]> => {
      const res = await call(method, path, token, body).expect(403);
      expect(res.body.error).toBe('insufficient_scope');
      return res.body.required as string[];
    };
    const complete = { readings: [{ name: 'Dry', values: [true] }] };
    expect(
      await required('post', `/quality-inspections/${inspection.id}/complete`, createOnly.accessToken, complete),
    ).toEqual(['qualityInspection:update']);
    expect(await required('get', '/quality-inspections', createOnly.accessToken)).toEqual(['qualityInspection:read']);
    expect(await required('get', '/quality-inspections/stats', createOnly.accessToken)).toEqual([
      'qualityInspection:read',
    ]);
    expect(await required('get', '/quality-inspections/templates', createOnly.accessToken)).toEqual([
      'qualityInspection:read',
    ]);
    expect(await required('post', '/quality-inspections', readOnly.accessToken, {})).toEqual([
      'qualityInspection:create',
    ]);
    expect(await required('post', '/quality-inspections/templates', readOnly.accessToken, {})).toEqual([
      'qualityInspection:create',
    ]);
    expect(
      await required('patch', `/quality-inspections/templates/${inspection.id}`, readOnly.accessToken, {}),
    ).toEqual(['qualityInspection:update']);
    expect(await required('delete', `/quality-inspections/templates/${inspection.id}`, readOnly.accessToken)).toEqual([
      'qualityInspection:delete',
    ]);
    await call('post', `/quality-inspections/${inspection.id}/complete`, app.accessToken, complete).expect(200);
  });

  it("answers 401 without a token or with a user token, 403 for another tenant's URL, 404 for its ids, 400 for bad input", async () => {
    await t.http().get(`${base}/quality-inspections`).expect(401);
    const userToken = await t.http().get(`${base}/quality-inspections`).set(bearer(owner.token)).expect(401);
    expect(userToken.body.error).toBe('invalid_token_audience');
    const foreignUrl = await t
      .http()
      .get(`/public/v1/orgs/${other.orgId}/entities/${other.entityId}/quality-inspections`)
      .set(bearer(app.accessToken))
      .expect(403);
    expect(foreignUrl.body.error).toBe('tenant_scope_violation');
    await call('get', `/quality-inspections/${foreignInspectionId}`).expect(404);
    await call('post', `/quality-inspections/${foreignInspectionId}/complete`, app.accessToken, {
      readings: [{ name: 'Dry', values: [true] }],
    }).expect(404);
    await call('get', '/quality-inspections/not-a-uuid').expect(400);
    await call('get', '/quality-inspections/stats?group_by=quarter').expect(400);
    await call('get', '/quality-inspections?cursor=zzz').expect(400);
    const mistyped = await call('post', '/quality-inspections', app.accessToken, {
      referenceType: 'receipt',
      referenceId: receiptId,
      itemId,
      sampleSize: '1',
      parameters: [{ name: 'Dry', kind: 'boolean', expected: 'yes' }],
    }).expect(400);
    expect(mistyped.body).toMatchObject({
      error: 'validation_failed',
      details: [{ field: 'parameters.0.expected', message: expect.any(String) }],
    });
    expect((await call('get', '/quality-inspections', app.accessToken)).body.data).not.toContainEqual(
      expect.objectContaining({ id: foreignInspectionId }),
    );
  });
});
