//! The rules' info for the web page ([`RuleSet::info_json`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::RuleSet;

// The fields of each object in alphabetical order, as the JSON has always had them. Serialised from
// borrowed fields: building `serde_json::Value` trees of the notes first took the widget's worker
// 30–55 ms before its tagger was ready (in wasm's first, unoptimised run).

/// `Tagger.info()`.
#[derive(Serialize)]
struct Info<'a> {
    hash: &'a str,
    name: &'a str,
    notes: BTreeMap<&'a str, Note<'a>>,
    terms: usize,
    themes: Vec<ThemeInfo<'a>>,
    version: &'a str,
}

#[derive(Serialize)]
struct ThemeInfo<'a> {
    color_index: usize,
    description: &'a str,
    id: &'a str,
    name: &'a str,
    name_en: &'a str,
    terms: usize,
}

/// What a term means and where it comes from, and its sub-theme's names: a tooltip.
#[derive(Serialize)]
struct Note<'a> {
    level: Option<&'a str>,
    note: Option<&'a str>,
    region: Option<&'a str>,
    sub: Option<&'a str>,
    sub_en: Option<&'a str>,
    year: Option<i64>,
}

impl RuleSet {
    /// The rules as the web page shows them, as JSON (what the JS API's `Tagger.info()` returns):
    /// `{hash, name, notes: {term: {level, note, region, sub, sub_en, year}}, terms, themes: [{color_index,
    /// description, id, name, name_en, terms}], version}`. A term listed under several themes takes each
    /// field (note, level, region, year; the sub-theme's names together) from the first of its entries
    /// that has it; terms with nothing to say have no entry.
    pub fn info_json(&self) -> String {
        let mut counts = vec![0; self.themes.len()];
        for t in &self.terms {
            counts[t.theme] += 1;
        }
        let themes = self
            .themes
            .iter()
            .zip(counts)
            .enumerate()
            .map(|(i, (t, terms))| ThemeInfo {
                color_index: i,
                description: &t.description,
                id: &t.id,
                name: &t.name,
                name_en: &t.name_en,
                terms,
            })
            .collect();
        // a term listed under several themes: each field from the first of its entries that has it
        let mut notes: BTreeMap<&str, Note> = BTreeMap::new();
        for term in &self.terms {
            let sub =
                term.sub_theme.as_ref().and_then(|id| self.themes[term.theme].sub_themes.iter().find(|s| &s.id == id));
            if term.note.is_none()
                && term.level.is_none()
                && term.region.is_none()
                && term.year.is_none()
                && sub.is_none()
            {
                continue;
            }
            let n = notes.entry(term.text.as_str()).or_insert(Note {
                level: None,
                note: None,
                region: None,
                sub: None,
                sub_en: None,
                year: None,
            });
            n.level = n.level.or(term.level.as_deref());
            n.note = n.note.or(term.note.as_deref());
            n.region = n.region.or(term.region.as_deref());
            n.year = n.year.or(term.year);
            if n.sub.is_none() {
                n.sub = sub.map(|s| s.name.as_str());
                n.sub_en = sub.map(|s| s.name_en.as_str());
            }
        }
        let info = Info {
            hash: &self.hash,
            name: &self.name,
            notes,
            terms: self.terms.len(),
            themes,
            version: self.version(),
        };
        // a panic of our own, not `expect`: the wasm then holds no `Debug` of serde_json's error
        serde_json::to_string(&info).unwrap_or_else(|_| panic!("the rules' info serialises"))
    }
}
