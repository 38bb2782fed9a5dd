import type { CalendarDefinition } from './definition.js';

/**
 * A definition that is built the first time one of its fields is read, not when its module
 * loads: an exchange's rules are then evaluated where they are used (in a test, under a mutant
 * that is switched on only inside tests), and a process that never asks for the exchange never
 * builds it. It reads, spreads and serialises (JSON, hence `calendarVersion`) as the built object.
 */
export function lazyDefinition(build: () => CalendarDefinition): CalendarDefinition {
  let built: CalendarDefinition | undefined;
  const def = (): CalendarDefinition => (built ??= build());
  return new Proxy({} as CalendarDefinition, {
    get: (_target, key) => Reflect.get(def(), key),
    has: (_target, key) => Reflect.has(def(), key),
    ownKeys: () => Reflect.ownKeys(def()),
    getOwnPropertyDescriptor: (_target, key) => Reflect.getOwnPropertyDescriptor(def(), key),
  });
}
