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
// Events (bubbling, composed): tifa-ready {info, version}; tifa-result {summary, rules, paragraphs,
// matches, ms, report()}; tifa-rules {ok, info, errors}; tifa-error {message}.
// Everything (the worker, the wasm, the style sheets) is loaded from this module's own folder.

import { strings, shortName, themeName } from "./tifa-i18n.js";

const BASE = new URL(".", import.meta.url);
const PALETTE = 24;
const PAGE = 120;          // paragraphs rendered at once when the window is (re)placed
const STEP = 80;           // paragraphs added when scrolling near an edge
const MAX_WINDOW = 480;    // paragraphs kept in the DOM
const MAX_PARA_CHARS = 20000;
// A text longer than this (UTF-16 units) is not put into the editor's textarea in full: laying out
// megabytes in a textarea blocks the browser's main thread for seconds. The textarea shows the
// beginning (read-only) and the whole text is tagged; a button puts the full text in on request.
const LARGE_TEXT = 300000;
const PREVIEW_CHARS = 20000;
const KIND_NAMES = ["text", "heading", "boilerplate", "title"];
const CONTENT_SKIP = "script,style,noscript,textarea,select,template,svg,math,tifa-tagger,[data-tifa-skip]";

let uid = 0;

// Index of the last element of the sorted array `a` that is <= x (0 when there is none).
function lastAtOrBefore(a, x) {
  let lo = 0, hi = a.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a[mid] <= x) lo = mid; else hi = mid - 1;
  }
  return lo;
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c != null) e.append(c);
  return e;
}

const SVG_NS = "http://www.w3.org/2000/svg";
function svg(tag, attrs = {}) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function decodeText(buffer) {
  const bytes = new Uint8Array(buffer);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030").decode(bytes);
  }
}

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// 1-based line and column (in chars) -> UTF-16 index into `text`.
function indexOfLineCol(text, line, column) {
  let i = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf("\n", i);
    if (nl < 0) return text.length;
    i = nl + 1;
  }
  for (let c = 1; c < column && i < text.length && text[i] !== "\n"; c++) {
    i += text.codePointAt(i) > 0xffff ? 2 : 1;
  }
  return i;
}

