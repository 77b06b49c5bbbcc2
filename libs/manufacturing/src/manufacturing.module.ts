import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryModule } from '@app/inventory';
import { WebhooksModule } from '@app/webhooks';
import { Bom, BomByProduct, BomLine, BomOperation } from './bom/bom.entities';
import { BomService } from './bom/bom.service';
import { DemoManufacturingData } from './demo-manufacturing-data';
import { Recipe, RecipeIngredient, RecipeOutput, RecipeStep } from './recipes/recipe.entities';
import { RecipeService } from './recipes/recipe.service';

/** BOMs and recipes (work orders, quality, subcontracting and reports join here later). */
@Module({
  imports: [
    InventoryModule,
    WebhooksModule,
    TypeOrmModule.forFeature([
      Bom,
      BomLine,
      BomOperation,
      BomByProduct,
      Recipe,
      RecipeOutput,
      RecipeIngredient,
      RecipeStep,
    ]),
  ],
  providers: [BomService, RecipeService, DemoManufacturingData],
  exports: [BomService, RecipeService, DemoManufacturingData, InventoryModule],
})
export class ManufacturingModule {}
