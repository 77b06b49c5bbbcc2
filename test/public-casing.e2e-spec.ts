import { registerUser, SignedInUser } from './support/identity';
import { installApp, InstalledApp } from './support/marketplace';
import { createTestApp, TestApp } from './support/test-app';

/** Public JSON is snake_case in both directions (API.md §1), over the same DTOs as the internal layer. */
describe('public request casing', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let app: InstalledApp;
  let base: string;
  const items: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'casing');
    app = await installApp(t, owner, ['bom:read', 'bom:create']);
    base = `/public/v1/orgs/${owner.orgId}/entities/${owner.entityId}`;
    for (const [sku, kind] of [
      ['CHAIR', 'finished'],
      ['LEG', 'raw'],
    ]) {
      const res = await t
        .http()
        .post('/items')
        .set('Authorization', `Bearer ${owner.token}`)
        .send({ sku, name: sku, uom: 'pcs', kind })
        .expect(201);
      items[sku] = res.body.id as string;
    }
  });
  afterAll(() => t.close());

  const post = (path: string, body: object) =>
    t.http().post(`${base}${path}`).set('Authorization', `Bearer ${app.accessToken}`).send(body);

  it('accepts a snake_case body and answers in snake_case', async () => {
    const res = await post('/bom', {
      item_id: items.CHAIR,
      code: 'BOM-CHAIR',
      is_default: true,
      lines: [{ item_id: items.LEG, quantity: '4', scrap_percent: '5' }],
    }).expect(201);
    expect(res.body).toMatchObject({ item_id: items.CHAIR, is_default: true, lines: [{ item_id: items.LEG }] });
    expect(res.body).not.toHaveProperty('itemId');
  });

  it('names invalid fields as the app wrote them, nested ones included', async () => {
    const res = await post('/bom', {
      item_id: items.CHAIR,
      code: 'BOM-BAD',
      lines: [{ item_id: items.LEG, quantity: 'four', scrap_percent: '5' }],
      unknown_field: true,
    }).expect(400);
    const fields = (res.body.details as { field: string }[]).map((detail) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['lines.0.quantity', 'unknown_field']));
    const missingItem = await post('/bom', { code: 'BOM-NO-ITEM', lines: [] }).expect(400);
    expect(missingItem.body.details).toContainEqual({ field: 'item_id', message: 'item_id must be a UUID' });
    expect(JSON.stringify(missingItem.body)).not.toContain('itemId');
    const [{ n }] = await t.sql<{ n: string }>("SELECT count(*) AS n FROM boms WHERE code = 'BOM-BAD'");
    expect(n).toBe('0');
  });

  it('reads snake_case query parameters', async () => {
    const res = await t
      .http()
      .get(`${base}/bom/where-used`)
      .query({ item_id: items.LEG })
      .set('Authorization', `Bearer ${app.accessToken}`)
      .expect(200);
    expect(res.body.data).toEqual([expect.objectContaining({ item_id: items.CHAIR, level: 1 })]);
  });
});
