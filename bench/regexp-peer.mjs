// The Node.js row of the peer table (bench/run.sh): what a webmaster writes — one RegExp alternation
// of every term, longest first (so that the leftmost match is also the longest), counted over the text.
// Usage: node bench/regexp-peer.mjs TEXT TERMS [RUNS]   → one JSON row on standard output.
import { readFileSync } from "node:fs";

const [text, termsFile, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const input = readFileSync(text, "utf8");
const terms = readFileSync(termsFile, "utf8").split("\n").filter(Boolean);
const t0 = performance.now();
const escaped = [...terms].sort((a, b) => b.length - a.length).map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
const re = new RegExp(escaped.join("|"), "g");
const build = (performance.now() - t0) / 1000;
const times = [];
let matches = 0;
for (let run = 0; run <= runs; run++) {
  const t = performance.now();
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(input) !== null) n++;
  if (run > 0) times.push((performance.now() - t) / 1000);
  matches = n;
}
console.log(JSON.stringify({ tool: "node-regexp", build_s: build, runs_s: times, matches }));
