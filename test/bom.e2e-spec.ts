import { registerUser, SignedInUser, viewerToken } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

const auth = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });
const missingId = '00000000-0000-4000-8000-000000000000';

interface Bom {
  id: string;
  version: number;
  status: string;
  code: string;
  itemId: string;
}

describe('BOM (internal layer)', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let other: SignedInUser;
  let viewer: { token: string };
  const item: Record<string, string> = {};
  const bom: Record<string, Bom> = {};
  let warehouseId: string;

  const post = (path: string, body: object, user: { token: string } = owner) =>
    t.http().post(path).set(auth(user)).send(body);
  const get = (path: string, user: { token: string } = owner) => t.http().get(path).set(auth(user));

  async function createItem(sku: string, kind = 'raw', valuationRate = '0') {
    const res = await post('/items', { sku, name: sku, uom: 'pcs', kind, valuationRate }).expect(201);
    item[sku] = res.body.id;
    return res.body.id as string;
  }

  /**
   * The 3-level structure of the hand-computed figures:
   *   FG (batch 2):  SA × 3 (10 % scrap), R1 × 4;            60 min @ 30/h; by-product BP with a 10 % cost share
   *   SA (batch 1):  SB × 2 (5 % scrap), R2 × 0.5            (default)
   *   SB (batch 4):  R3 × 1, R1 × 2 (20 % scrap);            30 min @ 60/h (default)
   */
  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'bom');
    other = await registerUser(t, 'intruder');
    viewer = { token: await viewerToken(t, owner) };
    await createItem('FG', 'finished');
    await createItem('SA', 'sub-assembly');
    await createItem('SB', 'sub-assembly');
    await createItem('R1', 'raw', '2');
    await createItem('R2', 'raw', '10');
    await createItem('R3', 'raw', '4');
    await createItem('BP', 'raw');
    bom.SB = (
      await post('/bom', {
        itemId: item.SB,
        code: 'BOM-SB',
        quantity: '4',
        isDefault: true,
        lines: [
          { itemId: item.R3, quantity: '1' },
          { itemId: item.R1, quantity: '2', scrapPercent: '20' },
        ],
        operations: [{ name: 'Mill', workstation: 'CNC 1', minutes: '30', hourlyRate: '60' }],
      }).expect(201)
    ).body;
    bom.SA = (
      await post('/bom', {
        itemId: item.SA,
        code: 'BOM-SA',
        isDefault: true,
        lines: [
          { itemId: item.SB, quantity: '2', scrapPercent: '5' },
          { itemId: item.R2, quantity: '0.5' },
        ],
      }).expect(201)
    ).body;
    bom.FG = (
      await post('/bom', {
        itemId: item.FG,
        code: 'BOM-FG',
        quantity: '2',
        lines: [
          { itemId: item.SA, quantity: '3', scrapPercent: '10' },
          { itemId: item.R1, quantity: '4' },
        ],
        operations: [{ name: 'Assemble', minutes: '60', hourlyRate: '30' }],
        byProducts: [{ itemId: item.BP, quantity: '1', costSharePercent: '10' }],
      }).expect(201)
    ).body;
    warehouseId = (await post('/warehouses', { code: 'W1', name: 'Stores', kind: 'internal' }).expect(201)).body.id;
    await post('/stock/adjustments', {
      warehouseId,
      reason: 'Opening',
      lines: [
        { itemId: item.R1, quantity: '30' },
        { itemId: item.R2, quantity: '10' },
      ],
    }).expect(201);
  });
  afterAll(() => t.close());

  it('creates a BOM with lines, operations and by-products in the contract shape', async () => {
    const res = await get(`/bom/${bom.FG.id}`).expect(200);
    expect(res.body).toMatchObject({
      id: bom.FG.id,
      itemId: item.FG,
      code: 'BOM-FG',
      quantity: '2.000000',
      uom: 'pcs',
      isDefault: false,
      status: 'active',
      version: 1,
      lines: [
        { itemId: item.SA, quantity: '3.000000', uom: 'pcs', scrapPercent: '10.0000', rate: '0.0000' },
        { itemId: item.R1, quantity: '4.000000', uom: 'pcs', scrapPercent: '0.0000', rate: '2.0000' },
      ],
      operations: [{ name: 'Assemble', workstation: null, minutes: '60.000000', hourlyRate: '30.0000' }],
      byProducts: [{ itemId: item.BP, quantity: '1.000000', costSharePercent: '10.0000' }],
    });
    expect(res.body.createdBy).toBe(owner.userId);
  });

  it('explodes three levels with scrap, matching the hand-computed figures', async () => {
    const res = await get(`/bom/${bom.FG.id}/explosion?quantity=10&warehouseId=${warehouseId}`, viewer).expect(200);
    // SA = 10/2 × 3 × 1.1 = 16.5; SB = 16.5 × 2 × 1.05 = 34.65; R3 = 34.65/4 × 1 = 8.6625;
    // R1 = 34.65/4 × 2 × 1.2 = 20.79 (+ 10/2 × 4 = 20 directly) = 40.79; R2 = 16.5 × 0.5 = 8.25.
    expect(res.body).toEqual({
      bomId: bom.FG.id,
      itemId: item.FG,
      quantity: '10.000000',
      items: [
        { itemId: item.R3, quantity: '8.662500', available: '0.000000', shortage: '8.662500' },
        { itemId: item.R1, quantity: '40.790000', available: '30.000000', shortage: '10.790000' },
        { itemId: item.R2, quantity: '8.250000', available: '10.000000', shortage: '0.000000' },
      ],
      tree: [
        { level: 1, itemId: item.SA, bomId: bom.SA.id, quantity: '16.500000', path: [bom.FG.id] },
        { level: 2, itemId: item.SB, bomId: bom.SB.id, quantity: '34.650000', path: [bom.FG.id, bom.SA.id] },
        { level: 3, itemId: item.R3, bomId: null, quantity: '8.662500', path: [bom.FG.id, bom.SA.id, bom.SB.id] },
        { level: 3, itemId: item.R1, bomId: null, quantity: '20.790000', path: [bom.FG.id, bom.SA.id, bom.SB.id] },
        { level: 2, itemId: item.R2, bomId: null, quantity: '8.250000', path: [bom.FG.id, bom.SA.id] },
        { level: 1, itemId: item.R1, bomId: null, quantity: '20.000000', path: [bom.FG.id] },
      ],
    });
  });

  it('explodes the BOM batch when no quantity is given, without availability when no warehouse is', async () => {
    const res = await get(`/bom/${bom.FG.id}/explosion`).expect(200);
    expect(res.body.quantity).toBe('2.000000');
    expect(res.body.items).toEqual([
      { itemId: item.R3, quantity: '1.732500' },
      { itemId: item.R1, quantity: '8.158000' },
      { itemId: item.R2, quantity: '1.650000' },
    ]);
  });

  it('answers explosion errors: 400 for a bad quantity, 404 for an unknown BOM or warehouse', async () => {
    await get(`/bom/${bom.FG.id}/explosion?quantity=-1`).expect(400);
    await get(`/bom/${bom.FG.id}/explosion?quantity=abc`).expect(400);
    await get(`/bom/${bom.FG.id}/explosion?warehouseId=${missingId}`).expect(404);
    await get(`/bom/${missingId}/explosion`).expect(404);
    await t.http().get(`/bom/${bom.FG.id}/explosion`).expect(401);
  });

  it('explodes and walks up a chain of 32 levels in full, and refuses one deeper rather than answer in part', async () => {
    let component = await createItem('CHAIN-0');
    let top: Bom | undefined;
    let topAt32: Bom | undefined;
    for (let level = 1; level <= 33; level += 1) {
      const made = await createItem(`CHAIN-${level}`, 'sub-assembly');
      top = (
        await post('/bom', {
          itemId: made,
          code: `BOM-CHAIN-${level}`,
          isDefault: true,
          lines: [{ itemId: component, quantity: '2' }],
        }).expect(201)
      ).body;
      if (level === 32) topAt32 = top;
      component = made;
    }
    const full = await get(`/bom/${topAt32!.id}/explosion`).expect(200);
    expect(full.body.items).toEqual([{ itemId: item['CHAIN-0'], quantity: '4294967296.000000' }]);
    expect(full.body.tree).toHaveLength(32);
    const tooDeep = await get(`/bom/${top!.id}/explosion`).expect(422);
    expect(tooDeep.body.error).toBe('unprocessable');
    // Where-used walks the same chain upwards: level 32 is the last it follows.
    await get(`/bom/where-used?itemId=${item['CHAIN-1']}&recursive=true`).expect(200);
    expect((await get(`/bom/where-used?itemId=${item['CHAIN-0']}&recursive=true`).expect(422)).body.error).toBe(
      'unprocessable',
    );
  });

  it('finds where an item is used, through two levels of sub-assemblies', async () => {
    const direct = await get(`/bom/where-used?itemId=${item.R3}`).expect(200);
    expect(direct.body).toEqual({ data: [{ bomId: bom.SB.id, itemId: item.SB, level: 1, path: [bom.SB.id] }] });
    const recursive = await get(`/bom/where-used?itemId=${item.R3}&recursive=true`, viewer).expect(200);
    expect(recursive.body.data).toEqual([
      { bomId: bom.SB.id, itemId: item.SB, level: 1, path: [bom.SB.id] },
      { bomId: bom.SA.id, itemId: item.SA, level: 2, path: [bom.SB.id, bom.SA.id] },
      { bomId: bom.FG.id, itemId: item.FG, level: 3, path: [bom.SB.id, bom.SA.id, bom.FG.id] },
    ]);
    const r1 = await get(`/bom/where-used?itemId=${item.R1}&recursive=true`).expect(200);
    expect(r1.body.data.map((row: { bomId: string; level: number }) => [row.bomId, row.level])).toEqual(
      expect.arrayContaining([
        [bom.FG.id, 1],
        [bom.SB.id, 1],
        [bom.SA.id, 2],
        [bom.FG.id, 3],
      ]),
    );
    await get('/bom/where-used').expect(400);
    await get(`/bom/where-used?itemId=${item.R3}&recursive=maybe`).expect(400);
    await get(`/bom/where-used?itemId=${missingId}`).expect(404);
  });

  it('rolls the standard cost up through the sub-assemblies', async () => {
    // SB: (4 × 4 + 2 × 1.2 × 2 + 30) / 4 = 9.7; SA: 2.1 × 9.7 + 0.5 × 10 = 25.37;
    // FG: 3.3 × 25.37 + 4 × 2 = 91.721 material, 30 operation, 10 % to BP → (121.721 − 12.1721) / 2 = 54.77445.
    const res = await get(`/bom/${bom.FG.id}/cost`).expect(200);
    expect(res.body).toEqual({
      bomId: bom.FG.id,
      itemId: item.FG,
      quantity: '2.000000',
      material: '91.7210',
      operation: '30.0000',
      byProductShare: '12.1721',
      total: '121.7210',
      unitCost: '54.7745',
      lines: [
        { itemId: item.SA, quantity: '3.300000', unitCost: '25.3700', amount: '83.7210', bomId: bom.SA.id },
        { itemId: item.R1, quantity: '4.000000', unitCost: '2.0000', amount: '8.0000', bomId: null },
      ],
    });
    await get(`/bom/${missingId}/cost`).expect(404);
  });

  describe('cycles', () => {
    it('refuses a BOM that contains its own item directly', async () => {
      const res = await post('/bom', {
        itemId: item.SA,
        code: 'SELF',
        lines: [{ itemId: item.SA, quantity: '1' }],
      }).expect(422);
      expect(res.body.error).toBe('unprocessable');
    });

    it('refuses a BOM that would contain itself through sub-assemblies, on create and on update', async () => {
      // R2's new BOM would use SA, whose default BOM uses R2.
      await post('/bom', { itemId: item.R2, code: 'LOOP-R2', lines: [{ itemId: item.SA, quantity: '1' }] }).expect(422);
      // SB's BOM would use SA, whose default BOM uses SB.
      const current = (await get(`/bom/${bom.SB.id}`).expect(200)).body;
      await t
        .http()
        .patch(`/bom/${bom.SB.id}`)
        .set(auth(owner))
        .send({ version: current.version, lines: [{ itemId: item.SA, quantity: '1' }] })
        .expect(422);
      // FG's (non-default) BOM uses SA, whose default BOM uses SB: SB's default BOM may not use FG either.
      await t
        .http()
        .patch(`/bom/${bom.SB.id}`)
        .set(auth(owner))
        .send({ version: current.version, lines: [{ itemId: item.FG, quantity: '1' }] })
        .expect(422);
      const unchanged = (await get(`/bom/${bom.SB.id}`).expect(200)).body;
      expect(unchanged.version).toBe(current.version);
      expect(unchanged.lines).toHaveLength(2);
    });

    it('lets only one of two parallel edits through when together they would close a cycle', async () => {
      for (let round = 0; round < 5; round += 1) {
        const x = await createItem(`CX-${round}`, 'sub-assembly');
        const y = await createItem(`CY-${round}`, 'sub-assembly');
        const bx = (
          await post('/bom', {
            itemId: x,
            code: `CBX-${round}`,
            isDefault: true,
            lines: [{ itemId: item.R1, quantity: '1' }],
          }).expect(201)
        ).body;
        const by = (
          await post('/bom', {
            itemId: y,
            code: `CBY-${round}`,
            isDefault: true,
            lines: [{ itemId: item.R2, quantity: '1' }],
          }).expect(201)
        ).body;
        const results = await Promise.all([
          t
            .http()
            .patch(`/bom/${bx.id}`)
            .set(auth(owner))
            .send({ version: 1, lines: [{ itemId: y, quantity: '1' }] }),
          t
            .http()
            .patch(`/bom/${by.id}`)
            .set(auth(owner))
            .send({ version: 1, lines: [{ itemId: x, quantity: '1' }] }),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual([200, 422]);
      }
    });
  });

  describe('versions, defaults, archive and restore', () => {
    it('applies an update with the current version and refuses a stale one with 409 conflict', async () => {
      const created = (
        await post('/bom', { itemId: item.BP, code: 'BP-1', lines: [{ itemId: item.R1, quantity: '1' }] }).expect(201)
      ).body;
      const updated = await t
        .http()
        .patch(`/bom/${created.id}`)
        .set(auth(owner))
        .send({ version: 1, quantity: '5', operations: [{ name: 'Sort', minutes: '5' }] })
        .expect(200);
      expect(updated.body).toMatchObject({
        version: 2,
        quantity: '5.000000',
        operations: [{ name: 'Sort', hourlyRate: '0.0000' }],
      });
      expect(updated.body.lines).toHaveLength(1);
      const stale = await t
        .http()
        .patch(`/bom/${created.id}`)
        .set(auth(owner))
        .send({ version: 1, code: 'BP-2' })
        .expect(409);
      expect(stale.body.error).toBe('conflict');
      await t.http().patch(`/bom/${created.id}`).set(auth(owner)).send({ code: 'BP-2' }).expect(400);
      await t.http().patch(`/bom/${created.id}`).set(auth(owner)).send({ version: 2, itemId: item.R1 }).expect(400);
    });

    it('keeps at most one active default BOM per item, and archive/restore follow it', async () => {
      const second = await post('/bom', {
        itemId: item.SA,
        code: 'BOM-SA-2',
        isDefault: true,
        lines: [{ itemId: item.R1, quantity: '1' }],
      }).expect(409);
      expect(second.body.error).toBe('conflict');
      const archived = await post(`/bom/${bom.SA.id}/archive`, {}).expect(200);
      expect(archived.body).toMatchObject({ status: 'archived', version: bom.SA.version + 1 });
      expect((await post(`/bom/${bom.SA.id}/archive`, {}).expect(409)).body).toMatchObject({
        error: 'invalid_state_transition',
        from: 'archived',
        to: 'archived',
      });
      // With SA's BOM archived, the explosion stops at SA.
      const explosion = await get(`/bom/${bom.FG.id}/explosion?quantity=2`).expect(200);
      expect(explosion.body.items).toEqual([
        { itemId: item.SA, quantity: '3.300000' },
        { itemId: item.R1, quantity: '4.000000' },
      ]);
      const replacement = (
        await post('/bom', {
          itemId: item.SA,
          code: 'BOM-SA-3',
          isDefault: true,
          lines: [{ itemId: item.R2, quantity: '1' }],
        }).expect(201)
      ).body;
      await post(`/bom/${bom.SA.id}/restore`, {}).expect(409);
      await post(`/bom/${replacement.id}/archive`, {}).expect(200);
      const restored = await post(`/bom/${bom.SA.id}/restore`, {}).expect(200);
      expect(restored.body.status).toBe('active');
      await post(`/bom/${bom.SA.id}/restore`, {}).expect(409);
      await post(`/bom/${missingId}/archive`, {}).expect(404);
    });

    it('lists BOMs with filters and cursor pages', async () => {
      const first = await get('/bom?limit=2').expect(200);
      expect(first.body.data).toHaveLength(2);
      const second = await get(`/bom?limit=2&cursor=${first.body.nextCursor}`).expect(200);
      expect(second.body.data[0].id).not.toBe(first.body.data[1].id);
      const forSa = await get(`/bom?itemId=${item.SA}&status=archived`).expect(200);
      expect(forSa.body.data.map((b: Bom) => b.code)).toEqual(['BOM-SA-3']);
      await get('/bom?cursor=abc').expect(400);
      await get('/bom?status=gone').expect(400);
    });
  });

  describe('by-products', () => {
    it('refuses shares over 100 in sum, a by-product that is the BOM item, and a share over 100', async () => {
      const lines = [{ itemId: item.R1, quantity: '1' }];
      await post('/bom', {
        itemId: item.R3,
        code: 'BYP-1',
        lines,
        byProducts: [
          { itemId: item.BP, quantity: '1', costSharePercent: '60' },
          { itemId: item.R2, quantity: '1', costSharePercent: '40.0001' },
        ],
      }).expect(422);
      await post('/bom', {
        itemId: item.R3,
        code: 'BYP-2',
        lines,
        byProducts: [{ itemId: item.R3, quantity: '1' }],
      }).expect(422);
      await post('/bom', {
        itemId: item.R3,
        code: 'BYP-3',
        lines,
        byProducts: [{ itemId: item.BP, quantity: '1', costSharePercent: '101' }],
      }).expect(400);
      const ok = await post('/bom', {
        itemId: item.R3,
        code: 'BYP-4',
        lines,
        byProducts: [
          { itemId: item.BP, quantity: '1', costSharePercent: '60' },
          { itemId: item.R2, quantity: '1', costSharePercent: '40' },
        ],
      }).expect(201);
      expect(ok.body.byProducts.map((b: { costSharePercent: string }) => b.costSharePercent)).toEqual([
        '60.0000',
        '40.0000',
      ]);
    });
  });

  describe('errors and isolation', () => {
    it('answers 400 for malformed bodies and ids, 422 for unknown items, 409 for a taken code', async () => {
      const bad = await post('/bom', {
        itemId: item.FG,
        code: 'X',
        lines: [{ itemId: item.R1, quantity: 0.1 + 0.2 }],
      }).expect(400);
      expect(bad.body.details).toEqual([{ field: 'lines.0.quantity', message: expect.any(String) }]);
      await post('/bom', { itemId: item.FG, code: 'X', lines: [] }).expect(400);
      await post('/bom', {
        itemId: item.FG,
        code: 'X',
        lines: [{ itemId: item.R1, quantity: '1', scrapPercent: '-1' }],
      }).expect(400);
      await get('/bom/not-a-uuid').expect(400);
      await post('/bom', { itemId: missingId, code: 'X', lines: [{ itemId: item.R1, quantity: '1' }] }).expect(422);
      await post('/bom', { itemId: item.FG, code: 'X', lines: [{ itemId: missingId, quantity: '1' }] }).expect(422);
      await post('/bom', { itemId: item.FG, code: 'BOM-FG', lines: [{ itemId: item.R1, quantity: '1' }] }).expect(409);
    });

    it('answers 400, never 500, when a PATCH sends null for a field, and keeps the BOM as it was', async () => {
      const created = (
        await post('/bom', { itemId: item.FG, code: 'BOM-NULL', lines: [{ itemId: item.R1, quantity: '1' }] }).expect(
          201,
        )
      ).body;
      for (const field of ['code', 'quantity', 'uom', 'isDefault', 'lines', 'operations', 'byProducts']) {
        const res = await t
          .http()
          .patch(`/bom/${created.id}`)
          .set(auth(owner))
          .send({ version: 1, [field]: null });
        expect([field, res.status, res.body.error]).toEqual([field, 400, 'validation_failed']);
      }
      expect((await get(`/bom/${created.id}`).expect(200)).body).toMatchObject({ code: 'BOM-NULL', version: 1 });
    });

    it('answers 401 without a token and 403 for a viewer writing', async () => {
      await t.http().get('/bom').expect(401);
      await t.http().post('/bom').send({}).expect(401);
      await post('/bom', { itemId: item.FG, code: 'V', lines: [{ itemId: item.R1, quantity: '1' }] }, viewer).expect(
        403,
      );
      await t.http().patch(`/bom/${bom.FG.id}`).set(auth(viewer)).send({ version: 1 }).expect(403);
      await t.http().delete(`/bom/${bom.FG.id}`).set(auth(viewer)).expect(403);
      await post(`/bom/${bom.FG.id}/archive`, {}, viewer).expect(403);
    });

    it("treats another entity's BOM as not found on every route", async () => {
      await get(`/bom/${bom.FG.id}`, other).expect(404);
      await get(`/bom/${bom.FG.id}/explosion`, other).expect(404);
      await get(`/bom/${bom.FG.id}/cost`, other).expect(404);
      await t.http().patch(`/bom/${bom.FG.id}`).set(auth(other)).send({ version: 1, code: 'mine' }).expect(404);
      await t.http().delete(`/bom/${bom.FG.id}`).set(auth(other)).expect(404);
      await post(`/bom/${bom.FG.id}/archive`, {}, other).expect(404);
      await get(`/bom/where-used?itemId=${item.R1}`, other).expect(404);
      expect((await get('/bom', other).expect(200)).body.data).toEqual([]);
      // Items of another tenant cannot be used as components.
      const foreignItem = (
        await post('/items', { sku: 'F', name: 'F', uom: 'pcs', kind: 'finished' }, other).expect(201)
      ).body.id;
      await post('/bom', { itemId: foreignItem, code: 'F', lines: [{ itemId: item.R1, quantity: '1' }] }, other).expect(
        422,
      );
    });

    it('deletes a BOM with its lines (204), after which it is gone', async () => {
      const doomed = (
        await post('/bom', { itemId: item.BP, code: 'DOOMED', lines: [{ itemId: item.R1, quantity: '1' }] }).expect(201)
      ).body;
      await t.http().delete(`/bom/${doomed.id}`).set(auth(owner)).expect(204);
      await get(`/bom/${doomed.id}`).expect(404);
      await t.http().delete(`/bom/${doomed.id}`).set(auth(owner)).expect(404);
      expect(await t.sql('SELECT 1 FROM bom_lines WHERE bom_id = $1', [doomed.id])).toEqual([]);
    });
  });

  it('writes bom.* events to the outbox in the public shape, in the same transaction', async () => {
    const events = await t.sql<{ type: string; data: Record<string, unknown> }>(
      `SELECT type, data FROM webhook_events WHERE data->>'id' = $1 ORDER BY created_at`,
      [bom.SA.id],
    );
    expect(events.map((e) => e.type)).toEqual(['bom.created', 'bom.archived', 'bom.restored']);
    expect(events[0].data).toMatchObject({ id: bom.SA.id, item_id: item.SA, is_default: true, version: 1 });
    expect(events[0].data).not.toHaveProperty('created_by');
    expect(events[0].data).not.toHaveProperty('createdBy');
    // A refused change publishes nothing.
    const loops = await t.sql(`SELECT 1 FROM webhook_events WHERE data->>'code' = 'LOOP-R2'`);
    expect(loops).toEqual([]);
  });
});
