import { ApiError } from '@app/platform';
import { assertEditable, transitionTarget, type WorkOrderAction } from './work-order-lifecycle';
import type { WorkOrderStatus } from './work-order.entities';

const statuses: WorkOrderStatus[] = ['Draft', 'InProgress', 'Completed', 'Cancelled'];
const actions: WorkOrderAction[] = ['release', 'complete', 'cancel'];

/** The table of API.md §7, written out by hand: the target of each allowed pair, `409` for the rest. */
const expected: Record<WorkOrderStatus, Record<WorkOrderAction, WorkOrderStatus | 409>> = {
  Draft: { release: 'InProgress', complete: 409, cancel: 'Cancelled' },
  InProgress: { release: 409, complete: 'Completed', cancel: 'Cancelled' },
  Completed: { release: 409, complete: 409, cancel: 409 },
  Cancelled: { release: 409, complete: 409, cancel: 409 },
};

function outcome(status: WorkOrderStatus, action: WorkOrderAction): WorkOrderStatus | 409 {
  try {
    return transitionTarget(status, action);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return (error as ApiError).status as 409;
  }
}

describe('work-order lifecycle', () => {
  for (const status of statuses) {
    for (const action of actions) {
      it(`${action} from ${status} → ${expected[status][action]}`, () => {
        expect(outcome(status, action)).toBe(expected[status][action]);
      });
    }
  }

  it('names from and to in the 409', () => {
    try {
      transitionTarget('Cancelled', 'complete');
      throw new Error('no error');
    } catch (error) {
      expect((error as ApiError).extra).toMatchObject({ from: 'Cancelled', to: 'Completed' });
    }
  });

  it('lets only a Draft be edited', () => {
    expect(() => assertEditable('Draft')).not.toThrow();
    for (const status of statuses.slice(1)) expect(() => assertEditable(status)).toThrow(ApiError);
  });
});
