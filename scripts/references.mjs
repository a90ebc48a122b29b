// Words users see must not cite the project's internal notes: the vendor pages we started from
// ("seed 003"), the notes about them ("VENDOR-APIS §1.5"), issue numbers, or files outside the
// repository ("../shared/API.md"). Users have none of these; they get the vendor's public page
// by name instead ("LiveVox Agent API: Get Agent Status", "GWS 8.5.2 Devices API").
//
// `findReferences(text)` lists the offending spots of one text; scripts/pack-check.mjs runs it
// over the packed .d.ts files, the .js and the .wasm's strings (error messages), and the
// READMEs (README.md, the npm README, the emulator's README), and fails on any hit.
// js-tests/packaging/references.test.mjs shows what it flags and what it lets through.

/** One rule per kind of internal reference: `name` (for the report) and the `pattern`. */
export const RULES = Object.freeze([
  // "seed 000", "seeds 001 and 002", "seed 003's sample", "the seed's table", "Seed quirks"
  { name: "seed (internal source notes)", pattern: /\bseeds?\b(?!-)|\bseed's\b/gi },
  { name: "VENDOR-APIS (internal notes)", pattern: /\bVENDOR[-_ ]APIS?\b/gi },
  // "§1.5", "§ 6"
  { name: "§ section of internal notes", pattern: /§\s*\d/g },
  // "issue 7", "issue #14", "issues 3 and 4"; not "issues" alone (the bug tracker link)
  { name: "issue number", pattern: /\bissues?\s+#?\d+|(?<![\w/&])#\d{1,4}\b(?![\w-])/gi },
  // ../shared/API.md, /work/…, the notes' file names
  { name: "file outside the repository", pattern: /\.\.\/shared\b|\/work\/(?:shared|notes|main)\b|\b(?:TOOLCHAIN|DESIGN|VENDOR-APIS)\.md\b|\bshared\/API\.md\b/g },
]);

/**
 * The internal references in `text`: `[{ rule, match, line, column, excerpt }]` (1-based line
 * and column; the excerpt is the line, trimmed to 160 characters). Empty when clean.
 */
export function findReferences(text) {
  const hits = [];
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const locate = (index) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: index - lineStarts[lo] + 1, start: lineStarts[lo] };
  };
  for (const { name, pattern } of RULES) {
    for (const m of text.matchAll(new RegExp(pattern.source, pattern.flags))) {
      const { line, column, start } = locate(m.index);
      const end = text.indexOf("\n", start);
      const excerpt = text.slice(start, end === -1 ? undefined : end).trim().slice(0, 160);
      hits.push({ rule: name, match: m[0], line, column, excerpt });
    }
  }
  return hits.sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * The printable strings of a binary (runs of at least `min` characters of printable ASCII and
 * UTF-8), one per line: what a .wasm's data section says (error messages among it).
 */
export function binaryStrings(bytes, min = 6) {
  const text = Buffer.from(bytes).toString("latin1");
  return (text.match(new RegExp(`[\\x20-\\x7e\\xa7\\xc2]{${min},}`, "g")) ?? [])
    .map((s) => Buffer.from(s, "latin1").toString("utf8"))
    .join("\n");
}
