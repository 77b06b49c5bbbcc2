import { demoServer, readmeBashBlock, runQuickstart } from './support/readme';
import type { TestApp } from './support/test-app';

describe('README subcontracting quickstart, run verbatim against the demo tenant', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => ({ t, base } = await demoServer()));
  afterAll(() => t.close());

  it('submits, issues, receives with a rejection and completes early, with the figures the comments give', async () => {
    const stdout = await runQuickstart(readmeBashBlock('Subcontracting quickstart'), base);
    const lines = stdout.trim().split('\n');
    // The demo order's parts at the subcontractor: 6 shells, 12 bearings, 6 axles (in any order).
    expect(lines[0].split(' ').sort()).toEqual(['12.000000', '6.000000', '6.000000']);
    expect(lines.slice(1)).toEqual([
      'SC-00002',
      'Submitted',
      'MaterialsIssued',
      'PartiallyReceived 54.0000 27.0000',
      'Completed 1.000000 2.000000 1.000000',
      // 6 issue lines (out of STORES, into the supplier), 3 consumed, 1 received, 6 returned.
      '16',
    ]);
  });
});
