import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryModule } from '@app/inventory';
import { WebhooksModule } from '@app/webhooks';
import { InspectionReferences } from './inspection-references';
import { QualityInspection, QualityInspectionTemplate } from './quality-inspection.entities';
import { QualityInspectionsService } from './quality-inspections.service';
import { QualityTemplatesService } from './quality-templates.service';

/**
 * Quality inspections and their templates. Production modules call `inspectProduction` in their own unit of work
 * and register their document type with `InspectionReferences`; this module imports none of them.
 */
@Module({
  imports: [InventoryModule, WebhooksModule, TypeOrmModule.forFeature([QualityInspectionTemplate, QualityInspection])],
  providers: [QualityInspectionsService, QualityTemplatesService, InspectionReferences],
  exports: [QualityInspectionsService, QualityTemplatesService, InspectionReferences],
})
export class QualityInspectionsModule {}
