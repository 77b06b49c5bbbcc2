import { Dec, formatMoney, formatQuantity } from '@app/platform';
import {
  backflushed,
  completionCost,
  outputQuantities,
  planFromBom,
  planFromRecipe,
  plannedCost,
  recipeBatches,
  totalMinutes,
} from './work-order-arithmetic';

const roundQuantity = (quantity: Dec) => new Dec(formatQuantity(quantity));

/** A batch of 2 FG: R1 × 4 with 10 % scrap, R2 × 1; 30 min @ 60/h and 15 min @ 40/h; BP × 0.5 taking 10 %. */
const bom = {
  quantity: '2',
  lines: [
    { itemId: 'R1', quantity: '4', scrapPercent: '10' },
    { itemId: 'R2', quantity: '1', scrapPercent: '0' },
  ],
  operations: [
    { name: 'Cut', minutes: '30', hourlyRate: '60' },
    { name: 'Assemble', minutes: '15', hourlyRate: '40' },
  ],
  byProducts: [{ itemId: 'BP', quantity: '0.5', costSharePercent: '10' }],
};

/** 10 l of lube at 96 % yield with 0.4 kg of residue taking 1.5 %. */
const recipe = {
  yieldPercent: '96',
  outputs: [
    { itemId: 'LUBE', quantity: '10', isPrimary: true, costSharePercent: '98.5' },
    { itemId: 'RES', quantity: '0.4', isPrimary: false, costSharePercent: '1.5' },
  ],
  ingredients: [
    { itemId: 'OIL', quantity: '9.6' },
    { itemId: 'ADD', quantity: '0.8' },
    { itemId: 'OIL', quantity: '0.4' },
  ],
  steps: [{ name: 'Blend', minutes: '30', hourlyRate: '32' }],
};

const figures = (values: Record<string, Dec>) =>
  Object.fromEntries(Object.entries(values).map(([key, value]) => [key, value.toString()]));

describe('work-order arithmetic', () => {
  it('plans a BOM order: 10 FG = 5 batches, R1 10 / 2 × 4 × 1.1 = 22, R2 5, 225 minutes, BP 0.25 per unit', () => {
    const plan = planFromBom(bom, '10');
    expect(plan.components.map((c) => [c.itemId, c.required.toString()])).toEqual([
      ['R1', '22'],
      ['R2', '5'],
    ]);
    expect(plan.operations.map((o) => o.minutes.toString())).toEqual(['150', '75']);
    expect(totalMinutes(plan.operations).toString()).toBe('225');
    expect(plan.coOutputs.map((o) => [o.itemId, o.perUnit.toString(), o.costSharePercent.toString()])).toEqual([
      ['BP', '0.25', '10'],
    ]);
  });

  it('plans a recipe order: 48 l = 48 / (10 × 0.96) = 5 batches, repeated ingredients merged', () => {
    expect(recipeBatches('48', '10', '96').toString()).toBe('5');
    const plan = planFromRecipe(recipe, '48');
    expect(plan.components.map((c) => [c.itemId, c.required.toString()])).toEqual([
      ['OIL', '50'],
      ['ADD', '4'],
    ]);
    expect(plan.operations[0].minutes.toString()).toBe('150');
    expect(plan.coOutputs.map((o) => [o.itemId, o.perUnit.toString()])).toEqual([['RES', '0.04']]);
  });

  it('freezes the planned cost: 22 × 2 + 5 × 10 = 94, 150/60 × 60 + 75/60 × 40 = 200', () => {
    const plan = planFromBom(bom, '10');
    const rates: Record<string, string> = { R1: '2', R2: '10' };
    expect(figures({ ...plannedCost(plan.components, plan.operations, (id) => rates[id]) })).toEqual({
      material: '94',
      operation: '200',
      total: '294',
    });
  });

  it('receives by-products at produced × perUnit, dropping one that rounds to nothing', () => {
    const outputs = outputQuantities(
      'FG',
      '4',
      [
        { itemId: 'BP', perUnit: '0.25', costSharePercent: '10' },
        { itemId: 'DUST', perUnit: '0.0000001', costSharePercent: '1' },
      ],
      roundQuantity,
    );
    expect(outputs.map((o) => [o.itemId, o.kind, o.quantity.toString(), o.costSharePercent.toString()])).toEqual([
      ['FG', 'primary', '4', '90'],
      ['BP', 'by_product', '1', '10'],
    ]);
  });

  it('backflushes required × produced / quantity', () => {
    expect(backflushed('22', '10', '4').toString()).toBe('8.8');
    expect(backflushed('1', '3', '1').toFixed(6)).toBe('0.333333');
  });

  it('shares a full completion: BP 2.5 units take 29.4, FG 264.6 over 10 = 26.46', () => {
    const plan = planFromBom(bom, '10');
    const cost = completionCost({
      consumed: [
        { quantity: '22', rate: '2' },
        { quantity: '5', rate: '10' },
      ],
      operations: plan.operations,
      actualMinutes: '225',
      outputs: outputQuantities('FG', '10', plan.coOutputs, roundQuantity),
    });
    expect(figures({ material: cost.material, operation: cost.operation, total: cost.total })).toEqual({
      material: '94',
      operation: '200',
      total: '294',
    });
    expect(cost.byProductShare.toString()).toBe('29.4');
    expect(cost.unitCost.toString()).toBe('26.46');
    expect(cost.outputs.map((o) => [o.itemId, o.kind, o.quantity.toString(), formatMoney(o.unitCost)])).toEqual([
      ['FG', 'primary', '10', '26.4600'],
      ['BP', 'by_product', '2.5', '11.7600'],
    ]);
  });

  it('scales every operation by actual / planned minutes: 4 of 10 in 90 minutes costs 200 × 90 / 225 = 80', () => {
    const plan = planFromBom(bom, '10');
    const cost = completionCost({
      consumed: [
        { quantity: '9', rate: '2' },
        { quantity: '1.5', rate: '10' },
      ],
      operations: plan.operations,
      actualMinutes: '90',
      outputs: outputQuantities('FG', '4', plan.coOutputs, roundQuantity),
    });
    expect(cost.operation.toString()).toBe('80');
    expect(cost.total.toString()).toBe('113');
    expect(cost.byProductShare.toString()).toBe('11.3');
    expect(cost.unitCost.toString()).toBe('25.425');
  });

  it('costs no operation when nothing was planned, and takes the whole cost for the finished goods without by-products', () => {
    const cost = completionCost({
      consumed: [{ quantity: '1', rate: '1' }],
      operations: [],
      actualMinutes: '30',
      outputs: outputQuantities('FG', '3', [], roundQuantity),
    });
    expect(cost.operation.isZero()).toBe(true);
    expect(formatMoney(cost.unitCost)).toBe('0.3333');
    expect(cost.outputs).toHaveLength(1);
  });
});
