//! Term mining: from hand-labelled paragraphs (the gold format of [`crate::evaluate`]), candidate terms
//! per theme, candidate exclusions for the terms that give false positives, and current terms to make
//! weak, each ranked by the F1 change it would bring on those paragraphs.
//!
//! The candidates are folded character n-grams (Traditional → Simplified, full-width → ASCII, quotation
//! marks and whitespace skipped, as the tagger folds) of [`MIN_CHARS`]–[`MAX_CHARS`] characters that do
//! not cross punctuation, contain a Chinese character, do not begin or end with a Latin letter, a digit
//! or a [`FUNCTION_CHARS`] character, and are not already terms of the theme. Of an n-gram found in
//! exactly the same paragraphs as a longer candidate containing it, only the longer one is kept
//! (closed-pattern pruning).
//!
//! Every paragraph is tagged once. A candidate is first scored by set arithmetic — the paragraphs it
//! occurs in where the theme is not yet predicted split into new true and false positives; as in
//! tagging, a closing paragraph (a call or thanks, [`crate::is_closing_exhortation`]) counts only for a theme with
//! `closing = true`, for the candidate and for the theme's current terms alike — and the
//! best ones are then checked exactly: the rules with the one line added are compiled and the
//! paragraphs holding the phrase are tagged again, so that the change shown is the change `tifa eval`
//! reports once the line is pasted (guards, whole-word matching and longest-match choices included).
//!
//! Current terms are also proposed for demotion to weak terms ([`Demotion`]) by the criterion the
//! default rules adopted on 2026-12-02 ([`demotes`]): where a term is the theme's only evidence in a
//! gold record (counted by [`lone_evidence`]), it tags wrongly at least twice and rightly no more often
//! than wrongly. Only a proposal that changes something is made: the theme's threshold must be above the
//! weak weight 0.5 and the term must reach it. Their effect is checked exactly too (the rules with the
//! term made weak, the paragraphs it gave the theme tagged again).
//!
//! Mine a training split only: candidates fitted to the paragraphs they are scored on look better there
//! than anywhere else, so the split used to report figures must never be mined.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use crate::Tagger;
use crate::eval::{GoldError, GoldRecord};
use crate::normalize::Normalized;
use crate::rules::{DEFAULT_WINDOW, DEFAULT_WITHIN, RuleSet, SHORT_TERM_CHARS, WEAK_WEIGHT, toml_string};
use crate::segment::ParagraphKind;
use crate::tagger::paragraphs_of;

/// Shortest candidate phrase, in characters.
pub const MIN_CHARS: usize = 2;
/// Longest candidate phrase, in characters.
pub const MAX_CHARS: usize = 8;
/// Characters a candidate phrase may not begin or end with: particles, conjunctions, prepositions and
/// adverbs that make a phrase a fragment of a sentence rather than a term.
pub const FUNCTION_CHARS: &[char] = &[
    '的', '了', '和', '与', '及', '等', '在', '是', '对', '为', '把', '将', '并', '也', '都', '已', '其', '于', '或',
    '而', '着', '被',
];
/// How many characters an exclusion phrase may add on each side of a term, altogether.
pub const EXTEND_CHARS: usize = 4;
/// Other phrases named per set of paragraphs tagged (see [`TermCandidate::alternatives`]).
const ALTERNATIVES: usize = 2;
/// Excerpts shown per candidate.
const EXCERPTS: usize = 2;
/// Characters of context on each side of a phrase in an excerpt.
const CONTEXT_CHARS: usize = 12;
/// A term is proposed for demotion when it is the theme's only evidence in at least this many
/// gold records not labelled with the theme (see [`demotes`]).
pub const DEMOTE_MIN_WRONG: usize = 2;
/// Exclusion phrases checked exactly per noisy term, and shown.
const EXCLUSIONS_CHECKED: usize = 4;
const EXCLUSIONS_SHOWN: usize = 3;

/// What to mine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MineOptions {
    /// Theme ids to mine (empty: every theme of the rules).
    pub themes: Vec<String>,
    /// Candidates shown per theme and list (terms, weak terms, noisy terms, demotions).
    pub limit: usize,
    /// A candidate term must occur in at least this many paragraphs labelled with the theme.
    pub min_count: usize,
}

impl Default for MineOptions {
    fn default() -> Self {
        MineOptions { themes: Vec::new(), limit: 10, min_count: 2 }
    }
}

/// Why mining could not start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MineError {
    /// A theme asked for in [`MineOptions::themes`] is not in the rules.
    UnknownTheme(String),
    /// A gold record is labelled with a theme the rules do not have.
    UnknownLabel {
        /// The record's id.
        id: String,
        /// The label.
        theme: String,
    },
}

impl std::fmt::Display for MineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MineError::UnknownTheme(t) => write!(f, "no theme `{t}` in the rules"),
            MineError::UnknownLabel { id, theme } => {
                write!(f, "record `{id}` is labelled `{theme}`, a theme the rules do not have")
            }
        }
    }
}

impl std::error::Error for MineError {}

/// Reads a JSON Lines gold file, keeping the good records and reporting every bad line (blank lines
/// are skipped), so that one bad record does not stop the others.
pub fn read_gold(text: &str) -> (Vec<GoldRecord>, Vec<GoldError>) {
    GoldRecord::read_jsonl(text)
}

/// The result of [`mine`].
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Mining {
    /// Gold paragraphs read.
    pub records: usize,
    /// Distinct documents among them (the part of the id before the first `:`).
    pub documents: usize,
    /// Micro-averaged F1 of the current rules on these paragraphs, as [`crate::Evaluation::micro_f1`]:
    /// `None` (JSON `null`) when no (paragraph, theme) pair is labelled or tagged (no records, say).
    pub micro_f1: Option<f64>,
    /// The mined themes, in rule order.
    pub themes: Vec<ThemeMining>,
}

/// Candidates for one theme.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct ThemeMining {
    /// Theme id.
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// The rule file the theme is defined in.
    pub file: String,
    /// Paragraphs labelled with the theme.
    pub gold: usize,
    /// Labelled and tagged now.
    pub true_positives: usize,
    /// Tagged now, not labelled.
    pub false_positives: usize,
    /// Labelled, not tagged now.
    pub false_negatives: usize,
    /// The theme's F1 now, as [`crate::ThemeScore::f1`]: `None` (JSON `null`) when the theme is neither
    /// labelled nor tagged in these paragraphs.
    pub f1: Option<f64>,
    /// Candidate terms (weight 1.0), best first.
    pub terms: Vec<TermCandidate>,
    /// Candidate weak terms (weight 0.5): phrases that alone would tag more unlabelled than labelled
    /// paragraphs, and that do more good as weak terms, where other evidence of the theme stands beside
    /// them. Best first.
    pub weak: Vec<TermCandidate>,
    /// The current terms that give the most false positives, with candidate exclusion phrases.
    pub noisy: Vec<NoisyTerm>,
    /// Current terms (weight at least the theme's threshold) proposed as weak terms by the criterion of [`demotes`], best
    /// first by their effect.
    pub demote: Vec<Demotion>,
}

/// What one change to the rules does to the gold paragraphs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    /// Labelled paragraphs that get the theme.
    pub new_true_positives: usize,
    /// Unlabelled paragraphs that get the theme.
    pub new_false_positives: usize,
    /// Labelled paragraphs that lose the theme.
    pub lost_true_positives: usize,
    /// Unlabelled paragraphs that lose the theme.
    pub removed_false_positives: usize,
    /// The theme's F1 after the change. It ranks changes, so it is always a number: a theme that the
    /// change leaves with nothing labelled and nothing tagged (an exclusion that removes every false
    /// positive of a theme no paragraph is labelled with) counts as 1 here — no false positive is
    /// left, the best a change can do — where [`crate::evaluate`] and [`ThemeMining::f1`] give no F1.
    pub f1_after: f64,
    /// `f1_after` minus the F1 now (the F1 now counted as for `f1_after`).
    pub delta_f1: f64,
    /// Micro F1 over all themes after the change (a new term can also stop a short term of another
    /// theme from matching inside it); 1 when nothing at all is labelled or tagged after it, as
    /// `f1_after`.
    pub micro_f1_after: f64,
    /// `micro_f1_after` minus the micro F1 now.
    pub delta_micro_f1: f64,
}

/// A paragraph, by id, with a short excerpt around a phrase (the phrase in 【】).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    /// Gold record id.
    pub id: String,
    /// Up to a dozen characters each side of the phrase, on one line.
    pub text: String,
}

/// A phrase proposed as a term of a theme.
#[derive(Debug, Clone, Serialize)]
pub struct TermCandidate {
    /// The phrase (folded).
    pub phrase: String,
    /// The weight it is proposed with: 1.0 (`terms`) or 0.5 (`weak`).
    pub weight: f32,
    /// Paragraphs labelled with the theme that contain it.
    pub paragraphs: usize,
    /// Other paragraphs that contain it.
    pub elsewhere: usize,
    /// Distinct documents among the labelled paragraphs that contain it; 1 means the evidence is one
    /// document's wording.
    pub documents: usize,
    /// Its effect when added alone.
    pub effect: Effect,
    /// Ids of the labelled paragraphs it would tag (new true positives).
    pub gained: Vec<String>,
    /// Up to two unlabelled paragraphs it would tag (new false positives).
    pub false_positives: Vec<Excerpt>,
    /// Other phrases, ranked lower, that would tag the same paragraphs (by the set arithmetic: they are
    /// not checked one by one).
    pub alternatives: Vec<String>,
}

/// A current term of a theme that gives false positives.
#[derive(Debug, Clone, Serialize)]
pub struct NoisyTerm {
    /// The term as written in the rules.
    pub term: String,
    /// False-positive paragraphs in which it is one of the terms that gave the theme.
    pub false_positives: usize,
    /// Up to two of them.
    pub examples: Vec<Excerpt>,
    /// Candidate theme-level `exclude` phrases around it, best first.
    pub exclusions: Vec<ExclusionCandidate>,
}

/// A phrase proposed for the theme's `exclude` list: the term with a few characters around it, found
/// in false-positive paragraphs and in no true-positive one.
#[derive(Debug, Clone, Serialize)]
pub struct ExclusionCandidate {
    /// The phrase (folded).
    pub phrase: String,
    /// False-positive paragraphs of the term that contain it.
    pub paragraphs: usize,
    /// Distinct documents among them.
    pub documents: usize,
    /// Its effect when added alone.
    pub effect: Effect,
    /// Up to two of the false positives it removes.
    pub fixed: Vec<Excerpt>,
}

