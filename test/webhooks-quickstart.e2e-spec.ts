import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestApp, TestApp } from './support/test-app';

const run = promisify(execFile);
const ROOT = join(__dirname, '..');

/** The fenced blocks of a README section, in order, exactly as a newcomer would paste them. */
function sectionBlocks(title: string): { language: string; code: string }[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith(title));
  if (!section) throw new Error(`README.md has no section "${title}"`);
  return [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, language, code]) => ({ language, code }));
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('README Quickstart 2, run verbatim after Quickstart 1', () => {
  let t: TestApp;
  let base: string;
  let workDir: string;

  beforeAll(async () => {
    t = await createTestApp({
      env: { SEED_DEMO: 'true', WEBHOOKS_ALLOW_PRIVATE_URLS: 'true', WEBHOOK_DISPATCH_INTERVAL_MS: '200' },
    });
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', 'localhost');
    workDir = mkdtempSync(join(tmpdir(), 'quickstart-2-'));
  });
  afterAll(async () => {
    rmSync(workDir, { recursive: true, force: true });
    await t.close();
  });

  it('subscribes the demo install, verifies a signed ping with standardwebhooks, and cleans up', async () => {
    const [installBlock] = sectionBlocks('Quickstart 1: install a marketplace app').filter(
      (b) => b.language === 'bash',
    );
    const blocks = sectionBlocks('Quickstart 2: receive webhooks');
    const [subscribe, ping] = blocks.filter((b) => b.language === 'bash');
    const receiver = blocks.find((b) => b.language === 'js');
    expect(receiver && subscribe && ping).toBeTruthy();
    const port = String(await freePort());
    const withPort = (code: string) => code.replaceAll('4000', port);
    writeFileSync(join(workDir, 'receiver.js'), withPort(receiver!.code));
    const script = [
      installBlock.code.replace('BASE=http://localhost:3000', `BASE=${base}`),
      withPort(subscribe.code),
      'node receiver.js &',
      `until (echo > /dev/tcp/127.0.0.1/${port}) 2>/dev/null; do sleep 0.1; done`,
      withPort(ping.code),
    ].join('\n');
    const { stdout } = await run('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: workDir,
      timeout: 45_000,
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
    });

    const verified = stdout.split('\n').find((line) => line.startsWith('verified webhook.ping'));
    expect(verified).toBeDefined();
    expect(stdout).not.toContain('rejected:');
    expect(stdout).toMatch(/^204$/m);
    const [subscription] = await t.sql<{ deleted_at: Date | null; topics: string[] }>(
      `SELECT s.deleted_at, s.topics FROM webhook_subscriptions s
       JOIN memberships m ON m.org_id = s.org_id AND m.entity_id = s.entity_id
       JOIN users u ON u.id = m.user_id WHERE u.email = 'demo@hellobooks.local'`,
    );
    expect(subscription.topics).toEqual(['bom.created', 'bom.updated']);
    expect(subscription.deleted_at).toBeInstanceOf(Date);
    const attempts = await t.sql<{ topic: string; status: string }>('SELECT topic, status FROM webhook_attempts');
    expect(attempts).toEqual([{ topic: 'webhook.ping', status: 'succeeded' }]);
  }, 60_000);
});
