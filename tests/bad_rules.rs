//! The bad-rule catalogue: every file of `tests/bad-rules/` is a rule file with one kind of mistake
//! (or several), and `tests/bad-rules/NAME.txt` is what `tifa check` says about it — every error with
//! file, line and column (characters, after tabs, wide characters, a BOM or CRLF line ends), the
//! source line and a caret, exit code 78. A folder case is checked as one `--rules` folder. When
//! the output changes on purpose, re-bless the files and review them with `git diff`:
//!
//! ```text
//! TIFA_BLESS=1 cargo test --test bad_rules
//! ```

mod common;

use std::path::{Path, PathBuf};

use common::{golden, tifa};

const DIR: &str = "tests/bad-rules";

/// The cases: `*.toml` files and folders, by name.
fn cases() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|x| x == "toml"))
        .collect();
    v.sort();
    v
}

fn check(rel: &str) -> common::Run {
    tifa(&["check", "--no-default-rules", rel], b"")
}

/// `N errors in rule files`: the N.
fn count(stderr: &str) -> usize {
    let last = stderr.lines().last().unwrap_or("");
    last.split(' ').next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("no count line in:\n{stderr}"))
}

#[test]
fn each_case_has_its_golden_errors() {
    let cases = cases();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_str().unwrap();
        let rel = format!("{DIR}/{name}");
        let run = check(&rel);
        assert_eq!(run.code, 78, "{rel}: exit code\n{}{}", run.stdout, run.stderr);
        assert!(run.stdout.is_empty(), "{rel}: {}", run.stdout);
        assert!(!run.stderr.contains("panicked"), "{rel}: {}", run.stderr);
        let stem = name.strip_suffix(".toml").unwrap_or(name);
        let actual = format!("$ tifa check --no-default-rules {rel}\nexit code: {}\n{}", run.code, run.stderr);
        failures.extend(golden(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("{DIR}/{stem}.txt")),
            &actual,
            "bad_rules",
        ));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// All the files in one run: every error of every file is reported together, none hidden by another
/// file's (a non-UTF-8 file, a folder named `x.toml`), in file order.
#[test]
fn one_run_reports_every_error_of_every_file() {
    let files: Vec<PathBuf> = cases().into_iter().filter(|p| p.is_file()).collect();
    let run = check(DIR);
    assert_eq!(run.code, 78);
    let mut expected = 0;
    for f in &files {
        let one = check(&format!("{DIR}/{}", f.file_name().unwrap().to_str().unwrap()));
        expected += count(&one.stderr);
        // each error block of the file's own run is in the joint run
        for block in one.stderr.split("\n\n").filter(|b| b.starts_with("error")) {
            assert!(run.stderr.contains(block), "missing from the joint run:\n{block}");
        }
    }
    assert_eq!(count(&run.stderr), expected, "{}", run.stderr);
}

// --- warnings: entries that can never change a match -------------------------------------------

/// A set of rule files (without the defaults) and the warnings it must give: `(file, line, column,
/// start of the message)`, in order. The rules must build all the same.
struct Dead {
    name: &'static str,
    files: &'static [(&'static str, &'static str)],
    warnings: &'static [(&'static str, usize, usize, &'static str)],
}

const SAFETY: &str = r#"name = "安全"
terms = ["安全生产"]
weak = ["隐患"]
exclude = ["粮食安全生产", "粮食安全", "排查隐患台账", "消防车", "消防通道畅通"]
[[sub-theme]]
id = "fire"
terms = ["消防通道"]
[[term]]
text = "消防车"
"#;

const RURAL: &str = r#"name = "乡村"
terms = ["粮食安全"]
"#;