/// A current term of a theme proposed as a weak term (weight 0.5, so that it needs other evidence of
/// the theme): where it is the theme's only evidence — the theme is tagged and it is the only term of
/// the theme in the record's report, all its paragraphs together ([`lone_evidence`]) — the record is
/// labelled without the theme at least [`DEMOTE_MIN_WRONG`] times, and with it no more often
/// ([`demotes`]). Proposed only for a term whose weight reaches the theme's threshold, in a theme whose
/// threshold is above 0.5, and only when making it weak takes the theme from some record.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Demotion {
    /// The term as written in the rules (for a proximity term, the name `tifa explain` shows), as a
    /// `remove = [...]` entry names it.
    pub term: String,
    /// Its weight now (at least the theme's threshold).
    pub weight: f32,
    /// Gold records in which it alone gave the theme and that are labelled with the theme.
    pub alone_right: usize,
    /// Gold records in which it alone gave the theme and that are not labelled with it.
    pub alone_wrong: usize,
    /// Distinct documents among the `alone_wrong` paragraphs; 1 means the evidence is one document's
    /// wording.
    pub documents: usize,
    /// Its effect when it alone is made weak (the paragraphs that lose the theme; it gains none).
    pub effect: Effect,
    /// Up to two of the `alone_wrong` paragraphs.
    pub false_positives: Vec<Excerpt>,
    /// The term defined again as a weak term: a `[[term]]` table with `weak = true` and the term's
    /// guards, note and provenance carried over (guard words in folded form), to follow a
    /// `remove = [...]` entry of the term in an overlay. In the file that defines the term, make it weak
    /// there instead (a term defined twice in one file is an error).
    pub definition: String,
}

/// The demotion criterion: a term that is the theme's only evidence in `right` paragraphs labelled
/// with the theme and `wrong` paragraphs not labelled with it is proposed as a weak term when
/// `wrong >= DEMOTE_MIN_WRONG` and `right <= wrong` ("alone it tags wrongly at least twice, and is right
/// no more often than wrong"). Adopted for the default rules on 2026-12-02.
///
/// ```
/// assert!(tifa::demotes(1, 2));
/// assert!(!tifa::demotes(3, 2));
/// assert!(!tifa::demotes(0, 1));
/// ```
pub fn demotes(right: usize, wrong: usize) -> bool {
    wrong >= DEMOTE_MIN_WRONG && right <= wrong
}

/// How often each plain term of the rules is its theme's only evidence in the gold records, as
/// `(theme id, term) -> (right, wrong)`: the count [`demotes`] judges and `tifa mine`'s demotions use.
///
/// A record counts for a term when the theme is tagged in the record and the term is the only term of
/// the theme in the record's report (the union over all its paragraphs); `right` when the record is
/// labelled with the theme, `wrong` when it is not. Only plain terms count — a term whose weight
/// reaches the theme's threshold, so that it can tag alone; a weak term is not listed.
pub fn lone_evidence(tagger: &Tagger, records: &[GoldRecord]) -> BTreeMap<(String, String), (usize, usize)> {
    let rules = tagger.rules();
    let n = rules.themes().len();
    let theme_index = first_theme_index(rules);
    let mut pred = vec![vec![false; records.len()]; n];
    let mut gave = vec![vec![Vec::new(); records.len()]; n];
    for (ri, r) in records.iter().enumerate() {
        note_tagged(&tagger.tag(&r.text), &theme_index, ri, &mut pred, &mut gave);
    }
    let index = TermIndex::new(rules);
    let mut out: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    for (t, theme) in rules.themes().iter().enumerate() {
        let id = theme.id.as_str();
        for (only, right, wrong) in
            lone_records(&index, t, &pred[t], &gave[t], |r| records[r].themes.iter().any(|g| g == id))
        {
            let e = out.entry((id.to_string(), only.to_string())).or_default();
            e.0 += right.len();
            e.1 += wrong.len();
        }
    }
    out
}

/// Theme id → index, the first theme of that id where two share one (as a linear search finds it).
fn first_theme_index(rules: &RuleSet) -> HashMap<&str, usize> {
    let mut index = HashMap::new();
    for (i, t) in rules.themes().iter().enumerate() {
        index.entry(t.id.as_str()).or_insert(i);
    }
    index
}

/// Notes what the report of record `ri` tagged: `pred[t][ri]` for each theme tagged in some paragraph,
/// and in `gave[t][ri]` the terms that gave it, over all the paragraphs, each once, in the order met.
fn note_tagged(
    report: &crate::Report<'_>,
    theme_index: &HashMap<&str, usize>,
    ri: usize,
    pred: &mut [Vec<bool>],
    gave: &mut [Vec<Vec<String>>],
) {
    for p in &report.paragraphs {
        for th in &p.themes {
            let Some(&t) = theme_index.get(th.id.as_str()) else { continue };
            pred[t][ri] = true;
            let terms = &mut gave[t][ri];
            for term in &th.terms {
                if !terms.iter().any(|g| g == term) {
                    terms.push(term.to_string());
                }
            }
        }
    }
}

/// The records in which a plain term alone gave theme `t` ([`lone_term`]), grouped per term in the order
/// the terms are first met: `(term, right, wrong)`, the records labelled with the theme (`labelled`) in
/// `right`, the others in `wrong`. `pred` and `gave` are the theme's rows, per record, as
/// [`note_tagged`] fills them. [`lone_evidence`] counts these; the miner's demotions judge them.
fn lone_records<'s>(
    index: &TermIndex<'_>,
    t: usize,
    pred: &[bool],
    gave: &'s [Vec<String>],
    labelled: impl Fn(usize) -> bool,
) -> Vec<(&'s str, Vec<u32>, Vec<u32>)> {
    let mut alone: Vec<(&str, Vec<u32>, Vec<u32>)> = Vec::new();
    for (r, (&tagged, terms)) in pred.iter().zip(gave).enumerate() {
        let Some(only) = lone_term(index, t, tagged, terms) else { continue };
        let i = match alone.iter().position(|(x, _, _)| *x == only) {
            Some(i) => i,
            None => {
                alone.push((only, Vec::new(), Vec::new()));
                alone.len() - 1
            }
        };
        if labelled(r) {
            alone[i].1.push(r as u32);
        } else {
            alone[i].2.push(r as u32);
        }
    }
    alone
}

/// The term a record's report gave theme `t` alone: `Some` when the theme is tagged (`tagged`), `gave`
/// (the theme's terms over all the record's paragraphs) holds exactly one term, and it is a plain term
/// of the theme ([`TermIndex::plain`]).
fn lone_term<'s>(terms: &TermIndex<'_>, t: usize, tagged: bool, gave: &'s [String]) -> Option<&'s str> {
    let [only] = gave else { return None };
    (tagged && terms.plain(t, only).is_some()).then_some(only.as_str())
}

/// The terms of a rule set by theme and text as written, built once: finding one is a look-up, not a
/// scan of every term (the default rules have thousands, and the miner asks per record). A rule set
/// holds a theme's text once (a file refuses a repeat, an overlay's repeat is dropped); were there
/// two, the first would be found, as a scan in rule order finds it.
struct TermIndex<'r> {
    rules: &'r RuleSet,
    /// `[theme]`: text → index in `rules.terms()`.
    by_text: Vec<HashMap<&'r str, usize>>,
}

impl<'r> TermIndex<'r> {
    fn new(rules: &'r RuleSet) -> TermIndex<'r> {
        let mut by_text = vec![HashMap::new(); rules.themes().len()];
        for (i, term) in rules.terms().iter().enumerate() {
            by_text[term.theme].entry(term.text.as_str()).or_insert(i);
        }
        TermIndex { rules, by_text }
    }

    /// The index of the term `text` of theme `t`.
    fn find(&self, t: usize, text: &str) -> Option<usize> {
        self.by_text.get(t).and_then(|m| m.get(text)).copied()
    }

    /// The index of the term `text` of theme `t` when its weight reaches the theme's threshold (the
    /// scorer's test, `weight + 1e-6 >= threshold`): a term that can tag alone.
    fn plain(&self, t: usize, text: &str) -> Option<usize> {
        let threshold = self.rules.themes()[t].threshold;
        self.find(t, text).filter(|&i| self.rules.terms()[i].weight + 1e-6 >= threshold)
    }
}

/// One gold record as mining sees it.
struct Rec<'a> {
    gold: &'a GoldRecord,
    /// The folded text of each paragraph the tagger reads (boilerplate, a document's title line and a
    /// statement of one's portfolio, which give no theme, left out).
    segs: Vec<String>,
    /// The indexes in `segs` of the closing paragraphs ([`crate::is_closing_exhortation`]), where
    /// only themes with `closing = true` are scored; almost always none.
    closing: Vec<usize>,
    doc: u32,
}

impl Rec<'_> {
    /// Whether the folded `phrase` may count for a theme in this record as tagging would count it:
    /// anywhere for a theme with `closing = true` (`closes`), else in a paragraph that is not a
    /// closing paragraph.
    fn counts(&self, phrase: &str, closes: bool) -> bool {
        closes
            || self.closing.is_empty()
            || self.segs.iter().enumerate().any(|(i, s)| !self.closing.contains(&i) && s.contains(phrase))
    }
}

/// Counts of one theme, or of all themes together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Counts {
    /// F1 with precision 1 when nothing is predicted and recall 1 when nothing is labelled, so that
    /// nothing at all scores 1: for ranking changes (an exclusion that removes a theme's last false
    /// positive gains). What the output shows as the F1 now is [`Counts::defined_f1`].
    fn f1(self) -> f64 {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let (p, r) = (ratio(self.tp, self.tp + self.fp), ratio(self.tp, self.tp + self.fn_));
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }

    /// F1 as [`crate::evaluate`] gives it: [`Counts::f1`] where something is labelled or predicted,
    /// `None` (undefined) where nothing is.
    fn defined_f1(self) -> Option<f64> {
        (self.tp + self.fp + self.fn_ > 0).then(|| self.f1())
    }

    /// The counts after `gain` new true positives and `noise` new false positives.
    fn plus(self, gain: usize, noise: usize) -> Counts {
        Counts { tp: self.tp + gain, fp: self.fp + noise, fn_: self.fn_ - gain }
    }
}

/// What mining works on: the records, their labels and the current predictions.
struct Miner<'a> {
    tagger: &'a Tagger,
    recs: Vec<Rec<'a>>,
    /// `[theme][record]`.
    gold: Vec<Vec<bool>>,
    pred: Vec<Vec<bool>>,
    /// Highest score of the theme in any paragraph of the record, threshold or not (none from a
    /// closing paragraph for a theme without `closing = true`, as in tagging).
    score: Vec<Vec<f32>>,
    /// `[theme][record]`: the terms that gave the theme (where predicted).
    gave: Vec<Vec<Vec<String>>>,
    counts: Vec<Counts>,
    micro: Counts,
    theme_index: HashMap<&'a str, usize>,
    /// The rules' terms by theme and text.
    terms: TermIndex<'a>,
    /// How often each character, and each pair of adjacent characters, occurs in the records.
    cohesion: Cohesion,
}

