import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, TestApp } from './support/test-app';

const run = promisify(execFile);

/** The bash block of README.md's "Subcontracting quickstart" section, exactly as a newcomer would paste it. */
function quickstartScript(): string {
  const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Subcontracting quickstart'));
  const block = section && /```bash\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no bash block under "Subcontracting quickstart"');
  return block;
}

describe('README subcontracting quickstart, run verbatim against the demo tenant', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { SEED_DEMO: 'true' } });
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', 'localhost');
  });
  afterAll(() => t.close());

  it('submits, issues, receives with a rejection and completes early, with the figures the comments give', async () => {
    const script = quickstartScript();
    expect(script).toContain('BASE=http://localhost:3000');
    const { stdout } = await run(
      'bash',
      ['-euo', 'pipefail', '-c', script.replace('BASE=http://localhost:3000', `BASE=${base}`)],
      { timeout: 30_000 },
    );
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