class TifaTagger extends HTMLElement {
  static get observedAttributes() {
    return ["lang"];
  }

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this._id = ++uid;
    this._seq = 0;
    this._waiters = new Map();
    this.info = null;
    this.result = null;
    this._text = "";
    this._filter = -1;
    this._cursor = -1;
  }

  get mode() {
    return this.getAttribute("mode") === "annotate" ? "annotate" : "editor";
  }
  // The strings of the element's language, fixed when the UI is built (it is rebuilt when `lang` changes).
  get s() {
    return this._s ?? this._langStrings();
  }
  _langStrings() {
    return strings(this.getAttribute("lang") || this.closest("[lang]")?.getAttribute("lang") || "zh");
  }
  get en() {
    return this.s === strings("en");
  }

  connectedCallback() {
    if (this._started) return;
    this._started = true;
    this._build();
    this._startWorker();
  }

  // Removed from the page: the worker (with its engine, the last text and report) is ended. A move,
  // which disconnects and connects again in one task, keeps it.
  disconnectedCallback() {
    queueMicrotask(() => {
      if (this.isConnected || !this._started) return;
      this._started = false;
      this._ready = false;
      this.worker?.terminate();
      this.worker = null;
      this._waiters.clear();
      clearTimeout(this._timer);
      clearTimeout(this._rulesTimer);
      this._io?.disconnect();
    });
  }

  attributeChangedCallback(name, oldValue, value) {
    if (name === "lang" && this._started && oldValue !== value) {
      this._build();
      if (this.info) this._showRulesInfo();
      if (this.result) this._showResult(false);
    }
  }

  // ---- worker ---------------------------------------------------------------------------------

  _startWorker() {
    this._setStatus(this.s.loading, "busy");
    this.worker = new Worker(new URL("tifa-worker.js", BASE), { type: "module", name: "tifa" });
    this.worker.onmessage = (e) => this._onMessage(e.data);
    this.worker.onerror = (e) => this._fatal(e.message || "worker error");
  }

  _request(msg) {
    const id = ++this._seq;
    if (!this.worker) return Promise.reject(new Error("tifa-tagger: not in a page"));
    return new Promise((resolve) => {
      this._waiters.set(id, resolve);
      this.worker.postMessage({ ...msg, id });
    });
  }

  _onMessage(msg) {
    if (msg.type === "ready") {
      this.info = msg.info;
      this.version = msg.version;
      this._ready = true;
      this._setStatus(this.s.ready, "ok");
      this._showRulesInfo();
      this._emit("tifa-ready", { info: msg.info, version: msg.version });
      this._afterReady();
      return;
    }
    if (msg.type === "fatal") return this._fatal(msg.message);
    const resolve = this._waiters.get(msg.id);
    this._waiters.delete(msg.id);
    if (resolve) resolve(msg);
  }

  _fatal(message) {
    this._setStatus(this.s.fatal + message, "error");
    this._emit("tifa-error", { message });
  }

  _emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  async _afterReady() {
    const rulesUrl = this.getAttribute("rules");
    if (rulesUrl) await this._loadRulesUrl(rulesUrl);
    if (this.mode === "annotate") this.annotate();
    else if (this._text) this._scheduleTag(0);
  }

  // ---- public API -----------------------------------------------------------------------------

  /** The text of the editor. Setting it tags it. */
  get value() {
    return this._text;
  }
  set value(text) {
    this._setText(text ?? "");
    this._scheduleTag(0);
  }

  /** Tags `text` now (editor mode); resolves to the `tifa-result` detail, or null when superseded. */
  tag(text) {
    if (text != null) this._setText(text);
    return this._runTag();
  }

  _setText(text) {
    this._text = String(text);
    this._fullInEditor = false;
    this._fillTextarea();
  }

  /** The full report of the last result (the JSON output contract). */
  async report() {
    return (await this._request({ type: "report" })).report;
  }

  /** Replaces the rules: a TOML text on top of the defaults (or instead of them). null: the defaults. */
  async setRules(toml, fileName = "rules.toml", replace = false) {
    const msg = await this._request({ type: "rules", toml, fileName, replace });
    if (msg.ok) this.info = msg.info;
    this._showRulesInfo(msg.errors, toml);
    this._emit("tifa-rules", { ok: msg.ok, info: msg.info, errors: msg.errors });
    if (msg.ok) {
      if (this.mode === "annotate") this.annotate();
      else if (this._text) this._runTag();
    }
    return msg;
  }

  // ---- tagging --------------------------------------------------------------------------------

  _scheduleTag(delay) {
    clearTimeout(this._timer);
    if (!this._ready) return;
    const base = Number(this.getAttribute("debounce") || 250);
    const wait = delay ?? (this._text.length > 1e6 ? Math.max(base, 700) : base);
    this._timer = setTimeout(() => this._runTag(), wait);
  }

  async _runTag() {
    if (!this._ready) return null;
    clearTimeout(this._timer);
    const text = this._text;
    this._setStatus(this.s.tagging, "busy");
    const msg = await this._request({ type: "tag", text });
    if (msg.type === "superseded") return null;
    if (text !== this._text && this.mode === "editor") return null; // an older text: a newer request follows
    return this._acceptResult(msg, text);
  }

  _acceptResult(msg, text) {
    const t0 = performance.now();
    this.result = { ...msg, text };
    this._filter = -1;
    this._cursor = -1;
    this._themeMatches = null;
    this._lastAnnouncedPara = -1; // paragraph numbers of the old result mean nothing in the new one
    this._showTaggedStatus();
    this._showResult(true);
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
  }

  // ---- annotate mode --------------------------------------------------------------------------

  _targetElement() {
    const sel = this.getAttribute("target");
    if (!sel) return null;
    return this.getRootNode().querySelector?.(sel) || document.querySelector(sel);
  }

  /** (Re-)annotates the target element in place. */
  async annotate() {
    const target = this._targetElement();
    if (!target) {
      this._setStatus(this.s.annotateNoTarget(this.getAttribute("target")), "error");
      return null;
    }
    ensureDocumentStyles(this.ownerDocument);
    this._clearAnnotations(target);
    const { text, nodes } = collectText(target);
    this._annoTarget = target;
    this._setStatus(this.s.tagging, "busy");
    const msg = await this._request({ type: "tag", text });
    if (msg.type === "superseded") return null;
    this.result = { ...msg, text };
    // screen readers reading the article hear one summary per tagged paragraph, at its start (the
    // marks' labels are silent); inserted first, `nodes` kept in step, then the marks
    insertParaSummaries(nodes, msg.data, (p) => this.s.annoPara(this._paraThemeNames(p)));
    this._annoMarks = wrapMatches(nodes, msg.data, (k) => this._matchView(k));
    target.addEventListener("mouseover", this._annoHover ??= (e) => {
      const m = e.target.closest?.("mark.tifa-mark");
      if (m && this._annoMarks) this._showTip(m, Number(m.dataset.tifaM));
    });
    target.addEventListener("mouseout", this._annoOut ??= (e) => {
      if (e.target.closest?.("mark.tifa-mark")) this._hideTip();
    });
    target.addEventListener("focusin", this._annoFocus ??= (e) => {
      if (e.target.matches?.("mark.tifa-mark")) this._showTip(e.target, Number(e.target.dataset.tifaM));
    });
    target.addEventListener("focusout", this._annoBlur ??= (e) => {
      if (e.target.matches?.("mark.tifa-mark")) this._hideTip();
    });
    return this._acceptResult(msg, text);
  }

  _clearAnnotations(target) {
    for (const e of target.querySelectorAll("span.tifa-sr")) e.remove();
    const parents = new Set();
    for (const m of target.querySelectorAll("mark.tifa-mark")) {
      parents.add(m.parentNode);
      m.replaceWith(...m.childNodes);
    }
    for (const p of parents) p.normalize();
    this._annoMarks = null;
  }

  // ---- building the shadow DOM ----------------------------------------------------------------

  _build() {
    this._s = this._langStrings();
    const s = this.s;
    const root = this.shadowRoot;
    root.replaceChildren();
    const id = (n) => `t${this._id}-${n}`;
    root.append(el("link", { rel: "stylesheet", href: new URL("tifa-tagger.css", BASE).href }));
    const wrap = el("div", { class: `tifa ${this.mode}`, part: "root", lang: this.en ? "en" : "zh-CN" });
    this._status = el("p", { class: "status", role: "status" });
    this._live = el("div", { class: "sr-only", "aria-live": "polite" });
    this._tip = el("div", { class: "tip", role: "tooltip", id: id("tip"), hidden: true });

    if (this.mode === "editor") {
      const fileInput = el("input", { type: "file", accept: ".txt,text/plain", class: "hidden-input", tabindex: "-1", "aria-hidden": "true" });
      fileInput.addEventListener("change", () => this._openFile(fileInput));
      this._sampleSelect = el("select", { id: id("sample") }, el("option", { value: "", text: s.sampleNone }));
      this._sampleSelect.addEventListener("change", () => this._loadSample(this._sampleSelect.value));
      this._helpId = id("help");
      this._textarea = el("textarea", {
        id: id("text"), rows: "10", spellcheck: "false", placeholder: s.placeholder, "aria-describedby": this._helpId,
      });
      this._textarea.addEventListener("input", () => {
        this._text = this._textarea.value;
        this._scheduleTag();
      });
      // a large paste or drop goes past the textarea (see LARGE_TEXT)
      this._textarea.addEventListener("paste", (e) => this._insertLarge(e, e.clipboardData));
      this._textarea.addEventListener("drop", (e) => this._insertLarge(e, e.dataTransfer));
      this._largeText = el("span", {});
      this._largeNote = el("p", { class: "large-note", id: id("large"), role: "note", hidden: true },
        this._largeText, " ",
        el("button", { type: "button", class: "edit-full", text: s.largeEdit, onclick: () => this._editFull() }));
      this._fillTextarea();
      wrap.append(
        el("section", { class: "input", "aria-labelledby": id("in-h") },
          el("h2", { id: id("in-h"), text: s.input }),
          el("div", { class: "toolbar" },
            el("button", { type: "button", class: "open-file", text: s.openFile, onclick: () => fileInput.click() }),
            fileInput,
            el("span", { class: "field" }, el("label", { for: id("sample"), text: s.sample }), this._sampleSelect),
            el("button", { type: "button", class: "clear", text: s.clear, onclick: () => { this.value = ""; this._textarea.focus(); } }),
          ),
          el("p", { id: id("help"), class: "help", text: s.inputHelp }),
          el("label", { for: id("text"), class: "sr-only", text: s.input }),
          this._largeNote,
          this._textarea,
        ),
        this._buildRulesPanel(id),
      );
      this._fillSamples();
    } else {
      wrap.append(el("h2", { class: "anno-h", text: s.annotateSummary }));
    }
    wrap.append(this._status);
    wrap.append(this._buildResults(id));
    wrap.append(this._tip, this._live);
    root.append(wrap);
  }

  _buildRulesPanel(id) {
    const s = this.s;
    const fileInput = el("input", { type: "file", accept: ".toml,text/plain", class: "hidden-input", tabindex: "-1", "aria-hidden": "true" });
    fileInput.addEventListener("change", async () => {
      const f = fileInput.files[0];
      if (!f) return;
      this._rulesName.value = f.name;
      this._rulesText.value = decodeText(await f.arrayBuffer());
      fileInput.value = "";
      this._applyRules();
    });
    this._rulesUrl = el("input", { type: "url", id: id("rurl"), placeholder: "rules/my_theme.toml" });
    this._rulesName = el("input", { type: "text", id: id("rname"), value: this._rulesNameValue || "my_theme.toml", spellcheck: "false" });
    this._rulesReplace = el("input", { type: "checkbox", id: id("rrep") });
    this._rulesReplace.checked = this.hasAttribute("rules-replace");
    this._rulesText = el("textarea", { id: id("rtext"), rows: "10", spellcheck: "false", class: "code", "aria-describedby": id("rerr") });
    this._rulesText.value = this._rulesTextValue || "";
    this._rulesText.addEventListener("input", () => {
      this._rulesTextValue = this._rulesText.value;
      clearTimeout(this._rulesTimer);
      this._rulesTimer = setTimeout(() => this._applyRules(), 700);
    });
    this._rulesErrors = el("div", { id: id("rerr"), class: "rule-errors", "aria-live": "polite" });
    this._rulesSummary = el("span", { class: "rules-active" });
    this._rulesDetails = el("details", { class: "rules" },
      el("summary", {}, el("span", { class: "rules-title", text: s.rules }), " ", this._rulesSummary),
      el("p", { class: "help", text: s.rulesHelp }),
      el("div", { class: "toolbar" },
        el("button", { type: "button", text: s.rulesFile, onclick: () => fileInput.click() }),
        fileInput,
        el("span", { class: "field" }, el("label", { for: id("rurl"), text: s.rulesUrl }), this._rulesUrl),
        el("button", { type: "button", text: s.rulesUrlLoad, onclick: () => this._loadRulesUrl(this._rulesUrl.value) }),
      ),
      el("div", { class: "toolbar" },
        el("span", { class: "field" }, el("label", { for: id("rname"), text: s.rulesName }), this._rulesName),
        el("span", { class: "check" }, this._rulesReplace, el("label", { for: id("rrep"), text: s.rulesReplace })),
      ),
      el("label", { for: id("rtext"), text: s.rulesEditor }),
      this._rulesText,
      el("div", { class: "toolbar" },
        el("button", { type: "button", class: "apply", text: s.rulesApply, onclick: () => this._applyRules() }),
        el("button", { type: "button", text: s.rulesReset, onclick: () => {
          this._rulesText.value = this._rulesTextValue = "";
          this.setRules(null);
        } }),
      ),
      this._rulesErrors,
    );
    return this._rulesDetails;
  }

  _buildResults(id) {
    const s = this.s;
    this._totals = el("p", { class: "totals", text: s.empty });
    this._legend = el("div", { class: "legend", role: "group", "aria-label": s.legend });
    this._chart = el("figure", { class: "chart" });
    this._filterLabel = el("span", { class: "filter-label" });
    this._showAllBtn = el("button", { type: "button", class: "show-all", text: s.showAll, hidden: true, onclick: () => this._setFilter(-1) });
    this._pos = el("span", { class: "pos", "aria-live": "off" });
    const nav = el("div", { class: "nav toolbar" },
      this._filterLabel, this._showAllBtn,
      el("button", { type: "button", class: "prev", text: s.prev, onclick: () => this._step(-1) }),
      this._pos,
      el("button", { type: "button", class: "next", text: s.next, onclick: () => this._step(1) }),
    );
    const section = el("section", { class: "results", "aria-labelledby": id("res-h") },
      el("h2", { id: id("res-h"), class: this.mode === "annotate" ? "sr-only" : "", text: s.results }),
      this._totals,
      el("div", { class: "overview" }, this._legend, this._chart),
      nav,
    );
    if (this.mode === "editor") {
      nav.append(
        el("span", { class: "spacer" }),
        el("button", { type: "button", class: "export-json", text: s.exportJson, onclick: () => this._export("json") }),
        el("button", { type: "button", class: "export-csv", text: s.exportCsv, onclick: () => this._export("csv") }),
        el("button", { type: "button", class: "print", text: s.print, onclick: () => this._print() }),
      );
      this._windowInfo = el("p", { class: "window-info" });
      this._moreBefore = el("button", { type: "button", class: "more more-before", text: s.moreBefore, hidden: true, onclick: () => this._extend(-STEP) });
      this._moreAfter = el("button", { type: "button", class: "more more-after", text: s.moreAfter, hidden: true, onclick: () => this._extend(STEP) });
      this._topSentinel = el("div", { class: "sentinel" });
      this._bottomSentinel = el("div", { class: "sentinel" });
      this._doc = el("div", { class: "doc", tabindex: "0", role: "region", "aria-label": s.results, "aria-describedby": id("keys") });
      this._doc.addEventListener("keydown", (e) => {
        if (e.altKey || e.ctrlKey || e.metaKey) return;
        if (e.key === "n") { e.preventDefault(); this._step(1); }
        if (e.key === "p") { e.preventDefault(); this._step(-1); }
      });
      this._doc.addEventListener("mouseover", (e) => {
        const m = e.target.closest?.("mark.hl");
        if (m) this._showTip(m, Number(m.dataset.m));
      });
      this._doc.addEventListener("mouseout", (e) => {
        if (e.target.closest?.("mark.hl") && !this._tipFocused) this._hideTip();
      });
      this._doc.addEventListener("focusin", (e) => {
        const m = e.target.closest?.("mark.hl");
        if (m) { this._tipFocused = true; this._showTip(m, Number(m.dataset.m)); }
      });
      this._doc.addEventListener("focusout", () => { this._tipFocused = false; this._hideTip(); });
      // on scroll the tooltip follows a focused highlight (scrollIntoView scrolls after focus), and
      // goes away for a hovered one
      this._doc.addEventListener("scroll", () => {
        const [m, k] = this._tipFor || [];
        if (m && m.isConnected && this.shadowRoot.activeElement === m) this._showTip(m, k);
        else this._hideTip();
      }, { passive: true });
      section.append(el("p", { id: id("keys"), class: "help", text: s.keysHelp }), this._windowInfo, this._moreBefore, this._doc, this._moreAfter);
      this._io = new IntersectionObserver((entries) => {
        for (const en of entries) {
          if (!en.isIntersecting || !this._list) continue;
          if (en.target === this._bottomSentinel) this._extend(STEP);
          else if (en.target === this._topSentinel) this._extend(-STEP);
        }
      }, { root: this._doc, rootMargin: "300px 0px" });
    }
    return section;
  }

  _showTaggedStatus() {
    this._setStatus(this.s.tagged(this.result.data.pStart.length, Math.round(this.result.ms)), "ok");
  }

  _setStatus(text, state) {
    if (!this._status) return;
    this._status.textContent = text;
    this._status.dataset.state = state;
  }

  // ---- editor inputs --------------------------------------------------------------------------

  /** Shows `this._text` in the textarea: in full, or its beginning (read-only) when it is large. */
  _fillTextarea() {
    const ta = this._textarea;
    if (!ta) return;
    const large = this._text.length > LARGE_TEXT && !this._fullInEditor;
    let shown = this._text.length;
    if (large) {
      const cut = this._text.lastIndexOf("\n", PREVIEW_CHARS);
      shown = cut > PREVIEW_CHARS / 2 ? cut : PREVIEW_CHARS;
      ta.value = this._text.slice(0, shown);
      this._largeText.textContent = this.s.largeNote(this._text.length, shown);
    } else if (ta.value !== this._text) {
      ta.value = this._text;
    }
    ta.readOnly = large;
    ta.classList.toggle("preview", large);
    this._largeNote.hidden = !large;
    ta.setAttribute("aria-describedby", large ? `${this._largeNote.id} ${this._helpId}` : this._helpId);
  }

  /** Paste or drop: when the text would become large, it is inserted here, not by the textarea. */
  _insertLarge(event, data) {
    const piece = data?.getData("text/plain");
    if (!piece) return;
    const ta = this._textarea;
    if (ta.readOnly) {
      // the preview of a large text: a paste or drop replaces the whole text
      event.preventDefault();
      this.value = piece;
      return;
    }
    const a = ta.selectionStart, b = ta.selectionEnd;
    if (ta.value.length - (b - a) + piece.length <= LARGE_TEXT) return;   // the browser does it
    event.preventDefault();
    this.value = this._text.slice(0, a) + piece + this._text.slice(b);
  }

  /** Puts the whole of a large text into the textarea, for editing (slow for megabytes). */
  _editFull() {
    this._fullInEditor = true;
    this._setStatus(this.s.largeFilling, "busy");
    // let the status paint before the browser lays out the long text
    setTimeout(() => {
      this._fillTextarea();
      this._textarea.focus();
      if (this.result) this._showTaggedStatus();
    }, 30);
  }

  async _openFile(input) {
    const f = input.files[0];
    if (!f) return;
    const text = decodeText(await f.arrayBuffer());
    input.value = "";
    this.value = text;
  }

  async _fillSamples() {
    const url = this.getAttribute("samples");
    if (!url) {
      this._sampleSelect.parentElement.hidden = true;
      return;
    }
    try {
      if (!this._samples) {
        this._samplesUrl = new URL(url, document.baseURI);
        this._samples = await (await fetch(this._samplesUrl)).json();
      }
      for (const sm of this._samples) {
        this._sampleSelect.append(el("option", { value: sm.file, text: this.en && sm.title_en ? sm.title_en : sm.title }));
      }
    } catch (e) {
      this._sampleSelect.parentElement.hidden = true;
    }
  }

  async _loadSample(file) {
    if (!file) return;
    const text = await (await fetch(new URL(file, this._samplesUrl))).text();
    this.value = text;
  }

  async _loadRulesUrl(url) {
    if (!url) return;
    let abs = null;
    try {
      abs = new URL(url, document.baseURI);
      const res = await fetch(abs);
      if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
      const toml = decodeText(await res.arrayBuffer());
      const name = this.getAttribute("rules-name") || decodeURIComponent(abs.pathname.split("/").pop() || "rules.toml");
      if (this._rulesText) {
        this._rulesText.value = this._rulesTextValue = toml;
        this._rulesName.value = this._rulesNameValue = name;
      }
      const replace = this._rulesReplace ? this._rulesReplace.checked : this.hasAttribute("rules-replace");
      return await this.setRules(toml, name, replace);
    } catch (e) {
      let message = this.s.rulesLoadFailed + e.message;
      // a fetch from another origin fails as a bare network error when the page's policy (CSP
      // connect-src) or the other server (CORS) does not allow it: say so
      if (abs && abs.origin !== location.origin && e instanceof TypeError) message = this.s.rulesCrossOrigin(abs.origin);
      if (this._rulesErrors) this._rulesErrors.textContent = message;
      this._emit("tifa-error", { message });
      return null;
    }
  }

  _applyRules() {
    clearTimeout(this._rulesTimer);
    const toml = this._rulesText.value;
    this._rulesTextValue = toml;
    this._rulesNameValue = this._rulesName.value || "rules.toml";
    if (!toml.trim() && !this._rulesReplace.checked) return this.setRules(null);
    return this.setRules(toml, this._rulesNameValue, this._rulesReplace.checked);
  }

  _showRulesInfo(errors, toml) {
    if (!this.info || !this._rulesSummary) return;
    const s = this.s;
    this._rulesSummary.textContent = s.rulesActive(this.info.themes.length, this.info.terms, this.info.name);
    if (!errors) return;
    const box = this._rulesErrors;
    box.replaceChildren();
    if (!errors.length) {
      if (toml) box.append(el("p", { class: "ok", text: s.rulesOk }));
      return;
    }
    box.append(el("p", { class: "err-title", text: s.rulesErrors(errors.length) }));
    const list = el("ul");
    for (const e of errors) {
      const pos = `${e.file}:${e.line}:${e.column}`;
      const btn = el("button", { type: "button", class: "err-pos", text: pos, onclick: () => {
        const t = this._rulesText;
        const a = indexOfLineCol(t.value, e.line, e.column);
        const b = e.end_line ? indexOfLineCol(t.value, e.end_line, e.end_column) : a;
        t.focus();
        t.setSelectionRange(a, Math.max(a, b));
      } });
      list.append(el("li", { class: "err", "data-line": e.line, "data-column": e.column }, btn, " ", el("span", { class: "err-msg", text: e.message }),
        e.rendered ? el("pre", { class: "rendered", text: e.rendered }) : null));
    }
    box.append(list);
  }

  async _export(format) {
    const msg = await this._request({ type: "export", format });
    if (msg.blob) download(msg.blob, `tifa-report.${format}`);
  }

  _print() {
    if (!this.result) return window.print();
    const before = [this._winStart, this._winEnd];
    this._placeWindow(0, Math.min(this._listLen, 5000));
    const restore = () => {
      window.removeEventListener("afterprint", restore);
      this._placeWindow(before[0], before[1]);
    };
    window.addEventListener("afterprint", restore);
    window.print();
  }

  // ---- results --------------------------------------------------------------------------------

  _theme(i) {
    return this.info?.themes[i] || { id: "?", name: "?", name_en: "?", color_index: 0 };
  }
  _colorClass(i) {
    return `c${(this._theme(i).color_index ?? i) % PALETTE}`;
  }

  _showResult(fresh) {
    const s = this.s;
    const r = this.result;
    if (!r || !this._totals) return;
    const sum = r.summary;
    this._totals.textContent = s.totals(sum.content_paragraphs, sum.tagged_paragraphs, sum.matches);
    // theme counts in the order of the rules
    this._counts = this.info.themes.map((t) => sum.themes[t.id] || { paragraphs: 0, matches: 0 });
    // the themes with paragraphs, most first (ties in the order of the rules)
    const rows = this._counts.map((c, i) => [c.paragraphs, i]).filter(([n]) => n > 0).sort((a, b) => b[0] - a[0]);
    this._buildLegend();
    this._buildChart(rows);
    if (this.mode === "editor") {
      this._setFilter(this._filter, true);
    } else {
      this._updateNav();
    }
    if (fresh) {
      const top = rows
        .slice(0, 3)
        .map(([n, i]) => `${themeName(this._theme(i), this.en)} ${s.themeParas(n)}`)
        .join(s.sep);
      this._announce(s.announceSummary(sum.tagged_paragraphs, top));
    }
  }

  _buildLegend() {
    const s = this.s;
    this._legend.replaceChildren();
    // the themes found, most paragraphs first
    const order = this.info.themes.map((t, i) => i).filter((i) => this._counts[i].matches > 0)
      .sort((a, b) => this._counts[b].paragraphs - this._counts[a].paragraphs || this._counts[b].matches - this._counts[a].matches || a - b);
    order.forEach((i) => {
      const t = this.info.themes[i];
      const c = this._counts[i];
      const btn = el("button", {
        type: "button", class: `theme ${this._colorClass(i)}`, "data-theme": t.id, "aria-pressed": String(this._filter === i),
        title: t.description || "",
        onclick: () => this._setFilter(this._filter === i ? -1 : i),
      },
      el("span", { class: "swatch", "aria-hidden": "true" }),
      el("span", { class: "name", text: themeName(t, this.en) }),
      el("span", { class: "count", text: `${s.themeParas(c.paragraphs)} · ${s.themeMatches(c.matches)}` }));
      this._legend.append(btn);
    });
  }

  _buildChart(rows) {
    const s = this.s;
    this._chart.replaceChildren(el("figcaption", { text: s.chart }));
    if (!rows.length) return;
    const rowH = 20, labelW = this.en ? 150 : 96, barW = 230, width = labelW + barW + 50;
    const max = rows[0][0];
    const label = rows.map(([n, i]) => `${shortName(this._theme(i), this.en)} ${n}`).join(s.sep);
    const chart = svg("svg", { viewBox: `0 0 ${width} ${rows.length * rowH}`, role: "img", "aria-label": s.chartLabel(label), class: "bars" });
    rows.forEach(([n, i], k) => {
      const y = k * rowH;
      const w = Math.max(2, Math.round((n / max) * barW));
      const text = svg("text", { x: labelW - 6, y: y + 14, "text-anchor": "end", class: "bar-label" });
      text.textContent = shortName(this._theme(i), this.en);
      const rect = svg("rect", { x: labelW, y: y + 3, width: w, height: rowH - 6, class: `bar ${this._colorClass(i)}` });
      const num = svg("text", { x: labelW + w + 5, y: y + 14, class: "bar-num" });
      num.textContent = String(n);
      chart.append(text, rect, num);
    });
    this._chart.append(chart);
  }

  _setFilter(i, keepWindow = false) {
    const r = this.result;
    this._filter = i;
    this._cursor = -1;
    this._themeMatches = null;
    for (const b of this._legend.querySelectorAll("button.theme")) {
      b.setAttribute("aria-pressed", String(b.dataset.theme === this._theme(i).id && i >= 0));
    }
    if (this.mode === "annotate") {
      if (this._annoMarks) {
        for (const [k, pieces] of this._annoMarks.entries()) {
          const on = i < 0 || this._matchHasTheme(k, i);
          for (const p of pieces) p.classList.toggle("tifa-dim", !on);
        }
      }
      this._updateNav();
      return;
    }
    if (!r) return;
    const d = r.data;
    const n = d.pStart.length;
    if (i < 0) {
      this._list = null;
      this._listLen = n;
    } else {
      const out = [];
      for (let p = 0; p < n; p++) {
        for (let k = d.pThemeOff[p]; k < d.pThemeOff[p + 1]; k++) if (d.pThemes[k] === i) { out.push(p); break; }
      }
      this._list = Int32Array.from(out);
      this._listLen = out.length;
    }
    this._filterLabel.textContent = i < 0 ? "" : this.s.filterOn(themeName(this._theme(i), this.en), this._listLen);
    this._showAllBtn.hidden = i < 0;
    if (!keepWindow || this._winStart == null) this._placeWindow(0, Math.min(this._listLen, PAGE));
    else this._placeWindow(Math.min(this._winStart, this._listLen), Math.min(Math.max(this._winEnd, PAGE), this._listLen));
    this._updateNav();
  }

  _paraAt(pos) {
    return this._list ? this._list[pos] : pos;
  }
  _posOf(p) {
    if (!this._list) return p;
    const i = lastAtOrBefore(this._list, p);
    return this._list[i] === p ? i : -1;
  }

  _matchHasTheme(k, i) {
    const d = this.result.data;
    for (let j = d.mThemeOff[k]; j < d.mThemeOff[k + 1]; j++) if (d.mThemes[j] === i) return true;
    return false;
  }

  _matchesInView() {
    if (this._themeMatches) return this._themeMatches;
    const d = this.result.data;
    const m = d.mStart.length;
    if (this._filter < 0) {
      this._themeMatches = { length: m, at: (j) => j };
    } else {
      const out = [];
      for (let k = 0; k < m; k++) if (this._matchHasTheme(k, this._filter)) out.push(k);
      this._themeMatches = { length: out.length, at: (j) => out[j] };
    }
    return this._themeMatches;
  }

  _updateNav() {
    if (!this.result) return;
    const ms = this._matchesInView();
    this._pos.textContent = this.s.matchPos(this._cursor + 1, ms.length);
  }

  _step(dir) {
    if (!this.result) return;
    const ms = this._matchesInView();
    if (!ms.length) return;
    this._cursor = this._cursor < 0 ? (dir > 0 ? 0 : ms.length - 1) : (this._cursor + dir + ms.length) % ms.length;
    this._updateNav();
    this._goToMatch(ms.at(this._cursor));
  }

  _goToMatch(k) {
    const d = this.result.data;
    const p = d.mPara[k];
    let markEl;
    if (this.mode === "annotate") {
      markEl = this._annoMarks?.get(k)?.[0];
      for (const m of this._annoTarget.querySelectorAll("mark.tifa-current")) m.classList.remove("tifa-current");
      if (markEl) for (const piece of this._annoMarks.get(k)) piece.classList.add("tifa-current");
    } else {
      const pos = this._posOf(p);
      if (pos < 0) return;
      if (pos < this._winStart || pos >= this._winEnd) {
        const start = Math.max(0, pos - 10);
        this._placeWindow(start, Math.min(this._listLen, start + PAGE));
      }
      for (const m of this._doc.querySelectorAll("mark.current")) m.classList.remove("current");
      markEl = this._doc.querySelector(`mark[data-m="${k}"]`);
      markEl?.classList.add("current");
    }
    if (!markEl) return;
    markEl.scrollIntoView({ block: "center", inline: "nearest" });
    markEl.focus({ preventScroll: true });
    this._showTip(markEl, k);
    if (this._lastAnnouncedPara !== p) {
      this._lastAnnouncedPara = p;
      this._announce(this._paraSummary(p));
    }
  }

  _paraThemeNames(p) {
    const d = this.result.data;
    const names = [];
    for (let k = d.pThemeOff[p]; k < d.pThemeOff[p + 1]; k++) names.push(themeName(this._theme(d.pThemes[k]), this.en));
    return names.join(this.s.sep);
  }

  _paraSummary(p) {
    const d = this.result.data;
    return this.s.announcePara(p + 1, d.sections[d.pSection[p]], this._paraThemeNames(p));
  }

  _announce(text) {
    // Cleared first so that the same text is announced again.
    this._live.textContent = "";
    setTimeout(() => { this._live.textContent = text; }, 50);
  }

  // ---- the virtualised document view (editor mode) --------------------------------------------

  _placeWindow(start, end) {
    this._doc.replaceChildren();
    this._winStart = start;
    this._winEnd = end;
    this._doc.append(this._topSentinel, this._renderRange(start, end), this._bottomSentinel);
    this._doc.scrollTop = 0;
    this._afterWindowChange();
    if (!this._listLen) this._doc.append(el("p", { class: "empty", text: this._text ? this.s.noThemes : this.s.empty }));
  }

  _extend(count) {
    if (!this.result) return;
    if (count > 0) {
      const end = Math.min(this._listLen, this._winEnd + count);
      if (end === this._winEnd) return;
      this._bottomSentinel.before(this._renderRange(this._winEnd, end));
      this._winEnd = end;
      // keep the DOM small: drop paragraphs from the top, keeping the view where it is
      const excess = this._winEnd - this._winStart - MAX_WINDOW;
      if (excess > 0) this._trim(excess, true);
    } else {
      const start = Math.max(0, this._winStart + count);
      if (start === this._winStart) return;
      const frag = this._renderRange(start, this._winStart);
      const h = this._doc.scrollHeight;
      this._topSentinel.after(frag);
      this._doc.scrollTop += this._doc.scrollHeight - h;
      this._winStart = start;
      const excess = this._winEnd - this._winStart - MAX_WINDOW;
      if (excess > 0) this._trim(excess, false);
    }
    this._afterWindowChange();
  }

  _renderRange(from, to) {
    const frag = document.createDocumentFragment();
    for (let pos = from; pos < to; pos++) frag.append(this._renderPara(this._paraAt(pos)));
    return frag;
  }

  _trim(count, fromTop) {
    const paras = this._doc.querySelectorAll(":scope > .para");
    if (fromTop) {
      const h = this._doc.scrollHeight;
      for (let i = 0; i < count; i++) paras[i].remove();
      this._doc.scrollTop -= h - this._doc.scrollHeight;
      this._winStart += count;
    } else {
      for (let i = 0; i < count; i++) paras[paras.length - 1 - i].remove();
      this._winEnd -= count;
    }
  }

  _afterWindowChange() {
    this._moreBefore.hidden = this._winStart <= 0;
    this._moreAfter.hidden = this._winEnd >= this._listLen;
    this._windowInfo.textContent = this._listLen ? this.s.showing(this._winStart + 1, this._winEnd, this._listLen) : "";
    this._io.disconnect();
    requestAnimationFrame(() => {
      if (!this._moreBefore.hidden) this._io.observe(this._topSentinel);
      if (!this._moreAfter.hidden) this._io.observe(this._bottomSentinel);
    });
  }

  _renderPara(p) {
    const s = this.s;
    const r = this.result;
    const d = r.data;
    const kind = KIND_NAMES[d.pKind[p]];
    const box = el("div", { class: `para ${kind}`, "data-p": String(p) });
    const meta = el("div", { class: "meta" }, el("span", { class: "idx", text: s.paragraph(p + 1) }));
    const section = d.sections[d.pSection[p]];
    if (kind !== "text") meta.append(el("span", { class: "kind", text: s[kind] }));
    if (d.pPart[p]) meta.append(el("span", { class: "part", text: d.pPart[p] === 1 ? s.summary : s.plan }));
    if (section && kind !== "heading") meta.append(el("span", { class: "section", text: section }));
    const chips = el("span", { class: "chips" });
    for (let k = d.pThemeOff[p]; k < d.pThemeOff[p + 1]; k++) {
      const t = d.pThemes[k];
      chips.append(el("span", { class: `chip ${this._colorClass(t)}`, "data-theme": this._theme(t).id, text: themeName(this._theme(t), this.en) }));
    }
    if (d.pThemeOff[p] === d.pThemeOff[p + 1] && kind !== "boilerplate") chips.append(el("span", { class: "chip none", text: s.noThemes }));
    meta.append(chips);
    const body = el("p", { class: "text" });
    const text = r.text;
    let a = d.pStart[p];
    const end = Math.min(d.pEnd[p], a + MAX_PARA_CHARS);
    for (let k = d.pMatchOff[p]; k < d.pMatchOff[p + 1]; k++) {
      const ms = d.mStart[k], me = d.mEnd[k];
      if (ms >= end) break;
      if (ms < a) continue;
      if (ms > a) body.append(text.slice(a, ms));
      body.append(this._renderMark(k, text.slice(ms, me)));
      a = me;
    }
    if (a < end) body.append(text.slice(a, end));
    if (end < d.pEnd[p]) body.append(el("span", { class: "truncated", text: s.truncated }));
    box.append(meta, body);
    return box;
  }

  _matchThemes(k) {
    const d = this.result.data;
    const out = [];
    for (let j = d.mThemeOff[k]; j < d.mThemeOff[k + 1]; j++) out.push(d.mThemes[j]);
    return out;
  }

  // What a highlight shows of its match, in both modes: colour class, label, theme ids.
  _matchView(k) {
    const themes = this._matchThemes(k);
    return {
      colour: this._colorClass(themes[0] ?? 0),
      label: themes.map((t) => shortName(this._theme(t), this.en)).join("/"),
      ids: themes.map((t) => this._theme(t).id).join(" "),
    };
  }

  _renderMark(k, text) {
    const v = this._matchView(k);
    return el("mark", { class: `hl ${v.colour}`, "data-m": String(k), "data-label": v.label, tabindex: "-1", "data-themes": v.ids }, text);
  }

  // ---- tooltip --------------------------------------------------------------------------------

  _showTip(markEl, k) {
    const s = this.s;
    const d = this.result?.data;
    if (!d || !(k >= 0)) return;
    const term = d.terms[d.mTerm[k]];
    const themes = this._matchThemes(k).map((t) => themeName(this._theme(t), this.en)).join(s.sep);
    const detail = this.info?.notes?.[term] || {};
    const origin = [detail.level, detail.region, detail.year].filter((x) => x != null && x !== "").join(" · ");
    const parts = [[s.tipTerm, term], [s.tipTheme, themes], [s.tipNote, detail.note || s.tipNoNote]];
    if (origin) parts.push([s.tipOrigin, origin]);
    this._tip.replaceChildren(...parts.map(([k, v]) => el("div", {}, el("b", { text: k + s.colon }), v)));
    this._tip.hidden = false;
    this._tipFor = [markEl, k];
    const rect = markEl.getBoundingClientRect();
    const tipW = Math.min(320, window.innerWidth - 16);
    let left = Math.min(Math.max(8, rect.left), window.innerWidth - tipW - 8);
    let top = rect.bottom + 6;
    this._tip.style.maxWidth = `${tipW}px`;
    this._tip.style.left = `${left}px`;
    this._tip.style.top = `${top}px`;
    const h = this._tip.offsetHeight;
    if (top + h > window.innerHeight - 8) this._tip.style.top = `${Math.max(8, rect.top - h - 6)}px`;
    if (this.mode === "editor") {
      markEl.setAttribute("aria-describedby", this._tip.id);
    } else {
      // the tooltip lives in the shadow root, which aria-describedby cannot reach from the article
      markEl.setAttribute("aria-description", parts.map(([k, v]) => k + s.colon + v).join(s.tipSep));
    }
  }

  _hideTip() {
    if (this._tip) this._tip.hidden = true;
  }
}

