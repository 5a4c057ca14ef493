//! The JavaScript API, built with wasm-bindgen (compiled for `wasm32` only).
//!
//! This file is the single wasm boundary of the crate: every JS concern (the panic hook, JS objects,
//! exceptions) lives here, and it uses nothing but the library's public API. Results cross the boundary
//! as JSON text parsed by the JS engine (`JSON.parse`), which is both the smallest code and, for large
//! reports, the fastest way to build JS objects.
//!
//! ```js
//! import init, { Tagger, check, version } from "./pkg/tifa.js";
//! await init();
//! const t = new Tagger();                                   // default rules
//! const t2 = Tagger.withRules(toml, "my_theme.toml", false); // throws {errors: [...]}
//! t.tag(text);   // the JSON output contract; utf16_* offsets index JS strings
//! t.info();      // {name, version, hash, terms, themes: [{id, name, name_en, description, terms, color_index}],
//!                //  notes: {term: {note, level, region, year}}}
//! check(toml, "my_theme.toml"); // [] or [{file, line, column, end_line, end_column, message, rendered}]
//! version();     // "0.1.0"
//! ```

use wasm_bindgen::prelude::*;

use crate::{RuleErrors, RuleSet};

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Parses JSON produced by serde_json into a JS value. It cannot fail on our own output; if it ever
/// did, the JS exception is passed on.
fn parse_json(json: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(json)
}

/// The errors as JS gets them: the library's own serialised fields and the rendered text.
fn errors_json(errors: &RuleErrors) -> serde_json::Value {
    #[derive(serde::Serialize)]
    struct Shown<'a> {
        #[serde(flatten)]
        error: &'a crate::RuleError,
        rendered: String,
    }
    let shown: Vec<Shown> = errors.iter().map(|error| Shown { error, rendered: error.render() }).collect();
    serde_json::to_value(shown).expect("rule errors serialise")
}

fn info_json(rules: &RuleSet) -> String {
    let themes: Vec<serde_json::Value> = rules
        .themes()
        .iter()
        .enumerate()
        .map(|(i, t)| {
            serde_json::json!({
                "id": t.id,
                "name": t.name,
                "name_en": t.name_en,
                "description": t.description,
                "terms": rules.theme_term_count(i),
                "color_index": i,
            })
        })
        .collect();
    // What each term means and where it comes from, for tooltips: term text -> {note, level, region, year}
    // (the first entry of a term listed under several themes).
    let mut notes = serde_json::Map::new();
    for term in rules.terms() {
        if notes.contains_key(&term.text)
            || (term.note.is_none() && term.level.is_none() && term.region.is_none() && term.year.is_none())
        {
            continue;
        }
        notes.insert(
            term.text.clone(),
            serde_json::json!({
                "note": term.note, "level": term.level, "region": term.region, "year": term.year,
            }),
        );
    }
    serde_json::json!({
        "name": rules.name(),
        "version": rules.version(),
        "hash": rules.hash(),
        "terms": rules.term_count(),
        "themes": themes,
        "notes": notes,
    })
    .to_string()
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
        Tagger::from_rules(RuleSet::builtin())
    }

    /// A tagger with a user's rule file on top of the defaults (or instead of them when
    /// `replace_defaults` is true). Throws `{errors: [...]}` (the same objects as `check`) when the
    /// rules have errors.
    #[wasm_bindgen(js_name = withRules)]
    pub fn with_rules(
        toml: &str,
        file_name: Option<String>,
        replace_defaults: Option<bool>,
    ) -> Result<Tagger, JsValue> {
        let file_name = file_name.unwrap_or_else(|| "rules.toml".to_owned());
        let built = RuleSet::builder()
            .defaults(!replace_defaults.unwrap_or(false))
            .source(&file_name, toml)
            .build();
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
        self.inner.tag(text).to_json()
    }

    /// The active rules: `{name, version, hash, terms, themes: [...]}`.
    pub fn info(&self) -> Result<JsValue, JsValue> {
        parse_json(&self.info)
    }
}

impl Tagger {
    fn from_rules(rules: RuleSet) -> Tagger {
        let info = info_json(&rules);
        Tagger { inner: crate::Tagger::new(rules), info }
    }
}

impl Default for Tagger {
    fn default() -> Self {
        Self::new()
    }
}

/// Checks a user's rule file (on top of the defaults) without building a tagger: `[]` when it is
/// valid, otherwise the errors with 1-based line and column (columns count chars).
#[wasm_bindgen]
pub fn check(toml: &str, file_name: Option<String>) -> Result<JsValue, JsValue> {
    let file_name = file_name.unwrap_or_else(|| "rules.toml".to_owned());
    let errors = match RuleSet::builder().source(&file_name, toml).build() {
        Ok(_) => serde_json::Value::Array(Vec::new()),
        Err(errors) => errors_json(&errors),
    };
    parse_json(&errors.to_string())
}

/// The version of tifa.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_owned()
}
