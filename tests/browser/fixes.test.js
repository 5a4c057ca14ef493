// Defects found by a user test of the page and the widget (a journalist, keyboard and screen-reader
// user): each test pins one fix.

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { serverAndBrowser, newPage, screenshot, nextResult, paste, waitReady, axe, SAMPLES, tipShown } from "./helpers.js";

const env = serverAndBrowser();

const shiqiao = readFileSync(path.join(SAMPLES, "panyu-shiqiao-2023.txt"), "utf8");

async function openIndex(options) {
  const p = await newPage(env.browser, env.server.url, options);
  await p.page.goto(env.server.url + "index.html");
  await waitReady(p.page);
  return p;
}

const shadow = (page, fn, arg) => page.evaluate(([f, a]) => (0, eval)(f)(document.querySelector("tifa-tagger"), a), [fn.toString(), arg]);

test("#1 Ctrl+Z after a large paste never takes the read-only preview for the text", async () => {
  const { page, context, errors } = await openIndex();
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: env.server.url.replace(/\/$/, "") });
  let big = "";
  while (big.length <= 330000) big += shiqiao + "\n";
  const ta = page.locator("tifa-tagger textarea").first();
  await ta.click();
  await page.keyboard.type("我的笔记：");
  await page.waitForTimeout(400);
  await page.evaluate((t) => navigator.clipboard.writeText(t), big);
  const done = nextResult(page, null, { minParagraphs: 100 });
  await page.keyboard.press("Control+V");
  await done;
  const full = "我的笔记：" + big;
  assert.equal(await shadow(page, (t) => t.value.length), full.length);
  assert.equal(await ta.evaluate((t) => t.readOnly), true);
  // undo: back to the text before the paste (or nothing), never the preview
  await page.keyboard.press("Control+Z");
  await page.waitForTimeout(800);
  const len = await shadow(page, (t) => t.value.length);
  assert.ok(len === full.length || len === "我的笔记：".length, `value has ${len} characters after Ctrl+Z`);
  const state = await shadow(page, (t) => ({ ta: t.shadowRoot.querySelector("textarea").value, note: !t.shadowRoot.querySelector(".large-note").hidden, value: t.value }));
  if (len === full.length) assert.ok(state.note, "the note is shown while the preview is");
  else assert.deepEqual([state.ta, state.note], [state.value, false]);
  // a second undo and typing in the preview do not shrink it either
  await page.keyboard.press("Control+Z");
  await page.keyboard.type("x");
  await page.waitForTimeout(800);
  const len2 = await shadow(page, (t) => t.value.length);
  assert.ok(len2 === full.length || len2 <= "我的笔记：x".length, `value has ${len2} characters`);
  assert.deepEqual(errors, []);
  await context.close();
});

// WCAG contrast of two computed colours "rgb(r, g, b)"
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

// the colour behind an element: its own background, else the nearest ancestor's (through the shadow root)
const BACKGROUND = `(e) => {
  for (let n = e; n; n = n.parentElement || n.getRootNode().host) {
    const bg = getComputedStyle(n).backgroundColor;
    if (!/rgba\\(.*, 0\\)$|transparent/.test(bg)) return bg;
  }
  return "rgb(255, 255, 255)";
}`;

for (const colorScheme of ["dark", "light"]) {
  test(`#2 forced colours (${colorScheme}): every highlighted term and label stays readable`, async () => {
    const { page, context } = await openIndex({ forcedColors: "active", colorScheme });
    await page.emulateMedia({ forcedColors: "active", colorScheme });
    await paste(page, shiqiao);
    const found = await page.evaluate((bgFn) => {
      const background = (0, eval)(bgFn);
      const root = document.querySelector("tifa-tagger").shadowRoot;
      const out = [];
      for (const m of root.querySelectorAll("mark.hl")) {
        const cs = getComputedStyle(m);
        out.push({ kind: m.classList.contains("weak") ? "weak" : "mark", fg: cs.color, bg: background(m) });
        if (m.dataset.label) out.push({ kind: "label", fg: getComputedStyle(m, "::after").color, bg: background(m) });
      }
      return out;
    }, BACKGROUND);
    assert.ok(found.some((f) => f.kind === "weak") && found.some((f) => f.kind === "label"), JSON.stringify(found.slice(0, 5)));
    const bad = found.filter((f) => contrast(f.fg, f.bg) < 4.5);
    assert.deepEqual(bad.slice(0, 5), [], `${bad.length} of ${found.length} unreadable`);
    await page.locator("tifa-tagger mark.hl.weak").first().scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);   // paragraphs scrolled into view are painted (content-visibility)
    await screenshot(page, `fix-forced-colors-${colorScheme}.png`);
    await context.close();
  });
}

