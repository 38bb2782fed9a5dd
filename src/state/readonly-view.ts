import { DayBarTable } from './day-bars.js';
import { DerivedTable } from './day-derived.js';
import { Book } from './book.js';

/**
 * Read-only views of the live state, for callbacks: reading works as on the state (getters,
 * rows, columns, `bars.get(symbol)`, iteration), every write throws a TypeError, so a callback
 * can look at the run but never change it. A view is made once per object and kept (no
 * allocation per event); nested objects get their own views as they are read.
 */

const views = new WeakMap<object, object>();
const methods = new WeakMap<object, Map<PropertyKey, unknown>>();

function refuse(what: string): never {
  throw new TypeError(`the state handed to callbacks is read-only: ${what} is not allowed`);
}

type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint8ClampedArray | BigInt64Array | BigUint64Array;

function isTypedArray(v: object): v is TypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** Typed-array methods that write in place; `subarray` gives a view of the same memory. */
const TYPED_WRITERS = new Set<PropertyKey>(['copyWithin', 'fill', 'reverse', 'set', 'sort']);
/** The only methods of the day tables and the book a reader needs (the rest change them). */
const TABLE_READERS = new Set<PropertyKey>(['get', 'symbols', 'lastClose', 'ordersOf', 'position', 'equity']);
/** Map methods that only read (a Map's internals work only on the Map itself). */
const MAP_READERS = new Set<PropertyKey>(['get', 'has', 'keys', 'values', 'entries', 'forEach', Symbol.iterator]);

/**
 * A method of an object whose internals work only on the real object (typed arrays, the day
 * tables), bound to it; its result is viewed too when it may share the object's memory. A method
 * that writes is still there, but refuses when called.
 */
function boundMethod(target: object, key: PropertyKey, fn: (...args: unknown[]) => unknown, mode: 'view' | 'raw' | 'refuse', what: string): unknown {
  let cache = methods.get(target);
  if (cache === undefined) methods.set(target, (cache = new Map()));
  let m = cache.get(key);
  if (m === undefined) {
    m = mode === 'refuse' ? () => refuse(what) : mode === 'view' ? (...args: unknown[]) => wrap(fn.apply(target, args)) : (...args: unknown[]) => fn.apply(target, args);
    cache.set(key, m);
  }
  return m;
}

/**
 * A method of a Map of the state: lookups give viewed values; iteration goes over a copy of the
 * entries, viewed (a Map's own iterators work only on the Map itself); writers refuse.
 */
function mapMethod(target: Map<unknown, unknown>, key: PropertyKey, fn: (...args: unknown[]) => unknown): unknown {
  if (!MAP_READERS.has(key)) return boundMethod(target, key, fn, 'refuse', `${String(key)}() on a state map`);
  if (key === 'get' || key === 'has') return boundMethod(target, key, fn, 'view', '');
  let cache = methods.get(target);
  if (cache === undefined) methods.set(target, (cache = new Map()));
  let m = cache.get(key);
  if (m === undefined) {
    const pairs = () => [...target.entries()].map(([k, v]) => [k, wrap(v)] as const);
    m = key === 'keys' ? () => [...target.keys()][Symbol.iterator]()
      : key === 'values' ? () => pairs().map((p) => p[1])[Symbol.iterator]()
      : key === 'forEach' ? (cb: (v: unknown, k: unknown) => void) => { for (const [k, v] of pairs()) cb(v, k); }
      : () => pairs()[Symbol.iterator]();
    cache.set(key, m);
  }
  return m;
}

function wrap(v: unknown): unknown {
  return typeof v === 'object' && v !== null ? readonlyView(v) : v;
}

const handler: ProxyHandler<object> = {
  get(target, key) {
    if (isTypedArray(target)) {
      // The memory under a column would let a caller write into it.
      if (key === 'buffer') refuse('the buffer of a state column (copy it with slice())');
      const v = Reflect.get(target, key, target);
      if (typeof v !== 'function') return v;
      // Copies, iterators and numbers come back as they are; a subarray shares the memory.
      const mode = TYPED_WRITERS.has(key) ? 'refuse' : key === 'subarray' ? 'view' : 'raw';
      return boundMethod(target, key, v as (...args: unknown[]) => unknown, mode, `${String(key)}() on a state column`);
    }
    const v = Reflect.get(target, key, target);
    if (typeof v === 'function' && (target instanceof DayBarTable || target instanceof DerivedTable || target instanceof Book)) {
      return boundMethod(target, key, v as (...args: unknown[]) => unknown, TABLE_READERS.has(key) ? 'view' : 'refuse', `${String(key)}() on the state's tables`);
    }
    if (typeof v === 'function' && target instanceof Map) return mapMethod(target, key, v as (...args: unknown[]) => unknown);
    // Plain objects and arrays: methods run on the view, so a writing one (push, splice) hits `set`.
    return wrap(v);
  },
  getOwnPropertyDescriptor(target, key) {
    const d = Reflect.getOwnPropertyDescriptor(target, key);
    // A non-configurable property must be described as it is (a proxy invariant).
    if (d === undefined || !('value' in d) || !d.configurable) return d;
    return { ...d, value: wrap(d.value) };
  },
  set: (_t, key) => refuse(`setting ${String(key)}`),
  defineProperty: (_t, key) => refuse(`defining ${String(key)}`),
  deleteProperty: (_t, key) => refuse(`deleting ${String(key)}`),
  setPrototypeOf: () => refuse('changing the prototype'),
  preventExtensions: () => refuse('preventing extensions'),
};

/** The read-only view of an object of the state (the same view each time for the same object). */
export function readonlyView<T extends object>(target: T): T {
  let v = views.get(target);
  if (v === undefined) {
    v = new Proxy(target, handler);
    views.set(target, v);
  }
  return v as T;
}
