import { ApiError } from '@app/platform';
import type { WorkOrderStatus } from './work-order.entities';

export type WorkOrderAction = 'release' | 'complete' | 'cancel';

/** API.md §7: the only moves of a work order; every other state × action pair is a `409`. */
export const WORK_ORDER_TRANSITIONS: Record<
  WorkOrderAction,
  { from: readonly WorkOrderStatus[]; to: WorkOrderStatus }
> = {
  release: { from: ['Draft'], to: 'InProgress' },
  complete: { from: ['InProgress'], to: 'Completed' },
  cancel: { from: ['Draft', 'InProgress'], to: 'Cancelled' },
};

/** The state an action leads to from `status`; `409 invalid_state_transition` with `from` and `to` otherwise. */
export function transitionTarget(status: WorkOrderStatus, action: WorkOrderAction): WorkOrderStatus {
  const { from, to } = WORK_ORDER_TRANSITIONS[action];
  if (!from.includes(status)) {
    throw ApiError.invalidTransition(status, to, `A ${status} work order cannot be moved to ${to}.`);
  }
  return to;
}

/** PATCH and DELETE work on Draft orders only (`422`): a released order holds stock and frozen costs. */
export function assertEditable(status: WorkOrderStatus): void {
  if (status !== 'Draft') {
    throw ApiError.unprocessable(`Only a Draft work order can be changed or deleted; this one is ${status}.`);
  }
}
