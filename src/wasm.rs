//! The JavaScript API, built with wasm-bindgen (compiled for `wasm32` only).
//!
//! This file is the single wasm boundary of the crate: every JS concern (the panic hook, JS objects,
//! typed arrays, exceptions) lives here, and it uses nothing but the library's public API. Objects cross
//! the boundary as JSON text parsed by the JS engine (`JSON.parse`), which is both the smallest code and
//! the fastest way to build many small JS objects. A large report is better not turned into objects at
//! all: `tagCompact` keeps it in wasm memory and hands out typed arrays of its offsets, which is what a
//! page needs to draw highlights (the web widget's worker uses it).
//!
//! ```js
//! import init, { Tagger, check, version } from "./pkg/tifa-authoring.js"; // or ./pkg/tifa.js: lean
//! await init();
//! const t = new Tagger();                                   // default rules
//! const t2 = Tagger.withRules(toml, "my_theme.toml", false); // throws {errors: [...]} (several files: withRuleFiles)
//! t.tag(text);   // the JSON output contract; utf16_* offsets index JS strings
//! t.info();      // {name, version, hash, terms, themes: [{id, name, name_en, description, terms, color_index}],
//!                //  notes: {term: {note, level, region, year, sub, sub_en}}}: in the lean build,
//!                //  note, level, region, year and description are null or "" (they are apart,
//!                //  www/pkg/tifa-notes.json; `RuleSet::split_notes`)
//! const r = t.tagCompact(text); // the report, kept in wasm memory until r.free()
//! r.data();      // typed arrays of paragraphs and matches (see `Tagged::data`)
//! r.summary();   // the contract's `summary`;  r.rules(): its `rules`
//! r.json(false); // the whole report as JSON text (true: indented)
//! check(toml, "my_theme.toml"); // [] or [{file, line, column, end_line, end_column, message, rendered}]
//! version();     // "0.1.0"
//! authoring();   // true when withRules, withRuleFiles and check are there
//! ```
//!
//! Three builds (`scripts/build-wasm.sh` makes them): with the `authoring` feature
//! (`www/pkg/tifa-authoring.js`), everything above; without it (`www/pkg/tifa.js`, the lean build that
//! the web widget loads first), no `withRules`, `withRuleFiles` or `check`, and `new Tagger()` reads the default rules from
//! their compact form (`RuleSet::from_compact`) instead of TOML: the TOML reader and the error
//! renderer are then not in the wasm at all. The third, the file reader's (`www/pkg/tifa-reader.js`,
//! the `reader` feature), has no tagger: only `pdfText(bytes)`, `docText(bytes)` (below), `version()` and
//! `authoring()`.

// Results that cannot be errors are unwrapped with a panic of our own (`unwrap_or_else(|_| panic!(..))`),
// not `expect`, which would keep the error type's `Debug` in the wasm.

use wasm_bindgen::prelude::*;

// The allocator: talc instead of Rust's default for wasm32 (dlmalloc), for a smaller module and less
// time in allocation (bench/README.md, the widget). Single-threaded: the wasm builds have no atomics.
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// The version of tifa.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_owned()
}

/// Whether this build can read a user's rules (`Tagger.withRules`, `check`): the `authoring` feature.
#[wasm_bindgen]
pub fn authoring() -> bool {
    cfg!(feature = "authoring")
}

// The tagger's API, in every build but the file reader's alone (the `reader` feature).
#[cfg(not(feature = "reader"))]
pub use tagging::*;

#[cfg(not(feature = "reader"))]
mod tagging {
    use std::collections::HashMap;

    use js_sys::{Array, Int32Array, Object, Reflect, Uint8Array, Uint16Array};
    use wasm_bindgen::prelude::*;

    #[cfg(feature = "authoring")]
    use crate::RuleErrors;
    use crate::{ParagraphKind, Part, Report, RuleSet};

    #[cfg(all(not(feature = "authoring"), not(tifa_compact_rules)))]
    compile_error!(
        "the lean wasm build (without the `authoring` feature) embeds the default rules in compact form: \
         build it with scripts/build-wasm.sh, or set TIFA_COMPACT_RULES to the file that \
         `cargo run --example compact_rules -- FILE` writes"
    );

    /// The tagger of the default rules, read from the embedded TOML files (authoring build).
    #[cfg(feature = "authoring")]
    fn default_tagger() -> Tagger {
        Tagger::from_rules(RuleSet::builtin())
    }

