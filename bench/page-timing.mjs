// The widget in headless chromium (Debian's, driven by playwright-core as in the browser tests):
//
// 1. Page ready, over LOADS loads, each in a new context of one running browser (an empty HTTP cache, a
//    new renderer process, so the wasm is fetched and compiled afresh every time): from
//    navigation to www/index.html until the widget's `tifa-ready` event (the worker has fetched,
//    compiled and instantiated the lean wasm and built the tagger of the default rules). The worker's
//    `timing` splits it: when the worker script ran, the wasm (fetch + streaming compile +
//    instantiate), the rules (`new Tagger()`), the rules' info.
//    Interleaved with each widget load, the floor (bench/floor/): a page that does nothing but start
//    a module worker and wait for its first message; the same worker also fetching, compiling and
//    instantiating the lean wasm; and also building the default tagger. What the floor takes on a
//    machine, no widget can beat there; the widget's excess over the last of them is the page's own.
// 2. Tagging, in one page (after the widget is ready; the wasm module run on the page's own thread,
//    so that nothing else is timed): one sample report with the default rules (`tagCompact` + `data()`,
//    what the widget's worker does), the same on a 1 MB text, and, on that 1 MB text, tifa with the
//    plain terms as one theme against a JS RegExp alternation of the same terms (longest first, as in
//    bench/regexp-peer.mjs) in the same page. The plain terms are those of the peer table
//    (bench/table.py `plain_terms`); both must find the same number of matches. One warm-up, then
//    RUNS timed runs; medians.
//
//   cargo build --release && bash scripts/build-wasm.sh && npm ci   (and scripts/install-browser.sh once)
//   node bench/page-timing.mjs [LOADS] [RUNS]                  (default 10 loads, 5 runs)
//
// The 1 MB text is target/bench-input/peers-1MB.txt (bench/make-corpus.py, written when missing). The
// page is served by `tifa serve` of the release build (the debug build's file server is several times
// slower, which the page-ready time would show); without one it falls back to target/debug/tifa.

import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { startServer, launch, ROOT, SAMPLES } from "../tests/browser/helpers.js";
import { pageReady as measurePageReady } from "./page-ready.mjs";

const loads = Number(process.argv[2] || 10);
const runs = Number(process.argv[3] || 5);
const SAMPLE = "panyu-shiqiao-2023";

const bigFile = path.join(ROOT, "target/bench-input/peers-1MB.txt");
if (!existsSync(bigFile)) {
  execFileSync("python3", [path.join(ROOT, "bench/make-corpus.py"), "--size", "1MB", "--shape", "paragraphs", "--out", bigFile], { stdio: "inherit" });
}
const big = readFileSync(bigFile, "utf8");
const sample = readFileSync(path.join(SAMPLES, `${SAMPLE}.txt`), "utf8");
// the peer table's plain terms, from the `tifa` that the browser tests use (or a release build)
const tifa = ["target/release/tifa", "target/debug/tifa"].map((p) => path.join(ROOT, p)).find(existsSync);
const terms = JSON.parse(execFileSync("python3", ["-c", `
import json, sys, tempfile
sys.path.insert(0, ${JSON.stringify(path.join(ROOT, "bench"))})
import table
table.TIFA = ${JSON.stringify(tifa)}
print(json.dumps(table.plain_terms(tempfile.mkdtemp()), ensure_ascii=False))
`], { encoding: "utf8" }));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;
if (tifa.endsWith("debug/tifa")) console.log("page-timing: no target/release/tifa: the page is served by the debug build");
const server = await startServer({ bin: tifa });
const load0 = loadavg()[0];

// 1. page ready: one browser, already running (a first navigation starts its processes); each load
// in a new context, which has its own empty HTTP cache and renderer process (cold wasm compile)
const readyBrowser = await launch();
await (await readyBrowser.newPage()).goto(server.url + "favicon.svg");
const pageReady = () => measurePageReady(readyBrowser, server.url);

