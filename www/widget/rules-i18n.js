// The strings of the rules panel (rules-panel.js) and of rules from a URL (rules-url.js), Chinese and
// English: fetched with those modules on first use, not at start with tifa-i18n.js (www/README.md).

const STRINGS = {
  zh: {
    rulesHelp: "加载或编辑 TOML 规则文件，可扩展或替换默认规则。可一次打开（或拖到本栏）多个文件，也可拖入文件夹：只读 .toml 文件，每个文件一个主题，文件名即主题标识。",
    rulesFile: "打开规则文件（.toml，可多选）",
    rulesUrl: "规则文件网址（本站；其他网站需安全策略允许）",
    rulesUrlLoad: "加载网址",
    rulesName: "文件名（文件名即主题标识）",
    rulesReplace: "替换默认规则（不勾选则在默认规则上扩展）",
    rulesApply: "应用规则",
    rulesReset: "恢复默认规则",
    rulesEditor: "规则内容（TOML）",
    rulesOk: "规则无错误，已应用（此处不检查示例和警告：请用 tifa check）。",
    rulesErrors: (n) => `规则有 ${n} 处错误，未应用（仍在使用之前的规则）：`,
    rulesNotUtf8: (name) => `“${name}”不是 UTF-8 编码，未应用任何文件（与命令行一样）：请另存为 UTF-8 后再打开。`,
    rulesUnreadable: (name) => `无法读取“${name}”，未应用任何文件。如果它是文件夹，请打开或拖入其中的 .toml 文件。`,
    rulesEmptyFolder: "文件夹是空的，未应用任何文件。请打开或拖入 .toml 规则文件，或含有它们的文件夹。",
    rulesNoToml: (n) => `${n} 个文件中没有 .toml 规则文件，未应用（与 tifa --rules 读取文件夹一样，只读取 .toml 文件）。如果拖入的是文件夹，请打开或拖入其中的 .toml 文件。`,
    rulesLeftOut: (n) => `另有 ${n} 个文件不是 .toml 文件，未读取（与 tifa --rules 读取文件夹一样）。`,
    rulesLoadFailed: "无法加载规则：",
    rulesCrossOrigin: (origin) => `无法从其他网站（${origin}）加载规则：本网页的安全策略或对方网站不允许。请下载该文件后用“打开规则文件”加载，或请网站管理员把它放到本站（或在安全策略的 connect-src 中允许该网站）。`,
  },
  en: {
    rulesHelp: "Load or edit TOML rule files that extend or replace the default rules. Open (or drop here) several files at once, or drop a folder: its .toml files are read, one file per theme, its name the theme id.",
    rulesFile: "Open rule files (.toml, one or more)",
    rulesUrl: "Rule file URL (this site; others only if the policy allows)",
    rulesUrlLoad: "Load URL",
    rulesName: "File name (the stem is the theme id)",
    rulesReplace: "Replace the default rules (unchecked: extend them)",
    rulesApply: "Apply rules",
    rulesReset: "Back to the default rules",
    rulesEditor: "Rules (TOML)",
    rulesOk: "No errors: the rules are applied (their examples and warnings are not checked here: run tifa check).",
    rulesErrors: (n) => `The rules have ${n} error${n === 1 ? "" : "s"} and were not applied (the previous rules are still in use):`,
    rulesNotUtf8: (name) => `“${name}” is not UTF-8, so no file was applied (as with the command line): save it as UTF-8 and open it again.`,
    rulesUnreadable: (name) => `Could not read “${name}”, so no file was applied. If it is a folder, open or drop the .toml files inside it.`,
    rulesEmptyFolder: "The folder is empty: nothing was applied. Open or drop .toml rule files, or a folder that holds them.",
    rulesNoToml: (n) => `No .toml rule file among the ${n} file${n === 1 ? "" : "s"}: nothing was applied (as \`tifa --rules DIR\` does, only .toml files are read). If you dropped a folder, open or drop the .toml files inside it.`,
    rulesLeftOut: (n) => `${n} other file${n === 1 ? " was" : "s were"} left out (not .toml), as \`tifa --rules DIR\` leaves them out.`,
    rulesLoadFailed: "Could not load the rules: ",
    rulesCrossOrigin: (origin) => `Could not load rules from another site (${origin}): this page's security policy or that site does not allow it. Download the file and open it with “Open rule files”, or ask the webmaster to put it on this site (or to allow that site in the policy's connect-src).`,
  },
};

// The strings of an element's language.
export function rulesStrings(t) {
  return t.en ? STRINGS.en : STRINGS.zh;
}