/// Character and character-pair counts of the mined paragraphs, to tell where a phrase would cut a
/// word: an exclusion phrase that starts or ends between the two characters of a frequent, cohesive
/// pair (基层治理等重|点, 现|代化社区治理) is a fragment, not a phrase a maintainer would write.
/// (No word segmenter is used: a pair holds together when it starts or ends a term of the rules,
/// 7,000 words of the reports' own language, or when the paragraphs themselves
/// show it cohesive, by the Dice coefficient of the pair.)
#[derive(Default)]
struct Cohesion {
    chars: HashMap<char, u32>,
    pairs: HashMap<(char, char), u32>,
    /// The two characters at the start, and at the end, of a term of the rules.
    in_terms: HashSet<(char, char)>,
}

/// A pair occurring at least this often, with a Dice coefficient of at least [`WORD_DICE`], is taken
/// for a word (or part of one) that a phrase boundary should not cut.
const WORD_PAIR_MIN: u32 = 3;
const WORD_DICE: f64 = 0.25;

impl Cohesion {
    fn new<'s>(segs: impl Iterator<Item = &'s str>, terms: impl Iterator<Item = &'s str>) -> Cohesion {
        let mut c = Cohesion::default();
        // the first two and the last two characters of a term (of each word of a proximity term,
        // folded as 甲+乙): the edges of a term are the edges of words, its inside may join two
        // (宗教|工作)
        for word in terms.flat_map(|t| t.split('+')) {
            let chars: Vec<char> = word.chars().collect();
            if let [a, b, ..] = chars[..] {
                c.in_terms.insert((a, b));
            }
            if let [.., a, b] = chars[..] {
                c.in_terms.insert((a, b));
            }
        }
        for seg in segs {
            let mut prev: Option<char> = None;
            for ch in seg.chars() {
                *c.chars.entry(ch).or_default() += 1;
                if ch.is_alphanumeric() {
                    if let Some(p) = prev {
                        *c.pairs.entry((p, ch)).or_default() += 1;
                    }
                    prev = Some(ch);
                } else {
                    prev = None;
                }
            }
        }
        c
    }

    /// Whether `a` followed by `b` holds together as (part of) a word.
    fn holds(&self, a: char, b: char) -> bool {
        if self.in_terms.contains(&(a, b)) {
            return true;
        }
        let pair = self.pairs.get(&(a, b)).copied().unwrap_or(0);
        let total = self.chars.get(&a).copied().unwrap_or(0) + self.chars.get(&b).copied().unwrap_or(0);
        pair >= WORD_PAIR_MIN && total > 0 && 2.0 * f64::from(pair) / f64::from(total) >= WORD_DICE
    }
}

/// Proposes candidate terms, exclusions and demotions to weak terms for the themes of `tagger`'s rules
/// from labelled `records`.
///
/// Candidates and their effects come from `records` alone: pass a training split, never the split whose
/// figures are reported. Errors: a label that is not a theme of the rules, or an unknown theme in
/// `options.themes`.
///
/// ```
/// let rules = tifa::RuleSet::builder()
///     .defaults(false)
///     .source("trade.toml", "name = \"外贸\"\nterms = [\"出口\"]\n")
///     .build()
///     .unwrap();
/// let tagger = tifa::Tagger::new(rules);
/// let gold = |id: &str, text: &str, themes: &[&str]| tifa::GoldRecord {
///     id: id.into(),
///     text: text.into(),
///     themes: themes.iter().map(|t| t.to_string()).collect(),
/// };
/// let records = vec![
///     gold("a:1", "扩大出口规模。", &["trade"]),
///     gold("a:2", "稳住外贸基本盘。", &["trade"]),
///     gold("b:1", "外贸企业稳步增长。", &["trade"]),
///     gold("b:2", "完善养老服务。", &[]),
/// ];
/// let mining = tifa::mine(&tagger, &records, &tifa::MineOptions::default()).unwrap();
/// let best = &mining.themes[0].terms[0];
/// assert_eq!(best.phrase, "外贸");
/// assert_eq!(best.effect.new_true_positives, 2);
/// assert!(best.effect.delta_f1 > 0.0);
/// ```
pub fn mine(tagger: &Tagger, records: &[GoldRecord], options: &MineOptions) -> Result<Mining, MineError> {
    let rules = tagger.rules();
    let theme_index: HashMap<&str, usize> =
        rules.themes().iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();
    for r in records {
        for t in &r.themes {
            if !theme_index.contains_key(t.as_str()) {
                return Err(MineError::UnknownLabel { id: r.id.clone(), theme: t.clone() });
            }
        }
    }
    let mut wanted = Vec::new();
    if options.themes.is_empty() {
        wanted.extend(0..rules.themes().len());
    } else {
        for t in &options.themes {
            match theme_index.get(t.as_str()) {
                Some(&i) if !wanted.contains(&i) => wanted.push(i),
                Some(_) => {}
                None => return Err(MineError::UnknownTheme(t.clone())),
            }
        }
        wanted.sort_unstable();
    }
    let miner = Miner::new(tagger, records, theme_index);
    let ngrams = Ngrams::count(&miner.recs, options.min_count.max(1));
    let themes = wanted.into_iter().map(|t| miner.theme(t, &ngrams, options)).collect();
    let documents = miner.recs.iter().map(|r| r.doc).collect::<HashSet<_>>().len();
    Ok(Mining { records: records.len(), documents, micro_f1: miner.micro.defined_f1(), themes })
}

