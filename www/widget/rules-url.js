// Rules from a URL, in both modes: the `rules` attribute (and, in editor mode, the rules panel's URL
// field). The TOML is fetched, decoded and applied with setRules; a failure is reported as tifa-error
// (and in the panel, when there is one). Fetched when rules are first asked for from a URL (element.js).

import { decodeText } from "./dom.js";
import { rulesStrings } from "./rules-i18n.js";

export const rulesUrl = {
  async _loadRulesUrl(url) {
    if (!url) return;
    let abs = null;
    // opened, fetched or set again meanwhile: the newer rules win (rules-panel.js)
    const gen = (this._rulesGen = (this._rulesGen | 0) + 1);
    try {
      abs = new URL(url, document.baseURI);
      const res = await fetch(abs);
      if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
      const toml = decodeText(await res.arrayBuffer());
      const name = this.getAttribute("rules-name") || decodeURIComponent(abs.pathname.split("/").pop() || "rules.toml");
      if (gen !== this._rulesGen) return null;
      this._rulesTextValue = toml;
      this._rulesNameValue = name;
      this._ruleFiles = null;   // one file, in place of several opened in the rules panel
      this._rulesLeftOut = 0;
      if (this._rulesText) {
        this._setRuleFiles(null);
        this._rulesText.value = toml;
        this._rulesName.value = name;
      }
      const replace = this._rulesReplaceValue ?? this.hasAttribute("rules-replace");
      return await this.setRules(toml, name, replace);
    } catch (e) {
      const s = rulesStrings(this);
      let message = s.rulesLoadFailed + e.message;
      // a fetch from another origin fails as a bare network error when the page's policy (CSP
      // connect-src) or the other server (CORS) does not allow it: say so
      if (abs && abs.origin !== location.origin && e instanceof TypeError) message = s.rulesCrossOrigin(abs.origin);
      if (gen === this._rulesGen) this._showRulesInfo(message);
      this._emit("tifa-error", { message });
      return null;
    }
  },
};
