//! Building a report allocates nothing per match, also for a match counted by several themes (the
//! crate docs' "no copy per match"): its theme list is made once per set of themes and report, and
//! shared by all the matches of those themes. Counted with a counting global allocator, on this
//! thread only (the test harness's own threads allocate too).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn counted() {
    // `try_with`: the thread's locals may be gone while it ends
    let _ = ALLOCATIONS.try_with(|n| n.set(n.get() + 1));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        counted();
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, size: usize) -> *mut u8 {
        counted();
        unsafe { System.realloc(ptr, layout, size) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// The allocations of `f` on this thread, and its result.
fn allocations<R>(f: impl FnOnce() -> R) -> (usize, R) {
    let before = ALLOCATIONS.with(Cell::get);
    let r = f();
    (ALLOCATIONS.with(Cell::get) - before, r)
}

#[test]
fn matches_of_several_themes_share_their_theme_list() {
    let builtin = tifa::Tagger::builtin();
    // 夜间经济 is a term of a default theme and of the overlay's
    let overlay = tifa::Tagger::new(
        tifa::RuleSet::builder().source("night.toml", "name = \"夜间经济\"\nterms = [\"夜间经济\"]\n").build().unwrap(),
    );
    let cases: &[(&str, &tifa::Tagger, &str, usize)] = &[
        // 村容村貌: city_appearance and rural_revitalization
        ("default rules, a term of two themes", &builtin, "整治村容村貌，", 10_000),
        ("an overlay's theme sharing a default term", &overlay, "推行河长制，完成瓶改管，培育夜间经济，", 10_000),
        ("single-theme matches", &builtin, "推行河长制，完成瓶改管，", 10_000),
    ];
    for &(name, tagger, sentence, times) in cases {
        let text = sentence.repeat(times);
        let _ = tagger.tag(&text); // the first call's one-time work (lazy statics) aside
        let (n, report) = allocations(|| tagger.tag(&text));
        let matches = report.summary.matches;
        assert!(matches >= times, "{name}: {matches} matches");
        assert!(n < matches / 20, "{name}: {n} allocations for {matches} matches");
        let several: Vec<&tifa::ReportMatch> =
            report.paragraphs.iter().flat_map(|p| &p.matches).filter(|m| m.themes.len() > 1).collect();
        if name != "single-theme matches" {
            assert!(several.len() >= times, "{name}: {} matches of several themes", several.len());
            let first = several[0].themes.as_slice().as_ptr();
            assert!(
                several.iter().all(|m| std::ptr::eq(m.themes.as_slice().as_ptr(), first)),
                "{name}: one list shared"
            );
        }
        // the streamed report (as the command writes it) too
        let (n, written) = allocations(|| serde_json::to_writer(std::io::sink(), &tagger.tag_streamed(&text)));
        written.unwrap();
        assert!(n < matches / 20, "{name}, streamed: {n} allocations for {matches} matches");
    }
}
