// The rules panel's body (editor mode), fetched when the panel first opens (editor.js builds its
// shell): open, fetch (rules-url.js) or edit a TOML rule file, apply it on top of the defaults or
// instead of them, and list its errors with buttons that select line:column.

import { el, indexOfLineCol } from "./dom.js";
import { rulesStrings } from "./rules-i18n.js";

export const rulesPanel = {
  _fillRulesPanel() {
    const s = rulesStrings(this);
    const id = this._panelId;
    const fileInput = el("input", { type: "file", accept: ".toml,text/plain", class: "hidden-input", tabindex: "-1", "aria-hidden": "true" });
    fileInput.addEventListener("change", async () => {
      const f = fileInput.files[0];
      if (!f) return;
      fileInput.value = "";
      // as the CLI: a rule file must be UTF-8 (no guessing of GBK)
      let toml;
      try {
        toml = new TextDecoder("utf-8", { fatal: true }).decode(await f.arrayBuffer());
      } catch {
        return this._showRulesInfo(rulesStrings(this).rulesNotUtf8(f.name));
      }
      this._rulesName.value = f.name;
      this._rulesText.value = toml;
      this._applyRules();
    });
    this._rulesUrl = el("input", { type: "url", id: id("rurl"), placeholder: "rules/my_theme.toml" });
    this._rulesName = el("input", { type: "text", id: id("rname"), value: this._rulesNameValue || "my_theme.toml", spellcheck: "false" });
    this._rulesReplace = el("input", { type: "checkbox", id: id("rrep") });
    this._rulesReplace.checked = this._rulesReplaceValue ?? this.hasAttribute("rules-replace");
    this._rulesReplace.addEventListener("change", () => (this._rulesReplaceValue = this._rulesReplace.checked));
    this._rulesText = el("textarea", { id: id("rtext"), rows: "10", spellcheck: "false", class: "code", "aria-describedby": id("rerr") });
    this._rulesText.value = this._rulesTextValue || "";
    this._rulesText.addEventListener("input", () => {
      this._rulesTextValue = this._rulesText.value;
      clearTimeout(this._rulesTimer);
      this._rulesTimer = setTimeout(() => this._applyRules(), 700);
    });
    // not a live region: what is said is a summary, with a separator between errors (_showRulesErrors)
    this._rulesErrors = el("div", { id: id("rerr"), class: "rule-errors" });
    this._rulesDetails.append(
      el("p", { class: "help", text: s.rulesHelp }),
      el("div", { class: "toolbar" },
        el("button", { type: "button", text: s.rulesFile, onclick: () => fileInput.click() }),
        fileInput,
        el("span", { class: "field" }, el("label", { for: id("rurl"), text: s.rulesUrl }), this._rulesUrl),
        el("button", { type: "button", text: s.rulesUrlLoad, onclick: () => this._loadRulesUrl(this._rulesUrl.value) }),
      ),
      el("div", { class: "toolbar" },
        el("span", { class: "field" }, el("label", { for: id("rname"), text: s.rulesName }), this._rulesName),
        el("span", { class: "check" }, this._rulesReplace, el("label", { for: id("rrep"), text: s.rulesReplace })),
      ),
      el("label", { for: id("rtext"), text: s.rulesEditor }),
      this._rulesText,
      el("div", { class: "toolbar" },
        el("button", { type: "button", class: "apply", text: s.rulesApply, onclick: () => this._applyRules() }),
        el("button", { type: "button", text: s.rulesReset, onclick: () => {
          this._rulesText.value = this._rulesTextValue = "";
          this.setRules(null);
        } }),
      ),
      this._rulesErrors,
    );
    if (this._rulesShown) this._showRulesErrors(...this._rulesShown, true);
  },

  _applyRules() {
    clearTimeout(this._rulesTimer);
    const toml = this._rulesText.value;
    this._rulesTextValue = toml;
    this._rulesNameValue = this._rulesName.value || "rules.toml";
    if (!toml.trim() && !this._rulesReplace.checked) return this.setRules(null);
    return this.setRules(toml, this._rulesNameValue, this._rulesReplace.checked);
  },

  _showRulesErrors(errors, toml, quiet) {
    const s = rulesStrings(this);
    const box = this._rulesErrors;
    const say = (text) => quiet || this._announce(text);
    this._rulesText.setAttribute("aria-invalid", String(errors.length > 0 && typeof errors !== "string"));
    if (typeof errors === "string") return say((box.textContent = errors));
    box.replaceChildren();
    if (!errors.length) {
      if (toml) box.append(el("p", { class: "ok", text: s.rulesOk }));
      if (toml) say(s.rulesOk);
      return;
    }
    box.append(el("p", { class: "err-title", text: s.rulesErrors(errors.length) }));
    say(s.rulesErrors(errors.length) + " " + errors.map((e) => `${e.line}:${e.column} ${e.message}`).join("; "));
    const list = el("ul");
    for (const e of errors) {
      const pos = `${e.file}:${e.line}:${e.column}`;
      const btn = el("button", { type: "button", class: "err-pos", text: pos, onclick: () => {
        const t = this._rulesText;
        const a = indexOfLineCol(t.value, e.line, e.column);
        const b = e.end_line ? indexOfLineCol(t.value, e.end_line, e.end_column) : a;
        t.focus();
        t.setSelectionRange(a, Math.max(a, b));
      } });
      list.append(el("li", { class: "err", "data-line": e.line, "data-column": e.column }, btn, " ", el("span", { class: "err-msg", text: e.message }),
        e.rendered ? snippet(e.rendered, e.column) : null));
    }
    box.append(list);
  },
};

// The rendered error (as `tifa check` prints it). Its caret line pads with spaces as wide as the
// source line's characters in a terminal (a Chinese one counts 2); in a browser font they are not,
// so the caret is put after the source line's first `col - 1` characters, hidden.
function snippet(text, col) {
  const pre = el("pre", { class: "rendered" });
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    const caret = /^( *\| ) *(\^.*)$/.exec(line);
    const src = /^ *\d+ \| (.*)$/.exec(lines[i - 1]);
    if (caret && src) pre.append(caret[1], el("span", { class: "pad", text: [...src[1]].slice(0, col - 1).join("") }), caret[2]);
    else pre.append(line);
    if (i < lines.length - 1) pre.append("\n");
  });
  return pre;
}
