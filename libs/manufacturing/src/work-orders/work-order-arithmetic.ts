import { Dec, DecimalInput, sumDecimals } from '@app/platform';
import { componentRequirements } from '../bom';

/**
 * The arithmetic of API.md §7 "Work orders" as pure decimal functions: what an order of `quantity` needs and makes
 * (from a BOM or a recipe), its planned cost, backflushed consumption and the cost of a completion shared between
 * the finished goods and the by-/co-products.
 */

export interface PlannedComponent {
  itemId: string;
  required: Dec;
}

export interface PlannedOperation {
  name: string;
  /** Minutes for the order's full quantity. */
  minutes: Dec;
  hourlyRate: Dec;
}

export interface PlannedCoOutput {
  itemId: string;
  /** Received per unit of the primary output produced. */
  perUnit: Dec;
  costSharePercent: Dec;
}

export interface ProductionPlan {
  components: PlannedComponent[];
  operations: PlannedOperation[];
  coOutputs: PlannedCoOutput[];
}

interface BomInput {
  quantity: DecimalInput;
  lines: readonly { itemId: string; quantity: DecimalInput; scrapPercent: DecimalInput }[];
  operations: readonly { name: string; minutes: DecimalInput; hourlyRate: DecimalInput }[];
  byProducts: readonly { itemId: string; quantity: DecimalInput; costSharePercent: DecimalInput }[];
}

interface RecipeInput {
  yieldPercent: DecimalInput;
  outputs: readonly { itemId: string; quantity: DecimalInput; isPrimary: boolean; costSharePercent: DecimalInput }[];
  ingredients: readonly { itemId: string; quantity: DecimalInput }[];
  steps: readonly { name: string; minutes: DecimalInput; hourlyRate: DecimalInput }[];
}

/** Requirements summed per item, in the order each item first appears. */
function mergeByItem(components: readonly PlannedComponent[]): PlannedComponent[] {
  const totals = new Map<string, Dec>();
  for (const { itemId, required } of components) totals.set(itemId, (totals.get(itemId) ?? new Dec(0)).plus(required));
  return [...totals].map(([itemId, required]) => ({ itemId, required }));
}

function scaledOperations(
  operations: readonly { name: string; minutes: DecimalInput; hourlyRate: DecimalInput }[],
  batches: Dec,
): PlannedOperation[] {
  return operations.map((operation) => ({
    name: operation.name,
    minutes: batches.times(operation.minutes),
    hourlyRate: new Dec(operation.hourlyRate),
  }));
}

/** A BOM order of `quantity`: `quantity / bom.quantity` batches; lines with scrap; by-products per batch. */
export function planFromBom(bom: BomInput, quantity: DecimalInput): ProductionPlan {
  const batches = new Dec(quantity).div(bom.quantity);
  return {
    components: mergeByItem(componentRequirements(bom, quantity)),
    operations: scaledOperations(bom.operations, batches),
    coOutputs: bom.byProducts.map((byProduct) => ({
      itemId: byProduct.itemId,
      perUnit: new Dec(byProduct.quantity).div(bom.quantity),
      costSharePercent: new Dec(byProduct.costSharePercent),
    })),
  };
}

/** Batches of a recipe for `quantity` of its primary output: `Q / (primary.quantity × yieldPercent / 100)`. */
export function recipeBatches(quantity: DecimalInput, primaryQuantity: DecimalInput, yieldPercent: DecimalInput): Dec {
  return new Dec(quantity).div(new Dec(primaryQuantity).times(yieldPercent).div(100));
}

/** A recipe order: ingredients and steps per batch; co-products per unit of the primary at 100 % yield. */
export function planFromRecipe(recipe: RecipeInput, quantity: DecimalInput): ProductionPlan {
  const primary = recipe.outputs.find((output) => output.isPrimary);
  if (!primary) throw new Error('A recipe has exactly one primary output');
  const batches = recipeBatches(quantity, primary.quantity, recipe.yieldPercent);
  return {
    components: mergeByItem(
      recipe.ingredients.map((ingredient) => ({
        itemId: ingredient.itemId,
        required: batches.times(ingredient.quantity),
      })),
    ),
    operations: scaledOperations(recipe.steps, batches),
    coOutputs: recipe.outputs
      .filter((output) => !output.isPrimary)
      .map((output) => ({
        itemId: output.itemId,
        perUnit: new Dec(output.quantity).div(primary.quantity),
        costSharePercent: new Dec(output.costSharePercent),
      })),
  };
}

export function totalMinutes(operations: readonly { minutes: DecimalInput }[]): Dec {
  return sumDecimals(operations.map((operation) => operation.minutes));
}

