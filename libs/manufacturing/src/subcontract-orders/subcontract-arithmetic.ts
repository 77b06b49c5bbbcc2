import { ApiError, Dec, DecimalInput, formatMoney, formatQuantity, sumDecimals } from '@app/platform';
import type { SubcontractOrderStatus } from './subcontract-order.entities';

/** The actions that move a subcontract order between states (PATCH and DELETE are edits of a Draft, not actions). */
export type SubcontractAction = 'submit' | 'issue-materials' | 'receive' | 'complete' | 'cancel';

/** API.md §7: from which states each action is accepted, and the state it is a transition to. */
const TRANSITIONS: Record<SubcontractAction, { from: readonly SubcontractOrderStatus[]; to: SubcontractOrderStatus }> =
  {
    submit: { from: ['Draft'], to: 'Submitted' },
    'issue-materials': { from: ['Submitted', 'MaterialsIssued', 'PartiallyReceived'], to: 'MaterialsIssued' },
    receive: { from: ['Submitted', 'MaterialsIssued', 'PartiallyReceived'], to: 'PartiallyReceived' },
    complete: { from: ['PartiallyReceived'], to: 'Completed' },
    cancel: { from: ['Draft', 'Submitted', 'MaterialsIssued'], to: 'Cancelled' },
  };

/** `409 invalid_state_transition` with `from` and `to` unless the action is accepted in `status`. */
export function assertActionAllowed(status: SubcontractOrderStatus, action: SubcontractAction): void {
  const { from, to } = TRANSITIONS[action];
  if (!from.includes(status)) {
    throw ApiError.invalidTransition(status, to, `A ${status} subcontract order does not accept ${action}.`);
  }
}

/** What is still to come back from the supplier: `quantity − received − rejected`. */
export function outstandingQuantity(
  quantity: DecimalInput,
  receivedQuantity: DecimalInput,
  rejectedQuantity: DecimalInput,
): Dec {
  return new Dec(quantity).minus(receivedQuantity).minus(rejectedQuantity);
}

/**
 * What a receipt consumes of one material: `required / order quantity × (quantity + rejected)`, taken as the
 * difference of the cumulative consumption (rounded to the quantity scale) after and before the receipt, so the
 * receipts of an order received in full consume exactly `required` however the deliveries were split.
 */
export function receiptConsumption(
  required: DecimalInput,
  orderQuantity: DecimalInput,
  doneBefore: DecimalInput,
  doneNow: DecimalInput,
): Dec {
  const cumulative = (done: Dec) => new Dec(formatQuantity(new Dec(required).div(orderQuantity).times(done)));
  const before = new Dec(doneBefore);
  return cumulative(before.plus(doneNow)).minus(cumulative(before));
}

export interface ReceiptCost {
  material: Dec;
  service: Dec;
  total: Dec;
  unitCost: Dec;
}

/**
 * The cost of the goods a receipt brings in: the consumed materials as the ledger valued them plus the service for
 * every unit the supplier worked on (rejected ones too), spread over the accepted `quantity` only. Money is rounded
 * to its scale at each step the API shows (service, total, unit cost).
 */
export function receiptCost(
  materialValue: DecimalInput,
  serviceRate: DecimalInput,
  quantity: DecimalInput,
  rejectedQuantity: DecimalInput,
): ReceiptCost {
  const material = new Dec(formatMoney(materialValue));
  const service = new Dec(formatMoney(new Dec(serviceRate).times(new Dec(quantity).plus(rejectedQuantity))));
  const total = material.plus(service);
  return { material, service, total, unitCost: new Dec(formatMoney(total.div(quantity))) };
}

/** The order's costs: the sums over its receipts, and the unit cost of what was accepted (null before any). */
export function orderCosts(
  receipts: readonly { quantity: DecimalInput; material: DecimalInput; service: DecimalInput }[],
): { material: Dec; service: Dec; total: Dec; unitCost: Dec | null } {
  const material = sumDecimals(receipts.map((receipt) => receipt.material));
  const service = sumDecimals(receipts.map((receipt) => receipt.service));
  const received = sumDecimals(receipts.map((receipt) => receipt.quantity));
  const total = material.plus(service);
  return { material, service, total, unitCost: received.isZero() ? null : new Dec(formatMoney(total.div(received))) };
}

/** What of a material is still at the supplier for this order: `issued − consumed − returned`. */
export function leftAtSupplier(issued: DecimalInput, consumed: DecimalInput, returned: DecimalInput): Dec {
  return new Dec(issued).minus(consumed).minus(returned);
}

/** After an issue: a Submitted order whose every material is issued in full is MaterialsIssued; else unchanged. */
export function statusAfterIssue(
  status: SubcontractOrderStatus,
  materials: readonly { required: DecimalInput; issued: DecimalInput }[],
): SubcontractOrderStatus {
  const allIssued = materials.every((material) => new Dec(material.issued).gte(material.required));
  return status === 'Submitted' && allIssued ? 'MaterialsIssued' : status;
}

/** After a receipt: Completed when nothing is outstanding, PartiallyReceived otherwise. */
export function statusAfterReceipt(outstanding: DecimalInput): SubcontractOrderStatus {
  return new Dec(outstanding).lte(0) ? 'Completed' : 'PartiallyReceived';
}
