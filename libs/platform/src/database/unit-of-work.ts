import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/**
 * One database transaction that several modules take part in: a service opens it with `Transactions.run`, and the
 * code of other modules it calls (stock movements, the outbox, document numbers, an inspection created on
 * completion) receives it as an explicit argument and writes through its `manager`.
 */
export interface UnitOfWork {
  readonly manager: EntityManager;
  /** Work that must follow the commit (cache invalidation, waking a dispatcher); it never runs after a rollback. */
  afterCommit(task: () => Promise<void> | void): void;
}

/** The one way a service opens a transaction, and the manager it reads with outside of one. */
@Injectable()
export class Transactions {
  private readonly logger = new Logger('Transactions');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Reads that need no transaction (a single statement sees one snapshot anyway). */
  get reader(): EntityManager {
    return this.dataSource.manager;
  }

  /** Runs `work` in one transaction; on commit, runs what it registered with `afterCommit`, in order. */
  async run<T>(work: (unitOfWork: UnitOfWork) => Promise<T>): Promise<T> {
    const tasks: (() => Promise<void> | void)[] = [];
    const result = await this.dataSource.transaction((manager) =>
      work({ manager, afterCommit: (task) => void tasks.push(task) }),
    );
    for (const task of tasks) {
      // The change is committed: a failing follow-up is logged, never turned into a failed request.
      await Promise.resolve()
        .then(task)
        .catch((error: unknown) => this.logger.error(`A task after a commit failed: ${(error as Error).message}`));
    }
    return result;
  }
}
