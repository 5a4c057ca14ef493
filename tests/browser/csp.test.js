// csp.html and the CSP header: the widget works under
// `default-src 'self'; script-src 'self' 'wasm-unsafe-eval'` with no violation and no console error.

import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser, newPage, screenshot, axe } from "./helpers.js";

const env = serverAndBrowser();

const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

test("every response carries the policy, with the right MIME types", async () => {
  for (const [file, type] of [["index.html", /text\/html/], ["tifa-tagger.js", /text\/javascript/], ["pkg/tifa_bg.wasm", /application\/wasm/], ["tifa-tagger.css", /text\/css/]]) {
    const res = await fetch(env.server.url + file);
    assert.equal(res.status, 200, file);
    assert.match(res.headers.get("content-type"), type, file);
    assert.equal(res.headers.get("content-security-policy"), POLICY, file);
  }
});

test("csp.html passes its self-check with no violation", async () => {
  const { page, foreign, errors, violations } = await newPage(env.browser, env.server.url);
  await page.goto(env.server.url + "csp.html");
  await page.waitForFunction(() => document.body.dataset.csp, null, { timeout: 30000 });
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => document.body.dataset.csp), "ok", await page.locator("#csp-result").textContent());
  assert.equal(await page.locator("#csp-result").textContent(), "通过");
  assert.ok(await page.locator("tifa-tagger mark.hl").count() >= 3);
  await screenshot(page, "csp.png", { fullPage: true });
  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, []);
  assert.deepEqual(foreign(), []);
  await page.context().close();
});

test("axe-core: no serious or critical violations on csp.html, and unique landmarks", async () => {
  const { page, errors } = await newPage(env.browser, env.server.url, { bypassCSP: true });
  await page.goto(env.server.url + "csp.html");
  await page.waitForFunction(() => document.body.dataset.csp, null, { timeout: 30000 });
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("the policy is really enforced: an inline script would be blocked", async () => {
  // guards against a test that passes because no policy is applied at all
  const { page, violations } = await newPage(env.browser, env.server.url);
  await page.goto(env.server.url + "csp.html");
  await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__inlineRan = true";
    document.head.append(s);
  });
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__inlineRan), undefined);
  assert.ok((await violations()).some((v) => v.startsWith("script-src")));
  await page.context().close();
});
