import { Injectable } from '@nestjs/common';
import { ItemKind, ItemsService, StockMovements, WarehousesService } from '@app/inventory';
import {
  BomService,
  QualityTemplatesService,
  RecipeService,
  SubcontractOrdersService,
  WorkOrdersService,
} from '@app/manufacturing';
import type { TenantContext, UnitOfWork } from '@app/platform';

/** Items of the demo: sku → name, uom, kind and opening valuation rate. */
const DEMO_ITEMS: Record<string, [name: string, uom: string, kind: ItemKind, rate: string]> = {
  'BIKE-CITY': ['City bicycle', 'pcs', 'finished', '0'],
  'FRAME-ASSY': ['Frame assembly', 'pcs', 'sub-assembly', '0'],
  'WHEEL-ASSY': ['Wheel assembly', 'pcs', 'sub-assembly', '0'],
  'HUB-ASSY': ['Hub assembly', 'pcs', 'sub-assembly', '0'],
  'ALU-TUBE': ['Aluminium tube 28 mm', 'm', 'raw', '6.5000'],
  'WELD-WIRE': ['Welding wire', 'kg', 'raw', '12.0000'],
  'POWDER-COAT': ['Powder coat, black', 'kg', 'raw', '18.0000'],
  'ALU-OFFCUT': ['Aluminium offcuts', 'kg', 'raw', '1.2000'],
  'RIM-700C': ['Rim 700c', 'pcs', 'raw', '14.0000'],
  'SPOKE-SS': ['Stainless spoke', 'pcs', 'raw', '0.3500'],
  'TYRE-700C': ['Tyre 700x35c', 'pcs', 'raw', '11.0000'],
  'TUBE-700C': ['Inner tube 700c', 'pcs', 'raw', '3.2000'],
  'HUB-SHELL': ['Hub shell', 'pcs', 'raw', '7.5000'],
  'BEARING-6001': ['Bearing 6001', 'pcs', 'raw', '1.8000'],
  'AXLE-100': ['Axle 100 mm', 'pcs', 'raw', '2.4000'],
  HANDLEBAR: ['Handlebar, riser', 'pcs', 'raw', '9.0000'],
  'BOLT-M6': ['Bolt M6x16', 'pcs', 'raw', '0.0800'],
  'LUBE-CHAIN': ['Chain lubricant', 'l', 'finished', '0'],
  'LUBE-RESIDUE': ['Lubricant residue', 'kg', 'raw', '0'],
  'BASE-OIL': ['Base oil', 'l', 'raw', '2.1000'],
  'PTFE-ADD': ['PTFE additive', 'kg', 'raw', '24.0000'],
  'BOTTLE-100': ['Bottle 100 ml', 'pcs', 'raw', '0.1500'],
};

/** Stock on hand: warehouse code → sku → quantity (received at the item's rate). */
const DEMO_STOCK: Record<string, Record<string, string>> = {
  STORES: {
    'ALU-TUBE': '120',
    'WELD-WIRE': '8',
    'POWDER-COAT': '6',
    'RIM-700C': '30',
    'SPOKE-SS': '900',
    'TYRE-700C': '24',
    'TUBE-700C': '40',
    'HUB-SHELL': '24',
    'BEARING-6001': '40',
    'AXLE-100': '24',
    HANDLEBAR: '15',
    'BOLT-M6': '500',
    'BASE-OIL': '200',
    'PTFE-ADD': '10',
    'BOTTLE-100': '400',
  },
  LINE: { 'SPOKE-SS': '120', 'BOLT-M6': '200', 'BEARING-6001': '6' },
};

/**
 * The manufacturing part of the demo tenant: a city bicycle whose BOM goes three levels deep (bicycle → wheel →
 * hub), scrap on some lines, a by-product, two warehouses with stock and a recipe with a co-product — so a
 * newcomer can call the explosion at once — work orders that built hubs, wheels, frames and lubricant, and
 * bicycles in every state (Completed, InProgress, Draft, Cancelled), so the reports have something to show; a
 * quality template for the bicycle, so completing a work order of it creates a Pending inspection; and a
 * subcontractor holding the parts of an open order. Runs in the seed's unit of work.
 */
