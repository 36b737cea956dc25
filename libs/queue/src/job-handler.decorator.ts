import 'reflect-metadata';
import type { JobName } from './queue-names.js';

const JOB_HANDLERS = Symbol('gridflow:job-handlers');

/** Marks a processor method as the handler of one job name. */
export function JobHandler(name: JobName): MethodDecorator {
  return (target, propertyKey) => {
    const map: Map<JobName, string | symbol> = Reflect.getMetadata(JOB_HANDLERS, target) ?? new Map();
    if (map.has(name)) throw new Error(`${String(name)} has two handlers in ${target.constructor.name}`);
    map.set(name, propertyKey);
    Reflect.defineMetadata(JOB_HANDLERS, map, target);
  };
}

export function jobHandlersOf(instance: object): Map<JobName, string | symbol> {
  return Reflect.getMetadata(JOB_HANDLERS, Object.getPrototypeOf(instance)) ?? new Map();
}

/** The handler `instance` declares for `name`, bound to it; undefined when it declares none. */
export function jobHandlerOf(
  instance: object,
  name: JobName,
): ((job: unknown, token?: string) => Promise<unknown>) | undefined {
  const key = jobHandlersOf(instance).get(name);
  const method: unknown = key === undefined ? undefined : Reflect.get(instance, key);
  if (typeof method !== 'function') return undefined;
  return (job, token) => Promise.resolve(Reflect.apply(method, instance, [job, token]));
}
