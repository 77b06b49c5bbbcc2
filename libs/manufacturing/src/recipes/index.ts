export * from './recipe.entities';
export * from './recipe.dto';
export * from './recipe.models';
export * from './recipe.service';
export * from './recipes.module';
