import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InventoryModule } from '@app/inventory';
import { Recipe, RecipeIngredient, RecipeOutput, RecipeStep } from './recipe.entities';
import { RecipeService } from './recipe.service';

/** Process recipes: outputs with co-products, ingredients, a yield and steps. */
@Module({
  imports: [InventoryModule, TypeOrmModule.forFeature([Recipe, RecipeOutput, RecipeIngredient, RecipeStep])],
  providers: [RecipeService],
  exports: [RecipeService],
})
export class RecipesModule {}
