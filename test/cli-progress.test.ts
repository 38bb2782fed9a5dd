import { describe, expect, it } from 'vitest';
import { clock, perSecond, Progress } from '../src/cli/progress.js';

function stream(isTTY: boolean): NodeJS.WritableStream & { isTTY: boolean; text: string } {
  const s = { isTTY, text: '', write(chunk: string) { s.text += chunk; return true; } };
  return s as unknown as NodeJS.WritableStream & { isTTY: boolean; text: string };
}

describe('Progress', () => {
  it('off a terminal: a plain line per forced update and a heartbeat every 10 s between them', () => {
    const out = stream(false);
    const p = new Progress(out, 'sessions', 1000);
    p.update({ done: 0, total: 4, fraction: 0.1, detail: 'bars 10' }, 1500); // 0.5 s in: too soon for a heartbeat
    expect(out.text).toBe('');
    p.update({ done: 1, total: 4, detail: 'bars 100' }, 3000, true);
    p.update({ done: 1, total: 4, fraction: 0.3, detail: 'bars 120' }, 12_000); // 9 s after the last line
    p.update({ done: 1, total: 4, fraction: 0.5, detail: 'bars 200' }, 13_000);
    p.update({ done: 4, total: 4, detail: 'bars 400' }, 13_500, true);
    p.finish();
    expect(out.text).toBe([
      'sessions 1/4  bars 100  elapsed 0:02  eta 0:06',
      'sessions 1/4  bars 200  elapsed 0:12  eta 0:12',
      'sessions 4/4  bars 400  elapsed 0:12  eta 0:00',
      '',
    ].join('\n'));
  });

  it('on a terminal: one bar redrawn in place at most every 100 ms, ended by finish', () => {
    const out = stream(true);
    const p = new Progress(out, 'runs', 0);
    p.update({ done: 0, total: 8, detail: 'failed 0' }, 50); // 50 ms after the start: too soon
    // Nothing done yet: no ETA.
    p.update({ done: 0, total: 8, detail: 'failed 0' }, 150);
    p.update({ done: 2, total: 8, detail: 'failed 1' }, 200); // 50 ms after the last draw
    p.update({ done: 2, total: 8, detail: 'failed 1' }, 200, true);
    p.note('sweep: no worker is connected');
    p.update({ done: 8, total: 8, detail: 'failed 1' }, 61_000);
    p.finish();
    expect(out.text.split('\r')).toEqual([
      '',
      '[------------------------] 0/8 runs  failed 0  elapsed 0:00  eta ?\u001b[K',
      '[######------------------] 2/8 runs  failed 1  elapsed 0:00  eta 0:01\u001b[K\nsweep: no worker is connected\n',
      '[########################] 8/8 runs  failed 1  elapsed 1:01  eta 0:00\u001b[K\n',
    ]);
  });

  it('clock and rate for people', () => {
    expect([clock(0), clock(59_999), clock(61_000), clock(3_725_000), clock(400, Math.ceil)]).toEqual(['0:00', '0:59', '1:01', '1:02:05', '0:01']);
    expect([perSecond(1_234_567, 1000), perSecond(10, 0)]).toEqual(['1,234,567', '10,000']);
  });
});

describe('run on a terminal', () => {
  it('draws the bar on standard error, ends it with a newline, and leaves standard output to the summary', async () => {
    const { main } = await import('../src/cli/main.js');
    const out = stream(false), err = stream(true);
    expect(await main(['demo'], out, err)).toBe(0);
    expect(err.text.startsWith('\r[')).toBe(true);
    expect(err.text.endsWith('\u001b[K\n')).toBe(true);
    expect(err.text).toMatch(/\r\[#{24}\] 6\/6 sessions {2}bars 9,357 {2}[\d,]+ bars\/s {2}elapsed \d+:\d\d {2}eta 0:00\u001b\[K\n$/);
    expect(out.text).toMatch(/^session {6}open/);
    expect(out.text).not.toContain('\r');
  });
});
