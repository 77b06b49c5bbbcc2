export * from './bom-arithmetic';
export { explosionRows, whereUsedRows, type ExplosionRow, type WhereUsedRow } from './bom-graph';
export * from './bom.entities';
export * from './bom.dto';
export * from './bom.models';
export * from './bom.service';
export * from './bom.module';
