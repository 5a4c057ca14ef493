// The demo page: language switch for the page's own text; the widget does the rest.

const TEXT = {
  zh: {
    skip: "跳到正文",
    title: "提法 tifa",
    lede: "按规则为政府工作报告的每一段标注主题和提法：粘贴报告即可看到结果，一切都在本机浏览器中完成，不上传任何内容。",
    switch: "English",
    aboutTitle: "示例报告的来源",
    aboutText: "示例报告是广东省街道办事处在其政府门户网站公开发布的工作报告（保留了网页导航文字，与用户复制粘贴的效果一致）：",
    embedLink: "在门户网站嵌入本工具（示例）",
    cspLink: "严格内容安全策略下的自检页",
    foot: "tifa 规则驱动的提法标注器",
    docTitle: "提法 tifa：政府工作报告主题标注",
  },
  en: {
    skip: "Skip to content",
    title: "tifa 提法",
    lede: "Tags every paragraph of a Chinese government work report with its themes and slogans, by rules. Paste a report to see the result; everything runs in your browser and nothing is uploaded.",
    switch: "中文",
    aboutTitle: "Where the sample reports come from",
    aboutText: "The samples are work reports that sub-district offices in Guangdong published on their government portals (web-page navigation text left in, as a user would paste it):",
    embedLink: "Embed the tool in a portal (example)",
    cspLink: "Self-check page under a strict Content Security Policy",
    foot: "tifa, a rule-driven slogan tagger",
    docTitle: "tifa: tagging government work reports",
  },
};

const params = new URLSearchParams(location.search);
let lang = params.get("lang") === "en" ? "en" : "zh";

function apply() {
  const t = TEXT[lang];
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
  document.title = t.docTitle;
  for (const e of document.querySelectorAll("[data-i18n]")) {
    const v = t[e.dataset.i18n];
    if (v) e.textContent = v;
  }
  const sw = document.getElementById("lang-switch");
  sw.lang = lang === "en" ? "zh-CN" : "en";
  const tagger = document.getElementById("tagger");
  tagger?.setAttribute("lang", lang);
}

document.getElementById("lang-switch").addEventListener("click", () => {
  lang = lang === "en" ? "zh" : "en";
  apply();
});

document.getElementById("tagger")?.addEventListener("tifa-ready", (e) => {
  document.getElementById("version").textContent = `v${e.detail.version}`;
});

if (lang !== "zh") apply();
