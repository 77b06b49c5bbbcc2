import { HashingPool, HashingPoolBusy } from './hashing-pool';

/** A task that finishes when the test says so. */
function gate(): { task: () => Promise<string>; open: (value: string) => void; started: () => boolean } {
  let open!: (value: string) => void;
  let started = false;
  const done = new Promise<string>((resolve) => (open = resolve));
  return {
    task: () => {
      started = true;
      return done;
    },
    open: (value) => open(value),
    started: () => started,
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('HashingPool', () => {
  afterEach(() => jest.useRealTimers());

  it('runs at most `slots` tasks at once and starts the next in arrival order as one ends', async () => {
    const pool = new HashingPool({ slots: 2, queueDeadlineMs: 10_000, perClient: 5 });
    const gates = [gate(), gate(), gate(), gate()];
    const results = gates.map((g, i) => pool.run(`client-${i}`, g.task));
    await flush();
    expect(gates.map((g) => g.started())).toEqual([true, true, false, false]);
    gates[1].open('b');
    await expect(results[1]).resolves.toBe('b');
    await flush();
    expect(gates.map((g) => g.started())).toEqual([true, true, true, false]);
    gates[0].open('a');
    gates[2].open('c');
    await flush();
    expect(gates[3].started()).toBe(true);
    gates[3].open('d');
    await expect(Promise.all(results)).resolves.toEqual(['a', 'b', 'c', 'd']);
  });

  it('refuses a task that waited past the deadline, with a retry hint, and never runs it', async () => {
    jest.useFakeTimers();
    const pool = new HashingPool({ slots: 1, queueDeadlineMs: 1500, perClient: 5 });
    const first = gate();
    const late = gate();
    const running = pool.run('a', first.task);
    const waiting = pool.run('b', late.task);
    jest.advanceTimersByTime(1500);
    await expect(waiting).rejects.toEqual(new HashingPoolBusy('queue_deadline', 2));
    first.open('done');
    await expect(running).resolves.toBe('done');
    expect(late.started()).toBe(false);
  });

  it('refuses a client beyond its share at once, and lets it in again when one of its tasks ends', async () => {
    const pool = new HashingPool({ slots: 4, queueDeadlineMs: 10_000, perClient: 2 });
    const gates = [gate(), gate()];
    const held = gates.map((g) => pool.run('10.0.0.1', g.task));
    await expect(pool.run('10.0.0.1', () => Promise.resolve('x'))).rejects.toMatchObject({ reason: 'client_busy' });
    await expect(pool.run('10.0.0.2', () => Promise.resolve('other'))).resolves.toBe('other');
    gates[0].open('a');
    await held[0];
    await expect(pool.run('10.0.0.1', () => Promise.resolve('again'))).resolves.toBe('again');
    gates[1].open('b');
    await held[1];
  });

  it('frees the slot of a task that failed', async () => {
    const pool = new HashingPool({ slots: 1, queueDeadlineMs: 10_000, perClient: 1 });
    await expect(pool.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(pool.run('a', () => Promise.resolve('ok'))).resolves.toBe('ok');
  });
});
