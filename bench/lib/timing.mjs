// Timing helpers shared by the bench scripts and the Chromium page (no Node imports here).

/** Median of a list of numbers (NaN when empty). */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** n, median, mean, p10, p90, min, max of a list of numbers. */
export function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return { n: 0 };
  const q = (p) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  return {
    n: s.length,
    median: median(s),
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    p10: q(0.1),
    p90: q(0.9),
    min: s[0],
    max: s[s.length - 1],
  };
}

/**
 * Times `variants` (name -> async function making one call) side by side: `warmup` calls of
 * each first, then `n` calls of each in rounds of `round` calls. The order of the variants
 * rotates from round to round, so drift (JIT, GC, the server's growing log, other load) falls
 * on every variant alike. One sample is a round's duration divided by its calls (per-call
 * time, robust to coarse timers such as a browser's 0.1 ms `performance.now()`); the figure
 * reported is the median sample. A failed call ends the run with its error.
 */
export async function interleavedRounds(variants, { n, warmup, round, now = () => performance.now() }) {
  const names = Object.keys(variants);
  for (let i = 0; i < warmup; i++) for (const k of names) await variants[k]();
  const samples = Object.fromEntries(names.map((k) => [k, []]));
  let done = 0;
  for (let r = 0; done < n; r++) {
    const size = Math.min(round, n - done);
    for (let j = 0; j < names.length; j++) {
      const k = names[(j + r) % names.length];
      const f = variants[k];
      const t = now();
      for (let i = 0; i < size; i++) await f();
      samples[k].push((now() - t) / size);
    }
    done += size;
  }
  return Object.fromEntries(names.map((k) => [k, { ...stats(samples[k]), calls: n }]));
}

/**
 * Runs `variants` (name -> async function of one repetition, returning the figure it
 * measured) `reps` times each after `warmup` repetitions each, alternating (the first
 * variant of each repetition alternates too). Returns name -> stats of the figures.
 */
export async function alternate(variants, { reps, warmup = 0 }) {
  const names = Object.keys(variants);
  for (let i = 0; i < warmup; i++) for (const k of names) await variants[k]();
  const samples = Object.fromEntries(names.map((k) => [k, []]));
  for (let r = 0; r < reps; r++) {
    for (let j = 0; j < names.length; j++) {
      const k = names[(j + r) % names.length];
      samples[k].push(await variants[k]());
    }
  }
  return Object.fromEntries(names.map((k) => [k, stats(samples[k])]));
}

/**
 * Combines several passes of `interleavedRounds` (same variants): the result is the pass whose
 * ratio `a` / `b` of medians is the median one (so both figures of the row come from the same
 * pass), with `passMedians` per variant and `passRatios` ("1.23×, 1.19×, …", in pass order).
 */
export function mergePasses(passes, a = "sdk", b = "plain") {
  const ratios = passes.map((p) => p[a].median / p[b].median);
  const order = ratios.map((r, i) => [r, i]).sort((x, y) => x[0] - y[0]);
  const chosen = passes[order[(order.length - 1) >> 1][1]];
  const merged = Object.fromEntries(Object.keys(chosen).map((k) => [k, { ...chosen[k], passMedians: passes.map((p) => p[k].median) }]));
  merged.passRatios = ratios.map((r) => `${r.toFixed(2)}×`).join(", ");
  return merged;
}
