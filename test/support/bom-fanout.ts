import type { TestApp } from './test-app';

export interface FanOutGraph {
  /** S1 … S6: the sub-assemblies, each with a default BOM of ten lines. */
  levels: string[];
  /** components[k][j] = C(k+1, j+1). */
  components: string[][];
  /** The default BOM of S1. */
  rootBomId: string;
}

/**
 * A graph whose paths multiply by ten at every level, with 120 BOM lines in all (no BOM repeats an item):
 *   S1 … S6 each have a default BOM of 10 lines C(k,1) … C(k,10);
 *   each C(k,j) of levels 1–5 has a default BOM of one line S(k+1); the C(6,j) are raw materials.
 * An explosion of S1 walks 10^6 paths to the C(6,j), 1,222,220 tree nodes in all; each C(6,j) is needed 10^5 times.
 */
export async function buildFanOutGraph(t: TestApp, token: string): Promise<FanOutGraph> {
  const auth = { Authorization: `Bearer ${token}` };
  const createItem = async (sku: string, kind: string): Promise<string> =>
    (await t.http().post('/items').set(auth).send({ sku, name: sku, uom: 'pcs', kind }).expect(201)).body.id as string;
  const createBom = async (itemId: string, code: string, lineItems: string[]): Promise<string> => {
    const lines = lineItems.map((lineItem) => ({ itemId: lineItem, quantity: '1' }));
    return (await t.http().post('/bom').set(auth).send({ itemId, code, isDefault: true, lines }).expect(201)).body
      .id as string;
  };
  const levels: string[] = [];
  const components: string[][] = [];
  for (let level = 0; level < 6; level += 1) {
    levels.push(await createItem(`S${level + 1}`, 'sub-assembly'));
    components.push(
      await Promise.all(
        Array.from({ length: 10 }, (_, j) => createItem(`C${level + 1}-${j + 1}`, level < 5 ? 'sub-assembly' : 'raw')),
      ),
    );
  }
  let rootBomId = '';
  // Bottom up, so no BOM is written before the BOMs it reaches exist.
  for (let level = 5; level >= 0; level -= 1) {
    if (level < 5) {
      await Promise.all(
        components[level].map((component, j) => createBom(component, `B-C${level + 1}-${j + 1}`, [levels[level + 1]])),
      );
    }
    rootBomId = await createBom(levels[level], `B-S${level + 1}`, components[level]);
  }
  return { levels, components, rootBomId };
}
