export * from './bom';
export * from './document.entity';
export * from './recipes';
export * from './quality-inspections';
export * from './work-orders';
export * from './subcontract-orders';
export * from './reports';