test("#3 IME composition is not tagged; typing does not flood the live regions", async () => {
  const { page, context } = await openIndex();
  const ta = page.locator("tifa-tagger textarea").first();
  await ta.click();
  await page.evaluate(() => {
    window.__results = 0;
    window.__said = [];
    const t = document.querySelector("tifa-tagger");
    t.addEventListener("tifa-result", () => window.__results++);
    const root = t.shadowRoot;
    new MutationObserver(() => {
      for (const r of root.querySelectorAll("[aria-live]:not([aria-live=off]), [role=status], [role=alert]")) {
        if (r.textContent && r.__last !== r.textContent) window.__said.push(r.textContent);
        r.__last = r.textContent;
      }
    }).observe(root, { subtree: true, childList: true, characterData: true });
  });
  const cdp = await context.newCDPSession(page);
  for (const text of ["p", "pi", "pin", "ping", "ping g", "ping ga", "ping gai"]) {
    await cdp.send("Input.imeSetComposition", { text, selectionStart: text.length, selectionEnd: text.length });
    await page.waitForTimeout(350);
  }
  assert.equal(await page.evaluate(() => window.__results), 0, "pinyin being composed was tagged");
  const done = nextResult(page);
  await cdp.send("Input.insertText", { text: "瓶改" });
  await done;
  assert.equal(await shadow(page, (t) => t.value), "瓶改");
  // typing slowly, one character at a time: the same result is not announced again and again
  for (const ch of "管项目竣工验收") {
    await page.keyboard.insertText(ch);
    await page.waitForTimeout(400);
  }
  await page.waitForTimeout(1500);
  const said = await page.evaluate(() => window.__said);
  assert.ok(said.length <= 3, `${said.length} announcements: ${JSON.stringify(said)}`);
  assert.ok(!said.some((t) => /正在标注/.test(t)), JSON.stringify(said));
  assert.ok(said.some((t) => /段有主题/.test(t)), JSON.stringify(said));
  await context.close();
});

test("#4 a paragraph over 20,000 characters: stepping to a match past the shown part shows the part around it", async () => {
  const { page, context, errors } = await openIndex();
  const line = shiqiao.replace(/\s+/g, "").repeat(8);
  assert.ok(line.length > 40000);
  await paste(page, line);
  await page.locator("tifa-tagger button.prev").click();   // wraps to the last highlight
  const state = await shadow(page, (t) => {
    const r = t.shadowRoot;
    const cur = r.querySelector("mark.hl.current");
    return { current: !!cur, focused: r.activeElement === cur, before: r.querySelector(".truncated")?.textContent, pos: r.querySelector(".pos").textContent };
  });
  assert.ok(state.current, JSON.stringify(state));
  assert.ok(state.focused, JSON.stringify(state));
  assert.match(state.before, /前面部分未显示/);
  await screenshot(page, "fix-long-paragraph-last.png");
  // back to the first: the beginning is shown again
  await page.locator("tifa-tagger button.next").click();
  assert.equal(await shadow(page, (t) => !!t.shadowRoot.querySelector("mark.hl.current") && t.shadowRoot.activeElement === t.shadowRoot.querySelector("mark.hl.current")), true);
  assert.deepEqual(errors, []);
  await context.close();
});

for (const colorScheme of ["dark", "light"]) {
  test(`#5 #23 contrast (${colorScheme}): a pressed legend button and every theme label reach 4.5:1; axe passes with a filter on`, async () => {
    const { page, context } = await openIndex({ colorScheme, bypassCSP: true });
    await paste(page, shiqiao);
    const legend = page.locator("tifa-tagger .legend button.theme");
    const n = await legend.count();
    const bad = [];
    for (let i = 0; i < n; i++) {
      await legend.nth(i).click();
      const c = await legend.nth(i).evaluate((b, bgFn) => {
        const background = (0, eval)(bgFn);
        return { name: b.dataset.theme, fg: getComputedStyle(b.querySelector(".count")).color, bg: background(b) };
      }, BACKGROUND);
      if (contrast(c.fg, c.bg) < 4.5) bad.push(`${c.name} ${c.fg} on ${c.bg}: ${contrast(c.fg, c.bg).toFixed(2)}`);
    }
    // the labels on the highlights (every colour of the palette)
    const labels = await page.evaluate(() => {
      const root = document.querySelector("tifa-tagger").shadowRoot;
      const seen = {};
      for (let c = 0; c < 24; c++) {
        const m = document.createElement("mark");
        m.className = `hl c${c}`;
        m.dataset.label = "标签";
        m.textContent = "词";
        root.querySelector(".para .text").append(m);
        seen[c] = { fg: getComputedStyle(m, "::after").color, bg: getComputedStyle(m).backgroundColor };
        m.remove();
      }
      return seen;
    });
    for (const [c, { fg, bg }] of Object.entries(labels)) if (contrast(fg, bg) < 4.5) bad.push(`label c${c} ${fg} on ${bg}: ${contrast(fg, bg).toFixed(2)}`);
    assert.deepEqual(bad, []);
    await legend.first().click();
    await legend.nth(1).click();
    await screenshot(page, `fix-pressed-legend-${colorScheme}.png`);
    // paragraphs out of view are not laid out (content-visibility: auto): axe would measure a highlight
    // against whatever lies at its place, so they are laid out for it
    await shadow(page, (t) => t.shadowRoot.querySelectorAll(".para").forEach((p) => (p.style.contentVisibility = "visible")));
    assert.deepEqual(await axe(page), []);
    await context.close();
  });
}

