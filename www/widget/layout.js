// The shadow DOM skeleton and the status line's text (www/README.md).

import { BASE, el } from "./dom.js";

export const layout = {
  _build() {
    this._s = this._langStrings();
    const s = this.s;
    const root = this.shadowRoot;
    root.replaceChildren();
    const id = (n) => `t${this._id}-${n}`;
    // the level of the widget's headings (`heading-level`, default 2), to fit the page's outline
    this._h = "h" + Math.min(6, Math.max(1, this.getAttribute("heading-level") | 0 || 2));
    root.append(el("link", { rel: "stylesheet", href: new URL("tifa-tagger.css", BASE).href }));
    const wrap = el("div", { class: `tifa ${this.mode}`, part: "root", lang: this.en ? "en" : "zh-CN" });
    this._status = el("p", { class: "status" });
    this._live = el("div", { class: "sr-only", "aria-live": "polite" });
    this._tip = el("div", { class: "tip", role: "tooltip", id: id("tip"), hidden: true,
      onmouseenter: () => clearTimeout(this._tipHide), onmouseleave: () => this._tipFocused || this._hideTipSoon() });
    if (this.mode === "editor") {
      wrap.append(this._buildInput(id), this._buildRulesPanel(id));
      this._fillSamples();
    } else {
      // the results' heading (their region's name: not the editor's, for a page with both)
      wrap.append(el(this._h, { class: "anno-h", id: id("res-h"), text: s.annotateSummary }));
    }
    wrap.append(this._status);
    wrap.append(this._buildResults(id));
    wrap.append(this._tip, this._live);
    root.append(wrap);
  },

  _buildResults(id) {
    const s = this.s;
    this._totals = el("p", { class: "totals", text: s.empty });
    this._legend = el("div", { class: "legend", role: "group", "aria-label": s.legend, onkeydown: (e) => {
      const b = [...this._legend.children], d = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
      const to = d && b[(b.indexOf(e.target) + d + b.length) % b.length];
      if (!to) return;
      e.preventDefault();
      to.focus();
    }, onfocusin: (e) => {
      for (const x of this._legend.children) x.tabIndex = x === e.target ? 0 : -1;
      this._describeThemes();
    }, onpointerover: () => this._describeThemes() });
    this._chart = el("figure", { class: "chart" });
    this._filterLabel = el("span", { class: "filter-label" });
    this._showAllBtn = el("button", { type: "button", class: "show-all", text: s.showAll, hidden: true, onclick: () => this._pickFilter(-1) });
    this._pos = el("span", { class: "pos", "aria-live": "off" });
    const nav = el("div", { class: "nav toolbar" },
      this._filterLabel, this._showAllBtn,
      el("button", { type: "button", class: "prev", text: s.prev, onclick: () => this._step(-1) }),
      this._pos,
      el("button", { type: "button", class: "next", text: s.next, onclick: () => this._step(1) }),
    );
    // the report's title, shown in the print view only (on screen the text is next to the results)
    this._printTitle = this.mode === "editor" ? el("p", { class: "print-title" }) : null;
    const section = el("section", { class: "results", "aria-labelledby": id("res-h"), onkeydown: (e) => this._keys(e) },
      this.mode === "editor" ? el(this._h, { id: id("res-h"), text: s.results }) : null,
      this._printTitle,
      this._totals,
      el("div", { class: "overview" }, this._legend, this._chart),
      nav,
    );
    if (this.mode === "editor") {
      section.append(el("div", { class: "exports toolbar" },
        el("button", { type: "button", class: "export-json", text: s.exportJson, onclick: () => this._export("json") }),
        el("button", { type: "button", class: "export-csv", text: s.exportCsv, onclick: () => this._export("csv") }),
        el("button", { type: "button", class: "print", text: s.print, onclick: () => this._print() }),
      ), ...this._buildDoc(id));
    }
    return section;
  },

  _showTaggedStatus() {
    this._setStatus(this.s.tagged(this.result.summary.content_paragraphs, Math.round(this.result.ms)), "ok");
  },

  _setStatus(text, state) {
    if (!this._status) return;
    this._status.textContent = text;
    this._status.dataset.state = state;
    if (state === "error") this._announce(text);
  },
};