    /// The tagger of the default rules, read from their compact form, made at build time without the
    /// terms' notes and provenance (lean build; see build.rs and `RuleSet::split_notes`).
    #[cfg(all(not(feature = "authoring"), tifa_compact_rules))]
    fn default_tagger() -> Tagger {
        static COMPACT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/compact_rules.bin"));
        Tagger::from_rules(read_compact(COMPACT))
    }

    /// Reading the compact rules, apart from building the tagger (see `Tagger::from_rules`).
    #[cfg(all(not(feature = "authoring"), tifa_compact_rules))]
    #[inline(never)]
    fn read_compact(bytes: &[u8]) -> RuleSet {
        RuleSet::from_compact(bytes)
            .unwrap_or_else(|_| panic!("the embedded compact rules were written by RuleSet::to_compact"))
    }

    /// A report's JSON: one copy of the serialiser in the wasm, whatever calls it.
    #[inline(never)]
    fn report_json(report: &Report) -> String {
        report.to_json()
    }

    /// Parses JSON produced by serde_json into a JS value. It cannot fail on our own output; if it ever
    /// did, the JS exception is passed on.
    fn parse_json(json: &str) -> Result<JsValue, JsValue> {
        js_sys::JSON::parse(json)
    }

    /// The errors as JS gets them: the library's own serialised fields and the rendered text.
    #[cfg(feature = "authoring")]
    fn errors_json(errors: &RuleErrors) -> serde_json::Value {
        #[derive(serde::Serialize)]
        struct Shown<'a> {
            #[serde(flatten)]
            error: &'a crate::RuleError,
            rendered: String,
        }
        let shown: Vec<Shown> = errors.iter().map(|error| Shown { error, rendered: error.render() }).collect();
        serde_json::to_value(shown).unwrap_or_else(|_| panic!("rule errors serialise"))
    }

    /// A tagger: a compiled rule set, ready to tag texts.
    #[wasm_bindgen]
    pub struct Tagger {
        inner: crate::Tagger,
        /// `info()` as JSON, computed once when the rules are built.
        info: String,
    }

    #[wasm_bindgen]
    impl Tagger {
        /// A tagger with the built-in default rules.
        #[wasm_bindgen(constructor)]
        pub fn new() -> Tagger {
            default_tagger()
        }

        /// A tagger with a user's rule file on top of the defaults (or instead of them when
        /// `replace_defaults` is true). Throws `{errors: [...]}` (the same objects as `check`) when the
        /// rules have errors. Authoring build only.
        #[cfg(feature = "authoring")]
        #[wasm_bindgen(js_name = withRules)]
        pub fn with_rules(
            toml: &str,
            file_name: Option<String>,
            replace_defaults: Option<bool>,
        ) -> Result<Tagger, JsValue> {
            let file_name = file_name.unwrap_or_else(|| "rules.toml".to_owned());
            let built =
                RuleSet::builder().defaults(!replace_defaults.unwrap_or(false)).source(&file_name, toml).build();
            match built {
                Ok(rules) => Ok(Tagger::from_rules(rules)),
                Err(errors) => {
                    let thrown = serde_json::json!({ "errors": errors_json(&errors) });
                    Err(parse_json(&thrown.to_string())?)
                }
            }
        }

        /// Tags a text; returns an object in the JSON output contract.
        pub fn tag(&self, text: &str) -> Result<JsValue, JsValue> {
            parse_json(&self.tag_json(text))
        }

        /// Tags a text; returns the JSON text itself (for saving it, or parsing it elsewhere).
        #[wasm_bindgen(js_name = tagJson)]
        pub fn tag_json(&self, text: &str) -> String {
            report_json(&self.inner.tag(text))
        }

        /// Tags a text and keeps the report in wasm memory: a `Tagged` whose `data()` gives its offsets as
        /// typed arrays. For large texts this skips building (and later collecting) a JS object per match.
        #[wasm_bindgen(js_name = tagCompact)]
        pub fn tag_compact(&self, text: &str) -> Tagged {
            // the report outlives `text` (a copy JS made for the call): its matches own their text
            Tagged { report: self.inner.tag(text).into_owned() }
        }

        /// The active rules: `{name, version, hash, terms, themes: [...]}`.
        pub fn info(&self) -> Result<JsValue, JsValue> {
            parse_json(&self.info)
        }
    }

    // The first `new Tagger()` runs in code that V8 has just compiled with its baseline compiler, and
    // the parts that run long are compiled again, optimised, on the side (tier-up), on the same two cores:
    // one function per step (reading, building, the info) keeps those functions smaller than one function
    // with everything inlined, so the optimising compiler has less to do (bench/README.md, "page ready").
    impl Tagger {
        fn from_rules(rules: RuleSet) -> Tagger {
            let info = info_json(&rules);
            Tagger { inner: build(rules), info }
        }
    }

    #[inline(never)]
    fn build(rules: RuleSet) -> crate::Tagger {
        crate::Tagger::new(rules)
    }

    #[inline(never)]
    fn info_json(rules: &RuleSet) -> String {
        rules.info_json()
    }

    impl Default for Tagger {
        fn default() -> Self {
            Self::new()
        }
    }

    /// A tagged text whose report stays in wasm memory (from `Tagger.tagCompact`); call `free()` when done.
    #[wasm_bindgen]
    pub struct Tagged {
        report: Report<'static>,
    }

    /// Index of a theme that is not in the tagger's rules (cannot happen for its own reports).
    const NO_THEME: u16 = u16::MAX;

    fn set(obj: &Object, key: &str, value: &JsValue) {
        Reflect::set(obj, &JsValue::from_str(key), value)
            .unwrap_or_else(|_| panic!("setting a property of a plain object"));
    }

    fn strings(table: &[String]) -> Array {
        table.iter().map(|s| JsValue::from_str(s)).collect()
    }

    /// Index of `key` in `table`, appending it the first time it is seen.
    fn intern(table: &mut Vec<String>, ids: &mut HashMap<String, i32>, key: &str) -> i32 {
        if let Some(&id) = ids.get(key) {
            return id;
        }
        let id = table.len() as i32;
        table.push(key.to_owned());
        ids.insert(key.to_owned(), id);
        id
    }

    /// A JS offset: every offset of a text that JS can hold as a string fits in an i32.
    fn offset(n: usize) -> i32 {
        i32::try_from(n).unwrap_or_else(|_| panic!("offset of a JS string"))
    }

    #[wasm_bindgen]
    impl Tagged {
        /// The report's paragraphs and matches as typed arrays, in the report's order. Offsets are UTF-16
        /// (JS string indexes); themes are indexes into `info().themes` (65535 for a theme not there).
        ///
        /// `{pStart, pEnd, pKind (0 text, 1 heading, 2 boilerplate, 3 title), pPart (0 none, 1 summary,
        /// 2 plan), pSection (index into sections), pThemeOff, pThemes, pMatchOff, mStart, mEnd, mPara,
        /// mTerm (index into terms), mThemeOff, mThemes, sections: ["一、… › （一）…"], terms: [...]}`.
        /// Paragraph `i` has themes `pThemes[pThemeOff[i]..pThemeOff[i+1]]` and matches
        /// `pMatchOff[i]..pMatchOff[i+1]`; match `j` has themes `mThemes[mThemeOff[j]..mThemeOff[j+1]]`.
        pub fn data(&self) -> Object {
            let paragraphs = &self.report.paragraphs;
            let n = paragraphs.len();
            let m: usize = paragraphs.iter().map(|p| p.matches.len()).sum();
            // the summary lists every theme of the rules in their order, the order of `info().themes`
            let theme_index: HashMap<&str, u16> =
                self.report.summary.themes.iter().enumerate().map(|(i, (id, _))| (id.as_str(), i as u16)).collect();
            let theme = |id: &str| theme_index.get(id).copied().unwrap_or(NO_THEME);

            let (mut p_start, mut p_end) = (Vec::with_capacity(n), Vec::with_capacity(n));
            let (mut p_kind, mut p_part, mut p_section) =
                (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
            let (mut p_theme_off, mut p_themes) = (Vec::with_capacity(n + 1), Vec::new());
            let mut p_match_off = Vec::with_capacity(n + 1);
            let (mut m_start, mut m_end, mut m_para) =
                (Vec::with_capacity(m), Vec::with_capacity(m), Vec::with_capacity(m));
            let mut m_term = Vec::with_capacity(m);
            let (mut m_theme_off, mut m_themes) = (Vec::with_capacity(m + 1), Vec::with_capacity(m));
            let (mut sections, mut section_ids) = (Vec::new(), HashMap::new());
            let (mut terms, mut term_ids) = (Vec::new(), HashMap::new());
            let mut joined = String::new();

            for (i, p) in paragraphs.iter().enumerate() {
                p_start.push(offset(p.span.utf16_start));
                p_end.push(offset(p.span.utf16_end));
                p_kind.push(match p.kind {
                    ParagraphKind::Text => 0u8,
                    ParagraphKind::Heading => 1,
                    ParagraphKind::Boilerplate => 2,
                    ParagraphKind::Title => 3,
                });
                p_part.push(match p.part {
                    None => 0u8,
                    Some(Part::Summary) => 1,
                    Some(Part::Plan) => 2,
                });
                joined.clear();
                for (k, heading) in p.section.iter().enumerate() {
                    if k > 0 {
                        joined.push_str(" › ");
                    }
                    joined.push_str(heading);
                }
                p_section.push(intern(&mut sections, &mut section_ids, &joined));
                p_theme_off.push(offset(p_themes.len()));
                p_themes.extend(p.themes.iter().map(|t| theme(&t.id)));
                p_match_off.push(offset(m_start.len()));
                for x in &p.matches {
                    m_start.push(offset(x.span.utf16_start));
                    m_end.push(offset(x.span.utf16_end));
                    m_para.push(offset(i));
                    m_term.push(intern(&mut terms, &mut term_ids, &x.term));
                    m_theme_off.push(offset(m_themes.len()));
                    m_themes.extend(x.themes.iter().map(|t| theme(t)));
                }
            }
            p_theme_off.push(offset(p_themes.len()));
            p_match_off.push(offset(m_start.len()));
            m_theme_off.push(offset(m_themes.len()));

            let data = Object::new();
            let i32s: [(&str, &[i32]); 10] = [
                ("pStart", &p_start),
                ("pEnd", &p_end),
                ("pSection", &p_section),
                ("pThemeOff", &p_theme_off),
                ("pMatchOff", &p_match_off),
                ("mStart", &m_start),
                ("mEnd", &m_end),
                ("mPara", &m_para),
                ("mTerm", &m_term),
                ("mThemeOff", &m_theme_off),
            ];
            for (key, values) in i32s {
                set(&data, key, &Int32Array::from(values).into());
            }
            set(&data, "pKind", &Uint8Array::from(&p_kind[..]).into());
            set(&data, "pPart", &Uint8Array::from(&p_part[..]).into());
            set(&data, "pThemes", &Uint16Array::from(&p_themes[..]).into());
            set(&data, "mThemes", &Uint16Array::from(&m_themes[..]).into());
            set(&data, "sections", &strings(&sections).into());
            set(&data, "terms", &strings(&terms).into());
            data
        }

        /// The report's `summary` (paragraph, match and per-theme counts).
        pub fn summary(&self) -> Result<JsValue, JsValue> {
            parse_json(&serde_json::to_string(&self.report.summary).unwrap_or_else(|_| panic!("summary serialises")))
        }

        /// The report's `rules` (name, version, hash, theme and term counts).
        pub fn rules(&self) -> Result<JsValue, JsValue> {
            parse_json(&serde_json::to_string(&self.report.rules).unwrap_or_else(|_| panic!("rules info serialises")))
        }

        /// The whole report as JSON text in the output contract, indented when `pretty` is true.
        pub fn json(&self, pretty: Option<bool>) -> String {
            if pretty.unwrap_or(false) { self.report.to_json_pretty() } else { report_json(&self.report) }
        }

        /// The whole report as a JS object in the output contract.
        pub fn report(&self) -> Result<JsValue, JsValue> {
            parse_json(&report_json(&self.report))
        }
    }

    /// Checks a user's rule file (on top of the defaults) without building a tagger: `[]` when it is
    /// valid, otherwise the errors with 1-based line and column (columns count chars). Authoring build only.
    #[cfg(feature = "authoring")]
    #[wasm_bindgen]
    pub fn check(toml: &str, file_name: Option<String>) -> Result<JsValue, JsValue> {
        let file_name = file_name.unwrap_or_else(|| "rules.toml".to_owned());
        let errors = match RuleSet::builder().source(&file_name, toml).build() {
            Ok(_) => serde_json::Value::Array(Vec::new()),
            Err(errors) => errors_json(&errors),
        };
        parse_json(&errors.to_string())
    }

    /// Several rule files (authoring build only). At the end of the tagger's part so that the lean
    /// build, whose panic messages name lines of this file, changes least.
    #[cfg(feature = "authoring")]
    #[wasm_bindgen]
    impl Tagger {
        /// A tagger with several rule files on top of the defaults (or instead of them when
        /// `replace_defaults` is true), as `tifa --rules DIR` reads a folder: `files` is an array of
        /// `[fileName, toml]` pairs (`Tagger.withRuleFiles([["a.toml", a], ["b.toml", b]], false)`), read
        /// in that order (a later file extends or overrides an earlier one's theme); each file's stem is
        /// its theme id (a name that is not a string: `rules.toml`). Throws `{errors: [...]}` as
        /// `withRules`, every error naming its file.
        #[wasm_bindgen(js_name = withRuleFiles)]
        pub fn with_rule_files(files: &Array, replace_defaults: Option<bool>) -> Result<Tagger, JsValue> {
            // wasm-bindgen does not check that a JS value is an array, and `Array::from` is JavaScript's
            // `Array.from`, which splits a string into its characters: check first
            const PAIRS: &str = "withRuleFiles: the files are an array of [fileName, toml] pairs";
            const PAIR: &str = "withRuleFiles: each file is a [fileName, toml] pair";
            if !Array::is_array(files) {
                return Err(js_sys::TypeError::new(PAIRS).into());
            }
            let mut builder = RuleSet::builder().defaults(!replace_defaults.unwrap_or(false));
            for pair in files.iter() {
                if !Array::is_array(&pair) {
                    return Err(js_sys::TypeError::new(PAIR).into());
                }
                let pair: Array = pair.unchecked_into();
                let Some(toml) = pair.get(1).as_string() else {
                    return Err(js_sys::TypeError::new(PAIR).into());
                };
                builder = builder.source(pair.get(0).as_string().unwrap_or_else(|| "rules.toml".to_owned()), toml);
            }
            match builder.build() {
                Ok(rules) => Ok(Tagger::from_rules(rules)),
                Err(errors) => {
                    let thrown = serde_json::json!({ "errors": errors_json(&errors) });
                    Err(parse_json(&thrown.to_string())?)
                }
            }
        }
    }
}