impl<'a> Miner<'a> {
    /// Tags every record once: predictions, scores, the terms behind each prediction, folded paragraphs.
    fn new(tagger: &'a Tagger, records: &'a [GoldRecord], theme_index: HashMap<&'a str, usize>) -> Miner<'a> {
        let rules = tagger.rules();
        let n = rules.themes().len();
        let mut gold = vec![vec![false; records.len()]; n];
        let mut pred = vec![vec![false; records.len()]; n];
        let mut score = vec![vec![0f32; records.len()]; n];
        let mut gave = vec![vec![Vec::new(); records.len()]; n];
        let mut docs: HashMap<&str, u32> = HashMap::new();
        let mut recs = Vec::with_capacity(records.len());
        let mut buf = crate::tagger::FindBuffers::default();
        let mut raw = Vec::new();
        for (ri, r) in records.iter().enumerate() {
            for t in &r.themes {
                gold[theme_index[t.as_str()]][ri] = true;
            }
            note_tagged(&tagger.tag(&r.text), &theme_index, ri, &mut pred, &mut gave);
            let mut segs = Vec::new();
            let mut closing = Vec::new();
            for seg in paragraphs_of(&r.text) {
                if seg.kind == ParagraphKind::Boilerplate {
                    continue;
                }
                raw.clear();
                tagger.find(&r.text, seg.start..seg.end, &seg.passed_over, &mut buf, &mut raw, None);
                // as the tagger tags: a document's title line or a statement of one's portfolio gives no
                // theme, whatever it holds
                if crate::segment::gets_no_theme_folded(seg.kind, &buf.norm.text) {
                    continue;
                }
                // asked of every paragraph, not only those with a match as the tagger asks: a
                // candidate term may be the first evidence in one
                let closes = crate::segment::is_closing_folded(&buf.norm.text);
                if closes {
                    closing.push(segs.len());
                }
                segs.push(buf.norm.text.clone());
                // as the tagger scores: a closing paragraph gives only themes with `closing = true`
                let mut hits: Vec<(usize, u32)> = raw
                    .iter()
                    .flat_map(|m| m.terms.iter().map(|&t| (rules.terms()[t as usize].theme, t)))
                    .filter(|&(theme, _)| !closes || rules.themes()[theme].closing)
                    .collect();
                hits.sort_unstable();
                hits.dedup();
                let mut sums = vec![0f32; n];
                for (theme, t) in hits {
                    sums[theme] += rules.terms()[t as usize].weight;
                }
                for (ti, s) in sums.into_iter().enumerate() {
                    score[ti][ri] = score[ti][ri].max(s);
                }
            }
            let doc_name = r.id.split(':').next().unwrap_or("");
            let next = docs.len() as u32;
            let doc = *docs.entry(doc_name).or_insert(next);
            recs.push(Rec { gold: r, segs, closing, doc });
        }
        let counts: Vec<Counts> = (0..n)
            .map(|t| {
                let mut c = Counts::default();
                for ri in 0..records.len() {
                    match (gold[t][ri], pred[t][ri]) {
                        (true, true) => c.tp += 1,
                        (false, true) => c.fp += 1,
                        (true, false) => c.fn_ += 1,
                        (false, false) => {}
                    }
                }
                c
            })
            .collect();
        let micro = counts.iter().fold(Counts::default(), |a, c| Counts {
            tp: a.tp + c.tp,
            fp: a.fp + c.fp,
            fn_: a.fn_ + c.fn_,
        });
        let cohesion = Cohesion::new(
            recs.iter().flat_map(|r| r.segs.iter().map(String::as_str)),
            tagger.rules().terms().iter().map(|t| t.folded()),
        );
        Miner {
            tagger,
            recs,
            gold,
            pred,
            score,
            gave,
            counts,
            micro,
            theme_index,
            terms: TermIndex::new(rules),
            cohesion,
        }
    }

    /// The candidates of theme `t`.
    fn theme(&self, t: usize, ngrams: &Ngrams<'_>, options: &MineOptions) -> ThemeMining {
        let rules = self.tagger.rules();
        let theme = &rules.themes()[t];
        let c = self.counts[t];
        let (terms, weak) = self.term_candidates(t, ngrams, options);
        let noisy = self.noisy_terms(t, options);
        let demote = self.demotions(t, options);
        ThemeMining {
            id: theme.id.clone(),
            name: theme.name.clone(),
            file: theme.file.clone(),
            gold: c.tp + c.fn_,
            true_positives: c.tp,
            false_positives: c.fp,
            false_negatives: c.fn_,
            f1: c.defined_f1(),
            terms,
            weak,
            noisy,
            demote,
        }
    }

    /// Candidate terms and weak terms of theme `t`: estimated by set arithmetic, the best checked exactly.
    fn term_candidates(
        &self,
        t: usize,
        ngrams: &Ngrams<'_>,
        options: &MineOptions,
    ) -> (Vec<TermCandidate>, Vec<TermCandidate>) {
        let rules = self.tagger.rules();
        let own: HashSet<&str> = rules.terms().iter().filter(|x| x.theme == t).map(|x| x.folded.as_str()).collect();
        let mut full: Vec<Estimate> = Vec::new();
        let mut half: Vec<Estimate> = Vec::new();
        for (ci, (phrase, postings)) in ngrams.candidates.iter().enumerate() {
            let support = postings.iter().filter(|&&r| self.gold[t][r as usize]).count();
            if support < options.min_count.max(1) || own.contains(phrase) {
                continue;
            }
            let elsewhere = postings.len() - support;
            let estimate = |weight: f32| self.estimate(t, phrase, postings, weight);
            let (delta, gain, noise, tagged) = estimate(1.0);
            // a phrase that alone tags more paragraphs wrongly than rightly is proposed as a weak term when
            // that does better; any other phrase as a term
            if noise > gain {
                let (weak_delta, _, weak_noise, weak_tagged) = estimate(0.5);
                if weak_delta > 1e-12 && weak_delta >= delta {
                    half.push(Estimate {
                        delta: weak_delta,
                        noise: weak_noise,
                        support,
                        elsewhere,
                        index: ci,
                        tagged: weak_tagged,
                        alternatives: Vec::new(),
                    });
                    continue;
                }
            }
            if delta > 1e-12 {
                full.push(Estimate { delta, noise, support, elsewhere, index: ci, tagged, alternatives: Vec::new() });
            }
        }
        let limit = options.limit;
        let shortlist = |v: &mut Vec<Estimate>| {
            v.sort_by(|a, b| {
                b.delta
                    .total_cmp(&a.delta)
                    .then(a.noise.cmp(&b.noise))
                    .then(specificity(b.support, b.elsewhere).total_cmp(&specificity(a.support, a.elsewhere)))
                    .then(b.support.cmp(&a.support))
                    .then_with(|| ngrams.candidates[a.index].0.cmp(ngrams.candidates[b.index].0))
            });
            // one phrase per set of paragraphs tagged is checked; a few others are named beside it
            let mut groups: Vec<Estimate> = Vec::new();
            let mut by_set: HashMap<Vec<u32>, usize> = HashMap::new();
            for e in v.drain(..) {
                match by_set.get(&e.tagged) {
                    Some(&g) => {
                        if groups[g].alternatives.len() < ALTERNATIVES {
                            groups[g].alternatives.push(e.index);
                        }
                    }
                    None => {
                        by_set.insert(e.tagged.clone(), groups.len());
                        groups.push(e);
                    }
                }
            }
            groups.truncate(limit.saturating_add(5));
            *v = groups;
        };
        shortlist(&mut full);
        shortlist(&mut half);
        let terms = self.checked_terms(t, ngrams, &full, 1.0, limit, &[]);
        let taken: Vec<&str> = terms
            .iter()
            .flat_map(|c| std::iter::once(c.phrase.as_str()).chain(c.alternatives.iter().map(String::as_str)))
            .collect();
        let weak = self.checked_terms(t, ngrams, &half, 0.5, limit, &taken);
        (terms, weak)
    }

    /// The change of theme `t`'s F1 estimated by set arithmetic if the folded `phrase`, found in the
    /// records `postings`, were a term of `weight`, with the new true and false positives and the
    /// records it would tag: those not yet tagged with the theme whose score reaches the threshold
    /// with `weight` added, where the phrase counts (not in a closing paragraph alone, for a theme
    /// without `closing = true`: [`Rec::counts`]).
    fn estimate(&self, t: usize, phrase: &str, postings: &[u32], weight: f32) -> (f64, usize, usize, Vec<u32>) {
        let theme = &self.tagger.rules().themes()[t];
        let tags = |r: u32| {
            !self.pred[t][r as usize]
                && self.score[t][r as usize] + weight + 1e-6 >= theme.threshold
                && self.recs[r as usize].counts(phrase, theme.closing)
        };
        let tagged: Vec<u32> = postings.iter().copied().filter(|&r| tags(r)).collect();
        let gain = tagged.iter().filter(|&&r| self.gold[t][r as usize]).count();
        let noise = tagged.len() - gain;
        let base = self.counts[t];
        (base.plus(gain, noise).f1() - base.f1(), gain, noise, tagged)
    }

    /// Checks the shortlisted phrases exactly with `weight`, keeps those that raise the theme's F1, best
    /// first, one per set of paragraphs tagged (the others that tag the same paragraphs become its
    /// `alternatives`), at most `limit`.
    fn checked_terms(
        &self,
        t: usize,
        ngrams: &Ngrams<'_>,
        shortlist: &[Estimate],
        weight: f32,
        limit: usize,
        skip: &[&str],
    ) -> Vec<TermCandidate> {
        let rules = self.tagger.rules();
        let mut checked: Vec<(TermCandidate, Vec<u32>)> = Vec::new();
        for e in shortlist {
            // the estimate is exact unless guards, whole words or thresholds intervene: a little slack
            // beyond `limit` is enough to rank by the exact figures
            if checked.len() >= limit.saturating_add(3) {
                break;
            }
            let (phrase, postings) = &ngrams.candidates[e.index];
            if skip.contains(phrase) {
                continue;
            }
            let Some(modified) = with_term(rules, t, phrase, weight) else { continue };
            let change = self.change(&modified, postings, t);
            if change.effect.delta_f1 <= 1e-12 {
                continue;
            }
            let labelled: Vec<u32> = postings.iter().copied().filter(|&r| self.gold[t][r as usize]).collect();
            let documents = labelled.iter().map(|&r| self.recs[r as usize].doc).collect::<HashSet<_>>().len();
            let false_positives = change.noise.iter().take(EXCERPTS).filter_map(|&r| self.excerpt(r, phrase)).collect();
            let gained = change.gain.iter().map(|&r| self.recs[r as usize].gold.id.clone()).collect();
            let mut tagged = change.gain.clone();
            tagged.extend(&change.noise);
            tagged.sort_unstable();
            checked.push((
                TermCandidate {
                    phrase: phrase.to_string(),
                    weight,
                    paragraphs: labelled.len(),
                    elsewhere: postings.len() - labelled.len(),
                    documents,
                    effect: change.effect,
                    gained,
                    false_positives,
                    alternatives: e.alternatives.iter().map(|&a| ngrams.candidates[a].0.to_string()).collect(),
                },
                tagged,
            ));
        }
        checked.sort_by(|(a, _), (b, _)| {
            rank(&a.effect, &b.effect)
                .then(specificity(b.paragraphs, b.elsewhere).total_cmp(&specificity(a.paragraphs, a.elsewhere)))
                .then(b.paragraphs.cmp(&a.paragraphs))
                .then(b.documents.cmp(&a.documents))
                .then_with(|| a.phrase.cmp(&b.phrase))
        });
        let mut kept: Vec<(TermCandidate, Vec<u32>)> = Vec::new();
        for (cand, tagged) in checked {
            // a phrase inside or around a better one that tags no other paragraph adds nothing
            let inside = |k: &TermCandidate, kt: &[u32]| {
                (k.phrase.contains(&cand.phrase) || cand.phrase.contains(&k.phrase))
                    && tagged.iter().all(|r| kt.binary_search(r).is_ok())
            };
            if kept.iter().any(|(k, kt)| *kt != tagged && inside(k, kt)) {
                continue;
            }
            match kept.iter().position(|(k, kt)| *kt == tagged && k.effect == cand.effect) {
                Some(i) => {
                    let k = &mut kept[i].0;
                    k.alternatives.push(cand.phrase);
                    k.alternatives.extend(cand.alternatives);
                }
                None if kept.len() < limit => kept.push((cand, tagged)),
                None => {}
            }
        }
        kept.into_iter().map(|(c, _)| c).collect()
    }

    /// The current terms of theme `t` behind the most false positives, with candidate exclusion phrases.
    fn noisy_terms(&self, t: usize, options: &MineOptions) -> Vec<NoisyTerm> {
        let rules = self.tagger.rules();
        let mut by_term: Vec<(String, Vec<u32>)> = Vec::new();
        for r in 0..self.recs.len() {
            if self.pred[t][r] && !self.gold[t][r] {
                for term in &self.gave[t][r] {
                    match by_term.iter_mut().find(|(x, _)| x == term) {
                        Some((_, v)) => v.push(r as u32),
                        None => by_term.push((term.clone(), vec![r as u32])),
                    }
                }
            }
        }
        by_term.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(&b.0)));
        by_term.truncate(options.limit);
        let tp: Vec<u32> =
            (0..self.recs.len() as u32).filter(|&r| self.pred[t][r as usize] && self.gold[t][r as usize]).collect();
        by_term
            .into_iter()
            .map(|(text, fps)| {
                let term = self.terms.find(t, &text).map(|i| &rules.terms()[i]);
                let examples = fps
                    .iter()
                    .take(EXCERPTS)
                    .filter_map(|&r| term.and_then(|x| self.excerpt(r, first_word(x))))
                    .collect();
                let exclusions = match term {
                    Some(x) if !x.is_proximity() => self.exclusions(t, &x.folded, x.weight, &fps, &tp),
                    _ => Vec::new(),
                };
                NoisyTerm { term: text, false_positives: fps.len(), examples, exclusions }
            })
            .collect()
    }

    /// The current non-weak terms of theme `t` that [`demotes`] proposes as weak terms, each checked
    /// exactly: the rules with that term's weight 0.5, the records it gave the theme tagged again.
    fn demotions(&self, t: usize, options: &MineOptions) -> Vec<Demotion> {
        let rules = self.tagger.rules();
        // a weak term cannot tag alone only where weight 0.5 falls short of the theme's threshold
        if WEAK_WEIGHT + 1e-6 >= rules.themes()[t].threshold {
            return Vec::new();
        }
        // per term: the records where it alone gave the theme, labelled (right) or not (wrong)
        let alone = lone_records(&self.terms, t, &self.pred[t], &self.gave[t], |r| self.gold[t][r]);
        let mut out = Vec::new();
        for (text, right, wrong) in alone {
            if !demotes(right.len(), wrong.len()) {
                continue;
            }
            let Some(i) = self.terms.plain(t, text) else { continue };
            let term = &rules.terms()[i];
            let mut modified = rules.clone();
            modified.terms[i].weight = WEAK_WEIGHT;
            // only where the term gave the theme can its weight change a prediction, and only this theme's
            let affected: Vec<u32> = (0..self.recs.len() as u32)
                .filter(|&r| self.pred[t][r as usize] && self.gave[t][r as usize].iter().any(|g| g == text))
                .collect();
            let change = self.change(&Tagger::new(modified), &affected, t);
            // made weak, it must take the theme from some record, or the proposal changes nothing
            if change.effect.lost_true_positives + change.effect.removed_false_positives == 0 {
                continue;
            }
            let documents = wrong.iter().map(|&r| self.recs[r as usize].doc).collect::<HashSet<_>>().len();
            let false_positives =
                wrong.iter().take(EXCERPTS).filter_map(|&r| self.excerpt(r, first_word(term))).collect();
            out.push(Demotion {
                term: text.to_string(),
                weight: term.weight,
                alone_right: right.len(),
                alone_wrong: wrong.len(),
                documents,
                effect: change.effect,
                false_positives,
                definition: weak_definition(term, rules.themes()[t].id.as_str()),
            });
        }
        out.sort_by(|a, b| {
            rank(&a.effect, &b.effect).then(b.alone_wrong.cmp(&a.alone_wrong)).then_with(|| a.term.cmp(&b.term))
        });
        out.truncate(options.limit);
        out
    }

    /// Exclusion phrases for the folded term `term` of theme `t`: the term with up to
    /// [`EXTEND_CHARS`] characters around it in the false positives `fps`, found in no true positive.
    fn exclusions(&self, t: usize, term: &str, weight: f32, fps: &[u32], tp: &[u32]) -> Vec<ExclusionCandidate> {
        let rules = self.tagger.rules();
        // A false positive can be fixed only where the theme's other evidence falls short of the
        // threshold without this term (the highest-scoring paragraph of the record decides).
        let threshold = rules.themes()[t].threshold;
        let fixable: Vec<u32> =
            fps.iter().copied().filter(|&r| self.score[t][r as usize] - weight + 1e-6 < threshold).collect();
        if fixable.is_empty() {
            return Vec::new();
        }
        let mut found: HashMap<String, Vec<u32>> = HashMap::new();
        for &r in fps {
            let mut here: HashSet<String> = HashSet::new();
            for seg in &self.recs[r as usize].segs {
                for (k, _) in seg.match_indices(term) {
                    for phrase in extensions(seg, k, k + term.len()) {
                        here.insert(phrase.to_string());
                    }
                }
            }
            for phrase in here {
                found.entry(phrase).or_default().push(r);
            }
        }
        let in_tp = |p: &str| tp.iter().any(|&r| self.recs[r as usize].segs.iter().any(|s| s.contains(p)));
        let mut phrases: Vec<(String, Vec<u32>)> = found
            .into_iter()
            .filter(|(p, fixed)| {
                fixed.iter().any(|r| fixable.contains(r))
                    && valid_phrase(p)
                    && !in_tp(p)
                    && !self.cuts_a_word(p, term, fixed)
            })
            .collect();
        // A phrase that holds a shorter one fixing at least the same paragraphs says nothing more —
        // unless they fix the same paragraphs and only the longer one adds whole two-character words
        // (深圳工会 rather than 圳工会 around 工会).
        let dominated: Vec<bool> = phrases
            .iter()
            .map(|(p, fixed)| {
                phrases.iter().any(|(q, other)| {
                    let same = fixed.len() == other.len();
                    if q == p {
                        false
                    } else if p.contains(q.as_str()) && fixed.iter().all(|r| other.contains(r)) {
                        !(same && word_like(p, term) && !word_like(q, term))
                    } else {
                        q.contains(p.as_str())
                            && same
                            && other.iter().all(|r| fixed.contains(r))
                            && word_like(q, term)
                            && !word_like(p, term)
                    }
                })
            })
            .collect();
        let mut phrases: Vec<(String, Vec<u32>)> =
            phrases.drain(..).zip(dominated).filter(|(_, d)| !d).map(|(p, _)| p).collect();
        phrases.sort_by(|a, b| {
            b.1.len().cmp(&a.1.len()).then(a.0.chars().count().cmp(&b.0.chars().count())).then_with(|| a.0.cmp(&b.0))
        });
        phrases.truncate(EXCLUSIONS_CHECKED);
        let mut out: Vec<(ExclusionCandidate, Vec<u32>)> = Vec::new();
        for (phrase, fixed) in phrases {
            if out.len() >= EXCLUSIONS_SHOWN {
                break;
            }
            let mut modified = rules.clone();
            modified.themes[t].exclude.push(phrase.clone());
            let holders: Vec<u32> = (0..self.recs.len() as u32)
                .filter(|&r| self.recs[r as usize].segs.iter().any(|s| s.contains(phrase.as_str())))
                .collect();
            let change = self.change(&Tagger::new(modified), &holders, t);
            if change.effect.delta_f1 <= 1e-12 {
                continue;
            }
            let documents = fixed.iter().map(|&r| self.recs[r as usize].doc).collect::<HashSet<_>>().len();
            let excerpts = change.cleared.iter().take(EXCERPTS).filter_map(|&r| self.excerpt(r, &phrase)).collect();
            out.push((
                ExclusionCandidate {
                    phrase,
                    paragraphs: fixed.len(),
                    documents,
                    effect: change.effect,
                    fixed: excerpts,
                },
                change.cleared,
            ));
        }
        out.sort_by(|a, b| rank(&a.0.effect, &b.0.effect).then_with(|| a.0.phrase.cmp(&b.0.phrase)));
        // one that clears only false positives a better one clears too adds nothing
        let mut kept: Vec<(ExclusionCandidate, Vec<u32>)> = Vec::new();
        for (x, cleared) in out {
            let adds = !kept.iter().any(|(_, k)| cleared.iter().all(|r| k.contains(r)));
            if adds && kept.len() < EXCLUSIONS_SHOWN {
                kept.push((x, cleared));
            }
        }
        kept.into_iter().map(|(x, _)| x).collect()
    }

    /// Whether the exclusion phrase `phrase` (the folded `term` extended) starts or ends inside a word
    /// where it stands in most of the records `found` it was found in: on a side where it extends
    /// the term, the character outside it and its own character at that edge hold together
    /// ([`Cohesion::holds`]). 基层治理等重 (…等重|点工作) and 代化社区治理 (现|代化社区治理) do; 消费税 in
    /// 征收消费税。 does not. Where the term itself is the edge, the term's boundary is the phrase's.
    fn cuts_a_word(&self, phrase: &str, term: &str, found: &[u32]) -> bool {
        let Some(at) = phrase.find(term) else { return false };
        let (left, right) = (at > 0, at + term.len() < phrase.len());
        let (first, last) = (phrase.chars().next(), phrase.chars().next_back());
        let (mut cut, mut seen) = (0, 0);
        for &r in found {
            for seg in &self.recs[r as usize].segs {
                for (k, _) in seg.match_indices(phrase) {
                    seen += 1;
                    let before = seg[..k].chars().next_back();
                    let after = seg[k + phrase.len()..].chars().next();
                    let cuts = |a: Option<char>, b: Option<char>| matches!((a, b), (Some(a), Some(b)) if self.cohesion.holds(a, b));
                    if (left && cuts(before, first)) || (right && cuts(last, after)) {
                        cut += 1;
                    }
                }
            }
        }
        seen > 0 && cut * 2 > seen
    }

    /// Tags the records `affected` (those holding the changed phrase; no other paragraph can change)
    /// with `tagger` and compares every theme with the current predictions.
    fn change(&self, tagger: &Tagger, affected: &[u32], t: usize) -> Change {
        let mut theme = self.counts[t];
        let mut micro = self.micro;
        let (mut gain, mut noise, mut lost, mut cleared) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let n = self.counts.len();
        for &r in affected {
            let ri = r as usize;
            let report = tagger.tag(&self.recs[ri].gold.text);
            let mut now = vec![false; n];
            for p in &report.paragraphs {
                for th in &p.themes {
                    now[self.theme_index[th.id.as_str()]] = true;
                }
            }
            for (ti, &is) in now.iter().enumerate() {
                let (was, gold) = (self.pred[ti][ri], self.gold[ti][ri]);
                if was == is {
                    continue;
                }
                let step = |c: &mut Counts| match (gold, is) {
                    (true, true) => {
                        c.tp += 1;
                        c.fn_ -= 1;
                    }
                    (true, false) => {
                        c.tp -= 1;
                        c.fn_ += 1;
                    }
                    (false, true) => c.fp += 1,
                    (false, false) => c.fp -= 1,
                };
                step(&mut micro);
                if ti == t {
                    step(&mut theme);
                    match (gold, is) {
                        (true, true) => gain.push(r),
                        (true, false) => lost.push(r),
                        (false, true) => noise.push(r),
                        (false, false) => cleared.push(r),
                    }
                }
            }
        }
        let effect = Effect {
            new_true_positives: gain.len(),
            new_false_positives: noise.len(),
            lost_true_positives: lost.len(),
            removed_false_positives: cleared.len(),
            f1_after: theme.f1(),
            delta_f1: theme.f1() - self.counts[t].f1(),
            micro_f1_after: micro.f1(),
            delta_micro_f1: micro.f1() - self.micro.f1(),
        };
        Change { effect, gain, noise, cleared }
    }

    /// An excerpt of record `r` around the first occurrence of the folded `phrase`.
    fn excerpt(&self, r: u32, phrase: &str) -> Option<Excerpt> {
        let rec = self.recs[r as usize].gold;
        let mut norm = Normalized::default();
        for seg in paragraphs_of(&rec.text) {
            if seg.kind == ParagraphKind::Boilerplate {
                continue;
            }
            let para = &rec.text[seg.start..seg.end];
            norm.fold_passing_over(para, &seg.passed_over, seg.start);
            if let Some(k) = norm.text.find(phrase) {
                let (s, e) = (norm.original_start(k), norm.original_end(para, k + phrase.len()));
                return Some(Excerpt { id: rec.id.clone(), text: context(para, s, e) });
            }
        }
        None
    }
}

