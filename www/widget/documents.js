// Opening a file that is not plain text (editor mode, fetched on first use). A Word document (.docx)
// gives its text as `tifa tag report.docx` reads it (src/docx.rs: one paragraph a line, the body's,
// the tables' and the text boxes' paragraphs, runs joined, tracked changes as the text now reads, a
// field's shown result, a text box once); an HTML page (a saved portal page) the text a reader copying
// it would paste, as `tifa tag page.html` reads it (src/html.rs); a PDF its text as `tifa tag
// report.pdf` reads it, a Word 97-2003 .doc as `tifa tag report.doc` does (src/pdf.rs, src/doc.rs,
// in the worker's file reader build: pkg/tifa-reader.js); an RTF file gets a message saying what to do. The zip container is read here by hand (its central
// directory, ~40 lines) and inflated by the browser (DecompressionStream "deflate-raw"): the page
// loads no library; the browser's parsers (DOMParser) read the XML parts and the page.

const W = ["http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main"];
const MC = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const MAIN_TYPES = [
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
  "application/vnd.ms-word.document.macroEnabled.main+xml",
  "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
];
// subtrees whose text is not the document's as it reads now (src/docx.rs, left_out)
const LEFT_OUT_W = new Set(["moveFrom", "del", "delText", "instrText", "pPrChange"]);

const STRINGS = {
  zh: {
    reading: (name) => `正在读取“${name}”……`,
    "pdf.encrypted": (name) => `无法打开“${name}”：这个 PDF 文件加了密码。请打开后另存（或打印）为不加密码的 PDF，或另存为文本（.txt）、Word 文档（.docx）后再打开。`,
    "pdf.no-text": (name) => `无法打开“${name}”：这个 PDF 文件里没有文字层（可能是扫描件），网页只能读取文字。请先做文字识别（OCR），或找到报告的文本、Word 版本。`,
    "pdf.undecodable": (name) => `无法打开“${name}”：这个 PDF 文件的字体没有说明所画的是哪些字，读出来会是乱码。请找到报告的文本或 Word 版本，或先做文字识别（OCR）。`,
    "pdf.damaged": (name, why) => `无法打开“${name}”：这个 PDF 文件已损坏或网页读不了（${why}）。请用 PDF 阅读器打开后另存一份再试，或把文字复制后粘贴到这里。`,
    unavailable: (name, why) => `无法打开“${name}”：读取文件的组件没有加载成功（${why}）。请稍后再试，或把文字复制后粘贴到这里。`,
    "doc.damaged": (name, why) => `无法打开“${name}”：这个旧版 Word 文档（.doc）已损坏或网页读不了（${why}）。请在 Word 或 WPS 中打开后另存为 .docx 或文本（.txt）再打开。`,
    "doc.encrypted": (name) => `无法打开“${name}”：这个旧版 Word 文档（.doc）加了密码。请打开后另存为不加密码的 .docx 或文本（.txt）再打开。`,
    "doc.old-version": (name) => `无法打开“${name}”：这是 Word 6 或 Word 95 的文档。请在 Word 或 WPS 中另存为 .docx 或文本（.txt）后再打开。`,
    "doc.not-word": (name) => `无法打开“${name}”：这是 Excel、PPT 等 Office 旧格式文件或加了密码的 Word 文档，不是旧版 Word 文档（.doc）。请另存为 .docx 或文本（.txt）后再打开。`,
    rtf: (name) => `无法打开“${name}”：这是 RTF 文件。请另存为 .docx 或文本（.txt）后再打开。`,
    notWord: (name) => `无法打开“${name}”：这是压缩包（或 Excel、PPT、ODF 等文件），不是 Word 文档（.docx）。`,
    damaged: (name, why) => `无法打开“${name}”：这个 Word 文档已损坏或不完整（${why}）。请在 Word 或 WPS 中打开并重新保存，或另存为文本（.txt）。`,
    unsupported: (name, why) => `无法打开“${name}”：网页不能读取这个 Word 文档（${why}）。请另存为文本（.txt）后再打开，或用命令行 tifa tag 读取。`,
  },
  en: {
    reading: (name) => `Reading “${name}”…`,
    "pdf.encrypted": (name) => `Cannot open “${name}”: the PDF file needs a password. Open it, and save or print it as a PDF without a password, or as text (.txt) or a Word document (.docx), and open that.`,
    "pdf.no-text": (name) => `Cannot open “${name}”: the PDF file has no text layer (a scanned document?), and the page reads text only. Run OCR on it first, or get the report as text or as a Word document.`,
    "pdf.undecodable": (name) => `Cannot open “${name}”: the PDF file's fonts do not say which characters they draw; its text would come out garbled. Get the report as text or as a Word document, or run OCR on it.`,
    "pdf.damaged": (name, why) => `Cannot open “${name}”: the PDF file is damaged or beyond what the page reads (${why}). Open it in a PDF reader and save a copy, or copy its text and paste it here.`,
    unavailable: (name, why) => `Cannot open “${name}”: the file reader could not be loaded (${why}). Try again later, or copy the text and paste it here.`,
    "doc.damaged": (name, why) => `Cannot open “${name}”: the Word 97-2003 document (.doc) is damaged or beyond what the page reads (${why}). Open it in Word or WPS and save it as .docx or as text (.txt), and open that.`,
    "doc.encrypted": (name) => `Cannot open “${name}”: the Word 97-2003 document (.doc) needs a password. Open it, and save it without a password as .docx or as text (.txt), and open that.`,
    "doc.old-version": (name) => `Cannot open “${name}”: it is a Word 6 or Word 95 document. Save it as .docx or as text (.txt) in Word or WPS and open that.`,
    "doc.not-word": (name) => `Cannot open “${name}”: it is an old Office file (a spreadsheet, a presentation) or a password-protected Word document, not a Word 97-2003 document (.doc). Save it as .docx or as text (.txt) and open that.`,
    rtf: (name) => `Cannot open “${name}”: it is an RTF file. Save it as .docx or as text (.txt) and open that.`,
    notWord: (name) => `Cannot open “${name}”: it is a zip archive (or a spreadsheet, a presentation, an ODF file), not a Word document (.docx).`,
    damaged: (name, why) => `Cannot open “${name}”: the Word document is damaged or cut short (${why}). Open it in Word or WPS and save it again, or save it as text (.txt).`,
    unsupported: (name, why) => `Cannot open “${name}”: the page cannot read this Word document (${why}). Save it as text (.txt) and open that, or read it with the command line's tifa tag.`,
  },
};

