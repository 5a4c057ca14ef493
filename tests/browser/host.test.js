// The widget on host pages that are not ours (served by the test's routes on the server's origin):
// a portal's root font-size reset (html{font-size:62.5%}), host CSS that tries to restyle it, and
// tifa-tagger.js loaded from another origin.

import { test } from "node:test";
import assert from "node:assert/strict";
import { serverAndBrowser, newPage, screenshot } from "./helpers.js";

const env = serverAndBrowser();

const ARTICLE = "<p>一年来，我们坚持<a href=\"#x\">高质量发展</a>，统筹<b>安全</b>生产和应急管理，推进“瓶<b>改</b>管”工作。</p>" +
  "<p>加强基层治理，做好垃圾分类，优化营商环境。</p><p>没有任何主题的一段话。</p>";
const TEXT = "一年来，我们坚持高质量发展，统筹安全生产，做好垃圾分类，加强基层治理。";

// Host CSS of the tests: none, a portal's reset, and rules that try to restyle everything.
const PLAIN = "body { margin: 8px; }";
const PORTAL = `html { font-size: 62.5%; }
body { font: 12px/1.5 "SimSun", serif; color: #333; margin: 0 auto; width: 1000px; }`;
const AGGRESSIVE = `* { font-size: 30px !important; color: red !important; font-family: serif !important; line-height: 3 !important;
  box-sizing: content-box !important; letter-spacing: 3px !important; word-spacing: 9px !important;
  text-transform: uppercase !important; text-indent: 2em !important; text-align: center !important; white-space: pre !important; }
mark { background: black !important; color: yellow !important; padding: 10px !important; }
button { display: block !important; width: 100% !important; background: lime !important; }
p, div, section, h2 { margin: 40px !important; border: 2px dashed blue !important; }
:host, tifa-tagger { all: initial; }
tifa-tagger { color: red; font: 30px/90px serif; letter-spacing: 3px; text-indent: 2em; }
.tifa, .doc, .tip, .legend, .chart { display: none !important; }
svg, rect { fill: purple !important; }`;

