// The virtualised document view (editor mode): only a window of paragraphs is in the DOM; it grows
// and shrinks as the reader scrolls. Renders a paragraph with its tags and its highlights; a match
// nested inside another is folded into the outer highlight's label and tooltip.

import { el } from "./dom.js";
import { shortName, themeName } from "../tifa-i18n.js";
import { groupMembers } from "./groups.js";

export const PAGE = 120;          // paragraphs rendered at once when the window is (re)placed
export const STEP = 80;           // paragraphs added when scrolling near an edge
const MAX_WINDOW = 480;           // paragraphs kept in the DOM
const MAX_PARA_CHARS = 20000;
const KIND_NAMES = ["text", "heading", "boilerplate", "title"];

export const docView = {
  // The scrolling document view, the buttons and sentinels around it, and its keys (n / p) and tooltips.
  _buildDoc(id) {
    const s = this.s;
    this._windowInfo = el("p", { class: "window-info" });
    this._moreBefore = el("button", { type: "button", class: "more more-before", text: s.moreBefore, hidden: true, onclick: () => this._more(-STEP) });
    this._moreAfter = el("button", { type: "button", class: "more more-after", text: s.moreAfter, hidden: true, onclick: () => this._more(STEP) });
    this._topSentinel = el("div", { class: "sentinel" });
    this._bottomSentinel = el("div", { class: "sentinel" });
    this._doc = el("div", { class: "doc", tabindex: "0", role: "region", "aria-label": s.docLabel, "aria-describedby": id("keys") });
    this._doc.addEventListener("mouseover", (e) => {
      const m = e.target.closest?.("mark.hl");
      if (m) this._showTip(m, Number(m.dataset.g));
    });
    this._doc.addEventListener("mouseout", (e) => {
      if (e.target.closest?.("mark.hl") && !this._tipFocused) this._hideTipSoon();
    });
    this._doc.addEventListener("focusin", (e) => {
      const m = e.target.closest?.("mark.hl");
      if (m) { this._tipFocused = true; this._showTip(m, Number(m.dataset.g)); }
    });
    this._doc.addEventListener("focusout", () => { this._tipFocused = false; this._hideTip(); });
    this._doc.addEventListener("scroll", () => this._followTip(), { passive: true });
    this._io = new IntersectionObserver((entries) => {
      for (const en of entries) {
        if (!en.isIntersecting || !this.result) continue;
        if (en.target === this._bottomSentinel) this._extend(STEP);
        else if (en.target === this._topSentinel) this._extend(-STEP);
      }
    }, { root: this._doc, rootMargin: "300px 0px" });
    return [el("p", { id: id("keys"), class: "help", text: s.keysHelp }), this._windowInfo, this._moreBefore, this._doc, this._moreAfter];
  },

  _placeWindow(start, end) {
    this._doc.replaceChildren();
    this._winStart = start;
    this._winEnd = end;
    this._doc.append(this._topSentinel, this._renderRange(start, end), this._bottomSentinel);
    this._doc.scrollTop = 0;
    this._afterWindowChange();
    if (!this._listLen) this._doc.append(el("p", { class: "empty", text: this._text ? this.s.noThemes : this.s.empty }));
  },

  _more(count) {
    this._extend(count);
    this._announce(this._windowInfo.textContent);
  },

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
  },

  _renderRange(from, to) {
    const frag = document.createDocumentFragment();
    for (let pos = from; pos < to; pos++) frag.append(this._renderPara(this._paraAt(pos)));
    return frag;
  },

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
  },

  _afterWindowChange() {
    this._moreBefore.hidden = this._winStart <= 0;
    this._moreAfter.hidden = this._winEnd >= this._listLen;
    this._windowInfo.textContent = this._listLen ? this.s.showing(this._winStart + 1, this._winEnd, this._listLen) : "";
    this._io.disconnect();
    requestAnimationFrame(() => {
      if (!this._moreBefore.hidden) this._io.observe(this._topSentinel);
      if (!this._moreAfter.hidden) this._io.observe(this._bottomSentinel);
    });
  },

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
    if (section && kind !== "heading") meta.append(el("span", { class: "section", lang: "zh-CN", text: section }));
    const chips = el("span", { class: "chips" });
    for (let k = d.pThemeOff[p]; k < d.pThemeOff[p + 1]; k++) {
      const t = d.pThemes[k];
      chips.append(el("span", { class: `chip ${this._colorClass(t)}`, "data-theme": this._theme(t).id, text: themeName(this._theme(t), this.en) }));
    }
    if (d.pThemeOff[p] === d.pThemeOff[p + 1] && kind !== "boilerplate") chips.append(el("span", { class: "chip none", text: s.noThemes }));
    meta.append(chips);
    const body = el("p", { class: "text", lang: "zh-CN" });
    const text = r.text;
    const gr = this._groups;
    let a = this._cut?.[2] === r && this._cut[0] === p ? this._cut[1] : d.pStart[p];
    const end = Math.min(d.pEnd[p], a + MAX_PARA_CHARS);
    if (a > d.pStart[p]) body.append(el("span", { class: "truncated", text: s.truncatedBefore }));
    // a theme's label is shown on its first highlight in the paragraph; later ones have its colour
    // (the paragraph's chips name it) and the tooltip
    const labelled = new Set();
    for (let g = gr.pGroupOff[p]; g < gr.pGroupOff[p + 1]; g++) {
      const gs = gr.gStart[g], ge = gr.gEnd[g];
      if (gs >= end) break;
      if (ge <= a) continue;
      if (gs > a) body.append(text.slice(a, gs));
      body.append(this._renderMark(g, text.slice(Math.max(a, gs), ge), labelled));
      a = ge;
    }
    if (a < end) body.append(text.slice(a, end));
    if (end < d.pEnd[p]) body.append(el("span", { class: "truncated", text: s.truncated }));
    box.append(meta, body);
    return box;
  },

  // A paragraph longer than MAX_PARA_CHARS shows that many characters: from its start, or around
  // highlight g when a step reaches it past them.
  _showPart(p, g) {
    const r = this.result, gs = this._groups.gStart[g], start = r.data.pStart[p];
    const from = this._cut?.[2] === r && this._cut[0] === p ? this._cut[1] : start;
    if (gs >= from && gs < from + MAX_PARA_CHARS) return;
    this._cut = [p, Math.max(start, gs - MAX_PARA_CHARS / 2), r];
    this._doc.querySelector(`.para[data-p="${p}"]`)?.replaceWith(this._renderPara(p));
  },

  _matchThemes(k) {
    const d = this.result.data;
    const out = [];
    for (let j = d.mThemeOff[k]; j < d.mThemeOff[k + 1]; j++) out.push(d.mThemes[j]);
    return out;
  },

  // The themes of a group of matches (groups.js): the primary match's first, then the others'.
  _groupThemes(g) {
    const out = [];
    for (const k of groupMembers(this._groups, g)) for (const t of this._matchThemes(k)) if (!out.includes(t)) out.push(t);
    return out;
  },

  // Paragraph p is tagged with theme t.
  _paraHas(p, t) {
    const d = this.result.data;
    for (let k = d.pThemeOff[p]; k < d.pThemeOff[p + 1]; k++) if (d.pThemes[k] === t) return true;
    return false;
  },

  // What a highlight shows of its group of matches, in both modes: colour class, label, theme ids, and
  // `weak`: none of its themes is a tag of the paragraph (they did not reach their threshold there).
  // The label names the themes that are tags only.
  _matchView(g) {
    const all = this._groupThemes(g);
    const p = this.result.data.mPara[this._groups.gPrimary[g]];
    const counted = all.filter((t) => this._paraHas(p, t));
    const themes = [...new Set([...counted, ...all])];
    return {
      colour: this._colorClass(themes[0] ?? 0),
      label: counted.map((t) => shortName(this._theme(t), this.en)).join("/") || null,
      ids: themes.map((t) => this._theme(t).id).join(" "),
      weak: !counted.length,
    };
  },

  // `labelled`: the labels already shown in the paragraph (a label is shown once per paragraph).
  _renderMark(g, text, labelled) {
    const v = this._matchView(g);
    const label = labelled.has(v.label) ? null : v.label;
    labelled.add(v.label);
    const k = this._groups.order[this._groups.gOff[g]];
    return el("mark", {
      class: `hl ${v.colour}${v.weak ? " weak" : ""}`, "data-m": String(k), "data-g": String(g), "data-label": label, tabindex: "-1", "data-themes": v.ids,
    }, text);
  },
};
