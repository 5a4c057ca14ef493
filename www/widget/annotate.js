// Annotate mode: highlights the terms of an article already on the host page, in place. It collects
// the article's text (a line break between blocks), has it tagged, and wraps each match in
// <mark class="tifa-mark"> pieces without moving the host's elements; a match nested inside another
// (a term of one theme inside a longer term of another) is folded into the outer highlight. A
// per-paragraph tag summary for screen readers is added in a form that copying leaves out.

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
    ensureDocumentStyles(this.ownerDocument);
    this._clearAnnotations(target);
    const { text, nodes } = collectText(target);
    this._annoTarget = target;
    this._setStatus(this.s.tagging, "busy");
    const msg = await this._request({ type: "tag", text });
    if (msg.type === "superseded") return null;
    this.result = { ...msg, text };
    // screen readers reading the article hear one summary per tagged paragraph, at its start (the
    // marks' labels are silent); inserted first, `nodes` kept in step, then the marks
    insertParaSummaries(nodes, msg.data, (p) => this.s.annoPara(this._paraThemeNames(p)));
    this._groups = groupMatches(msg.data);
    this._annoMarks = wrapMatches(nodes, msg.data, this._groups, (g) => this._matchView(g));
    target.addEventListener("mouseover", this._annoHover ??= (e) => {
      const m = e.target.closest?.("mark.tifa-mark");
      if (m && this._annoMarks) this._showTip(m, Number(m.dataset.tifaG));
    });
    target.addEventListener("mouseout", this._annoOut ??= (e) => {
      if (e.target.closest?.("mark.tifa-mark")) this._hideTip();
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

// ---- annotate mode helpers (host document) ------------------------------------------------------

export function ensureDocumentStyles(doc) {
  if (doc.querySelector("link[data-tifa-annotate]")) return;
  doc.head.append(el("link", { rel: "stylesheet", href: new URL("tifa-annotate.css", BASE).href, "data-tifa-annotate": "" }));
}


// Wraps every highlight (a group of matches, groups.js: nested and overlapping matches make one) in
// <mark class="tifa-mark"> pieces, one per text node it covers (a term may run across inline element
// boundaries). Only text nodes are split: the host's elements, and listeners on them, stay as they
// were. The first and last pieces are marked (tifa-first, tifa-last) so that the current highlight
// is drawn as one box; a theme's label is shown on its first highlight of a paragraph only. Returns
// Map(group -> [mark pieces]).
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
  // last highlight first: splitting a text node keeps the node itself as the part before the split,
  // so offsets of earlier highlights in the same node stay valid
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

// Puts a visually hidden summary of its tags ("paragraph 3, section …: themes …") at the start of every
// tagged paragraph of the article, for screen readers. `nodes`: the article's text nodes with their
// UTF-16 start in the tagged text (collectText). Last paragraph first, so that splitting a text node
// leaves the positions of earlier paragraphs where they were.
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
    // no text of its own (it would be copied with the article and be in its innerText): a labelled
    // image of no size, which screen readers announce
    const span = document.createElement("span");
    span.className = "tifa-sr";
    span.dataset.tifaSkip = "";
    span.setAttribute("role", "img");
    span.setAttribute("aria-label", summary(p));
    node.parentNode.insertBefore(span, node);
  }
}
