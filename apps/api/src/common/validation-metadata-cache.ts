import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];
type Metadatas = ReturnType<Lookup>;

const INSTALLED = Symbol.for('gridflow.validationMetadataCache');

/**
 * class-validator works out a class's rules again on every validate(): it filters the
 * class's decorators and walks every registered class to find its parents — the costliest
 * part of validating a request body once there are a few hundred DTOs. The answer only
 * changes when a decorator registers a rule, so it is remembered per class and options, and
 * forgotten whenever a rule is added (a class defined later is seen at once). Callers get
 * the same array class-validator would build; neither it nor Nest's pipe changes it.
 */
export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): void {
  const marked = storage as Storage & { [INSTALLED]?: true };
  if (marked[INSTALLED]) return;
  marked[INSTALLED] = true;
  const lookup: Lookup = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  let known = new WeakMap<object, Map<string, Metadatas>>();
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema ?? ''}|${always}|${strictGroups}|${groups === undefined ? '-' : JSON.stringify(groups)}`;
    let forTarget = known.get(target);
    if (!forTarget) known.set(target, (forTarget = new Map()));
    let found = forTarget.get(key);
    if (!found) forTarget.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
  storage.addValidationMetadata = (metadata) => {
    known = new WeakMap();
    add(metadata);
  };
}
