import { describe, expect, it } from 'vitest';
import { textTable } from '../src/cli/format.js';

describe('textTable (cli-table3, plain style)', () => {
  it('first column left, the others right, a dashed rule under the header, fractions with two decimals', () => {
    expect(textTable(['session', 'bars', 'pct'], [['2013-10-07', 1559, 99.9358], ['2013-10-08', 12, 100]])).toBe([
      'session     bars    pct',
      '----------  ----  -----',
      '2013-10-07  1559  99.94',
      '2013-10-08    12    100',
      '',
    ].join('\n'));
  });

  it('aligns by display width (wide and accented characters) and leaves no trailing spaces', () => {
    const t = textTable(['name', 'note'], [['日本', 'x'], ['é', '']], ['left', 'left']);
    expect(t).toBe(['name  note', '----  ----', '日本  x', 'é', ''].join('\n'));
    for (const line of t.split('\n')) expect(line).toBe(line.trimEnd());
  });

  it('no colour codes: the same bytes in a file, a pipe and a test', () => {
    expect(textTable(['a'], [['b']])).not.toMatch(/\u001b/);
  });
});