// ---- annotate mode helpers (host document) ------------------------------------------------------

function ensureDocumentStyles(doc) {
  if (doc.querySelector("link[data-tifa-annotate]")) return;
  doc.head.append(el("link", { rel: "stylesheet", href: new URL("tifa-annotate.css", BASE).href, "data-tifa-annotate": "" }));
}

// The text of `target` as the tagger sees it: its text nodes in order, with a line break between
// blocks (so that the tagger finds paragraphs) and at <br>; returns the nodes with their UTF-16 start.
function collectText(target) {
  const blockCache = new Map();
  const blockOf = (node) => {
    let e = node.parentElement;
    while (e && e !== target) {
      let inline = blockCache.get(e);
      if (inline === undefined) {
        const disp = getComputedStyle(e).display;
        inline = disp.startsWith("inline") || disp === "contents";
        blockCache.set(e, inline);
      }
      if (!inline) return e;
      e = e.parentElement;
    }
    return target;
  };
  const walker = document.createTreeWalker(target, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(n) {
      if (n.nodeType === Node.ELEMENT_NODE) {
        if (n.matches(CONTENT_SKIP) || getComputedStyle(n).display === "none") return NodeFilter.FILTER_REJECT;
        return n.localName === "br" ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      }
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  let text = "";
  let lastBlock = null;
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === Node.ELEMENT_NODE) {
      text += "\n";
      continue;
    }
    const block = blockOf(n);
    if (block !== lastBlock && text && !text.endsWith("\n")) text += "\n";
    lastBlock = block;
    nodes.push({ node: n, start: text.length });
    text += n.data;
  }
  return { text, nodes };
}

