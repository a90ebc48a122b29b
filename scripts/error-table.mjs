#!/usr/bin/env node
// The error-code table of the READMEs, generated from the code so that it cannot drift:
// src/error.rs gives each `ErrorCode` variant, its wire name (the `as_str` spelling, checked
// against serde's SCREAMING_SNAKE_CASE) and its doc comment; src/client.rs gives the HTTP
// statuses that map to it (`error_from_response`); `ErrorCode::is_transient` says whether the
// failure may go away on its own.
//
//   node scripts/error-table.mjs           # rewrite the table in README.md and pkg-template/README.md
//   node scripts/error-table.mjs --check   # exit 1 when a README's table is stale (js-tests/docs.test.mjs)
//   node scripts/error-table.mjs --print   # print the table
//
// The table goes between `<!-- error-table:start -->` and `<!-- error-table:end -->`.

import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
export const START = "<!-- error-table:start -->";
export const END = "<!-- error-table:end -->";
export const TARGETS = ["README.md", "pkg-template/README.md"];

/** `InvalidArgument` → `INVALID_ARGUMENT` (serde's `rename_all = "SCREAMING_SNAKE_CASE"`). */
const screaming = (variant) => variant.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

/** The body of the first `{ … }` block after `head` (no nested braces expected). */
function block(source, head, file) {
  const at = source.indexOf(head);
  if (at < 0) throw new Error(`${file}: \`${head}\` not found`);
  const open = source.indexOf("{", at);
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === "{") depth++;
    else if (source[i] === "}" && --depth === 0) return source.slice(open + 1, i);
  }
  throw new Error(`${file}: unterminated block after \`${head}\``);
}

/** Reads the codes from src/error.rs and src/client.rs. */
export function readCodes(root = ROOT) {
  const errorRs = readFileSync(path.join(root, "src/error.rs"), "utf8");
  const clientRs = readFileSync(path.join(root, "src/client.rs"), "utf8");

  // Variants with the `///` lines just above them.
  const codes = [];
  let doc = [];
  for (const raw of block(errorRs, "pub enum ErrorCode", "src/error.rs").split("\n")) {
    const line = raw.trim();
    const d = /^\/\/\/ ?(.*)$/.exec(line);
    if (d) {
      doc.push(d[1]);
      continue;
    }
    const v = /^([A-Z][A-Za-z0-9]*)\s*,?$/.exec(line);
    if (v) {
      if (doc.length === 0) throw new Error(`src/error.rs: ErrorCode::${v[1]} has no doc comment`);
      codes.push({ variant: v[1], doc: doc.join(" ").trim() });
      doc = [];
    } else if (line && !line.startsWith("#[") && !line.startsWith("//")) {
      throw new Error(`src/error.rs: cannot read this line of ErrorCode: ${line}`);
    }
  }
  if (codes.length === 0) throw new Error("src/error.rs: no ErrorCode variants found");

  // Wire names from `as_str`, which must agree with serde's spelling.
  const asStr = new Map();
  for (const m of block(errorRs, "pub fn as_str", "src/error.rs").matchAll(/ErrorCode::(\w+)\s*=>\s*"([A-Z_]+)"/g)) {
    asStr.set(m[1], m[2]);
  }
  for (const c of codes) {
    c.code = asStr.get(c.variant);
    if (!c.code) throw new Error(`src/error.rs: ErrorCode::${c.variant} missing from as_str`);
    if (c.code !== screaming(c.variant)) {
      throw new Error(`src/error.rs: as_str spells ErrorCode::${c.variant} "${c.code}", serde "${screaming(c.variant)}"`);
    }
  }

  // Which codes are transient.
  const transient = new Set(
    [...block(errorRs, "pub fn is_transient", "src/error.rs").matchAll(/ErrorCode::(\w+)/g)].map((m) => m[1]),
  );

  // HTTP statuses from the one mapping (`error_from_response`).
  const mapping = block(clientRs, "let (code, advice) = match status", "src/client.rs");
  const statuses = new Map();
  for (const m of mapping.matchAll(/(\d{3}(?:\.\.=\d{3})?|_)(\s+if\s+\w+)?\s*=>\s*\(\s*ErrorCode::(\w+)/g)) {
    const [, pat, guard, variant] = m;
    let text;
    if (pat === "_") text = "any other non-2xx";
    else if (pat.includes("..=")) {
      const [a, b] = pat.split("..=");
      text = a === "500" && b === "599" ? "5xx" : `${a}–${b}`;
    } else text = pat;
    if (guard) text += pat === "401" && guard.includes("session_bound") ? " (a session's call)" : ` (${guard.trim()})`;
    else if (pat === "401") text += " (login, connect)";
    if (!statuses.has(variant)) statuses.set(variant, []);
    statuses.get(variant).push(text);
  }
  if (statuses.size === 0) throw new Error("src/client.rs: the status → ErrorCode mapping was not found");

  for (const c of codes) {
    c.transient = transient.has(c.variant);
    c.http = statuses.get(c.variant) ?? [];
  }
  return codes;
}

const cell = (s) => s.replace(/\|/g, "\\|");

/** The markdown table. */
export function renderTable(codes) {
  const rows = codes.map(
    (c) => `| \`${c.code}\` | ${cell(c.doc)} | ${c.http.length ? c.http.join(", ") : "–"} | ${c.transient ? "yes" : "no"} |`,
  );
  return [
    "| `err.code` | meaning | from HTTP status | transient (may pass if retried later) |",
    "|---|---|---|---|",
    ...rows,
  ].join("\n");
}

/** `text` with the table between the markers replaced; throws when the markers are missing. */
export function withTable(text, table, file) {
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) throw new Error(`${file}: markers ${START} … ${END} not found`);
  return `${text.slice(0, a + START.length)}\n<!-- generated from src/error.rs and src/client.rs by scripts/error-table.mjs: do not edit -->\n${table}\n${text.slice(b)}`;
}

/** Rewrites (or, with `check`, compares) every target; resolves to the stale file names. */
export function run({ check = false, root = ROOT } = {}) {
  const table = renderTable(readCodes(root));
  // Every file is read and checked before any is written.
  const changes = TARGETS.map((rel) => {
    const file = path.join(root, rel);
    const before = readFileSync(file, "utf8");
    return { rel, file, before, after: withTable(before, table, rel) };
  }).filter((c) => c.after !== c.before);
  if (!check) for (const c of changes) writeFileSync(c.file, c.after);
  return { table, stale: changes.map((c) => c.rel) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !["--check", "--print"].includes(a));
  if (unknown.length) {
    console.error(`unknown argument ${unknown[0]}\nusage: node scripts/error-table.mjs [--check | --print]`);
    process.exit(2);
  }
  try {
    if (args.includes("--print")) {
      console.log(renderTable(readCodes()));
    } else if (args.includes("--check")) {
      const { stale } = run({ check: true });
      if (stale.length) {
        console.error(`error table out of date in ${stale.join(", ")}: run node scripts/error-table.mjs`);
        process.exit(1);
      }
      console.log(`error table up to date in ${TARGETS.join(", ")}`);
    } else {
      const { stale } = run();
      console.log(stale.length ? `error table rewritten in ${stale.join(", ")}` : "error table already up to date");
    }
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
