import type { SignedInUser } from './identity';
import type { TestApp } from './test-app';

/** What the report scenario made: item and document ids by name. */
export interface ReportScenario {
  item: Record<'FG' | 'R1' | 'BP', string>;
  stores: string;
  finished: string;
  bomId: string;
  workOrders: [string, string];
  receiptId: string;
}

/**
 * The manufacturing-reports scenario, through the API, with the figures the report tests check by hand:
 *   BOM-FG makes 1 FG from R1 × 2 (valued at 5), Assemble 60 min @ 30/h, by-product BP × 1 taking a 10 % cost share.
 *   WO1: 10 FG, plannedEnd next year; planned 100 + 300 = 400; completed by default: material 100, operation 300,
 *        total 400, BP 10 worth 40, FG unit cost 400 × 0.9 / 10 = 36.
 *   WO2: 10 FG, plannedEnd 2020 (late); planned 400; completed at 8 with 18 R1 and 540 min: material 90,
 *        operation 270, total 360, BP 8 worth 36, FG unit cost 360 × 0.9 / 8 = 40.5.
 *   A subcontract order of 5 FG at a service rate of 12: 10 R1 issued, all 5 received: material 50, service 60,
 *   total 110, unit cost 22.
 *   Inspections (set up in SQL: the work-order and receipt references are wired into quality by the lead):
 *   WO1 Passed, WO2 Failed and one Pending, the receipt Failed.
 */
export async function seedReportScenario(t: TestApp, owner: SignedInUser): Promise<ReportScenario> {
  const bearer = { Authorization: `Bearer ${owner.token}` };
  const post = async (path: string, body: object = {}, status = 201) =>
    (await t.http().post(path).set(bearer).send(body).expect(status)).body as { id: string };
  const item = {
    FG: (await post('/items', { sku: 'FG', name: 'Finished', uom: 'pcs', kind: 'finished' })).id,
    R1: (await post('/items', { sku: 'R1', name: 'Raw', uom: 'pcs', kind: 'raw', valuationRate: '5' })).id,
    BP: (await post('/items', { sku: 'BP', name: 'By-product', uom: 'pcs', kind: 'raw' })).id,
  };
  const warehouse = async (code: string, kind: string) =>
    (await post('/warehouses', { code, name: code, kind, ...(kind === 'supplier' && { supplierName: 'Acme' }) })).id;
  const stores = await warehouse('STORES', 'internal');
  const finished = await warehouse('FGW', 'internal');
  const supplier = await warehouse('SUP', 'supplier');
  await post('/stock/adjustments', {
    warehouseId: stores,
    reason: 'opening',
    lines: [{ itemId: item.R1, quantity: '100' }],
  });
  const bomId = (
    await post('/bom', {
      itemId: item.FG,
      code: 'BOM-FG',
      quantity: '1',
      isDefault: true,
      lines: [{ itemId: item.R1, quantity: '2' }],
      operations: [{ name: 'Assemble', minutes: '60', hourlyRate: '30' }],
      byProducts: [{ itemId: item.BP, quantity: '1', costSharePercent: '10' }],
    })
  ).id;
  const workOrder = async (plannedEnd: string, completion: object) => {
    const { id } = await post('/work-orders', {
      itemId: item.FG,
      quantity: '10',
      sourceWarehouseId: stores,
      targetWarehouseId: finished,
      plannedEnd,
    });
    await post(`/work-orders/${id}/release`, {}, 200);
    await post(`/work-orders/${id}/complete`, completion, 200);
    return id;
  };
  const nextYear = `${new Date().getUTCFullYear() + 1}-01-01T00:00:00Z`;
  const workOrders: [string, string] = [
    await workOrder(nextYear, {}),
    await workOrder('2020-01-01T00:00:00Z', {
      producedQuantity: '8',
      consumed: [{ itemId: item.R1, quantity: '18' }],
      actualMinutes: '540',
    }),
  ];
  const order = await post('/subcontract-orders', {
    supplierWarehouseId: supplier,
    itemId: item.FG,
    quantity: '5',
    sourceWarehouseId: stores,
    targetWarehouseId: finished,
    serviceRate: '12',
  });
  await post(`/subcontract-orders/${order.id}/submit`, {}, 200);
  await post(`/subcontract-orders/${order.id}/issue-materials`, {}, 200);
  await post(`/subcontract-orders/${order.id}/receive`, { quantity: '5' }, 200);
  const [receipt] = await t.sql<{ id: string }>('SELECT id FROM subcontract_receipts WHERE subcontract_order_id = $1', [
    order.id,
  ]);
  const inspections: [string, string, string, string][] = [
    ['QI-1', 'work_order', workOrders[0], 'Passed'],
    ['QI-2', 'work_order', workOrders[1], 'Failed'],
    ['QI-3', 'work_order', workOrders[1], 'Pending'],
    ['QI-4', 'subcontract_receipt', receipt.id, 'Failed'],
  ];
  for (const [number, referenceType, referenceId, status] of inspections) {
    await t.sql(
      `INSERT INTO quality_inspections (org_id, entity_id, number, reference_type, reference_id, item_id, sample_size,
         status, parameters, inspected_at)
       VALUES ($1, $2, $3, $4, $5, $6, 1, $7::varchar, '[]', CASE WHEN $7::varchar = 'Pending' THEN NULL ELSE clock_timestamp() END)`,
      [owner.orgId, owner.entityId, number, referenceType, referenceId, item.FG, status],
    );
  }
  return { item, stores, finished, bomId, workOrders, receiptId: receipt.id };
}