// Wraps every match in <mark class="tifa-mark"> pieces, one per text node it covers (a match may run
// across inline element boundaries). Only text nodes are split: the host's elements, and listeners on
// them, stay as they were. Returns Map(match index -> [mark pieces]).
function wrapMatches(nodes, d, view) {
  const marks = new Map();
  const starts = nodes.map((x) => x.start);
  // last match first: splitting a text node keeps the node itself as the part before the split, so
  // offsets of earlier matches in the same node stay valid
  for (let k = d.mStart.length - 1; k >= 0; k--) {
    const s = d.mStart[k], e = d.mEnd[k];
    const v = view(k);
    const pieces = [];
    for (let ni = lastAtOrBefore(starts, s); ni < nodes.length && nodes[ni].start < e; ni++) {
      const { node, start } = nodes[ni];
      const a = Math.max(s, start) - start;
      const b = Math.min(e, start + node.data.length) - start;
      if (b <= a) continue;
      pieces.push([node, a, b]);
    }
    const els = [];
    for (let pi = pieces.length - 1; pi >= 0; pi--) {
      const [node, a, b] = pieces[pi];
      let part = node;
      if (a > 0) part = part.splitText(a);
      if (b - a < part.data.length) part.splitText(b - a);
      const m = document.createElement("mark");
      m.className = `tifa-mark tifa-${v.colour}`;
      m.dataset.tifaM = String(k);
      m.dataset.tifaThemes = v.ids;
      part.parentNode.insertBefore(m, part);
      m.append(part);
      els.unshift(m);
    }
    if (!els.length) continue;
    els[els.length - 1].dataset.tifaLabel = v.label;          // the label once, after the last piece
    els[0].tabIndex = -1;
    marks.set(k, els);
  }
  return marks;
}