// the floor's pages, served from a temporary folder with a copy of the lean build (`tifa serve` serves
// one folder, and nothing outside it)
const floorDir = mkdtempSync(path.join(tmpdir(), "tifa-floor-"));
for (const f of readdirSync(path.join(ROOT, "bench/floor"))) copyFileSync(path.join(ROOT, "bench/floor", f), path.join(floorDir, f));
copyFileSync(path.join(floorDir, "floor.html"), path.join(floorDir, "index.html"));
mkdirSync(path.join(floorDir, "pkg"));
for (const f of ["tifa.js", "tifa_bg.wasm"]) copyFileSync(path.join(ROOT, "www/pkg", f), path.join(floorDir, "pkg", f));
const floorServer = await startServer({ bin: tifa, dir: floorDir });
const FLOORS = ["worker", "wasm", "rules"];
const floor = Object.fromEntries(FLOORS.map((k) => [k, []]));
const rows = [];
for (let i = 0; i < loads; i++) {
  const r = await pageReady();
  rows.push(r);
  console.log(`  load ${i + 1}: ready ${ms(r.ready)} (worker script at ${ms(r.workerStart)}, wasm ${ms(r.wasm)}, ` +
    `rules ${ms(r.rules)}, info ${ms(r.info)}; DOMContentLoaded ${ms(r.dcl)})`);
  for (const what of FLOORS) floor[what].push(await measurePageReady(readyBrowser, floorServer.url, `floor.html?${what}`));
}
const col = (k) => median(rows.map((r) => r[k]));
console.log(`page ready, median of ${loads} loads: ${ms(col("ready"))}; the worker script ran at ${ms(col("workerStart"))}, ` +
  `wasm fetch + compile + instantiate ${ms(col("wasm"))}, default rules built ${ms(col("rules"))}, info ${ms(col("info"))} ` +
  `(best load ${ms(Math.min(...rows.map((r) => r.ready)))}, worst ${ms(Math.max(...rows.map((r) => r.ready)))})`);
const fcol = (what, k) => median(floor[what].map((r) => r[k]));
console.log(`the floor, the same ${loads} loads interleaved (bench/floor/, medians): an empty module worker answers ` +
  `${ms(fcol("worker", "ready"))} after navigation (its script ran at ${ms(fcol("worker", "workerStart"))}); ` +
  `with the lean wasm ${ms(fcol("wasm", "ready"))} (wasm ${ms(fcol("wasm", "wasm"))}); ` +
  `with the default tagger too ${ms(fcol("rules", "ready"))} (rules ${ms(fcol("rules", "rules"))})`);
await floorServer.stop();
rmSync(floorDir, { recursive: true });

await readyBrowser.close();

