import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@app/auth';
import {
  BomModule,
  ManufacturingReportsModule,
  QualityInspectionsModule,
  RecipesModule,
  SubcontractOrdersModule,
  WorkOrdersModule,
} from '@app/manufacturing';
import { InventoryModule } from '@app/inventory';
import { PlatformModule } from '@app/platform';
import { WebhooksModule } from '@app/webhooks';
import { DemoManufacturingData } from './demo/demo-manufacturing-data';
import { DemoSeed } from './demo/demo-seed';
import { InternalModule } from './internal/internal.module';
import { HealthController } from './ops/health.controller';
import { PublicModule } from './public/public.module';

@Module({})
export class AppModule {
  /** Built when called, so the environment is read at boot (and per test app), not at import. */
  static register(): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(),
        AuthModule,
        InventoryModule,
        BomModule,
        RecipesModule,
        QualityInspectionsModule,
        WorkOrdersModule,
        SubcontractOrdersModule,
        ManufacturingReportsModule,
        InternalModule,
        WebhooksModule,
        PublicModule,
      ],
      controllers: [HealthController],
      providers: [DemoSeed, DemoManufacturingData],
    };
  }
}
