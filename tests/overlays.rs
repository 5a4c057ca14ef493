//! Overlays, as tables: rule files read in order (the first stands for the defaults, as an earlier
//! folder does), the terms the theme ends with, and the warnings or errors with their places. Then
//! the default rules under an overlay: the default examples that use a removed term are left out.

use tifa::{RuleSet, Tagger};

struct Case {
    name: &'static str,
    /// `(file name, TOML)`, read in this order without the default rules.
    files: &'static [(&'static str, &'static str)],
    /// Every term of the rules: `(text, weight, guarded)`, in any order.
    terms: &'static [(&'static str, f32, bool)],
    /// `(file, line, column, start of the message)` of every warning, or of every error when the
    /// rules do not build.
    findings: &'static [(&'static str, usize, usize, &'static str)],
    /// Whether the findings are errors (the rules do not build).
    errors: bool,
}

const BASE: (&str, &str) = (
    "defaults/gov.toml",
    r#"name = "政务"
terms = ["一网通办"]
[[term]]
text = "穗好办"
weak = true
note = "广州政务服务 App"
[[term]]
text = "垃圾分类"
not-after = ["等身边事"]
[[term]]
all = ["道路", "整治"]
within = 4
"#,
);

const CASES: &[Case] = &[
    Case {
        name: "remove and a plain entry in the same overlay: the overlay's definition survives",
        files: &[BASE, ("my/gov.toml", "remove = [\"穗好办\"]\nterms = [\"穗好办\"]\n")],
        terms: &[("一网通办", 1.0, false), ("垃圾分类", 1.0, true), ("道路…整治", 1.0, false), ("穗好办", 1.0, false)],
        findings: &[],
        errors: false,
    },
    Case {
        name: "remove and a [[term]] in the same overlay: the new guard and weight hold",
        files: &[
            BASE,
            (
                "my/gov.toml",
                "remove = [\"穗好办\"]\n[[term]]\ntext = \"穗好办\"\nweight = 2.0\nnot-near = [\"志愿\"]\n",
            ),
        ],
        terms: &[("一网通办", 1.0, false), ("垃圾分类", 1.0, true), ("道路…整治", 1.0, false), ("穗好办", 2.0, true)],
        findings: &[],
        errors: false,
    },
    Case {
        name: "a term given again without remove keeps its earlier guard, with a warning",
        files: &[BASE, ("my/gov.toml", "terms = [\"垃圾分类\", \"一网统管\"]\n")],
        terms: &[
            ("一网通办", 1.0, false),
            ("穗好办", 0.5, false),
            ("垃圾分类", 1.0, true),
            ("道路…整治", 1.0, false),
            ("一网统管", 1.0, false),
        ],
        findings: &[(
            "my/gov.toml",
            1,
            10,
            "`垃圾分类` is already a term of gov (defaults/gov.toml:8); this entry changes nothing — to redefine it, also write remove = [\"垃圾分类\"]",
        )],
        errors: false,
    },
    Case {
        name: "a weak term given again as a [[term]] keeps its weight, with a warning",
        files: &[BASE, ("my/gov.toml", "[[term]]\ntext = \"穗好办\"\nweight = 3.0\n")],
        terms: &[("一网通办", 1.0, false), ("穗好办", 0.5, false), ("垃圾分类", 1.0, true), ("道路…整治", 1.0, false)],
        findings: &[("my/gov.toml", 2, 8, "`穗好办` is already a term of gov (defaults/gov.toml:4)")],
        errors: false,
    },
    Case {
        name: "a term given again in a sub-theme warns too",
        files: &[BASE, ("my/gov.toml", "[[sub-theme]]\nid = \"app\"\nterms = [\"一网通办\"]\n")],
        terms: &[("一网通办", 1.0, false), ("穗好办", 0.5, false), ("垃圾分类", 1.0, true), ("道路…整治", 1.0, false)],
        findings: &[("my/gov.toml", 3, 10, "`一网通办` is already a term of gov (defaults/gov.toml:2)")],
        errors: false,
    },
    Case {
        name: "a proximity term given again warns, and its remove names the displayed form",
        files: &[BASE, ("my/gov.toml", "[[term]]\nall = [\"道路\", \"整治\"]\n")],
        terms: &[("一网通办", 1.0, false), ("穗好办", 0.5, false), ("垃圾分类", 1.0, true), ("道路…整治", 1.0, false)],
        findings: &[(
            "my/gov.toml",
            2,
            7,
            "`道路…整治` is already a term of gov (defaults/gov.toml:11); this entry changes nothing — to redefine it, also write remove = [\"道路…整治\"]",
        )],
        errors: false,
    },
    Case {
        name: "a proximity term is removed by its displayed name",
        files: &[BASE, ("my/gov.toml", "remove = [\"道路…整治\"]\n")],
        terms: &[("一网通办", 1.0, false), ("穗好办", 0.5, false), ("垃圾分类", 1.0, true)],
        findings: &[],
        errors: false,
    },
    Case {
        name: "a proximity term is removed with three dots",
        files: &[BASE, ("my/gov.toml", "remove = [\"道路...整治\"]\n")],
        terms: &[("一网通办", 1.0, false), ("穗好办", 0.5, false), ("垃圾分类", 1.0, true)],
        findings: &[],
        errors: false,
    },
    Case {
        name: "a proximity term is removed in its folded form",
        files: &[BASE, ("my/gov.toml", "remove = [\"道路+整治\"]\n")],
        terms: &[("一网通办", 1.0, false), ("穗好办", 0.5, false), ("垃圾分类", 1.0, true)],
        findings: &[],
        errors: false,
    },
    Case {
        name: "a proximity term with a text of its own is removed by that text",
        files: &[
            ("defaults/road.toml", "name = \"道路\"\n[[term]]\ntext = \"道路整治\"\nall = [\"道路\", \"整治\"]\n"),
            ("my/road.toml", "remove = [\"道路整治\"]\nterms = [\"路网\"]\n"),
        ],
        terms: &[("路网", 1.0, false)],
        findings: &[],
        errors: false,
    },
    Case {
        name: "a term removed by one folder and given again by a later one is the later definition",
        files: &[BASE, ("a/gov.toml", "remove = [\"穗好办\"]\n"), ("b/gov.toml", "terms = [\"穗好办\"]\n")],
        terms: &[("一网通办", 1.0, false), ("垃圾分类", 1.0, true), ("道路…整治", 1.0, false), ("穗好办", 1.0, false)],
        findings: &[],
        errors: false,
    },
    Case {
        name: "remove does not reach a term of its own file",
        files: &[BASE, ("my/gov.toml", "terms = [\"一网统管\"]\nremove = [\"一网统管\"]\n")],
        terms: &[],
        findings: &[(
            "my/gov.toml",
            2,
            11,
            "`一网统管` is not a term of theme `gov` in the rules read before this file",
        )],
        errors: true,
    },
    Case {
        name: "remove in a new theme's only file names no earlier term",
        files: &[("my/eco.toml", "name = \"生态\"\nterms = [\"河长制\"]\nremove = [\"河长制\", \"林长制\"]\n")],
        terms: &[],
        findings: &[
            ("my/eco.toml", 3, 11, "`河长制` is not a term of theme `eco` in the rules read before this file"),
            ("my/eco.toml", 3, 18, "`林长制` is not a term of theme `eco`"),
        ],
        errors: true,
    },
    Case {
        name: "a term removed by an earlier folder is gone for a later remove",
        files: &[BASE, ("a/gov.toml", "remove = [\"穗好办\"]\n"), ("b/gov.toml", "remove = [\"穗好办\"]\n")],
        terms: &[],
        findings: &[("b/gov.toml", 1, 11, "`穗好办` is not a term of theme `gov`")],
        errors: true,
    },
];

