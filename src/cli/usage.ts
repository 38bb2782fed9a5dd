import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';
import { showValue, SimError } from '../index.js';

/** What a command returns when it ends without an error; an error's status is its code's (EXIT_STATUS). */
export const EXIT = { ok: 0, failed: 1 } as const;

/** A bad command line: `USAGE` (its status from EXIT_STATUS), printed with the command's help. */
export class UsageError extends SimError {
  constructor(message: string) {
    super('USAGE', message);
  }
}

export interface Io {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

/** One subcommand. Declared here, not beside the table of commands, so no command imports that table. */
export interface Command {
  readonly summary: string;
  readonly help: string;
  run(argv: readonly string[], io: Io): Promise<number>;
}

export interface ArgSpec {
  /** Options that take a value: `--name value` or `--name=value`. */
  readonly values?: readonly string[];
  /** Options that take no value. */
  readonly flags?: readonly string[];
  /** Options that take a value and may be given more than once (all kept, in order). */
  readonly lists?: readonly string[];
}

/**
 * A command line read by node:util's parseArgs, strictly, against the command's declared options;
 * positionals in order, `--` ends the options. What parseArgs refuses becomes one USAGE line.
 */
export function parseArgs(argv: readonly string[], spec: ArgSpec) {
  const options: ParseArgsConfig['options'] = {};
  for (const name of spec.values ?? []) options[name] = { type: 'string' };
  for (const name of spec.flags ?? []) options[name] = { type: 'boolean' };
  for (const name of spec.lists ?? []) options[name] = { type: 'string', multiple: true };
  let parsed;
  try {
    parsed = nodeParseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(whyRefused(argv, options, e));
  }
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const lists = new Map<string, string[]>();
  for (const [name, v] of Object.entries(parsed.values)) {
    if (Array.isArray(v)) lists.set(name, v.map(String));
    else if (typeof v === 'string') values.set(name, v);
    else if (v === true) flags.add(name);
  }
  return { values, flags, lists, positionals: parsed.positionals };
}

/**
 * Says in one line why strict parsing refused argv. Node's own messages span lines and may change
 * between versions, so the cause is read from the same command line parsed leniently into tokens.
 */
function whyRefused(argv: readonly string[], options: NonNullable<ParseArgsConfig['options']>, e: unknown): string {
  const { tokens } = nodeParseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const declared = Object.hasOwn(options, t.name) ? options[t.name]! : undefined;
    if (declared === undefined) return `unknown option ${optionName(t.rawName)}`;
    if (declared.type === 'boolean' && t.value !== undefined) return `${t.rawName} takes no value, got ${showValue(t.value)}`;
    if (declared.type === 'string' && t.value === undefined) return `${t.rawName} needs a value`;
    if (declared.type === 'string' && !t.inlineValue && t.value!.length > 1 && t.value!.startsWith('-')) {
      return `${t.rawName} needs a value, got the option ${showValue(t.value)} (a value that starts with - is given as ${t.rawName}=VALUE)`;
    }
  }
  // eslint-disable-next-line no-control-regex
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.replace(/[\u0000-\u001f\u007f]/g, '?');
}

/** An option as typed, quoted only when it holds more than letters, digits and dashes (an error stays one clean line). */
function optionName(raw: string): string {
  return /^--?[\w-]{1,60}$/.test(raw) ? raw : showValue(raw);
}
