// The rules panel's body (editor mode), fetched when the panel first opens (editor.js builds its
// shell): open (one file or several, from the file picker or dropped on the panel), fetch
// (rules-url.js) or edit TOML rule files, apply them on top of the defaults or instead of them, and
// list their errors with buttons that select file and line:column.
//
// Several files are read as `tifa --rules DIR` reads a folder: sorted by name, each file's stem its
// theme id. They are kept in `_ruleFiles` ([name, toml] pairs; null for one file), the editor shows
// the one picked (`_ruleCur`), and the file name field becomes a list of the files.

import { el, indexOfLineCol } from "./dom.js";
import { rulesStrings } from "./rules-i18n.js";

export const rulesPanel = {
  _fillRulesPanel() {
    const s = rulesStrings(this);
    const id = this._panelId;
    const fileInput = el("input", { type: "file", accept: ".toml,text/plain", multiple: true, class: "hidden-input", tabindex: "-1", "aria-hidden": "true" });
    fileInput.addEventListener("change", () => {
      const files = [...fileInput.files];
      fileInput.value = "";
      this._openRuleFiles(files);
    });
    // rule files dropped anywhere on the panel (a text dropped into the editor is the editor's)
    const d = this._rulesDetails;
    d.addEventListener("dragover", (e) => {
      if (e.dataTransfer?.types.includes("Files")) e.preventDefault();
    });
    d.addEventListener("drop", (e) => {
      const dt = e.dataTransfer;
      if (!dt?.files.length) return;
      e.preventDefault();
      // a folder dropped: its entry, walked for its files (an item's entry is there only during the event)
      const items = [...(dt.items ?? [])].filter((i) => i.kind === "file");
      this._openRuleFiles(items.length ? items.map((i) => {
        const entry = i.webkitGetAsEntry?.();
        return entry?.isDirectory ? entry : i.getAsFile();
      }).filter(Boolean) : [...dt.files]);
    });
    this._rulesUrl = el("input", { type: "url", id: id("rurl"), placeholder: "rules/my_theme.toml" });
    this._rulesName = el("input", { type: "text", id: id("rname"), value: this._rulesNameValue || "my_theme.toml", spellcheck: "false" });
    // several files: the list of their names takes the name field's place (and its label)
    this._rulesPick = el("select", { id: id("rpick"), hidden: true });
    this._rulesPick.addEventListener("change", () => this._pickRuleFile(this._rulesPick.selectedIndex));
    this._rulesNameLabel = el("label", { for: id("rname"), text: s.rulesName });
    this._rulesReplace = el("input", { type: "checkbox", id: id("rrep") });
    this._rulesReplace.checked = this._rulesReplaceValue ?? this.hasAttribute("rules-replace");
    this._rulesReplace.addEventListener("change", () => (this._rulesReplaceValue = this._rulesReplace.checked));
    this._rulesText = el("textarea", { id: id("rtext"), rows: "10", spellcheck: "false", class: "code", "aria-describedby": id("rerr") });
    this._rulesText.value = this._rulesTextValue || "";
    this._rulesText.addEventListener("input", () => {
      this._rulesGen = (this._rulesGen | 0) + 1;   // typed: files still being read are not applied over it
      this._rulesTextValue = this._rulesText.value;
      if (this._ruleFiles) this._ruleFiles[this._ruleCur][1] = this._rulesTextValue;
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
        el("span", { class: "field" }, this._rulesNameLabel, this._rulesName, this._rulesPick),
        el("span", { class: "check" }, this._rulesReplace, el("label", { for: id("rrep"), text: s.rulesReplace })),
      ),
      el("label", { for: id("rtext"), text: s.rulesEditor }),
      this._rulesText,
      el("div", { class: "toolbar" },
        el("button", { type: "button", class: "apply", text: s.rulesApply, onclick: () => this._applyRules() }),
        el("button", { type: "button", text: s.rulesReset, onclick: () => {
          this._rulesText.value = this._rulesTextValue = "";
          this._rulesLeftOut = 0;
          this._setRuleFiles(null);
          this.setRules(null);
        } }),
      ),
      this._rulesErrors,
    );
    this._setRuleFiles(this._ruleFiles, this._ruleCur);
    if (this._rulesShown) this._showRulesErrors(...this._rulesShown, true);
  },

  // Opens rule files (File objects, or folders dropped: FileSystemDirectoryEntry) and applies them:
  // one as before, several as a folder of them. As `tifa --rules DIR` reads a folder, only `*.toml`
  // files are read when there are several or they come from a folder; the panel says how many others
  // were left out (`_rulesLeftOut`). They are read in parallel; when the rules were opened, fetched or
  // set again meanwhile, the newer ones win (`_rulesGen`, also counted by rules-url.js and setRules).
  async _openRuleFiles(list) {
    if (!list.length) return;
    const gen = (this._rulesGen = (this._rulesGen | 0) + 1);
    const s = rulesStrings(this);
    const say = (text) => gen === this._rulesGen && this._showRulesInfo(text);
    let all;
    try {
      all = (await Promise.all(list.map((x) => (x.isDirectory ? folderFiles(x).catch(() => Promise.reject(x)) : [x])))).flat();
    } catch (folder) {
      return say(s.rulesUnreadable(folder.name));
    }
    const one = all.length === 1 && !list.some((x) => x.isDirectory);   // one file, as `--rules FILE`: any name
    const toml = one ? all : all.filter((f) => f.name.endsWith(".toml"));
    if (!all.length) return say(s.rulesEmptyFolder);   // only folders were dropped, with no file in them
    if (!toml.length) return say(s.rulesNoToml(all.length));
    // read errors (a folder that came as a file, a file moved or not allowed) apart from decode errors
    const read = await Promise.all(toml.map((f) => f.arrayBuffer().then((b) => [f.name, b], () => [f.name, null])));
    if (gen !== this._rulesGen) return;
    const files = [];
    for (const [name, bytes] of read) {
      if (!bytes) return say(s.rulesUnreadable(name));
      // as the CLI: a rule file must be UTF-8 (no guessing of GBK)
      try {
        files.push([name, new TextDecoder("utf-8", { fatal: true }).decode(bytes)]);
      } catch {
        return say(s.rulesNotUtf8(name));
      }
    }
    this._rulesLeftOut = all.length - toml.length;
    // in the order of `tifa --rules DIR`: by name
    files.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const many = files.length > 1 ? files : null;
    if (this._rulesText) {
      this._setRuleFiles(many);
      if (!many) [this._rulesName.value, this._rulesText.value] = files[0];
    } else {
      // the panel was rebuilt meanwhile (a new lang): it is filled from these when it opens
      this._ruleFiles = many;
      this._ruleCur = 0;
      [this._rulesNameValue, this._rulesTextValue] = files[0];
    }
    this._applyRules();
  },

  // The open files (null: one file, in the name field and the editor), the editor showing file `cur`.
  _setRuleFiles(files, cur = 0) {
    this._ruleFiles = files;
    const pick = this._rulesPick;
    pick.replaceChildren(...(files ?? []).map(([name]) => el("option", { text: name })));
    pick.hidden = !files;
    this._rulesName.hidden = !!files;
    this._rulesNameLabel.htmlFor = files ? pick.id : this._rulesName.id;
    if (files) this._pickRuleFile(cur);
  },

  _pickRuleFile(i) {
    this._ruleCur = i;
    this._rulesPick.selectedIndex = i;
    [this._rulesNameValue, this._rulesTextValue] = this._ruleFiles[i];
    this._rulesName.value = this._rulesNameValue;
    this._rulesText.value = this._rulesTextValue;
    this._markInvalid();
  },

  _applyRules() {
    clearTimeout(this._rulesTimer);
    // no panel (rebuilt for a new lang, not filled yet): the values kept are applied
    const panel = !!this._rulesText;
    if (panel) [this._rulesTextValue, this._rulesNameValue] = [this._rulesText.value, this._rulesName.value || "rules.toml"];
    const toml = this._rulesTextValue ?? "";
    const files = this._ruleFiles;
    const replace = panel ? this._rulesReplace.checked : (this._rulesReplaceValue ?? this.hasAttribute("rules-replace"));
    if (files) return this.setRules(files, undefined, replace);
    if (!toml.trim() && !replace) return this.setRules(null);
    return this.setRules(toml, this._rulesNameValue || "rules.toml", replace);
  },

  // aria-invalid: the file in the editor has errors
  _markInvalid() {
    const [errors] = this._rulesShown ?? [[]];
    const here = Array.isArray(errors) && errors.some((e) => !this._ruleFiles || e.file === this._rulesNameValue);
    this._rulesText.setAttribute("aria-invalid", String(here));
  },

  _showRulesErrors(errors, toml, quiet) {
    const s = rulesStrings(this);
    const box = this._rulesErrors;
    const say = (text) => quiet || this._announce(text);
    // several files: each error says its file
    const many = Array.isArray(toml);
    this._markInvalid();
    if (typeof errors === "string") return say((box.textContent = errors));
    box.replaceChildren();
    // files left out of those opened (not *.toml): said after the result
    const note = toml && this._rulesLeftOut ? el("p", { class: "note", text: s.rulesLeftOut(this._rulesLeftOut) }) : null;
    if (!errors.length) {
      if (toml) box.append(el("p", { class: "ok", text: s.rulesOk }), note ?? "");
      if (toml) say(s.rulesOk + (note ? " " + note.textContent : ""));
      return;
    }
    box.append(el("p", { class: "err-title", text: s.rulesErrors(errors.length) }), note ?? "");
    say(s.rulesErrors(errors.length) + " " + errors.map((e) => `${many && e.file ? e.file + ":" : ""}${e.line}:${e.column} ${e.message}`).join("; ") + (note ? " " + note.textContent : ""));
    const list = el("ul");
    for (const e of errors) {
      const pos = `${e.file ? e.file + ":" : ""}${e.line}:${e.column}`;
      const btn = el("button", { type: "button", class: "err-pos", text: pos, onclick: () => {
        const f = this._ruleFiles?.findIndex(([name]) => name === e.file) ?? -1;
        if (f >= 0 && f !== this._ruleCur) this._pickRuleFile(f);
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

// The files of a folder dropped (a FileSystemDirectoryEntry): its own, not its sub-folders' (as
// `tifa --rules DIR`); readEntries gives them in batches, until an empty one.
async function folderFiles(dir) {
  const reader = dir.createReader();
  const entries = [];
  for (let batch; (batch = await new Promise((ok, no) => reader.readEntries(ok, no))).length; ) entries.push(...batch);
  return Promise.all(entries.filter((e) => e.isFile).map((e) => new Promise((ok, no) => e.file(ok, no))));
}
