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

test("a .txt dropped with a .toml: only the .toml is read, and the panel says one file was left out", async () => {
  const { page, context, errors } = await openPanel();
  await page.evaluate(() => {
    window.__read = [];
    const read = Blob.prototype.arrayBuffer;
    Blob.prototype.arrayBuffer = function () {
      window.__read.push(this.name);
      return read.call(this);
    };
  });
  await drop(page, [["notes.txt", "随手记的笔记"], ["night_economy.toml", theme("夜间经济", "夜市")]]);
  const box = page.locator("tifa-tagger .rule-errors");
  await box.locator(".ok").waitFor();
  assert.deepEqual(await page.evaluate(() => window.__read), ["night_economy.toml"]);
  assert.equal(await box.locator(".note").textContent(), "另有 1 个文件不是 .toml 文件，未读取（与 tifa --rules 读取文件夹一样）。");
  assert.equal(await page.locator("tifa-tagger input[id$=rname]").inputValue(), "night_economy.toml");
  assert.match(await active(page), /25 个主题/);
  await page.waitForFunction(() => /另有 1 个文件/.test(document.querySelector("tifa-tagger").shadowRoot.querySelector(".sr-only[aria-live]").textContent));
  await page.locator("tifa-tagger details.rules").screenshot({ path: "tests/browser/output/rule-files-left-out.png" });
  // only files that are not .toml: nothing is read, and the panel says why
  await drop(page, [["a.txt", "甲"], ["b.md", "乙"]]);
  await box.filter({ hasText: "2 个文件中没有 .toml 规则文件" }).waitFor();
  assert.deepEqual(await page.evaluate(() => window.__read), ["night_economy.toml"]);
  assert.match(await active(page), /25 个主题/, "the rules before stay in use");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a file that cannot be read (as a dropped folder): not called 'not UTF-8'; no file is applied", async () => {
  const { page, context, errors } = await openPanel();
  await slowReads(page, { broken: ["rules"] });
  // a folder that comes as a File: its read rejects
  await drop(page, [["rules", ""]]);
  const box = page.locator("tifa-tagger .rule-errors");
  await box.filter({ hasText: "无法读取“rules”" }).waitFor();
  const text = await box.textContent();
  assert.match(text, /如果它是文件夹，请打开或拖入其中的 \.toml 文件/);
  assert.doesNotMatch(text, /UTF-8/);
  await page.locator("tifa-tagger details.rules").screenshot({ path: "tests/browser/output/rule-files-unreadable.png" });
  // one of several cannot be read: none is applied
  await slowReads(page, { broken: ["b_gone.toml"] });
  await drop(page, [["a_ok.toml", theme("甲", "甲词")], ["b_gone.toml", theme("乙", "乙词")]]);
  await box.filter({ hasText: "无法读取“b_gone.toml”，未应用任何文件" }).waitFor();
  assert.match(await active(page), /24 个主题/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a folder dropped (its directory entry): its *.toml files are read, not its sub-folder's, the others left out", async () => {
  const { page, context, errors } = await openPanel();
  await page.evaluate(([a, b]) => {
    const file = (name, text) => ({ isFile: true, isDirectory: false, name, file: (ok) => ok(new File([text], name)) });
    const sub = { isFile: false, isDirectory: true, name: "old" };
    // readEntries gives its entries in batches, then an empty one
    const batches = [[file("b_second.toml", b), sub], [file("readme.md", "# 说明"), file("a_first.toml", a)], []];
    const dir = { isFile: false, isDirectory: true, name: "rules", createReader: () => ({ readEntries: (ok) => ok(batches.shift() ?? []) }) };
    const dt = { types: ["Files"], files: { length: 1 }, items: [{ kind: "file", webkitGetAsEntry: () => dir, getAsFile: () => null }] };
    const ev = new DragEvent("drop", { bubbles: true, cancelable: true });
    Object.defineProperty(ev, "dataTransfer", { value: dt });
    document.querySelector("tifa-tagger").shadowRoot.querySelector("details.rules").dispatchEvent(ev);
  }, [theme("甲", "甲词"), theme("乙", "乙词")]);
  const box = page.locator("tifa-tagger .rule-errors");
  await box.locator(".ok").waitFor();
  assert.deepEqual(await options(page), ["a_first.toml", "b_second.toml"]);
  assert.match(await box.locator(".note").textContent(), /另有 1 个文件/);
  assert.match(await active(page), /26 个主题/);
  // in English
  await page.evaluate(() => document.querySelector("tifa-tagger").setAttribute("lang", "en"));
  // the element is drawn again in English once its strings are fetched: click the panel only then (a
  // click before it toggled the old panel, and the new one came closed; seen under load)
  await page.locator("tifa-tagger details.rules > summary .rules-title", { hasText: "Rules" }).waitFor();
  await page.locator("tifa-tagger details.rules > summary").click();
  await box.locator(".note").waitFor();
  assert.equal(await box.locator(".note").textContent(), "1 other file was left out (not .toml), as `tifa --rules DIR` leaves them out.");
  await page.locator("tifa-tagger details.rules").screenshot({ path: "tests/browser/output/rule-files-folder-en.png" });
  // an empty folder: said so, not "no .toml file among the 0 files"; the rules before stay
  await page.evaluate(() => {
    const dir = { isFile: false, isDirectory: true, name: "empty", createReader: () => ({ readEntries: (ok) => ok([]) }) };
    const dt = { types: ["Files"], files: { length: 1 }, items: [{ kind: "file", webkitGetAsEntry: () => dir, getAsFile: () => null }] };
    const ev = new DragEvent("drop", { bubbles: true, cancelable: true });
    Object.defineProperty(ev, "dataTransfer", { value: dt });
    document.querySelector("tifa-tagger").shadowRoot.querySelector("details.rules").dispatchEvent(ev);
  });
  await box.filter({ hasText: "The folder is empty: nothing was applied." }).waitFor();
  assert.doesNotMatch(await box.textContent(), /among the 0/);
  assert.match(await active(page), /26 themes|26 个主题/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("setRules(toml, \"\"): the fallback name rules.toml; an error that is not a rule error names none of several files", async () => {
  const { page, context } = await openPanel();
  const one = await page.evaluate((t) => document.querySelector("tifa-tagger").setRules(t, ""), theme("无名", "无名词"));
  assert.equal(one.ok, true, JSON.stringify(one.errors));
  assert.ok(one.info.themes.some((t) => t.id === "rules"), JSON.stringify(one.info.themes.map((t) => t.id)));
  // not a [fileName, toml] pair: the engine throws a plain error, not rule errors
  const many = await page.evaluate((t) => document.querySelector("tifa-tagger").setRules([["a.toml", t], ["b.toml", 5]]), theme("甲", "甲词"));
  assert.equal(many.ok, false);
  assert.equal(many.errors.length, 1);
  assert.equal(many.errors[0].file, "", "no file name that is not among them");
  assert.match(many.errors[0].message, /pair/);
  assert.equal(await page.locator("tifa-tagger .rule-errors .err-pos").textContent(), "0:0");
  await context.close();
});
