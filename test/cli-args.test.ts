import { describe, expect, it } from 'vitest';
import { commands } from '../src/cli/commands.js';
import { parseArgs, UsageError } from '../src/cli/usage.js';
import { cli } from './support/cli-in-process.js';

const spec = { values: ['log', 'from'], flags: ['json'], lists: ['data-root'] };

function refusal(argv: string[]): string {
  try {
    parseArgs(argv, spec);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).code).toBe('USAGE');
    return (e as UsageError).message;
  }
  throw new Error(`accepted ${JSON.stringify(argv)}`);
}

describe('parseArgs (node:util, strict)', () => {
  it('reads values, flags, repeated options and positionals in order', () => {
    const r = parseArgs(['a.json', '--log', 'x.arrow', '--json', 'b', '--from=2025-01-02', '--data-root', 'd1', '--data-root=d2', '--', '--not-an-option'], spec);
    expect(r.positionals).toEqual(['a.json', 'b', '--not-an-option']);
    expect([...r.values]).toEqual([['log', 'x.arrow'], ['from', '2025-01-02']]);
    expect([...r.flags]).toEqual(['json']);
    expect(r.lists.get('data-root')).toEqual(['d1', 'd2']);
  });

  it('keeps `-` (standard output) as a value and as a positional, and an empty inline value', () => {
    const r = parseArgs(['--log', '-', '-', '--from='], spec);
    expect(r.values.get('log')).toBe('-');
    expect(r.values.get('from')).toBe('');
    expect(r.positionals).toEqual(['-']);
  });

  it('refuses what is not declared, in one line naming the option', () => {
    expect(refusal(['--nope'])).toBe('unknown option --nope');
    expect(refusal(['-x'])).toBe('unknown option -x');
    expect(refusal(['--log'])).toBe('--log needs a value');
    expect(refusal(['--json=yes'])).toBe('--json takes no value, got "yes"');
    expect(refusal(['--log', '--json'])).toBe('--log needs a value, got the option "--json" (a value that starts with - is given as --log=VALUE)');
    expect(refusal(['--bad\u001b[2J'])).toBe('unknown option "--bad\\u001b[2J"');
    for (const argv of [['--nope'], ['--log'], ['--json=1'], ['--log', '--json']]) expect(refusal(argv)).not.toContain('\n');
  });

  it('every command refuses an unknown option and a missing value with USAGE, exit 2, one line and its help', async () => {
    const valueOf: Record<string, string> = { demo: '--log', run: '--log', replay: '--type', calendar: '--from', import: '--data', export: '--sessions', report: '--out', sweep: '--workers', worker: '--redis' };
    expect(Object.keys(valueOf).sort()).toEqual(Object.keys(commands).sort());
    for (const name of Object.keys(commands)) {
      const unknown = await cli(name, 'x', '--no-such-option');
      expect([name, unknown.code, unknown.err.split('\n')[0]]).toEqual([name, 2, 'USAGE: unknown option --no-such-option']);
      expect(unknown.err).toContain(commands[name]!.help);
      const missing = await cli(name, 'x', valueOf[name]!);
      expect([name, missing.code, missing.err.split('\n')[0]]).toEqual([name, 2, `USAGE: ${valueOf[name]} needs a value`]);
    }
  });
});
