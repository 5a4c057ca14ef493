// What a reader meets (issue 12): the keyboard path after stepping to a match, theme labels that never
// break inside a word (desktop and 375 px, screenshots of both), the status and the totals counting
// the same paragraphs, tooltips without an empty "meaning" line, the legend's titles (the themes'
// descriptions, fetched apart), the print view (no match counter, the report's title), English chart
// labels and buttons, nested matches of two themes (page and annotate mode), and the HTML file of
// `tifa tag --format html` at 375 px.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { serverAndBrowser, newPage, screenshot, paste, waitReady, ROOT, SAMPLES, tipShown } from "./helpers.js";

const env = serverAndBrowser();

const shiqiao = readFileSync(path.join(SAMPLES, "panyu-shiqiao-2023.txt"), "utf8");
const xinqiao = readFileSync(path.join(SAMPLES, "baoan-xinqiao-2024h1.txt"), "utf8");

// A theme of the test whose one term holds a term of a default theme (河长制, ecology_environment):
// in “全面推行河长制工作” the two matches nest.
const NEST_RULES = `name = "嵌套测试"
name-en = "Nesting test"
description = "A term that holds a term of another theme."
terms = ["推行河长制工作"]
`;
const NEST_TEXT = "一、重点工作\n全面推行河长制工作，落实瓶改管。\n";

async function openIndex(options, query = "") {
  const p = await newPage(env.browser, env.server.url, options);
  await p.page.goto(env.server.url + "index.html" + query);
  await waitReady(p.page);
  return p;
}

// The element that has focus, looking into shadow roots: "tag.class" and whether it is in the widget.
function focused(page) {
  return page.evaluate(() => {
    let a = document.activeElement;
    const inWidget = a?.localName === "tifa-tagger";
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return { name: a ? `${a.localName}.${a.className}` : "", inWidget, m: a?.dataset?.m ?? null };
  });
}

test("keyboard: after stepping to a match (n or Next), Tab goes on from there, not back to the first button", async () => {
  const { page, errors } = await openIndex();
  await paste(page, shiqiao);
  await page.locator("tifa-tagger .doc").focus();
  await page.keyboard.press("n");
  let f = await focused(page);
  assert.match(f.name, /^mark\.hl/);
  await page.keyboard.press("Tab");
  f = await focused(page);
  // past the results: the next control after the text (or out of the widget), never its first buttons
  assert.doesNotMatch(f.name, /open-file|^select|^textarea|button\.clear/, JSON.stringify(f));
  assert.ok(!f.inWidget || /more-after/.test(f.name), JSON.stringify(f));
  // Shift+Tab comes back to the highlight reached
  await page.keyboard.press("Shift+Tab");
  f = await focused(page);
  assert.match(f.name, /^mark\.hl/, JSON.stringify(f));

  // the same after the Next button
  await page.locator("tifa-tagger button.next").click();
  f = await focused(page);
  assert.match(f.name, /^mark\.hl/);
  const m = f.m;
  await page.keyboard.press("Tab");
  f = await focused(page);
  assert.doesNotMatch(f.name, /open-file|^select|^textarea|button\.clear/, JSON.stringify(f));
  // only the highlight reached is in the Tab order
  const tabbable = await page.evaluate(() => [...document.querySelector("tifa-tagger").shadowRoot.querySelectorAll("mark.hl")].filter((e) => e.tabIndex >= 0).map((e) => e.dataset.m));
  assert.deepEqual(tabbable, [m]);
  assert.deepEqual(errors, []);
  await page.context().close();
});

