//! A small sort for the code off the tagging path: [`heapsort_by`].
//!
//! Hand-written rather than the standard library's `sort_unstable`, for the size of the wasm only: each
//! element type that `sort_unstable` sorts gets a copy of its code (quicksort, partitions, small-sort
//! networks and a heapsort for the worst case), about 3.7 KB of the lean wasm apiece. The three sorts
//! that building a tagger and finding page headers need (pattern order, the scanner's one-byte
//! patterns, the lines near page numbers) took 10 KB raw and 1.8 KB gzip of what the widget loads;
//! this heapsort is a few hundred bytes per type. The tagging path (hits, scores, proximity words)
//! keeps `sort_unstable`, which is faster there.

/// Sorts `v` in place so that no element is `less` than one before it: a heapsort, O(n log n) in every
/// case, without allocation, and not stable (equal elements may change places, as with
/// `sort_unstable`; the callers sort distinct elements, so the order is the same).
///
/// `less` must be a strict weak order, as for the standard library's sorts; if it is not, `v` ends up
/// in some order of its elements, none lost.
pub(crate) fn heapsort_by<T>(v: &mut [T], mut less: impl FnMut(&T, &T) -> bool) {
    let n = v.len();
    // moves the element at `node` down the heap of the first `end` elements to where it belongs
    let mut sift = |v: &mut [T], mut node: usize, end: usize| loop {
        let mut child = 2 * node + 1;
        if child >= end {
            break;
        }
        if child + 1 < end && less(&v[child], &v[child + 1]) {
            child += 1;
        }
        if !less(&v[node], &v[child]) {
            break;
        }
        v.swap(node, child);
        node = child;
    };
    for i in (0..n / 2).rev() {
        sift(v, i, n);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift(v, 0, end);
    }
}

#[cfg(test)]
mod tests {
    use super::heapsort_by;

    /// Empty, one, two, sorted, reversed, all equal, duplicates, and strings by a key.
    #[test]
    fn sorts_the_shapes_that_break_sorts() {
        let cases: &[&[i32]] = &[&[], &[7], &[2, 1], &[1, 2, 3, 4], &[4, 3, 2, 1], &[5, 5, 5], &[3, 1, 3, 2, 1, 3]];
        for &case in cases {
            let mut got = case.to_vec();
            heapsort_by(&mut got, |a, b| a < b);
            let mut want = case.to_vec();
            want.sort_unstable();
            assert_eq!(got, want, "{case:?}");
        }
        let mut words = vec!["乡村振兴", "河长制", "百千万工程", "𠀀", "1310"];
        heapsort_by(&mut words, |a, b| a < b);
        assert_eq!(words, ["1310", "乡村振兴", "河长制", "百千万工程", "𠀀"]);
    }

    /// A comparator that is not an order loses and duplicates nothing.
    #[test]
    fn a_bad_comparator_keeps_every_element() {
        let mut v: Vec<u32> = (0..100).collect();
        let mut flip = false;
        heapsort_by(&mut v, |_, _| {
            flip = !flip;
            flip
        });
        v.sort_unstable();
        assert_eq!(v, (0..100).collect::<Vec<u32>>());
    }

    proptest::proptest! {
        /// The same order as the standard library's sort, for any list (duplicates included), by
        /// value and by a key in reverse.
        #[test]
        fn sorts_as_the_standard_library_sorts(v in proptest::collection::vec(0u16..50, 0..300)) {
            let mut got = v.clone();
            heapsort_by(&mut got, |a, b| a < b);
            let mut want = v.clone();
            want.sort_unstable();
            proptest::prop_assert_eq!(&got, &want);
            let mut got: Vec<(u16, usize)> = v.iter().copied().zip(0..).collect();
            heapsort_by(&mut got, |a, b| (std::cmp::Reverse(a.0), a.1) < (std::cmp::Reverse(b.0), b.1));
            let mut want: Vec<(u16, usize)> = v.iter().copied().zip(0..).collect();
            want.sort_unstable_by_key(|&(x, i)| (std::cmp::Reverse(x), i));
            proptest::prop_assert_eq!(got, want);
        }
    }
}
