// The <tifa-tagger> element (see tifa-tagger.js, which loads this module and defines it).
//
// The element is a thin shell: lifecycle, attributes and the public API. Each concern lives in a
// module of widget/ that adds its methods to the element's prototype (they share the element's state):
//   widget/worker-client.js  the worker protocol and tagging     widget/layout.js      the shadow DOM skeleton
//   widget/editor.js         textarea, files, samples            widget/rules-panel.js rule loading and errors
//   widget/overview.js       totals, legend, chart, colours      widget/navigation.js  filter, stepping, announcements
//   widget/doc-view.js       the virtualised paragraphs, marks   widget/tooltip.js     the highlight tooltip
//   widget/annotate.js       annotate mode on the host page      widget/export.js      JSON/CSV export, print view
//                            (fetched only in annotate mode)     widget/collect.js     an element's text, as tagged
//   widget/dom.js            small DOM and text helpers

import { strings } from "../tifa-i18n.js";
import { decodeText } from "./dom.js";
import { workerClient, setSpareWorker } from "./worker-client.js";
import { layout } from "./layout.js";
import { editorInput } from "./editor.js";
import { rulesPanel } from "./rules-panel.js";
import { overview } from "./overview.js";
import { navigation } from "./navigation.js";
import { docView } from "./doc-view.js";
import { tooltip } from "./tooltip.js";
import { collectText } from "./collect.js";
import { exportPrint } from "./export.js";

let uid = 0;

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
      this._authoring = null;
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
}

// Annotate mode's code is fetched by the first element in that mode (an editor never loads it): the
// stub below puts the real methods on the prototype and calls them.
const annotateOnDemand = {
  async annotate() {
    const { annotateMode } = await import("./annotate.js");
    Object.assign(TifaTagger.prototype, annotateMode);
    return this.annotate();
  },
};

Object.assign(TifaTagger.prototype, workerClient, layout, editorInput, rulesPanel, overview, navigation, docView, tooltip,
  annotateOnDemand, exportPrint);

/**
 * Defines the element (once per page). `spare`: a worker that tifa-tagger.js started while this module
 * loaded, with the messages it has sent so far; the first element to connect takes it.
 */
function define(spare) {
  if (spare) setSpareWorker(spare);
  if (!customElements.get("tifa-tagger")) customElements.define("tifa-tagger", TifaTagger);
}

export { TifaTagger, collectText, decodeText, define };
