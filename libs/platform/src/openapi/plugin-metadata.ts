import { getMetadataStorage } from 'class-validator';

/** Where the @nestjs/swagger plugin keeps a class's property metadata (the name its generated code uses). */
const METADATA_FACTORY = '_OPENAPI_METADATA_FACTORY';

type ClassMetadata = Record<string, unknown>;

/** What `scripts/openapi-metadata.mjs` generates: per source module, its classes' property metadata. */
export interface SwaggerPluginMetadata {
  '@nestjs/swagger': {
    /** `[the source module, { ClassName: property metadata }]` pairs. */
    models?: unknown[][];
  };
}

/**
 * Hands the plugin's reading of the DTO and model classes to @nestjs/swagger, as the compiler plugin would have,
 * before the document is built. Synchronous, unlike `SwaggerModule.loadPluginMetadata`, so the app is configured
 * in one step.
 */
export function applySwaggerPluginMetadata(metadata: SwaggerPluginMetadata): void {
  for (const [module, classes] of metadata['@nestjs/swagger'].models ?? []) {
    for (const [name, properties] of Object.entries(classes as Record<string, ClassMetadata>)) {
      const target = (module as Record<string, unknown>)[name] as Record<string, unknown> | undefined;
      if (target) target[METADATA_FACTORY] = () => withIntegers(target, properties);
    }
  }
}

/**
 * The plugin reads `number` as `type: Number`; a property the validator holds to `@IsInt()` is an integer, and the
 * document says so (a generated client then types it as one, and a fuzzer sends no fractions).
 */
function withIntegers(target: object, properties: ClassMetadata): ClassMetadata {
  const integers = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(target as new () => unknown, '', true, false)
      .filter((validation) => validation.name === 'isInt')
      .map((validation) => validation.propertyName),
  );
  if (integers.size === 0) return properties;
  return Object.fromEntries(
    Object.entries(properties).map(([name, property]) => [
      name,
      integers.has(name) ? { ...(property as object), type: () => 'integer' } : property,
    ]),
  );
}

/** The property metadata the plugin recorded for a class, if any. */
export function pluginPropertiesOf(target: object): Record<string, { type?: unknown }> {
  const factory = (target as Record<string, unknown>)[METADATA_FACTORY];
  return typeof factory === 'function' ? (factory as () => Record<string, { type?: unknown }>)() : {};
}
