// A moving-average crossover on 5-minute bars, as a sessionsim strategy module.
//
//   npx sessionsim run examples/demo-config.json --strategy examples/ma-crossover.mjs
//
// The module exports a function that makes the strategy, so each run (and a `replay --verify`
// re-run) starts from fresh variables. Per symbol: when the fast average of 5-minute closes crosses
// above the slow one, buy `SHARES`; when it crosses below, sell what is held. Positions are closed
// 5 minutes before each session's close (early closes included), so nothing is held overnight.

const FAST = 6, SLOW = 24, SHARES = 100;

const mean = (xs, n) => xs.slice(-n).reduce((a, b) => a + b, 0) / n;

export default function maCrossover() {
  const closes = new Map();
  const above = new Map();
  return {
    name: 'ma-crossover',
    onStart(ctx) {
      ctx.schedule({ at: 'close', minutes: 5 }, 'flatten');
    },
    onSessionOpen() {
      // A new session: averages start again (no overnight gap inside them).
      closes.clear();
      above.clear();
    },
    onDerivedBar(bar, ctx) {
      if (bar.minutes !== 5) return;
      const xs = closes.get(bar.symbol) ?? [];
      xs.push(bar.close);
      closes.set(bar.symbol, xs);
      if (xs.length < SLOW) return;
      const now = mean(xs, FAST) > mean(xs, SLOW);
      const before = above.get(bar.symbol);
      above.set(bar.symbol, now);
      if (before === undefined || before === now) return;
      const held = ctx.portfolio.position(bar.symbol);
      if (now && held === 0) ctx.submit({ symbol: bar.symbol, side: 'buy', quantity: SHARES, tag: 'cross-up' });
      if (!now && held > 0) ctx.submit({ symbol: bar.symbol, side: 'sell', quantity: held, tag: 'cross-down' });
    },
    onTimer(timer, ctx) {
      if (timer.name !== 'flatten') return;
      for (const p of ctx.portfolio.positions()) {
        ctx.submit({ symbol: p.symbol, side: p.quantity > 0 ? 'sell' : 'buy', quantity: Math.abs(p.quantity), tag: 'flatten' });
      }
    },
  };
}
