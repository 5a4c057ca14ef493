// Starts floor-worker.js with what the page's query asks it to do; `window.__ready` is set when it
// answers, as the widget's page sets it on `tifa-ready` (bench/page-ready.mjs): the time after
// navigation, and the worker's own timing.
const what = location.search.slice(1) || "worker";
const worker = new Worker(new URL("floor-worker.js", import.meta.url), { type: "module" });
worker.onmessage = (e) => { window.__ready = { at: performance.now(), timing: e.data }; };
worker.postMessage(what);