/// What `pdfText` and `docText` throw for a file they cannot read: `{kind, message}`.
#[cfg(any(feature = "pdf", feature = "doc"))]
fn unreadable(kind: &str, message: &str) -> JsValue {
    let error = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&error, &"kind".into(), &kind.into());
    let _ = js_sys::Reflect::set(&error, &"message".into(), &message.into());
    error.into()
}

/// The text of a PDF file's bytes as `tifa tag report.pdf` reads it (the `pdf` feature; the page
/// fetches the file reader's build, `www/pkg/tifa-reader.js`, when a PDF is opened). Throws
/// `{kind, message}` when it cannot be read: `kind` is `"damaged"`, `"encrypted"` (it needs a
/// password), `"no-text"` (a scan) or `"undecodable"` (fonts that do not say which characters they
/// draw). A file the reader cannot follow may stop the wasm instead (a trap: a `WebAssembly.RuntimeError`
/// thrown); the instance is then not to be used again.
#[cfg(feature = "pdf")]
#[wasm_bindgen(js_name = pdfText)]
pub fn pdf_text(bytes: &[u8]) -> Result<String, JsValue> {
    use crate::pdf::PdfError;
    crate::pdf::text(bytes).map_err(|e| {
        let kind = match e {
            PdfError::Damaged(_) => "damaged",
            PdfError::Encrypted => "encrypted",
            PdfError::NoText => "no-text",
            PdfError::Undecodable { .. } => "undecodable",
        };
        unreadable(kind, &e.to_string())
    })
}

/// The text of a Word 97-2003 document's bytes (`.doc`) as `tifa tag report.doc` reads it (the `doc`
/// feature; in the file reader's build). Throws `{kind, message}` when it cannot be read: `kind` is
/// `"damaged"`, `"not-word"` (another OLE file: a spreadsheet, a presentation, an encrypted
/// `.docx`), `"encrypted"` (it needs a password) or `"old-version"` (Word 6 or 95).
#[cfg(feature = "doc")]
#[wasm_bindgen(js_name = docText)]
pub fn doc_text(bytes: &[u8]) -> Result<String, JsValue> {
    use crate::doc::DocError;
    crate::doc::text(bytes).map_err(|e| {
        let kind = match e {
            DocError::Damaged(_) => "damaged",
            DocError::NotWord(_) => "not-word",
            DocError::Encrypted => "encrypted",
            DocError::OldVersion => "old-version",
        };
        unreadable(kind, &e.to_string())
    })
}
