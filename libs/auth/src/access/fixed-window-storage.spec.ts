import { FixedWindowStorage } from './fixed-window-storage';

describe('FixedWindowStorage', () => {
  let storage: FixedWindowStorage;
  let now: number;

  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    storage = new FixedWindowStorage();
  });
  afterEach(() => {
    storage.onApplicationShutdown();
    jest.restoreAllMocks();
  });

  const hit = (key = 'install') => storage.increment(key, 60_000, 2, 60_000);

  it('counts hits in a fixed window and blocks the one over the limit for the block duration', async () => {
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    now += 10_000;
    expect(await hit()).toEqual({ totalHits: 2, timeToExpire: 50, isBlocked: false, timeToBlockExpire: 0 });
    now += 10_000;
    // Third hit, 20 s in: blocked for 60 s from now, past the end of the window.
    expect(await hit()).toEqual({ totalHits: 3, timeToExpire: 40, isBlocked: true, timeToBlockExpire: 60 });
    expect(await hit('other install')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('keeps a block that outlasts its window, then starts afresh', async () => {
    await hit();
    await hit();
    now += 30_000;
    await hit(); // blocked until 90 s; the window ends at 60 s
    now += 40_000; // 70 s: a new window (until 130 s), the block has 20 s left
    expect(await hit()).toEqual({ totalHits: 0, timeToExpire: 60, isBlocked: true, timeToBlockExpire: 20 });
    now += 20_000; // 90 s: the block is over
    expect(await hit()).toEqual({ totalHits: 1, timeToExpire: 40, isBlocked: false, timeToBlockExpire: 0 });
  });
});