// For every labelled highlight in view: the label is one unbreakable box, and the highlight's last
// line box is at least as wide as the label alone (a label broken inside a word leaves a piece of it
// on a line of its own, narrower than the whole label).
async function brokenLabels(page) {
  return page.evaluate(() => {
    const root = document.querySelector("tifa-tagger").shadowRoot;
    const doc = root.querySelector(".doc");
    const out = [];
    const marks = [...root.querySelectorAll("mark.hl[data-label]")].slice(0, 400);
    for (const m of marks) {
      const after = getComputedStyle(m, "::after");
      if (after.display !== "inline-block" || after.whiteSpace !== "nowrap") {
        out.push(`${m.dataset.label}: ${after.display} ${after.whiteSpace}`);
        continue;
      }
      // the label's width: the same mark, off-line, with and without the label
      const probe = m.cloneNode(true);
      probe.style.position = "absolute";
      probe.style.whiteSpace = "nowrap";
      probe.style.visibility = "hidden";
      m.parentNode.append(probe);
      const withLabel = probe.getBoundingClientRect().width;
      probe.removeAttribute("data-label");
      const label = withLabel - probe.getBoundingClientRect().width;
      probe.remove();
      const rects = m.getClientRects();
      const last = rects[rects.length - 1];
      if (last.width + 0.5 < label) out.push(`${m.textContent}/${m.dataset.label}: last line ${last.width.toFixed(1)} < label ${label.toFixed(1)}`);
    }
    return { broken: out, checked: marks.length, width: doc.clientWidth };
  });
}

test("theme labels never break inside a word, at desktop width and at 375 px; one label per theme and paragraph", async () => {
  for (const [name, opts, lang] of [
    ["labels-desktop.png", { viewport: { width: 1280, height: 900 } }, ""],
    ["labels-375.png", { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }, ""],
    ["labels-375-en.png", { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }, "?lang=en"],
  ]) {
    const { page, errors } = await openIndex(opts, lang);
    await paste(page, xinqiao);
    const res = await brokenLabels(page);
    assert.ok(res.checked > 20, `${name}: ${res.checked} labels checked`);
    assert.deepEqual(res.broken, [], name);
    // a theme's label once per paragraph: later highlights of it carry its colour and tooltip
    const repeats = await page.locator("tifa-tagger .para").evaluateAll((ps) => ps.map((p) => {
      const labels = [...p.querySelectorAll("mark.hl[data-label]")].map((m) => m.dataset.label);
      return labels.length - new Set(labels).size;
    }).reduce((a, b) => a + b, 0));
    assert.equal(repeats, 0);
    const dense = page.locator("tifa-tagger .para", { hasText: "上半年,坚持主动服务" }).first();
    await dense.scrollIntoViewIfNeeded();
    await screenshot(page, name, { fullPage: false });
    assert.deepEqual(errors, []);
    await page.context().close();
  }
});