test("#6 #15 #21 show-all keeps focus on a control and says so; a filter is announced; n / p work anywhere in the results", async () => {
  const { page, context } = await openIndex();
  await paste(page, shiqiao);
  const live = page.locator("tifa-tagger .sr-only[aria-live]").last();
  const btn = page.locator("tifa-tagger .legend button.theme").nth(2);
  await btn.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => /筛选/.test(document.querySelector("tifa-tagger").shadowRoot.querySelector(".sr-only[aria-live]").textContent));
  // n on a legend button steps
  await page.keyboard.press("n");
  assert.match(await page.locator("tifa-tagger .pos").textContent(), /第 1 \//);
  await page.locator("tifa-tagger button.show-all").focus();
  await page.keyboard.press("Enter");
  const focus = await shadow(page, (t) => [document.activeElement === t, t.shadowRoot.activeElement?.className]);
  assert.deepEqual(focus, [true, "theme " + (await btn.getAttribute("class")).split(" ")[1]]);
  await page.waitForFunction(() => /显示全部 \d+ 段/.test(document.querySelector("tifa-tagger").shadowRoot.querySelector(".sr-only[aria-live]").textContent));
  assert.match(await live.textContent(), /显示全部 \d+ 段/);
  await context.close();
});

test("#7 annotate mode: n / p step on while focus is on a highlight of the article", async () => {
  const { page, context } = await newPage(env.browser, env.server.url);
  await page.goto(env.server.url + "embed.html");
  await waitReady(page);
  await page.locator("mark.tifa-mark").first().waitFor();
  const anno = page.locator('tifa-tagger[mode="annotate"]');
  await anno.locator("button.next").click();
  const first = await page.evaluate(() => document.activeElement.matches("mark.tifa-mark") && document.activeElement.dataset.tifaG);
  assert.ok(first, "focus on a highlight after next");
  await page.keyboard.press("n");
  const second = await page.evaluate(() => document.activeElement.matches("mark.tifa-mark") && document.activeElement.dataset.tifaG);
  assert.ok(second && second !== first, `n on a highlight: ${first} -> ${second}`);
  await page.keyboard.press("p");
  assert.equal(await page.evaluate(() => document.activeElement.dataset.tifaG), first);
  await context.close();
});

