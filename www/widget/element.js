// The <tifa-tagger> element (see tifa-tagger.js, which loads this module and defines it): a thin shell
// (lifecycle, attributes, public API); each concern is a module of widget/ that adds its methods to the
// prototype. The map of the modules: www/README.md.

import { STRINGS, loadStrings, strings } from "../tifa-i18n.js";
import { decodeText, use } from "./dom.js";
import { workerClient, setSpareWorker } from "./worker-client.js";
import { layout } from "./layout.js";
import { overview } from "./overview.js";
import { navigation } from "./navigation.js";
import { docView } from "./doc-view.js";
import { collectText } from "./collect.js";

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
  _lang() {
    return this.getAttribute("lang") || this.closest("[lang]")?.getAttribute("lang") || "zh";
  }
  _langStrings() {
    return strings(this._lang());
  }
  get en() {
    return this.s !== STRINGS.zh;
  }
  // null, or a promise of the element's strings (English is fetched on first use); a failed fetch is
  // reported and the element shows Chinese
  _loadStrings() {
    return loadStrings(this._lang())?.catch((e) => this._emit("tifa-error", { message: e.message }));
  }

  // The first render waits for the mode's own modules (www/README.md).
  connectedCallback() {
    if (this._started) return;
    this._started = true;
    const start = (this._starts = (this._starts ?? 0) + 1);
    const render = () => {
      if (!this._started || this._starts !== start) return; // removed (and perhaps added again) meanwhile
      this._build();
      this._built = true;
      this._startWorker();
    };
    const mode = this.mode;
    const strings = this._loadStrings();
    if (loadedModes.has(mode) && !strings) return render();
    // requests made meanwhile wait for it (worker-client.js)
    const rendering = (this._rendering = Promise.all([loadMode(mode), strings]).then(render, (e) => {
      if (this._started && this._starts === start) this._emit("tifa-error", { message: `${mode} mode: ${e.message}` });
    }).finally(() => {
      if (this._rendering === rendering) this._rendering = null;
    }));
  }

  // Removed from the page: the worker is ended (a move, in one task, keeps it).
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
    if (name === "lang" && this._built && this._started && oldValue !== value) {
      // at once when the language's strings are there (English is fetched the first time)
      const strings = this._loadStrings();
      strings ? strings.then(() => this._relang()) : this._relang();
    }
  }

  // Built again in the element's language (the same place and status).
  _relang() {
    if (this._built && this._started && this._langStrings() !== this._s) {
      const cursor = this._cursor;
      this._build();
      if (this.info) this._showRulesInfo();
      if (this.result) {
        this._showResult(false);
        this._showTaggedStatus();
        this._cursor = cursor;
        this._updateNav();
      }
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

  /** Replaces the rules: a TOML text, or [fileName, toml] pairs (several files), on top of the defaults (or instead of them). null: the defaults. */
  async setRules(toml, fileName = "rules.toml", replace = false) {
    this._rulesGen = (this._rulesGen | 0) + 1;   // rule files still being read or fetched do not override these
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

// Each mode's own modules: fetched (in parallel) by the first element in that mode, then their methods
// are put on the prototype. An element in the other mode never loads them.
const MODES = {
  editor: () => import("./editor.js").then((m) => [m.editorInput]),
  annotate: () => import("./annotate.js").then((m) => [m.annotateMode]),
};
const loading = new Map(); // mode -> Promise, resolved when its methods are on the prototype
const loadedModes = new Set();
function loadMode(mode) {
  if (!loading.has(mode)) {
    loading.set(mode, MODES[mode]().then((parts) => {
      Object.assign(TifaTagger.prototype, ...parts);
      loadedModes.add(mode);
    }, (e) => {
      loading.delete(mode); // tried again by the next element in that mode
      throw e;
    }));
  }
  return loading.get(mode);
}

// Editor mode's hooks that shared code calls; editor.js puts the real ones on the
// prototype. In annotate mode (and before editor mode's modules load) there is nothing to show.
const editorHooks = {
  _fillTextarea() {},
  _showRulesInfo() {},
};
// annotate(), public: fetches annotate mode's module first when called before it loaded
const annotateOnDemand = {
  async annotate() {
    await loadMode("annotate");
    return this.annotate();
  },
};

// rules-url.js, fetched for a `rules` attribute (or the rules panel's URL field)
const rulesUrlOnUse = {
  _loadRulesUrl(url) {
    if (!url) return url;
    // rule files dropped while rules-url.js loads win, as the newer (rules-panel.js)
    const gen = (this._rulesGen = (this._rulesGen | 0) + 1);
    return use(this, "rules-url").then(() => (gen === this._rulesGen ? this._loadRulesUrl(url) : null), (e) => (this._emit("tifa-error", { message: e.message }), null));
  },
};

// tooltip.js is fetched when the first tooltip opens, or the legend is first pointed at or focused
// while the themes' descriptions (its buttons' titles) are apart with the notes (www/README.md)
function noTip() {
  this._tipWant = null;
}
const tooltipOnUse = {
  _showTip(m, g) {
    this._tipWant = m;
    use(this, "tooltip").then(() => this._tipWant === m && this._showTip(m, g), () => {});
  },
  _describeThemes() {
    if (this.info?.themes.some((t) => !t.description)) use(this, "tooltip").then(() => this._askNotes(), () => {});
  },
  _hideTip: noTip,
  _hideTipSoon: noTip,
  _followTip() {},
};

Object.assign(TifaTagger.prototype, workerClient, layout, rulesUrlOnUse, overview, navigation, docView, tooltipOnUse, editorHooks,
  annotateOnDemand);

/**
 * Defines the element (once per page). `spare`: a worker that tifa-tagger.js started while this module
 * loaded, with the messages it has sent so far; the first element to connect takes it.
 */
function define(spare) {
  if (spare) setSpareWorker(spare);
  if (!customElements.get("tifa-tagger")) customElements.define("tifa-tagger", TifaTagger);
}

export { TifaTagger, collectText, decodeText, define };