/** Cost of operations over `minutes` each: `minutes / 60 × hourlyRate`. */
function operationCost(operations: readonly { minutes: DecimalInput; hourlyRate: DecimalInput }[]): Dec {
  return sumDecimals(operations.map((operation) => new Dec(operation.minutes).div(60).times(operation.hourlyRate)));
}

export interface PlannedCost {
  material: Dec;
  operation: Dec;
  total: Dec;
}

/** The cost frozen at release: every requirement at its valuation rate of that moment, operations as planned. */
export function plannedCost(
  components: readonly { itemId: string; required: DecimalInput }[],
  operations: readonly { minutes: DecimalInput; hourlyRate: DecimalInput }[],
  rateOf: (itemId: string) => DecimalInput,
): PlannedCost {
  const material = sumDecimals(
    components.map((component) => new Dec(component.required).times(rateOf(component.itemId))),
  );
  const operation = operationCost(operations);
  return { material, operation, total: material.plus(operation) };
}

/** Backflush: what producing `produced` of an order of `quantity` uses of a requirement, `required × produced / quantity`. */
export function backflushed(required: DecimalInput, quantity: DecimalInput, produced: DecimalInput): Dec {
  return new Dec(required).times(produced).div(quantity);
}

export interface OutputQuantity {
  itemId: string;
  kind: 'primary' | 'by_product';
  quantity: Dec;
  /** The share of the production cost a by-/co-product takes; the finished goods take the rest. */
  costSharePercent: Dec;
}

/**
 * What a completion of `produced` receives: the finished goods, and each by-/co-product at `produced × perUnit`
 * (rounded by `roundQuantity` the way its column stores it, so its value is shared over what is booked; one that
 * rounds to nothing is not received).
 */
export function outputQuantities(
  itemId: string,
  produced: DecimalInput,
  coOutputs: readonly { itemId: string; perUnit: DecimalInput; costSharePercent: DecimalInput }[],
  roundQuantity: (quantity: Dec) => Dec,
): OutputQuantity[] {
  const coProducts = coOutputs
    .map((output) => ({
      itemId: output.itemId,
      kind: 'by_product' as const,
      quantity: roundQuantity(new Dec(produced).times(output.perUnit)),
      costSharePercent: new Dec(output.costSharePercent),
    }))
    .filter((output) => output.quantity.gt(0));
  const shares = sumDecimals(coProducts.map((output) => output.costSharePercent));
  return [
    { itemId, kind: 'primary', quantity: new Dec(produced), costSharePercent: new Dec(100).minus(shares) },
    ...coProducts,
  ];
}

export interface ProducedOutput extends OutputQuantity {
  /** Its share of the production cost. */
  value: Dec;
  unitCost: Dec;
}

export interface CompletionCost {
  material: Dec;
  operation: Dec;
  byProductShare: Dec;
  total: Dec;
  /** Of the finished goods: `total × (1 − Σ shares / 100) / producedQuantity`. */
  unitCost: Dec;
  outputs: ProducedOutput[];
}

export interface CompletionInput {
  /** What was consumed, at the valuation rate it was issued at. */
  consumed: readonly { quantity: DecimalInput; rate: DecimalInput }[];
  /** The planned operations for the full quantity; each one's cost is scaled by `actualMinutes / plannedMinutes`. */
  operations: readonly { minutes: DecimalInput; hourlyRate: DecimalInput }[];
  actualMinutes: DecimalInput;
  /** From `outputQuantities`: the finished goods first. */
  outputs: readonly OutputQuantity[];
}

/**
 * The cost of a completion: material = Σ consumed × rate; operation = the planned operations scaled to the actual
 * minutes; each by-/co-product takes `total × costSharePercent / 100`, the finished goods the rest.
 */
export function completionCost(input: CompletionInput): CompletionCost {
  const material = sumDecimals(input.consumed.map((line) => new Dec(line.quantity).times(line.rate)));
  const planned = totalMinutes(input.operations);
  const operation = planned.isZero()
    ? new Dec(0)
    : operationCost(input.operations).times(input.actualMinutes).div(planned);
  const total = material.plus(operation);
  const [primary, ...coProducts] = input.outputs;
  const shared = coProducts.map((output) => {
    const value = total.times(output.costSharePercent).div(100);
    return { ...output, value, unitCost: value.div(output.quantity) };
  });
  const byProductShare = sumDecimals(shared.map((output) => output.value));
  const primaryValue = total.minus(byProductShare);
  const unitCost = primaryValue.div(primary.quantity);
  return {
    material,
    operation,
    byProductShare,
    total,
    unitCost,
    outputs: [{ ...primary, value: primaryValue, unitCost }, ...shared],
  };
}