test("the status and the totals count the same paragraphs; tooltips have no empty meaning line", async () => {
  const { page, errors } = await openIndex();
  const result = await paste(page, shiqiao);
  const status = await page.locator("tifa-tagger .status").textContent();
  const totals = await page.locator("tifa-tagger .totals").textContent();
  const n = result.summary.content_paragraphs;
  assert.ok(n < result.paragraphs, "the sample has page furniture, which is not counted");
  assert.match(status, new RegExp(`已标注 ${n} 段正文`));
  assert.match(totals, new RegExp(`共 ${n} 段正文`));
  // step through highlights: a tooltip never says that the rules give no note
  await page.locator("tifa-tagger .doc").focus();
  const tips = [];
  for (let i = 0; i < 25; i++) {
    await page.keyboard.press("n");
    if (i === 0) await tipShown(page);
    tips.push(await page.locator("tifa-tagger .tip").textContent());
  }
  assert.ok(tips.every((t) => /词条：.*主题：/.test(t)), tips.join("\n"));
  assert.ok(!tips.some((t) => /规则未给出说明|含义：$/.test(t)), tips.join("\n"));
  // a term of a sub-theme: the tooltip names the sub-theme
  const sub = await page.evaluate(() => {
    const tagger = document.querySelector("tifa-tagger");
    const root = tagger.shadowRoot;
    const d = tagger.result.data;
    for (const m of root.querySelectorAll("mark.hl")) {
      const term = d.terms[d.mTerm[Number(m.dataset.m)]];
      const name = tagger.info.notes[term]?.sub;
      if (!name) continue;
      m.dispatchEvent(new MouseEvent("mouseover", { bubbles: true, composed: true }));
      return { term, name, tip: root.querySelector(".tip").textContent };
    }
    return null;
  });
  assert.ok(sub, "no term of a sub-theme in the sample");
  assert.ok(sub.tip.includes(`子主题：${sub.name}`), JSON.stringify(sub));
  // a term with a note: its tooltip shows it (the lean engine's notes come apart, pkg/tifa-notes.json,
  // which the first tooltip has the worker fetch)
  const noted = await page.evaluate(async () => {
    const notes = await (await fetch("pkg/tifa-notes.json")).json();
    const tagger = document.querySelector("tifa-tagger");
    const d = tagger.result.data;
    for (const m of tagger.shadowRoot.querySelectorAll("mark.hl")) {
      const term = d.terms[d.mTerm[Number(m.dataset.m)]];
      if (!notes.terms[term]?.note) continue;
      m.dispatchEvent(new MouseEvent("mouseover", { bubbles: true, composed: true }));
      return { term, note: notes.terms[term].note };
    }
    return null;
  });
  assert.ok(noted, "no term with a note in the sample");
  await page.waitForFunction((note) => document.querySelector("tifa-tagger").shadowRoot.querySelector(".tip").textContent.includes(`含义：${note}`), noted.note, { timeout: 5000 });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("print view: the report's title, no match counter", async () => {
  const { page, errors } = await openIndex({ viewport: { width: 1000, height: 900 } });
  await paste(page, xinqiao);
  await page.locator("tifa-tagger .doc").focus();
  await page.keyboard.press("n");
  await page.emulateMedia({ media: "print" });
  const title = page.locator("tifa-tagger .print-title");
  assert.ok(await title.isVisible());
  assert.equal((await title.textContent()).trim(), "深圳市宝安区新桥街道办事处2024年上半年工作总结和下半年工作计划");
  assert.equal(await page.locator("tifa-tagger .pos").isVisible(), false);
  assert.doesNotMatch(await page.locator("tifa-tagger .results").innerText(), /第 \d+ \/ \d+ 处/);
  await screenshot(page, "print-view.png", { fullPage: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, "print-view-top.png", { clip: { x: 0, y: 0, width: 1000, height: 450 } });
  await page.emulateMedia({ media: "screen" });
  assert.equal(await title.isVisible(), false);
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("English: chart labels are names, not single ambiguous words; the Clear button stays on one line", async () => {
  for (const [name, opts] of [["english-desktop.png", { viewport: { width: 1280, height: 900 } }],
    ["english-375.png", { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }]]) {
    const { page, errors } = await openIndex(opts, "?lang=en");
    await page.locator("tifa-tagger h2", { hasText: "Report text" }).waitFor();
    await paste(page, shiqiao + "\n" + xinqiao);
    const bars = await page.evaluate(() => {
      const root = document.querySelector("tifa-tagger").shadowRoot;
      const svg = root.querySelector("svg.bars");
      const firstBar = svg.querySelector("rect").getBBox().x;
      return [...svg.querySelectorAll("text.bar-label")].map((t) => ({ text: t.textContent, left: t.getBBox().x, right: t.getBBox().x + t.getBBox().width, firstBar }));
    });
    assert.ok(bars.length > 8, JSON.stringify(bars));
    for (const b of bars) {
      assert.doesNotMatch(b.text, /^(People's|Strict|Public|Directives|Piped|Economic|Government|Grassroots|Defence|Work|Social|Urban|Rural|Business|City)$/, JSON.stringify(b));
      assert.ok(b.left >= 0 && b.right <= b.firstBar, `label outside its room: ${JSON.stringify(b)}`);
    }
    const clearLines = await page.evaluate(() => {
      const b = document.querySelector("tifa-tagger").shadowRoot.querySelector("button.clear");
      const r = document.createRange();
      r.selectNodeContents(b);
      return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size;
    });
    assert.equal(clearLines, 1, `${name}: the Clear button wraps`);
    await screenshot(page, name, { fullPage: false });
    await page.locator("tifa-tagger .chart").screenshot({ path: path.join(ROOT, "tests/browser/output", name.replace(".png", "-chart.png")) });
    assert.deepEqual(errors, []);
    await page.context().close();
  }
});

test("nested matches of two themes: one highlight with both themes, in the page and in annotate mode", async () => {
  const { page, errors } = await openIndex();
  const tagger = page.locator("tifa-tagger");
  await page.evaluate((toml) => document.querySelector("tifa-tagger").setRules(toml, "nest_demo.toml", false), NEST_RULES);
  await paste(page, NEST_TEXT);
  const report = await page.evaluate(() => document.querySelector("tifa-tagger").report());
  const ms = report.paragraphs.flatMap((p) => p.matches).map((m) => [m.term, m.utf16_start, m.utf16_end, m.themes.join()]);
  // the engine reports both, the one inside the other
  const at = (t) => NEST_TEXT.indexOf(t);
  assert.deepEqual(ms.slice(0, 2), [["推行河长制工作", at("推行"), at("推行") + 7, "nest_demo"], ["河长制", at("河长制"), at("河长制") + 3, "ecology_environment"]]);
  const marks = await tagger.locator(".para mark.hl").evaluateAll((ms) => ms.map((m) => ({ text: m.textContent, themes: m.dataset.themes, label: m.dataset.label })));
  assert.deepEqual(marks.map((m) => m.text), ["推行河长制工作", "瓶改管"], JSON.stringify(marks));
  assert.match(marks[0].themes, /nest_demo/);
  assert.match(marks[0].themes, /ecology_environment/);
  assert.match(marks[0].label, /嵌套测试\/生态环境/);
  // the text is shown once, whole
  assert.equal(await tagger.locator(".para", { hasText: "全面推行" }).locator(".text").textContent(), "全面推行河长制工作，落实瓶改管。");
  // stepping stops once at the highlight; its tooltip names the nested term and its theme
  await tagger.locator(".doc").focus();
  await page.keyboard.press("n");
  assert.match(await tagger.locator(".pos").textContent(), /第 1 \/ 2 处/);
  await tipShown(page);
  const tip = await tagger.locator(".tip").textContent();
  assert.match(tip, /词条：推行河长制工作/);
  assert.match(tip, /内含：河长制（生态环境/);
  // a filter on the nested theme steps to the highlight that holds it
  await tagger.locator('.legend button[data-theme="ecology_environment"]').click();
  await tagger.locator("button.next").click();
  assert.match(await tagger.locator(".pos").textContent(), /第 1 \/ 1 处/);
  assert.equal((await focused(page)).name.startsWith("mark.hl"), true);
  await screenshot(page, "nested-editor.png");

  // annotate mode: an article on the same page, annotated by a second widget with the same rules
  await page.evaluate(() => {
    const art = document.createElement("article");
    art.id = "nest-article";
    art.innerHTML = "<h2>一、重点工作</h2><p>全面推行<b>河长</b>制工作，落实瓶改管。</p>";
    document.querySelector("main").prepend(art);
    const w = document.createElement("tifa-tagger");
    w.id = "nest-annotator";
    w.setAttribute("mode", "annotate");
    w.setAttribute("target", "#nest-article");
    art.after(w);
  });
  await waitReady(page, "#nest-annotator");
  await page.evaluate((toml) => document.getElementById("nest-annotator").setRules(toml, "nest_demo.toml", false), NEST_RULES);
  await page.waitForFunction(() => document.querySelector("#nest-article mark.tifa-mark[data-tifa-themes*=nest_demo]"));
  const pieces = await page.evaluate(() => [...document.querySelectorAll("#nest-article mark.tifa-mark")].map((m) => ({ text: m.textContent, g: m.dataset.tifaG, themes: m.dataset.tifaThemes, label: m.dataset.tifaLabel ?? null })));
  // 推行 | 河长 (inside <b>) | 制工作: three pieces of one highlight; 瓶改管 another
  assert.deepEqual(pieces.map((p) => p.text), ["全面推行".slice(2), "河长", "制工作", "瓶改管"], JSON.stringify(pieces));
  assert.equal(new Set(pieces.slice(0, 3).map((p) => p.g)).size, 1);
  assert.match(pieces[0].themes, /nest_demo/);
  assert.match(pieces[0].themes, /ecology_environment/);
  assert.match(pieces[2].label, /嵌套测试\/生态环境/);
  assert.equal(await page.locator("#nest-article mark mark").count(), 0);
  assert.equal(await page.locator("#nest-article p").textContent(), "全面推行河长制工作，落实瓶改管。");
  await page.locator("#nest-annotator button.next").click();
  const current = await page.evaluate(() => [...document.querySelectorAll("#nest-article mark.tifa-current")].map((m) => m.textContent).join(""));
  assert.equal(current, "推行河长制工作");
  await page.locator("#nest-article").screenshot({ path: path.join(ROOT, "tests/browser/output", "nested-annotate.png") });
  assert.deepEqual(errors, []);
  await page.context().close();
});

// A match of a theme that did not reach its threshold in the paragraph (weak evidence: 高质量发展 in
// the heading 一、提劲赶超，构建高质量发展新格局, which has no tag) is shown apart: a quieter highlight
// with no label, a tooltip that says so, and the legend counts only matches that counted.
test("weak evidence: matches of a theme the paragraph is not tagged with are drawn apart, say so, and are not counted", async () => {
  const { page, errors } = await openIndex();
  const tagger = page.locator("tifa-tagger");
  await paste(page, shiqiao);
  // every highlight: weak exactly when none of its themes is among its paragraph's tags
  const marks = await tagger.locator(".para mark.hl").evaluateAll((ms) => ms.map((m) => {
    const tags = [...m.closest(".para").querySelectorAll(".chip[data-theme]")].map((c) => c.dataset.theme);
    const themes = m.dataset.themes.split(" ");
    const cs = getComputedStyle(m);
    return { text: m.textContent, p: m.closest(".para").dataset.p, counted: themes.some((t) => tags.includes(t)), weak: m.classList.contains("weak"),
      label: m.dataset.label ?? null, bg: cs.backgroundColor, line: cs.borderBottomStyle };
  }));
  const weak = marks.filter((m) => !m.counted);
  assert.ok(weak.length >= 10 && marks.length > weak.length * 3, `${weak.length} weak of ${marks.length}`);
  for (const m of marks) {
    assert.equal(m.weak, !m.counted, JSON.stringify(m));
    if (m.weak) {
      assert.equal(m.label, null, `a weak match has no label: ${JSON.stringify(m)}`);
      assert.equal(m.line, "dotted", JSON.stringify(m));
      assert.equal(m.bg, "rgba(0, 0, 0, 0)", JSON.stringify(m));
    } else {
      assert.equal(m.line, "solid", JSON.stringify(m));
    }
  }
  const heading = weak.find((m) => m.p === "6");
  assert.equal(heading?.text, "高质量发展", JSON.stringify(weak.slice(0, 5)));
  // its tooltip says why it is not a tag
  await tagger.locator('.para[data-p="6"] mark.hl').first().hover();
  await tipShown(page);
  assert.match(await tagger.locator(".tip").textContent(), /弱证据：本段未达到该主题的阈值/);
  await tagger.locator('.para[data-p="7"] .idx').hover();
  // the legend counts matches that counted, and lists only themes with tagged paragraphs
  const report = await page.evaluate(() => document.querySelector("tifa-tagger").report());
  const counted = {};
  for (const p of report.paragraphs) {
    const tags = p.themes.map((t) => t.id);
    for (const m of p.matches) for (const t of m.themes) if (tags.includes(t)) counted[t] = (counted[t] || 0) + 1;
  }
  const legend = await tagger.locator(".legend button.theme").evaluateAll((bs) => bs.map((b) => [b.dataset.theme, b.querySelector(".count").textContent]));
  const want = Object.entries(report.summary.themes).filter(([, t]) => t.paragraphs > 0);
  assert.equal(legend.length, want.length, JSON.stringify(legend));
  for (const [id, t] of want) assert.deepEqual(legend.find(([l]) => l === id), [id, `${t.paragraphs} 段 · ${counted[id]} 处`]);
  assert.ok(!legend.some(([id]) => id === "epidemic_control"), "疫情防控 has no paragraph: not in the legend");
  await tagger.locator('.para[data-p="6"]').scrollIntoViewIfNeeded();
  await screenshot(page, "weak-editor.png");

  // annotate mode: the same in an article
  await page.evaluate(() => {
    const art = document.createElement("article");
    art.id = "weak-article";
    art.innerHTML = "<h2>一、提劲赶超，构建高质量发展新格局</h2><p>认真对照省委“1310”具体部署，推动高质量发展，全面推行河长制。</p>";
    document.querySelector("main").prepend(art);
    const w = document.createElement("tifa-tagger");
    w.id = "weak-annotator";
    w.setAttribute("mode", "annotate");
    w.setAttribute("target", "#weak-article");
    art.after(w);
  });
  await page.waitForFunction(() => document.querySelector("#weak-article mark.tifa-mark"), null, { timeout: 30000 });
  const pieces = await page.evaluate(() => [...document.querySelectorAll("#weak-article mark.tifa-mark")].map((m) => ({
    text: m.textContent, in: m.closest("h2, p").localName, weak: m.classList.contains("tifa-weak"), label: m.dataset.tifaLabel ?? null,
    bg: getComputedStyle(m).backgroundColor, line: getComputedStyle(m).borderBottomStyle })));
  const h = pieces.find((m) => m.in === "h2");
  assert.deepEqual([h.text, h.weak, h.label, h.bg, h.line], ["高质量发展", true, null, "rgba(0, 0, 0, 0)", "dotted"], JSON.stringify(pieces));
  assert.ok(pieces.filter((m) => m.in === "p").every((m) => !m.weak), JSON.stringify(pieces));
  // no screen-reader summary for the untagged heading; the weak highlight describes itself as such
  assert.equal(await page.locator("#weak-article h2 span.tifa-sr").count(), 0);
  await page.locator("#weak-article h2 mark.tifa-mark").focus();
  assert.match(await page.locator("#weak-article h2 mark.tifa-mark").getAttribute("aria-description"), /弱证据/);
  await page.locator("#weak-article").screenshot({ path: path.join(ROOT, "tests/browser/output", "weak-annotate.png") });
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("the legend and the chart list the themes in one order: most paragraphs first, ties in rule order", async () => {
  const { page } = await openIndex();
  const tagger = page.locator("tifa-tagger");
  for (const text of [shiqiao, xinqiao]) {
    await paste(page, text);
    const legend = await tagger.locator(".legend button.theme").evaluateAll((bs) => bs.map((b) => b.className.match(/\bc\d+\b/)[0]));
    const chart = await tagger.locator("svg.bars rect.bar").evaluateAll((rs) => rs.map((r) => r.getAttribute("class").match(/\bc\d+\b/)[0]));
    assert.deepEqual(legend, chart);
    // and that order is paragraphs, most first, then the rules' order
    const { info, summary } = await page.evaluate(async () => {
      const t = document.querySelector("tifa-tagger");
      return { info: t.info.themes.map((x) => [x.id, x.color_index]), summary: (await t.report()).summary.themes };
    });
    const want = info.map(([id, c], i) => [summary[id].paragraphs, i, `c${c % 24}`]).filter(([n]) => n > 0)
      .sort((a, b) => b[0] - a[0] || a[1] - b[1]).map(([, , c]) => c);
    assert.deepEqual(legend, want);
  }
  await page.context().close();
});

test("the legend's buttons say what their theme covers once pointed at or focused (descriptions come with the notes)", async () => {
  const { page, errors } = await openIndex();
  await paste(page, xinqiao);
  const titles = () => page.locator("tifa-tagger .legend button.theme").evaluateAll((bs) => bs.map((b) => [b.dataset.theme, b.title]));
  // the lean engine's info leaves the descriptions out (pkg/tifa-notes.json): no title yet
  const before = await titles();
  assert.ok(before.length > 3, JSON.stringify(before));
  assert.ok(before.every(([, title]) => title === ""), JSON.stringify(before));
  const { themes } = await page.evaluate(async () => (await fetch("pkg/tifa-notes.json")).json());
  await page.locator("tifa-tagger .legend button.theme").first().hover();
  await page.waitForFunction(() => document.querySelector("tifa-tagger").shadowRoot.querySelector(".legend button.theme").title !== "", null, { timeout: 5000 });
  assert.deepEqual(await titles(), before.map(([id]) => [id, themes[id]]));
  // kept when the legend is built again (another text), and in the info
  await paste(page, shiqiao);
  const again = await titles();
  assert.ok(again.every(([id, title]) => title === themes[id] && title.length > 10), JSON.stringify(again));
  const info = await page.evaluate(() => document.querySelector("tifa-tagger").info.themes.map((t) => [t.id, t.description]));
  assert.deepEqual(info, info.map(([id]) => [id, themes[id]]));
  // a fresh page: focus (the keyboard) asks for them too
  const other = await openIndex();
  await paste(other.page, xinqiao);
  await other.page.locator("tifa-tagger .legend button.theme").first().focus();
  await other.page.waitForFunction(() => document.querySelector("tifa-tagger").shadowRoot.querySelector(".legend button.theme").title !== "", null, { timeout: 5000 });
  assert.deepEqual(errors, []);
  assert.deepEqual(other.errors, []);
  await other.page.context().close();
  await page.context().close();
});

test("tifa tag --format html at 375 px: the title wraps, chart labels stay clear of their bars", async () => {
  const html = execFileSync(path.join(ROOT, "target/debug/tifa"), ["tag", "--format", "html", path.join(SAMPLES, "baoan-xinqiao-2024h1.txt")], { encoding: "utf8" });
  for (const [name, viewport] of [["html-format-375.png", { width: 375, height: 812 }], ["html-format-desktop.png", { width: 1280, height: 900 }]]) {
    const context = await env.browser.newContext({ viewport, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.setContent(html);
    const h1 = await page.locator("h1").textContent();
    assert.doesNotMatch(h1, /\//);
    const overflow = await page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      return [...document.querySelectorAll("h1, .meta, p")].filter((e) => e.getBoundingClientRect().right > width + 1).map((e) => e.textContent.slice(0, 40));
    });
    assert.deepEqual(overflow, [], name);
    const labels = await page.evaluate(() => {
      const texts = [...document.querySelectorAll("svg text")].filter((t) => t.getAttribute("text-anchor") === "end");
      const bar = document.querySelector("svg rect").getBBox().x;
      return texts.map((t) => ({ text: t.firstChild.textContent, left: t.getBBox().x, right: t.getBBox().x + t.getBBox().width, bar }));
    });
    assert.ok(labels.length > 5);
    for (const l of labels) assert.ok(l.left >= 0 && l.right < l.bar, JSON.stringify(l));
    await page.screenshot({ path: path.join(ROOT, "tests/browser/output", name), fullPage: false });
    await context.close();
  }
});