/** Why a file could not be read: `kind` names the message (rtf, notWord, damaged, unsupported). */
export class FileFormatError extends Error {
  constructor(kind, why = "") {
    super(why || kind);
    this.kind = kind;
    this.why = why;
  }
}

/** Whether bytes start as a PDF file does (`%PDF-`, src/pdf.rs is_pdf). */
export const isPdf = (bytes) => [0x25, 0x50, 0x44, 0x46, 0x2d].every((b, i) => bytes[i] === b);
/** Whether bytes start as an OLE compound file does (a .doc, src/doc.rs is_ole). */
export const isOle = (bytes) => [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1].every((b, i) => bytes[i] === b);

/** The text of a Word document's bytes (a Uint8Array), as `tifa tag` reads it; throws FileFormatError. */
export async function docxText(bytes) {
  const starts = (...b) => b.every((x, i) => bytes[i] === x);
  if (starts(0x7b, 0x5c, 0x72, 0x74, 0x66)) throw new FileFormatError("rtf");
  const entries = centralDirectory(bytes);
  let part = null;
  if (entries.has("[Content_Types].xml")) {
    const types = xml(await inflate(bytes, entries.get("[Content_Types].xml")), "[Content_Types].xml");
    for (const o of types.getElementsByTagNameNS("*", "Override")) {
      const name = (o.getAttribute("PartName") || "").replace(/^\//, "");
      if (MAIN_TYPES.includes(o.getAttribute("ContentType")) && entries.has(name)) {
        part = name;
        break;
      }
    }
  }
  part ??= entries.has("word/document.xml") ? "word/document.xml" : null;
  if (!part) throw new FileFormatError("notWord");
  const doc = xml(await inflate(bytes, entries.get(part)), part);
  // the numbers of numbered paragraphs: from the parts the document names, when they can be read
  const folder = part.includes("/") ? part.slice(0, part.lastIndexOf("/") + 1) : "";
  const join = (target) => (target.startsWith("/") ? target.slice(1) : folder + target);
  const related = new Map([["numbering", join("numbering.xml")], ["styles", join("styles.xml")]]);
  const optional = async (name) => {
    try {
      return entries.has(name) ? xml(await inflate(bytes, entries.get(name)), name) : null;
    } catch {
      return null;
    }
  };
  const rels = await optional(`${folder}_rels/${part.slice(folder.length)}.rels`);
  for (const r of rels ? rels.getElementsByTagNameNS("*", "Relationship") : []) {
    const type = r.getAttribute("Type"), target = r.getAttribute("Target");
    if (type && target && r.getAttribute("TargetMode") !== "External") related.set(type.slice(type.lastIndexOf("/") + 1), join(target));
  }
  const numbering = new Numbering(await optional(related.get("numbering")), await optional(related.get("styles")));
  const out = [];
  walk(doc.documentElement, out, 0, numbering);
  return out.join("");
}

// The zip's entries by name: where each one's data starts, how it is stored, its sizes.
function centralDirectory(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at) => view.getUint16(at, true), u32 = (at) => view.getUint32(at, true);
  // the end of central directory record: 22 bytes and a comment of at most 65535 at the end
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (u32(i) === 0x06054b50) { end = i; break; }
  }
  if (end < 0) throw new FileFormatError("damaged", "no zip directory: cut short?");
  const count = u16(end + 10), size = u32(end + 12), start = u32(end + 16);
  if (count === 0xffff || start === 0xffffffff) throw new FileFormatError("unsupported", "ZIP64");
  if (start + size > end) throw new FileFormatError("damaged", "zip directory out of place");
  const names = new TextDecoder();
  const entries = new Map();
  for (let i = 0, at = start; i < count; i++) {
    if (at + 46 > end || u32(at) !== 0x02014b50) throw new FileFormatError("damaged", "bad zip directory entry");
    const nameLength = u16(at + 28);
    const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.set(name, { flags: u16(at + 8), method: u16(at + 10), compressed: u32(at + 20), size: u32(at + 24), local: u32(at + 42) });
    at += 46 + nameLength + u16(at + 30) + u16(at + 32);
  }
  return entries;
}

