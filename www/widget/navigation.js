// Moving through a result: filter, stepping, announcements (www/README.md, *Navigation*).

import { lastAtOrBefore } from "./dom.js";
import { themeName } from "../tifa-i18n.js";
import { PAGE } from "./doc-view.js";

export const navigation = {
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
        for (const [g, pieces] of this._annoMarks.entries()) {
          const on = i < 0 || this._groupHasTheme(g, i);
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
  },

  // A filter chosen by the reader (www/README.md).
  _pickFilter(i) {
    const pressed = this._legend.querySelector("[aria-pressed=true]");
    this._setFilter(i);
    if (this.mode !== "editor") return;
    if (i < 0) pressed?.focus();
    this._announce(i < 0 ? this.s.allShown(this._listLen) : this._filterLabel.textContent);
    if (this._doc.getBoundingClientRect().top > innerHeight) this._filterLabel.parentElement.scrollIntoView();
  },

  // n / p anywhere in the results (and on a highlight of annotate mode): the next / previous highlight
  _keys(e) {
    const dir = { n: 1, p: -1 }[e.key];
    if (!dir || e.altKey || e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    this._step(dir);
  },

  _paraAt(pos) {
    return this._list ? this._list[pos] : pos;
  },

  _posOf(p) {
    if (!this._list) return p;
    const i = lastAtOrBefore(this._list, p);
    return this._list[i] === p ? i : -1;
  },

  // Match k counted for theme i: it is of that theme, in a paragraph tagged with it.
  _matchHasTheme(k, i) {
    const d = this.result.data;
    for (let j = d.mThemeOff[k]; j < d.mThemeOff[k + 1]; j++) if (d.mThemes[j] === i) return this._paraHas(d.mPara[k], i);
    return false;
  },

  _groupHasTheme(g, i) {
    const gr = this._groups;
    for (let j = gr.gOff[g]; j < gr.gOff[g + 1]; j++) if (this._matchHasTheme(gr.order[j], i)) return true;
    return false;
  },

  // The highlights (groups of matches) that stepping visits: all, or those with the filter's theme.
  _matchesInView() {
    if (this._themeMatches) return this._themeMatches;
    const n = this._groups.count;
    if (this._filter < 0) {
      this._themeMatches = { length: n, at: (j) => j };
    } else {
      const out = [];
      for (let g = 0; g < n; g++) if (this._groupHasTheme(g, this._filter)) out.push(g);
      this._themeMatches = { length: out.length, at: (j) => out[j] };
    }
    return this._themeMatches;
  },

  _updateNav() {
    if (!this.result) return;
    const ms = this._matchesInView();
    this._pos.textContent = this.s.matchPos(this._cursor + 1, ms.length);
    this._pos.dataset.max = this.s.matchPos(ms.length, ms.length);   // its width (tifa-tagger.css)
  },

  _step(dir) {
    if (!this.result) return;
    const ms = this._matchesInView();
    if (!ms.length) return;
    const c = this._cursor;
    this._cursor = c < 0 ? (dir > 0 ? 0 : ms.length - 1) : (c + dir + ms.length) % ms.length;
    this._updateNav();
    this._goToMatch(ms.at(this._cursor), c >= 0 && (this._cursor - c) * dir < 0 && dir);
  },

  // Goes to highlight `g` (a group of matches).
  // `wrapped`: the step went round (1: to the first, -1: to the last), which is said.
  _goToMatch(g, wrapped) {
    const d = this.result.data;
    const p = d.mPara[this._groups.gPrimary[g]];
    let markEl;
    if (this.mode === "annotate") {
      markEl = this._annoMarks?.get(g)?.[0];
      for (const m of this._annoTarget.querySelectorAll("mark.tifa-current")) m.classList.remove("tifa-current");
      if (markEl) for (const piece of this._annoMarks.get(g)) piece.classList.add("tifa-current");
    } else {
      const pos = this._posOf(p);
      if (pos < 0) return;
      if (pos < this._winStart || pos >= this._winEnd) {
        const start = Math.max(0, pos - 10);
        this._placeWindow(start, Math.min(this._listLen, start + PAGE));
      }
      this._showPart(p, g);
      for (const m of this._doc.querySelectorAll("mark.current")) m.classList.remove("current");
      markEl = this._doc.querySelector(`mark[data-g="${g}"]`);
      markEl?.classList.add("current");
    }
    if (!markEl) return;
    // roving tabindex: the highlight reached takes the results' place in the Tab order
    if (this._tabStop && this._tabStop !== markEl) this._tabStop.tabIndex = -1;
    markEl.tabIndex = 0;
    this._tabStop = markEl;
    markEl.scrollIntoView({ block: "center", inline: "nearest" });
    markEl.focus({ preventScroll: true });
    this._showTip(markEl, g);
    if (wrapped || this._lastAnnouncedPara !== p) {
      this._lastAnnouncedPara = p;
      this._announce((wrapped ? this.s.wrapped(wrapped) : "") + this._paraSummary(p));
    }
  },

  _paraThemeNames(p) {
    const d = this.result.data;
    const names = [];
    for (let k = d.pThemeOff[p]; k < d.pThemeOff[p + 1]; k++) names.push(themeName(this._theme(d.pThemes[k]), this.en));
    return names.join(this.s.sep);
  },

  _paraSummary(p) {
    const d = this.result.data;
    return this.s.announcePara(p + 1, d.sections[d.pSection[p]], this._paraThemeNames(p));
  },

  // (www/README.md, *Navigation*)
  _announce(text, wait = 50) {
    this._said = text;
    this._live.textContent = "";
    clearTimeout(this._saying);
    this._saying = setTimeout(() => { this._live.textContent = text; }, wait);
  },
};
