import { ApiDecimal, ApiInteger, ApiUuid, Internal, formatMoney, formatPercent, formatQuantity } from '@app/platform';
import type { DocumentStatus } from '../document.entity';
import type { Bom, BomByProduct, BomLine, BomOperation } from './bom.entities';

export class BomLineModel {
  @ApiUuid()
  itemId!: string;
  @ApiDecimal()
  quantity!: string;
  uom!: string;
  @ApiDecimal()
  scrapPercent!: string;
  /** The unit cost noted on the line (the component's valuation rate when it was saved, unless given). */
  @ApiDecimal()
  rate!: string | null;
}

export class BomOperationModel {
  name!: string;
  workstation!: string | null;
  @ApiDecimal()
  minutes!: string;
  @ApiDecimal()
  hourlyRate!: string;
}

export class BomByProductModel {
  @ApiUuid()
  itemId!: string;
  @ApiDecimal()
  quantity!: string;
  @ApiDecimal()
  costSharePercent!: string;
}

export class BomModel {
  @ApiUuid()
  id!: string;
  @ApiUuid()
  itemId!: string;
  code!: string;
  @ApiDecimal()
  quantity!: string;
  uom!: string;
  isDefault!: boolean;
  status!: DocumentStatus;
  /** Optimistic lock: send it back on PATCH; a stale one is a `409 conflict`. */
  @ApiInteger()
  version!: number;
  lines!: BomLineModel[];
  operations!: BomOperationModel[];
  byProducts!: BomByProductModel[];
  createdAt!: Date;
  updatedAt!: Date;
  @Internal() createdBy!: string | null;
  @Internal() updatedBy!: string | null;
}

export interface BomChildren {
  lines: BomLine[];
  operations: BomOperation[];
  byProducts: BomByProduct[];
}

export function toBomModel(bom: Bom, children: BomChildren): BomModel {
  return Object.assign(new BomModel(), {
    id: bom.id,
    itemId: bom.itemId,
    code: bom.code,
    quantity: formatQuantity(bom.quantity),
    uom: bom.uom,
    isDefault: bom.isDefault,
    status: bom.status,
    version: bom.version,
    lines: children.lines.map((line) =>
      Object.assign(new BomLineModel(), {
        itemId: line.itemId,
        quantity: formatQuantity(line.quantity),
        uom: line.uom,
        scrapPercent: formatPercent(line.scrapPercent),
        rate: line.rate === null ? null : formatMoney(line.rate),
      }),
    ),
    operations: children.operations.map((operation) =>
      Object.assign(new BomOperationModel(), {
        name: operation.name,
        workstation: operation.workstation,
        minutes: formatQuantity(operation.minutes),
        hourlyRate: formatMoney(operation.hourlyRate),
      }),
    ),
    byProducts: children.byProducts.map((byProduct) =>
      Object.assign(new BomByProductModel(), {
        itemId: byProduct.itemId,
        quantity: formatQuantity(byProduct.quantity),
        costSharePercent: formatPercent(byProduct.costSharePercent),
      }),
    ),
    createdAt: bom.createdAt,
    updatedAt: bom.updatedAt,
    createdBy: bom.createdBy,
    updatedBy: bom.updatedBy,
  });
}

export class ExplosionItem {
  @ApiUuid()
  itemId!: string;
  @ApiDecimal()
  quantity!: string;
  @ApiDecimal()
  available?: string;
  @ApiDecimal()
  shortage?: string;
}

export class ExplosionNode {
  /** 1 for the BOM's direct components. */
  @ApiInteger()
  level!: number;
  @ApiUuid()
  itemId!: string;
  /** The active default BOM this node is exploded with; null for a leaf. */
  @ApiUuid()
  bomId!: string | null;
  @ApiDecimal()
  quantity!: string;
  /** BOM ids from the exploded BOM down to the BOM whose line this node is. */
  path!: string[];
}

export class BomExplosion {
  @ApiUuid()
  bomId!: string;
  @ApiUuid()
  itemId!: string;
  @ApiDecimal()
  quantity!: string;
  /** The leaves, aggregated per item. */
  items!: ExplosionItem[];
  /** Every node; absent when asked with `tree=false`. */
  tree?: ExplosionNode[];
}

export class WhereUsedEntry {
  @ApiUuid()
  bomId!: string;
  /** The item the BOM makes. */
  @ApiUuid()
  itemId!: string;
  @ApiInteger()
  level!: number;
  /** BOM ids from the one that uses the item directly up to this one. */
  path!: string[];
}

export class BomCostLine {
  @ApiUuid()
  itemId!: string;
  /** Per batch of the BOM, scrap included. */
  @ApiDecimal()
  quantity!: string;
  @ApiDecimal()
  unitCost!: string;
  @ApiDecimal()
  amount!: string;
  /** The default BOM the unit cost was rolled up from; null when it is the item's valuation rate. */
  @ApiUuid()
  bomId!: string | null;
}

export class BomCost {
  @ApiUuid()
  bomId!: string;
  @ApiUuid()
  itemId!: string;
  /** The batch the figures are for (the BOM's quantity). */
  @ApiDecimal()
  quantity!: string;
  @ApiDecimal()
  material!: string;
  @ApiDecimal()
  operation!: string;
  @ApiDecimal()
  byProductShare!: string;
  /** material + operation, per batch. */
  @ApiDecimal()
  total!: string;
  /** (total − byProductShare) / quantity: the standard cost of one unit. */
  @ApiDecimal()
  unitCost!: string;
  lines!: BomCostLine[];
}
