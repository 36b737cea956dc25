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
