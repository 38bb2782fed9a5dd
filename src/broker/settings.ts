import { showValue, SimError } from '../errors.js';

/** The simulated broker's settings (config `broker`), every default filled in. */
export interface BrokerSettings {
  /** Cash the account opens with. */
  readonly cash: number;
  /** Refuse buys the cash cannot pay for (at acceptance, by the order's price; at a fill, by its price). */
  readonly enforce_cash: boolean;
  /** Allow selling more than is held (going short). */
  readonly allow_short: boolean;
  readonly fill: {
    /** A limit order fills when a bar trades through its price ('through': strictly beyond it) or touches it ('touch'). */
    readonly limit: 'through' | 'touch';
    /** At most this share of a bar's volume fills (over all of a symbol's orders on that bar); the rest waits for later bars. */
    readonly volume_share: number;
  };
  /** Per fill: per_share x quantity + bps of the value (+ per_order on an order's first fill, which is at least `minimum`). */
  readonly commission: { readonly per_share: number; readonly per_order: number; readonly bps: number; readonly minimum: number };
  /** Against the order, on market and stop fills (a limit fills at its price or better): bps of the price, plus per_share. */
  readonly slippage: { readonly bps: number; readonly per_share: number };
}

export const DEFAULT_BROKER: BrokerSettings = Object.freeze({
  cash: 100_000,
  enforce_cash: true,
  allow_short: true,
  fill: Object.freeze({ limit: 'through' as const, volume_share: 1 }),
  commission: Object.freeze({ per_share: 0, per_order: 0, bps: 0, minimum: 0 }),
  slippage: Object.freeze({ bps: 0, per_share: 0 }),
});

const SECTIONS: Record<string, readonly string[] | null> = {
  cash: null, enforce_cash: null, allow_short: null,
  fill: ['limit', 'volume_share'],
  commission: ['per_share', 'per_order', 'bps', 'minimum'],
  slippage: ['bps', 'per_share'],
};

function bad(key: string, message: string, value: unknown): never {
  throw new SimError('CONFIG_INVALID', `config.broker.${key}: ${message}, got ${showValue(value)}`, { key: `broker.${key}`, value });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function amount(o: Record<string, unknown>, key: string, path: string, dflt: number, ok: (n: number) => boolean, what: string): number {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) bad(path, `must be ${what}`, v);
  return v;
}

function flag(o: Record<string, unknown>, key: string, dflt: boolean): boolean {
  const v = o[key];
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') bad(key, 'must be true or false', v);
  return v;
}

/** The broker settings of a config's `broker` (absent: the defaults); a wrong key or value is CONFIG_INVALID naming `broker.<key>`. */
export function resolveBroker(raw: unknown): BrokerSettings {
  if (raw === undefined) return DEFAULT_BROKER;
  if (!isObject(raw)) throw new SimError('CONFIG_INVALID', `config.broker: must be an object, got ${showValue(raw)}`, { key: 'broker', value: raw });
  for (const [k, v] of Object.entries(raw)) {
    if (!Object.hasOwn(SECTIONS, k)) bad(k, `unknown key (known: ${Object.keys(SECTIONS).join(', ')})`, v);
    const sub = SECTIONS[k];
    if (sub === null || sub === undefined) continue;
    if (!isObject(v)) bad(k, 'must be an object', v);
    for (const [kk, vv] of Object.entries(v)) if (!sub.includes(kk)) bad(`${k}.${kk}`, `unknown key (known: ${sub.join(', ')})`, vv);
  }
  const fill = (raw.fill ?? {}) as Record<string, unknown>, com = (raw.commission ?? {}) as Record<string, unknown>, slip = (raw.slippage ?? {}) as Record<string, unknown>;
  if (fill.limit !== undefined && fill.limit !== 'through' && fill.limit !== 'touch') bad('fill.limit', "must be 'through' or 'touch'", fill.limit);
  const money = (n: number) => n >= 0;
  return {
    cash: amount(raw, 'cash', 'cash', DEFAULT_BROKER.cash, money, 'an amount of cash, 0 or more'),
    enforce_cash: flag(raw, 'enforce_cash', DEFAULT_BROKER.enforce_cash),
    allow_short: flag(raw, 'allow_short', DEFAULT_BROKER.allow_short),
    fill: {
      limit: (fill.limit as 'through' | 'touch' | undefined) ?? DEFAULT_BROKER.fill.limit,
      volume_share: amount(fill, 'volume_share', 'fill.volume_share', DEFAULT_BROKER.fill.volume_share, (n) => n > 0 && n <= 1, 'a share of the volume, above 0 and at most 1'),
    },
    commission: {
      per_share: amount(com, 'per_share', 'commission.per_share', 0, money, 'an amount, 0 or more'),
      per_order: amount(com, 'per_order', 'commission.per_order', 0, money, 'an amount, 0 or more'),
      bps: amount(com, 'bps', 'commission.bps', 0, money, 'basis points, 0 or more'),
      minimum: amount(com, 'minimum', 'commission.minimum', 0, money, 'an amount, 0 or more'),
    },
    slippage: {
      bps: amount(slip, 'bps', 'slippage.bps', 0, (n) => n >= 0 && n < 10_000, 'basis points, 0 or more and under 10000 (all of the price)'),
      per_share: amount(slip, 'per_share', 'slippage.per_share', 0, money, 'an amount, 0 or more'),
    },
  };
}
