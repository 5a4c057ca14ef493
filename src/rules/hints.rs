//! Hints for rule files: the likely cause of an error, when one is likely — a file saved in another
//! encoding than UTF-8, a key or theme id one slip from a known one ("did you mean").

/// The encoding a rule file that is not UTF-8 most likely has, as a hint to save it as UTF-8:
/// UTF-16 (a byte-order mark, or NUL bytes as ASCII text in UTF-16 has them — Notepad's "Unicode"),
/// or GBK / GB18030 (the bytes decode as GB18030 without a fault, to text with Chinese characters).
/// The file is still not read: the rules are UTF-8 everywhere, so that a file that works for one
/// maintainer works for the next.
pub(super) fn encoding(bytes: &[u8]) -> Option<String> {
    let name = if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) || mostly_nul(bytes) {
        "UTF-16（记事本的“Unicode”） / UTF-16 (Notepad's \"Unicode\")"
    } else if gb18030(bytes) {
        "GBK (GB18030)"
    } else {
        return None;
    };
    let (zh, en) = name.split_once(" / ").unwrap_or((name, name));
    Some(format!("这个文件看起来是 {zh} 编码：请用“另存为”选 UTF-8 / this file looks like {en}: save it as UTF-8"))
}

/// Whether at least a quarter of the first bytes are NUL: UTF-16 text without a byte-order mark (a
/// text file of UTF-8 has none).
fn mostly_nul(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.len() >= 4 && head.iter().filter(|&&b| b == 0).count() * 4 >= head.len()
}

/// Whether the bytes are GB18030 text with Chinese characters in it.
#[cfg(feature = "decode")]
fn gb18030(bytes: &[u8]) -> bool {
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .is_some_and(|text| text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)))
}

/// Without a decoder (the wasm build, which is given text, never a file's bytes): no guess.
#[cfg(not(feature = "decode"))]
fn gb18030(_bytes: &[u8]) -> bool {
    false
}

/// The hint for a new theme `id` without a `name`: most often a file meant to extend a theme whose
/// name is mistyped (`gov_service.toml` for `gov_services`), or one named after a default theme while
/// the default rules are off (`--no-default-rules`). `defaults` says whether they are on; `themes`
/// are the themes read before this file.
pub(super) fn new_theme<'a>(id: &str, defaults: bool, themes: impl IntoIterator<Item = &'a str>) -> String {
    const GENERIC: &str = "a file named after a theme that exists extends it; a file of another name adds a theme: check the file name, or add `name = \"…\"` at the top";
    let builtin =
        || super::BUILTIN_RULES.iter().filter_map(|(file, _)| std::path::Path::new(file).file_stem()?.to_str());
    if !defaults && builtin().any(|d| d == id) {
        return format!(
            "`{id}` is a theme of the default rules, but they are off (--no-default-rules): this file adds a new theme; leave out --no-default-rules to extend the default theme, or add `name = \"…\"` / 默认规则已关闭（--no-default-rules），这个文件成了新主题"
        );
    }
    let themes: Vec<&str> = themes.into_iter().collect();
    match closest(id, themes.iter().copied()).or_else(|| shortened(id, themes.iter().copied())) {
        Some(t) => format!(
            "a theme `{t}` exists: to extend it, rename the file to `{t}.toml` (did you mean `{t}`?); to add a new theme, add `name = \"…\"` at the top / 是不是 `{t}`？"
        ),
        None => GENERIC.to_string(),
    }
}

/// The entry of `known` closest to `word` when it is one slip away: a Damerau–Levenshtein distance of
/// at most a third of the word's length, and at least 1 and at most 2, so that short words do not
/// match everything; `_` for `-` and case do not count. `not_near` → `not-near`, `temrs` → `terms`,
/// `gov_service` → `gov_services`.
pub(super) fn closest<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let norm = |s: &str| s.replace('_', "-").to_lowercase();
    let w = norm(word);
    let limit = (w.chars().count() / 3).clamp(1, 2);
    known
        .into_iter()
        .filter(|k| *k != word)
        // Damerau–Levenshtein: a swap of two letters (temrs) is one slip
        .map(|k| (strsim::damerau_levenshtein(&w, &norm(k)), k))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, k)| (d, k))
        .map(|(_, k)| k)
}

/// The one entry of `known` that `word` is the start of, up to a `_` (`epidemic` → `epidemic_control`).
fn shortened<'a>(word: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut found = known.into_iter().filter(|k| k.strip_prefix(word).is_some_and(|rest| rest.starts_with('_')));
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

impl super::RuleSet {
    /// The id of the active theme closest to `id` when `id` is one slip from it or a shortened form
    /// of it (`youht_city` → `youth_city`, `epidemic` → `epidemic_control`): for a "did you mean" after
    /// a gold label or `--theme` that names no theme.
    pub fn closest_theme(&self, id: &str) -> Option<&str> {
        let ids = || self.themes().iter().map(|t| t.id.as_str());
        closest(id, ids()).or_else(|| shortened(id, ids()))
    }
}

/// The hint `did you mean `x`?` for the entry of `known` closest to `word`, if one is close.
pub(super) fn did_you_mean(word: &str, known: impl IntoIterator<Item = &'static str>) -> Option<String> {
    closest(word, known).map(|k| format!("did you mean `{k}`? / 是不是 `{k}`？"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_one_slip_away() {
        let keys = ["terms", "not-near", "near", "weak", "name"];
        let rows: &[(&str, Option<&str>)] = &[
            ("not_near", Some("not-near")),
            ("temrs", Some("terms")),
            ("term", Some("terms")),
            ("nmae", Some("name")),
            ("xyz", None),
            ("description", None),
        ];
        for (word, expected) in rows {
            assert_eq!(closest(word, keys), *expected, "{word}");
        }
        let themes = ["gov_services", "epidemic_control", "youth_city"];
        assert_eq!(closest("gov_service", themes), Some("gov_services"));
        assert_eq!(closest("youht_city", themes), Some("youth_city"));
        assert_eq!(closest("epidemic", themes), None);
        assert_eq!(shortened("epidemic", themes), Some("epidemic_control"));
        assert_eq!(shortened("epi", themes), None);
    }

    #[test]
    fn encodings_are_recognised() {
        let utf16: Vec<u8> =
            [0xFF, 0xFE].into_iter().chain("name = \"x\"".encode_utf16().flat_map(u16::to_le_bytes)).collect();
        assert!(encoding(&utf16).unwrap().contains("UTF-16"));
        let no_bom: Vec<u8> = "name = \"x\"".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(encoding(&no_bom).unwrap().contains("UTF-16"));
        // 名称 = "河长制" in GBK
        let gbk: &[u8] = b"name = \"\xba\xd3\xb3\xa4\xd6\xc6\"\n";
        #[cfg(feature = "decode")]
        assert!(encoding(gbk).unwrap().contains("GBK"));
        // Latin-1 bytes are not Chinese
        assert_eq!(encoding(b"name = \"caf\xe9\"\n"), None);
        let _ = gbk;
    }
}
