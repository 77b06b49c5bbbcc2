/** Why the pool refused a task; the caller answers `429 rate_limited` with `retryAfterSeconds`. */
export class HashingPoolBusy extends Error {
  constructor(
    readonly reason: 'client_busy' | 'queue_deadline',
    readonly retryAfterSeconds: number,
  ) {
    super(reason === 'client_busy' ? 'This client already has sign-ins being checked.' : 'Every hashing slot is busy.');
    this.name = 'HashingPoolBusy';
  }
}

export interface HashingPoolOptions {
  /** Tasks that run at once. */
  slots: number;
  /** How long a task may wait for a slot before it is refused. */
  queueDeadlineMs: number;
  /** Tasks one client (address) may have running or waiting at once. */
  perClient: number;
}

interface Waiter {
  start: () => void;
  timer: NodeJS.Timeout;
}

/**
 * A small pool for the memory-hard password hash: at most `slots` run at once, in arrival order, and a task that
 * cannot start before its deadline is refused rather than queued without end; one client holds at most `perClient`
 * places, so one address cannot fill the queue in front of everyone else. Sign-ins then cost the CPU a bounded
 * amount whatever arrives, and a signed-in user's requests keep their share of it.
 */
export class HashingPool {
  private running = 0;
  private readonly queue: Waiter[] = [];
  private readonly perClient = new Map<string, number>();

  constructor(private readonly options: HashingPoolOptions) {}

  async run<T>(client: string, task: () => Promise<T>): Promise<T> {
    const held = this.perClient.get(client) ?? 0;
    if (held >= this.options.perClient) throw new HashingPoolBusy('client_busy', 1);
    this.perClient.set(client, held + 1);
    try {
      await this.acquire();
      try {
        return await task();
      } finally {
        this.release();
      }
    } finally {
      const left = (this.perClient.get(client) ?? 1) - 1;
      if (left > 0) this.perClient.set(client, left);
      else this.perClient.delete(client);
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.options.slots) {
      this.running += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.queue.splice(this.queue.indexOf(waiter), 1);
          reject(new HashingPoolBusy('queue_deadline', Math.max(1, Math.ceil(this.options.queueDeadlineMs / 1000))));
        }, this.options.queueDeadlineMs),
      };
      this.queue.push(waiter);
    });
  }

  /** Hands the slot straight to the next waiter, so `running` never drops below what is queued. */
  private release(): void {
    const next = this.queue.shift();
    if (next) next.start();
    else this.running -= 1;
  }
}