/// A candidate phrase scored by set arithmetic, before the exact check.
struct Estimate {
    delta: f64,
    noise: usize,
    support: usize,
    elsewhere: usize,
    /// Index into [`Ngrams::candidates`].
    index: usize,
    /// Records it would tag, ascending.
    tagged: Vec<u32>,
    /// Lower-ranked phrases that would tag the same records.
    alternatives: Vec<usize>,
}

/// Of the paragraphs holding a phrase, the share labelled with the theme.
fn specificity(labelled: usize, elsewhere: usize) -> f64 {
    labelled as f64 / (labelled + elsewhere).max(1) as f64
}

/// What one change did, with the records by kind.
struct Change {
    effect: Effect,
    gain: Vec<u32>,
    noise: Vec<u32>,
    cleared: Vec<u32>,
}

/// Best first: theme ΔF1, then micro ΔF1, then fewer new false positives.
fn rank(a: &Effect, b: &Effect) -> std::cmp::Ordering {
    b.delta_f1
        .total_cmp(&a.delta_f1)
        .then(b.delta_micro_f1.total_cmp(&a.delta_micro_f1))
        .then(a.new_false_positives.cmp(&b.new_false_positives))
}

/// The folded word to show a term by: its text, or the first word of a proximity term.
fn first_word(term: &crate::rules::Term) -> &str {
    term.folded_all.first().map_or(term.folded.as_str(), String::as_str)
}

/// The rules with `phrase` added to theme `t` as a plain term of `weight` (1.0 or 0.5), read the way a
/// pasted `terms = [...]` or `weak = [...]` line is read; `None` when the rule reader refuses it.
fn with_term(rules: &RuleSet, t: usize, phrase: &str, weight: f32) -> Option<Tagger> {
    let key = if weight < 1.0 { "weak" } else { "terms" };
    let source = format!("name = \"x\"\n{key} = [{}]\n", toml_string(phrase));
    let read = RuleSet::builder().defaults(false).source("x.toml", source).build().ok()?;
    let mut term = read.terms.into_iter().next()?;
    term.theme = t;
    let mut modified = rules.clone();
    modified.terms.push(term);
    Some(Tagger::new(modified))
}

