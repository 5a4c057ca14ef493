// How long does a big paste block the page's main thread? Opens www/index.html in Debian's chromium
// (the same set-up as the browser tests: `tifa serve`, playwright-core), pastes a report of about
// SIZE bytes (default 10 MB: the four samples repeated) through a real paste event, and reports:
//   - the longest main-thread task (PerformanceObserver "longtask") and their total blocking time
//     (the part of each long task beyond 50 ms), from the paste until the result is shown;
//   - the widget's own main-thread time for showing the result (tifa-result detail.renderMs);
//   - the time the worker took to tag, and the wall time from paste to result.
// Then, for comparison, the same text put into the textarea in full (the "edit the whole text"
// button), which is what a plain <textarea> paste would cost.
//
//   cargo build && scripts/build-wasm.sh && npm ci
//   node bench/page-paste.mjs [SIZE_BYTES] [ROUNDS]
//
// Prints one line per round and a median. Timings depend on the machine and its load; run it on a
// quiet machine and quote the median.

import { readFileSync } from "node:fs";
import path from "node:path";
import { startServer, launch, newPage, waitReady, SAMPLES } from "../tests/browser/helpers.js";

const size = Number(process.argv[2] || 10e6);
const rounds = Number(process.argv[3] || 3);
const unit = ["panyu-shiqiao-2023", "baoan-xinqiao-2024h1", "panyu-shawan-2023", "zhongshan-nanqu-2022"]
  .map((n) => readFileSync(path.join(SAMPLES, `${n}.txt`), "utf8")).join("\n") + "\n";
const big = unit.repeat(Math.ceil(size / Buffer.byteLength(unit)));

const server = await startServer();
const browser = await launch();

async function round(fullInTextarea) {
  const { page, context } = await newPage(browser, server.url);
  await page.goto(server.url + "index.html");
  await waitReady(page);
  // the text is handed to the page first: passing 10 MB through the automation protocol is itself a
  // long task of the page, which must not be counted
  await page.evaluate((text) => { window.__text = text; }, big);
  await page.waitForTimeout(200);
  const stats = await page.evaluate(async (full) => {
    const text = window.__text;
    const tagger = document.querySelector("tifa-tagger");
    const ta = tagger.shadowRoot.querySelector("textarea");
    const tasks = [];
    const obs = new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push(e.duration); });
    obs.observe({ type: "longtask" });
    const result = new Promise((resolve) => tagger.addEventListener("tifa-result", (e) => resolve(e.detail), { once: true }));
    ta.focus();
    const t0 = performance.now();
    const clipboardData = new DataTransfer();
    clipboardData.setData("text/plain", text);
    ta.dispatchEvent(new ClipboardEvent("paste", { clipboardData, bubbles: true, cancelable: true, composed: true }));
    if (full) tagger.shadowRoot.querySelector("button.edit-full").click();
    const detail = await result;
    // let the browser finish laying out what was shown, then collect the long tasks
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, full ? 3000 : 300)));
    const wall = performance.now() - t0;
    obs.disconnect();
    return {
      longest: Math.max(0, ...tasks),
      blocking: tasks.reduce((a, d) => a + Math.max(0, d - 50), 0),
      render: detail.renderMs, worker: detail.ms, wall, paragraphs: detail.paragraphs, matches: detail.matches,
    };
  }, fullInTextarea);
  await context.close();
  return stats;
}

const fmt = (x) => `${Math.round(x)} ms`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  console.log(`input: ${(Buffer.byteLength(big) / 1e6).toFixed(1)} MB of UTF-8, ${big.length} UTF-16 units`);
  for (const [label, full] of [["paste (the textarea shows the beginning)", false], ["paste, then the whole text put into the textarea", true]]) {
    const runs = [];
    for (let i = 0; i < rounds; i++) {
      const s = await round(full);
      runs.push(s);
      console.log(`  ${label}, round ${i + 1}: longest task ${fmt(s.longest)}, blocking ${fmt(s.blocking)}, ` +
        `showing the result ${fmt(s.render)}, worker ${fmt(s.worker)}, paste to result ${fmt(s.wall)} ` +
        `(${s.paragraphs} paragraphs, ${s.matches} matches)`);
    }
    console.log(`${label}: median longest task ${fmt(median(runs.map((r) => r.longest)))}, ` +
      `median blocking ${fmt(median(runs.map((r) => r.blocking)))}, median worker ${fmt(median(runs.map((r) => r.worker)))}`);
  }
} finally {
  await browser.close();
  await server.stop();
}
