import * as A from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { booleanValues, stringValues } from '../src/storage/arrow-text.js';

/** The log reader's own string and boolean decoding gives what the Arrow library's toArray gives. */
describe('strings and booleans read from Arrow buffers', () => {
  it('strings: ASCII, non-ASCII, long, empty, null, sliced, and a dictionary', () => {
    const text = fc.oneof(fc.constantFrom('SPY', 'BRK.B', '', 'Ω', 'a'.repeat(40), 'SPY'), fc.string(), fc.string({ unit: 'grapheme' }), fc.constant(null));
    fc.assert(fc.property(fc.array(text, { maxLength: 60 }), fc.nat(5), (values, cut) => {
      const vec = A.vectorFromArray(values, new A.Utf8());
      expect(stringValues(vec)).toEqual(values);
      const part = vec.slice(Math.min(cut, values.length));
      expect(stringValues(part)).toEqual(values.slice(Math.min(cut, values.length)));
      const dict = A.vectorFromArray(values, new A.Dictionary(new A.Utf8(), new A.Int32()));
      expect(stringValues(dict)).toEqual(values);
    }), { numRuns: 300 });
  });

  it('the same short string twice is the same string, and a hash collision is not a match', () => {
    const out = stringValues(A.vectorFromArray(['AB', 'AB', 'BA', 'AB'], new A.Utf8()));
    expect(out).toEqual(['AB', 'AB', 'BA', 'AB']);
  });

  it('booleans: null, sliced at any bit', () => {
    fc.assert(fc.property(fc.array(fc.option(fc.boolean(), { nil: null }), { maxLength: 70 }), fc.nat(9), (values, cut) => {
      const vec = A.vectorFromArray(values, new A.Bool());
      expect(booleanValues(vec)).toEqual(values);
      const k = Math.min(cut, values.length);
      expect(booleanValues(vec.slice(k))).toEqual(values.slice(k));
    }), { numRuns: 300 });
  });
});

describe('numbers read from Arrow buffers', () => {
  it('float64, int32 and int64 columns, with nulls, sliced anywhere (regression: a slice read its values from the wrong place)', async () => {
    const { numericValues } = await import('../src/storage/arrow-numbers.js');
    fc.assert(fc.property(fc.array(fc.option(fc.integer({ min: -1e9, max: 1e9 }), { nil: null }), { maxLength: 40 }), fc.nat(6), (values, cut) => {
      const k = Math.min(cut, values.length);
      for (const [type, make] of [[new A.Float64(), (x: number) => x], [new A.Int32(), (x: number) => x], [new A.Int64(), (x: number) => BigInt(x)]] as const) {
        const vec = A.vectorFromArray(values.map((x) => (x === null ? null : (make as (x: number) => number | bigint)(x))), type as A.DataType).slice(k);
        const got = numericValues(vec);
        const want = values.slice(k);
        expect(Array.from(got.values).map((x, i) => (got.valid !== null && got.valid[i] === 0 ? null : x))).toEqual(want);
      }
    }), { numRuns: 200 });
  });
});
