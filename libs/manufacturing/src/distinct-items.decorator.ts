import { registerDecorator, type ValidationArguments } from 'class-validator';

/** The first element whose `itemId` an earlier element already named, with that earlier one's index. */
function firstRepeat(value: unknown): { index: number; first: number } | undefined {
  if (!Array.isArray(value)) return undefined;
  const seen = new Map<unknown, number>();
  for (const [index, element] of value.entries()) {
    const itemId: unknown = (element as { itemId?: unknown } | null)?.itemId;
    if (itemId === undefined) continue;
    const first = seen.get(itemId);
    if (first !== undefined) return { index, first };
    seen.set(itemId, index);
  }
  return undefined;
}

/**
 * A list of document lines names each item once (API.md §7): a repeated item would multiply the paths of every
 * explosion through it while adding nothing a single line cannot say. The message names the repeating line.
 */
export function DistinctItems(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'distinctItems',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (value: unknown) => firstRepeat(value) === undefined,
        defaultMessage: ({ property, value }: ValidationArguments) => {
          const repeat = firstRepeat(value);
          return `${property}.${repeat?.index} names the same item as ${property}.${repeat?.first}; merge them into one line`;
        },
      },
    });
  };
}
