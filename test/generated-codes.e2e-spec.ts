import { registerUser, SignedInUser } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

/** API.md §7: a BOM or recipe created without `code` gets `BOM-<item sku>-<n>` / `RCP-<primary output sku>-<n>`. */
describe('generated BOM and recipe codes', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let other: SignedInUser;
  const item: Record<string, string> = {};
  const auth = (user: SignedInUser) => ({ Authorization: `Bearer ${user.token}` });
  const post = (path: string, body: object, user = owner) => t.http().post(path).set(auth(user)).send(body);

  const bom = (itemId: string, extra: object = {}) => ({
    itemId,
    lines: [{ itemId: item.LEG, quantity: '4' }],
    ...extra,
  });
  const recipe = (extra: object = {}) => ({
    name: 'Strawberry jam',
    outputs: [
      { itemId: item.PULP, quantity: '1', isPrimary: false, costSharePercent: '5' },
      { itemId: item.JAM, quantity: '20', isPrimary: true },
    ],
    ingredients: [{ itemId: item.LEG, quantity: '1' }],
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'codes');
    other = await registerUser(t, 'codes-other');
    for (const sku of ['CHAIR', 'TABLE', 'LEG', 'JAM', 'PULP']) {
      item[sku] = (await post('/items', { sku, name: sku, uom: 'pcs', kind: 'finished' }).expect(201)).body.id;
    }
  });
  afterAll(() => t.close());

  it('numbers the BOMs of an item from 1, per item SKU, after the highest taken number', async () => {
    expect((await post('/bom', bom(item.CHAIR)).expect(201)).body.code).toBe('BOM-CHAIR-1');
    expect((await post('/bom', bom(item.CHAIR)).expect(201)).body.code).toBe('BOM-CHAIR-2');
    expect((await post('/bom', bom(item.TABLE)).expect(201)).body.code).toBe('BOM-TABLE-1');
    // A typed code of the same form counts; other suffixes do not.
    await post('/bom', bom(item.CHAIR, { code: 'BOM-CHAIR-7' })).expect(201);
    await post('/bom', bom(item.CHAIR, { code: 'BOM-CHAIR-x9' })).expect(201);
    expect((await post('/bom', bom(item.CHAIR)).expect(201)).body.code).toBe('BOM-CHAIR-8');
    // A given code is kept, and a taken one is still a 409.
    const taken = await post('/bom', bom(item.CHAIR, { code: 'BOM-CHAIR-8' })).expect(409);
    expect(taken.body.error).toBe('conflict');
  });

  it('numbers per tenant: another tenant starts at 1', async () => {
    const chair = (
      await post('/items', { sku: 'CHAIR', name: 'Chair', uom: 'pcs', kind: 'finished' }, other).expect(201)
    ).body.id as string;
    const res = await post('/bom', { itemId: chair, lines: [{ itemId: chair, quantity: '1' }] }, other);
    // A BOM of its own item is refused (422) before a code is used: the next one still gets 1.
    expect(res.status).toBe(422);
    const leg = (await post('/items', { sku: 'LEG', name: 'Leg', uom: 'pcs', kind: 'raw' }, other).expect(201)).body
      .id as string;
    const created = await post('/bom', { itemId: chair, lines: [{ itemId: leg, quantity: '4' }] }, other).expect(201);
    expect(created.body.code).toBe('BOM-CHAIR-1');
  });

  it('gives parallel creates distinct consecutive numbers', async () => {
    const answers = await Promise.all(Array.from({ length: 8 }, () => post('/bom', bom(item.TABLE))));
    expect(answers.map((res) => res.status)).toEqual(Array(8).fill(201));
    const codes = answers
      .map((res) => res.body.code as string)
      .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    expect(codes).toEqual([
      'BOM-TABLE-2',
      'BOM-TABLE-3',
      'BOM-TABLE-4',
      'BOM-TABLE-5',
      'BOM-TABLE-6',
      'BOM-TABLE-7',
      'BOM-TABLE-8',
      'BOM-TABLE-9',
    ]);
  });

  it('names a recipe after its primary output, also under parallel creates', async () => {
    expect((await post('/recipes', recipe()).expect(201)).body.code).toBe('RCP-JAM-1');
    await post('/recipes', recipe({ code: 'RCP-JAM-10' })).expect(201);
    const answers = await Promise.all(Array.from({ length: 4 }, () => post('/recipes', recipe())));
    expect(answers.map((res) => res.status)).toEqual([201, 201, 201, 201]);
    expect(answers.map((res) => res.body.code as string).sort()).toEqual([
      'RCP-JAM-11',
      'RCP-JAM-12',
      'RCP-JAM-13',
      'RCP-JAM-14',
    ]);
  });
});
