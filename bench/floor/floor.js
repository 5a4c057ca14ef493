// Starts floor-worker.js with what the page's query asks it to do; `window.__ready` is set when it
// answers (the time after navigation, and the worker's own times).
const what = location.search.slice(1) || "worker";
const worker = new Worker(new URL("floor-worker.js", import.meta.url), { type: "module" });
worker.onmessage = (e) => { window.__ready = { at: performance.now(), ...e.data }; };
worker.postMessage(what);
