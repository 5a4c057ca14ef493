// The text of an element as the tagger sees it, for annotate mode and for a page that tags its own
// content: kept apart from annotate.js so that a widget in editor mode loads none of annotate mode.

const CONTENT_SKIP = "script,style,noscript,textarea,select,template,svg,math,tifa-tagger,[data-tifa-skip]";

// The text of `target` as the tagger sees it: its text nodes in order, with a line break between
// blocks (so that the tagger finds paragraphs) and at <br>; returns the nodes with their UTF-16 start.
export function collectText(target) {
  const blockCache = new Map();
  const blockOf = (node) => {
    let e = node.parentElement;
    while (e && e !== target) {
      let inline = blockCache.get(e);
      if (inline === undefined) {
        const disp = getComputedStyle(e).display;
        inline = disp.startsWith("inline") || disp === "contents";
        blockCache.set(e, inline);
      }
      if (!inline) return e;
      e = e.parentElement;
    }
    return target;
  };
  const walker = document.createTreeWalker(target, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode(n) {
      if (n.nodeType === Node.ELEMENT_NODE) {
        if (n.matches(CONTENT_SKIP) || getComputedStyle(n).display === "none") return NodeFilter.FILTER_REJECT;
        return n.localName === "br" ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      }
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  let text = "";
  let lastBlock = null;
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === Node.ELEMENT_NODE) {
      text += "\n";
      continue;
    }
    const block = blockOf(n);
    if (block !== lastBlock && text && !text.endsWith("\n")) text += "\n";
    lastBlock = block;
    nodes.push({ node: n, start: text.length });
    text += n.data;
  }
  return { text, nodes };
}