// An entry's bytes: stored, or inflated by the browser.
async function inflate(bytes, entry) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (entry.local + 30 > bytes.length || view.getUint32(entry.local, true) !== 0x04034b50) throw new FileFormatError("damaged", "bad zip entry");
  if (entry.flags & 1) throw new FileFormatError("unsupported", "encrypted");
  const from = entry.local + 30 + view.getUint16(entry.local + 26, true) + view.getUint16(entry.local + 28, true);
  const data = bytes.subarray(from, from + entry.compressed);
  if (data.length < entry.compressed) throw new FileFormatError("damaged", "cut short");
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw new FileFormatError("unsupported", `compression method ${entry.method}`);
  if (typeof DecompressionStream !== "function") throw new FileFormatError("unsupported", "this browser has no DecompressionStream");
  try {
    const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    throw new FileFormatError("damaged", e.message);
  }
}

function xml(data, part) {
  let text;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(data);
  } catch {
    throw new FileFormatError("damaged", `${part}: not UTF-8`);
  }
  const doc = new DOMParser().parseFromString(text, "application/xml");
  if (doc.getElementsByTagName("parsererror").length) throw new FileFormatError("damaged", `${part}: not well-formed XML`);
  return doc;
}

// The text of an element as src/docx.rs reads it: a w:t's text; in a run, a tab, a break, a
// non-breaking hyphen; a line feed after each paragraph; subtrees left out.
function walk(node, out, runs, numbering) {
  for (let c = node.firstElementChild; c; c = c.nextElementSibling) {
    const w = W.includes(c.namespaceURI);
    if (c.namespaceURI === MC && c.localName === "Fallback") continue;
    if (!w) {
      walk(c, out, runs, numbering);
      continue;
    }
    const name = c.localName;
    if (LEFT_OUT_W.has(name)) continue;
    if (name === "pPr") {
      // a paragraph's properties: its number, when it is numbered (they hold no text)
      const own = (e) => { for (let p = e.parentElement; p && p !== c; p = p.parentElement) if (p.localName === "pPrChange") return false; return true; };
      const find = (tag) => [...c.getElementsByTagNameNS(c.namespaceURI, tag)].find(own);
      const [style, num, ilvl] = ["pStyle", "numId", "ilvl"].map((tag) => { const e = find(tag); return e ? attr(e, "val") : null; });
      const label = numbering.label(style, num, levelIndex(ilvl));
      if (label) out.push(label);
      continue;
    }
    if (name === "t") out.push(c.textContent);
    else if (runs > 0 && (name === "tab" || name === "ptab") && !c.firstChild) out.push("\t");
    else if (runs > 0 && (name === "br" || name === "cr") && !c.firstChild) out.push("\n");
    else if (runs > 0 && name === "noBreakHyphen" && !c.firstChild) out.push("-");
    else {
      walk(c, out, runs + (name === "r" ? 1 : 0), numbering);
      if (name === "p") out.push("\n");
    }
  }
}

