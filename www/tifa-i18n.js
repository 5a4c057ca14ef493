// UI strings of the widget: Chinese (default) here; English in widget/i18n-en.js, fetched the first time an
// element is shown in English (loadStrings). The rules panel's are in widget/rules-i18n.js.

export const STRINGS = {
  zh: {
    loading: "正在加载标注引擎…",
    ready: "就绪",
    tagging: "正在标注…",
    tagged: (n, ms) => `已标注 ${n} 段正文，用时 ${ms} 毫秒`,
    fatal: "标注引擎加载失败：",
    input: "报告全文",
    inputHelp: "粘贴或输入工作报告，标注会在输入时自动更新。",
    placeholder: "在此粘贴政府工作报告全文…",
    openFile: "打开文件（.txt、.docx、.doc、.pdf、.html）",
    sample: "示例报告",
    sampleNone: "选择示例报告…",
    clear: "清空",
    largeNote: (n, shown) => `全文很长（${n.toLocaleString("zh-CN")} 字），输入框只显示开头 ${shown.toLocaleString("zh-CN")} 字且不能编辑；标注结果覆盖全文。粘贴新文本会替换全文。`,
    largeEdit: "在输入框中编辑全文（文本很长：每输入一个字都可能卡顿数秒）",
    exportAll: "已导出全文（导出不受筛选影响）。",
    notText: (name) => `无法打开“${name}”：它不像文本文件（或编码无法识别）。请另存为 UTF-8 或 GBK 文本（.txt）后再打开。`,
    largeNoEdit: "文本太长，无法在此编辑：请在其他编辑器中修改后再粘贴。",
    largeFilling: "正在把全文放入输入框…",
    rules: "规则",
    rulesActive: (themes, terms, name) => `当前规则「${name}」：${themes} 个主题，${terms} 个词条`,
    results: "标注结果",
    docLabel: "标注后的全文",
    legend: "主题图例（点击筛选）",
    chart: "各主题段落数",
    chartLabel: (rows) => `各主题段落数柱状图：${rows}`,
    themeParas: (n) => `${n} 段`,
    themeMatches: (n) => `${n} 处`,
    showAll: "显示全部",
    allShown: (n) => `显示全部 ${n} 段`,
    wrapped: (d) => (d > 0 ? "已回到第一处。" : "已回到最后一处。"),
    filterOn: (name, n) => `筛选：${name}（${n} 段）`,
    prev: "上一处",
    next: "下一处",
    matchPos: (i, n) => (n ? `第 ${i} / ${n} 处` : "无匹配"),
    exportJson: "导出 JSON",
    exportCsv: "导出 CSV",
    print: "打印报告",
    paragraph: (i) => `第 ${i} 段`,
    boilerplate: "网页导航等非正文",
    heading: "标题",
    title: "文档标题",
    summary: "总结部分",
    plan: "计划部分",
    noThemes: "无主题",
    moreBefore: "显示前面的段落",
    moreAfter: "显示后面的段落",
    showing: (a, b, n) => `显示第 ${a}–${b} 段，共 ${n} 段`,
    truncated: "（本段过长，后面部分未显示；下一处可跳到其中的匹配）",
    truncatedBefore: "（本段前面部分未显示）",
    empty: "尚无结果：请粘贴或打开一份报告。",
    totals: (paras, tagged, matches) => `共 ${paras} 段正文，${tagged} 段有主题，${matches} 处匹配。`,
    announceSummary: (tagged, top) => `标注完成：${tagged} 段有主题。${top}`,
    annoPara: (themes) => `（本段提法标签：${themes}）`,
    announcePara: (i, section, themes) => `第 ${i} 段${section ? "，" + section : ""}：${themes || "无主题"}`,
    tipTerm: "词条",
    tipTheme: "主题",
    tipNote: "含义",
    tipSub: "子主题",
    tipOrigin: "出处",
    tipAlso: "内含",
    tipWeak: "弱证据",
    tipWeakWhy: "本段未达到该主题的阈值，未计入",
    tipAlsoTerm: (term, themes) => `${term}（${themes}）`,
    annotateSummary: "本文提法标注",
    annotateNoTarget: (sel) => `找不到要标注的元素：${sel}`,
    keysHelp: "快捷键：在结果中按 n / p 跳到下一处 / 上一处。嵌套的匹配合为一处高亮，所以高亮可比匹配少；下方列出的段落含标题和非正文。",
    sep: "、",
    tipSep: "；",
    colon: "：",
  },
};

const english = (lang) => String(lang || "").toLowerCase().startsWith("en");

// The strings of `lang`: English once loadStrings has fetched them, else (and for every other language) Chinese.
export function strings(lang) {
  return (english(lang) && STRINGS.en) || STRINGS.zh;
}

// null when the strings of `lang` are there; else a promise that resolves once they are (the English
// module is fetched once; after a failed fetch the next call tries again).
let enLoading = null;
export function loadStrings(lang) {
  if (!english(lang) || STRINGS.en) return null;
  return (enLoading ??= import("./widget/i18n-en.js").then((m) => {
    STRINGS.en = m.EN;
  }, (e) => {
    enLoading = null;
    throw e;
  }));
}

// A short label for a theme: its name up to the first "与", "、", "(" or "（" (at most 6 chars), or the
// English name up to the first comma, "and", parenthesis or semicolon, cut at a word boundary with
// "…" when longer than `max` chars (never a lone first word such as "People's" or "Strict").
export function shortName(theme, en, max = 28) {
  if (en && theme.name_en) {
    const s = theme.name_en.split(/,| and |\(|;/)[0].trim();
    if (s.length <= max) return s;
    const cut = s.lastIndexOf(" ", max - 1);
    return (cut > 0 ? s.slice(0, cut) : s.slice(0, max - 1)) + "…";
  }
  const s = theme.name.split(/[与、(（]/)[0] || theme.name;
  return [...s].slice(0, 6).join("");
}

// A bar label of the chart: the short name, with more room in English.
export function chartName(theme, en) {
  return shortName(theme, en, 30);
}

export function themeName(theme, en) {
  return en && theme.name_en ? theme.name_en : theme.name;
}
