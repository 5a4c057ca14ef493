// Overlapping and nested matches, grouped for display (www/README.md, *Groups*).

/**
 * Groups the matches of a compact result `d` (see tifa-worker.js). Returns typed arrays:
 * `order` (match indices, per paragraph by start, longer first on ties), `groupOf` (match -> group),
 * `gOff` (group g's members are order[gOff[g] .. gOff[g + 1])), `gStart`, `gEnd` (the group's span,
 * UTF-16), `gPrimary` (its longest match), `pGroupOff` (paragraph p's groups are pGroupOff[p] ..
 * pGroupOff[p + 1]), `count`, and `data` (d itself).
 */
export function groupMatches(d) {
  const m = d.mStart.length;
  const np = d.pStart.length;
  const order = new Int32Array(m);
  const groupOf = new Int32Array(m);
  const gOff = new Int32Array(m + 1);
  const gStart = new Int32Array(m);
  const gEnd = new Int32Array(m);
  const gPrimary = new Int32Array(m);
  const pGroupOff = new Int32Array(np + 1);
  const { mStart, mEnd } = d;
  let g = 0;
  for (let p = 0; p < np; p++) {
    pGroupOff[p] = g;
    const lo = d.pMatchOff[p], hi = d.pMatchOff[p + 1];
    let sorted = true;
    for (let k = lo; k < hi; k++) {
      order[k] = k;
      if (k > lo && (mStart[k] < mStart[k - 1] || (mStart[k] === mStart[k - 1] && mEnd[k] > mEnd[k - 1]))) sorted = false;
    }
    if (!sorted) order.subarray(lo, hi).sort((a, b) => mStart[a] - mStart[b] || mEnd[b] - mEnd[a]);
    for (let i = lo; i < hi; i++) {
      const k = order[i];
      if (i > lo && mStart[k] < gEnd[g - 1]) {
        // inside (or across the end of) the group before: one highlight for both
        const h = g - 1;
        groupOf[k] = h;
        if (mEnd[k] > gEnd[h]) gEnd[h] = mEnd[k];
        const pr = gPrimary[h];
        if (mEnd[k] - mStart[k] > mEnd[pr] - mStart[pr]) gPrimary[h] = k;
      } else {
        groupOf[k] = g;
        gOff[g] = i;
        gStart[g] = mStart[k];
        gEnd[g] = mEnd[k];
        gPrimary[g] = k;
        g++;
      }
    }
  }
  pGroupOff[np] = g;
  gOff[g] = m;
  return { data: d, order, groupOf, gOff, gStart, gEnd, gPrimary, pGroupOff, count: g };
}

/** The member matches of group `g`, primary first. */
export function groupMembers(groups, g) {
  const out = [groups.gPrimary[g]];
  for (let i = groups.gOff[g]; i < groups.gOff[g + 1]; i++) if (groups.order[i] !== out[0]) out.push(groups.order[i]);
  return out;
}
