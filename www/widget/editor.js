// The editor's inputs: the textarea (a large text is shown as a read-only beginning, see LARGE_TEXT),
// paste and drop of large texts, opening a text file (a Word document or an HTML page: widget/documents.js) and the sample reports; the rules panel's shell
// and the stubs that fetch rules-panel.js and export.js on first use.

import { el, decodeText, use } from "./dom.js";

// A text longer than this (UTF-16 units) is not put into the editor's textarea in full: laying out
// megabytes in a textarea blocks the browser's main thread for seconds. The textarea shows the
// beginning (read-only) and the whole text is tagged; a button puts the full text in on request.
export const LARGE_TEXT = 300000;
const PREVIEW_CHARS = 20000;
// longer than this, the whole text is not offered for editing in the box: each keystroke would freeze
// the page for seconds (measured: 7-9 s per keystroke for 1.8M characters in Chromium)
const MAX_EDIT = 1000000;

export const editorInput = {
  // The input section: open a file, pick a sample, clear; the help line and the textarea.
  _buildInput(id) {
    const s = this.s;
    const fileInput = el("input", { type: "file", accept: ".txt,.doc,.docx,.pdf,.htm,.html,text/plain,application/pdf", class: "hidden-input", tabindex: "-1", "aria-hidden": "true" });
    fileInput.addEventListener("change", () => {
      const f = fileInput.files[0];
      fileInput.value = "";
      if (f) this._openFile(f);
    });
    this._sampleSelect = el("select", { id: id("sample") }, el("option", { value: "", text: s.sampleNone }));
    this._sampleSelect.addEventListener("change", () => this._loadSample(this._sampleSelect.value));
    this._helpId = id("help");
    this._textarea = el("textarea", {
      id: id("text"), rows: "10", spellcheck: "false", placeholder: s.placeholder, "aria-describedby": this._helpId, lang: "zh-CN",
    });
    this._textarea.addEventListener("input", (e) => {
      // the preview is never taken for the text: undo goes back to the text before a large insert
      if (this._textarea.readOnly) {
        const u = this._undo;
        if (e.inputType === "historyUndo" && u?.[1] === this._text) this.value = u[0];
        else this._fillTextarea();
        return;
      }
      // IME: the text is tagged once it is committed (compositionend), not its pinyin
      if (e.isComposing) return;
      this._text = this._textarea.value;
      this._scheduleTag();
    });
    this._textarea.addEventListener("compositionend", () => {
      this._text = this._textarea.value;
      this._scheduleTag();
    });
    // a large paste or drop goes past the textarea (see LARGE_TEXT)
    this._textarea.addEventListener("paste", (e) => this._insertLarge(e, e.clipboardData));
    this._textarea.addEventListener("drop", (e) => this._insertLarge(e, e.dataTransfer));
    // a file dropped on the box is opened (not followed by the browser, which would leave the page)
    this._textarea.addEventListener("dragover", (e) => e.dataTransfer?.types.includes("Files") && e.preventDefault());
    this._largeText = el("span", {});
    this._largeNote = el("p", { class: "large-note", id: id("large"), role: "note", hidden: true },
      this._largeText, " ",
      (this._editBtn = el("button", { type: "button", class: "edit-full", text: s.largeEdit, onclick: () => this._editFull() })));
    this._fillTextarea();
    return el("section", { class: "input", "aria-labelledby": id("in-h") },
      el(this._h, { id: id("in-h"), text: s.input }),
      el("div", { class: "toolbar" },
        el("button", { type: "button", class: "open-file", text: s.openFile, onclick: () => fileInput.click() }),
        fileInput,
        el("span", { class: "field" }, el("label", { for: id("sample"), text: s.sample }), this._sampleSelect),
        el("button", { type: "button", class: "clear", text: s.clear, onclick: () => this._clear() }),
      ),
      el("p", { id: id("help"), class: "help", text: s.inputHelp }),
      el("label", { for: id("text"), class: "sr-only", text: s.input }),
      this._largeNote,
      this._textarea,
    );
  },

  // Clear, as an edit of the box where it can be (so that Ctrl+Z brings the text back)
  _clear() {
    const ta = this._textarea;
    ta.focus();
    if (ta.readOnly || !ta.value || !(ta.select(), document.execCommand("delete"))) this.value = "";
  },

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
      const edit = this._text.length <= MAX_EDIT;
      this._editBtn.hidden = !edit;
      this._largeText.textContent = this.s.largeNote(this._text.length, shown) + (edit ? "" : this.s.largeNoEdit);
    } else if (ta.value !== this._text) {
      ta.value = this._text;
    }
    ta.readOnly = large;
    ta.classList.toggle("preview", large);
    this._largeNote.hidden = !large;
    ta.setAttribute("aria-describedby", large ? `${this._largeNote.id} ${this._helpId}` : this._helpId);
  },

  /** Paste or drop: when the text would become large, it is inserted here, not by the textarea; a
   * dropped file is opened. */
  _insertLarge(event, data) {
    if (data?.files?.length) {
      event.preventDefault();
      return this._openFile(data.files[0]);
    }
    const piece = data?.getData("text/plain");
    if (!piece) return;
    const ta = this._textarea;
    if (ta.readOnly) {
      // the preview of a large text: a paste or drop replaces the whole text
      event.preventDefault();
      this._setLarge(piece);
      return;
    }
    const a = ta.selectionStart, b = ta.selectionEnd;
    if (ta.value.length - (b - a) + piece.length <= LARGE_TEXT) return;   // the browser does it
    event.preventDefault();
    this._setLarge(this._text.slice(0, a) + piece + this._text.slice(b));
  },

  _setLarge(text) {
    const before = this._text;
    this.value = text;
    this._undo = [before, this._text];
  },

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
  },

  async _openFile(f) {
    const buffer = await f.arrayBuffer();
    // a Word document (.docx, .doc), a PDF, RTF: widget/documents.js reads it or says what to do
    if (/^(PK\x03\x04|%PDF-|\xd0\xcf\x11\xe0|\{\\rtf)/.test(String.fromCharCode(...new Uint8Array(buffer, 0, Math.min(5, buffer.byteLength))))) {
      return this._openDocument(buffer, f.name);
    }
    const text = decodeText(buffer);
    // not text (or an encoding not read): NULs, controls or undecodable bytes, instead of tagging mojibake
    const bad = text.match(/[\0-\x08\x0e-\x1f\ufffd]/g)?.length ?? 0;
    if (bad > text.length / 100) return this._setStatus(this.s.notText(f.name), "error");
    // an HTML page (src/html.rs, is_html): its text, as a reader copying it would paste it
    if (/^\ufeff?\s*(<!--[^]*?-->\s*)*<(!doctype html|html)/i.test(text)) return this._openPage(text);
    this.value = text;
  },

  async _openDocument(buffer, name) {
    await use(this, "documents");
    return this._openDocument(buffer, name);
  },
  async _openPage(html) {
    await use(this, "documents");
    return this._openPage(html);
  },

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
  },

  async _loadSample(file) {
    if (!file) return;
    const text = await (await fetch(new URL(file, this._samplesUrl))).text();
    this.value = text;
  },

  _buildRulesPanel(id) {
    this._panelId = id;
    this._rulesText = this._rulesErrors = null;
    this._rulesSummary = el("span", { class: "rules-active" });
    const d = (this._rulesDetails = el("details", { class: "rules" },
      el("summary", {}, el("span", { class: "rules-title", text: this.s.rules }), " ", this._rulesSummary)));
    // the panel's body and the engine that reads rules are fetched only when someone may use them
    d.addEventListener("toggle", async () => {
      if (!d.open) return;
      this._preloadAuthoring();
      await use(this, "rules-panel");
      if (this._rulesDetails === d && !this._rulesText) this._fillRulesPanel();
    });
    return d;
  },

  _showRulesInfo(errors, toml) {
    if (this.info && this._rulesSummary) this._rulesSummary.textContent = this.s.rulesActive(this.info.themes.length, this.info.terms, this.info.name);
    if (errors == null) return;
    this._rulesShown = [errors, toml];
    if (this._rulesErrors) this._showRulesErrors(errors, toml);
  },

  async _export(format) {
    await use(this, "export");
    this._export(format);
  },
  async _print() {
    await use(this, "export");
    this._print();
  },

  // The report's title, for the print view and export file names: its longest title line (before the
  // body) that is no byline (`——2026年1月26日在…`, `----2025年1月15日…`), else its first heading, else nothing.
  _reportTitle() {
    const { data: d, text } = this.result;
    const line = (p) => text.slice(d.pStart[p], d.pEnd[p]).replace(/\s+/g, " ").trim();
    let best = "";
    for (let p = 0; p < d.pStart.length; p++) {
      const l = d.pKind[p] === 3 ? line(p) : "";
      if (l.length > best.length && !/^[-—–―‐]|^\d{4}年\d{1,2}月\d{1,2}日/.test(l)) best = l;   // 3: title (doc-view.js KIND_NAMES)
    }
    const heading = d.pKind.indexOf(1);
    return best || (heading >= 0 ? line(heading) : "");
  },
};
