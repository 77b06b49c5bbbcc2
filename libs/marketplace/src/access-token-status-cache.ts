import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NotificationListener } from '@app/platform';
import type { DataSource } from 'typeorm';
import type { AccessTokenStatus } from './access-token-status.service';

/** The channel the triggers of migration 1764000012000 notify on: `install:<id>` or `app:<id>`. */
export const ACCESS_TOKEN_STATUS_CHANNEL = 'access_token_status';
/** A backstop only: every change that matters is notified and drops the entry at once. */
const MAX_AGE_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  status: AccessTokenStatus;
  installId: string;
  appId: string;
  expiresAt: number;
}

/**
 * Token statuses held in memory while, and only while, this instance hears every change to them. The database
 * notifies each change of a token, family, install or app (triggers, so no writer can forget it) on
 * `access_token_status` when its transaction commits; every instance drops the entries concerned as it hears it.
 * While the listening connection is down nothing is served from memory, and everything is dropped when it is back.
 */
@Injectable()
export class AccessTokenStatusCache implements OnModuleInit, OnApplicationShutdown {
  private readonly entries = new Map<string, Entry>();
  private listening = false;
  /** Bumped by every change heard: a lookup that began before one must not store what it read. */
  private generation = 0;
  private listener?: NotificationListener;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    if (!url) return;
    this.listener = new NotificationListener(url, ACCESS_TOKEN_STATUS_CHANNEL, {
      notification: (payload) => this.forget(payload),
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

  /** The status of the token with this hash: from memory when it may be, else read and kept until `validUntil`. */
  async get(
    tokenHash: string,
    validUntil: number,
    read: () => Promise<AccessTokenStatus | undefined>,
  ): Promise<AccessTokenStatus | undefined> {
    const now = Date.now();
    const cached = this.listening ? this.entries.get(tokenHash) : undefined;
    if (cached && cached.expiresAt > now) return cached.status;
    const generation = this.generation;
    const status = await read();
    if (status && this.listening && generation === this.generation) {
      this.entries.delete(tokenHash);
      if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(tokenHash, {
        status,
        installId: status.installId,
        appId: status.appId,
        expiresAt: Math.min(now + MAX_AGE_MS, validUntil),
      });
    }
    return status;
  }

  private forget(payload: string): void {
    this.generation++;
    const [kind, id] = payload.split(':');
    for (const [key, entry] of this.entries) {
      if ((kind === 'install' && entry.installId === id) || (kind === 'app' && entry.appId === id)) {
        this.entries.delete(key);
      }
    }
  }

  private clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
