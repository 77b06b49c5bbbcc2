import { getMetadataStorage } from 'class-validator';

type MetadataStorage = ReturnType<typeof getMetadataStorage>;
type Rules = ReturnType<MetadataStorage['getTargetValidationMetadatas']>;

const REMEMBERING = Symbol('hellobooks:remembering-rules');

/**
 * class-validator looks up the rules of a class on every validation by filtering the rules of every class it knows
 * (an `instanceof` test per registered class, for inherited rules): about half of what validating a route's params
 * cost. Rules are registered as classes are decorated, so the answer for a class and options is kept until another
 * rule is registered. Installed once per process, on class-validator's one metadata storage.
 */
export function rememberValidationRules(storage: MetadataStorage = getMetadataStorage()): void {
  const marked = storage as MetadataStorage & { [REMEMBERING]?: true };
  if (marked[REMEMBERING]) return;
  marked[REMEMBERING] = true;
  let known = new WeakMap<object, Map<string, Rules>>();
  const look = storage.getTargetValidationMetadatas.bind(storage);
  const register = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    known = new WeakMap();
    register(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const options = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0000') ?? ''}`;
    let ofTarget = known.get(target);
    if (!ofTarget) {
      ofTarget = new Map();
      known.set(target, ofTarget);
    }
    let rules = ofTarget.get(options);
    if (!rules) {
      rules = look(target, schema, always, strictGroups, groups);
      ofTarget.set(options, rules);
    }
    return rules;
  };
}
