/**
 * Waits for `p` at most `ms` (undefined after that, or on an error): closing over a dead Redis,
 * or destroying a pool whose threads do not answer, must not hang. A module of its own, so that a
 * local sweep's pool loads no Redis client.
 */
export async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  p.catch(() => undefined);
  let t: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<undefined>((r) => { t = setTimeout(() => r(undefined), ms); })]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(t);
  }
}
