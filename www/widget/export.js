// Export (JSON and CSV, made by the worker) and the print view (every paragraph laid out, with the
// report's title; restored after printing). Fetched on first use (editor.js).

import { download } from "./dom.js";

export const exportPrint = {
  async _export(format) {
    const msg = await this._request({ type: "export", format });
    if (!msg.blob) return;
    // named after the report's title and the day: tifa-<title>-2026-12-01.csv
    const title = (this.result ? this._reportTitle() : "").replace(/[\\/:*?"<>|\s]+/g, "_").slice(0, 40);
    download(msg.blob, `tifa-${title || "report"}-${new Date().toISOString().slice(0, 10)}.${format}`);
    // the export is of the whole report, whatever the filter
    if (this._filter >= 0) this._setStatus(this.s.exportAll, "ok");
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