/// `term` of the theme `theme_id` written again as a weak term: a `[[term]]` table with `weak = true`,
/// every key that differs from its default carried over (guard and exclusion words as the rules hold
/// them, folded), so that read after a `remove` of the term it is the same term with weight 0.5.
fn weak_definition(term: &crate::rules::Term, theme_id: &str) -> String {
    use std::fmt::Write as _;
    let list = |words: &[String]| format!("[{}]", words.iter().map(|w| toml_string(w)).collect::<Vec<_>>().join(", "));
    let mut out = String::from("[[term]]\n");
    let mut line = |key: &str, value: String| {
        let _ = writeln!(out, "{key} = {value}");
    };
    if term.is_proximity() {
        if term.text != term.all.join("…") {
            line("text", toml_string(&term.text));
        }
        line("all", list(&term.all));
        if term.within != DEFAULT_WITHIN {
            line("within", term.within.to_string());
        }
    } else {
        line("text", toml_string(&term.text));
    }
    line("weak", "true".into());
    if let Some(sub) = &term.sub_theme {
        let short = sub.strip_prefix(theme_id).and_then(|s| s.strip_prefix('.')).unwrap_or(sub);
        line("sub-theme", toml_string(short));
    }
    for (key, value) in [("note", &term.note), ("level", &term.level), ("region", &term.region)] {
        if let Some(v) = value {
            line(key, toml_string(v));
        }
    }
    if let Some(y) = term.year {
        line("year", y.to_string());
    }
    let g = &term.guard;
    if g.quoted {
        line("quoted", "true".into());
    }
    let windowed = [
        ("near", &g.near),
        ("before", &g.before),
        ("after", &g.after),
        ("not-near", &g.not_near),
        ("not-before", &g.not_before),
        ("not-after", &g.not_after),
    ];
    for (key, words) in windowed {
        if !words.is_empty() {
            line(key, list(words));
        }
    }
    if g.window != DEFAULT_WINDOW && windowed.iter().any(|(_, w)| !w.is_empty()) {
        line("window", g.window.to_string());
    }
    if !g.clause.is_empty() {
        line("clause", list(&g.clause));
    }
    if g.work {
        line("work", "true".into());
    }
    if !g.exclude.is_empty() {
        line("exclude", list(&g.exclude));
    }
    let whole_by_default = !term.is_proximity() && term.folded.chars().count() <= SHORT_TERM_CHARS;
    if term.whole_word != whole_by_default {
        line("whole-word", term.whole_word.to_string());
    }
    out
}

/// Whether `c` is a Chinese character (CJK unified ideographs and their extensions).
fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Whether a (folded) phrase may be proposed: a Chinese character in it, and no Latin letter, digit or
/// function character at either end (numbers and units such as 2023年 or 3个 are not terms).
pub fn valid_phrase(p: &str) -> bool {
    let (Some(first), Some(last)) = (p.chars().next(), p.chars().next_back()) else { return false };
    let bad_end = |c: char| c.is_ascii_alphanumeric() || FUNCTION_CHARS.contains(&c);
    p.chars().any(is_han) && !bad_end(first) && !bad_end(last)
}

/// Whether `phrase` adds to the first occurrence of `term` in it nothing, or exactly two characters, on
/// each side: Chinese words are mostly two characters long, so such a phrase is more likely to end on
/// word boundaries than one that adds one or three.
fn word_like(phrase: &str, term: &str) -> bool {
    let Some(at) = phrase.find(term) else { return false };
    let before = phrase[..at].chars().count();
    let after = phrase[at + term.len()..].chars().count();
    matches!(before, 0 | 2) && matches!(after, 0 | 2)
}

/// The stretches of `s` between punctuation: maximal runs of letters and digits (Chinese characters
/// are letters).
fn runs(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|r| !r.is_empty())
}

/// The n-grams of the folded term at `s..e` of `seg` that extend it by 1 to [`EXTEND_CHARS`] characters
/// altogether on either side, without crossing punctuation.
fn extensions(seg: &str, s: usize, e: usize) -> Vec<&str> {
    let left: Vec<usize> = seg[..s]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .take(EXTEND_CHARS)
        .map(|(i, _)| i)
        .collect();
    let right: Vec<usize> = seg[e..]
        .char_indices()
        .take_while(|(_, c)| c.is_alphanumeric())
        .take(EXTEND_CHARS)
        .map(|(i, c)| e + i + c.len_utf8())
        .collect();
    let mut out = Vec::new();
    for a in 0..=left.len() {
        for b in 0..=right.len() {
            if a + b == 0 || a + b > EXTEND_CHARS {
                continue;
            }
            let from = if a == 0 { s } else { left[a - 1] };
            let to = if b == 0 { e } else { right[b - 1] };
            out.push(&seg[from..to]);
        }
    }
    out
}