/// A term as the cases compare it: text, weight, guarded.
type TermRow = (String, f32, bool);
/// A warning or error as the cases compare it: file, line, column, message.
type Finding = (String, usize, usize, String);

fn build(files: &[(&str, &str)]) -> Result<RuleSet, tifa::RuleErrors> {
    let mut b = RuleSet::builder().defaults(false);
    for (name, text) in files {
        b = b.source(*name, *text);
    }
    b.build()
}

#[test]
fn overlay_semantics() {
    let mut failures = Vec::new();
    for case in CASES {
        let (terms, findings): (Vec<TermRow>, Vec<Finding>) = match build(case.files) {
            Ok(set) => (
                set.terms().iter().map(|t| (t.text.clone(), t.weight, t.is_guarded())).collect(),
                set.warnings().iter().map(|w| (w.file.clone(), w.line, w.column, w.message.clone())).collect(),
            ),
            Err(errors) => {
                (Vec::new(), errors.iter().map(|e| (e.file.clone(), e.line, e.column, e.message.clone())).collect())
            }
        };
        let built = build(case.files).is_ok();
        if built == case.errors {
            failures.push(format!(
                "{}: expected {}, got {findings:?}",
                case.name,
                if case.errors { "errors" } else { "rules that build" }
            ));
            continue;
        }
        let mut want: Vec<TermRow> = case.terms.iter().map(|&(t, w, g)| (t.to_string(), w, g)).collect();
        let mut terms = terms;
        want.sort_by(|a, b| a.0.cmp(&b.0));
        terms.sort_by(|a, b| a.0.cmp(&b.0));
        if terms != want {
            failures.push(format!("{}: terms\n  expected {want:?}\n  got      {terms:?}", case.name));
        }
        let ok = findings.len() == case.findings.len()
            && findings
                .iter()
                .zip(case.findings)
                .all(|(got, &(f, l, c, m))| got.0 == f && got.1 == l && got.2 == c && got.3.starts_with(m));
        if !ok {
            failures.push(format!("{}: findings\n  expected {:?}\n  got      {findings:?}", case.name, case.findings));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The guide's own overlay (rules/README.md §8) removes 垃圾分类, which default examples use: those
/// examples are left out and counted, and the others all pass.
#[test]
fn default_examples_that_use_a_removed_term_are_left_out() {
    for remove in ["垃圾分类", "道路…整治"] {
        let overlay = format!("remove = [\"{remove}\"]\n");
        let theme = if remove == "垃圾分类" { "city_appearance" } else { "infrastructure_transport" };
        let rules = RuleSet::builder().source(format!("my/{theme}.toml"), overlay).build().unwrap();
        let left = rules.examples_left_out().to_vec();
        assert!(!left.is_empty(), "{remove}");
        assert!(left.iter().all(|l| l.term == remove && l.file.starts_with("<default rules>/")), "{left:?}");
        let builtin = RuleSet::builtin().examples().len();
        assert_eq!(rules.examples().len() + left.len(), builtin, "{remove}");
        let failures = Tagger::new(rules).check_examples();
        assert!(failures.is_empty(), "{remove}: {:?}", failures.iter().map(|f| f.render()).collect::<Vec<_>>());
    }
    // a term of the overlay's own is not a removal of the defaults: nothing is left out
    let rules = RuleSet::builder().source("my/city_appearance.toml", "terms = [\"垃圾减量\"]\n").build().unwrap();
    assert!(rules.examples_left_out().is_empty());
}

/// A default example that fails under an overlay is placed in the default rules, not in a folder
/// named `rules/` that the user does not have.
#[test]
fn a_default_example_failing_under_an_overlay_is_placed_in_the_default_rules() {
    // a new term that covers more of a default example's sentence makes its marks wrong
    let rules = RuleSet::builder().source("my/city_appearance.toml", "terms = [\"全面推进垃圾\"]\n").build().unwrap();
    let failures = Tagger::new(rules).check_examples();
    assert!(!failures.is_empty());
    for f in &failures {
        assert!(f.file.starts_with("<default rules>/city_appearance.toml"), "{}", f.file);
        assert!(f.render().contains("--> <default rules>/city_appearance.toml:"), "{}", f.render());
    }
}
