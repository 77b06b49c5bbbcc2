import { registerUser, SignedInUser } from './support/identity';
import { createTestApp, TestApp } from './support/test-app';

const auth = (user: { token: string }) => ({ Authorization: `Bearer ${user.token}` });
const missingId = '00000000-0000-4000-8000-000000000000';

interface Inspection {
  id: string;
  referenceType: string;
  referenceId: string;
  itemId: string;
  sampleSize: string;
  status: string;
  parameters: { name: string }[];
}

/**
 * The quality hook as the production modules call it (API.md §7 "Quality inspections"): completing a work order,
 * or posting a subcontract receipt, of an item with a template creates a Pending inspection in the same
 * transaction; an item without a template gets none, and a refused completion leaves none behind.
 */
describe('Quality inspections created by production', () => {
  let t: TestApp;
  let owner: SignedInUser;
  const item: Record<string, string> = {};
  let stores: string;
  let supplier: string;

  const post = (path: string, body: object = {}) => t.http().post(path).set(auth(owner)).send(body);
  const inspectionsOf = async (referenceId: string) =>
    (await t.http().get(`/quality-inspections?referenceId=${referenceId}`).set(auth(owner)).expect(200)).body
      .data as Inspection[];
  const createdEvents = async (inspectionId: string) =>
    t.sql(`SELECT 1 FROM webhook_events WHERE type = 'quality_inspection.created' AND data->>'id' = $1`, [
      inspectionId,
    ]);
  const workOrder = async (sku: string, quantity: string) =>
    (
      await post('/work-orders', {
        itemId: item[sku],
        quantity,
        sourceWarehouseId: stores,
        targetWarehouseId: stores,
      }).expect(201)
    ).body.id as string;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerUser(t, 'quality-production');
    for (const [sku, kind] of [
      ['FG', 'finished'],
      ['PLAIN', 'finished'],
      ['RAW', 'raw'],
    ]) {
      item[sku] = (await post('/items', { sku, name: sku, uom: 'pcs', kind }).expect(201)).body.id;
    }
    stores = (await post('/warehouses', { code: 'ST', name: 'Stores', kind: 'internal' }).expect(201)).body.id;
    supplier = (
      await post('/warehouses', { code: 'SUP', name: 'Sub', kind: 'supplier', supplierName: 'Acme' }).expect(201)
    ).body.id;
    await post('/stock/adjustments', {
      warehouseId: stores,
      reason: 'opening',
      lines: [{ itemId: item.RAW, quantity: '100', rate: '2' }],
    }).expect(201);
    for (const sku of ['FG', 'PLAIN']) {
      await post('/bom', { itemId: item[sku], isDefault: true, lines: [{ itemId: item.RAW, quantity: '1' }] }).expect(
        201,
      );
    }
    await post('/quality-inspections/templates', {
      itemId: item.FG,
      parameters: [{ name: 'Length (mm)', kind: 'numeric', min: '99.5', max: '100.5' }],
    }).expect(201);
  });
  afterAll(() => t.close());

  it('creates a Pending inspection of the lot when a work order of an item with a template completes', async () => {
    const id = await workOrder('FG', '3');
    await post(`/work-orders/${id}/release`).expect(200);
    await post(`/work-orders/${id}/complete`, { producedQuantity: '2' }).expect(200);
    const [inspection, ...more] = await inspectionsOf(id);
    expect(more).toEqual([]);
    expect(inspection).toMatchObject({
      referenceType: 'work_order',
      referenceId: id,
      itemId: item.FG,
      sampleSize: '2.000000',
      status: 'Pending',
      parameters: [expect.objectContaining({ name: 'Length (mm)' })],
    });
    expect(await createdEvents(inspection.id)).toHaveLength(1);
  });

  it('creates none for an item without a template, and none when the completion is refused', async () => {
    const plain = await workOrder('PLAIN', '1');
    await post(`/work-orders/${plain}/release`).expect(200);
    await post(`/work-orders/${plain}/complete`).expect(200);
    expect(await inspectionsOf(plain)).toEqual([]);

    const refused = await workOrder('FG', '1');
    await post(`/work-orders/${refused}/release`).expect(200);
    // More RAW than the stores hold: the whole completion rolls back, the inspection with it.
    await post(`/work-orders/${refused}/complete`, { consumed: [{ itemId: item.RAW, quantity: '1000' }] }).expect(422);
    expect(await inspectionsOf(refused)).toEqual([]);
  });

  it('creates a Pending inspection of each subcontract receipt of an item with a template', async () => {
    const order = (
      await post('/subcontract-orders', {
        supplierWarehouseId: supplier,
        itemId: item.FG,
        quantity: '4',
        sourceWarehouseId: stores,
        targetWarehouseId: stores,
        serviceRate: '1',
      }).expect(201)
    ).body.id as string;
    await post(`/subcontract-orders/${order}/submit`).expect(200);
    await post(`/subcontract-orders/${order}/issue-materials`).expect(200);
    const received = await post(`/subcontract-orders/${order}/receive`, {
      quantity: '3',
      rejectedQuantity: '1',
    }).expect(200);
    const receiptId = (received.body.receipts as { id: string }[])[0].id;
    const [inspection, ...more] = await inspectionsOf(receiptId);
    expect(more).toEqual([]);
    expect(inspection).toMatchObject({
      referenceType: 'subcontract_receipt',
      referenceId: receiptId,
      itemId: item.FG,
      sampleSize: '3.000000',
      status: 'Pending',
    });
    expect(await createdEvents(inspection.id)).toHaveLength(1);
  });

  it('lets a person inspect a work order or a receipt of the tenant by hand, and refuses one that does not exist', async () => {
    const id = await workOrder('FG', '1');
    const manual = await post('/quality-inspections', {
      referenceType: 'work_order',
      referenceId: id,
      itemId: item.FG,
      sampleSize: '1',
    }).expect(201);
    expect(manual.body).toMatchObject({ referenceType: 'work_order', referenceId: id, status: 'Pending' });
    for (const referenceType of ['work_order', 'subcontract_receipt']) {
      const res = await post('/quality-inspections', {
        referenceType,
        referenceId: missingId,
        itemId: item.FG,
        sampleSize: '1',
      }).expect(422);
      expect(res.body.error).toBe('unprocessable');
    }
  });
});
