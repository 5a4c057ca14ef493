// Annotate mode: highlights the terms of an article on the host page, in place (www/README.md,
// *Annotate mode*).

import { BASE, el, lastAtOrBefore } from "./dom.js";
import { groupMatches } from "./groups.js";
import { collectText } from "./collect.js";


export const annotateMode = {
  _targetElement() {
    const sel = this.getAttribute("target");
    if (!sel) return null;
    return this.getRootNode().querySelector?.(sel) || document.querySelector(sel);
  },

  /** (Re-)annotates the target element in place. */
  async annotate() {
    const target = this._targetElement();
    if (!target) {
      this._setStatus(this.s.annotateNoTarget(this.getAttribute("target")), "error");
      return null;
    }
    const styled = ensureDocumentStyles(this.ownerDocument);
    this._clearAnnotations(target);
    const { text, nodes } = collectText(target);
    this._annoTarget = target;
    this._setStatus(this.s.tagging, "busy");
    // no highlight before its style sheet is there (the browser's yellow <mark> meanwhile)
    const [msg] = await Promise.all([this._request({ type: "tag", text }), styled]);
    if (msg.type === "superseded") return null;
    this.result = { ...msg, text };
    // the summaries first (`nodes` kept in step), then the marks
    insertParaSummaries(nodes, msg.data, (p) => this.s.annoPara(this._paraThemeNames(p)));
    this._groups = groupMatches(msg.data);
    this._annoMarks = wrapMatches(nodes, msg.data, this._groups, (g) => this._matchView(g));
    target.addEventListener("mouseover", this._annoHover ??= (e) => {
      const m = e.target.closest?.("mark.tifa-mark");
      if (m && this._annoMarks) this._showTip(m, Number(m.dataset.tifaG));
    });
    target.addEventListener("mouseout", this._annoOut ??= (e) => {
      if (e.target.closest?.("mark.tifa-mark")) this._hideTipSoon();
    });
    target.addEventListener("focusin", this._annoFocus ??= (e) => {
      if (e.target.matches?.("mark.tifa-mark")) this._showTip(e.target, Number(e.target.dataset.tifaG));
    });
    target.addEventListener("keydown", this._annoKeys ??= (e) => {
      if (e.target.matches?.("mark.tifa-mark")) this._keys(e);
    });
    target.addEventListener("focusout", this._annoBlur ??= (e) => {
      if (e.target.matches?.("mark.tifa-mark")) this._hideTip();
    });
    return this._acceptResult(msg, text);
  },

  _clearAnnotations(target) {
    for (const e of target.querySelectorAll("span.tifa-sr")) e.remove();
    const parents = new Set();
    for (const m of target.querySelectorAll("mark.tifa-mark")) {
      parents.add(m.parentNode);
      m.replaceWith(...m.childNodes);
    }
    for (const p of parents) p.normalize();
    this._annoMarks = null;
  },
};


// resolves when the style sheet is loaded (or failed; one promise per link)
export function ensureDocumentStyles(doc) {
  let link = doc.querySelector("link[data-tifa-annotate]");
  if (!link) doc.head.append((link = el("link", { rel: "stylesheet", href: new URL("tifa-annotate.css", BASE).href, "data-tifa-annotate": "" })));
  return (link.tifaReady ||= link.sheet ? Promise.resolve() : new Promise((done) => {
    link.addEventListener("load", done);
    link.addEventListener("error", done);
  }));
}


// Wraps every highlight in <mark class="tifa-mark"> pieces (www/README.md); returns Map(group -> [pieces]).
export function wrapMatches(nodes, d, groups, view) {
  const marks = new Map();
  const starts = nodes.map((x) => x.start);
  const views = new Array(groups.count);
  for (let p = 0; p < d.pStart.length; p++) {
    const labelled = new Set();
    for (let g = groups.pGroupOff[p]; g < groups.pGroupOff[p + 1]; g++) {
      const v = view(g);
      views[g] = { ...v, label: labelled.has(v.label) ? null : v.label };
      labelled.add(v.label);
    }
  }
  // last highlight first (offsets of earlier ones in a split node stay valid)
  for (let g = groups.count - 1; g >= 0; g--) {
    const s = groups.gStart[g], e = groups.gEnd[g];
    const v = views[g];
    const pieces = [];
    for (let ni = lastAtOrBefore(starts, s); ni < nodes.length && nodes[ni].start < e; ni++) {
      const { node, start } = nodes[ni];
      const a = Math.max(s, start) - start;
      const b = Math.min(e, start + node.data.length) - start;
      if (b <= a) continue;
      pieces.push([node, a, b]);
    }
    const els = [];
    for (let pi = pieces.length - 1; pi >= 0; pi--) {
      const [node, a, b] = pieces[pi];
      let part = node;
      if (a > 0) part = part.splitText(a);
      if (b - a < part.data.length) part.splitText(b - a);
      const m = document.createElement("mark");
      m.className = `tifa-mark tifa-${v.colour}${v.weak ? " tifa-weak" : ""}`;
      m.dataset.tifaM = String(groups.order[groups.gOff[g]]);
      m.dataset.tifaG = String(g);
      m.dataset.tifaThemes = v.ids;
      part.parentNode.insertBefore(m, part);
      m.append(part);
      els.unshift(m);
    }
    if (!els.length) continue;
    els[0].classList.add("tifa-first");
    els[els.length - 1].classList.add("tifa-last");
    if (v.label) els[els.length - 1].dataset.tifaLabel = v.label;   // the label once, after the last piece
    els[0].tabIndex = -1;
    marks.set(g, els);
  }
  return marks;
}

// A hidden summary of its tags at the start of every tagged paragraph, for screen readers (www/README.md).
// `nodes`: the text nodes with their UTF-16 start (collectText); last paragraph first.
export function insertParaSummaries(nodes, d, summary) {
  if (!nodes.length) return;
  const starts = nodes.map((x) => x.start);
  for (let p = d.pStart.length - 1; p >= 0; p--) {
    if (d.pThemeOff[p] === d.pThemeOff[p + 1]) continue;
    const pos = d.pStart[p];
    const lo = lastAtOrBefore(starts, pos);
    let { node, start } = nodes[lo];
    let off = pos - start;
    if (off >= node.data.length) {          // the position is a line break between blocks
      if (lo + 1 >= nodes.length) continue;
      ({ node } = nodes[lo + 1]);
      off = 0;
    }
    if (off > 0) {                          // the split-off rest becomes a node of its own
      node = node.splitText(off);
      nodes.splice(lo + 1, 0, { node, start: pos });
      starts.splice(lo + 1, 0, pos);
    }
    // no text of its own (www/README.md)
    const span = document.createElement("span");
    span.className = "tifa-sr";
    span.dataset.tifaSkip = "";
    span.setAttribute("role", "img");
    span.setAttribute("aria-label", summary(p));
    node.parentNode.insertBefore(span, node);
  }
}
