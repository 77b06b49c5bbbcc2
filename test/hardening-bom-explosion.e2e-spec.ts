import { DataSource } from 'typeorm';
import { buildFanOutGraph } from './support/bom-fanout';
import { registerUser, SignedInUser } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

/*
 * The review's severe finding: the explosion listed one row per path, so a chain of BOMs whose lines fan out made a
 * million-row answer. The graph of `buildFanOutGraph` walks 10^6 paths with 120 BOM lines (1,222,220 tree nodes).
 */
describe('Hardening: a bounded BOM explosion and where-used', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let s: string[];
  let c: string[][];
  let rootBomId: string;
  const auth = () => ({ Authorization: `Bearer ${owner.token}` });

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'fanout');
    const graph = await buildFanOutGraph(t, owner.token);
    ({ levels: s, components: c, rootBomId } = graph);
  }, 120_000);
  afterAll(() => t.close());

  it('refuses the million-node tree with a 422 that names the cap and the way to the aggregated items', async () => {
    const res = await t.http().get(`/bom/${rootBomId}/explosion`).set(auth()).expect(422);
    expect(res.body.error).toBe('unprocessable');
    expect(res.body.message).toContain('1222220 nodes');
    expect(res.body.message).toContain('10000');
    expect(res.body.message).toContain('tree=false');
  });

  it('answers the aggregated items of the million paths with tree=false, each C6 needed 10^5 times per unit', async () => {
    const res = await t.http().get(`/bom/${rootBomId}/explosion?quantity=3&tree=false`).set(auth()).expect(200);
    expect(res.body.tree).toBeUndefined();
    expect(res.body.items).toEqual(c[5].map((itemId) => ({ itemId, quantity: '300000.000000' })));
  });

  it('still lists the tree of a BOM within the cap, the same items aggregated', async () => {
    const bomOfS5 = (await t.http().get(`/bom?itemId=${s[4]}`).set(auth()).expect(200)).body.data[0].id as string;
    const res = await t.http().get(`/bom/${bomOfS5}/explosion`).set(auth()).expect(200);
    // S5: 10 × C5, each → S6 (10 nodes), each → 10 × C6 (100 nodes): 120 nodes; each C6 needed 10 times.
    expect(res.body.tree).toHaveLength(120);
    expect(res.body.items).toEqual(c[5].map((itemId) => ({ itemId, quantity: '10.000000' })));
  });

  it('refuses a recursive where-used of the leaf beyond the cap, and answers the direct users', async () => {
    const refused = await t.http().get(`/bom/where-used?itemId=${c[5][0]}&recursive=true`).set(auth()).expect(422);
    expect(refused.body.error).toBe('unprocessable');
    expect(refused.body.message).toContain('10000');
    expect(refused.body.message).toContain('recursive=false');
    const direct = await t.http().get(`/bom/where-used?itemId=${c[5][0]}`).set(auth()).expect(200);
    expect(direct.body.data).toEqual([expect.objectContaining({ itemId: s[5], level: 1 })]);
  });

  it('refuses a BOM that names one item on two lines with a 400 naming the line, and stores nothing', async () => {
    const res = await t
      .http()
      .post('/bom')
      .set(auth())
      .send({
        itemId: s[0],
        code: 'B-REPEAT',
        lines: [
          { itemId: c[0][0], quantity: '1' },
          { itemId: c[0][1], quantity: '1' },
          { itemId: c[0][0], quantity: '2' },
        ],
      })
      .expect(400);
    expect(res.body.error).toBe('validation_failed');
    expect(res.body.details).toEqual([
      { field: 'lines', message: 'lines.2 names the same item as lines.0; merge them into one line' },
    ]);
    expect(await t.sql(`SELECT 1 FROM boms WHERE code = 'B-REPEAT'`)).toEqual([]);
  });

  it('refuses a recipe that names one ingredient twice with a 400 naming the line', async () => {
    const res = await t
      .http()
      .post('/recipes')
      .set(auth())
      .send({
        code: 'R-REPEAT',
        name: 'Repeat',
        outputs: [{ itemId: s[0], quantity: '1', isPrimary: true }],
        ingredients: [
          { itemId: c[0][0], quantity: '1' },
          { itemId: c[0][0], quantity: '1' },
        ],
      })
      .expect(400);
    expect(res.body.details).toEqual([
      { field: 'ingredients', message: 'ingredients.1 names the same item as ingredients.0; merge them into one line' },
    ]);
  });

  it('bounds every statement of the pool with statement_timeout', async () => {
    const [setting] = await t.app.get(DataSource).query<{ statement_timeout: string }[]>('SHOW statement_timeout');
    expect(setting.statement_timeout).toBe('10s');
  });
});
