/**
 * The bad-input corpus: every case runs the real CLI in its own process (bin/sessionsim.js on the
 * built dist/) and asserts what a hostile user's input must give: the exit status, one
 * `CODE: message` line naming what is wrong (bounded, printable), no stack trace, no hang, no
 * file written but the outputs the user named, and every input unchanged.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { EXIT_STATUS, MAX_ERROR_LINE, type ErrorCode } from '../../src/errors.js';

export const BIN = path.resolve('bin/sessionsim.js');
export const DEMO_DATA = path.resolve('demo/data');

export interface CliRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

export interface CliOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly input?: string | Buffer;
  /** A hang is a failure: the process is killed after this long (default 30 s). */
  readonly timeoutMs?: number;
}

/** Runs `sessionsim ...args` to its end (or the timeout) in a child process. */
export function runCli(args: readonly string[], o: CliOptions = {}): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: o.cwd, env: { ...process.env, ...o.env }, input: o.input, timeout: o.timeoutMs ?? 30_000, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? '', stderr: r.stderr ?? '', timedOut: (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT' };
}

/** The same, asynchronously: for cases that must act while the CLI runs (kill it, race it). */
export function startCli(args: readonly string[], o: CliOptions = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: o.cwd, env: { ...process.env, ...o.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  if (o.input !== undefined) child.stdin.end(o.input); else child.stdin.end();
  const done = new Promise<CliRun>((resolve) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); }, o.timeoutMs ?? 30_000);
    child.on('close', (status, signal) => { clearTimeout(timer); resolve({ status, signal, stdout, stderr, timedOut: signal === 'SIGKILL' }); });
  });
  return { child, done };
}

const STACK_LINE = /^\s+at .+(\(|:\d+)/m;

export interface ErrorExpectation {
  /** The error code of the one error line, e.g. CONFIG_INVALID. Its exit status is EXIT_STATUS[code] unless `status` says otherwise. */
  readonly code: ErrorCode;
  readonly status?: number;
  /** Texts the line must contain: the file, row, key or value it names. */
  readonly mentions?: readonly string[];
}

/**
 * A clean failure: the expected exit status, no timeout or signal, and stderr has exactly one
 * `CODE: message` error line (after any progress lines), printable and bounded, no stack trace.
 */
export function expectCleanError(r: CliRun, e: ErrorExpectation): string {
  expect(r.timedOut, `hung; stderr: ${r.stderr.slice(0, 500)}`).toBe(false);
  expect(r.signal, `killed by a signal; stderr: ${r.stderr.slice(0, 500)}`).toBeNull();
  expect(r.stderr, 'a stack trace').not.toMatch(STACK_LINE);
  const lines = r.stderr.split('\n').filter((l) => /^[A-Z][A-Z_]+: /.test(l));
  expect(lines.length, `expected one CODE: line in stderr:\n${r.stderr.slice(0, 2000)}`).toBeGreaterThanOrEqual(1);
  const errors = lines.filter((l) => !/^(LOG_TRUNCATED|WARNING|PREFETCH_TIMEOUT): /.test(l) || l.startsWith(e.code + ':'));
  const line = errors[errors.length - 1] ?? lines[lines.length - 1]!;
  expect(line.startsWith(e.code + ':'), `expected ${e.code}, got: ${line}\n${r.stderr.slice(0, 2000)}`).toBe(true);
  expect(r.status, `exit status for ${line}`).toBe(e.status ?? EXIT_STATUS[e.code]);
  expect(line.length).toBeLessThanOrEqual(MAX_ERROR_LINE);
  // eslint-disable-next-line no-control-regex
  expect(line).not.toMatch(/[\u0000-\u001f\u007f]/);
  for (const m of e.mentions ?? []) expect(line, `the error line should name ${m}`).toContain(m);
  expect(r.stderr.length, 'stderr is bounded').toBeLessThan(20_000);
  return line;
}

/** A clean success: exit 0, no stack trace, no timeout. */
export function expectOk(r: CliRun): void {
  expect(r.timedOut, 'hung').toBe(false);
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.status, r.stderr.slice(0, 2000)).toBe(0);
}

export type Tree = ReadonlyMap<string, string>;

/** Every entry under `root` (relative path -> sha256 of a file, 'dir', or 'link:target'), to compare before and after. */
export function snapshotTree(root: string): Tree {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full);
      const st = lstatSync(full);
      if (st.isSymbolicLink()) out.set(rel, `link:${readlinkSync(full)}`);
      else if (st.isDirectory()) { out.set(rel, 'dir'); walk(full); }
      else if (st.isFile()) out.set(rel, createHash('sha256').update(readFileSync(full)).digest('hex'));
      else out.set(rel, 'other');
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

/**
 * Nothing changed under the folder but the outputs named (relative paths; they may be new or
 * changed). Catches overwritten inputs, leftover temporary files and half-written outputs.
 */
export function expectTreeUnchanged(before: Tree, after: Tree, outputs: readonly string[] = []): void {
  const allowed = new Set(outputs.map((p) => path.normalize(p)));
  const changed: string[] = [];
  for (const [k, v] of after) if (!allowed.has(k) && before.get(k) !== v) changed.push(`${before.has(k) ? 'changed' : 'new'}: ${k}`);
  for (const k of before.keys()) if (!after.has(k) && !allowed.has(k)) changed.push(`gone: ${k}`);
  expect(changed).toEqual([]);
}
