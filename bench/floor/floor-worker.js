// "worker": answers at once. "wasm": first fetches, compiles and instantiates the lean wasm (www/pkg,
// copied beside this file by bench/page-timing.mjs). "rules": then also builds the tagger of the default rules (`new Tagger()`), as the
// widget's worker does before `tifa-ready`.
const start = performance.now();
self.onmessage = async ({ data: what }) => {
  const timing = { timeOrigin: performance.timeOrigin, start };
  if (what !== "worker") {
    const t0 = performance.now();
    const mod = await import("./pkg/tifa.js");
    await mod.default({ module_or_path: fetch(new URL("./pkg/tifa_bg.wasm", import.meta.url)) });
    timing.wasm = performance.now() - t0;
    if (what === "rules") {
      const t1 = performance.now();
      new mod.Tagger();
      timing.rules = performance.now() - t1;
    }
  }
  self.postMessage(timing);
};
