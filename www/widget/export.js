// Export (JSON and CSV, made by the worker) and the print view (every paragraph laid out, with the
// report's title; restored after printing).

import { download } from "./dom.js";

export const exportPrint = {
  async _export(format) {
    const msg = await this._request({ type: "export", format });
    if (msg.blob) download(msg.blob, `tifa-report.${format}`);
  },

  // The report's title, for the print view: its longest title line (before the body), else its
  // first heading, else nothing.
  _reportTitle() {
    const { data: d, text } = this.result;
    const line = (p) => text.slice(d.pStart[p], d.pEnd[p]).replace(/\s+/g, " ").trim();
    let best = "";
    for (let p = 0; p < d.pStart.length; p++) {
      if (d.pKind[p] === 3 && line(p).length > best.length) best = line(p);   // 3: title (doc-view.js KIND_NAMES)
    }
    const heading = d.pKind.indexOf(1);
    return best || (heading >= 0 ? line(heading) : "");
  },

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
  },
};
