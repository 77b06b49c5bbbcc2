import { documentReads, type DocumentShape } from '../document-reads';
import type { Bom } from './bom.entities';
import { type BomChildren, type BomModel, toBomModel } from './bom.models';

/** A BOM with its lines, operations and by-products, as one row. */
const SHAPE: DocumentShape = {
  table: 'boms',
  filters: { itemId: 'item_id', status: 'status' },
  columns: { itemId: 'item_id', code: 'code', quantity: 'quantity', uom: 'uom', isDefault: 'is_default' },
  parentKey: { property: 'bomId', column: 'bom_id' },
  children: {
    lines: {
      table: 'bom_lines',
      columns: {
        itemId: 'item_id',
        quantity: 'quantity::text',
        uom: 'uom',
        scrapPercent: 'scrap_percent::text',
        rate: 'rate::text',
      },
    },
    operations: {
      table: 'bom_operations',
      columns: { name: 'name', workstation: 'workstation', minutes: 'minutes::text', hourlyRate: 'hourly_rate::text' },
    },
    byProducts: {
      table: 'bom_by_products',
      columns: { itemId: 'item_id', quantity: 'quantity::text', costSharePercent: 'cost_share_percent::text' },
    },
  },
};

type BomRow = Bom & BomChildren & Record<string, unknown>;

/** A BOM with its children by id (`404` when it is not the tenant's) and a page of them, each in one round trip. */
export const bomReads = documentReads(SHAPE, 'BOM', (row: BomRow): BomModel => toBomModel(row, row));
