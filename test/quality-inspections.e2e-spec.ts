import { QualityInspectionsService } from '@app/manufacturing';
import { Transactions } from '@app/platform';
import { registerUser, SignedInUser, tenantOf, viewerToken } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

const auth = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });
const missingId = '00000000-0000-4000-8000-000000000000';

interface Inspection {
  id: string;
  number: string;
  status: string;
  referenceId: string;
  parameters: { name: string; readings: unknown[]; passed: boolean | null }[];
}

describe('Quality inspections (internal layer)', () => {
  let t: TestApp;
  let owner: SignedInUser;
  let other: SignedInUser;
  let viewer: { token: string };
  const item: Record<string, string> = {};
  let warehouseId: string;
  /** A stock adjustment that received FG (and RAW), and one that received RAW only. */
  let fgReceiptId: string;
  let rawReceiptId: string;
  let templateId: string;

  const post = (path: string, body: object, user: { token: string } = owner) =>
    t.http().post(path).set(auth(user)).send(body);
  const patch = (path: string, body: object, user: { token: string } = owner) =>
    t.http().patch(path).set(auth(user)).send(body);
  const get = (path: string, user: { token: string } = owner) => t.http().get(path).set(auth(user));
  const eventsAbout = (id: string) =>
    t.sql<{ type: string; data: { number: string; status: string } }>(
      `SELECT type, data FROM webhook_events WHERE data->>'id' = $1 ORDER BY created_at`,
      [id],
    );

  async function createItem(user: SignedInUser, sku: string) {
    const res = await post('/items', { sku, name: sku, uom: 'pcs', kind: 'finished' }, user).expect(201);
    return res.body.id as string;
  }

  async function receive(lines: { itemId: string; quantity: string }[]) {
    return (await post('/stock/adjustments', { warehouseId, reason: 'Goods in', lines }).expect(201)).body.id as string;
  }

  const shaft = {
    name: 'Diameter',
    kind: 'numeric',
    min: '9.95',
    max: '10.05',
  };

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'quality');
    other = await registerUser(t, 'quality-other');
    viewer = { token: await viewerToken(t, owner) };
    for (const sku of ['FG', 'RAW', 'PLAIN']) item[sku] = await createItem(owner, sku);
    warehouseId = (await post('/warehouses', { code: 'W1', name: 'Stores', kind: 'internal' }).expect(201)).body.id;
    fgReceiptId = await receive([
      { itemId: item.FG, quantity: '20' },
      { itemId: item.RAW, quantity: '5' },
    ]);
    rawReceiptId = await receive([{ itemId: item.RAW, quantity: '5' }]);
  }, 60_000);
  afterAll(() => t.close());

  describe('templates', () => {
    it('creates one template per item, bounds as decimals, expected values per kind', async () => {
      const res = await post('/quality-inspections/templates', {
        itemId: item.FG,
        parameters: [
          shaft,
          { name: 'Sealed', kind: 'boolean', expected: true },
          { name: 'Colour', kind: 'text', expected: 'blue' },
        ],
      }).expect(201);
      templateId = res.body.id;
      expect(res.body).toMatchObject({
        itemId: item.FG,
        version: 1,
        parameters: [
          { name: 'Diameter', kind: 'numeric', min: '9.950000', max: '10.050000', expected: null },
          { name: 'Sealed', kind: 'boolean', min: null, max: null, expected: true },
          { name: 'Colour', kind: 'text', min: null, max: null, expected: 'blue' },
        ],
        createdBy: owner.userId,
      });

      const second = await post('/quality-inspections/templates', {
        itemId: item.FG,
        parameters: [{ name: 'Weight', kind: 'numeric' }],
      }).expect(409);
      expect(second.body).toMatchObject({ error: 'conflict', template_id: templateId });
    });

    it('refuses parameters that do not suit their kind, naming each field, and stores nothing', async () => {
      const wrongForKind = [
        { name: 'Length', kind: 'numeric', min: '3.5', max: '3.4' },
        { name: 'Length', kind: 'numeric', expected: '3' },
        { name: 'Sealed', kind: 'boolean', expected: 'yes' },
        { name: 'Label', kind: 'text' },
      ];
      // Shape errors (an inexact number for a decimal, an unknown kind) are answered first, by the validation pipe.
      const shape = await post('/quality-inspections/templates', {
        itemId: item.RAW,
        parameters: [
          ...wrongForKind,
          { name: 'Bad', kind: 'numeric', min: 0.1 + 0.2 },
          { name: 'Kind', kind: 'colour' },
        ],
      }).expect(400);
      expect(shape.body.error).toBe('validation_failed');
      expect(shape.body.details.map((d: { field: string }) => d.field)).toEqual([
        'parameters.4.min',
        'parameters.5.kind',
      ]);
      const byKind = await post('/quality-inspections/templates', {
        itemId: item.RAW,
        parameters: wrongForKind,
      }).expect(400);
      expect(byKind.body.details.map((d: { field: string }) => d.field)).toEqual([
        'parameters.0.min',
        'parameters.1.name',
        'parameters.1.expected',
        'parameters.2.expected',
        'parameters.3.expected',
      ]);
      await post('/quality-inspections/templates', { itemId: item.RAW, parameters: [] }).expect(400);
      await post('/quality-inspections/templates', { itemId: missingId, parameters: [shaft] }).expect(422);
      expect((await get(`/quality-inspections/templates?itemId=${item.RAW}`).expect(200)).body.data).toEqual([]);
    });

    it('lists, reads and updates with the version; stale versions, viewers, other tenants and no token are refused', async () => {
      const listed = await get(`/quality-inspections/templates?itemId=${item.FG}`, viewer).expect(200);
      expect(listed.body.data.map((row: { id: string }) => row.id)).toEqual([templateId]);
      expect(listed.body.nextCursor).toBeNull();
      await get(`/quality-inspections/templates/${templateId}`, viewer).expect(200);
      await get(`/quality-inspections/templates/${templateId}`, other).expect(404);
      await get('/quality-inspections/templates/not-a-uuid').expect(400);
      await t.http().get('/quality-inspections/templates').expect(401);
      await post('/quality-inspections/templates', { itemId: item.RAW, parameters: [shaft] }, viewer).expect(403);

      const parameters = [shaft, { name: 'Sealed', kind: 'boolean', expected: true }];
      const updated = await patch(`/quality-inspections/templates/${templateId}`, { version: 1, parameters }).expect(
        200,
      );
      expect(updated.body.version).toBe(2);
      expect(updated.body.parameters.map((p: { name: string }) => p.name)).toEqual(['Diameter', 'Sealed']);
      const stale = await patch(`/quality-inspections/templates/${templateId}`, { version: 1, parameters }).expect(409);
      expect(stale.body.error).toBe('conflict');
      await patch(`/quality-inspections/templates/${templateId}`, { version: 2, parameters }, viewer).expect(403);
      await patch(`/quality-inspections/templates/${templateId}`, { version: 2, parameters }, other).expect(404);
      await patch(`/quality-inspections/templates/${templateId}`, { version: 2, itemId: item.RAW, parameters }).expect(
        400,
      );
    });

    it('deletes a template: 204, then 404', async () => {
      const created = await post('/quality-inspections/templates', {
        itemId: item.RAW,
        parameters: [{ name: 'Weight', kind: 'numeric', min: '1' }],
      }).expect(201);
      await t.http().delete(`/quality-inspections/templates/${created.body.id}`).set(auth(viewer)).expect(403);
      await t.http().delete(`/quality-inspections/templates/${created.body.id}`).set(auth(other)).expect(404);
      await t.http().delete(`/quality-inspections/templates/${created.body.id}`).set(auth(owner)).expect(204);
      await get(`/quality-inspections/templates/${created.body.id}`).expect(404);
    });
  });

  describe('inspections', () => {
    let fromTemplate: Inspection;

    it('creates a Pending inspection of a receipt from the item template, numbered QI-00001, publishing quality_inspection.created', async () => {
      const res = await post('/quality-inspections', {
        referenceType: 'receipt',
        referenceId: fgReceiptId,
        itemId: item.FG,
        sampleSize: '5',
      }).expect(201);
      fromTemplate = res.body;
      expect(res.body).toMatchObject({
        number: 'QI-00001',
        referenceType: 'receipt',
        referenceId: fgReceiptId,
        itemId: item.FG,
        sampleSize: '5.000000',
        status: 'Pending',
        inspectedBy: null,
        inspectedAt: null,
        remarks: null,
        parameters: [
          { name: 'Diameter', kind: 'numeric', min: '9.950000', max: '10.050000', readings: [], passed: null },
          { name: 'Sealed', kind: 'boolean', expected: true, readings: [], passed: null },
        ],
      });
      const events = await eventsAbout(fromTemplate.id);
      expect(events.map((event) => [event.type, event.data.number, event.data.status])).toEqual([
        ['quality_inspection.created', 'QI-00001', 'Pending'],
      ]);
      expect(await get(`/quality-inspections/${fromTemplate.id}`, viewer).expect(200)).toHaveProperty(
        'body.number',
        'QI-00001',
      );
    });

    it('takes parameters given in the request instead of a template', async () => {
      const res = await post('/quality-inspections', {
        referenceType: 'receipt',
        referenceId: fgReceiptId,
        itemId: item.RAW,
        sampleSize: '0.5',
        parameters: [{ name: 'Moisture', kind: 'numeric', max: '12.5' }],
      }).expect(201);
      expect(res.body).toMatchObject({ number: 'QI-00002', sampleSize: '0.500000' });
      expect(res.body.parameters).toEqual([
        { name: 'Moisture', kind: 'numeric', min: null, max: '12.500000', expected: null, readings: [], passed: null },
      ]);
    });

    it('refuses references that are not in the tenant, items without template or parameters, and bad input', async () => {
      const base = { referenceType: 'receipt', referenceId: fgReceiptId, itemId: item.FG, sampleSize: '1' };
      // A receipt that did not receive the item, an unknown receipt, another tenant's, and documents not built here.
      const refused = [
        { ...base, referenceId: rawReceiptId },
        { ...base, referenceId: missingId },
        { ...base, referenceType: 'work_order', referenceId: missingId },
        { ...base, referenceType: 'subcontract_receipt', referenceId: missingId },
        { ...base, itemId: item.PLAIN, referenceId: fgReceiptId },
        { ...base, itemId: missingId },
      ];
      for (const body of refused)
        expect((await post('/quality-inspections', body).expect(422)).body.error).toBe('unprocessable');
      const otherReceipt = (
        await post(
          '/stock/adjustments',
          {
            warehouseId: (await post('/warehouses', { code: 'OW', name: 'O', kind: 'internal' }, other).expect(201))
              .body.id,
            reason: 'in',
            lines: [{ itemId: await createItem(other, 'OFG'), quantity: '1' }],
          },
          other,
        ).expect(201)
      ).body.id;
      await post('/quality-inspections', { ...base, referenceId: otherReceipt }).expect(422);
      for (const body of [
        { ...base, sampleSize: '0' },
        { ...base, sampleSize: 0.1 + 0.2 },
        { ...base, referenceType: 'purchase_order' },
        { ...base, referenceId: 'nope' },
        { ...base, status: 'Passed' },
      ]) {
        expect((await post('/quality-inspections', body).expect(400)).body.error).toBe('validation_failed');
      }
      await post('/quality-inspections', base, viewer).expect(403);
      await t.http().post('/quality-inspections').send(base).expect(401);
      // Nothing above took a number: the next one follows QI-00002.
      const next = await post('/quality-inspections', base).expect(201);
      expect(next.body.number).toBe('QI-00003');
    });

    it('passes readings at and inside the bounds, and publishes quality_inspection.completed', async () => {
      const res = await post(`/quality-inspections/${fromTemplate.id}/complete`, {
        readings: [
          { name: 'Diameter', values: ['9.95', '10.05', '10.000001'] },
          { name: 'Sealed', values: [true] },
        ],
        remarks: 'Lot looks good',
      }).expect(200);
      expect(res.body).toMatchObject({
        status: 'Passed',
        inspectedBy: owner.userId,
        remarks: 'Lot looks good',
        parameters: [
          { name: 'Diameter', readings: ['9.950000', '10.050000', '10.000001'], passed: true },
          { name: 'Sealed', readings: [true], passed: true },
        ],
      });
      expect(new Date(res.body.inspectedAt).getTime()).not.toBeNaN();
      expect((await eventsAbout(fromTemplate.id)).map((event) => [event.type, event.data.status])).toEqual([
        ['quality_inspection.created', 'Pending'],
        ['quality_inspection.completed', 'Passed'],
      ]);
    });

    it('is final once completed: 409 invalid_state_transition with from and to', async () => {
      const res = await post(`/quality-inspections/${fromTemplate.id}/complete`, {
        readings: [
          { name: 'Diameter', values: ['11'] },
          { name: 'Sealed', values: [true] },
        ],
      }).expect(409);
      expect(res.body).toMatchObject({ error: 'invalid_state_transition', from: 'Passed', to: 'Failed' });
      expect((await get(`/quality-inspections/${fromTemplate.id}`).expect(200)).body.parameters[0].readings).toEqual([
        '9.950000',
        '10.050000',
        '10.000001',
      ]);
    });

    it('fails a reading one millionth beyond a bound, and a boolean or text reading other than expected', async () => {
      const create = (parameters: object[]) =>
        post('/quality-inspections', {
          referenceType: 'receipt',
          referenceId: fgReceiptId,
          itemId: item.FG,
          sampleSize: '1',
          parameters,
        }).expect(201);
      const numeric = (await create([{ name: 'Diameter', kind: 'numeric', min: '9.95', max: '10.05' }])).body;
      const low = await post(`/quality-inspections/${numeric.id}/complete`, {
        readings: [{ name: 'Diameter', values: ['10', '9.949999'] }],
      }).expect(200);
      expect(low.body).toMatchObject({ status: 'Failed', parameters: [{ passed: false }] });

      const mixed = (
        await create([
          { name: 'Weight', kind: 'numeric', min: '-0.5' },
          { name: 'Sealed', kind: 'boolean', expected: false },
          { name: 'Colour', kind: 'text', expected: 'blue' },
        ])
      ).body;
      const res = await post(`/quality-inspections/${mixed.id}/complete`, {
        readings: [
          { name: 'Colour', values: ['Blue'] },
          { name: 'Weight', values: ['-0.5', '1000000'] },
          { name: 'Sealed', values: [false] },
        ],
      }).expect(200);
      expect(res.body.status).toBe('Failed');
      expect(res.body.parameters.map((p: { name: string; passed: boolean }) => [p.name, p.passed])).toEqual([
        ['Weight', true],
        ['Sealed', true],
        ['Colour', false],
      ]);
    });

    it('refuses missing, unknown and mistyped readings with a 400 naming them, leaving the inspection Pending', async () => {
      const pending = (
        await post('/quality-inspections', {
          referenceType: 'receipt',
          referenceId: fgReceiptId,
          itemId: item.FG,
          sampleSize: '1',
        }).expect(201)
      ).body;
      const missing = await post(`/quality-inspections/${pending.id}/complete`, {
        readings: [{ name: 'Diameter', values: ['10'] }],
      }).expect(400);
      expect(missing.body).toMatchObject({
        error: 'validation_failed',
        details: [{ field: 'readings', message: 'the parameter "Sealed" has no reading' }],
      });
      const unknown = await post(`/quality-inspections/${pending.id}/complete`, {
        readings: [
          { name: 'Diameter', values: [10.0] },
          { name: 'Sealed', values: [true] },
          { name: 'Length', values: ['3'] },
        ],
      }).expect(400);
      expect(unknown.body.details).toEqual([
        { field: 'readings.0.values.0', message: 'Diameter: must be a decimal number written as a string' },
        { field: 'readings.2.name', message: '"Length" is not a parameter of this inspection' },
      ]);
      await post(`/quality-inspections/${pending.id}/complete`, { readings: [], extra: 1 }).expect(400);
      await post(`/quality-inspections/${pending.id}/complete`, { readings: [] }, viewer).expect(403);
      await post(`/quality-inspections/${pending.id}/complete`, { readings: [] }, other).expect(404);
      await post(`/quality-inspections/${missingId}/complete`, { readings: [] }).expect(404);
      expect((await get(`/quality-inspections/${pending.id}`).expect(200)).body.status).toBe('Pending');
    });

    it('lists with status, itemId and referenceId filters, page by page', async () => {
      const all = (await get('/quality-inspections?limit=100').expect(200)).body.data as Inspection[];
      expect(all.map((row) => row.number)).toEqual([
        'QI-00001',
        'QI-00002',
        'QI-00003',
        'QI-00004',
        'QI-00005',
        'QI-00006',
      ]);
      const passed = await get('/quality-inspections?status=Passed', viewer).expect(200);
      expect(passed.body.data.map((row: Inspection) => row.number)).toEqual(['QI-00001']);
      const failed = await get(`/quality-inspections?status=Failed&itemId=${item.FG}`).expect(200);
      expect(failed.body.data.map((row: Inspection) => row.number)).toEqual(['QI-00004', 'QI-00005']);
      const raw = await get(`/quality-inspections?itemId=${item.RAW}&referenceId=${fgReceiptId}`).expect(200);
      expect(raw.body.data.map((row: Inspection) => row.number)).toEqual(['QI-00002']);
      expect((await get(`/quality-inspections?referenceId=${rawReceiptId}`).expect(200)).body.data).toEqual([]);

      const first = await get('/quality-inspections?limit=4').expect(200);
      expect(first.body.data).toHaveLength(4);
      const second = await get(`/quality-inspections?limit=4&cursor=${first.body.nextCursor}`).expect(200);
      expect(second.body.data.map((row: Inspection) => row.number)).toEqual(['QI-00005', 'QI-00006']);
      expect(second.body.nextCursor).toBeNull();

      await get('/quality-inspections?cursor=garbage').expect(400);
      await get('/quality-inspections?status=Done').expect(400);
      await get('/quality-inspections?limit=101').expect(400);
      expect((await get('/quality-inspections', other).expect(200)).body.data).toEqual([]);
      await get(`/quality-inspections/${fromTemplate.id}`, other).expect(404);
      await get('/quality-inspections/not-a-uuid').expect(400);
      await t.http().get('/quality-inspections').expect(401);
    });
  });

  describe('the production hook (inspectProduction)', () => {
    it('creates a Pending inspection from the template inside the caller’s unit of work, with its event; none without a template', async () => {
      const service = t.app.get(QualityInspectionsService);
      const transactions = t.app.get(Transactions);
      const workOrderId = '11111111-1111-4111-8111-111111111111';
      const receiptId = '22222222-2222-4222-8222-222222222222';
      const [made, none, received] = await transactions.run(async (unitOfWork) => [
        await service.inspectProduction(unitOfWork, tenantOf(owner), {
          referenceType: 'work_order',
          referenceId: workOrderId,
          itemId: item.FG,
          quantity: '12.5',
        }),
        await service.inspectProduction(unitOfWork, tenantOf(owner), {
          referenceType: 'work_order',
          referenceId: workOrderId,
          itemId: item.PLAIN,
          quantity: '3',
        }),
        await service.inspectProduction(unitOfWork, tenantOf(owner), {
          referenceType: 'subcontract_receipt',
          referenceId: receiptId,
          itemId: item.FG,
          quantity: '4',
        }),
      ]);
      expect(none).toBeNull();
      expect(made).toMatchObject({
        number: 'QI-00007',
        referenceType: 'work_order',
        referenceId: workOrderId,
        status: 'Pending',
        sampleSize: '12.500000',
      });
      expect(received).toMatchObject({
        number: 'QI-00008',
        referenceType: 'subcontract_receipt',
        sampleSize: '4.000000',
      });
      expect((await eventsAbout(made!.id)).map((event) => event.type)).toEqual(['quality_inspection.created']);
      expect(await t.sql(`SELECT 1 FROM webhook_events WHERE data->>'reference_id' = $1`, [workOrderId])).toHaveLength(
        1,
      );
      const listed = await get(`/quality-inspections?referenceId=${workOrderId}`).expect(200);
      expect(listed.body.data).toHaveLength(1);
      expect(listed.body.data[0].parameters.map((p: { name: string }) => p.name)).toEqual(['Diameter', 'Sealed']);
      expect(await t.sql(`SELECT 1 FROM quality_inspections WHERE item_id = $1`, [item.PLAIN])).toEqual([]);
    });

    it('leaves no inspection, event or number behind when the producing unit of work rolls back', async () => {
      const service = t.app.get(QualityInspectionsService);
      const transactions = t.app.get(Transactions);
      const workOrderId = '33333333-3333-4333-8333-333333333333';
      await expect(
        transactions.run(async (unitOfWork) => {
          await service.inspectProduction(unitOfWork, tenantOf(owner), {
            referenceType: 'work_order',
            referenceId: workOrderId,
            itemId: item.FG,
            quantity: '1',
          });
          throw new Error('the completion failed later');
        }),
      ).rejects.toThrow('the completion failed later');
      expect(await t.sql(`SELECT 1 FROM quality_inspections WHERE reference_id = $1`, [workOrderId])).toEqual([]);
      expect(await t.sql(`SELECT 1 FROM webhook_events WHERE data->>'reference_id' = $1`, [workOrderId])).toEqual([]);
      const next = await post('/quality-inspections', {
        referenceType: 'receipt',
        referenceId: fgReceiptId,
        itemId: item.FG,
        sampleSize: '1',
      }).expect(201);
      expect(next.body.number).toBe('QI-00009');
    });
  });

  it('completes an inspection once when two completions race: one 200, one 409, one completed event', async () => {
    const pending = (
      await post('/quality-inspections', {
        referenceType: 'receipt',
        referenceId: fgReceiptId,
        itemId: item.RAW,
        sampleSize: '1',
        parameters: [{ name: 'Dry', kind: 'boolean', expected: true }],
      }).expect(201)
    ).body;
    const complete = (value: boolean) =>
      post(`/quality-inspections/${pending.id}/complete`, { readings: [{ name: 'Dry', values: [value] }] });
    const answers = await Promise.all([complete(true), complete(false)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const winner = answers.find((answer) => answer.status === 200)!;
    const loser = answers.find((answer) => answer.status === 409)!;
    expect(loser.body).toMatchObject({ error: 'invalid_state_transition', from: winner.body.status });
    expect((await eventsAbout(pending.id)).map((event) => event.type)).toEqual([
      'quality_inspection.created',
      'quality_inspection.completed',
    ]);
  });

  describe('stats', () => {
    let statsUser: SignedInUser;
    const statsItem: Record<string, string> = {};

    /**
     * Hand-made data in another tenant, created through the API and then dated with SQL:
     *   i0 A 2026-01-29 23:59:59Z Passed   (before `from`)
     *   i1 A 2026-01-30 10:00Z    Passed   W05, January
     *   i2 A 2026-01-31 23:30Z    Failed   W05, January
     *   i3 B 2026-02-01 00:10Z    Passed   W05 (Sunday), February
     *   i4 B 2026-02-02 12:00Z    Pending  W06 (Monday), February
     *   i5 A 2026-02-02 08:00Z    Passed   W06, February
     *   i6 C 2026-02-10 09:00Z    Pending  W07, February
     *   i7 A 2026-03-01 00:00Z    Passed   (after `to`)
     */
    beforeAll(async () => {
      statsUser = await registerUser(t, 'quality-stats');
      for (const sku of ['A', 'B', 'C']) statsItem[sku] = await createItem(statsUser, sku);
      const store = (await post('/warehouses', { code: 'S', name: 'S', kind: 'internal' }, statsUser).expect(201)).body
        .id;
      const receipt = (
        await post(
          '/stock/adjustments',
          {
            warehouseId: store,
            reason: 'in',
            lines: ['A', 'B', 'C'].map((sku) => ({ itemId: statsItem[sku], quantity: '9' })),
          },
          statsUser,
        ).expect(201)
      ).body.id;
      const plan: [string, string, 'Passed' | 'Failed' | 'Pending'][] = [
        ['A', '2026-01-29T23:59:59Z', 'Passed'],
        ['A', '2026-01-30T10:00:00Z', 'Passed'],
        ['A', '2026-01-31T23:30:00Z', 'Failed'],
        ['B', '2026-02-01T00:10:00Z', 'Passed'],
        ['B', '2026-02-02T12:00:00Z', 'Pending'],
        ['A', '2026-02-02T08:00:00Z', 'Passed'],
        ['C', '2026-02-10T09:00:00Z', 'Pending'],
        ['A', '2026-03-01T00:00:00Z', 'Passed'],
      ];
      for (const [sku, createdAt, status] of plan) {
        const inspection = (
          await post(
            '/quality-inspections',
            {
              referenceType: 'receipt',
              referenceId: receipt,
              itemId: statsItem[sku],
              sampleSize: '1',
              parameters: [{ name: 'Sealed', kind: 'boolean', expected: true }],
            },
            statsUser,
          ).expect(201)
        ).body;
        if (status !== 'Pending') {
          await post(
            `/quality-inspections/${inspection.id}/complete`,
            { readings: [{ name: 'Sealed', values: [status === 'Passed'] }] },
            statsUser,
          ).expect(200);
        }
        await t.sql(`UPDATE quality_inspections SET created_at = $1 WHERE id = $2`, [createdAt, inspection.id]);
      }
    }, 60_000);

    const stats = (query: string, user: { token: string } = statsUser) =>
      get(`/quality-inspections/stats?from=2026-01-30&to=2026-02-28&${query}`, user);
    const row = (total: number, passed: number, failed: number, pending: number, passRate: string | null) => ({
      total,
      passed,
      failed,
      pending,
      passRate,
    });

    it('groups by day in UTC, leaving out days without inspections', async () => {
      const res = await stats('groupBy=day').expect(200);
      expect(res.body).toEqual({
        from: '2026-01-30',
        to: '2026-02-28',
        groupBy: 'day',
        data: [
          { period: '2026-01-30', ...row(1, 1, 0, 0, '100.0000') },
          { period: '2026-01-31', ...row(1, 0, 1, 0, '0.0000') },
          { period: '2026-02-01', ...row(1, 1, 0, 0, '100.0000') },
          { period: '2026-02-02', ...row(2, 1, 0, 1, '100.0000') },
          { period: '2026-02-10', ...row(1, 0, 0, 1, null) },
        ],
      });
    });

    it('groups by ISO week (Monday first) across the month boundary', async () => {
      // A viewer reads the stats too.
      const res = await stats('groupBy=week', { token: await viewerToken(t, statsUser) }).expect(200);
      expect(res.body.data).toEqual([
        { period: '2026-W05', ...row(3, 2, 1, 0, '66.6667') },
        { period: '2026-W06', ...row(2, 1, 0, 1, '100.0000') },
        { period: '2026-W07', ...row(1, 0, 0, 1, null) },
      ]);
    });

    it('groups by month', async () => {
      const res = await stats('groupBy=month').expect(200);
      expect(res.body.data).toEqual([
        { period: '2026-01', ...row(2, 1, 1, 0, '50.0000') },
        { period: '2026-02', ...row(4, 2, 0, 2, '100.0000') },
      ]);
    });

    it('groups by item', async () => {
      const res = await stats('groupBy=item').expect(200);
      const expected = [
        { itemId: statsItem.A, ...row(3, 2, 1, 0, '66.6667') },
        { itemId: statsItem.B, ...row(2, 1, 0, 1, '100.0000') },
        { itemId: statsItem.C, ...row(1, 0, 0, 1, null) },
      ].sort((a, b) => a.itemId.localeCompare(b.itemId));
      expect(res.body.data).toEqual(expected);
    });

    it('counts the bounding days in full and nothing of another tenant', async () => {
      const wide = await get(
        '/quality-inspections/stats?from=2026-01-29&to=2026-03-01&groupBy=month',
        statsUser,
      ).expect(200);
      expect(wide.body.data).toEqual([
        { period: '2026-01', ...row(3, 2, 1, 0, '66.6667') },
        { period: '2026-02', ...row(4, 2, 0, 2, '100.0000') },
        { period: '2026-03', ...row(1, 1, 0, 0, '100.0000') },
      ]);
      expect((await stats('groupBy=month', owner).expect(200)).body.data).toEqual([]);
    });

    it('defaults to the last 30 days by day, and refuses bad ranges and groupings', async () => {
      const res = await get('/quality-inspections/stats', statsUser).expect(200);
      expect(res.body.groupBy).toBe('day');
      const days = (Date.parse(res.body.to) - Date.parse(res.body.from)) / 86_400_000 + 1;
      expect(days).toBe(30);
      expect(res.body.data).toEqual([]);
      for (const query of [
        'from=2026-02-02&to=2026-02-01',
        'from=2020-01-01&to=2026-01-01',
        'from=2026-02-30',
        'from=2026-02-01T00:00:00Z',
        'groupBy=year',
        'groupBy=item&unknown=1',
      ]) {
        const refused = await get(`/quality-inspections/stats?${query}`, statsUser).expect(400);
        expect(refused.body.error).toBe('validation_failed');
      }
      await t.http().get('/quality-inspections/stats').expect(401);
    });
  });
});
