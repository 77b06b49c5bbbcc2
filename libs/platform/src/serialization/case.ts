/** Past this many distinct keys a conversion is no longer remembered (keys a caller sends are not a bounded set). */
const REMEMBERED_KEYS = 10_000;

/**
 * A key conversion remembered per key: every answer and request converts the same few hundred keys, and two regular
 * expressions per key per object were a visible share of a public read.
 */
function remembered(convert: (key: string) => string): (key: string) => string {
  const known = new Map<string, string>();
  return (key) => {
    let converted = known.get(key);
    if (converted === undefined) {
      converted = convert(key);
      if (known.size < REMEMBERED_KEYS) known.set(key, converted);
    }
    return converted;
  };
}

/** `valuationRate` → `valuation_rate`; leaves keys that are already snake_case alone. */
export const snakeCase = remembered((key) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase(),
);

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
export const camelCase = remembered((key) =>
  key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase()),
);

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