@Injectable()
export class DemoManufacturingData {
  constructor(
    private readonly items: ItemsService,
    private readonly warehouses: WarehousesService,
    private readonly movements: StockMovements,
    private readonly boms: BomService,
    private readonly recipes: RecipeService,
    private readonly qualityTemplates: QualityTemplatesService,
    private readonly subcontractOrders: SubcontractOrdersService,
    private readonly workOrders: WorkOrdersService,
  ) {}

  async create(unitOfWork: UnitOfWork, tenant: TenantContext): Promise<void> {
    const id: Record<string, string> = {};
    for (const [sku, [name, uom, kind, valuationRate]] of Object.entries(DEMO_ITEMS)) {
      id[sku] = (await this.items.createWithin(unitOfWork, tenant, { sku, name, uom, kind, valuationRate })).id;
    }
    const stores = await this.warehouses.createWithin(unitOfWork, tenant, {
      code: 'STORES',
      name: 'Main stores',
      kind: 'internal',
    });
    const line = await this.warehouses.createWithin(unitOfWork, tenant, {
      code: 'LINE',
      name: 'Assembly line',
      kind: 'internal',
    });
    const warehouseIds: Record<string, string> = { STORES: stores.id, LINE: line.id };
    for (const [code, stock] of Object.entries(DEMO_STOCK)) {
      await this.movements.move(unitOfWork, tenant, {
        referenceType: 'opening_stock',
        referenceId: warehouseIds[code],
        lines: Object.entries(stock).map(([sku, quantity]) => ({
          itemId: id[sku],
          warehouseId: warehouseIds[code],
          quantity,
          rate: DEMO_ITEMS[sku][3],
        })),
      });
    }

    const component = (sku: string, quantity: string, scrapPercent?: string) => ({
      itemId: id[sku],
      quantity,
      ...(scrapPercent && { scrapPercent }),
    });
    await this.boms.createWithin(unitOfWork, tenant, {
      itemId: id['HUB-ASSY'],
      code: 'BOM-HUB-ASSY',
      isDefault: true,
      lines: [component('HUB-SHELL', '1'), component('BEARING-6001', '2'), component('AXLE-100', '1')],
      operations: [{ name: 'Press bearings', workstation: 'Hub bench', minutes: '6', hourlyRate: '38' }],
    });
    await this.boms.createWithin(unitOfWork, tenant, {
      itemId: id['WHEEL-ASSY'],
      code: 'BOM-WHEEL-ASSY',
      isDefault: true,
      lines: [
        component('RIM-700C', '1'),
        component('SPOKE-SS', '32', '3'),
        component('HUB-ASSY', '1'),
        component('TYRE-700C', '1'),
        component('TUBE-700C', '1'),
      ],
      operations: [{ name: 'Lace and true', workstation: 'Wheel jig', minutes: '25', hourlyRate: '42' }],
    });
    // Frames are cut and welded in batches of 10; the offcuts are sold back to the supplier.
    await this.boms.createWithin(unitOfWork, tenant, {
      itemId: id['FRAME-ASSY'],
      code: 'BOM-FRAME-ASSY',
      quantity: '10',
      isDefault: true,
      lines: [component('ALU-TUBE', '60', '8'), component('WELD-WIRE', '2'), component('POWDER-COAT', '5', '10')],
      operations: [
        { name: 'Cut and weld', workstation: 'Weld cell', minutes: '600', hourlyRate: '55' },
        { name: 'Powder coat', workstation: 'Paint booth', minutes: '300', hourlyRate: '35' },
      ],
      byProducts: [{ itemId: id['ALU-OFFCUT'], quantity: '4', costSharePercent: '2' }],
    });
    await this.boms.createWithin(unitOfWork, tenant, {
      itemId: id['BIKE-CITY'],
      code: 'BOM-BIKE-CITY',
      isDefault: true,
      lines: [
        component('FRAME-ASSY', '1'),
        component('WHEEL-ASSY', '2'),
        component('HANDLEBAR', '1'),
        component('BOLT-M6', '12', '5'),
      ],
      operations: [{ name: 'Final assembly', workstation: 'Assembly line', minutes: '45', hourlyRate: '40' }],
    });
    const lube = await this.recipes.createWithin(unitOfWork, tenant, {
      code: 'RCP-LUBE-CHAIN',
      name: 'Chain lubricant, 10 l batch',
      yieldPercent: '96',
      outputs: [
        { itemId: id['LUBE-CHAIN'], quantity: '10', isPrimary: true },
        { itemId: id['LUBE-RESIDUE'], quantity: '0.4', isPrimary: false, costSharePercent: '1.5' },
      ],
      ingredients: [
        { itemId: id['BASE-OIL'], quantity: '9.6' },
        { itemId: id['PTFE-ADD'], quantity: '0.8' },
        { itemId: id['BOTTLE-100'], quantity: '100' },
      ],
      steps: [
        { name: 'Blend', minutes: '30', hourlyRate: '32' },
        { name: 'Fill and cap', minutes: '40', hourlyRate: '28' },
      ],
    });
    await this.qualityTemplates.createWithin(unitOfWork, tenant, {
      itemId: id['BIKE-CITY'],
      parameters: [
        { name: 'Wheel true, lateral runout (mm)', kind: 'numeric', max: '0.5' },
        { name: 'Saddle height range (mm)', kind: 'numeric', min: '700', max: '900' },
        { name: 'Brakes engage', kind: 'boolean', expected: true },
        { name: 'Frame colour', kind: 'text', expected: 'black' },
      ],
    });
    await this.createWorkOrders(unitOfWork, tenant, id, warehouseIds, lube.id);
    await this.createSubcontracting(unitOfWork, tenant, id, stores.id);
  }