// The numbers Word draws for numbered paragraphs, as src/docx/numbering.rs counts and writes them.
const attr = (el, name) => [...el.attributes].find((a) => a.localName === name)?.value ?? null;
const wChildren = (el, name) => [...el.children].filter((c) => W.includes(c.namespaceURI) && (!name || c.localName === name));
const levelIndex = (v) => (v != null && /^\s*\d+\s*$/.test(v) && +v < 9 ? +v : null);
const CN = "〇一二三四五六七八九";

export function formatNumber(n, format) {
  const chinese = (n) => {
    if (n === 0) return "〇";
    if (n >= 10000) return String(n);
    let out = "", zero = false, started = false;
    for (const [unit, name] of [[1000, "千"], [100, "百"], [10, "十"], [1, ""]]) {
      const d = Math.floor(n / unit) % 10;
      if (d === 0) { zero = started; continue; }
      if (zero) { out += "零"; zero = false; }
      if (!(unit === 10 && d === 1 && !started)) out += CN[d];
      out += name;
      started = true;
    }
    return out;
  };
  const from = (first, max) => (n >= 1 && n <= max ? String.fromCodePoint(first + n - 1) : null);
  const roman = (n) => [[1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]]
    .reduce((out, [v, s]) => { while (n >= v) { out += s; n -= v; } return out; }, "");
  const letters = (base) => (n === 0 ? "" : String.fromCharCode(base + ((n - 1) % 26)).repeat(Math.floor((n - 1) / 26) + 1));
  switch (format) {
    case "none": return "";
    case "chineseCounting": case "chineseCountingThousand": case "chineseLegalSimplified": case "japaneseCounting":
    case "taiwaneseCounting": case "taiwaneseCountingThousand": case "ideographDigital": return chinese(n);
    case "ideographTraditional": return "甲乙丙丁戊己庚辛壬癸"[(Math.max(n, 1) - 1) % 10];
    case "ideographZodiac": return "子丑寅卯辰巳午未申酉戌亥"[(Math.max(n, 1) - 1) % 12];
    case "decimalEnclosedCircle": case "decimalEnclosedCircleChinese": case "ideographEnclosedCircle":
      return from(0x2460, 20) ?? (n > 20 ? from(0x3251 - 20, 35) : null) ?? (n > 35 ? from(0x32b1 - 35, 50) : null) ?? String(n);
    case "decimalEnclosedParen": return from(0x2474, 20) ?? String(n);
    case "decimalEnclosedFullstop": return from(0x2488, 20) ?? String(n);
    case "decimalFullWidth": case "decimalFullWidth2": return String(n).replace(/\d/g, (d) => String.fromCharCode(0xff10 + +d));
    case "decimalZero": return String(n).padStart(2, "0");
    case "upperLetter": return letters(65);
    case "lowerLetter": return letters(97);
    case "upperRoman": return roman(n);
    case "lowerRoman": return roman(n).toLowerCase();
    default: return String(n);
  }
}