test("#9 phone: the step buttons stay on screen while stepping, and a filter brings its list into view", async () => {
  const { page, context } = await openIndex({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  await paste(page, shiqiao);
  const next = page.locator("tifa-tagger button.next");
  for (let i = 0; i < 6; i++) {
    await next.tap();
    const box = await next.boundingBox();
    assert.ok(box.y >= 0 && box.y + box.height <= 740, `step ${i + 1}: next at y=${box.y}`);
  }
  await screenshot(page, "fix-phone-after-next.png");
  await page.evaluate(() => scrollTo(0, 0));
  await page.locator("tifa-tagger .legend button.theme").nth(1).tap();
  const label = await page.locator("tifa-tagger .filter-label").boundingBox();
  assert.ok(label.y >= 0 && label.y < 740, `filter label at y=${label.y}`);
  await screenshot(page, "fix-phone-after-filter.png");
  await context.close();
});

test("phone 360 px: Next stays under the finger as the counter gains digits, on one line", async () => {
  const { page, context } = await openIndex({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  await paste(page, shiqiao);
  const next = page.locator("tifa-tagger button.next");
  const pos = page.locator("tifa-tagger .pos");
  await next.tap();
  const total = Number(/\/ (\d+)/.exec(await pos.textContent())[1]);
  assert.ok(total >= 12, `${total} matches`);
  const x = (await next.boundingBox()).x;
  const seen = new Set();
  for (let i = 0; i < 10; i++) {
    await next.tap();
    seen.add((await pos.textContent()).length);
    assert.equal((await next.boundingBox()).x, x, `step ${i + 2}: "${await pos.textContent()}": Next moved`);
  }
  assert.ok(seen.size > 1, "the counter gained a digit");
  const rows = await shadow(page, (t) => new Set([...t.shadowRoot.querySelectorAll(".nav button:not([hidden])")].map((b) => Math.round(b.getBoundingClientRect().top))).size);
  assert.equal(rows, 1, "the bar is one line");
  await screenshot(page, "fix-phone-pos-stable.png");
  await context.close();
});

test("phone 360 px: the sticky step bar stays one line and covers neither the 'showing paragraphs' line nor the current highlight; exports stay after the step buttons", async () => {
  const { page, context } = await openIndex({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  await paste(page, shiqiao);
  const next = page.locator("tifa-tagger button.next");
  const nav = page.locator("tifa-tagger .nav");
  const info = page.locator("tifa-tagger .window-info");
  for (let i = 0; i < 6; i++) {
    await next.tap();
    const [bar, line, mark] = [await nav.boundingBox(), await info.boundingBox(), await page.locator("tifa-tagger mark.hl.current").boundingBox()];
    assert.match(await info.textContent(), /显示第 \d+–\d+ 段/);
    // the bar is stuck at the top of the screen: what is below its bottom edge is not under it
    assert.ok(bar.y <= 1, `step ${i + 1}: the bar is at y=${bar.y}, not stuck at the top`);
    assert.ok(line.y >= bar.y + bar.height, `step ${i + 1}: the line "${await info.textContent()}" (y=${line.y}) is under the bar (bottom ${bar.y + bar.height})`);
    assert.ok(mark.y >= bar.y + bar.height, `step ${i + 1}: the current highlight (y=${mark.y}) is under the bar`);
  }
  // one line of buttons
  const rows = await shadow(page, (t) => new Set([...t.shadowRoot.querySelectorAll(".nav button:not([hidden])")].map((b) => Math.round(b.getBoundingClientRect().top))).size);
  assert.equal(rows, 1);
  await screenshot(page, "fix-phone-sticky-bar.png");
  // with a theme filter on, the bar also says the filter and holds Show all
  await page.evaluate(() => scrollTo(0, 0));
  await page.locator("tifa-tagger .legend button.theme").first().tap();
  for (let i = 0; i < 3; i++) {
    await next.tap();
    const [bar, line, mark] = [await nav.boundingBox(), await info.boundingBox(), await page.locator("tifa-tagger mark.hl.current").boundingBox()];
    assert.ok(line.y >= bar.y + bar.height, `filter, step ${i + 1}: the line (y=${line.y}) is under the bar (y=${bar.y}, bottom ${bar.y + bar.height})`);
    assert.ok(mark.y >= bar.y + bar.height, `filter, step ${i + 1}: the current highlight (y=${mark.y}) is under the bar`);
  }
  await screenshot(page, "fix-phone-sticky-bar-filter.png");
  // keyboard order unchanged: Show all, previous, next, then the exports and print
  const order = await shadow(page, (t) => [...t.shadowRoot.querySelectorAll(".results button:not([hidden])")].filter((b) => !b.closest(".legend"))
    .map((b) => b.className));
  assert.deepEqual(order.slice(0, 6), ["show-all", "prev", "next", "export-json", "export-csv", "print"]);
  await page.evaluate(() => scrollTo(0, 0));
  await page.locator("tifa-tagger button.next").focus();
  await page.keyboard.press("Tab");
  assert.equal(await shadow(page, (t) => t.shadowRoot.activeElement.className), "export-json");
  await context.close();
});

test("#8 English interface: the report's text, its sections, the text box and the tooltip's term are marked zh-CN", async () => {
  const { page, context } = await openIndex();
  await page.evaluate(() => document.querySelector("tifa-tagger").setAttribute("lang", "en"));
  await page.locator("tifa-tagger textarea").first().waitFor();
  await paste(page, shiqiao);
  await page.locator("tifa-tagger button.next").click();
  await tipShown(page);
  const langs = await shadow(page, (t) => {
    const r = t.shadowRoot;
    const lang = (e) => e?.closest("[lang]")?.getAttribute("lang");
    const tip = [...r.querySelectorAll(".tip div")][0];
    return {
      ui: lang(r.querySelector("button.next")),
      text: lang(r.querySelector(".para .text")),
      section: lang(r.querySelector(".para .section")),
      textarea: lang(r.querySelector("textarea")),
      term: lang(tip.lastChild),
    };
  });
  assert.deepEqual(langs, { ui: "en", text: "zh-CN", section: "zh-CN", textarea: "zh-CN", term: "zh-CN" });
  await context.close();
});

test("#10 a multi-megabyte text is not offered for editing in the box; a shorter large one is, with a warning that matches", async () => {
  const { page, context } = await openIndex();
  const note = () => shadow(page, (t) => {
    const n = t.shadowRoot.querySelector(".large-note");
    return { hidden: n.hidden, text: n.textContent, button: !n.querySelector("button.edit-full").hidden };
  });
  let done = nextResult(page);
  await shadow(page, (t, n) => { t.value = "瓶改管。\n".repeat(n); }, 80000);   // 400,000 characters
  await done;
  let s = await note();
  assert.equal(s.hidden, false);
  assert.equal(s.button, true);
  assert.match(s.text, /每输入一个字都可能卡顿数秒/);
  done = nextResult(page);
  await shadow(page, (t, n) => { t.value = "瓶改管。\n".repeat(n); }, 300000);   // 1,500,000 characters
  await done;
  s = await note();
  assert.equal(s.button, false);
  assert.match(s.text, /无法在此编辑/);
  await context.close();
});

test("#17 CSV export: a cell that starts like a formula gets a leading '", async () => {
  const { page, context } = await openIndex();
  await paste(page, "----2025年1月15日在区人民代表大会上\n=SUM(1)推动“瓶改管”项目竣工验收。\n@某某 +1 推进河长制。\n");
  const download = page.waitForEvent("download");
  await page.locator("tifa-tagger button.export-csv").click();
  const csv = readFileSync(await (await download).path(), "utf8");
  // the text cell: the fifth from the end, before the four offset columns (no comma in these texts)
  const cells = csv.split(/\r\n/).slice(1).filter(Boolean).map((r) => r.split(",").at(-5));
  assert.ok(cells.length >= 2 && cells.every((c) => c[0] === "'"), csv);
  assert.ok(!/,[=+\-@]/.test(csv), csv);
  await context.close();
});

test("#18 a file that is not text is refused with a message, not tagged as mojibake", async () => {
  const { page, context } = await openIndex();
  let seed = 7;
  const bytes = Buffer.alloc(5000, 0).map(() => (seed = (seed * 1103515245 + 12345) % 2 ** 31) >> 23);
  let results = 0;
  await page.exposeFunction("__onResult", () => results++);
  await page.evaluate(() => document.querySelector("tifa-tagger").addEventListener("tifa-result", () => window.__onResult()));
  await page.locator('tifa-tagger input[type=file][accept*=".txt"]').setInputFiles({ name: "photo.txt", mimeType: "text/plain", buffer: bytes });
  await page.locator("tifa-tagger .status[data-state=error]").waitFor();
  assert.match(await page.locator("tifa-tagger .status").textContent(), /photo\.txt.*不像文本文件/);
  await page.waitForTimeout(600);
  assert.equal(results, 0);
  assert.equal(await shadow(page, (t) => t.value), "");
  // the message is also announced
  await page.waitForFunction(() => /不像文本文件/.test(document.querySelector("tifa-tagger").shadowRoot.querySelector(".sr-only[aria-live]").textContent));
  await context.close();
});

test("maintainer #18 #12: a rule file not in UTF-8 is refused like the CLI does; valid rules do not claim their examples were checked; after errors the panel says the previous rules are in use", async () => {
  const { page, context } = await openIndex();
  await page.locator("tifa-tagger details.rules > summary").click();
  const toml = 'name = "测试主题"\nterms = ["测试词"]\n';
  const gbk = execFileSync("iconv", ["-f", "UTF-8", "-t", "GB18030"], { input: toml });
  await page.locator('tifa-tagger input[type=file][accept*=".toml"]').setInputFiles({ name: "my_gbk.toml", mimeType: "text/plain", buffer: gbk });
  await page.locator("tifa-tagger .rule-errors", { hasText: "不是 UTF-8" }).waitFor();
  assert.match(await page.locator("tifa-tagger .rules-active").textContent(), /24 个主题/);
  // valid rules: the panel does not claim that their examples were checked
  await page.locator("tifa-tagger textarea.code").fill(toml);
  await page.locator("tifa-tagger .rule-errors .ok").waitFor();
  assert.match(await page.locator("tifa-tagger .rule-errors .ok").textContent(), /不检查示例和警告.*tifa check/);
  await page.locator("tifa-tagger textarea.code").fill("terms = [");
  await page.locator("tifa-tagger .rule-errors .err-title").waitFor();
  assert.match(await page.locator("tifa-tagger .rule-errors .err-title").textContent(), /仍在使用之前的规则/);
  await context.close();
});

test("#24 rule errors: one announcement with the errors kept apart, and the rules text is aria-invalid", async () => {
  const { page, context } = await openIndex();
  await page.locator("tifa-tagger details.rules > summary").click();
  await page.locator("tifa-tagger textarea.code").fill('name = "x"\nterms = "测试词"\n');
  await page.locator("tifa-tagger .rule-errors .err-title").waitFor();
  assert.equal(await page.locator("tifa-tagger textarea.code").getAttribute("aria-invalid"), "true");
  const regions = await shadow(page, (t) => [...t.shadowRoot.querySelectorAll("[aria-live]:not([aria-live=off])")].map((r) => r.className));
  assert.deepEqual(regions, ["sr-only"], "the errors box is no live region of its own");
  await page.waitForFunction(() => /错误/.test(document.querySelector("tifa-tagger").shadowRoot.querySelector(".sr-only[aria-live]").textContent));
  const said = await page.locator("tifa-tagger .sr-only[aria-live]").last().textContent();
  assert.match(said, /规则有 1 处错误.*： \d+:\d+ \S/);
  assert.ok(!/found tableerror/.test(said), said);
  await page.locator("tifa-tagger textarea.code").fill('name = "x"\nterms = ["测试词"]\n');
  await page.locator("tifa-tagger .rule-errors .ok").waitFor();
  assert.equal(await page.locator("tifa-tagger textarea.code").getAttribute("aria-invalid"), "false");
  await context.close();
});

test("#13 #16 the print headline and export names skip a byline; an export with a filter on says it is of the whole report", async () => {
  const { page, context } = await openIndex();
  const text = "2025年上海市政府工作报告\n----2025年1月15日在上海市第十六届人民代表大会第三次会议上\n上海市市长 龚正\n各位代表：\n现在，我代表市人民政府，向大会报告工作，请予审议。推动“瓶改管”项目竣工验收，全面推行河长制。\n";
  await paste(page, text);
  assert.equal((await page.locator("tifa-tagger .print-title").textContent()).trim(), "2025年上海市政府工作报告");
  await page.locator("tifa-tagger .legend button.theme").first().click();
  const download = page.waitForEvent("download");
  await page.locator("tifa-tagger button.export-csv").click();
  const name = (await download).suggestedFilename();
  assert.match(name, /^tifa-2025年上海市政府工作报告-\d{4}-\d\d-\d\d\.csv$/);
  await page.locator("tifa-tagger .status", { hasText: "导出不受筛选影响" }).waitFor();
  await context.close();
});

test("#26 heading-level sets the level of the widget's headings", async () => {
  const { page, context } = await newPage(env.browser, env.server.url);
  await page.goto(env.server.url + "embed.html");
  await waitReady(page);
  const levels = await page.evaluate(async () => {
    const t = document.createElement("tifa-tagger");
    t.setAttribute("heading-level", "3");
    document.body.append(t);
    await new Promise((r) => setTimeout(r, 300));
    const a = document.createElement("tifa-tagger");
    a.setAttribute("mode", "annotate");
    a.setAttribute("target", "#nothing");
    a.setAttribute("heading-level", "4");
    document.body.append(a);
    await new Promise((r) => setTimeout(r, 300));
    const tags = (e) => [...e.shadowRoot.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => h.tagName);
    return [tags(t), tags(a)];
  });
  assert.deepEqual(levels, [["H3", "H3"], ["H4"]]);
  await context.close();
});

test("#19 switching the language keeps the current match and the status line", async () => {
  const { page, context } = await openIndex();
  await paste(page, shiqiao);
  for (let i = 0; i < 3; i++) await page.locator("tifa-tagger button.next").click();
  assert.match(await page.locator("tifa-tagger .pos").textContent(), /第 3 \//);
  await page.evaluate(() => document.querySelector("tifa-tagger").setAttribute("lang", "en"));
  await page.locator("tifa-tagger button.next", { hasText: "Next" }).waitFor();
  assert.match(await page.locator("tifa-tagger .pos").textContent(), /^match 3 of/i);
  assert.notEqual((await page.locator("tifa-tagger .status").textContent()).trim(), "");
  await page.locator("tifa-tagger button.next").click();
  assert.match(await page.locator("tifa-tagger .pos").textContent(), /^match 4 of/i);
  await context.close();
});

test("#20 Clear can be undone with Ctrl+Z, and leaves the first visit's empty state", async () => {
  const { page, context } = await openIndex();
  const emptyText = await page.locator("tifa-tagger .totals").textContent();
  await paste(page, shiqiao);
  let done = nextResult(page);
  await page.locator("tifa-tagger button.clear").click();
  await done;
  assert.equal(await page.locator("tifa-tagger .totals").textContent(), emptyText);
  assert.equal(await page.locator("tifa-tagger .legend button").count(), 0);
  assert.equal(await page.locator("tifa-tagger .chart figcaption").count(), 0);
  done = nextResult(page, null, { minParagraphs: 5 });
  await page.keyboard.press("Control+Z");
  await done;
  assert.equal(await shadow(page, (t) => t.value), shiqiao);
  await context.close();
});

test("Clear leaves no old report's title in the print view", async () => {
  const { page, context } = await openIndex();
  const text = "2025年上海市政府工作报告\n----2025年1月15日在上海市第十六届人民代表大会第三次会议上\n各位代表：\n推动“瓶改管”项目竣工验收，全面推行河长制。\n";
  await paste(page, text);
  const title = page.locator("tifa-tagger .print-title");
  assert.equal((await title.textContent()).trim(), "2025年上海市政府工作报告");
  const done = nextResult(page);
  await page.locator("tifa-tagger button.clear").click();
  await done;
  await page.emulateMedia({ media: "print" });
  // what printing shows of the widget: no heading of the report cleared
  const printed = await shadow(page, (t) => t.shadowRoot.querySelector(".results").innerText);
  assert.ok(!printed.includes("上海市政府工作报告"), `printed after Clear: ${printed}`);
  assert.equal(await title.textContent(), "");
  assert.equal(await title.isVisible(), false);
  await screenshot(page, "fix-clear-print.png");
  await context.close();
});

test("#22 the legend is one Tab stop; arrow keys move in it; each button's name keeps theme and counts apart", async () => {
  const { page, context } = await openIndex();
  await paste(page, shiqiao);
  const legend = page.locator("tifa-tagger .legend button.theme");
  const n = await legend.count();
  assert.ok(n > 5);
  const stops = await shadow(page, (t) => [...t.shadowRoot.querySelectorAll(".legend button")].filter((b) => b.tabIndex === 0).length);
  assert.equal(stops, 1);
  await legend.first().focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  const at = () => shadow(page, (t) => [...t.shadowRoot.querySelectorAll(".legend button")].indexOf(t.shadowRoot.activeElement));
  assert.equal(await at(), 2);
  await page.keyboard.press("ArrowLeft");
  assert.equal(await at(), 1);
  // Tab leaves the legend at once, Shift+Tab comes back to the same button
  await page.keyboard.press("Tab");
  assert.equal(await at(), -1);
  await page.keyboard.press("Shift+Tab");
  assert.equal(await at(), 1);
  assert.match(await legend.first().getAttribute("aria-label"), /^\S+、\d+ 段 · \d+ 处$/);
  await context.close();
});

test("#11 #12 the tooltip follows its highlight when the page scrolls, and stays while the pointer is on it", async () => {
  const { page, context } = await openIndex({ viewport: { width: 1280, height: 800 } });
  await paste(page, shiqiao);
  await page.locator("tifa-tagger button.next").click();
  await tipShown(page);
  const where = () => shadow(page, (t) => {
    const r = t.shadowRoot, tip = r.querySelector(".tip"), m = r.querySelector("mark.hl.current");
    return { hidden: tip.hidden, tip: tip.getBoundingClientRect().top, mark: m.getBoundingClientRect().bottom, markTop: m.getBoundingClientRect().top };
  });
  assert.equal((await where()).hidden, false);
  await page.mouse.move(10, 10);
  await page.mouse.wheel(0, 200);
  await page.waitForTimeout(300);
  const w = await where();
  assert.ok(w.hidden || Math.abs(w.tip - w.mark - 6) < 3 || w.tip < w.markTop, JSON.stringify(w));
  // hover: from the highlight onto the tooltip, which stays
  await page.keyboard.press("Escape");
  await page.mouse.click(2, 2);   // focus leaves the highlight: a hovered tooltip from now on
  const m = page.locator("tifa-tagger mark.hl").nth(3);
  await m.scrollIntoViewIfNeeded();
  await m.hover();
  const tip = page.locator("tifa-tagger .tip");
  await tip.waitFor();
  const box = await tip.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  await page.waitForTimeout(600);
  assert.equal(await tip.isVisible(), true, "the tooltip stays under the pointer");
  await page.mouse.move(2, 2, { steps: 3 });
  await page.waitForTimeout(600);
  assert.equal(await tip.isVisible(), false, "and goes when the pointer leaves it");
  await context.close();
});

test("#14 the page says why the counts differ (nested matches, paragraphs that are not body text)", async () => {
  const { page, context } = await openIndex();
  await paste(page, shiqiao);
  const help = await page.locator("tifa-tagger .doc").evaluate((d) => d.getRootNode().getElementById(d.getAttribute("aria-describedby")).textContent);
  assert.match(help, /嵌套的匹配合为一处高亮/);
  assert.match(help, /含标题和非正文/);
  await context.close();
});

test("#15 stepping round from the last match to the first is announced; more paragraphs shown are announced", async () => {
  const { page, context } = await openIndex();
  await paste(page, shiqiao);
  const live = () => shadow(page, (t) => t.shadowRoot.querySelector(".sr-only[aria-live]").textContent);
  await page.locator("tifa-tagger button.prev").click();   // the last one (no wrap yet)
  await page.waitForTimeout(200);
  assert.doesNotMatch(await live(), /已回到/);
  await page.locator("tifa-tagger button.next").click();   // round to the first
  await page.waitForFunction(() => /已回到第一处/.test(document.querySelector("tifa-tagger").shadowRoot.querySelector(".sr-only[aria-live]").textContent));
  await page.locator("tifa-tagger button.prev").click();   // round to the last
  await page.waitForFunction(() => /已回到最后一处/.test(document.querySelector("tifa-tagger").shadowRoot.querySelector(".sr-only[aria-live]").textContent));
  // a long text: "show later paragraphs" says what is shown now
  await paste(page, (shiqiao + "\n").repeat(6));
  await page.evaluate(() => scrollTo(0, 0));
  const more = page.locator("tifa-tagger button.more-after");
  assert.ok(await more.isVisible());
  await more.click();
  await page.waitForFunction(() => /显示第 \d+–\d+ 段/.test(document.querySelector("tifa-tagger").shadowRoot.querySelector(".sr-only[aria-live]").textContent));
  await context.close();
});

test("#6 (host) a new text set by the page while focus is on a highlight keeps focus in the text region", async () => {
  const { page, context } = await openIndex();
  await paste(page, shiqiao);
  await page.locator("tifa-tagger button.next").click();
  const done = nextResult(page);
  await page.evaluate((t) => { document.querySelector("tifa-tagger").value = t; }, shiqiao.replace("街", "镇"));
  await done;
  const focus = await shadow(page, (t) => [document.activeElement === t, t.shadowRoot.activeElement?.className]);
  assert.deepEqual(focus, [true, "doc"]);
  await context.close();
});

test("annotate mode: highlights appear only once their style sheet has loaded (no bare yellow <mark> on a slow network)", async () => {
  const { page, context } = await newPage(env.browser, env.server.url);
  await context.route("**/tifa-annotate.css", async (route) => {
    await new Promise((r) => setTimeout(r, 2500));
    await route.continue();
  });
  await page.goto(env.server.url + "embed.html");
  await page.locator("mark.tifa-mark").first().waitFor({ timeout: 30000 });
  const bg = await page.evaluate(() => getComputedStyle(document.querySelector("mark.tifa-mark:not(.tifa-weak)")).backgroundColor);
  assert.notEqual(bg, "rgb(255, 255, 0)");
  await context.close();
});

test("#2 forced colours (dark), annotate mode: highlighted words and labels of the article stay readable", async () => {
  const { page, context } = await newPage(env.browser, env.server.url, { forcedColors: "active", colorScheme: "dark" });
  await page.goto(env.server.url + "embed.html");
  await page.locator("mark.tifa-mark").first().waitFor({ timeout: 30000 });
  const found = await page.evaluate((bgFn) => {
    const background = (0, eval)(bgFn);
    const out = [];
    for (const m of document.querySelectorAll("mark.tifa-mark")) {
      out.push({ fg: getComputedStyle(m).color, bg: background(m) });
      if (m.dataset.tifaLabel) out.push({ label: true, fg: getComputedStyle(m, "::after").color, bg: background(m) });
    }
    return out;
  }, BACKGROUND);
  assert.ok(found.some((f) => f.label), JSON.stringify(found.slice(0, 3)));
  const bad = found.filter((f) => contrast(f.fg, f.bg) < 4.5);
  assert.deepEqual(bad.slice(0, 5), [], `${bad.length} of ${found.length} unreadable`);
  await context.close();
});
