import { ApiError, Dec } from '@app/platform';
import {
  assertActionAllowed,
  leftAtSupplier,
  orderCosts,
  outstandingQuantity,
  receiptConsumption,
  receiptCost,
  statusAfterIssue,
  statusAfterReceipt,
  SubcontractAction,
} from './subcontract-arithmetic';
import { SUBCONTRACT_ORDER_STATUSES, SubcontractOrderStatus } from './subcontract-order.entities';

const text = (value: Dec | null) => (value === null ? null : value.toString());

describe('receipt consumption', () => {
  it('consumes required / quantity × (accepted + rejected)', () => {
    // 15 required for 10 units; 4 accepted + 1 rejected = 5 units worked: 15 / 10 × 5 = 7.5.
    expect(text(receiptConsumption('15', '10', '0', '5'))).toBe('7.5');
    // The second half consumes the other 7.5.
    expect(text(receiptConsumption('15', '10', '5', '5'))).toBe('7.5');
  });

  it('rounds the cumulative figure, so three thirds consume exactly what was required', () => {
    // 10 / 3 = 3.333333…; cumulative 3.333333, 6.666667, 10 → 3.333333 + 3.333334 + 3.333333 = 10.
    const parts = ['0', '1', '2'].map((before) => receiptConsumption('10', '3', before, '1'));
    expect(parts.map(text)).toEqual(['3.333333', '3.333334', '3.333333']);
    expect(text(parts.reduce((sum, part) => sum.plus(part), new Dec(0)))).toBe('10');
  });
});

describe('receipt cost', () => {
  it('values the goods at consumed material plus service for every unit worked, over the accepted ones', () => {
    // 27.00 material + 4.00 × (4 + 1) service = 47.00, over 4 accepted units = 11.75.
    const cost = receiptCost('27', '4', '4', '1');
    expect([cost.material, cost.service, cost.total, cost.unitCost].map(text)).toEqual(['27', '20', '47', '11.75']);
  });

  it('rounds service, total and unit cost half-up to 4 places', () => {
    // 1.3333 × 3 = 3.9999; 10 + 3.9999 = 13.9999; / 3 = 4.66663… → 4.6666.
    const cost = receiptCost('10', '1.3333', '3', '0');
    expect([cost.service, cost.total, cost.unitCost].map(text)).toEqual(['3.9999', '13.9999', '4.6666']);
    // 0.0001 / 2 = 0.00005 → 0.0001 (half-up).
    expect(text(receiptCost('0.0001', '0', '2', '0').unitCost)).toBe('0.0001');
  });

  it('sums the receipts into the order costs, the unit cost over every accepted unit', () => {
    // (47 + 47) / (4 + 5) = 10.4444…
    const costs = orderCosts([
      { quantity: '4', material: '27', service: '20' },
      { quantity: '5', material: '27', service: '20' },
    ]);
    expect([costs.material, costs.service, costs.total, costs.unitCost].map(text)).toEqual([
      '54',
      '40',
      '94',
      '10.4444',
    ]);
    expect(orderCosts([]).unitCost).toBeNull();
  });
});

describe('quantities of an order', () => {
  it('computes what is outstanding and what is left at the supplier', () => {
    expect(text(outstandingQuantity('10', '4', '1'))).toBe('5');
    expect(text(leftAtSupplier('15', '7.5', '0'))).toBe('7.5');
    expect(text(leftAtSupplier('15', '7.5', '7.5'))).toBe('0');
  });
});

describe('status after an action', () => {
  it('is MaterialsIssued once a Submitted order has every material in full', () => {
    const partly = [
      { required: '15', issued: '15' },
      { required: '22', issued: '10' },
    ];
    const fully = [
      { required: '15', issued: '15' },
      { required: '22', issued: '22' },
    ];
    expect(statusAfterIssue('Submitted', partly)).toBe('Submitted');
    expect(statusAfterIssue('Submitted', fully)).toBe('MaterialsIssued');
    // Receiving has started: issuing the rest does not move the order back.
    expect(statusAfterIssue('PartiallyReceived', fully)).toBe('PartiallyReceived');
  });

  it('is Completed when nothing is outstanding after a receipt, PartiallyReceived otherwise', () => {
    expect(statusAfterReceipt('5')).toBe('PartiallyReceived');
    expect(statusAfterReceipt('0')).toBe('Completed');
  });
});

describe('the state × action table', () => {
  const accepted: Record<SubcontractAction, SubcontractOrderStatus[]> = {
    submit: ['Draft'],
    'issue-materials': ['Submitted', 'MaterialsIssued', 'PartiallyReceived'],
    receive: ['Submitted', 'MaterialsIssued', 'PartiallyReceived'],
    complete: ['PartiallyReceived'],
    cancel: ['Draft', 'Submitted', 'MaterialsIssued'],
  };
  const target: Record<SubcontractAction, SubcontractOrderStatus> = {
    submit: 'Submitted',
    'issue-materials': 'MaterialsIssued',
    receive: 'PartiallyReceived',
    complete: 'Completed',
    cancel: 'Cancelled',
  };
  const cases = (Object.keys(accepted) as SubcontractAction[]).flatMap((action) =>
    SUBCONTRACT_ORDER_STATUSES.map((status) => [status, action] as const),
  );

  it.each(cases)('%s × %s', (status, action) => {
    if (accepted[action].includes(status)) {
      expect(() => assertActionAllowed(status, action)).not.toThrow();
      return;
    }
    try {
      assertActionAllowed(status, action);
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).status).toBe(409);
      expect((error as ApiError).extra).toEqual({ from: status, to: target[action] });
    }
  });
});
