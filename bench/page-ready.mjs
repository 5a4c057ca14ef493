// One page-ready measurement, shared by page-timing.mjs and page-ready-ab.mjs: a new browser context
// (an empty HTTP cache and a new renderer, so the wasm is fetched and compiled afresh) loads index.html
// from `url`; the time is from navigation to the widget's `tifa-ready`, with the worker's own timing.

/** Loads `url + path` (the widget's page, or a floor page of bench/floor/, which sets `window.__ready`
 * itself) in a new context of `browser`; returns the times in ms after navigation. */
export async function pageReady(browser, url, path = "index.html") {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(() => {
      document.addEventListener("tifa-ready", (e) => { window.__ready = { at: performance.now(), timing: e.detail.timing }; }, { once: true });
    });
    await page.goto(url + path);
    await page.waitForFunction(() => window.__ready, null, { timeout: 30000 });
    return await page.evaluate(() => {
      const { at, timing } = window.__ready;
      const nav = performance.getEntriesByType("navigation")[0];
      // the worker's clock starts at its own time origin
      const workerStart = timing.timeOrigin - performance.timeOrigin + timing.start;
      return { ready: at, html: nav.responseEnd, dcl: nav.domContentLoadedEventEnd, workerStart, ...timing };
    });
  } finally {
    await context.close();
  }
}
