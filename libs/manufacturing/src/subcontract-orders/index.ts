export * from './subcontract-order.entities';
export * from './subcontract-orders.module';
export * from './subcontract-arithmetic';
export * from './subcontract-order.dto';
export * from './subcontract-order.models';
export * from './subcontract-orders.service';
export { subcontractReceiptExists } from './subcontract-queries';
