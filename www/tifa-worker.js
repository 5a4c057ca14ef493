// The Web Worker that owns the wasm tagger. The page never runs the tagger itself, so tagging even a
// 10 MB paste never blocks the main thread.
//
// Protocol (every request carries an `id`; every answer repeats it):
//   {type: "tag", id, text}                 -> {type: "result", id, data, summary, rules, ms}
//                                              or {type: "superseded", id} when a newer tag request came first
//   {type: "rules", id, toml, fileName, replace} -> {type: "rules", id, ok, info, errors}
//   {type: "export", id, format: "json"|"csv"} -> {type: "export", id, blob}
//   {type: "report", id}                    -> {type: "report", id, report}
// On start it posts {type: "ready", info, version}.
//
// `data` is the report in compact, transferable form (typed arrays plus small string tables): posting
// the full report object would make the main thread deserialise hundreds of thousands of objects.

import init, { Tagger, version } from "./pkg/tifa.js";

let tagger = null;
let info = null;
let lastReport = null;
let lastText = "";
let pendingTag = null;   // the newest tag request not yet run (a run is scheduled while it is set)

const KIND = { text: 0, heading: 1, boilerplate: 2, title: 3 };
const PART = { summary: 1, plan: 2 };

function themeIndexMap() {
  const m = new Map();
  info.themes.forEach((t, i) => m.set(t.id, i));
  return m;
}

// Turns the report into typed arrays (UTF-16 offsets, which index JS strings) and string tables.
function compact(report) {
  const idx = themeIndexMap();
  const themeOf = (id) => idx.get(id) ?? 0xffff;
  const P = report.paragraphs;
  const n = P.length;
  let m = 0, pt = 0, mt = 0;
  for (const p of P) {
    m += p.matches.length;
    pt += p.themes.length;
    for (const x of p.matches) mt += x.themes.length;
  }
  const d = {
    pStart: new Int32Array(n), pEnd: new Int32Array(n), pKind: new Uint8Array(n), pPart: new Uint8Array(n),
    pSection: new Int32Array(n), pThemeOff: new Int32Array(n + 1), pThemes: new Uint16Array(pt),
    pMatchOff: new Int32Array(n + 1),
    mStart: new Int32Array(m), mEnd: new Int32Array(m), mPara: new Int32Array(m), mTerm: new Int32Array(m),
    mThemeOff: new Int32Array(m + 1), mThemes: new Uint16Array(mt),
    sections: [], terms: [],
  };
  const sectionIds = new Map();
  const termIds = new Map();
  let mi = 0, pti = 0, mti = 0;
  P.forEach((p, i) => {
    d.pStart[i] = p.utf16_start;
    d.pEnd[i] = p.utf16_end;
    d.pKind[i] = KIND[p.kind] ?? 0;
    d.pPart[i] = PART[p.part] ?? 0;
    const sec = (p.section || []).join(" › ");
    if (!sectionIds.has(sec)) { sectionIds.set(sec, d.sections.length); d.sections.push(sec); }
    d.pSection[i] = sectionIds.get(sec);
    d.pThemeOff[i] = pti;
    for (const t of p.themes) d.pThemes[pti++] = themeOf(t.id);
    d.pMatchOff[i] = mi;
    for (const x of p.matches) {
      d.mStart[mi] = x.utf16_start;
      d.mEnd[mi] = x.utf16_end;
      d.mPara[mi] = i;
      if (!termIds.has(x.term)) { termIds.set(x.term, d.terms.length); d.terms.push(x.term); }
      d.mTerm[mi] = termIds.get(x.term);
      d.mThemeOff[mi] = mti;
      for (const t of x.themes) d.mThemes[mti++] = themeOf(t);
      mi++;
    }
  });
  d.pThemeOff[n] = pti;
  d.pMatchOff[n] = mi;
  d.mThemeOff[m] = mti;
  const transfer = Object.values(d).filter((v) => ArrayBuffer.isView(v)).map((v) => v.buffer);
  return { data: d, transfer };
}

function csvField(v) {
  const s = String(v ?? "");
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

// One row per paragraph; a BOM so that spreadsheet programs read the Chinese text as UTF-8.
function toCsv(report, text) {
  const rows = [["paragraph", "start", "end", "kind", "part", "section", "themes", "theme_names", "terms", "text"]];
  for (const p of report.paragraphs) {
    rows.push([
      p.index, p.start, p.end, p.kind, p.part ?? "", (p.section || []).join(" > "),
      p.themes.map((t) => t.id).join(";"), p.themes.map((t) => t.name).join(";"),
      [...new Set(p.matches.map((x) => x.term))].join(";"),
      text.slice(p.utf16_start, p.utf16_end).replace(/\s*\n\s*/g, " "),
    ]);
  }
  return "\ufeff" + rows.map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

function runTag(req) {
  const t0 = performance.now();
  const report = tagger.tag(req.text);
  lastReport = report;
  lastText = req.text;
  const { data, transfer } = compact(report);
  const ms = performance.now() - t0;
  self.postMessage({ type: "result", id: req.id, data, summary: report.summary, rules: report.rules, ms }, transfer);
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
    case "rules": {
      try {
        const next = msg.toml == null ? new Tagger() : Tagger.withRules(msg.toml, msg.fileName || "rules.toml", !!msg.replace);
        if (tagger) tagger.free();
        tagger = next;
        info = tagger.info();
        self.postMessage({ type: "rules", id: msg.id, ok: true, info, errors: [] });
      } catch (e) {
        const errors = e && Array.isArray(e.errors) ? e.errors : [{ file: msg.fileName, line: 0, column: 0, message: String(e), rendered: String(e) }];
        self.postMessage({ type: "rules", id: msg.id, ok: false, info, errors });
      }
      break;
    }
    case "export": {
      if (!lastReport) { self.postMessage({ type: "export", id: msg.id, blob: null }); break; }
      const blob = msg.format === "csv"
        ? new Blob([toCsv(lastReport, lastText)], { type: "text/csv;charset=utf-8" })
        : new Blob([JSON.stringify(lastReport, null, 2)], { type: "application/json" });
      self.postMessage({ type: "export", id: msg.id, blob });
      break;
    }
    case "report":
      self.postMessage({ type: "report", id: msg.id, report: lastReport });
      break;
  }
}

const queue = [];
self.onmessage = (e) => {
  if (tagger) handle(e.data);
  else queue.push(e.data);
};

init().then(() => {
  tagger = new Tagger();
  info = tagger.info();
  self.postMessage({ type: "ready", info, version: version() });
  for (const msg of queue.splice(0)) handle(msg);
}).catch((e) => {
  self.postMessage({ type: "fatal", message: String(e && e.stack || e) });
});
