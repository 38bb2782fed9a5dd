import { Redis } from 'ioredis';
import { SimError } from '../errors.js';
import { redactUrl } from './queue-address.js';

export { within } from './within.js';

/**
 * A fresh ioredis client per BullMQ object (shared or option-built connections hang in ESM).
 * rediss:// URLs connect with TLS (ioredis reads the scheme); a private CA comes from Node's
 * NODE_EXTRA_CA_CERTS. Errors are watched by the caller, never printed by the library.
 */
export function client(url: string): Redis {
  // disconnectTimeout: a socket to a dead Redis is destroyed soon, not after 2 s, so a stop is prompt.
  const c = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 100, 1000), disconnectTimeout: 200 });
  c.on('error', () => undefined);
  return c;
}

/**
 * Ends a client and every client BullMQ duplicated from it (a worker's blocking connection) at
 * once: with Redis gone BullMQ's own close waits forever, and a client left reconnecting keeps
 * the process alive.
 */
export function disconnectAll(c: Redis): void {
  for (const d of duplicates.get(c) ?? []) d.disconnect();
  c.disconnect();
}

const duplicates = new WeakMap<Redis, Redis[]>();

/** Records the clients BullMQ makes from `c` (see disconnectAll). */
export function trackDuplicates(c: Redis): Redis {
  const made: Redis[] = [];
  duplicates.set(c, made);
  const duplicate = c.duplicate.bind(c);
  c.duplicate = (override) => {
    const d = duplicate(override);
    d.on('error', () => undefined);
    made.push(d);
    return d;
  };
  return c;
}

/** Fails fast with a clear error when Redis cannot be reached (or refuses the password), instead of retrying forever. */
export async function checkRedis(url: string, timeoutMs = 3000): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // The cause (WRONGPASS, NOAUTH, a TLS failure) arrives as an error event; the rejection only says the connection closed.
  let cause: Error | null = null;
  probe.on('error', (e: Error) => { cause ??= e; });
  try {
    await probe.connect();
    await probe.ping();
  } catch (e) {
    throw new SimError('QUEUE_UNREACHABLE', `cannot reach Redis at ${redactUrl(url)}: ${(cause ?? (e as Error)).message}`, { value: redactUrl(url) });
  } finally {
    probe.disconnect();
  }
}

export interface ConnectionWatch {
  /** Rejects with QUEUE_LOST once every watched client has been unreachable for `lostAfterMs`. */
  readonly lost: Promise<never>;
  /** Races a Redis call against the loss, so no await outlives the connection. */
  guard<T>(p: Promise<T>): Promise<T>;
  stop(): void;
}

/**
 * Watches clients for a lost Redis: a restart shorter than `lostAfterMs` is ridden out (ioredis
 * reconnects), a longer outage ends in one QUEUE_LOST error rather than a reconnect loop forever.
 */
export function watchConnection(clients: readonly Redis[], url: string, lostAfterMs: number, onChange?: (up: boolean) => void): ConnectionWatch {
  let timer: NodeJS.Timeout | null = null;
  let fail!: (e: Error) => void;
  const lost = new Promise<never>((_, reject) => { fail = reject; });
  lost.catch(() => undefined);
  const down = new Set<Redis>();
  const listeners: [Redis, string, () => void][] = [];
  for (const c of clients) {
    const onDown = () => {
      if (down.has(c)) return;
      down.add(c);
      if (timer === null) {
        onChange?.(false);
        timer = setTimeout(() => fail(new SimError('QUEUE_LOST', `lost Redis at ${redactUrl(url)}: unreachable for ${lostAfterMs} ms`, { value: redactUrl(url) })), lostAfterMs);
      }
    };
    const onUp = () => {
      down.delete(c);
      if (down.size === 0 && timer !== null) { clearTimeout(timer); timer = null; onChange?.(true); }
    };
    c.on('close', onDown); c.on('ready', onUp);
    listeners.push([c, 'close', onDown], [c, 'ready', onUp]);
  }
  return {
    lost,
    guard: (p) => { p.catch(() => undefined); return Promise.race([p, lost]); },
    stop: () => {
      if (timer !== null) clearTimeout(timer);
      for (const [c, ev, f] of listeners) c.off(ev, f);
    },
  };
}
