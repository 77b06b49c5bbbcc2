export * from './subcontract-order.entities';
export * from './subcontract-orders.module';
