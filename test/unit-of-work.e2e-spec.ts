import { Transactions } from '@app/platform';
import { createTestApp, TestApp } from './support/test-app';

/** `Transactions.run`: one transaction, and work after its commit that never follows a rollback. */
describe('unit of work', () => {
  let t: TestApp;
  let transactions: Transactions;
  const committedValues = async () =>
    (await t.sql<{ value: string }>('SELECT value FROM unit_of_work_probe ORDER BY value')).map((row) => row.value);

  beforeAll(async () => {
    t = await createTestApp();
    transactions = t.app.get(Transactions);
    await t.sql('CREATE TABLE unit_of_work_probe (value text PRIMARY KEY)');
  });
  afterAll(() => t.close());

  it('runs after-commit tasks once the change is visible to other sessions, in the order registered', async () => {
    const seen: string[][] = [];
    const result = await transactions.run(async (unitOfWork) => {
      await unitOfWork.manager.query(`INSERT INTO unit_of_work_probe VALUES ('committed')`);
      unitOfWork.afterCommit(async () => void seen.push(['first', ...(await committedValues())]));
      unitOfWork.afterCommit(async () => void seen.push(['second', ...(await committedValues())]));
      // Not yet: nothing runs while the transaction is open.
      expect(seen).toEqual([]);
      return 'answer';
    });
    expect(result).toBe('answer');
    // Another connection (t.sql) already sees the row when the tasks run: they follow the commit.
    expect(seen).toEqual([
      ['first', 'committed'],
      ['second', 'committed'],
    ]);
  });

  it('never runs them after a rollback, whether the work throws or the commit fails', async () => {
    let ran = 0;
    await expect(
      transactions.run(async (unitOfWork) => {
        await unitOfWork.manager.query(`INSERT INTO unit_of_work_probe VALUES ('rolled back')`);
        unitOfWork.afterCommit(() => void ran++);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    // A statement that fails inside the transaction (a duplicate key) rolls it back as well.
    await expect(
      transactions.run(async (unitOfWork) => {
        unitOfWork.afterCommit(() => void ran++);
        await unitOfWork.manager.query(`INSERT INTO unit_of_work_probe VALUES ('committed')`);
      }),
    ).rejects.toThrow(/duplicate key/);
    // run() has settled: the tasks would have run by now, before it returned.
    expect(ran).toBe(0);
    expect(await committedValues()).toEqual(['committed']);
  });

  it('a failing after-commit task neither undoes the commit nor fails the caller, and the next task still runs', async () => {
    let after = false;
    await transactions.run(async (unitOfWork) => {
      await unitOfWork.manager.query(`INSERT INTO unit_of_work_probe VALUES ('kept')`);
      unitOfWork.afterCommit(() => {
        throw new Error('cache unavailable');
      });
      unitOfWork.afterCommit(() => void (after = true));
    });
    expect(after).toBe(true);
    expect(await committedValues()).toEqual(['committed', 'kept']);
  });
});
