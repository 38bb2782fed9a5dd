export const EXIT = { ok: 0, failed: 1, usage: 2, input: 2 } as const;

export class UsageError extends Error {}

export interface Io {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
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