const DEAD: &[Dead] = &[
    Dead {
        // 粮食安全生产 holds 安全生产; 排查隐患台账 a weak term; 消防车 a [[term]]; 消防通道畅通 a
        // sub-theme's term. 粮食安全 holds only another theme's term
        name: "a theme's exclusion needs a term of the theme: plain, weak, [[term]] or sub-theme",
        files: &[("t/safety.toml", SAFETY), ("t/rural.toml", RURAL)],
        warnings: &[(
            "t/safety.toml",
            4,
            22,
            "exclusion `粮食安全` of theme `safety` contains no term of the theme: it never cancels a match",
        )],
    },
    Dead {
        name: "folded forms: a Traditional exclusion holds a Simplified term",
        files: &[("t/eco.toml", "name = \"生态\"\nterms = [\"河长制\"]\nexclude = [\"河長制度化\", \"河長\"]\n")],
        warnings: &[("t/eco.toml", 3, 21, "exclusion `河長` of theme `eco`")],
    },
    Dead {
        // a proximity match runs from its first word to its last: the phrase must hold them all
        name: "a theme's exclusion and a proximity term: every word inside, or dead",
        files: &[(
            "t/river.toml",
            "name = \"河道\"\nexclude = [\"河道综合整治工程\", \"河道保洁\"]\n[[term]]\nall = [\"河道\", \"整治\"]\n",
        )],
        warnings: &[("t/river.toml", 2, 24, "exclusion `河道保洁` of theme `river` contains no term")],
    },
    Dead {
        name: "a term's exclusion must hold the term",
        files: &[(
            "t/park.toml",
            "name = \"园区\"\n[[term]]\ntext = \"工业园区\"\nexclude = [\"工业园区改造\", \"工业园改造\"]\n",
        )],
        warnings: &[(
            "t/park.toml",
            4,
            22,
            "exclusion `工业园改造` of term `工业园区` does not contain the term: it never cancels a match",
        )],
    },
    Dead {
        name: "a term's exclusion and a proximity term: every word inside, or dead",
        files: &[(
            "t/river.toml",
            "name = \"河道\"\n[[term]]\nall = [\"河道\", \"治理\"]\nexclude = [\"河道防洪治理\", \"河道防洪\"]\n",
        )],
        warnings: &[(
            "t/river.toml",
            4,
            22,
            "exclusion `河道防洪` of term `河道…治理` does not contain every word of the term",
        )],
    },
    Dead {
        // 军人 (two characters: whole word). 领军人物 covers it; 领军 and 人物 cross its edges; 退役军人
        // ends with it; 军 lies inside it, 领军企业 and 物人 touch nothing
        name: "a word of the lexicon must cover a whole-word term or cross its edge",
        files: &[(
            "t/army.toml",
            "name = \"双拥\"\nterms = [\"军人\"]\nwords = [\"领军人物\", \"领军\", \"人物\", \"退役军人\",\n  \"军\", \"领军企业\", \"物人\"]\n",
        )],
        warnings: &[
            (
                "t/army.toml",
                4,
                3,
                "word `军` covers no whole-word term and crosses the edge of none: it never stops a match",
            ),
            ("t/army.toml", 4, 8, "word `领军企业` covers no whole-word term"),
            ("t/army.toml", 4, 16, "word `物人` covers no whole-word term"),
        ],
    },
    Dead {
        // only whole-word literal terms count: a longer term (whole-word = false by default), one
        // switched off, and a proximity term are never cut out of a word
        name: "a word over terms that are not whole words",
        files: &[(
            "t/army.toml",
            "name = \"双拥\"\nterms = [\"军人优待\"]\nwords = [\"军人优待证\", \"领军\", \"领军人才\"]\n[[term]]\ntext = \"军人\"\nwhole-word = false\n[[term]]\nall = [\"军人\", \"家属\"]\n",
        )],
        warnings: &[
            ("t/army.toml", 3, 10, "word `军人优待证` covers no whole-word term"),
            ("t/army.toml", 3, 19, "word `领军` covers no whole-word term"),
            ("t/army.toml", 3, 25, "word `领军人才` covers no whole-word term"),
        ],
    },
    Dead {
        // a term is a word of the lexicon already: it stops the other themes' whole-word terms as a
        // term, and never its own theme's
        name: "a word that is a term already",
        files: &[
            ("t/army.toml", "name = \"双拥\"\nterms = [\"军人\"]\nwords = [\"领军人才\"]\n"),
            ("t/talent.toml", "name = \"人才\"\nterms = [\"领军人才\"]\n"),
        ],
        warnings: &[(
            "t/army.toml",
            3,
            10,
            "word `领军人才` is a term of theme `talent`, and every term is a word of the lexicon already",
        )],
    },
    Dead {
        // the base file's exclusion lost its only term to the overlay: the warning points at the base
        name: "an overlay that removes a term makes an exclusion dead, and the rules still build",
        files: &[
            ("base/safety.toml", "name = \"安全\"\nterms = [\"安全生产\", \"安全\"]\nexclude = [\"粮食安全\"]\n"),
            ("mine/safety.toml", "remove = [\"安全\"]\n"),
        ],
        warnings: &[(
            "base/safety.toml",
            3,
            12,
            "exclusion `粮食安全` of theme `safety` contains no term of the theme",
        )],
    },
    Dead {
        // and a removed whole-word term leaves the words that were there for it
        name: "an overlay that removes a whole-word term makes its words dead",
        files: &[
            ("base/army.toml", "name = \"双拥\"\nterms = [\"军人\", \"退役军人\"]\nwords = [\"领军人物\"]\n"),
            ("mine/army.toml", "remove = [\"军人\"]\n"),
        ],
        warnings: &[("base/army.toml", 3, 10, "word `领军人物` covers no whole-word term")],
    },
    Dead {
        // a switched-off theme's exclusions change nothing and are not looked at; its words are still
        // in the lexicon
        name: "a switched-off theme",
        files: &[
            ("t/army.toml", "name = \"双拥\"\nterms = [\"军人\"]\n"),
            (
                "t/off.toml",
                "name = \"关\"\nenabled = false\nterms = [\"河长制\"]\nexclude = [\"粮食安全\"]\nwords = [\"领军人物\", \"领军企业\"]\n",
            ),
        ],
        warnings: &[("t/off.toml", 5, 18, "word `领军企业` covers no whole-word term")],
    },
    Dead {
        // the window is the reach of near, before, after and the not- guards; quoted, clause, work
        // and exclude do not read it
        name: "a window that no guard reads",
        files: &[(
            "t/win.toml",
            "name = \"窗口\"\n[[term]]\ntext = \"河长制\"\nwindow = 4\n[[term]]\ntext = \"林长制\"\nquoted = true\nclause = [\"推行\"]\nexclude = [\"林长制度\"]\nwindow = 4\n[[term]]\ntext = \"湖长制\"\nnot-after = [\"会议\"]\nwindow = 4\n[[term]]\nall = [\"河道\", \"整治\"]\nnear = [\"推进\"]\nwindow = 4\n",
        )],
        warnings: &[
            (
                "t/win.toml",
                4,
                1,
                "`window` of term `河长制` is read by no guard: it is the reach of near, before, after, not-near, not-before and not-after",
            ),
            ("t/win.toml", 10, 1, "`window` of term `林长制` is read by no guard"),
        ],
    },
    Dead {
        // the whole guard word must lie within `window` characters of the match: one longer never does.
        // A word as long as the window fits (林长制), and `clause` has no window
        name: "a guard word longer than the window",
        files: &[(
            "t/reach.toml",
            "name = \"窗口\"\n[[term]]\ntext = \"河长制\"\nnot-before = [\"以来\", \"年\"]\nwindow = 1\n[[term]]\ntext = \"湖长制\"\nafter = [\"全面推行落实到位工作\"]\n[[term]]\ntext = \"林长制\"\nnear = [\"推行\"]\nclause = [\"全面推行落实到位工作\"]\nwindow = 2\n",
        )],
        warnings: &[
            (
                "t/reach.toml",
                4,
                15,
                "word `以来` of `not-before` of term `河长制` has 2 characters, more than `window = 1`: the whole word must lie within the window, so the guard never sees it",
            ),
            (
                "t/reach.toml",
                8,
                10,
                "word `全面推行落实到位工作` of `after` of term `湖长制` has 10 characters, more than the default window of 8",
            ),
        ],
    },
    Dead {
        // folded: a Traditional spelling is the same word
        name: "a word given twice in `all`",
        files: &[(
            "t/all.toml",
            "name = \"邻近\"\n[[term]]\nall = [\"河道\", \"整治\", \"河道\"]\n[[term]]\nall = [\"湖泊\", \"湖泊\"]\n",
        )],
        warnings: &[
            (
                "t/all.toml",
                3,
                20,
                "word `河道` is given twice in `all` of term `河道…整治…河道`: the term then matches only where it occurs twice",
            ),
            ("t/all.toml", 5, 14, "word `湖泊` is given twice in `all` of term `湖泊…湖泊`"),
        ],
    },
    Dead {
        // each guard list on its own; folded, so a full-width comma or a Traditional spelling is the
        // same word; the same word in two lists, or in `all` and a guard, is no repeat
        name: "a word given twice in a guard list",
        files: &[(
            "t/guard.toml",
            "name = \"守卫\"\n[[term]]\ntext = \"河长制\"\nnear = [\"推行\", \"落实\", \"推行\"]\nnot-after = [\"推行\"]\n[[term]]\ntext = \"林长制\"\nnot-before = [\"，向\", \",向\"]\nclause = [\"建设\", \"建設\"]\n[[term]]\nall = [\"河道\", \"整治\"]\nnear = [\"河道\"]\n[[term]]\ntext = \"湖长制\"\nexclude = [\"湖长制度\", \"湖長制度\"]\n",
        )],
        warnings: &[
            (
                "t/guard.toml",
                4,
                21,
                "word `推行` is given twice in `near` of term `河长制`: the second changes nothing; give it once",
            ),
            (
                "t/guard.toml",
                8,
                21,
                "word `,向` in `not-before` of term `林长制` is `，向` again once folded, as matching reads both: it changes nothing; give one of them",
            ),
            ("t/guard.toml", 9, 17, "word `建設` in `clause` of term `林长制` is `建设` again once folded"),
            ("t/guard.toml", 15, 20, "word `湖長制度` in `exclude` of term `湖长制` is `湖长制度` again once folded"),
        ],
    },
    Dead {
        // a theme's `exclude` and `words` lists: folded, within one file; the same phrase in a later
        // file of the theme restates it and is no repeat
        name: "a phrase given twice in a theme's exclude or words",
        files: &[
            (
                "t/eco.toml",
                "name = \"生态\"\nterms = [\"河长制\", \"湖长制\"]\nexclude = [\"河长制度\", \"湖长制度\", \"河长制度\", \"湖長制度\"]\nwords = [\"河长制办公室\", \"河長制辦公室\"]\n[[term]]\ntext = \"河长\"\nwhole-word = true\n",
            ),
            ("u/eco.toml", "exclude = [\"河长制度\"]\nwords = [\"河长制办公室\"]\n"),
        ],
        warnings: &[
            (
                "t/eco.toml",
                3,
                28,
                "exclusion `河长制度` is given twice in `exclude` of theme `eco`: the second changes nothing; give it once",
            ),
            ("t/eco.toml", 3, 36, "exclusion `湖長制度` in `exclude` of theme `eco` is `湖长制度` again once folded"),
            ("t/eco.toml", 4, 20, "word `河長制辦公室` in `words` is `河长制办公室` again once folded"),
        ],
    },
    Dead {
        // `weak = true` is weight 0.5: beside a `weight`, the weight wins (in either order)
        name: "weak = true beside a weight",
        files: &[(
            "t/weak.toml",
            "name = \"权重\"\n[[term]]\ntext = \"河长制\"\nweak = true\nweight = 0.8\n[[term]]\ntext = \"林长制\"\nweight = 0.5\nweak = true\n[[term]]\ntext = \"湖长制\"\nweak = false\nweight = 0.8\n",
        )],
        warnings: &[
            (
                "t/weak.toml",
                4,
                1,
                "term `河长制` has both `weak = true` and `weight`: `weight = 0.8` wins, and `weak = true` (weight 0.5) is ignored; keep one",
            ),
            ("t/weak.toml", 9, 1, "term `林长制` has both `weak = true` and `weight`: `weight = 0.5` wins"),
        ],
    },
];