/// Up to [`CONTEXT_CHARS`] chars of `para` each side of `s..e` (bytes), the phrase in 【】, on one line.
fn context(para: &str, s: usize, e: usize) -> String {
    let before: Vec<char> = para[..s].chars().rev().take(CONTEXT_CHARS + 1).collect();
    let after: Vec<char> = para[e..].chars().take(CONTEXT_CHARS + 1).collect();
    let mut out = String::new();
    if before.len() > CONTEXT_CHARS {
        out.push('…');
    }
    out.extend(before.iter().take(CONTEXT_CHARS).rev());
    out.push('【');
    out.push_str(&para[s..e]);
    out.push('】');
    out.extend(after.iter().take(CONTEXT_CHARS));
    if after.len() > CONTEXT_CHARS {
        out.push('…');
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The candidate phrases of a set of records, with the records holding each.
struct Ngrams<'a> {
    /// `(phrase, records holding it, ascending)`, in phrase order.
    candidates: Vec<(&'a str, Vec<u32>)>,
}

/// Per distinct n-gram: records holding it, the last record counted, and whether a longer valid
/// n-gram holding it occurs in exactly the same records.
#[derive(Clone, Copy)]
struct Stat {
    count: u32,
    last: u32,
    covered: bool,
}

impl<'a> Ngrams<'a> {
    /// Counts every n-gram of every paragraph of `recs`, prunes those a longer candidate covers, and
    /// keeps the valid ones found in at least `min_count` records.
    fn count(recs: &'a [Rec<'a>], min_count: usize) -> Ngrams<'a> {
        let mut stats: HashMap<&'a str, Stat> = HashMap::new();
        for_each_ngram(recs, |r, g| {
            let s = stats.entry(g).or_insert(Stat { count: 0, last: u32::MAX, covered: false });
            if s.last != r {
                s.last = r;
                s.count += 1;
            }
        });
        // longest first: an n-gram is covered when a one-character extension of it occurs in the same
        // records (same count) and is a candidate itself or covered by one
        let mut by_len: Vec<Vec<&'a str>> = vec![Vec::new(); MAX_CHARS + 1];
        for &g in stats.keys() {
            by_len[g.chars().count()].push(g);
        }
        for n in (MIN_CHARS + 1..=MAX_CHARS).rev() {
            for &g in &by_len[n] {
                let s = stats[g];
                if !(s.covered || valid_phrase(g)) {
                    continue;
                }
                let first = g.chars().next().map_or(0, char::len_utf8);
                let last = g.chars().next_back().map_or(0, char::len_utf8);
                for sub in [&g[first..], &g[..g.len() - last]] {
                    if let Some(x) = stats.get_mut(sub) {
                        if x.count == s.count {
                            x.covered = true;
                        }
                    }
                }
            }
        }
        let mut index: HashMap<&'a str, usize> = HashMap::new();
        let mut candidates: Vec<(&'a str, Vec<u32>)> = stats
            .iter()
            .filter(|(g, s)| !s.covered && s.count as usize >= min_count && valid_phrase(g))
            .map(|(&g, _)| (g, Vec::new()))
            .collect();
        candidates.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (i, (g, _)) in candidates.iter().enumerate() {
            index.insert(g, i);
        }
        for_each_ngram(recs, |r, g| {
            if let Some(&i) = index.get(g) {
                let v = &mut candidates[i].1;
                if v.last() != Some(&r) {
                    v.push(r);
                }
            }
        });
        Ngrams { candidates }
    }
}

/// Calls `f(record, n-gram)` for every n-gram of [`MIN_CHARS`]–[`MAX_CHARS`] characters inside a run
/// of every paragraph of every record, records in order.
fn for_each_ngram<'a>(recs: &'a [Rec<'a>], mut f: impl FnMut(u32, &'a str)) {
    let mut bounds: Vec<usize> = Vec::new();
    for (r, rec) in recs.iter().enumerate() {
        for seg in &rec.segs {
            for run in runs(seg) {
                bounds.clear();
                bounds.extend(run.char_indices().map(|(i, _)| i));
                bounds.push(run.len());
                let chars = bounds.len() - 1;
                for i in 0..chars {
                    for n in MIN_CHARS..=MAX_CHARS.min(chars - i) {
                        f(r as u32, &run[bounds[i]..bounds[i + n]]);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tagger(toml: &str) -> Tagger {
        Tagger::new(
            RuleSet::builder()
                .defaults(false)
                .source("t.toml", toml)
                .build()
                .unwrap_or_else(|e| panic!("{}", e.render())),
        )
    }

    fn gold(id: &str, text: &str, themes: &[&str]) -> GoldRecord {
        GoldRecord { id: id.into(), text: text.into(), themes: themes.iter().map(|t| t.to_string()).collect() }
    }

    #[test]
    fn which_phrases_may_be_proposed() {
        let table = [
            ("外贸进出口", true),
            ("的外贸", false), // function character at the start
            ("外贸和", false), // … at the end
            ("2023年", false), // a number and its unit
            ("年12", false),
            ("GDP", false),    // no Chinese character
            ("5G基站", false), // begins with a digit
            ("推进5G基站建设", true),
            ("", false),
        ];
        for (phrase, ok) in table {
            assert_eq!(valid_phrase(phrase), ok, "{phrase}");
        }
    }

    #[test]
    fn extensions_stay_inside_punctuation() {
        let seg = "扩大消费税收,消费";
        let s = seg.find("消费").unwrap();
        let got = extensions(seg, s, s + "消费".len());
        assert_eq!(
            got,
            vec!["消费税", "消费税收", "大消费", "大消费税", "大消费税收", "扩大消费", "扩大消费税", "扩大消费税收"]
        );
        let s = seg.rfind("消费").unwrap();
        assert!(extensions(seg, s, s + "消费".len()).is_empty(), "the comma ends the run");
    }

    /// An exclusion phrase that starts or ends inside a word of the paragraphs is not proposed
    /// (defect 16 of the maintainer's test): 等重 cuts 重点, 代化 cuts 现代化.
    #[test]
    fn exclusions_do_not_cut_words() {
        let segs = [
            "加强基层治理等重点工作", "推进重点项目", "抓好重点民生", "重点领域改革", "推进现代化社区治理",
            "征收消费税。",
        ];
        // 重点 from the paragraphs (Dice 1), 现代 from a term
        let c = Cohesion::new(segs.iter().copied(), ["现代农业", "宗教工作"].into_iter());
        // 教工 is inside 宗教工作, not at an edge: a pair of two words
        let rows = [
            (('重', '点'), true),
            (('现', '代'), true),
            (('宗', '教'), true),
            (('教', '工'), false),
            (('等', '重'), false),
            (('税', '。'), false),
            (('理', '等'), false),
            (('进', '现'), false),
        ];
        for ((a, b), holds) in rows {
            assert_eq!(c.holds(a, b), holds, "{a}{b}");
        }
    }

    #[test]
    fn word_like_extensions() {
        let table = [
            ("深圳工会", true),
            ("圳工会", false),
            ("工会宣教", true),
            ("深圳工会宣教", true),
            ("工会宣", false),
            ("消费税", false),
        ];
        for (phrase, ok) in table {
            let term = if phrase.contains("工会") { "工会" } else { "消费" };
            assert_eq!(word_like(phrase, term), ok, "{phrase}");
        }
    }

    #[test]
    fn f1_follows_evaluate() {
        let table = [
            (Counts { tp: 0, fp: 0, fn_: 0 }, 1.0),
            (Counts { tp: 0, fp: 0, fn_: 3 }, 0.0),
            (Counts { tp: 0, fp: 2, fn_: 0 }, 0.0),
            (Counts { tp: 2, fp: 2, fn_: 0 }, 2.0 / 3.0),
            (Counts { tp: 3, fp: 1, fn_: 1 }, 0.75),
        ];
        for (c, f1) in table {
            assert!((c.f1() - f1).abs() < 1e-12, "{c:?}");
        }
        assert_eq!(Counts { tp: 1, fp: 0, fn_: 3 }.plus(2, 1), Counts { tp: 3, fp: 1, fn_: 1 });
    }

    #[test]
    fn closed_pruning_keeps_the_longest_phrase_of_the_same_paragraphs() {
        let records = [
            gold("a:1", "外贸进出口稳中有进。", &[]),
            gold("a:2", "外贸进出口总额增长。", &[]),
            gold("a:3", "外贸企业。", &[]),
        ];
        let t = tagger("name = \"x\"\nterms = [\"无关\"]\n");
        let miner =
            Miner::new(&t, &records, t.rules().themes().iter().enumerate().map(|(i, x)| (x.id.as_str(), i)).collect());
        let ngrams = Ngrams::count(&miner.recs, 2);
        let phrases: Vec<(&str, Vec<u32>)> = ngrams.candidates.iter().map(|(p, v)| (*p, v.clone())).collect();
        // 外贸进出口 (2 records) covers 进出口, 贸进出口 …; 外贸 is in 3 records and stays
        assert_eq!(phrases, vec![("外贸", vec![0, 1, 2]), ("外贸进出口", vec![0, 1])]);
    }

    #[test]
    fn a_function_character_extension_does_not_hide_a_candidate() {
        // 河湖治理 is always followed by 的: 河湖治理的 is not a candidate, so 河湖治理 stays
        let records = [gold("a:1", "推动河湖治理的工作。", &[]), gold("b:1", "河湖治理的成效。", &[])];
        let t = tagger("name = \"x\"\nterms = [\"无关\"]\n");
        let miner =
            Miner::new(&t, &records, t.rules().themes().iter().enumerate().map(|(i, x)| (x.id.as_str(), i)).collect());
        let ngrams = Ngrams::count(&miner.recs, 2);
        let phrases: Vec<&str> = ngrams.candidates.iter().map(|(p, _)| *p).collect();
        assert_eq!(phrases, vec!["河湖治理"]);
    }

    /// A small table: two plain candidates, one that only helps as a weak term, and a noisy term
    /// with an exclusion.
    #[test]
    fn mines_terms_weak_terms_and_exclusions() {
        let t = tagger("name = \"外贸\"\nterms = [\"出口\", \"消费\"]\n");
        let records = [
            gold("a:1", "稳住外贸基本盘，扩大出口。", &["t"]),
            gold("a:2", "外贸企业稳步增长。", &["t"]),
            gold("b:1", "推动外贸转型升级。", &["t"]),
            gold("b:2", "跨境电商快速发展，带动出口。", &["t"]),
            gold("c:1", "跨境电商产业园落地。", &["t"]),
            gold("c:2", "跨境电商培训进社区。", &[]),
            gold("c:3", "跨境电商进乡村。", &[]),
            gold("d:1", "征收消费税。", &[]),
            gold("d:2", "落实消费税改革。", &[]),
            gold("d:3", "促进消费。", &["t"]),
        ];
        let m = mine(&t, &records, &MineOptions::default()).unwrap();
        assert_eq!((m.records, m.documents), (10, 4));
        let th = &m.themes[0];
        assert_eq!((th.true_positives, th.false_positives, th.false_negatives), (3, 2, 3));
        let terms: Vec<(&str, usize, usize)> = th
            .terms
            .iter()
            .map(|c| (c.phrase.as_str(), c.effect.new_true_positives, c.effect.new_false_positives))
            .collect();
        assert_eq!(terms[0], ("外贸", 2, 0), "{terms:?}");
        let top = &th.terms[0];
        // before: tp 3, fp 2, fn 3 → F1 6/11; after: tp 5, fp 2, fn 1 → F1 10/13
        assert!((top.effect.delta_f1 - (10.0 / 13.0 - 6.0 / 11.0)).abs() < 1e-12, "{:?}", top.effect);
        assert_eq!((top.paragraphs, top.documents, top.elsewhere), (3, 2, 0));
        assert_eq!(top.gained, vec!["a:2", "b:1"]);
        // 消费 gives both false positives; 消费税 is in both and in no true positive
        assert_eq!(th.noisy.len(), 1);
        assert_eq!((th.noisy[0].term.as_str(), th.noisy[0].false_positives), ("消费", 2));
        let ex = &th.noisy[0].exclusions[0];
        assert_eq!(ex.phrase, "消费税");
        assert_eq!(ex.effect.removed_false_positives, 2);
        assert_eq!(ex.fixed[0], Excerpt { id: "d:1".into(), text: "征收【消费税】。".into() });
    }

    /// The estimate applies the closing rule as tagging does: a phrase found only in closing
    /// exhortations gains nothing for a theme without `closing = true` (and the same records for one
    /// with it), and a term of the theme in a closing paragraph adds nothing to the record's score.
    #[test]
    fn the_estimate_leaves_closing_exhortations_to_closing_themes() {
        let rules = |closing: bool| {
            tagger(&format!("name = \"外贸\"\nclosing = {closing}\nweak = [\"口岸\"]\nterms = [\"出口\"]\n"))
        };
        let records = [
            gold("a:1", "各位代表！讓我們大力發展跨境电商，奋力谱写新篇章！", &["t"]),
            gold("b:1", "同志们，让我们做强跨境电商，再创佳绩！", &["t"]),
            gold("c:1", "跨境电商进社区。", &["t"]),
            // a body paragraph, then a closing exhortation with 口岸 (weak) and 综合保税
            gold("d:1", "推动外贸转型升级。\n各位代表！让我们建好口岸和综合保税区，奋力谱写新篇章！", &["t"]),
            gold("e:1", "扩大出口。", &["t"]),
        ];
        for closing in [false, true] {
            let t = rules(closing);
            let miner = Miner::new(
                &t,
                &records,
                t.rules().themes().iter().enumerate().map(|(i, x)| (x.id.as_str(), i)).collect(),
            );
            assert_eq!(miner.recs[0].closing, [0]);
            assert_eq!(miner.recs[3].closing, [1]);
            let (delta, gain, noise, tagged) = miner.estimate(0, "跨境电商", &[0, 1, 2], 1.0);
            if closing {
                assert_eq!((gain, noise, tagged), (3, 0, vec![0, 1, 2]));
            } else {
                // only c:1, where it is in a body paragraph
                assert_eq!((gain, noise, tagged), (1, 0, vec![2]));
            }
            assert!(delta > 0.0);
            // 综合保税 as a weak term: with 口岸 it reaches the threshold only where both count
            assert_eq!(miner.score[0][3], if closing { 0.5 } else { 0.0 });
            let (_, gain, _, _) = miner.estimate(0, "综合保税", &[3], 0.5);
            assert_eq!(gain, usize::from(closing));
            // and the whole run proposes it only where tagging would then tag
            let m = mine(&t, &records, &MineOptions::default()).unwrap();
            assert_eq!(
                m.themes[0].terms.iter().any(|c| c.phrase == "跨境电商" && c.effect.new_true_positives == 3),
                closing,
                "{:?}",
                m.themes[0].terms
            );
        }
    }

    /// A statement of one's portfolio gives no theme when tagged, so mining neither reads it (a phrase
    /// found only there is never looked for) nor scores its terms.
    #[test]
    fn portfolio_statements_give_no_evidence() {
        let t = tagger("name = \"外贸\"\nterms = [\"出口\"]\n");
        let records = [
            gold("a:1", "本人2020年度分管商务、出口、跨境电商等工作。", &[]),
            gold("b:1", "本人分管商务、口岸工作。一年来扩大出口，跨境电商进社区。", &["t"]),
        ];
        let miner =
            Miner::new(&t, &records, t.rules().themes().iter().enumerate().map(|(i, x)| (x.id.as_str(), i)).collect());
        assert!(miner.recs[0].segs.is_empty());
        assert_eq!(miner.score[0][0], 0.0);
        assert_eq!(miner.recs[1].segs.len(), 1);
        assert_eq!(miner.score[0][1], 1.0);
    }

    #[test]
    fn a_weak_term_needs_other_evidence() {
        let t = tagger("name = \"外贸\"\nweak = [\"口岸\"]\nterms = [\"出口\"]\n");
        // now tp 3, fn 2: F1 0.75; 跨境电商 as a term: tp 5, fp 5, F1 0.667; as a weak term: F1 1
        let records = [
            gold("a:1", "口岸通关便利，跨境电商发展。", &["t"]),
            gold("b:1", "口岸建设，跨境电商集聚。", &["t"]),
            gold("c:1", "跨境电商进社区。", &[]),
            gold("c:2", "跨境电商进乡村。", &[]),
            gold("c:3", "跨境电商下乡。", &[]),
            gold("c:4", "跨境电商直播。", &[]),
            gold("c:5", "跨境电商培训。", &[]),
            gold("d:1", "扩大出口。", &["t"]),
            gold("d:2", "稳定出口。", &["t"]),
            gold("d:3", "带动出口。", &["t"]),
        ];
        let m = mine(&t, &records, &MineOptions::default()).unwrap();
        let th = &m.themes[0];
        assert!(th.terms.iter().all(|c| c.phrase != "跨境电商"));
        let weak: Vec<&str> = th.weak.iter().map(|c| c.phrase.as_str()).collect();
        assert_eq!(weak, vec!["跨境电商"]);
        assert_eq!(th.weak[0].effect.new_true_positives, 2);
        assert_eq!(th.weak[0].effect.new_false_positives, 0);
    }

    /// The demotion criterion, on a small table: where 出口 is the theme's only term, it is right (the
    /// paragraph labelled with the theme) and wrong so many times. A paragraph where 外贸 stands beside it
    /// counts for neither.
    #[test]
    fn a_term_wrong_alone_at_least_twice_and_right_no_more_often_is_demoted() {
        let t = tagger("name = \"外贸\"\nterms = [\"出口\", \"外贸\"]\n");
        let table = [(1, 2, true), (2, 2, true), (0, 1, false), (3, 2, false), (0, 2, true), (0, 0, false)];
        for (right, wrong, proposed) in table {
            assert_eq!(demotes(right, wrong), proposed, "{right} right, {wrong} wrong");
            let mut records = Vec::new();
            for i in 0..right {
                records.push(gold(&format!("r{i}:1"), "扩大出口规模。", &["t"]));
            }
            for i in 0..wrong {
                records.push(gold(&format!("w:{i}"), "出口转内销商品展。", &[]));
            }
            // not alone: 外贸 gives the theme too
            records.push(gold("x:1", "外贸出口转内销。", &[]));
            records.push(gold("x:2", "外贸出口转内销。", &[]));
            let m = mine(&t, &records, &MineOptions::default()).unwrap();
            let demote = &m.themes[0].demote;
            assert_eq!(demote.len(), usize::from(proposed), "{right} right, {wrong} wrong: {demote:?}");
            if let Some(d) = demote.first() {
                assert_eq!((d.term.as_str(), d.alone_right, d.alone_wrong, d.weight), ("出口", right, wrong, 1.0));
                // made weak, it tags none of its lone paragraphs; beside 外贸 it still counts
                let e = &d.effect;
                assert_eq!(
                    (e.lost_true_positives, e.removed_false_positives, e.new_true_positives, e.new_false_positives),
                    (right, wrong, 0, 0)
                );
                assert_eq!(d.documents, usize::from(wrong > 0), "the wrong ones are of one document");
                assert_eq!(d.false_positives.len(), wrong.min(EXCERPTS));
                assert_eq!(d.false_positives[0], Excerpt { id: "w:0".into(), text: "【出口】转内销商品展。".into() });
                assert_eq!(d.definition, "[[term]]\ntext = \"出口\"\nweak = true\n");
            }
        }
    }

    /// Demotions follow the theme's threshold: under `threshold = 0.5` a weak term tags alone as a plain
    /// one, so no demotion is proposed; under `threshold = 1.5` a term of weight 1.0 is already weak (it
    /// is not counted, as [`lone_evidence`] says), and one of weight 2.0 is proposed.
    #[test]
    fn demotions_follow_the_threshold() {
        let wrong = [gold("a:1", "征收消费税。", &[]), gold("b:1", "消费税改革。", &[])];
        let low = tagger("name = \"商贸\"\nthreshold = 0.5\nterms = [\"消费\", \"外贸\"]\n");
        let m = mine(&low, &wrong, &MineOptions::default()).unwrap();
        assert!(m.themes[0].demote.is_empty(), "{:?}", m.themes[0].demote);
        assert_eq!(lone_evidence(&low, &wrong).get(&("t".to_string(), "消费".to_string())), Some(&(0, 2)));

        let high =
            tagger("name = \"商贸\"\nthreshold = 1.5\nterms = [\"外贸\"]\n\n[[term]]\ntext = \"消费\"\nweight = 2.0\n");
        let m = mine(&high, &wrong, &MineOptions::default()).unwrap();
        let demote: Vec<(&str, usize, usize)> =
            m.themes[0].demote.iter().map(|d| (d.term.as_str(), d.alone_right, d.alone_wrong)).collect();
        assert_eq!(demote, vec![("消费", 0, 2)]);
        assert_eq!(m.themes[0].demote[0].effect.removed_false_positives, 2);

        let weak = tagger("name = \"商贸\"\nthreshold = 1.5\nterms = [\"消费\", \"外贸\"]\n");
        let double = [gold("a:1", "消费税和消费券。", &[]), gold("b:1", "消费税、消费券。", &[])];
        let m = mine(&weak, &double, &MineOptions::default()).unwrap();
        assert!(m.themes[0].demote.is_empty(), "{:?}", m.themes[0].demote);
        assert!(lone_evidence(&weak, &double).is_empty());
    }

    /// One record of two paragraphs counts once, per record: 出口 alone in both is one wrong record, and
    /// beside 外贸 in one of them it is not alone at all.
    #[test]
    fn lone_evidence_counts_records() {
        let t = tagger("name = \"外贸\"\nterms = [\"出口\", \"外贸\"]\n");
        let records = [
            gold("a:1", "扩大出口。\n\n稳定出口。", &[]),
            gold("b:1", "扩大出口。\n\n外贸出口。", &[]),
            gold("c:1", "出口。", &["t"]),
        ];
        let got = lone_evidence(&t, &records);
        assert_eq!(got.into_iter().collect::<Vec<_>>(), vec![(("t".to_string(), "出口".to_string()), (1, 1))]);
    }

    /// The definition of a demoted term, read after a `remove` of it in an overlay, is the same term with
    /// weight 0.5: guards, exclusions, note, provenance, sub-theme and whole-word matching carried over.
    #[test]
    fn a_demoted_term_keeps_its_guards() {
        let base = "name = \"外贸\"\n[[sub-theme]]\nid = \"port\"\n\n[[term]]\ntext = \"口岸\"\nsub-theme = \"port\"\nnote = \"说明\\\"引号\\\"\"\nlevel = \"市\"\nregion = \"深圳\"\nyear = 2023\nnear = [\"通关\", \"開放\"]\nnot-after = [\"城市\"]\nwindow = 4\nclause = [\"建设\"]\nwork = true\nexclude = [\"口岸城市\"]\nwhole-word = false\n\n[[term]]\nall = [\"跨境\", \"电商\"]\nwithin = 3\nquoted = true\nweight = 1.5\n\n[[term]]\ntext = \"进出口\"\nall = [\"进口\", \"出口\"]\n";
        let rules = RuleSet::builder()
            .defaults(false)
            .source("rules/t.toml", base)
            .build()
            .unwrap_or_else(|e| panic!("{}", e.render()));
        assert_eq!(rules.terms().len(), 3);
        for term in rules.terms() {
            let definition = weak_definition(term, "t");
            let overlay = format!("remove = [{}]\n\n{definition}", toml_string(&term.text));
            let read = RuleSet::builder()
                .defaults(false)
                .source("rules/t.toml", base)
                .source("mine/t.toml", overlay.as_str())
                .build()
                .unwrap_or_else(|e| panic!("{definition}\n{}", e.render()));
            assert!(read.warnings().is_empty(), "{definition}\n{:?}", read.warnings());
            let again = read.terms().iter().find(|x| x.text == term.text).unwrap_or_else(|| panic!("{definition}"));
            assert_eq!(again.weight, WEAK_WEIGHT, "{definition}");
            let shown = |x: &crate::rules::Term| {
                format!(
                    "{:?} {:?} {:?} {:?} {:?} {:?} {} {:?} {} {:?}",
                    x.text, x.sub_theme, x.note, x.level, x.region, x.year, x.whole_word, x.all, x.within, x.guard
                )
            };
            assert_eq!(shown(again), shown(term), "{definition}");
        }
        let plain = weak_definition(&rules.terms()[2], "t");
        assert_eq!(plain, "[[term]]\ntext = \"进出口\"\nall = [\"进口\", \"出口\"]\nweak = true\n");
    }

    #[test]
    fn unknown_themes_and_labels_are_errors() {
        let t = tagger("name = \"外贸\"\nterms = [\"出口\"]\n");
        let records = [gold("a:1", "出口。", &["nope"])];
        assert_eq!(
            mine(&t, &records, &MineOptions::default()).unwrap_err(),
            MineError::UnknownLabel { id: "a:1".into(), theme: "nope".into() }
        );
        let options = MineOptions { themes: vec!["nope".into()], ..MineOptions::default() };
        assert_eq!(mine(&t, &[], &options).unwrap_err(), MineError::UnknownTheme("nope".into()));
    }

    #[test]
    fn bad_gold_lines_are_reported_and_the_rest_is_kept() {
        let (records, errors) = read_gold(
            "{\"id\":\"a\",\"text\":\"x\",\"themes\":[]}\n\nnot json\n{\"id\":\"b\",\"text\":\"y\",\"themes\":[]}\n",
        );
        assert_eq!(records.len(), 2);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 3);
    }

    /// The index finds what a scan of the terms in rule order finds, for every term of the default
    /// rules: the first term of the theme with that text, and as plain only where its weight reaches
    /// the theme's threshold (weak terms of the default rules are not).
    #[test]
    fn the_term_index_finds_what_a_scan_finds() {
        let rules = RuleSet::builder().build().unwrap_or_else(|e| panic!("{}", e.render()));
        let index = TermIndex::new(&rules);
        let scan = |t: usize, text: &str| rules.terms().iter().position(|x| x.theme == t && x.text == text);
        let mut weak = 0;
        for term in rules.terms() {
            let t = term.theme;
            assert_eq!(index.find(t, &term.text), scan(t, &term.text), "{}", term.text);
            let plain = scan(t, &term.text).filter(|&i| rules.terms()[i].weight + 1e-6 >= rules.themes()[t].threshold);
            assert_eq!(index.plain(t, &term.text), plain, "{}", term.text);
            weak += usize::from(plain.is_none());
            // another theme's term is not this theme's
            let other = (t + 1) % rules.themes().len();
            assert_eq!(index.find(other, &term.text), scan(other, &term.text), "{}", term.text);
        }
        assert!(weak > 0, "the default rules have weak terms");
        assert_eq!(index.find(0, "不是任何术语"), None);
        assert_eq!(index.find(rules.themes().len(), &rules.terms()[0].text), None);

        // a theme's text is held once: a file refuses a repeat, and an overlay's repeat is dropped (the
        // earlier term stays), so the index's "first wins" never has to choose
        for (first, second, plain) in [
            ("terms = [\"消费\"]", "[[term]]\ntext = \"消费\"\nweak = true", true),
            ("weak = [\"消费\"]", "terms = [\"消费\"]", false),
        ] {
            let rules = RuleSet::builder()
                .defaults(false)
                .source("rules/t.toml", format!("name = \"商贸\"\n{first}\n"))
                .source("overlay/t.toml", format!("{second}\n"))
                .build()
                .unwrap_or_else(|e| panic!("{}", e.render()));
            let index = TermIndex::new(&rules);
            let held: Vec<usize> = (0..rules.terms().len()).filter(|&i| rules.terms()[i].text == "消费").collect();
            assert_eq!(held.len(), 1, "{first} then {second}");
            assert_eq!(index.find(0, "消费"), Some(held[0]));
            assert_eq!(index.plain(0, "消费").is_some(), plain, "{first} then {second}: the earlier term stays");
        }
    }
}
