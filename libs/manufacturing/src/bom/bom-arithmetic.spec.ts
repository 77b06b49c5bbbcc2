import { Dec } from '@app/platform';
import {
  aggregateLeaves,
  componentRequirements,
  CostedBom,
  exceedsNodeCap,
  formatCost,
  lineRequirement,
  MAX_TREE_NODES,
  rollUpCost,
  shortageOf,
} from './bom-arithmetic';

describe('lineRequirement', () => {
  it('scales the line to the parent quantity and adds scrap: parent / batch × line × (1 + scrap / 100)', () => {
    expect(lineRequirement('10', '2', '3', '10').toString()).toBe('16.5');
    expect(lineRequirement('16.5', '1', '2', '5').toString()).toBe('34.65');
    expect(lineRequirement('34.65', '4', '2', '20').toString()).toBe('20.79');
    expect(lineRequirement('1', '1', '1', '0').toString()).toBe('1');
  });

  it('stays exact where binary floats drift', () => {
    // 0.1 × 3 in floating point is 0.30000000000000004.
    expect(lineRequirement('1', '1', '0.1', '200').toString()).toBe('0.3');
    expect(lineRequirement('0.3', '0.1', '0.7', '0').toString()).toBe('2.1');
  });
});

describe('aggregateLeaves', () => {
  it('sums the leaves per item in order of first appearance and skips exploded nodes', () => {
    const leaves = aggregateLeaves([
      { itemId: 'SA', bomId: 'bom-sa', quantity: '16.5' },
      { itemId: 'R3', bomId: null, quantity: '8.6625' },
      { itemId: 'R1', bomId: null, quantity: '20.79' },
      { itemId: 'R2', bomId: null, quantity: '8.25' },
      { itemId: 'R1', bomId: null, quantity: '20' },
    ]);
    expect(leaves.map((leaf) => [leaf.itemId, leaf.quantity.toString()])).toEqual([
      ['R3', '8.6625'],
      ['R1', '40.79'],
      ['R2', '8.25'],
    ]);
  });
});

describe('exceedsNodeCap', () => {
  it('lets the cap itself through and refuses one node more', () => {
    expect(exceedsNodeCap(BigInt(MAX_TREE_NODES))).toBe(false);
    expect(exceedsNodeCap(BigInt(MAX_TREE_NODES) + 1n)).toBe(true);
  });

  it('compares path counts far beyond a JavaScript number exactly', () => {
    expect(exceedsNodeCap(10n ** 32n)).toBe(true);
    expect(exceedsNodeCap(0n)).toBe(false);
  });
});

describe('shortageOf', () => {
  it('is what is missing, never negative', () => {
    expect(shortageOf('40.79', '30').toString()).toBe('10.79');
    expect(shortageOf('8.25', '10').toString()).toBe('0');
  });
});

describe('rollUpCost', () => {
  const sb: CostedBom = {
    id: 'bom-sb',
    itemId: 'SB',
    quantity: '4',
    lines: [
      { itemId: 'R3', quantity: '1', scrapPercent: '0' },
      { itemId: 'R1', quantity: '2', scrapPercent: '20' },
    ],
    operations: [{ minutes: '30', hourlyRate: '60' }],
    byProducts: [],
  };
  const sa: CostedBom = {
    id: 'bom-sa',
    itemId: 'SA',
    quantity: '1',
    lines: [
      { itemId: 'SB', quantity: '2', scrapPercent: '5' },
      { itemId: 'R2', quantity: '0.5', scrapPercent: '0' },
    ],
    operations: [],
    byProducts: [],
  };
  const fg: CostedBom = {
    id: 'bom-fg',
    itemId: 'FG',
    quantity: '2',
    lines: [
      { itemId: 'SA', quantity: '3', scrapPercent: '10' },
      { itemId: 'R1', quantity: '4', scrapPercent: '0' },
    ],
    operations: [{ minutes: '60', hourlyRate: '30' }],
    byProducts: [{ costSharePercent: '10' }],
  };
  const defaults = new Map([
    ['SA', sa],
    ['SB', sb],
  ]);
  const rates: Record<string, string> = { R1: '2', R2: '10', R3: '4', SA: '999', SB: '999' };

  it('rolls sub-assemblies up from their default BOMs and takes the by-products share off the unit cost', () => {
    const cost = rollUpCost(
      fg,
      (id) => defaults.get(id),
      (id) => rates[id],
    );
    expect(formatCost(cost)).toEqual({
      material: '91.7210',
      operation: '30.0000',
      byProductShare: '12.1721',
      total: '121.7210',
      unitCost: '54.7745',
      lines: [
        { itemId: 'SA', quantity: '3.300000', unitCost: '25.3700', amount: '83.7210', bomId: 'bom-sa' },
        { itemId: 'R1', quantity: '4.000000', unitCost: '2.0000', amount: '8.0000', bomId: null },
      ],
    });
    expect(cost.unitCost.eq(new Dec('54.77445'))).toBe(true);
  });

  it('takes a component at its valuation rate when a cycle slipped in', () => {
    const loop: CostedBom = { ...sb, lines: [{ itemId: 'SB', quantity: '1', scrapPercent: '0' }], operations: [] };
    const cost = rollUpCost(
      loop,
      () => loop,
      (id) => rates[id],
    );
    expect(cost.lines[0]).toMatchObject({ bomId: null });
    expect(cost.unitCost.toString()).toBe('249.75');
  });
});

describe('componentRequirements', () => {
  it('scales each line by quantity / bom.quantity and adds its scrap', () => {
    const bom = {
      quantity: '10',
      lines: [
        { itemId: 'tube', quantity: '60', scrapPercent: '8' },
        { itemId: 'wire', quantity: '2', scrapPercent: '0' },
      ],
    };
    // 25 / 10 × 60 × 1.08 = 162; 25 / 10 × 2 = 5
    expect(componentRequirements(bom, '25').map((line) => [line.itemId, line.required.toString()])).toEqual([
      ['tube', '162'],
      ['wire', '5'],
    ]);
  });
});
