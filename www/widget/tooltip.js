// The tooltip of a highlight (both modes): term, theme(s) and sub-theme, the rule's note when it has
// one, where the term comes from, and the terms of other themes nested in the highlight.

import { el } from "./dom.js";
import { themeName } from "../tifa-i18n.js";
import { groupMembers } from "./groups.js";

export const tooltip = {
  // `g`: the highlight's group of matches (groups.js): its primary match, then the matches of other
  // themes inside it. Lines are left out when the rules say nothing (no note, no provenance).
  _showTip(markEl, g) {
    const s = this.s;
    const d = this.result?.data;
    if (!d || !(g >= 0) || !this._groups || g >= this._groups.count) return;
    const names = (k) => this._matchThemes(k).map((t) => themeName(this._theme(t), this.en)).join(s.sep);
    const [k, ...inner] = groupMembers(this._groups, g);
    const term = d.terms[d.mTerm[k]];
    const detail = this.info?.notes?.[term] || {};
    const origin = [detail.level, detail.region, detail.year].filter((x) => x != null && x !== "").join(" · ");
    const sub = this.en ? detail.sub_en || detail.sub : detail.sub;
    // the report's words are Chinese whatever the UI's language (screen readers pick the voice)
    const zh = (text) => el("span", { lang: "zh-CN", text });
    const parts = [[s.tipTerm, zh(term)], [s.tipTheme, names(k)]];
    if (this._matchView(g).weak) parts.push([s.tipWeak, s.tipWeakWhy]);
    if (sub) parts.push([s.tipSub, sub]);
    if (detail.note) parts.push([s.tipNote, zh(detail.note)]);
    if (origin) parts.push([s.tipOrigin, origin]);
    for (const j of inner) parts.push([s.tipAlso, s.tipAlsoTerm(d.terms[d.mTerm[j]], names(j))]);
    this._tip.replaceChildren(...parts.map(([name, v]) => el("div", {}, el("b", { text: name + s.colon }), v)));
    this._tip.hidden = false;
    this._tipFor = [markEl, g];
    if (!this._esc) {     // Escape hides it, wherever the focus is (WCAG 1.4.13)
      this._esc = true;
      document.addEventListener("keydown", (e) => e.key === "Escape" && this._hideTip());
      addEventListener("scroll", () => this._followTip(), { passive: true });
    }
    clearTimeout(this._tipHide);
    this._askNotes();
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
      markEl.setAttribute("aria-description", parts.map(([name, v]) => name + s.colon + (v.textContent ?? v)).join(s.tipSep));
    }
  },

  // The notes of the lean engine's info and its themes' descriptions, fetched with the first tooltip or
  // when the legend is first pointed at or focused (www/README.md, *The tooltip*).
  _askNotes() {
    const info = this.info;
    if (!info || this._notesAsked === info) return;
    this._notesAsked = info;
    this._request({ type: "notes" }).then((msg) => {
      if (msg.message && this._notesAsked === info) this._notesAsked = null; // asked again next time
      if (!msg.notes || this.info !== info) return;
      info.notes ??= {};
      for (const [term, fields] of Object.entries(msg.notes.terms)) {
        info.notes[term] ??= { level: null, note: null, region: null, sub: null, sub_en: null, year: null };
        Object.assign(info.notes[term], fields);
      }
      for (const t of info.themes) t.description ||= msg.notes.themes[t.id] ?? "";
      for (const b of this._legend?.children ?? []) b.title = info.themes.find((t) => t.id === b.dataset.theme)?.description ?? "";
      const [m, k] = this._tipFor || [];
      if (m && !this._tip.hidden && m.isConnected) this._showTip(m, k);
    }, () => {});
  },

  // on scroll (of the page or the text) the tooltip follows a focused highlight, and goes for a hovered one
  _followTip() {
    const [m, k] = this._tipFor || [];
    if (this._tip.hidden) return;
    if (m.isConnected && m.getRootNode().activeElement === m) this._showTip(m, k);
    else this._hideTip();
  },

  // the pointer may go from the highlight onto the tooltip (WCAG 1.4.13, hoverable)
  _hideTipSoon() {
    this._tipHide = setTimeout(() => this._hideTip(), 300);
  },

  _hideTip() {
    if (this._tip) this._tip.hidden = true;
  },
};
