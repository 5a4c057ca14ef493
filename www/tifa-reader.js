// Reading a PDF file or a Word 97-2003 document in the worker (tifa-worker.js imports this module
// when the first such file is opened): the file reader's build of the engine (pkg/tifa-reader.js,
// the reader feature: src/pdf.rs and src/doc.rs) gives its text as `tifa tag report.pdf` or
// `tifa tag report.doc` reads it. The protocol's {type: "pdf"} and {type: "doc"} messages: www/README.md.

let engine = null; // the reader's glue, initialised; dropped after a file stopped it
let instances = 0;

// A fresh instance after a trap needs fresh glue (the glue keeps its one instance): the module is
// imported again under another URL (the server ignores the query; the wasm comes from the cache).
function load() {
  engine ??= import(instances++ ? `./pkg/tifa-reader.js?instance=${instances}` : "./pkg/tifa-reader.js").then(async (mod) => {
    await mod.default({ module_or_path: fetch(new URL("./pkg/tifa-reader_bg.wasm", import.meta.url)) });
    return mod;
  }).catch((e) => {
    engine = null;
    throw e;
  });
  return engine;
}

/** Answers {type: "pdf" | "doc", id, bytes} with the text, or with why not: {ok: false, kind,
 * message}, kind "damaged", "unavailable" (the reader could not be loaded), and for a PDF
 * "encrypted", "no-text", "undecodable", for a .doc "encrypted", "not-word", "old-version". */
export async function readFile(msg, post) {
  let mod;
  try {
    mod = await load();
  } catch (e) {
    return post({ type: msg.type, id: msg.id, ok: false, kind: "unavailable", message: String(e) });
  }
  try {
    const bytes = new Uint8Array(msg.bytes);
    post({ type: msg.type, id: msg.id, ok: true, text: msg.type === "doc" ? mod.docText(bytes) : mod.pdfText(bytes) });
  } catch (e) {
    if (e && typeof e.kind === "string") return post({ type: msg.type, id: msg.id, ok: false, kind: e.kind, message: e.message });
    // the wasm stopped (a trap) on a file its reader cannot follow: a fresh instance next time
    engine = null;
    post({ type: msg.type, id: msg.id, ok: false, kind: "damaged", message: String(e) });
  }
}
