export * from './inventory.entities';
export * from './inventory.models';
export * from './inventory.module';
export * from './items.service';
export * from './stock-movements';
export * from './stock.service';
export * from './warehouses.service';
export * from './inventory.dto';
