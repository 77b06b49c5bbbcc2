const INTERNAL_FIELDS = Symbol('hellobooks:internal-fields');

type WithInternalFields = { [INTERNAL_FIELDS]?: Set<string> };

/**
 * Marks a property as internal: the HelloBooks frontend sees it, marketplace apps and webhook payloads never do.
 * Put it on the class the services return (a response model or an entity); the public serializer drops it.
 */
export function Internal(): PropertyDecorator {
  return (target, propertyKey) => {
    const holder = target as WithInternalFields;
    // Copy the parent's set so that a subclass's marks never leak into its parent.
    const own = Object.prototype.hasOwnProperty.call(holder, INTERNAL_FIELDS)
      ? holder[INTERNAL_FIELDS]!
      : new Set(holder[INTERNAL_FIELDS] ?? []);
    own.add(String(propertyKey));
    Object.defineProperty(holder, INTERNAL_FIELDS, { value: own, enumerable: false, configurable: true });
  };
}

const NO_INTERNAL_FIELDS: ReadonlySet<string> = new Set();

/** The internal property names of an object's class (and its parents); empty for plain objects. */
export function internalFieldsOf(value: object): ReadonlySet<string> {
  return (Object.getPrototypeOf(value) as WithInternalFields | null)?.[INTERNAL_FIELDS] ?? NO_INTERNAL_FIELDS;
}