class Numbering {
  constructor(numbering, styles) {
    this.definitions = new Map();   // abstractNumId -> levels
    this.nums = new Map();          // numId -> {definition, overrides: Map(level -> {start, level})}
    this.styles = new Map();        // styleId -> {basedOn, num, level}
    this.counts = new Map();
    const readLevel = (l) => {
      const v = (name) => { const c = wChildren(l, name)[0]; return c ? attr(c, "val") : null; };
      const start = parseInt(v("start"), 10);
      return { start: Number.isFinite(start) ? start : 1, format: v("numFmt") ?? "decimal", text: v("lvlText") ?? "", space: v("suff") === "space", style: v("pStyle") };
    };
    for (const root of numbering ? [numbering.documentElement] : []) {
      for (const d of wChildren(root, "abstractNum")) {
        const levels = [];
        for (const l of wChildren(d, "lvl")) {
          const i = levelIndex(attr(l, "ilvl"));
          if (i != null) levels[i] = readLevel(l);
        }
        this.definitions.set(attr(d, "abstractNumId"), levels);
      }
      for (const n of wChildren(root, "num")) {
        const overrides = new Map();
        for (const o of wChildren(n, "lvlOverride")) {
          const i = levelIndex(attr(o, "ilvl"));
          if (i == null) continue;
          const s = wChildren(o, "startOverride")[0], l = wChildren(o, "lvl")[0];
          const start = s ? parseInt(attr(s, "val"), 10) : NaN;
          overrides.set(i, { start: Number.isFinite(start) ? start : null, level: l ? readLevel(l) : null });
        }
        const a = wChildren(n, "abstractNumId")[0];
        this.nums.set(attr(n, "numId"), { definition: a ? attr(a, "val") : "", overrides });
      }
    }
    for (const root of styles ? [styles.documentElement] : []) {
      for (const s of wChildren(root, "style")) {
        const type = attr(s, "type");
        if (type != null && type !== "paragraph") continue;
        const style = { basedOn: null, num: null, level: null };
        const b = wChildren(s, "basedOn")[0];
        if (b) style.basedOn = attr(b, "val");
        for (const p of wChildren(s, "pPr")) for (const np of wChildren(p, "numPr")) {
          for (const c of wChildren(np, "numId")) style.num = attr(c, "val");
          for (const c of wChildren(np, "ilvl")) style.level = levelIndex(attr(c, "val"));
        }
        this.styles.set(attr(s, "styleId"), style);
      }
    }
  }

  /** The number of the next paragraph of style `style` with its own list `numId` and level `ilvl`. */
  label(style, numId, ilvl) {
    let level = ilvl;
    if (numId == null) {
      let at = style, found = null;
      for (let i = 0; i < 20 && at != null && !found; i++) {
        const s = this.styles.get(at);
        if (!s) return null;
        level ??= s.level;
        if (s.num != null) found = s.num;
        else at = s.basedOn;
      }
      if (found == null) return null;
      numId = found;
      if (level == null) {
        const levels = this.definitions.get(this.nums.get(numId)?.definition) ?? [];
        const i = levels.findIndex((l) => l?.style === style);
        level = i >= 0 ? i : null;
      }
    }
    level ??= 0;
    const num = this.nums.get(numId);
    if (!num) return null;
    const levels = this.definitions.get(num.definition);
    const levelOf = (l) => num.overrides.get(l)?.level ?? levels?.[l] ?? null;
    const self = levelOf(level);
    if (!self || self.format === "bullet" || (self.text === "" && self.format === "none")) return null;
    const restarts = [...num.overrides.values()].some((o) => o.start != null);
    const key = restarts ? `num ${numId}` : `def ${num.definition}`;
    const starts = [...Array(9)].map((_, l) => num.overrides.get(l)?.start ?? levelOf(l)?.start ?? 1);
    if (!this.counts.has(key)) this.counts.set(key, Array(9).fill(null));
    const counts = this.counts.get(key);
    counts[level] = counts[level] == null ? starts[level] : counts[level] + 1;
    counts.fill(null, level + 1);
    const label = self.text.replace(/%([1-9])/g, (_, d) => formatNumber(counts[d - 1] ?? starts[d - 1], levelOf(d - 1)?.format ?? ""));
    return self.space ? label + " " : label;
  }
}

