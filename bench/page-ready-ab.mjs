// Page ready of two builds of www/, loads interleaved (A, B, A, B …) in one running browser, so that
// both see the same load on a shared machine: A is another www/ folder (for example an older commit's,
// `git archive COMMIT www | tar -x -C /tmp/before`), B this checkout's. Each load is a new context (an
// empty HTTP cache, a new renderer: the wasm is fetched and compiled afresh), from navigation to
// index.html until the widget's `tifa-ready`, as in page-timing.mjs.
//
//   node bench/page-ready-ab.mjs /tmp/before/www [LOADS]        (default 10 loads of each)

import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { startServer, launch, ROOT } from "../tests/browser/helpers.js";
import { pageReady as measurePageReady } from "./page-ready.mjs";

const other = process.argv[2];
const loads = Number(process.argv[3] || 10);
if (!other || !existsSync(path.join(other, "index.html"))) {
  console.error("usage: node bench/page-ready-ab.mjs OTHER_WWW_FOLDER [LOADS]");
  process.exit(2);
}
const bin = ["target/release/tifa", "target/debug/tifa"].map((p) => path.join(ROOT, p)).find(existsSync);
const servers = { A: await startServer({ bin, dir: path.resolve(other) }), B: await startServer({ bin }) };
const browser = await launch();
await (await browser.newPage()).goto(servers.B.url + "favicon.svg");

const pageReady = (server) => measurePageReady(browser, server.url);

const load0 = loadavg()[0];
const rows = { A: [], B: [] };
for (let i = 0; i < loads; i++) {
  for (const k of ["A", "B"]) rows[k].push(await pageReady(servers[k]));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [k, label] of [["A", path.resolve(other)], ["B", "this checkout's www/"]]) {
  const col = (key) => median(rows[k].map((r) => r[key])).toFixed(0);
  console.log(`${k} (${label}): page ready, median of ${loads} loads: ${col("ready")} ms ` +
    `(all: ${rows[k].map((r) => r.ready.toFixed(0)).join(" ")}); worker script at ${col("workerStart")} ms, ` +
    `wasm ${col("wasm")} ms, default rules built ${col("rules")} ms`);
}
console.log(`load average: ${load0.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after`);
await browser.close();
await servers.A.stop();
await servers.B.stop();
