/** `valuationRate` → `valuation_rate`; leaves keys that are already snake_case alone. */
export function snakeCase(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Snake-cases the keys of plain objects at any depth; dates, arrays' items and other values pass through. */
export function snakeCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeCaseKeys);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[snakeCase(key)] = snakeCaseKeys(inner);
  return out;
}

/** `item_id` → `itemId`; leaves camelCase keys alone. */
export function camelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** Camel-cases the keys of plain objects at any depth (a public request's body and query, for the DTOs). */
export function camelCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCaseKeys);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[camelCase(key)] = camelCaseKeys(inner);
  return out;
}

/** `lines.0.itemId` → `lines.0.item_id`: a validation detail's field as a public caller wrote it. */
export function snakeCasePath(path: string): string {
  return path.split('.').map(snakeCase).join('.');
}
