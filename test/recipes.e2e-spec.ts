import { registerUser, SignedInUser, viewerToken } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

const auth = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });
const missingId = '00000000-0000-4000-8000-000000000000';

describe('recipes (internal layer)', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let other: SignedInUser;
  let viewer: { token: string };
  const item: Record<string, string> = {};

  const post = (path: string, body: object, user: { token: string } = owner) =>
    t.http().post(path).set(auth(user)).send(body);
  const patch = (path: string, body: object, user: { token: string } = owner) =>
    t.http().patch(path).set(auth(user)).send(body);
  const get = (path: string, user: { token: string } = owner) => t.http().get(path).set(auth(user));

  const recipeBody = (code: string, extra: object = {}) => ({
    code,
    name: `Recipe ${code}`,
    outputs: [
      { itemId: item.JAM, quantity: '20', isPrimary: true },
      { itemId: item.PULP, quantity: '2', isPrimary: false, costSharePercent: '8' },
    ],
    ingredients: [
      { itemId: item.FRUIT, quantity: '15' },
      { itemId: item.SUGAR, quantity: '10', uom: 'kg' },
    ],
    yieldPercent: '92.5',
    steps: [{ name: 'Boil', minutes: '45', hourlyRate: '30' }],
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'recipes');
    other = await registerUser(t, 'recipes-other');
    viewer = { token: await viewerToken(t, owner) };
    for (const [sku, kind, uom] of [
      ['JAM', 'finished', 'jar'],
      ['PULP', 'raw', 'kg'],
      ['FRUIT', 'raw', 'kg'],
      ['SUGAR', 'raw', 'kg'],
    ]) {
      item[sku] = (await post('/items', { sku, name: sku, uom, kind }).expect(201)).body.id;
    }
  });
  afterAll(() => t.close());

  it('creates a recipe in the contract shape; the primary output takes the cost the co-products leave', async () => {
    const res = await post('/recipes', recipeBody('JAM-1')).expect(201);
    expect(res.body).toMatchObject({
      id: expect.any(String),
      code: 'JAM-1',
      name: 'Recipe JAM-1',
      outputs: [
        { itemId: item.JAM, quantity: '20.000000', isPrimary: true, costSharePercent: '92.0000' },
        { itemId: item.PULP, quantity: '2.000000', isPrimary: false, costSharePercent: '8.0000' },
      ],
      ingredients: [
        { itemId: item.FRUIT, quantity: '15.000000', uom: 'kg' },
        { itemId: item.SUGAR, quantity: '10.000000', uom: 'kg' },
      ],
      yieldPercent: '92.5000',
      steps: [{ name: 'Boil', minutes: '45.000000', hourlyRate: '30.0000' }],
      status: 'active',
      version: 1,
    });
    expect((await get(`/recipes/${res.body.id}`, viewer).expect(200)).body.code).toBe('JAM-1');
  });

  it('refuses outputs that break the rules with 422', async () => {
    const none = { outputs: [{ itemId: item.JAM, quantity: '1', isPrimary: false }] };
    expect((await post('/recipes', recipeBody('BAD-1', none)).expect(422)).body.error).toBe('unprocessable');
    const two = {
      outputs: [
        { itemId: item.JAM, quantity: '1', isPrimary: true },
        { itemId: item.PULP, quantity: '1', isPrimary: true },
      ],
    };
    await post('/recipes', recipeBody('BAD-2', two)).expect(422);
    const shares = {
      outputs: [
        { itemId: item.JAM, quantity: '1', isPrimary: true },
        { itemId: item.PULP, quantity: '1', isPrimary: false, costSharePercent: '70' },
        { itemId: item.SUGAR, quantity: '1', isPrimary: false, costSharePercent: '31' },
      ],
      ingredients: [{ itemId: item.FRUIT, quantity: '1' }],
    };
    await post('/recipes', recipeBody('BAD-3', shares)).expect(422);
    const overlap = { ingredients: [{ itemId: item.JAM, quantity: '1' }] };
    await post('/recipes', recipeBody('BAD-4', overlap)).expect(422);
    await post('/recipes', recipeBody('BAD-5', { ingredients: [{ itemId: missingId, quantity: '1' }] })).expect(422);
  });

  it('answers 400 for malformed input and 409 for a taken code', async () => {
    await post('/recipes', recipeBody('BAD-6', { yieldPercent: '0' })).expect(400);
    await post('/recipes', recipeBody('BAD-7', { yieldPercent: '100.5' })).expect(400);
    await post('/recipes', recipeBody('BAD-8', { ingredients: [] })).expect(400);
    await post('/recipes', recipeBody('BAD-9', { steps: [{ name: 'x', minutes: 0.1 + 0.2 }] })).expect(400);
    await post('/recipes', { ...recipeBody('BAD-10'), colour: 'red' }).expect(400);
    await get('/recipes/nope').expect(400);
    await get('/recipes/by-output/nope').expect(400);
    await post('/recipes', recipeBody('JAM-DUP')).expect(201);
    expect((await post('/recipes', recipeBody('JAM-DUP')).expect(409)).body.error).toBe('conflict');
  });

  it('updates with the current version, replaces the lists sent, and refuses a stale version', async () => {
    const created = (await post('/recipes', recipeBody('JAM-UPD')).expect(201)).body;
    const updated = await patch(`/recipes/${created.id}`, {
      version: 1,
      name: 'Strawberry jam',
      ingredients: [{ itemId: item.FRUIT, quantity: '16' }],
    }).expect(200);
    expect(updated.body).toMatchObject({
      version: 2,
      name: 'Strawberry jam',
      ingredients: [{ itemId: item.FRUIT, quantity: '16.000000' }],
    });
    expect(updated.body.outputs).toHaveLength(2);
    await patch(`/recipes/${created.id}`, { version: 1, name: 'late' }).expect(409);
    await patch(`/recipes/${created.id}`, { version: 2, ingredients: [{ itemId: item.JAM, quantity: '1' }] }).expect(
      422,
    );
    await patch(`/recipes/${created.id}`, { name: 'no version' }).expect(400);
    for (const field of ['code', 'name', 'yieldPercent', 'outputs', 'ingredients', 'steps']) {
      const res = await patch(`/recipes/${created.id}`, { version: 2, [field]: null });
      expect([field, res.status, res.body.error]).toEqual([field, 400, 'validation_failed']);
    }
    expect((await get(`/recipes/${created.id}`).expect(200)).body).toMatchObject({
      name: 'Strawberry jam',
      version: 2,
    });
  });

  it('archives and restores, lists with filters and pages, and finds recipes by output', async () => {
    const created = (await post('/recipes', recipeBody('JAM-ARC')).expect(201)).body;
    expect((await post(`/recipes/${created.id}/archive`, {}).expect(200)).body).toMatchObject({
      status: 'archived',
      version: 2,
    });
    expect((await post(`/recipes/${created.id}/archive`, {}).expect(409)).body.error).toBe('invalid_state_transition');
    const byPulp = await get(`/recipes/by-output/${item.PULP}`).expect(200);
    expect(byPulp.body.data.map((r: { code: string }) => r.code)).not.toContain('JAM-ARC');
    expect(byPulp.body.data.length).toBeGreaterThan(0);
    expect((await get(`/recipes?status=archived`).expect(200)).body.data.map((r: { code: string }) => r.code)).toEqual([
      'JAM-ARC',
    ]);
    await post(`/recipes/${created.id}/restore`, {}).expect(200);
    await post(`/recipes/${created.id}/restore`, {}).expect(409);
    expect((await get(`/recipes/by-output/${item.FRUIT}`).expect(200)).body.data).toEqual([]);
    await get(`/recipes/by-output/${missingId}`).expect(404);

    const first = await get('/recipes?limit=1').expect(200);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await get(`/recipes?limit=1&cursor=${first.body.nextCursor}`).expect(200);
    expect(second.body.data[0].id).not.toBe(first.body.data[0].id);
    await get('/recipes?cursor=bad').expect(400);
  });

  it('deletes (204) and isolates tenants (404), with 401 and 403 answers', async () => {
    const created = (await post('/recipes', recipeBody('JAM-DEL')).expect(201)).body;
    await get(`/recipes/${created.id}`, other).expect(404);
    await patch(`/recipes/${created.id}`, { version: 1, name: 'x' }, other).expect(404);
    await post(`/recipes/${created.id}/archive`, {}, other).expect(404);
    await t.http().delete(`/recipes/${created.id}`).set(auth(other)).expect(404);
    await get(`/recipes/by-output/${item.JAM}`, other).expect(404);
    await t.http().get('/recipes').expect(401);
    await post('/recipes', recipeBody('JAM-V'), viewer).expect(403);
    await t.http().delete(`/recipes/${created.id}`).set(auth(viewer)).expect(403);
    await t.http().delete(`/recipes/${created.id}`).set(auth(owner)).expect(204);
    await get(`/recipes/${created.id}`).expect(404);
  });
});
