import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { ClientBase, Notification, Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { NotificationListener } from './notification-listener';

/** A backstop only: every change that matters is notified and drops its entries at once. */
const MAX_AGE_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;

interface Entry<Value> {
  value: Value;
  tags: string[];
  expiresAt: number;
}

/**
 * Values read from PostgreSQL, held in memory while, and only while, this instance hears every change to them: the
 * database notifies each change on `channel` when its transaction commits (triggers, so no writer can forget it),
 * naming a tag (`install:<id>`), and every instance drops the entries carrying that tag as it hears it. While the
 * listening connection is down nothing is served from memory, and everything is dropped when it is back.
 *
 * Every pooled connection LISTENs as well: PostgreSQL hands a session its own notifications before its COMMIT
 * returns, so on the instance that made a change the entries are gone before the request that made it answers
 * (an uninstall, then at once a request with the uninstalled token: 401), not a moment later.
 */
export abstract class NotifiedCache<Value> implements OnModuleInit, OnApplicationShutdown {
  private readonly entries = new Map<string, Entry<Value>>();
  private listening = false;
  /** Bumped by every change heard: a read that began before one must not store what it read. */
  private generation = 0;
  private listener?: NotificationListener;

  protected constructor(
    private readonly dataSource: DataSource,
    private readonly channel: string,
    /** The tags a change of any of the rows the value was read from is notified with. */
    private readonly tagsOf: (value: Value) => string[],
  ) {}

  async onModuleInit(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) return;
    await this.listenOnPool((this.dataSource.driver as unknown as { master: Pool }).master);
    this.listener = new NotificationListener(url, this.channel, {
      notification: (tag) => this.forget(tag),
      connected: () => {
        this.clear();
        this.listening = true;
      },
      lost: () => {
        this.listening = false;
        this.clear();
      },
    });
    await this.listener.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.listening = false;
    await this.listener?.stop();
  }

  /**
   * Each new connection of the pool LISTENs before it is handed out (pg-pool's `onConnect` hook); the ones already
   * open (migrations ran on them) are taken once.
   */
  private async listenOnPool(pool: Pool): Promise<void> {
    const hear = (client: ClientBase) => {
      client.on('notification', (message: Notification) => {
        if (message.channel === this.channel) this.forget(message.payload ?? '');
      });
      return client.query(`LISTEN ${this.channel}`);
    };
    // pg-pool awaits the hook before handing the connection out; @types/pg types it as returning void.
    const options = pool.options as { onConnect?: (client: ClientBase) => Promise<void> | void };
    const previous = options.onConnect;
    options.onConnect = async (client) => {
      await Promise.resolve(previous?.(client));
      await hear(client);
    };
    const open = await Promise.all(Array.from({ length: pool.idleCount }, () => pool.connect()));
    await Promise.all(open.map((client) => hear(client).finally(() => client.release())));
  }

  /** The value of `key`: from memory when it may be, else read and kept (never past `validUntil`, in ms). */
  async get(key: string, validUntil: number, read: () => Promise<Value | undefined>): Promise<Value | undefined> {
    const now = Date.now();
    const cached = this.listening ? this.entries.get(key) : undefined;
    if (cached && cached.expiresAt > now) return cached.value;
    const generation = this.generation;
    const value = await read();
    if (value !== undefined && this.listening && generation === this.generation) {
      this.entries.delete(key);
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value, tags: this.tagsOf(value), expiresAt: Math.min(now + MAX_AGE_MS, validUntil) });
    }
    return value;
  }

  private forget(tag: string): void {
    this.generation++;
    for (const [key, entry] of this.entries) if (entry.tags.includes(tag)) this.entries.delete(key);
  }

  private clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
