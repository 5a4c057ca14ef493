// embed.html: the widget on a page imitating a portal article, in both modes; the host page's layout
// and scripts keep working; the events reach the host; axe-core; no request leaves the origin.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { serverAndBrowser, newPage, screenshot, nextResult, paste, waitReady, axe, tipShown } from "./helpers.js";

const env = serverAndBrowser();

async function openEmbed(options) {
  const p = await newPage(env.browser, env.server.url, options);
  // the annotator tags as soon as it is ready: wait for its first result
  await p.page.goto(env.server.url + "embed.html");
  await waitReady(p.page);
  await p.page.waitForFunction(() => Number(document.body.dataset.tifaResults || 0) >= 1, null, { timeout: 30000 });
  return p;
}

// The text of each match in the article: its pieces joined (a match can cover several text nodes).
function annotated(page) {
  return page.evaluate(() => {
    const byMatch = new Map();
    for (const m of document.querySelectorAll("#content mark.tifa-mark")) {
      const k = m.dataset.tifaM;
      const e = byMatch.get(k) || { text: "", themes: m.dataset.tifaThemes, pieces: 0, parents: [] };
      e.text += m.textContent;
      e.pieces += 1;
      e.parents.push(m.parentElement.localName);
      byMatch.set(k, e);
    }
    return [...byMatch.values()];
  });
}

