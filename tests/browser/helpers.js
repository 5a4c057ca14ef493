// Shared set-up of the browser tests: `tifa serve` on a free loopback port, Debian's chromium driven
// by playwright-core, a record of every request (none may leave the origin), screenshots.

import { before, after } from "node:test";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const OUTPUT = path.join(ROOT, "tests/browser/output");
export const SAMPLES = path.join(ROOT, "www/samples");
const TIFA = path.join(ROOT, "target/debug/tifa");   // only its static file server is used

/**
 * Starts `tifa serve DIR --addr 127.0.0.1:0 ...extra` (DIR: www/ by default); resolves to {url, stop()}.
 * `bin`: another `tifa` (the page benchmarks use a release build, whose file server answers faster).
 */
export async function startServer({ dir = path.join(ROOT, "www"), extra = [], bin = TIFA } = {}) {
  for (const [file, hint] of [[bin, "cargo build"], [path.join(ROOT, "www/pkg/tifa_bg.wasm"), "scripts/build-wasm.sh"]]) {
    if (!existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run ${hint} first`);
  }
  const child = spawn(bin, ["serve", dir, "--addr", "127.0.0.1:0", ...extra], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tifa serve printed no address in 15 s: ${stderr}`)), 15000);
    lines.once("line", (line) => {
      clearTimeout(timer);
      const m = /Serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(line);
      if (m) resolve(m[1]);
      else reject(new Error(`unexpected first line from tifa serve: ${line}`));
    });
    child.once("exit", (code) => reject(new Error(`tifa serve exited (${code}): ${stderr}`)));
  });
  lines.on("line", () => {});
  return {
    url,
    stop: () => new Promise((resolve) => {
      if (child.exitCode != null) return resolve();
      child.once("exit", resolve);
      child.kill("SIGTERM");
    }),
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/**
 * A new page that records every request of the context (workers included) and every console error
 * and CSP violation. `foreign()` lists requests that left `origin`.
 */
export async function newPage(browser, origin, options = {}) {
  const context = await browser.newContext({ acceptDownloads: true, ...options });
  const requests = [];
  const errors = [];
  context.on("request", (r) => requests.push(r.url()));
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("worker", (w) => w.on("console", (m) => { if (m.type() === "error") errors.push(`worker: ${m.text()}`); }));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const prefix = new URL(origin).origin + "/";
  return {
    page, context, requests, errors,
    foreign: () => requests.filter((u) => !u.startsWith(prefix) && !u.startsWith("blob:" + prefix) && !u.startsWith("data:")),
    violations: () => page.evaluate(() => window.__cspViolations),
  };
}

export async function screenshot(page, name, options = {}) {
  mkdirSync(OUTPUT, { recursive: true });
  const file = path.join(OUTPUT, name);
  // the widget's paragraphs out of view are not rendered (content-visibility: auto) until a reader
  // scrolls to them; a full-page capture does not scroll, so they are shown for it
  const show = (on) => page.evaluate((on) => {
    for (const t of document.querySelectorAll("tifa-tagger")) {
      for (const p of t.shadowRoot?.querySelectorAll(".para") ?? []) p.style.contentVisibility = on ? "visible" : "";
    }
  }, on);
  if (options.fullPage) await show(true);
  await page.screenshot({ path: file, ...options });
  if (options.fullPage) await show(false);
  return file;
}

/** Resolves with the detail of the next `tifa-result` event (from `selector`, or any element) that has
 * at least `minParagraphs` paragraphs (a Clear's empty result can arrive after the next paste has begun). */
export function nextResult(page, selector = null, { minParagraphs = 0 } = {}) {
  return page.evaluate(([sel, min]) => new Promise((resolve) => {
    const target = sel ? document.querySelector(sel) : document;
    const on = (e) => {
      if (e.detail.paragraphs < min) return;
      target.removeEventListener("tifa-result", on);
      resolve({ summary: e.detail.summary, paragraphs: e.detail.paragraphs, matches: e.detail.matches, ms: e.detail.ms, renderMs: e.detail.renderMs });
    };
    target.addEventListener("tifa-result", on);
  }), [selector, minParagraphs]);
}

/** Fills the (first) widget's textarea with `text`; resolves with the result it is tagged to. */
export async function paste(page, text) {
  const done = nextResult(page);
  await page.locator("tifa-tagger textarea").first().fill(text);
  return done;
}

/** Waits until the widget(s) have loaded the wasm tagger. */
export async function waitReady(page, selector = "tifa-tagger") {
  await page.waitForFunction((sel) => [...document.querySelectorAll(sel)].every((e) => e.info), selector, { timeout: 30000 });
}

/** Runs axe-core (from npm) on the page; returns violations of impact serious or critical, and those
 * of the rules named in `also` whatever their impact (landmark-unique is "moderate"). */
export async function axe(page, { also = ["landmark-unique"] } = {}) {
  await page.addScriptTag({ path: path.join(ROOT, "node_modules/axe-core/axe.min.js") });
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical" || also.includes(v.id))
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
}

/** Starts `tifa serve` and chromium once for the test file that calls it (at module level), and stops
 * both after its last test. The returned object's `server` and `browser` are set when the tests run. */
export function serverAndBrowser() {
  const env = { server: null, browser: null };
  before(async () => {
    env.server = await startServer();
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/** Waits until the tooltip of the (first) widget matching `selector` is shown: the first tooltip of a
 * page waits for tooltip.js, which is fetched when it opens. */
export async function tipShown(page, selector = "tifa-tagger") {
  await page.waitForFunction((sel) => document.querySelector(sel)?.shadowRoot?.querySelector(".tip")?.hidden === false, selector, { timeout: 5000 });
}
