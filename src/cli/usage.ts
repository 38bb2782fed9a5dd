import { SimError } from '../index.js';

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

/** Minimal flag parsing: `--name value`, `--flag`; positionals in order. Unknown flags are usage errors. */
export function parseArgs(argv: readonly string[], spec: { readonly values?: readonly string[]; readonly flags?: readonly string[] }) {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (spec.values?.includes(name)) {
        const v = inline ?? argv[++i];
        if (v === undefined) throw new UsageError(`--${name} needs a value`);
        values.set(name, v);
      } else if (spec.flags?.includes(name)) {
        flags.add(name);
      } else {
        throw new UsageError(`unknown option --${name}`);
      }
    } else {
      positionals.push(a);
    }
  }
  return { values, flags, positionals };
}