// 2. tagging and the RegExp peer, in one page
const browser = await launch();
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(server.url + "index.html");
  await page.waitForFunction(() => document.querySelector("tifa-tagger")?.info, null, { timeout: 30000 });
  const t = await page.evaluate(async ({ sample, big, terms, runs }) => {
    // the lean build (what the widget tags with) for the default rules; the authoring build, which
    // runs the same tagging code, for the one-theme rules and the warm RuleSet timing
    const mod = await import(new URL("pkg/tifa.js", location.href).href);
    await mod.default();
    const full = await import(new URL("pkg/tifa-authoring.js", location.href).href);
    await full.default();
    const timed = (fn) => {
      let out;
      const times = [];
      for (let i = 0; i <= runs; i++) {
        const t0 = performance.now();
        out = fn();
        if (i > 0) times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return { ms: times[Math.floor(times.length / 2)], out };
    };
    const compact = (tagger, text) => () => {
      const r = tagger.tagCompact(text);
      const n = r.data().mStart.length;
      r.free();
      return n;
    };
    const oneTheme = (list) => full.Tagger.withRules(`name = "一个主题"\nterms = [${list.map((x) => JSON.stringify(x)).join(", ")}]\n`, "one_theme.toml", true);
    const alternation = (list) => new RegExp([...list].sort((a, b) => b.length - a.length).map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
    // Settle the terms, as bench/table.py does: a term that tifa and the RegExp count differently on
    // this text (tifa matches across quotation marks, “三线”整治, where the RegExp cannot) is dropped.
    const dropped = [];
    for (let round = 0; round < 5; round++) {
      const counts = new Map();
      const tagger = oneTheme(terms);
      const r = tagger.tagCompact(big);
      const d = r.data();
      for (const k of d.mTerm) counts.set(d.terms[k], (counts.get(d.terms[k]) ?? 0) + 1);
      r.free();
      tagger.free();
      const re = alternation(terms);
      for (const m of big.matchAll(re)) counts.set(m[0], (counts.get(m[0]) ?? 0) - 1);
      const differ = new Set([...counts].filter(([, n]) => n !== 0).map(([term]) => term));
      if (differ.size === 0) break;
      dropped.push(...differ);
      terms = terms.filter((x) => !differ.has(x));
    }
    let t0 = performance.now();
    const def = new mod.Tagger();
    const buildDefault = performance.now() - t0;
    t0 = performance.now();
    const one = oneTheme(terms);
    const buildOne = performance.now() - t0;
    t0 = performance.now();
    const re = alternation(terms);
    const buildRe = performance.now() - t0;
    const regexp = () => {
      re.lastIndex = 0;
      let n = 0;
      while (re.exec(big) !== null) n++;
      return n;
    };
    // warm builds of the default rules: reading them from TOML (the TOML, checks, folding: `check` of a
    // one-term file on top of them builds the RuleSet, authoring build) and the whole tagger of the lean
    // build (the compact rules, the automaton and the info)
    const ruleSet = timed(() => full.check('name = "x"\nterms = ["夜市"]\n', "x_theme.toml").length);
    const tagger = timed(() => { const x = new mod.Tagger(); x.free(); return 0; });
    return {
      terms: terms.length, dropped, buildDefault, buildOne, buildRe, ruleSet, tagger,
      sample: timed(compact(def, sample)),
      sampleJson: timed(() => def.tagJson(sample).length),
      bigDefault: timed(compact(def, big)),
      bigOne: timed(compact(one, big)),
      regexp: timed(regexp),
    };
  }, { sample, big, terms, runs });
  const mb = Buffer.byteLength(big) / 1e6;
  const rate = (r) => `${(mb / (r.ms / 1000)).toFixed(1)} MB/s`;
  console.log(`tagging, median of ${runs} runs after one warm-up (page thread):`);
  console.log(`  ${SAMPLE} (${Buffer.byteLength(sample)} bytes), default rules: tagCompact + data() ${ms(t.sample.ms)} ` +
    `(${t.sample.out} matches); tagJson ${ms(t.sampleJson.ms)}`);
  console.log(`  1 MB (${Buffer.byteLength(big)} bytes), default rules: ${ms(t.bigDefault.ms)} (${rate(t.bigDefault)}, ${t.bigDefault.out} matches)`);
  if (t.dropped.length) console.log(`  ${t.dropped.length} of the ${terms.length} plain terms are counted differently on this text and left out: ${t.dropped.join(" ")}`);
  console.log(`  1 MB, tifa with ${t.terms} plain terms as one theme: ${ms(t.bigOne.ms)} (${rate(t.bigOne)}, ${t.bigOne.out} matches)`);
  console.log(`  1 MB, JS RegExp alternation of the same terms: ${ms(t.regexp.ms)} (${rate(t.regexp)}, ${t.regexp.out} matches)`);
  const same = t.bigOne.out === t.regexp.out ? "same match count ✓" : `MATCH COUNTS DIFFER (${t.bigOne.out - t.regexp.out})`;
  console.log(`  wasm / RegExp: ${(t.regexp.ms / t.bigOne.ms).toFixed(2)}× as fast; ${same}`);
  console.log(`  default rules built again (warm, median): RuleSet ${ms(t.ruleSet.ms)}, new Tagger() ${ms(t.tagger.ms)}`);
  console.log(`  building: default tagger ${ms(t.buildDefault)} (page thread, module already compiled), one-theme tagger ${ms(t.buildOne)}, RegExp ${ms(t.buildRe)}`);
} finally {
  await browser.close();
  await server.stop();
}
console.log(`load average: ${load0.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after (${(await import("node:os")).cpus().length} cores)`);
