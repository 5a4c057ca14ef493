// <tifa-tagger>, the embeddable tagger widget (attributes, events, styling: README.md).
//
//   <script type="module" src="/tifa/tifa-tagger.js"></script>
//   <tifa-tagger></tifa-tagger>                                     editor: paste box + results
//   <tifa-tagger mode="annotate" target="#content"></tifa-tagger>   highlights an article in place
//
// How it starts: www/README.md, *Start-up*.
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

// Cannot start (e.g. loaded from another origin, where no worker may start): every element says so.
let widget = {};
try {
  const from = new URL(import.meta.url).origin;
  if (from !== location.origin) throw Object.assign(new Error(`loaded from ${from}, not this page's origin`), { from });
  const spare = startSpare();
  widget = await import("./widget/element.js");
  widget.define(spare);
} catch (e) {
  console.error(`tifa-tagger: ${e.message}. Copy its folder to this site's server (README).`);
  customElements.get("tifa-tagger") || customElements.define("tifa-tagger", class extends HTMLElement {
    connectedCallback() {
      const en = /^en/.test(this.getAttribute("lang") || this.closest("[lang]")?.lang);
      (this.shadowRoot ?? this.attachShadow({ mode: "open" })).textContent = en ? `⚠ tifa-tagger cannot start: ${e.message}`
        : `⚠ tifa-tagger 无法启动：${e.from ? `它从 ${e.from} 加载，不是本网页所在的网站（请把它的文件夹复制到本站）` : e.message}`;
    }
  });
}

export const { TifaTagger, collectText, decodeText } = widget;
