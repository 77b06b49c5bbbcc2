import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls until `condition` holds: a test waits for the fact that proves what it checks (a delivery marked
 * succeeded, a row written), never for a fixed time after which "nothing happened".
 */
export async function waitUntil(
  condition: () => Promise<boolean> | boolean,
  what = 'condition',
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not met within ${timeoutMs} ms`);
    await delay(25);
  }
}
