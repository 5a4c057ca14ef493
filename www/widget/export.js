// Export (JSON and CSV, made by the worker) and the print view (every paragraph laid out, with the
// report's title; restored after printing). Fetched on first use (editor.js).

import { download } from "./dom.js";

export const exportPrint = {
  async _export(format) {
    const msg = await this._request({ type: "export", format });
    if (msg.blob) download(msg.blob, `tifa-report.${format}`);
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
