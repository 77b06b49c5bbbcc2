import { Dec, DecimalInput, formatMoney, formatQuantity, sumDecimals } from '@app/platform';

/** How deep an explosion or a where-used walk goes; deeper structures are cut off there. */
export const MAX_BOM_DEPTH = 32;

/**
 * The most nodes an explosion `tree` or a where-used answer lists. The paths through a BOM graph can grow
 * exponentially with its depth (ten lines of a sub-assembly, six levels: a million nodes) while the aggregated
 * requirements grow with its lines, so beyond this the answer is refused and the aggregated items stay available.
 */
export const MAX_TREE_NODES = 10_000;

/** Whether a tree of `nodes` nodes (counted in SQL, possibly beyond any JS number) is over the cap. */
export function exceedsNodeCap(nodes: bigint): boolean {
  return nodes > BigInt(MAX_TREE_NODES);
}

/**
 * What one line needs for `parentQuantity` units of its BOM's item (API.md §7):
 * `parentQuantity / bom.quantity × line.quantity × (1 + scrapPercent / 100)`.
 */
export function lineRequirement(
  parentQuantity: DecimalInput,
  bomQuantity: DecimalInput,
  lineQuantity: DecimalInput,
  scrapPercent: DecimalInput,
): Dec {
  return new Dec(parentQuantity)
    .div(bomQuantity)
    .times(lineQuantity)
    .times(new Dec(1).plus(new Dec(scrapPercent).div(100)));
}

/** What producing `quantity` of a BOM's item needs of each direct component (one line per item). */
export function componentRequirements(
  bom: {
    quantity: DecimalInput;
    lines: readonly { itemId: string; quantity: DecimalInput; scrapPercent: DecimalInput }[];
  },
  quantity: DecimalInput,
): { itemId: string; required: Dec }[] {
  return bom.lines.map((line) => ({
    itemId: line.itemId,
    required: lineRequirement(quantity, bom.quantity, line.quantity, line.scrapPercent),
  }));
}

export interface ExplodedNode {
  itemId: string;
  /** Set when the node is exploded further. */
  bomId: string | null;
  quantity: DecimalInput;
}

export interface LeafRequirement {
  itemId: string;
  quantity: Dec;
}

/** The leaves of an explosion summed per item, in the order each item first appears. */
export function aggregateLeaves(nodes: readonly ExplodedNode[]): LeafRequirement[] {
  const totals = new Map<string, Dec>();
  for (const node of nodes) {
    if (node.bomId) continue;
    totals.set(node.itemId, (totals.get(node.itemId) ?? new Dec(0)).plus(node.quantity));
  }
  return [...totals].map(([itemId, quantity]) => ({ itemId, quantity }));
}

/** What is missing of a requirement in a warehouse: never negative. */
export function shortageOf(required: DecimalInput, available: DecimalInput): Dec {
  return Dec.max(new Dec(required).minus(available), 0);
}

export interface CostedBom {
  id: string;
  itemId: string;
  quantity: string;
  lines: { itemId: string; quantity: string; scrapPercent: string }[];
  operations: { minutes: string; hourlyRate: string }[];
  byProducts: { costSharePercent: string }[];
}

export interface CostRollUp {
  material: Dec;
  operation: Dec;
  byProductShare: Dec;
  total: Dec;
  unitCost: Dec;
  lines: { itemId: string; quantity: Dec; unitCost: Dec; amount: Dec; bomId: string | null }[];
}

/**
 * The standard cost of a BOM per batch and per unit: components at their valuation rate, or — when they have a
 * default BOM — at that BOM's rolled-up unit cost; operations at `minutes / 60 × hourlyRate`; by-products take
 * their share of material + operation. `defaultBomOf` answers the default BOM of a component; `visiting` guards
 * against a cycle that slipped in (a component already being costed is taken at its valuation rate).
 */
export function rollUpCost(
  bom: CostedBom,
  defaultBomOf: (itemId: string) => CostedBom | undefined,
  valuationRateOf: (itemId: string) => DecimalInput,
  memo = new Map<string, CostRollUp>(),
  visiting = new Set<string>(),
): CostRollUp {
  const known = memo.get(bom.id);
  if (known) return known;
  visiting.add(bom.id);
  const lines = bom.lines.map((line) => {
    const quantity = lineRequirement(bom.quantity, bom.quantity, line.quantity, line.scrapPercent);
    const sub = defaultBomOf(line.itemId);
    const rolled = sub && !visiting.has(sub.id);
    const unitCost = rolled
      ? rollUpCost(sub, defaultBomOf, valuationRateOf, memo, visiting).unitCost
      : new Dec(valuationRateOf(line.itemId));
    return { itemId: line.itemId, quantity, unitCost, amount: quantity.times(unitCost), bomId: rolled ? sub.id : null };
  });
  visiting.delete(bom.id);
  const material = sumDecimals(lines.map((line) => line.amount));
  const operation = sumDecimals(bom.operations.map((op) => new Dec(op.minutes).div(60).times(op.hourlyRate)));
  const total = material.plus(operation);
  const shares = sumDecimals(bom.byProducts.map((byProduct) => byProduct.costSharePercent));
  const byProductShare = total.times(shares).div(100);
  const result = {
    material,
    operation,
    byProductShare,
    total,
    unitCost: total.minus(byProductShare).div(bom.quantity),
    lines,
  };
  memo.set(bom.id, result);
  return result;
}

/** The roll-up as the API shows it: money to 4 places, quantities to 6. */
export function formatCost(rollUp: CostRollUp) {
  return {
    material: formatMoney(rollUp.material),
    operation: formatMoney(rollUp.operation),
    byProductShare: formatMoney(rollUp.byProductShare),
    total: formatMoney(rollUp.total),
    unitCost: formatMoney(rollUp.unitCost),
    lines: rollUp.lines.map((line) => ({
      itemId: line.itemId,
      quantity: formatQuantity(line.quantity),
      unitCost: formatMoney(line.unitCost),
      amount: formatMoney(line.amount),
      bomId: line.bomId,
    })),
  };
}
