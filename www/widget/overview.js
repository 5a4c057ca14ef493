// The overview of a result: totals, the theme legend (buttons that filter) and the bar chart; theme
// colours and names.

import { el, svg } from "./dom.js";
import { chartName, themeName } from "../tifa-i18n.js";

const PALETTE = 24;

export const overview = {
  _theme(i) {
    return this.info?.themes[i] || { id: "?", name: "?", name_en: "?", color_index: 0 };
  },

  _colorClass(i) {
    return `c${(this._theme(i).color_index ?? i) % PALETTE}`;
  },

  _showResult(fresh) {
    const s = this.s;
    const r = this.result;
    if (!r || !this._totals) return;
    const sum = r.summary;
    if (this._printTitle) this._printTitle.textContent = this._reportTitle();
    if (!r.text.trim()) {
      // nothing to tag (cleared): the state of the first visit
      this._totals.textContent = s.empty;
      this._legend.replaceChildren();
      this._chart.replaceChildren();
      this._pos.textContent = "";
      this._list = null;
      this._listLen = 0;
      if (this._doc) this._placeWindow(0, 0);
      return;
    }
    this._totals.textContent = s.totals(sum.content_paragraphs, sum.tagged_paragraphs, sum.matches);
    // theme counts in the order of the rules: paragraphs tagged, and matches that counted (in a
    // paragraph tagged with the theme: a match elsewhere is weak evidence, see doc-view.js)
    const d = r.data;
    const matches = this.info.themes.map(() => 0);
    for (let k = 0; k < d.mPara.length; k++) {
      for (let j = d.mThemeOff[k]; j < d.mThemeOff[k + 1]; j++) if (this._paraHas(d.mPara[k], d.mThemes[j])) matches[d.mThemes[j]]++;
    }
    this._counts = this.info.themes.map((t, i) => ({ paragraphs: sum.themes[t.id]?.paragraphs ?? 0, matches: matches[i] }));
    // the themes with paragraphs, most first (ties in the order of the rules): the legend and the chart
    const rows = this._counts.map((c, i) => [c.paragraphs, i]).filter(([n]) => n > 0).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    this._buildLegend(rows);
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
      const said = s.announceSummary(sum.tagged_paragraphs, top);
      if (said !== this._said) this._announce(said, 1000);
    }
  },

  _buildLegend(rows) {
    const s = this.s;
    this._legend.replaceChildren();
    rows.forEach(([, i]) => {
      const t = this.info.themes[i];
      const c = this._counts[i];
      const count = `${s.themeParas(c.paragraphs)} · ${s.themeMatches(c.matches)}`;
      const btn = el("button", {
        type: "button", class: `theme ${this._colorClass(i)}`, "data-theme": t.id, "aria-pressed": String(this._filter === i),
        title: t.description || "", "aria-label": `${themeName(t, this.en)}${s.sep}${count}`,
        // one Tab stop for the legend: the pressed theme (or the first); arrows move in it (layout.js)
        tabindex: this._filter === i || (this._filter < 0 && !this._legend.firstChild) ? "0" : "-1",
        onclick: () => this._pickFilter(this._filter === i ? -1 : i),
      },
      el("span", { class: "swatch", "aria-hidden": "true" }),
      el("span", { class: "name", text: themeName(t, this.en) }),
      el("span", { class: "count", text: count }));
      this._legend.append(btn);
    });
    if (!this._legend.querySelector("[tabindex='0']")) this._legend.firstChild?.setAttribute("tabindex", "0");
  },

  _buildChart(rows) {
    const s = this.s;
    this._chart.replaceChildren(el("figcaption", { text: s.chart }));
    if (!rows.length) return;
    // English labels are longer (up to 30 chars, see chartName): they get more room
    const rowH = 20, labelW = this.en ? 180 : 96, barW = 230, width = labelW + barW + 50;
    const max = rows[0][0];
    const label = rows.map(([n, i]) => `${themeName(this._theme(i), this.en)} ${n}`).join(s.sep);
    // 12.5 units to the em: labels (11 units) as large as the legend's text, whatever the width
    const chart = svg("svg", { viewBox: `0 0 ${width} ${rows.length * rowH}`, width: `${width / 12.5}em`, role: "img", "aria-label": s.chartLabel(label), class: "bars" });
    rows.forEach(([n, i], k) => {
      const y = k * rowH;
      const w = Math.max(2, Math.round((n / max) * barW));
      const text = svg("text", { x: labelW - 6, y: y + 14, "text-anchor": "end", class: "bar-label" });
      text.textContent = chartName(this._theme(i), this.en);
      const rect = svg("rect", { x: labelW, y: y + 3, width: w, height: rowH - 6, class: `bar ${this._colorClass(i)}` });
      const num = svg("text", { x: labelW + w + 5, y: y + 14, class: "bar-num" });
      num.textContent = String(n);
      chart.append(text, rect, num);
    });
    this._chart.append(chart);
  },
};
