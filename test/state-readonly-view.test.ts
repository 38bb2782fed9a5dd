import { describe, expect, it } from 'vitest';
import { readonlyView } from '../src/state/readonly-view.js';

const refused = (what: string) => `the state handed to callbacks is read-only: ${what} is not allowed`;

describe('the read-only view of the state', () => {
  it('names what was refused, word for word', () => {
    const v = readonlyView({ a: 1, nested: { b: 2 }, col: Float64Array.of(1, 2) }) as Record<string, unknown>;
    expect(() => { v.a = 2; }).toThrow(refused('setting a'));
    expect(() => Object.defineProperty(v, 'c', { value: 1 })).toThrow(refused('defining c'));
    expect(() => { delete v.a; }).toThrow(refused('deleting a'));
    expect(() => Object.setPrototypeOf(v, null)).toThrow(refused('changing the prototype'));
    expect(() => Object.preventExtensions(v)).toThrow(refused('preventing extensions'));
    const col = v.col as Float64Array;
    expect(() => col.buffer).toThrow(refused('the buffer of a state column (copy it with slice())'));
    expect(() => col.fill(0)).toThrow(/read-only: fill/);
    expect(Array.from(col.slice())).toEqual([1, 2]);
  });

  it('describes an own property with a read-only view of its value', () => {
    const target = { nested: { b: 2 } };
    const v = readonlyView(target);
    const d = Object.getOwnPropertyDescriptor(v, 'nested')!;
    expect(d.value).toEqual({ b: 2 });
    expect(d.value).not.toBe(target.nested);
    expect(() => { (d.value as { b: number }).b = 3; }).toThrow(refused('setting b'));
    expect(target.nested.b).toBe(2);
    expect(Object.getOwnPropertyDescriptor(v, 'missing')).toBeUndefined();
    // A non-configurable property is described as it is (a proxy invariant).
    const fixed = {};
    Object.defineProperty(fixed, 'k', { value: { z: 1 }, configurable: false, enumerable: true });
    expect(Object.getOwnPropertyDescriptor(readonlyView(fixed), 'k')!.value).toBe((fixed as { k: object }).k);
  });
});

describe('views of a state column', () => {
  it('a subarray is a view too: writing through it is refused', () => {
    const col = Float64Array.of(1, 2, 3);
    const sub = (readonlyView({ col }).col).subarray(0, 2);
    expect(() => { sub[0] = 5; }).toThrow(refused('setting 0'));
    expect(col[0]).toBe(1);
  });
});
