import { DataSource } from 'typeorm';
import { registerUser, SignedInUser } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

/*
 * The review's severe finding: the explosion listed one row per path, so a chain of BOMs whose lines fan out made a
 * million-row answer. The paths of the graph below multiply by ten at every level, with 120 BOM lines in all:
 *   S1 … S6 each have a default BOM of 10 lines C(k,1) … C(k,10);
 *   each C(k,j) of levels 1–5 has a default BOM of one line S(k+1); the C(6,j) are raw materials.
 * An explosion of S1 walks 10^6 paths to the C(6,j) (1,222,220 tree nodes in all); each C(6,j) is needed 10^5 times.
 */
describe('Hardening: a bounded BOM explosion and where-used', () => {
  let t: TestApp;
  let owner: SignedInUser;
  const s: string[] = [];
  const c: string[][] = [];
  let rootBomId: string;
  const auth = () => ({ Authorization: `Bearer ${owner.token}` });

  async function createItem(sku: string, kind: string): Promise<string> {
    const res = await t.http().post('/items').set(auth()).send({ sku, name: sku, uom: 'pcs', kind }).expect(201);
    return res.body.id as string;
  }

  async function createBom(itemId: string, code: string, lineItems: string[]): Promise<string> {
    const lines = lineItems.map((lineItem) => ({ itemId: lineItem, quantity: '1' }));
    const res = await t.http().post('/bom').set(auth()).send({ itemId, code, isDefault: true, lines }).expect(201);
    return res.body.id as string;
  }

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'fanout');
    for (let level = 0; level < 6; level += 1) {
      s.push(await createItem(`S${level + 1}`, 'sub-assembly'));
      c.push(
        await Promise.all(
          Array.from({ length: 10 }, (_, j) =>
            createItem(`C${level + 1}-${j + 1}`, level < 5 ? 'sub-assembly' : 'raw'),
          ),
        ),
      );
    }
    // Bottom up, so no BOM is written before the BOMs it reaches exist.
    for (let level = 5; level >= 0; level -= 1) {
      if (level < 5) {
        await Promise.all(
          c[level].map((component, j) => createBom(component, `B-C${level + 1}-${j + 1}`, [s[level + 1]])),
        );
      }
      const bomId = await createBom(s[level], `B-S${level + 1}`, c[level]);
      if (level === 0) rootBomId = bomId;
    }
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
