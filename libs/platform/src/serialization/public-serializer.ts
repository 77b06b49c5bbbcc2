import { snakeCase } from './case';
import { internalFieldsOf } from './internal.decorator';

/**
 * The public shape of anything a service returns: `@Internal()` properties removed at any depth (arrays included),
 * keys in snake_case, dates as ISO-8601 strings, `undefined` properties left out. Webhook payloads use it too, so an
 * event never shows more than the API does.
 */
export function toPublicShape(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toPublicShape);
  if (typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // Decimal instances and the like know their own JSON form.
    return toPublicShape((value as { toJSON: () => unknown }).toJSON());
  }
  const hidden = internalFieldsOf(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const inner = (value as Record<string, unknown>)[key];
    if (inner === undefined || hidden.has(key)) continue;
    out[snakeCase(key)] = toPublicShape(inner);
  }
  return out;
}