  /**
   * Hubs are also pressed by a subcontractor: its supplier warehouse holds the hub parts of an open order for six
   * HUB-ASSY (issued, nothing received yet), so `GET /stock/balances?warehouseId=` shows what sits there.
   */
  private async createSubcontracting(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    id: Record<string, string>,
    storesId: string,
  ): Promise<void> {
    const hubworks = await this.warehouses.createWithin(unitOfWork, tenant, {
      code: 'SUB-HUBWORKS',
      name: 'Hubworks (subcontractor)',
      kind: 'supplier',
      supplierName: 'Hubworks Precision Ltd',
    });
    const order = await this.subcontractOrders.createWithin(unitOfWork, tenant, {
      supplierWarehouseId: hubworks.id,
      itemId: id['HUB-ASSY'],
      quantity: '6',
      sourceWarehouseId: storesId,
      targetWarehouseId: storesId,
      serviceRate: '4.5',
    });
    await this.subcontractOrders.submitWithin(unitOfWork, tenant, order.id);
    await this.subcontractOrders.issueMaterialsWithin(unitOfWork, tenant, order.id, {});
  }

  /** Sub-assemblies built bottom-up from the stores, then the bicycle in every state of a work order. */
  private async createWorkOrders(
    unitOfWork: UnitOfWork,
    tenant: TenantContext,
    id: Record<string, string>,
    warehouseIds: Record<string, string>,
    lubeRecipeId: string,
  ): Promise<void> {
    const order = (sku: string, quantity: string, extra: { recipeId?: string; targetWarehouseId?: string } = {}) =>
      this.workOrders.createWithin(unitOfWork, tenant, {
        itemId: id[sku],
        quantity,
        sourceWarehouseId: warehouseIds.STORES,
        targetWarehouseId: extra.targetWarehouseId ?? warehouseIds.STORES,
        ...(extra.recipeId && { recipeId: extra.recipeId }),
      });
    const completed = async (draft: { id: string }, actualMinutes?: string) => {
      await this.workOrders.releaseWithin(unitOfWork, tenant, draft.id);
      await this.workOrders.completeWithin(unitOfWork, tenant, draft.id, actualMinutes ? { actualMinutes } : {});
    };
    await completed(await order('HUB-ASSY', '6'));
    await completed(await order('WHEEL-ASSY', '6'), '160');
    await completed(await order('FRAME-ASSY', '10'));
    await completed(await order('LUBE-CHAIN', '19.2', { recipeId: lubeRecipeId }));
    const toLine = { targetWarehouseId: warehouseIds.LINE };
    await completed(await order('BIKE-CITY', '2', toLine));
    const inProgress = await order('BIKE-CITY', '1', toLine);
    await this.workOrders.releaseWithin(unitOfWork, tenant, inProgress.id);
    await order('BIKE-CITY', '5', toLine);
    const cancelled = await order('BIKE-CITY', '1', toLine);
    await this.workOrders.cancelWithin(unitOfWork, tenant, cancelled.id);
  }
}
