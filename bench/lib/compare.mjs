// Rows of the other builds timed by `--compare DIR[,DIR...]` (bench/lib/sdk.mjs
// comparePackages): variants `compare0`, `compare1`, … of the same interleaved rounds as the
// package under test (`sdk`) and the baseline (`plain`).
import { row } from "./report.mjs";

/** The variant name of the `i`th compared package. */
export const compareKey = (i) => `compare${i}`;

/**
 * One row per compared package, each from the pass the main row shows (`r`, from
 * `mergePasses(passes)`), so that every row of the table comes from the same rounds; the note
 * gives each pass's ratio to the baseline and to the package under test.
 */
export function compareRows({ base, what, pkgDir, others, passes, r, baselineLabel, unit = "ms/call" }) {
  const shown = passes.find((p) => p.sdk.median === r.sdk.median && p.plain.median === r.plain.median) ?? passes[0];
  return others.map((other, i) => {
    const k = compareKey(i);
    const perPass = (f) => passes.map((p) => `${f(p).toFixed(2)}×`).join(", ");
    return row({
      ...base,
      id: `${base.id}Compare${i}`,
      what: `${what} [${other.dir}]`,
      unit,
      sdk: shown[k].median,
      baseline: shown.plain.median,
      baselineLabel,
      note:
        `same rounds as the row of ${pkgDir} (the row shows its pass); ratio to the baseline per pass: ${perPass((p) => p[k].median / p.plain.median)}; ` +
        `${pkgDir} / this per pass: ${perPass((p) => p.sdk.median / p[k].median)}`,
      details: { stats: Object.fromEntries(passes.map((p, j) => [j, { [k]: p[k], plain: p.plain }])), pkg: other.dir },
    });
  });
}