// src/html.rs: elements not shown, and blocks (each starts and ends a line)
const HIDDEN = new Set(["head", "script", "style", "noscript", "template", "select", "title", "svg"]);
const BLOCKS = new Set(("address article aside blockquote body caption center dd details dialog dir div dl dt fieldset " +
  "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li main menu nav ol p pre section summary " +
  "table tr ul").split(" "));

// src/html.rs: elements never hidden by their attributes (no content, or an end tag that may be left out)
const SHOWN = new Set(("area base br col embed hr img input link meta source track wbr " +
  "li dt dd tr td th thead tbody tfoot option optgroup colgroup caption rb rt rtc rp").split(" "));

/** Whether the page hides an element itself, as src/html.rs decides it: `hidden`, or an inline style of
 * `display: none` or `visibility: hidden` (ASCII case and white space ignored, `!important` or not). */
function hides(element) {
  if (SHOWN.has(element.localName)) return false;
  if (element.hasAttribute("hidden")) return true;
  const style = (element.getAttribute("style") || "").replace(/[\t\n\f\r ]/g, "").replace(/[A-Z]/g, (c) => c.toLowerCase());
  return style.split(";").some((d) => {
    const value = d.endsWith("!important") ? d.slice(0, -"!important".length) : d;
    return value === "display:none" || value === "visibility:hidden";
  });
}

/** The text of an HTML page as src/html.rs gives it: a line for each block, no blank lines. */
export function pageText(html) {
  const doc = new DOMParser().parseFromString(html, "text/html");
  const lines = [];
  let line = "", space = false, cell = false;
  const end = () => {
    line = line.replace(/^[\t\n\f\r ]+|[\t\n\f\r ]+$/g, "");
    if (line) lines.push(line);
    line = "";
    space = cell = false;
  };
  const word = (w) => {
    if (line) line += cell ? "\t" : space ? " " : "";
    line += w;
    space = cell = false;
  };
  const walk = (node, pre) => {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === Node.TEXT_NODE) {
        if (pre) {
          c.data.split("\n").forEach((part, i) => {
            if (i) end();
            part = part.replace(/\r+$/, "");
            if (part) word(part);
          });
        } else {
          c.data.split(/[\t\n\f\r ]/).forEach((part, i) => {
            if (i) space = true;
            if (part) word(part);
          });
        }
        continue;
      }
      if (c.nodeType !== Node.ELEMENT_NODE) continue;
      const name = c.localName;
      if (HIDDEN.has(name) || hides(c)) continue;
      if (name === "br") { end(); continue; }
      if (name === "td" || name === "th") cell = true;
      const p = pre || name === "pre" || name === "textarea" || name === "listing";
      const block = BLOCKS.has(name) || p !== pre;
      if (block) end();
      walk(c, p);
      if (block) end();
    }
  };
  walk(doc, false);
  end();
  return lines.map((l) => l + "\n").join("");
}

// The editor's methods: widget/editor.js calls _openDocument for a file whose first bytes are a zip's,
// a PDF's, an OLE file's or RTF's, and _openPage for a text that is an HTML page (its stubs fetch this
// module first). A PDF or a .doc is read in the worker, which fetches the file reader the first time.
export const documentMethods = {
  _openPage(html) {
    this.value = pageText(html);
  },

  async _openDocument(buffer, name) {
    const s = STRINGS[String(this._lang()).toLowerCase().startsWith("en") ? "en" : "zh"];
    const head = new Uint8Array(buffer, 0, Math.min(8, buffer.byteLength));
    const type = isPdf(head) ? "pdf" : isOle(head) ? "doc" : null;
    if (type) {
      this._setStatus(s.reading(name), "busy");
      const msg = await this._request({ type, bytes: buffer });
      if (!msg.ok) {
        const say = s[msg.kind === "unavailable" ? "unavailable" : `${type}.${msg.kind}`] ?? s[`${type}.damaged`];
        return this._setStatus(say(name, msg.message), "error");
      }
      this.value = msg.text;
      return;
    }
    let text;
    try {
      text = await docxText(new Uint8Array(buffer));
    } catch (e) {
      const kind = e instanceof FileFormatError ? e.kind : "unsupported";
      return this._setStatus(s[kind](name, e.why ?? e.message), "error");
    }
    this.value = text;
  },
};
