import type { Type } from '@nestjs/common';
import { internalFieldsOf } from '../serialization/internal.decorator';
import { pluginPropertiesOf } from './plugin-metadata';

const publicRoots = new Set<Type<unknown>>();

/** A model some public route answers with; the document derives the public schemas of it and its nested models. */
export function registerPublicModel(model: Type<unknown>): void {
  publicRoots.add(model);
}

const BUILT_INS = new Set<unknown>([String, Number, Boolean, Date, Object, Array]);

function isClass(value: unknown): value is Type<unknown> {
  return typeof value === 'function' && value.prototype !== undefined && !BUILT_INS.has(value);
}

/** A property's declared type as @nestjs/swagger records it: a class, `[Class]`, or a thunk of either. */
function classesIn(type: unknown): Type<unknown>[] {
  if (Array.isArray(type)) return type.flatMap(classesIn);
  if (isClass(type)) return [type];
  if (typeof type === 'function' && type.prototype === undefined) return classesIn((type as () => unknown)());
  return [];
}

/** The classes a model's properties are typed with, from the plugin's metadata and explicit `@ApiProperty`s. */
function nestedModels(model: Type<unknown>): Type<unknown>[] {
  const prototype = model.prototype as object;
  const explicitKeys = (Reflect.getMetadata('swagger/apiModelPropertiesArray', prototype) ?? []) as string[];
  const explicit = explicitKeys.map(
    (key) => (Reflect.getMetadata('swagger/apiModelProperties', prototype, key.slice(1)) ?? {}) as { type?: unknown },
  );
  return [...Object.values(pluginPropertiesOf(model)), ...explicit].flatMap((property) => classesIn(property.type));
}

/** Every class reachable from the public answers, by schema name (the class name, as @nestjs/swagger names them). */
export function publicModelsByName(): Map<string, Type<unknown>> {
  const found = new Map<string, Type<unknown>>();
  const pending = [...publicRoots];
  for (let model = pending.pop(); model; model = pending.pop()) {
    if (found.has(model.name)) continue;
    found.set(model.name, model);
    pending.push(...nestedModels(model));
  }
  return found;
}

/** The `@Internal()` properties of a model class: the serializer drops them, so the public schema does too. */
export function internalPropertiesOf(model: Type<unknown> | undefined): ReadonlySet<string> {
  return model ? internalFieldsOf(Object.create(model.prototype as object) as object) : new Set();
}
