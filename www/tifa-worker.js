// The Web Worker that owns the wasm tagger: the page never runs it, so tagging never blocks the page.
// Its protocol, the compact `data` of a result and the engine's two builds: www/README.md.

function load(glue, wasm) {
  const source = typeof wasm === "string" ? fetch(new URL(wasm, import.meta.url)) : wasm;
  return import(glue).then(async (mod) => {
    await mod.default({ module_or_path: await source });
    return mod;
  });
}

// the lean wasm: from the first message, {type: "module", module} (null: fetched here)
let handOver;
const leanWasm = new Promise((resolve) => { handOver = resolve; });
const t0 = performance.now();
const lean = load("./pkg/tifa.js", leanWasm.then((module) => module ?? fetch(new URL("./pkg/tifa_bg.wasm", import.meta.url))));
let authoring = null;    // the promise of the authoring build, once asked for (asked again after a failure)
function authoringEngine() {
  authoring ??= load("./pkg/tifa-authoring.js", "./pkg/tifa-authoring_bg.wasm").catch((e) => {
    authoring = null;
    throw e;
  });
  return authoring;
}

// reading a PDF or a .doc (tifa-reader.js and the file reader's wasm), once one was opened
let fileReader = null;

let leanModule = null;   // the lean build, once loaded
let notesFile = null;    // the promise of pkg/tifa-notes.json, once asked for (asked again after a failure)
let engine = null;       // the module the tagger comes from: lean, or authoring once rules were applied
let tagger = null;
let info = null;
let last = null;         // the last result, a wasm `Tagged` (the report stays in wasm memory)
let rulesInfo = null;    // the reports' `rules` object: the same for every report of one tagger
let lastText = "";
let pendingTag = null;   // the newest tag request not yet run (a run is scheduled while it is set)
// a cell a spreadsheet would run as a formula gets a leading ' (as the CLI's CSV)
function csvField(v) {
  const s = String(v ?? "").replace(/^[=+\-@\t\r]/, "'$&");
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// One row per paragraph, the columns of `tifa tag --format csv` but `file`, with theme_names; a BOM so that spreadsheet programs read the Chinese text as UTF-8.
function toCsv(report, text) {
  const rows = [["paragraph", "start", "end", "kind", "part", "section", "themes", "theme_names", "terms", "text", "byte_start", "byte_end", "utf16_start", "utf16_end"]];
  for (const p of report.paragraphs) {
    rows.push([
      p.index, p.start, p.end, p.kind, p.part ?? "", (p.section || []).join(" > "),
      p.themes.map((t) => t.id).join(";"), p.themes.map((t) => t.name).join(";"),
      [...new Set(p.matches.map((x) => x.term))].join(";"),
      text.slice(p.utf16_start, p.utf16_end).replace(/\s*\n\s*/g, " "),
      p.byte_start, p.byte_end, p.utf16_start, p.utf16_end,
    ]);
  }
  return "\ufeff" + rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

function runTag(req) {
  const t0 = performance.now();
  if (last) last.free();
  last = tagger.tagCompact(req.text);
  lastText = req.text;
  const data = last.data();
  const transfer = Object.values(data).filter((v) => ArrayBuffer.isView(v)).map((v) => v.buffer);
  const ms = performance.now() - t0;
  rulesInfo ??= last.rules();
  self.postMessage({ type: "result", id: req.id, data, summary: last.summary(), rules: rulesInfo, ms }, transfer);
}

// Runs the newest pending tag request. Requests that arrive before it runs replace it (the older one
// is answered "superseded"); tagging is synchronous, so none can arrive while it runs.
function runPending() {
  const req = pendingTag;
  pendingTag = null;
  runTag(req);
}

function handle(msg) {
  switch (msg.type) {
    case "tag":
      if (pendingTag) self.postMessage({ type: "superseded", id: pendingTag.id });
      else setTimeout(runPending, 0);
      pendingTag = msg;
      break;
    case "authoring":
      // loaded on the side: requests after this one do not wait for it
      authoringEngine().then(
        () => self.postMessage({ type: "authoring", id: msg.id, ok: true }),
        (e) => self.postMessage({ type: "authoring", id: msg.id, ok: false, message: String(e) }));
      break;
    case "notes":
      // the lean build has no notes (www/README.md)
      if (engine !== leanModule) { self.postMessage({ type: "notes", id: msg.id, notes: null }); break; }
      notesFile ??= fetch(new URL("./pkg/tifa-notes.json", import.meta.url)).then((r) => {
        if (!r.ok) throw new Error(`pkg/tifa-notes.json: HTTP ${r.status}`);
        return r.json();
      }).catch((e) => {
        notesFile = null;
        throw e;
      });
      notesFile.then(
        (notes) => self.postMessage({ type: "notes", id: msg.id, notes }),
        (e) => self.postMessage({ type: "notes", id: msg.id, notes: null, message: String(e) }));
      break;
    case "rules":
      return applyRules(msg);
    case "pdf":
    case "doc":
      fileReader ??= import("./tifa-reader.js").catch((e) => {
        fileReader = null;
        throw e;
      });
      return fileReader.then(
        (reader) => reader.readFile(msg, self.postMessage.bind(self)),
        (e) => self.postMessage({ type: msg.type, id: msg.id, ok: false, kind: "unavailable", message: String(e) }));
    case "export": {
      if (!last) { self.postMessage({ type: "export", id: msg.id, blob: null }); break; }
      const blob = msg.format === "csv"
        ? new Blob([toCsv(last.report(), lastText)], { type: "text/csv;charset=utf-8" })
        : new Blob([last.json(true)], { type: "application/json" });
      self.postMessage({ type: "export", id: msg.id, blob });
      break;
    }
    case "report":
      self.postMessage({ type: "report", id: msg.id, report: last ? last.report() : null });
      break;
  }
}

// A user's rules need the authoring build (fetched the first time); the default rules are built by
// whichever build is in use.
async function applyRules(msg) {
  try {
    let next;
    if (msg.toml == null) {
      next = new engine.Tagger();
    } else {
      engine = await authoringEngine();
      next = engine.Tagger.withRuleFiles(msg.toml.map ? msg.toml : [[msg.fileName || "rules.toml", msg.toml]], !!msg.replace);
    }
    if (tagger) tagger.free();
    tagger = next;
    rulesInfo = null;
    info = tagger.info();
    self.postMessage({ type: "rules", id: msg.id, ok: true, info, errors: [] });
  } catch (e) {
    // not a rule error (the authoring wasm not loaded, a panic): one file's name, none of several files'
    const errors = e && Array.isArray(e.errors) ? e.errors : [{ file: msg.toml?.map ? "" : msg.fileName || "rules.toml", line: 0, column: 0, message: String(e), rendered: String(e) }];
    self.postMessage({ type: "rules", id: msg.id, ok: false, info, errors });
  }
}

// one message after the other (www/README.md, *The worker*)
let turn = Promise.resolve();
function enqueue(msg) {
  turn = turn.then(() => handle(msg)).catch((e) => setTimeout(() => { throw e; }));
}
const queue = [];
self.onmessage = (e) => {
  if (e.data.type === "module") handOver(e.data.module);
  else if (tagger) enqueue(e.data);
  else queue.push(e.data);
};

// `timing`: www/README.md, *The worker*
lean.then((mod) => {
  const t1 = performance.now();
  engine = leanModule = mod;
  tagger = new mod.Tagger();
  const t2 = performance.now();
  info = tagger.info();
  const timing = { timeOrigin: performance.timeOrigin, start: t0, wasm: t1 - t0, rules: t2 - t1, info: performance.now() - t2 };
  self.postMessage({ type: "ready", info, version: mod.version(), timing });
  for (const msg of queue.splice(0)) enqueue(msg);
}).catch((e) => {
  self.postMessage({ type: "fatal", message: String(e && e.stack || e) });
});