// Opens a host page with `css`, an article annotated by one widget and an editor widget that has
// tagged TEXT.
async function openHost(css, options = { viewport: { width: 1280, height: 900 } }) {
  const p = await newPage(env.browser, env.server.url, options);
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>host</title>
<style>${css}</style><script type="module" src="/tifa-tagger.js"></script></head>
<body><article><h1>某区2024年政府工作报告</h1><div id="content">${ARTICLE}</div></article>
<aside><tifa-tagger id="anno" mode="annotate" target="#content"></tifa-tagger></aside>
<tifa-tagger id="ed"></tifa-tagger></body></html>`;
  await p.page.route(env.server.url + "host.html", (r) => r.fulfill({ contentType: "text/html; charset=utf-8", body: html }));
  await p.page.goto(env.server.url + "host.html");
  await p.page.waitForFunction(() => document.getElementById("anno").result && document.getElementById("ed").info, null, { timeout: 30000 });
  await p.page.evaluate((t) => document.getElementById("ed").tag(t), TEXT);
  return p;
}

const PROPS = ["fontSize", "color", "fontFamily", "lineHeight", "letterSpacing", "wordSpacing", "textIndent", "textTransform", "textAlign", "whiteSpace"];
const SELECTORS = {
  ed: [".tifa", "h2", ".help", ".status", ".totals", "textarea", "select", "button.next", ".legend button", ".legend .count",
    "mark.hl", ".para .meta", ".chip", ".para .text", ".window-info", "summary"],
  anno: [".tifa", ".status", ".totals", ".legend button", "button.next", ".pos"],
};

// The computed text styles of the widgets' inner elements.
function innerStyles(page) {
  return page.evaluate(([SELECTORS, PROPS]) => {
    const out = {};
    for (const [id, sels] of Object.entries(SELECTORS)) {
      const root = document.getElementById(id).shadowRoot;
      for (const sel of sels) {
        const e = root.querySelector(sel);
        if (!e) { out[`${id} ${sel}`] = "missing"; continue; }
        const cs = getComputedStyle(e);
        out[`${id} ${sel}`] = PROPS.map((p) => `${p}=${cs[p]}`).join(" ");
      }
    }
    return out;
  }, [SELECTORS, PROPS]);
}

// The font size of the editor's chart labels as drawn (the SVG scales its text with its own size),
// and of the legend.
function chartAndLegend(page) {
  return page.evaluate(() => {
    const root = document.getElementById("ed").shadowRoot;
    const svg = root.querySelector("svg.bars");
    const label = svg.querySelector("text.bar-label");
    const drawn = parseFloat(getComputedStyle(label).fontSize) * svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return { chart: drawn, legend: parseFloat(getComputedStyle(root.querySelector(".legend button")).fontSize) };
  });
}

test("a portal's root font-size reset (html{font-size:62.5%}) does not shrink the widget; chart labels match its text", async () => {
  const plain = await openHost(PLAIN);
  const want = await innerStyles(plain.page);
  await plain.page.context().close();
  const { page, errors } = await openHost(PORTAL);
  const got = await innerStyles(page);
  const sizes = (o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, /fontSize=(\S+)/.exec(v)?.[1]]));
  assert.deepEqual(sizes(got), sizes(want));
  assert.equal(sizes(got)["ed .tifa"], "16px");
  const { chart, legend } = await chartAndLegend(page);
  assert.ok(chart >= 0.75 * legend && chart <= 1.1 * legend, `chart labels ${chart.toFixed(1)} px, legend ${legend} px`);
  await page.locator("#ed").screenshot({ path: "tests/browser/output/host-portal-editor.png" });
  await screenshot(page, "host-portal.png");
  assert.deepEqual(errors, []);
  await page.context().close();
});

test("host CSS on the element or on * does not restyle the widget's text; only --tifa-* properties do", async () => {
  const plain = await openHost(PLAIN);
  const want = await innerStyles(plain.page);
  await plain.page.context().close();
  const { page, errors } = await openHost(AGGRESSIVE);
  assert.deepEqual(await innerStyles(page), want);
  await page.locator("#ed").screenshot({ path: "tests/browser/output/host-aggressive-editor.png" });
  await page.locator("#anno").screenshot({ path: "tests/browser/output/host-aggressive-annotate.png" });
  // the documented custom properties still style it
  const custom = await page.evaluate(() => {
    const ed = document.getElementById("ed");
    ed.style.setProperty("--tifa-fg", "rgb(0, 0, 128)");
    ed.style.setProperty("--tifa-font-size", "20px");
    const cs = getComputedStyle(ed.shadowRoot.querySelector(".totals"));
    return `${cs.color} ${cs.fontSize}`;
  });
  assert.equal(custom, "rgb(0, 0, 128) 20px");
  assert.deepEqual(errors, []);
  await page.context().close();
});

// A page that loads tifa-tagger.js from another origin (here with CORS, as a CDN would send it): a
// worker must come from the page's own origin, so the widget cannot start. It says so in the element
// and on the console, with the README's advice, instead of staying empty.
test("tifa-tagger.js from another origin: the element says it cannot start, the console says why and what to do", async () => {
  const { page, context, errors } = await newPage(env.browser, env.server.url);
  const host = "http://portal.test/";
  await context.route(host + "**", (r) => r.fulfill({ contentType: "text/html; charset=utf-8", body:
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>x</title><script type="module" src="${env.server.url}tifa-tagger.js"></script></head>` +
    "<body><tifa-tagger id=\"ed\"></tifa-tagger></body></html>" }));
  await context.route(env.server.url + "**", async (r) => {
    const res = await r.fetch();
    await r.fulfill({ response: res, headers: { ...res.headers(), "access-control-allow-origin": "*" } });
  });
  await page.goto(host + "article.html");
  await page.waitForFunction(() => document.getElementById("ed").shadowRoot?.textContent, null, { timeout: 15000 });
  const shown = await page.evaluate(() => document.getElementById("ed").shadowRoot.textContent);
  assert.match(shown, /无法启动/);
  // in the element's language only (ut15 #25)
  assert.match(shown, /不是本网页所在的网站/);
  assert.doesNotMatch(shown, /[a-z]{3,} [a-z]{3,}/);
  assert.ok(errors.some((e) => /tifa-tagger/.test(e) && /Copy its folder/.test(e)), JSON.stringify(errors));
  // an element added later says the same
  const later = await page.evaluate(() => {
    const t = document.createElement("tifa-tagger");
    document.body.append(t);
    return t.shadowRoot?.textContent ?? "";
  });
  assert.match(later, /无法启动/);
  const en = await page.evaluate(() => {
    const t = document.createElement("tifa-tagger");
    t.setAttribute("lang", "en");
    document.body.append(t);
    return t.shadowRoot?.textContent ?? "";
  });
  assert.match(en, /cannot start: loaded from .*, not this page's origin/);
  await screenshot(page, "host-cross-origin.png");
  await context.close();
});

// The widget is dark only on a page that says it can be (color-scheme: light dark): a light portal
// keeps a light widget when the reader's system prefers dark.
test("prefers-color-scheme dark: a page that declares no color-scheme keeps the widget light", async () => {
  const bg = (page) => page.evaluate(() => getComputedStyle(document.getElementById("ed").shadowRoot.querySelector(".tifa")).backgroundColor);
  const light = await openHost(PLAIN, { viewport: { width: 1280, height: 900 }, colorScheme: "dark" });
  assert.equal(await bg(light.page), "rgb(255, 255, 255)");
  await light.page.context().close();
  const both = await openHost(":root { color-scheme: light dark; }", { viewport: { width: 1280, height: 900 }, colorScheme: "dark" });
  assert.notEqual(await bg(both.page), "rgb(255, 255, 255)");
  await both.page.locator("#ed").screenshot({ path: "tests/browser/output/host-dark-editor.png" });
  await both.page.locator("#anno").screenshot({ path: "tests/browser/output/host-dark-annotate.png" });
  await both.page.context().close();
});