// Puts a visually hidden summary of its tags ("paragraph 3, section …: themes …") at the start of every
// tagged paragraph of the article, for screen readers. `nodes`: the article's text nodes with their
// UTF-16 start in the tagged text (collectText). Last paragraph first, so that splitting a text node
// leaves the positions of earlier paragraphs where they were.
function insertParaSummaries(nodes, d, summary) {
  if (!nodes.length) return;
  const starts = nodes.map((x) => x.start);
  for (let p = d.pStart.length - 1; p >= 0; p--) {
    if (d.pThemeOff[p] === d.pThemeOff[p + 1]) continue;
    const pos = d.pStart[p];
    const lo = lastAtOrBefore(starts, pos);
    let { node, start } = nodes[lo];
    let off = pos - start;
    if (off >= node.data.length) {          // the position is a line break between blocks
      if (lo + 1 >= nodes.length) continue;
      ({ node } = nodes[lo + 1]);
      off = 0;
    }
    if (off > 0) {                          // the split-off rest becomes a node of its own
      node = node.splitText(off);
      nodes.splice(lo + 1, 0, { node, start: pos });
      starts.splice(lo + 1, 0, pos);
    }
    const span = document.createElement("span");
    span.className = "tifa-sr";
    span.dataset.tifaSkip = "";
    span.textContent = summary(p);
    node.parentNode.insertBefore(span, node);
  }
}

if (!customElements.get("tifa-tagger")) customElements.define("tifa-tagger", TifaTagger);

export { TifaTagger, collectText, decodeText };