#[test]
fn dead_entries_are_warnings_with_their_place() {
    let mut names = std::collections::HashSet::new();
    let mut failures = Vec::new();
    for case in DEAD {
        assert!(names.insert(case.name), "two cases named {}", case.name);
        let mut b = tifa::RuleSet::builder().defaults(false);
        for (file, text) in case.files {
            b = b.source(*file, *text);
        }
        let rules = b.build().unwrap_or_else(|e| panic!("{}: the rules must build:\n{}", case.name, e.render()));
        let got: Vec<_> =
            rules.warnings().iter().map(|w| (w.file.as_str(), w.line, w.column, w.message.as_str())).collect();
        let same = got.len() == case.warnings.len()
            && got.iter().zip(case.warnings).all(|(g, w)| (g.0, g.1, g.2) == (w.0, w.1, w.2) && g.3.starts_with(w.3));
        if !same {
            failures.push(format!("{}:\n  expected {:?}\n  got      {:?}", case.name, case.warnings, got));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A warning renders like an error, with `warning` for `error`: the message, `--> file:line:col`, the
/// source line and a caret under the entry.
#[test]
fn a_warning_renders_with_its_source_line_and_caret() {
    let rules = tifa::RuleSet::builder()
        .defaults(false)
        .source("t/eco.toml", "name = \"生态\"\nterms = [\"河长制\"]\nexclude = [\"粮食安全\"]\n")
        .build()
        .unwrap();
    let r = rules.warnings()[0].render();
    let lines: Vec<&str> = r.lines().collect();
    assert_eq!(
        lines[0],
        "warning: exclusion `粮食安全` of theme `eco` contains no term of the theme: it never cancels a match",
        "{r}"
    );
    assert!(lines[1].ends_with("--> t/eco.toml:3:12"), "{r}");
    assert!(r.contains("3 | exclude = [\"粮食安全\"]"), "{r}");
    // the caret stands under the quoted phrase (wide characters take two columns)
    let caret = lines.iter().find(|l| l.contains('^')).unwrap();
    assert_eq!(
        caret.trim_start_matches(|c| c != '|').trim_start_matches('|').find('^'),
        Some(" exclude = [".len()),
        "{r}"
    );
    assert_eq!(caret.matches('^').count(), 10, "{r}");
}

/// The compact form keeps no positions: rules read from it have no warnings, and the rules hash is
/// that of the files, whatever their warnings.
#[test]
fn compact_rules_have_no_warnings() {
    let rules = tifa::RuleSet::builder()
        .defaults(false)
        .source("t/eco.toml", "name = \"生态\"\nterms = [\"河长制\"]\nexclude = [\"粮食安全\"]\n")
        .build()
        .unwrap();
    assert_eq!(rules.warnings().len(), 1);
    let back = tifa::RuleSet::from_compact(&rules.to_compact()).unwrap();
    assert!(back.warnings().is_empty());
    assert_eq!(back.hash(), rules.hash());
}

/// The warnings follow the tagger: taking out an entry it warns of changes no match of the witness
/// texts, taking out any other entry changes some.
#[test]
fn warnings_agree_with_the_tagger() {
    // (rule file, its entries, witness texts)
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "name = \"双拥\"\nterms = [\"军人\"]\nwords = [\"领军人物\", \"将军\", \"人员\", \"退役军人\", \"军\", \"人\", \"领军企业\", \"物人\"]\n",
            &["领军人物", "将军", "人员", "退役军人", "军", "人", "领军企业", "物人"],
            &["领军人物", "将军人", "军人员", "退役军人", "军人", "领军企业", "物人军人"],
        ),
        (
            "name = \"河道\"\nexclude = [\"河道综合整治工程\", \"河道保洁\", \"整治河道\"]\n[[term]]\nall = [\"河道\", \"整治\"]\nexclude = [\"河道整治\", \"河道\"]\n",
            &["河道综合整治工程", "河道保洁", "整治河道", "河道整治", "河道"],
            &["河道综合整治工程", "河道保洁整治", "整治河道", "河道整治", "河道综合整治"],
        ),
    ];
    let matches = |toml: &str, text: &str| -> Vec<(String, Vec<String>)> {
        let report = common::tagger(&[("t/theme.toml", toml)]).tag(text);
        report
            .paragraphs
            .iter()
            .flat_map(|p| {
                p.matches.iter().map(|m| (m.text.to_string(), m.themes.iter().map(|t| t.to_string()).collect()))
            })
            .collect()
    };
    let mut failures = Vec::new();
    for (toml, entries, witnesses) in cases {
        let rules = tifa::RuleSet::builder().defaults(false).source("t/theme.toml", *toml).build().unwrap();
        let warned: Vec<&str> = rules.warnings().iter().map(|w| w.message.split('`').nth(1).unwrap()).collect();
        for entry in *entries {
            // the last place the entry is written (each is an entry there, and only there)
            let quoted = format!("\"{entry}\"");
            let at = [format!("{quoted}, "), format!(", {quoted}")]
                .iter()
                .filter_map(|p| toml.rfind(p.as_str()).map(|i| (i, p.len())))
                .max()
                .unwrap();
            let without = format!("{}{}", &toml[..at.0], &toml[at.0 + at.1..]);
            let changes = witnesses.iter().any(|w| matches(toml, w) != matches(&without, w));
            if changes == warned.contains(entry) {
                failures.push(format!("`{entry}`: warned {}, changes a match {changes}", warned.contains(entry)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// --- hints: the likely fix of a common mistake ---------------------------------------------------

/// Rule files `(name, text)` read without the default rules (`defaults = true`: on top of them), and
/// for each a fragment of the first error's message and of its hint (`None`: no hint).
type HintCase = (&'static [(&'static str, &'static str)], bool, &'static str, Option<&'static str>);

fn first_error(files: &[(&str, &str)], defaults: bool) -> tifa::RuleError {
    let mut b = tifa::RuleSet::builder().defaults(defaults);
    for (name, text) in files {
        b = b.source(format!("my_rules/{name}"), *text);
    }
    let errors = b.build().expect_err("the files have an error");
    errors.iter().next().unwrap().clone()
}

/// Each mistake a maintainer makes gets a hint that names the fix (defects 7, 14, 15 and 20 of the
/// maintainer's test). Every positive guard in the bare-number error lets a bare number build.
#[test]
fn hints_name_the_fix() {
    let cases: &[HintCase] = &[
        // 7: a colon between key and value, full-width or ASCII: the fix is `=`, not `:`
        (
            &[("colon.toml", "name = \"中文冒号\"\nterms：[\"甲乙丙\"]\n")],
            false,
            "TOML syntax",
            Some("键和值之间用半角 = / write `=` between a key and its value"),
        ),
        (
            &[("colon.toml", "name = \"冒号\"\nterms: [\"甲乙丙\"]\n")],
            false,
            "TOML syntax",
            Some("键和值之间用半角 = / write `=` between a key and its value"),
        ),
        // 20: a straight quote inside a term ends the string
        (
            &[("q.toml", "name = \"引号\"\nterms = [\"推进\"百千万工程\"建设\"]\n")],
            false,
            "missing comma",
            Some("a `\"` ends the string: leave quotation marks out of terms"),
        ),
        // 14: did you mean: a key, a key of a [[term]], a file meant to extend a theme
        (
            &[("t.toml", "name = \"t\"\ntemrs = [\"甲乙丙\"]\n")],
            false,
            "unknown key `temrs`",
            Some("did you mean `terms`?"),
        ),
        (
            &[("t.toml", "name = \"t\"\n[[term]]\ntext = \"甲乙\"\nnot_near = [\"丙\"]\n")],
            false,
            "unknown key `not_near` in [[term]]",
            Some("did you mean `not-near`?"),
        ),
        (
            &[("t.toml", "name = \"t\"\n[[sub-theme]]\nid = \"s\"\nnmae = \"子\"\n")],
            false,
            "unknown key `nmae` in [[sub-theme]]",
            Some("did you mean `name`?"),
        ),
        (&[("t.toml", "name = \"t\"\nfoo = 1\n")], false, "unknown key `foo`", None),
        (
            &[("gov_service.toml", "terms = [\"穗智管\"]\n")],
            true,
            "new theme `gov_service` needs a `name`",
            Some("rename the file to `gov_services.toml`"),
        ),
        (
            &[("epidemic.toml", "terms = [\"核酸\"]\n")],
            true,
            "new theme `epidemic` needs a `name`",
            Some("rename the file to `epidemic_control.toml`"),
        ),
        (
            &[("night_market.toml", "terms = [\"夜市\"]\n")],
            true,
            "new theme `night_market` needs a `name`",
            Some("check the file name, or add `name"),
        ),
        (
            &[("gov_services.toml", "terms = [\"穗智管\"]\n")],
            false,
            "new theme `gov_services` needs a `name`",
            Some("a theme of the default rules, but they are off (--no-default-rules)"),
        ),
        // 15: the bare-number error names every positive guard the reader accepts
        (
            &[("n.toml", "name = \"n\"\nterms = [\"1310\"]\n")],
            false,
            "a [[term]] with a positive guard (quoted = true, near, before, after, clause or work = true)",
            None,
        ),
    ];
    for guard in [
        "quoted = true", "near = [\"部署\"]", "before = [\"省委\"]", "after = [\"部署\"]", "clause = [\"落实\"]",
        "work = true",
    ] {
        let text = format!("name = \"n\"\n[[term]]\ntext = \"1310\"\n{guard}\n");
        assert!(tifa::RuleSet::builder().defaults(false).source("n.toml", text).build().is_ok(), "{guard}");
    }
    for (files, defaults, message, hint) in cases {
        let e = first_error(files, *defaults);
        assert!(e.message.contains(message), "{files:?}: {}", e.message);
        match hint {
            Some(h) => assert!(e.hint.as_deref().is_some_and(|got| got.contains(h)), "{files:?}: {:?}", e.hint),
            None => assert_eq!(e.hint, None, "{files:?}"),
        }
    }
}

/// A rule file saved as GBK or UTF-16 is still not read, and the error says which encoding it looks
/// like and to save it as UTF-8 (defect 12 of the maintainer's test); bytes of no known encoding get
/// no guess.
#[test]
fn files_in_other_encodings_are_named() {
    let text = "name = \"青年发展\"\nterms = [\"青年驿站\"]\n";
    let utf16le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let utf16be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let gbk: &[u8] = b"name = \"\xc7\xe0\xc4\xea\xb7\xa2\xd5\xb9\"\nterms = [\"\xc7\xe0\xc4\xea\"]\n";
    let cases: &[(&[u8], Option<&str>)] = &[
        (&utf16le, Some("这个文件看起来是 UTF-16")),
        (&utf16be, Some("this file looks like UTF-16 (Notepad's \"Unicode\"): save it as UTF-8")),
        (
            gbk,
            Some(
                "这个文件看起来是 GBK (GB18030) 编码：请用“另存为”选 UTF-8 / this file looks like GBK (GB18030): save it as UTF-8",
            ),
        ),
        (b"name = \"caf\xe9\"\n", None),
    ];
    for (bytes, hint) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("youth.toml"), bytes).unwrap();
        let errors = tifa::RuleSet::builder().defaults(false).path(dir.path()).unwrap().build().unwrap_err();
        let e = errors.iter().next().unwrap();
        assert!(e.message.starts_with("not UTF-8 text"), "{}", e.message);
        assert_eq!(e.hint.as_deref().map(|h| hint.is_some_and(|x| h.contains(x))), hint.map(|_| true), "{:?}", e.hint);
    }
}
