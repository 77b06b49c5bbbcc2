import { Logger } from '@nestjs/common';

/**
 * Runs `task` every `intervalMs` until stopped, one run at a time (a slow run is never overlapped by the next),
 * without holding the process open. A failed run is logged and the next one tries again.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly name: string,
    private readonly intervalMs: number,
    private readonly task: () => Promise<void>,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.running ??= this.task()
        .catch((error: unknown) => new Logger(this.name).warn(`${this.name} failed: ${(error as Error).message}`))
        .finally(() => (this.running = undefined));
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Stops the schedule and waits for a run under way, so nothing touches the database after shutdown. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