test("annotate mode highlights the article in place, across inline elements", async () => {
  const { page, foreign, errors, violations } = await openEmbed({ viewport: { width: 1280, height: 1000 } });
  const marks = await annotated(page);
  const find = (t) => marks.find((m) => m.text === t);
  assert.ok(find("河长制"), JSON.stringify(marks));
  assert.equal(find("河长制").pieces, 2, "河长制 is split by <em>河长</em>制");
  assert.match(find("河长制").themes, /ecology_environment/);
  assert.equal(find("瓶改管").pieces, 3, "瓶<b>改</b>管");
  assert.match(find("瓶改管").themes, /gas_pipeline/);
  assert.match(find("1310").themes, /higher_directives/);
  assert.deepEqual(find("1310").parents, ["strong"]);
  // the text of the article is unchanged: the hidden summaries for screen readers have no text, so
  // they are neither in its textContent nor in its innerText, nor in what a reader copies
  const texts = await page.evaluate(async () => {
    const content = document.getElementById("content");
    const html = await (await fetch("embed.html")).text();
    const original = new DOMParser().parseFromString(html, "text/html").getElementById("content").textContent;
    getSelection().selectAllChildren(content);
    const copied = getSelection().toString();
    getSelection().removeAllRanges();
    return { now: content.textContent, original, inner: content.innerText, copied };
  });
  assert.match(texts.now, /严格落实“河长制”等河涌保洁监管长效机制/);
  assert.equal(texts.now, texts.original);
  assert.doesNotMatch(texts.inner, /本段提法标签/);
  assert.doesNotMatch(texts.copied, /本段提法标签/);
  assert.match(texts.copied, /严格落实/);
  // one summary of its tags at the start of each tagged paragraph, taking no space
  const summaries = await page.evaluate(() => [...document.querySelectorAll("#content span.tifa-sr")].map((e) => {
    const r = e.getBoundingClientRect();
    const block = e.closest("p, li, h1, h2, h3, h4, blockquote, div");
    const before = document.createRange();
    before.setStart(block, 0);
    before.setEndBefore(e);
    return { text: e.getAttribute("aria-label"), role: e.getAttribute("role"), w: r.width, h: r.height, first: before.toString().trim() === "", block: block.textContent };
  }));
  assert.ok(summaries.length >= 3, JSON.stringify(summaries));
  for (const sm of summaries) {
    assert.match(sm.text, /^（本段提法标签：.+）$/);
    assert.equal(sm.role, "img");
    assert.ok(sm.w <= 1 && sm.h <= 1, `visible summary: ${JSON.stringify(sm)}`);
    assert.ok(sm.first, `summary not at the start of its paragraph: ${JSON.stringify(sm)}`);
  }
  const gasName = (await page.locator("#annotator .legend button.theme[data-theme=gas_pipeline] .name").textContent()).trim();
  assert.ok(summaries.some((sm) => sm.block.includes("瓶") && sm.text.includes(gasName)), `${gasName}: ${JSON.stringify(summaries)}`);
  // the summary in the widget
  const legend = page.locator("#annotator .legend button.theme[data-theme=gas_pipeline]");
  assert.match(await legend.textContent(), /1 段/);
  // host scripts: elements they hold are still in the page, their listeners still work
  assert.match(await page.locator("#host-log").textContent(), /tifa-result.*原有元素均在/);
  await page.locator("#host-like").click();
  assert.equal(await page.locator("#host-like-count").textContent(), "1");
  await page.locator('#content a[href="embed.html#ershida"]').click();
  assert.match(page.url(), /#ershida$/);
  await screenshot(page, "embed-annotate.png", { fullPage: true });
  // stepping through the matches of a theme in the article
  await legend.click();
  await page.locator("#annotator button.next").click();
  const current = await page.evaluate(() => [...document.querySelectorAll("#content mark.tifa-current")].map((m) => m.textContent).join(""));
  assert.equal(current, "瓶改管");
  await tipShown(page, "#annotator");
  // the current highlight is one box around its three pieces (瓶<b>改</b>管): no outline on any
  // piece, the left edge on the first only, the right edge on the last only
  const box = await page.evaluate(() => [...document.querySelectorAll("#content mark.tifa-current")].map((m) => {
    const cs = getComputedStyle(m);
    // the x offsets of the shadows ("rgb(…) -3px 0px 0px 0px, …")
    const xs = cs.boxShadow === "none" ? [] : cs.boxShadow.split(/,(?![^(]*\))/).map((e) => parseFloat(e.replace(/rgba?\([^)]*\)/, "").trim()));
    return { outline: cs.outlineStyle, xs };
  }));
  assert.equal(box.length, 3, JSON.stringify(box));
  assert.ok(box.every((b) => b.outline === "none"), JSON.stringify(box));
  const left = (b) => b.xs.includes(-3), right = (b) => b.xs.includes(3);
  assert.deepEqual(box.map(left), [true, false, false], JSON.stringify(box));
  assert.deepEqual(box.map(right), [false, false, true], JSON.stringify(box));
  // the focused highlight describes itself (the tooltip in the shadow root cannot be referred to)
  const focused = await page.evaluate(() => {
    const a = document.activeElement;
    return { cls: a.className, desc: a.getAttribute("aria-description") };
  });
  assert.match(focused.cls, /tifa-mark/);
  assert.match(focused.desc, /^词条：瓶改管/);
  assert.doesNotMatch(focused.desc, /\[object/);
  assert.ok(focused.desc.includes(gasName), focused.desc);
  const dimmed = await page.locator("#content mark.tifa-mark.tifa-dim").count();
  assert.ok(dimmed > 0);
  await screenshot(page, "embed-annotate-step.png");
  await legend.click(); // filter off again

  // annotating again (e.g. after new rules) first removes the old marks
  const again = nextResult(page, "#annotator");
  await page.evaluate(() => document.getElementById("annotator").annotate());
  await again;
  assert.equal((await annotated(page)).length, marks.length);
  assert.equal(await page.locator("#content mark mark").count(), 0);
  assert.equal(await page.locator("#content span.tifa-sr").count(), summaries.length);

  assert.deepEqual(foreign(), []);
  assert.deepEqual(await violations(), []);
  assert.deepEqual(errors, []);
  await page.context().close();
});

// The labels after highlights are inline boxes inside the article: the article's text layout
// (embed.html indents its paragraphs by 2em; a host may space or transform letters) must not reach them.
test("annotate labels keep their own text layout: no inherited indent, spacing or transform", async () => {
  for (const width of [1280, 375]) {
    const { page } = await openEmbed({ viewport: { width, height: 900 } });
    await page.evaluate(() => {   // through the CSSOM: the page's policy allows no inline style
      for (const p of document.querySelectorAll("#content p")) Object.assign(p.style, { letterSpacing: "2px", wordSpacing: "6px", textTransform: "lowercase" });
    });
    const labels = await page.evaluate(() => [...document.querySelectorAll("#content mark.tifa-mark[data-tifa-label]")].map((m) => {
      const a = getComputedStyle(m, "::after");
      // the label's width: the mark's box less its text's
      const r = document.createRange();
      r.selectNodeContents(m);
      const text = [...r.getClientRects()].reduce((w, x) => w + x.width, 0);
      const box = [...m.getClientRects()].reduce((w, x) => w + x.width, 0);
      return { label: m.dataset.tifaLabel, indent: a.textIndent, spacing: `${a.letterSpacing} ${a.wordSpacing}`, transform: a.textTransform,
        extra: box - text, max: [...m.dataset.tifaLabel].length * parseFloat(a.fontSize) + 4 };
    }));
    assert.ok(labels.length >= 4, JSON.stringify(labels));
    for (const l of labels) {
      assert.equal(l.indent, "0px", JSON.stringify(l));
      assert.equal(l.spacing, "normal 0px", JSON.stringify(l));
      assert.equal(l.transform, "none", JSON.stringify(l));
      assert.ok(l.extra <= l.max, `label box wider than its text at ${width} px: ${JSON.stringify(l)}`);
    }
    await page.locator("#content p").first().screenshot({ path: `tests/browser/output/embed-labels-${width}.png` });
    await page.context().close();
  }
});

// WCAG 1.4.13: a tooltip shown on focus or hover can be dismissed without moving focus or pointer.
test("Escape closes the tooltip of a focused or hovered highlight, in both modes", async () => {
  const { page } = await openEmbed({ viewport: { width: 1280, height: 900 } });
  const tipHidden = (id) => page.evaluate((id) => document.getElementById(id).shadowRoot.querySelector(".tip").hidden, id);
  // annotate mode: focus reaches a highlight in the article (Next)
  await page.locator("#annotator button.next").click();
  await tipShown(page, "#annotator");
  await page.keyboard.press("Escape");
  assert.equal(await tipHidden("annotator"), true);
  assert.match(await page.evaluate(() => document.activeElement.className), /tifa-mark/, "focus stays on the highlight");
  await page.locator("#content mark.tifa-mark").nth(2).hover();
  assert.equal(await tipHidden("annotator"), false);
  await page.keyboard.press("Escape");
  assert.equal(await tipHidden("annotator"), true);
  // editor mode
  await paste(page, "认真对照省委“1310”具体部署，全面推行河长制，推动“瓶改管”。");
  await page.locator("#editor .doc").focus();
  await page.keyboard.press("n");
  assert.equal(await tipHidden("editor"), false);
  await page.keyboard.press("Escape");
  assert.equal(await tipHidden("editor"), true);
  await page.locator("#editor mark.hl").nth(1).hover();
  assert.equal(await tipHidden("editor"), false);
  await page.keyboard.press("Escape");
  assert.equal(await tipHidden("editor"), true);
  await page.context().close();
});

test("editor mode on the portal page, with the host listening to tifa-result", async () => {
  const { page, foreign, errors, requests } = await openEmbed({ viewport: { width: 1280, height: 1000 } });
  const done = nextResult(page, "#editor");
  await page.locator("#editor textarea").first().fill("认真对照省委“1310”具体部署，推动“瓶改管”项目竣工验收。");
  const result = await done;
  assert.ok(result.summary.themes.gas_pipeline && result.summary.themes.higher_directives, JSON.stringify(result.summary));
  await page.waitForFunction(() => Number(document.body.dataset.tifaResults) >= 2);
  // the host's log names the themes the typed line has, and no theme without a paragraph
  assert.match(await page.locator("#host-log").textContent(), /editor 的 tifa-result 事件：1 段有主题（[^（）]*瓶改管[^（）]*上级部署[^（）]*）|editor 的 tifa-result 事件：1 段有主题（上级部署[^（）]*瓶改管[^（）]*）/);
  assert.doesNotMatch(await page.locator("#host-log").textContent(), /营商环境/);
  // styled by the host through CSS custom properties
  const accent = await page.locator("#editor button.clear").evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(accent, "rgb(179, 27, 27)");
  await page.locator("#editor").scrollIntoViewIfNeeded();
  await screenshot(page, "embed-editor.png", { fullPage: true });
  // two widgets, two workers, each with the lean engine only: nothing of the authoring one
  assert.equal(requests.filter((u) => u.endsWith("/pkg/tifa_bg.wasm")).length, 2, JSON.stringify(requests));
  assert.deepEqual(requests.filter((u) => u.includes("tifa-authoring")), []);
  // the annotating widget fetched annotate mode's module once, on demand
  assert.equal(requests.filter((u) => u.endsWith("/widget/annotate.js")).length, 1, JSON.stringify(requests));
  assert.deepEqual(foreign(), []);
  assert.deepEqual(errors, []);
  await page.context().close();
});

// A page with one widget in one mode, served at `name` under the widget's folder (routed: not a file of
// www/); `headers`: more response headers (the strict policy).
async function openOneMode(name, widget, body = "", headers = {}) {
  const p = await newPage(env.browser, env.server.url);
  const url = env.server.url + name;
  await p.page.route(url, (route) => route.fulfill({
    contentType: "text/html; charset=utf-8",
    headers,
    body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${name}</title>
<script type="module" src="tifa-tagger.js"></script></head><body>${body}${widget}</body></html>`,
  }));
  await p.page.goto(url);
  return p;
}

const EDITOR_ONLY = ["widget/editor.js"];
const ON_USE = ["widget/rules-panel.js", "widget/rules-i18n.js", "widget/export.js"]; // editor mode, on first use
const TOOLTIP = ["widget/tooltip.js"]; // both modes, when the first tooltip opens
const RULES_URL = ["widget/rules-url.js", "widget/rules-i18n.js"]; // both modes, for rules from a URL (with the rules' strings)
const ANNOTATE_ONLY = ["widget/annotate.js", "tifa-annotate.css"];
const ENGLISH = ["widget/i18n-en.js"]; // the English strings, when an element is first shown in English
const fetched = (requests, files) => files.filter((f) => requests.some((u) => u.endsWith("/" + f)));

test("each mode fetches its own modules only: annotate mode none of the editor's, editor mode none of annotate mode's", async () => {
  const annotate = await openOneMode("one-annotate.html", '<tifa-tagger mode="annotate" target="#content"></tifa-tagger>',
    "<div id=\"content\"><p>推动“瓶改管”项目竣工验收。</p></div>");
  await waitReady(annotate.page);
  await annotate.page.locator("#content mark.tifa-mark").first().waitFor();
  assert.deepEqual(fetched(annotate.requests, ANNOTATE_ONLY), ANNOTATE_ONLY, JSON.stringify(annotate.requests));
  assert.deepEqual(fetched(annotate.requests, [...EDITOR_ONLY, ...ON_USE, ...TOOLTIP, ...RULES_URL, ...ENGLISH]), [], "editor mode's modules (or the tooltip, or English) fetched in annotate mode");
  assert.deepEqual(annotate.errors, []);
  await annotate.context.close();

  const editor = await openOneMode("one-editor.html", "<tifa-tagger></tifa-tagger>");
  await waitReady(editor.page);
  const result = await paste(editor.page, "推动“瓶改管”项目竣工验收。");
  assert.ok(result.summary.themes.gas_pipeline, JSON.stringify(result.summary));
  assert.deepEqual(fetched(editor.requests, EDITOR_ONLY), EDITOR_ONLY, JSON.stringify(editor.requests));
  assert.deepEqual(fetched(editor.requests, ANNOTATE_ONLY), [], "annotate mode's modules fetched in editor mode");
  assert.deepEqual(fetched(editor.requests, [...ON_USE, ...TOOLTIP, ...RULES_URL, ...ENGLISH]), [], "the rules panel, export, the tooltip, rules-url.js and English are fetched on first use only");
  // an element of the other mode, added by a script and used at once: it renders once annotate mode's
  // module has loaded, and a request made meanwhile waits for that
  const rules = await editor.page.evaluate(async () => {
    const t = document.createElement("tifa-tagger");
    t.setAttribute("mode", "annotate");
    document.body.append(t);
    return (await t.setRules(null)).ok;
  });
  assert.equal(rules, true);
  assert.deepEqual(editor.errors, []);
  await editor.context.close();
});

// A Chinese page never loads the English strings; an element in English fetches them before it first
// renders (or when its lang becomes English), under the strict policy, and a Chinese element beside it
// stays Chinese.
test("the English strings are fetched only for an element shown in English", async () => {
  const csp = { "Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" };
  const p = await openOneMode("one-english.html", '<tifa-tagger id="en" lang="en"></tifa-tagger><tifa-tagger id="zh"></tifa-tagger>', "", csp);
  await waitReady(p.page);
  assert.deepEqual(fetched(p.requests, ENGLISH), ENGLISH);
  const text = (id, sel) => p.page.evaluate(([id, sel]) => document.getElementById(id).shadowRoot.querySelector(sel).textContent, [id, sel]);
  assert.equal(await text("en", "button.clear"), "Clear");
  assert.equal(await text("zh", "button.clear"), "清空");
  // switched at run time: Chinese, English and back, with the result kept
  await paste(p.page, "推动“瓶改管”项目竣工验收。");
  await p.page.evaluate(() => document.getElementById("en").setAttribute("lang", "zh-CN"));
  assert.equal(await text("en", "button.clear"), "清空");
  await p.page.evaluate(() => document.getElementById("zh").setAttribute("lang", "en"));
  assert.equal(await text("zh", "button.clear"), "Clear");
  assert.deepEqual(p.errors, []);
  await p.context.close();

  const zh = await openOneMode("one-chinese.html", "<tifa-tagger></tifa-tagger>");
  await waitReady(zh.page);
  await zh.page.evaluate(() => document.querySelector("tifa-tagger").setAttribute("lang", "en"));
  await zh.page.waitForFunction(() => document.querySelector("tifa-tagger").shadowRoot.querySelector("button.clear").textContent === "Clear");
  assert.deepEqual(fetched(zh.requests, ENGLISH), ENGLISH);
  assert.deepEqual(zh.errors, []);
  await zh.context.close();
});

test("embed.html at phone width", async () => {
  const { page } = await openEmbed({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 1, `${overflow}px too wide`);
  await screenshot(page, "embed-phone.png");
  await page.context().close();
});

test("axe-core: no serious or critical violations on embed.html, and unique landmarks", async () => {
  const { page } = await openEmbed({ bypassCSP: true });
  const problems = await axe(page);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test("the rules panel and export are fetched on first use, under the strict policy, from the widget's own site", async () => {
  const editor = await openOneMode("one-editor-use.html", "<tifa-tagger></tifa-tagger>");
  const { page } = editor;
  await waitReady(page);
  await paste(page, "推动“瓶改管”项目竣工验收。");
  assert.deepEqual(fetched(editor.requests, ON_USE), []);
  // export: the first click fetches export.js, and the download happens
  const download = page.waitForEvent("download");
  await page.locator("tifa-tagger button.export-csv").click();
  const file = await download;
  assert.equal(file.suggestedFilename().endsWith(".csv"), true);
  assert.match(readFileSync(await file.path(), "utf8"), /gas_pipeline/);
  assert.deepEqual(fetched(editor.requests, ON_USE), ["widget/export.js"]);
  // the rules panel: opening it fetches its body, which then works
  await page.locator("tifa-tagger details.rules > summary").click();
  await page.locator("tifa-tagger textarea.code").fill('name = "测试主题"\nterms = ["测试词"]\n');
  await page.locator("tifa-tagger .rules-active", { hasText: "25 个主题" }).waitFor();
  assert.deepEqual(fetched(editor.requests, ON_USE), ON_USE);
  assert.equal(editor.requests.filter((u) => u.endsWith("/widget/rules-panel.js")).length, 1);
  assert.deepEqual(await editor.violations(), []);
  assert.deepEqual(editor.foreign(), []);
  assert.deepEqual(editor.errors, []);
  await editor.context.close();
});

// The tooltip is fetched when the first one opens, in each mode, under the strict policy (a header,
// as `tifa serve` sends it): not before, once, and it works at once: the focused highlight of a step
// refers to it (editor mode) or carries its text (annotate mode), and hover shows it.
test("tooltip.js is fetched when the first tooltip opens, in both modes, under the strict policy", async () => {
  const policy = { "Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" };
  const text = "认真对照省委“1310”具体部署，全面推行河长制，推动“瓶改管”项目竣工验收。";
  // annotate mode: a step (Next) opens the first tooltip
  const annotate = await openOneMode("one-annotate-tip.html", '<tifa-tagger id="t" mode="annotate" target="#content"></tifa-tagger>',
    `<div id="content"><p>${text}</p></div>`, policy);
  await waitReady(annotate.page);
  await annotate.page.locator("#content mark.tifa-mark").first().waitFor();
  await annotate.page.waitForTimeout(300);
  assert.deepEqual(fetched(annotate.requests, TOOLTIP), [], "fetched before any tooltip opened");
  await annotate.page.locator("#t button.next").click();
  await tipShown(annotate.page, "#t");
  const a = await annotate.page.evaluate(() => ({ cls: document.activeElement.className, desc: document.activeElement.getAttribute("aria-description") }));
  assert.match(a.cls, /tifa-mark/);
  assert.match(a.desc, /^词条：/);
  assert.match(await annotate.page.locator("#t .tip").textContent(), /词条：.*主题：/);
  assert.deepEqual(fetched(annotate.requests, TOOLTIP), TOOLTIP);
  await annotate.page.keyboard.press("Escape");
  await annotate.page.locator("#content mark.tifa-mark").nth(1).hover();
  await tipShown(annotate.page, "#t");
  await screenshot(annotate.page, "tooltip-on-use-annotate.png");
  assert.equal(annotate.requests.filter((u) => u.endsWith("/widget/tooltip.js")).length, 1);
  assert.deepEqual(await annotate.violations(), []);
  assert.deepEqual(annotate.foreign(), []);
  assert.deepEqual(annotate.errors, []);
  await annotate.context.close();

  // editor mode: hover opens the first tooltip, then keyboard stepping
  const editor = await openOneMode("one-editor-tip.html", "<tifa-tagger></tifa-tagger>", "", policy);
  const { page } = editor;
  await waitReady(page);
  await paste(page, text);
  await page.waitForTimeout(300);
  assert.deepEqual(fetched(editor.requests, TOOLTIP), [], "fetched before any tooltip opened");
  await page.locator("tifa-tagger mark.hl").first().hover();
  await tipShown(page);
  assert.match(await page.locator("tifa-tagger .tip").textContent(), /词条：.*主题：/);
  assert.deepEqual(fetched(editor.requests, TOOLTIP), TOOLTIP);
  await screenshot(page, "tooltip-on-use-editor.png");
  await page.mouse.move(2, 2);
  await page.locator("tifa-tagger .doc").focus();
  await page.keyboard.press("n");
  const e = await page.evaluate(() => {
    const r = document.querySelector("tifa-tagger").shadowRoot, m = r.activeElement, tip = r.querySelector(".tip");
    return { tag: m?.localName, describedby: m?.getAttribute("aria-describedby"), tipId: tip.id, hidden: tip.hidden };
  });
  assert.deepEqual(e, { tag: "mark", describedby: e.tipId, tipId: e.tipId, hidden: false });
  assert.equal(editor.requests.filter((u) => u.endsWith("/widget/tooltip.js")).length, 1);
  assert.deepEqual(await editor.violations(), []);
  assert.deepEqual(editor.foreign(), []);
  assert.deepEqual(editor.errors, []);
  await editor.context.close();
});

// A highlight left before tooltip.js arrived: no tooltip appears after it.
test("the first tooltip does not open once the pointer has left the highlight", async () => {
  const editor = await openOneMode("one-editor-tip-gone.html", "<tifa-tagger></tifa-tagger>");
  const { page } = editor;
  await waitReady(page);
  await paste(page, "推动“瓶改管”项目竣工验收。");
  // tooltip.js held back until the pointer has gone
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route("**/widget/tooltip.js", async (route) => { await held; await route.continue(); });
  await page.locator("tifa-tagger mark.hl").first().hover();
  await page.mouse.move(2, 2);
  release();
  // loaded: the element has tooltip.js's methods
  await page.waitForFunction(() => typeof document.querySelector("tifa-tagger")._askNotes === "function");
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => document.querySelector("tifa-tagger").shadowRoot.querySelector(".tip").hidden), true);
  assert.deepEqual(fetched(editor.requests, TOOLTIP), TOOLTIP);
  // the next hover shows it
  await page.locator("tifa-tagger mark.hl").first().hover();
  await tipShown(page);
  assert.deepEqual(editor.errors, []);
  await editor.context.close();
});

// The `rules` attribute: rules-url.js is fetched for it (an element without one never fetches it), in
// both modes, under the strict policy; the rules apply.
test("rules from the `rules` attribute: rules-url.js fetched for it, in both modes", async () => {
  const policy = { "Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'" };
  for (const mode of ["annotate", "editor"]) {
    const p = await newPage(env.browser, env.server.url);
    const url = env.server.url + `rules-attr-${mode}.html`;
    await p.page.route(env.server.url + "my_theme.toml", (route) => route.fulfill({
      contentType: "text/plain; charset=utf-8", body: 'name = "测试主题"\nterms = ["测试词"]\n' }));
    await p.page.route(url, (route) => route.fulfill({
      contentType: "text/html; charset=utf-8", headers: policy,
      body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>rules</title>
<script type="module" src="tifa-tagger.js"></script></head><body><div id="content"><p>推动测试词落实。</p></div>
<tifa-tagger mode="${mode}" target="#content" rules="my_theme.toml"></tifa-tagger></body></html>`,
    }));
    await p.page.addInitScript(() => document.addEventListener("tifa-rules", (e) => { window.__rulesOk = e.detail.ok; }));
    await p.page.goto(url);
    await p.page.waitForFunction(() => window.__rulesOk !== undefined, null, { timeout: 30000 });
    assert.equal(await p.page.evaluate(() => window.__rulesOk), true, mode);
    assert.equal(await p.page.evaluate(() => document.querySelector("tifa-tagger").info.themes.length), 25, mode);
    assert.deepEqual(fetched(p.requests, RULES_URL), RULES_URL, mode);
    if (mode === "annotate") await p.page.locator("#content mark.tifa-mark", { hasText: "测试词" }).waitFor();
    assert.deepEqual(await p.violations(), []);
    assert.deepEqual(p.errors, []);
    await p.context.close();
  }
});
