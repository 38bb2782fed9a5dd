import { linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { isSimError } from '../src/errors.js';
import { isEventLogFile, openOutput, resolveOutput, writeOutput, type OutputOptions } from '../src/storage/output.js';
import { tmpDir } from './support/tmp.js';

const dir = tmpDir('output-');

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isSimError(e)) return `${e.code}: ${e.message}`;
    throw e;
  }
  return 'no error';
}

/** The start of a sessionsim log: Arrow stream continuation, schema length, a schema naming the manifest. */
function fakeLog(file: string): void {
  const schema = Buffer.from('....sessionsim.manifest....');
  const head = Buffer.alloc(8);
  head.writeUInt32LE(0xffffffff, 0);
  head.writeUInt32LE(schema.length, 4);
  writeFileSync(file, Buffer.concat([head, schema]));
}

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  return { stream: new Writable({ write(c, _e, cb) { text += String(c); cb(); } }), text: () => text };
}

describe('output', () => {
  it('writes a file through a temporary name and leaves nothing else', () => {
    const d = path.join(dir, 'plain');
    mkdirSync(d);
    writeFileSync(path.join(d, 'out.csv'), 'old');
    writeOutput(path.join(d, 'out.csv'), 'new\n');
    expect(readFileSync(path.join(d, 'out.csv'), 'utf8')).toBe('new\n');
    expect(readdirSync(d)).toEqual(['out.csv']);
  });

  it("'-' and /dev/stdout go to the stdout stream, no file is made", () => {
    const s = sink();
    const cwd = process.cwd();
    expect(writeOutput('-', 'a\n', { stdout: s.stream }).kind).toBe('stream');
    expect(writeOutput('/dev/stdout', 'b\n', { stdout: s.stream }).kind).toBe('stream');
    expect(s.text()).toBe('a\nb\n');
    expect(readdirSync(cwd)).not.toContain('-');
  });

  it('a symlink is refused, its target untouched', () => {
    const target = path.join(dir, 'target.csv');
    writeFileSync(target, 'keep');
    const link = path.join(dir, 'link.csv');
    symlinkSync(target, link);
    expect(codeOf(() => writeOutput(link, 'x'))).toMatch(/^OUTPUT_REFUSED: .*link\.csv.*symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('keep');
  });

  it('a folder in the way is refused naming it', () => {
    mkdirSync(path.join(dir, 'adir'));
    expect(codeOf(() => writeOutput(path.join(dir, 'adir'), 'x'))).toMatch(/^OUTPUT_REFUSED: .*adir.*folder/);
  });

  it('an input is refused by real path and by hard link', () => {
    const d = path.join(dir, 'inputs');
    mkdirSync(path.join(d, 'x'), { recursive: true });
    const a = path.join(d, 'a.csv');
    writeFileSync(a, 'input');
    linkSync(a, path.join(d, 'hard.csv'));
    const o: OutputOptions = { inputs: [a] };
    expect(codeOf(() => writeOutput(path.join(d, 'x', '..', 'a.csv'), 'x', o))).toMatch(/^OUTPUT_REFUSED: .*input/);
    expect(codeOf(() => writeOutput(path.join(d, 'hard.csv'), 'x', o))).toMatch(/^OUTPUT_REFUSED: .*input/);
    expect(readFileSync(a, 'utf8')).toBe('input');
  });

  it('an event log is replaced only by a log; a log replaces no other non-empty file', () => {
    const log = path.join(dir, 'run.arrow');
    fakeLog(log);
    expect(isEventLogFile(log)).toBe(true);
    expect(codeOf(() => writeOutput(log, 'csv'))).toMatch(/^OUTPUT_REFUSED: .*run\.arrow.*event log/);
    expect(resolveOutput(log, { log: true }).kind).toBe('file');
    const csv = path.join(dir, 'data.csv');
    writeFileSync(csv, 'a,b\n');
    expect(codeOf(() => resolveOutput(csv, { log: true }))).toMatch(/^OUTPUT_REFUSED: .*data\.csv.*not a sessionsim event log/);
    expect(codeOf(() => resolveOutput('-', { log: true }))).toMatch(/^OUTPUT_REFUSED/);
  });

  it('a write error is OUTPUT_IO naming the path (/dev/full: no space)', () => {
    expect(codeOf(() => writeOutput('/dev/full', 'x'))).toMatch(/^OUTPUT_IO: .*\/dev\/full.*ENOSPC/);
  });

  it('a missing folder is OUTPUT_IO naming it unless asked to create it', () => {
    expect(codeOf(() => writeOutput(path.join(dir, 'nope', 'out.csv'), 'x'))).toMatch(/^OUTPUT_IO: .*nope.*does not exist/);
    writeOutput(path.join(dir, 'made', 'out.csv'), 'x', { mkdir: true });
    expect(readFileSync(path.join(dir, 'made', 'out.csv'), 'utf8')).toBe('x');
  });

  it('a kept output stays at its temporary name; a discarded one is removed', () => {
    const d = path.join(dir, 'keep');
    mkdirSync(d);
    const a = openOutput(path.join(d, 'log.arrow'), { temp: path.join(d, 'log.arrow.partial') });
    a.write('abc');
    a.keep();
    expect(readdirSync(d)).toEqual(['log.arrow.partial']);
    const b = openOutput(path.join(d, 'other.csv'));
    b.write('abc');
    b.discard();
    expect(readdirSync(d)).toEqual(['log.arrow.partial']);
  });
});
