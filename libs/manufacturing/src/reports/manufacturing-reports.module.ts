import { Module } from '@nestjs/common';
import { BomModule } from '../bom';
import { ManufacturingReportsService } from './manufacturing-reports.service';

/**
 * Job costing, by-products, production cost analysis and efficiency: read only, over the tables of work orders,
 * subcontracting and quality (all of this library), at the top of the manufacturing order.
 */
@Module({
  imports: [BomModule],
  providers: [ManufacturingReportsService],
  exports: [ManufacturingReportsService],
})
export class ManufacturingReportsModule {}
