// <tifa-tagger>: the embeddable tagger widget.
//
//   <script type="module" src="/tifa/tifa-tagger.js"></script>
//   <tifa-tagger></tifa-tagger>                              editor: paste box + results
//   <tifa-tagger mode="annotate" target="#content"></tifa-tagger>   highlight an article in place
//
// Attributes: mode ("editor" | "annotate"), target (CSS selector, annotate mode), lang ("zh" | "en"),
// rules (URL of a TOML rule file: same origin, or one the page's CSP connect-src allows), rules-replace (boolean: replace the default rules),
// rules-name (file name of those rules, default: the URL's last segment), samples (URL of a JSON list of
// sample reports, editor mode), debounce (ms, default 250).
// Events (bubbling, composed): tifa-ready {info, version, timing}; tifa-result {summary, rules, paragraphs,
// matches, ms, report()}; tifa-rules {ok, info, errors}; tifa-error {message}.
// Everything (the worker, the wasm, the style sheets) is loaded from this module's own folder.
//
// This module is what a page loads. It starts the engine's worker at once (when the page has a
// <tifa-tagger> already), so that fetching and compiling the wasm and building the default rules run
// while the element's own modules load; the first element to connect takes that worker. The element
// is widget/element.js, a thin shell over one module of widget/ per concern (listed there); each mode's
// own modules are fetched only by an element in that mode.

// The worker, and every message it sends before an element takes it over (messages to a worker
// without a listener would be lost).
// The lean wasm is fetched and compiled here, on the page, while the worker's thread starts and loads
// its script (the compile runs off the main thread), and handed over compiled; if that fails, the
// worker fetches it itself.
function startSpare() {
  if (typeof Worker !== "function" || !document.querySelector("tifa-tagger")) return null;
  const worker = new Worker(new URL("tifa-worker.js", import.meta.url), { type: "module", name: "tifa" });
  const spare = { worker, early: [] };
  worker.onmessage = (e) => spare.early.push(e.data);
  worker.onerror = (e) => spare.early.push({ type: "fatal", message: e.message || "worker error" });
  const compiled = typeof WebAssembly === "object" && WebAssembly.compileStreaming
    ? WebAssembly.compileStreaming(fetch(new URL("pkg/tifa_bg.wasm", import.meta.url)))
    : Promise.reject(new Error("no streaming compile"));
  compiled.then((module) => worker.postMessage({ type: "module", module }), () => worker.postMessage({ type: "module", module: null }));
  return spare;
}

const spare = startSpare();
const { TifaTagger, collectText, decodeText, define } = await import("./widget/element.js");
define(spare);

export { TifaTagger, collectText, decodeText };
