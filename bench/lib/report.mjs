// Rows, targets and the table the bench scripts print.
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { realpathSync } from "node:fs";

/** Whether the module `url` is the script Node was started with. */
export function isMain(url) {
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(url));
  } catch {
    return false;
  }
}

/** The options every bench script takes: `--quick`, `--json`; `extra` adds its own. */
export function cliOptions(extra = {}) {
  const { values } = parseArgs({
    options: { quick: { type: "boolean", default: false }, json: { type: "boolean", default: false }, ...extra },
  });
  return values;
}

/**
 * A row of the table. `target` is `{ ratioMax }` (SDK / baseline at most), `{ ratioMin }`
 * (SDK / baseline at least, for rates), `{ max }` or `{ min }` (on the SDK figure itself).
 */
export function row({ id, what, unit, sdk, baseline = null, baselineLabel = null, target, details = {}, note }) {
  const ratio = baseline ? sdk / baseline : null;
  let met = null;
  if (Number.isFinite(sdk)) {
    if (target.ratioMax !== undefined) met = ratio !== null && ratio <= target.ratioMax;
    else if (target.ratioMin !== undefined) met = ratio !== null && ratio >= target.ratioMin;
    else if (target.max !== undefined) met = sdk <= target.max;
    else if (target.min !== undefined) met = sdk >= target.min;
  }
  return { id, what, unit, sdk, baseline, baselineLabel, ratio, target, met, ...(note ? { note } : {}), details };
}

/** A row that could not be measured. */
export function failedRow({ id, what, target }, err) {
  return { id, what, unit: null, sdk: null, baseline: null, ratio: null, target, met: null, error: String(err?.stack ?? err) };
}

export function targetText(t, unit) {
  if (t.ratioMax !== undefined) return `≤ ${t.ratioMax.toFixed(2)}×`;
  if (t.ratioMin !== undefined) return `≥ ${t.ratioMin.toFixed(2)}×`;
  if (t.max !== undefined) return `≤ ${fmt(t.max, unit)}`;
  if (t.min !== undefined) return `≥ ${fmt(t.min, unit)}`;
  return "";
}

export function fmt(v, unit) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  switch (unit) {
    case "ms/call":
    case "ms":
      return v < 1 ? `${(v * 1000).toFixed(0)} µs${unit === "ms/call" ? "/call" : ""}` : `${v.toFixed(v < 10 ? 3 : 1)} ms${unit === "ms/call" ? "/call" : ""}`;
    case "msg/s":
      return `${Math.round(v).toLocaleString("en-US")} msg/s`;
    case "KiB/agent":
      return `${v.toFixed(2)} KiB/agent`;
    case "B":
      return `${Math.round(v).toLocaleString("en-US")} B`;
    default:
      return `${v} ${unit ?? ""}`.trim();
  }
}

/** The table of rows as text lines. */
export function table(rows) {
  const cells = rows.map((r) => [
    r.what,
    r.error ? "FAILED" : fmt(r.sdk, r.unit),
    r.baseline === null || r.baseline === undefined ? "–" : fmt(r.baseline, r.unit),
    r.ratio === null || r.ratio === undefined ? "–" : `${r.ratio.toFixed(2)}×`,
    targetText(r.target, r.unit),
    // No goal: nothing to meet ("–"); a goal that could not be judged: "?".
    r.met === null ? (targetText(r.target ?? {}, r.unit) ? "?" : "–") : r.met ? "yes" : "NO",
  ]);
  const head = ["row", "floorwalker", "baseline", "ratio", "target", "met"];
  const w = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((s, i) => (i === 0 ? s.padEnd(w[i]) : s.padStart(w[i]))).join("  ");
  return [line(head), w.map((n) => "-".repeat(n)).join("  "), ...cells.map(line)];
}

/** Prints a script's rows (or JSON), plus each row's baseline label and note. */
export function printRows(rows, { json = false, title } = {}) {
  if (json) {
    console.log(JSON.stringify(rows, null, 2));
    return;
  }
  if (title) console.log(title + "\n");
  for (const l of table(rows)) console.log(l);
  for (const r of rows) {
    if (r.baselineLabel) console.log(`  ${r.id}: baseline = ${r.baselineLabel}`);
    if (r.note) console.log(`  ${r.id}: ${r.note}`);
    if (r.error) console.log(`  ${r.id}: ${r.error.split("\n")[0]}`);
  }
}
