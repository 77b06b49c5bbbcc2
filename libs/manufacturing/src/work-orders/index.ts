export * from './work-order-arithmetic';
export { WORK_ORDER_TRANSITIONS, type WorkOrderAction } from './work-order-lifecycle';
export { workOrderExists } from './work-order-queries';
export * from './work-order.entities';
export * from './work-order.dto';
export * from './work-order.models';
export * from './work-orders.service';
export * from './work-orders.module';
