// The worker protocol and tagging: starts tifa-worker.js (which owns the wasm tagger), sends it
// requests and matches the answers by id, schedules tagging after typing (debounced), and takes a
// result in: resets navigation, shows status and results, and emits the element's events.

import { BASE } from "./dom.js";
import { groupMatches } from "./groups.js";

// A worker started by tifa-tagger.js before the element's modules loaded, with the messages it sent
// meanwhile: the first element to start takes it.
let spare = null;
export function setSpareWorker(s) {
  spare = s;
}

export const workerClient = {
  _startWorker() {
    this._setStatus(this.s.loading, "busy");
    const early = spare?.early ?? [];
    if (spare) {
      this.worker = spare.worker;
    } else {
      // no wasm compiled ahead for this one: the worker fetches it
      this.worker = new Worker(new URL("tifa-worker.js", BASE), { type: "module", name: "tifa" });
      this.worker.postMessage({ type: "module", module: null });
    }
    spare = null;
    this.worker.onmessage = (e) => this._onMessage(e.data);
    this.worker.onerror = (e) => this._fatal(e.message || "worker error");
    for (const msg of early) this._onMessage(msg);
  },

  // Fetches the authoring build of the engine ahead (the rules panel was opened): applying rules is
  // then quick. Tagging with the default rules never needs it.
  _preloadAuthoring() {
    if (this._authoring || !this.worker) return;
    this._authoring = this._request({ type: "authoring" }).then((msg) => {
      if (!msg.ok) this._authoring = null; // asked again the next time the panel opens
      return msg;
    });
  },

  _request(msg) {
    if (!this.worker && this._rendering) return this._rendering.then(() => this._request(msg));
    const id = ++this._seq;
    if (!this.worker) return Promise.reject(new Error("tifa-tagger: not in a page"));
    return new Promise((resolve) => {
      this._waiters.set(id, resolve);
      this.worker.postMessage({ ...msg, id });
    });
  },

  _onMessage(msg) {
    if (msg.type === "ready") {
      this.info = msg.info;
      this.version = msg.version;
      this._ready = true;
      this._setStatus(this.s.ready, "ok");
      this._showRulesInfo();
      this._emit("tifa-ready", { info: msg.info, version: msg.version, timing: msg.timing });
      this._afterReady();
      return;
    }
    if (msg.type === "fatal") return this._fatal(msg.message);
    const resolve = this._waiters.get(msg.id);
    this._waiters.delete(msg.id);
    if (resolve) resolve(msg);
  },

  _fatal(message) {
    this._setStatus(this.s.fatal + message, "error");
    this._emit("tifa-error", { message });
  },

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  },

  async _afterReady() {
    const rulesUrl = this.getAttribute("rules");
    if (rulesUrl) await this._loadRulesUrl(rulesUrl);
    if (this.mode === "annotate") this.annotate();
    else if (this._text) this._scheduleTag(0);
  },

  _scheduleTag(delay) {
    clearTimeout(this._timer);
    if (!this._ready) return;
    const base = Number(this.getAttribute("debounce") || 250);
    const wait = delay ?? (this._text.length > 1e6 ? Math.max(base, 700) : base);
    this._timer = setTimeout(() => this._runTag(), wait);
  },

  async _runTag() {
    if (!this._ready) return null;
    clearTimeout(this._timer);
    const text = this._text;
    this._setStatus(this.s.tagging, "busy");
    const msg = await this._request({ type: "tag", text });
    if (msg.type === "superseded") return null;
    if (text !== this._text && this.mode === "editor") return null; // an older text: a newer request follows
    return this._acceptResult(msg, text);
  },

  _acceptResult(msg, text) {
    const t0 = performance.now();
    this.result = { ...msg, text };
    if (this._groups?.data !== msg.data) this._groups = groupMatches(msg.data);
    this._tabStop = null;
    this._filter = -1;
    this._cursor = -1;
    this._themeMatches = null;
    this._lastAnnouncedPara = -1; // paragraph numbers of the old result mean nothing in the new one
    this._showTaggedStatus();
    // focus in the text, which is drawn anew: it stays in the text
    const inDoc = this._doc?.contains(this.shadowRoot.activeElement);
    this._showResult(true);
    if (inDoc) this._doc.focus();
    const detail = {
      summary: msg.summary,
      rules: msg.rules,
      paragraphs: msg.data.pStart.length,
      matches: msg.data.mStart.length,
      ms: msg.ms,
      renderMs: performance.now() - t0,   // main-thread time spent showing the result
      report: () => this.report(),
    };
    this._emit("tifa-result", detail);
    return detail;
  },
};
