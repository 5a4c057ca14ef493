// The rules panel's rule files (www/widget/rules-panel.js): opened twice quickly (the last wins, also
// against a rules URL still being fetched), a folder or a file that cannot be read, files that are not
// *.toml (left out, as `tifa --rules DIR` leaves them out).

import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser, newPage, waitReady } from "./helpers.js";

const env = serverAndBrowser();

async function openPanel() {
  const p = await newPage(env.browser, env.server.url);
  await p.page.goto(env.server.url + "index.html");
  await waitReady(p.page);
  await p.page.locator("tifa-tagger details.rules > summary").click();
  await p.page.locator("tifa-tagger textarea.code").waitFor();
  return p;
}

const theme = (name, term) => `name = "${name}"\nterms = ["${term}"]\n`;

// Reading a file whose name is in `slow` takes `ms` more; one in `broken` rejects, as a dropped folder does.
function slowReads(page, { slow = [], ms = 0, broken = [] }) {
  return page.evaluate(([slow, ms, broken]) => {
    const read = Blob.prototype.arrayBuffer;
    Blob.prototype.arrayBuffer = function () {
      if (broken.includes(this.name)) return Promise.reject(new DOMException("A requested file or directory could not be found", "NotFoundError"));
      const r = read.call(this);
      return slow.includes(this.name) ? r.then((b) => new Promise((ok) => setTimeout(() => ok(b), ms))) : r;
    };
  }, [slow, ms, broken]);
}

// Drops [name, text] files on the rules panel.
function drop(page, files) {
  return page.evaluate((files) => {
    const dt = new DataTransfer();
    for (const [name, text] of files) dt.items.add(new File([text], name, { type: "text/plain" }));
    const d = document.querySelector("tifa-tagger").shadowRoot.querySelector("details.rules");
    d.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, files);
}

const options = (page) => page.locator("tifa-tagger select[id$=rpick] option").allTextContents();
const active = (page) => page.locator("tifa-tagger .rules-active").textContent();

test("two drops in quick succession: the last set is applied, though the first is read last", async () => {
  const { page, context, errors } = await openPanel();
  const big = Array.from({ length: 10 }, (_, i) => [`a${i}_big.toml`, theme(`大${i}`, `大词${i}`) + "# " + "x".repeat(50000) + "\n"]);
  await slowReads(page, { slow: [big[0][0]], ms: 800 });
  const rules = [];
  await page.exposeFunction("onRules", (d) => rules.push(d));
  await page.evaluate(() => document.querySelector("tifa-tagger").addEventListener("tifa-rules", (e) => window.onRules({ ok: e.detail.ok, themes: e.detail.info.themes.length })));
  await drop(page, big);
  await drop(page, [["y_one.toml", theme("乙", "乙词")], ["z_two.toml", theme("丙", "丙词")]]);
  await page.locator("tifa-tagger .rule-errors .ok").waitFor();
  assert.deepEqual(await options(page), ["y_one.toml", "z_two.toml"]);
  assert.match(await active(page), /26 个主题/);
  // the first drop's reads have ended by now: they are not applied
  await page.waitForTimeout(2000);
  assert.deepEqual(await options(page), ["y_one.toml", "z_two.toml"]);
  assert.match(await active(page), /26 个主题/);
  assert.equal(await page.locator("tifa-tagger textarea.code").inputValue(), theme("乙", "乙词"));
  assert.deepEqual(rules, [{ ok: true, themes: 26 }], "one setRules only, the second drop's");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a rules URL still being fetched does not override files dropped after it", async () => {
  const { page, context, errors } = await openPanel();
  await page.route("**/slow_rules.toml", async (route) => {
    await new Promise((ok) => setTimeout(ok, 800));
    await route.fulfill({ status: 200, contentType: "text/plain; charset=utf-8", body: theme("网址主题", "网址词") });
  });
  await page.locator("tifa-tagger input[id$=rurl]").fill("slow_rules.toml");
  const asked = page.waitForRequest("**/slow_rules.toml");
  await page.locator("tifa-tagger details.rules button", { hasText: "加载网址" }).click();
  await asked;   // the fetch is in flight
  await drop(page, [["dropped.toml", theme("拖入", "拖入词")]]);
  await page.locator("tifa-tagger .rule-errors .ok").waitFor();
  await page.waitForTimeout(1500);
  assert.equal(await page.locator("tifa-tagger input[id$=rname]").inputValue(), "dropped.toml");
  assert.equal(await page.locator("tifa-tagger textarea.code").inputValue(), theme("拖入", "拖入词"));
  assert.match(await active(page), /25 个主题/);
  assert.deepEqual(errors, []);
  await context.close();
});
