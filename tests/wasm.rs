//! The JavaScript API (src/wasm.rs) run as WebAssembly in Node, through wasm-bindgen-test:
//! `scripts/test-wasm.sh`, i.e.
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test --target wasm32-unknown-unknown --no-default-features --test wasm`,
//! once with `--features authoring` (every test) and once lean, with the default rules in compact form
//! (`TIFA_COMPACT_RULES`): there the tests of `withRules` and `check` are left out, and the golden
//! files check the compact rules.
#![cfg(target_arch = "wasm32")]

use serde_json::Value;
#[cfg(feature = "authoring")]
use tifa::wasm::check;
use tifa::wasm::{Tagger, authoring, version};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

/// A JS value as serde_json sees it (through `JSON.stringify`).
fn json(v: &JsValue) -> Value {
    let s: String = js_sys::JSON::stringify(v).expect("stringify").into();
    serde_json::from_str(&s).expect("valid JSON")
}

fn matches_of(report: &Value) -> Vec<Value> {
    report["paragraphs"].as_array().unwrap().iter().flat_map(|p| p["matches"].as_array().unwrap().clone()).collect()
}

#[wasm_bindgen_test]
fn version_is_the_crate_version() {
    assert_eq!(version(), env!("CARGO_PKG_VERSION"));
}

#[wasm_bindgen_test]
fn authoring_says_which_build_this_is() {
    assert_eq!(authoring(), cfg!(feature = "authoring"));
}

#[wasm_bindgen_test]
fn info_lists_the_default_themes_with_colour_indexes() {
    let info = json(&Tagger::new().info().unwrap());
    let themes = info["themes"].as_array().unwrap();
    assert_eq!(themes.len(), 24);
    for (i, t) in themes.iter().enumerate() {
        assert_eq!(t["color_index"], i);
        assert!(t["terms"].as_u64().unwrap() > 0, "{t}");
        assert!(!t["name"].as_str().unwrap().is_empty());
    }
    assert!(info["terms"].as_u64().unwrap() > 24);
    assert!(info["hash"].as_str().unwrap().starts_with("sha256:"));
}

/// A char outside the BMP (U+20000, two UTF-16 units, four UTF-8 bytes) before a term: the char,
/// UTF-16 and byte offsets all differ, and `utf16_*` are the ones that index a JS string.
#[wasm_bindgen_test]
fn offsets_after_a_supplementary_plane_char() {
    let text = "𠀀全面落实河长制，开展巡河。";
    let report = json(&Tagger::new().tag(text).unwrap());
    let m = matches_of(&report).into_iter().find(|m| m["term"] == "河长制").expect("河长制 matched");
    assert_eq!((m["start"].as_u64(), m["end"].as_u64()), (Some(5), Some(8)));
    assert_eq!((m["utf16_start"].as_u64(), m["utf16_end"].as_u64()), (Some(6), Some(9)));
    assert_eq!((m["byte_start"].as_u64(), m["byte_end"].as_u64()), (Some(16), Some(25)));
    let utf16: Vec<u16> = text.encode_utf16().collect();
    assert_eq!(String::from_utf16(&utf16[6..9]).unwrap(), "河长制");
    assert_eq!(m["text"], "河长制");
    assert!(m["themes"].as_array().unwrap().iter().any(|t| t == "ecology_environment"));
}

#[cfg(feature = "authoring")]
const BAD_RULES: &str = "name = \"测试主题\"\nname-en = \"Test\"\nterms = [\"测试词\"]\ncolour = \"red\"\n";

#[cfg(feature = "authoring")]
#[wasm_bindgen_test]
fn with_rules_throws_errors_with_line_and_column() {
    let err = match Tagger::with_rules(BAD_RULES, Some("my_theme.toml".into()), Some(false)) {
        Ok(_) => panic!("bad rules accepted"),
        Err(e) => json(&e),
    };
    let errors = err["errors"].as_array().expect("{errors: [...]}");
    assert!(!errors.is_empty());
    let e = &errors[0];
    assert_eq!(e["file"], "my_theme.toml");
    assert_eq!((e["line"].as_u64(), e["column"].as_u64()), (Some(4), Some(1)), "{e}");
    assert!(e["end_line"].as_u64().is_some() && e["end_column"].as_u64().is_some());
    assert!(e["message"].as_str().unwrap().contains("colour"), "{e}");
    assert!(e["rendered"].as_str().unwrap().contains("colour = \"red\""), "{e}");
}

#[cfg(feature = "authoring")]
#[wasm_bindgen_test]
fn check_reports_the_same_errors_and_accepts_good_rules() {
    let errors = json(&check(BAD_RULES, Some("my_theme.toml".into())).unwrap());
    assert_eq!(errors[0]["line"], 4);
    assert_eq!(errors[0]["column"], 1);
    let good = "name = \"测试主题\"\nterms = [\"测试词\"]\n";
    assert_eq!(json(&check(good, Some("my_theme.toml".into())).unwrap()), serde_json::json!([]));
}

#[cfg(feature = "authoring")]
#[wasm_bindgen_test]
fn with_rules_extends_or_replaces_the_defaults() {
    let good = "name = \"测试主题\"\nterms = [\"测试词\"]\n";
    let extended = Tagger::with_rules(good, Some("my_theme.toml".into()), Some(false)).unwrap();
    let info = json(&extended.info().unwrap());
    assert_eq!(info["themes"].as_array().unwrap().len(), 25);
    let report = json(&extended.tag("这是测试词，也落实河长制。").unwrap());
    let themes: Vec<Value> = matches_of(&report).iter().flat_map(|m| m["themes"].as_array().unwrap().clone()).collect();
    assert!(themes.contains(&"my_theme".into()) && themes.contains(&"ecology_environment".into()), "{themes:?}");

    let replaced = Tagger::with_rules(good, Some("my_theme.toml".into()), Some(true)).unwrap();
    assert_eq!(json(&replaced.info().unwrap())["themes"].as_array().unwrap().len(), 1);
}

/// `withRuleFiles` takes an array of `[fileName, toml]` pairs; anything else (a bare TOML string, a
/// string for the array) throws a TypeError that says so, not a rule error about a file named after
/// the string's first character.
#[cfg(feature = "authoring")]
#[wasm_bindgen_test]
fn with_rule_files_wants_pairs() {
    let good = "name = \"测试主题\"\nterms = [\"测试词\"]\n";
    let pair = js_sys::Array::of2(&"my_theme.toml".into(), &good.into());
    let tagger = Tagger::with_rule_files(&js_sys::Array::of1(&pair), Some(true)).unwrap();
    assert_eq!(json(&tagger.info().unwrap())["themes"].as_array().unwrap().len(), 1);
    use wasm_bindgen::JsCast;
    let message = |e: JsValue| -> String {
        assert!(e.is_instance_of::<js_sys::TypeError>(), "{e:?}");
        js_sys::Error::from(e).message().into()
    };
    let bare = Tagger::with_rule_files(&js_sys::Array::of1(&good.into()), Some(true)).map(|_| ()).unwrap_err();
    assert_eq!(message(bare), "withRuleFiles: each file is a [fileName, toml] pair");
    let not_array: js_sys::Array = JsValue::from_str(good).unchecked_into();
    let string = Tagger::with_rule_files(&not_array, Some(true)).map(|_| ()).unwrap_err();
    assert_eq!(message(string), "withRuleFiles: the files are an array of [fileName, toml] pairs");
}

/// The first place where two JSON values differ, as a path (`paragraphs[3].matches[0].term`), with
/// both values: a readable failure for a whole report.
fn first_difference(path: &str, a: &Value, b: &Value) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|k| match (x.get(k), y.get(k)) {
                (Some(u), Some(v)) => first_difference(&format!("{path}.{k}"), u, v),
                (u, v) => Some(format!("{path}.{k}: {u:?} vs {v:?}")),
            })
        }
        (Value::Array(x), Value::Array(y)) => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (u, v))| first_difference(&format!("{path}[{i}]"), u, v))
            .or_else(|| (x.len() != y.len()).then(|| format!("{path}: length {} vs {}", x.len(), y.len()))),
        // JSON.parse turns 3.0 into the JS number 3, which JSON.stringify writes as 3: numbers are
        // compared as numbers (tagJson() below compares the exact JSON).
        (Value::Number(x), Value::Number(y)) => (x.as_f64() != y.as_f64()).then(|| format!("{path}: {a} vs {b}")),
        _ => (a != b).then(|| format!("{path}: {a} vs {b}")),
    }
}

macro_rules! same_as_native {
    ($($name:ident => $stem:literal),* $(,)?) => {$(
        /// The wasm engine gives exactly the native engine's JSON (the golden file written by the
        /// native golden test, without the command's `encoding`) on a sample report.
        #[wasm_bindgen_test]
        fn $name() {
            let text = include_str!(concat!("fixtures/corpus/", $stem, ".txt"));
            let mut golden: Value = serde_json::from_str(include_str!(concat!("golden/", $stem, ".json"))).unwrap();
            // the command names the file's encoding first; the engine is given text, not bytes
            assert_eq!(golden.as_object_mut().unwrap().remove("encoding"), Some(Value::from("utf8")));
            let tagger = Tagger::new();
            let wasm = json(&tagger.tag(text).unwrap());
            if let Some(diff) = first_difference("", &wasm, &golden) {
                panic!("tag() differs from tests/golden/{}.json (wasm vs native) at {diff}", $stem);
            }
            let raw: Value = serde_json::from_str(&tagger.tag_json(text)).unwrap();
            assert!(raw == golden, "tagJson() differs from tests/golden/{}.json", $stem);
            // indented: the golden file's very text, but for the command's `encoding` line
            let pretty = tagger.tag_compact(text).json(Some(true));
            let golden_text =
                include_str!(concat!("golden/", $stem, ".json")).replacen("\n  \"encoding\": \"utf8\",", "", 1);
            assert!(pretty == golden_text.trim_end(), "tagCompact().json(true) differs from golden/{}.json", $stem);
        }
    )*};
}

same_as_native! {
    same_as_native_panyu_shiqiao_2023 => "panyu-shiqiao-2023",
    same_as_native_baoan_xinqiao_2024h1 => "baoan-xinqiao-2024h1",
    same_as_native_panyu_shawan_2023 => "panyu-shawan-2023",
    same_as_native_zhongshan_nanqu_2022 => "zhongshan-nanqu-2022",
}

fn field(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or_else(|_| panic!("no field {key}"))
}

fn i32s(data: &JsValue, key: &str) -> Vec<i32> {
    js_sys::Int32Array::from(field(data, key)).to_vec()
}

fn u16s(data: &JsValue, key: &str) -> Vec<u16> {
    js_sys::Uint16Array::from(field(data, key)).to_vec()
}

fn u8s(data: &JsValue, key: &str) -> Vec<u8> {
    js_sys::Uint8Array::from(field(data, key)).to_vec()
}

fn strs(data: &JsValue, key: &str) -> Vec<String> {
    js_sys::Array::from(&field(data, key)).iter().map(|v| v.as_string().unwrap()).collect()
}

/// `tagCompact().data()` is the report in typed arrays: read back through its offset tables, every
/// paragraph and match equals the one of the JSON report (UTF-16 offsets, kinds, parts, sections,
/// terms, theme indexes into `info().themes`). The text starts with a char outside the BMP, so
/// UTF-16 offsets differ from char offsets, and holds all four samples.
#[wasm_bindgen_test]
fn compact_data_is_the_report_in_typed_arrays() {
    let text = [
        "𠀀",
        include_str!("fixtures/corpus/panyu-shiqiao-2023.txt"),
        include_str!("fixtures/corpus/baoan-xinqiao-2024h1.txt"),
        include_str!("fixtures/corpus/panyu-shawan-2023.txt"),
        include_str!("fixtures/corpus/zhongshan-nanqu-2022.txt"),
    ]
    .join("\n");
    let tagger = Tagger::new();
    let report = json(&tagger.tag(&text).unwrap());
    let theme_ids: Vec<Value> =
        json(&tagger.info().unwrap())["themes"].as_array().unwrap().iter().map(|t| t["id"].clone()).collect();
    let tagged = tagger.tag_compact(&text);
    let data: JsValue = tagged.data().into();

    let (p_start, p_end, p_section) = (i32s(&data, "pStart"), i32s(&data, "pEnd"), i32s(&data, "pSection"));
    let (p_kind, p_part) = (u8s(&data, "pKind"), u8s(&data, "pPart"));
    let (p_theme_off, p_themes, p_match_off) =
        (i32s(&data, "pThemeOff"), u16s(&data, "pThemes"), i32s(&data, "pMatchOff"));
    let (m_start, m_end, m_para, m_term) =
        (i32s(&data, "mStart"), i32s(&data, "mEnd"), i32s(&data, "mPara"), i32s(&data, "mTerm"));
    let (m_theme_off, m_themes) = (i32s(&data, "mThemeOff"), u16s(&data, "mThemes"));
    let (sections, terms) = (strs(&data, "sections"), strs(&data, "terms"));
    let theme_id = |i: u16| theme_ids[usize::from(i)].clone();
    let range = |off: &[i32], i: usize| off[i] as usize..off[i + 1] as usize;

    let paragraphs = report["paragraphs"].as_array().unwrap();
    assert_eq!(p_start.len(), paragraphs.len());
    assert_eq!(m_start.len(), matches_of(&report).len());
    assert!(m_start.len() > 1000, "{} matches", m_start.len());
    let kinds = ["text", "heading", "boilerplate", "title"];
    let parts = [Value::Null, Value::from("summary"), Value::from("plan")];
    for (i, p) in paragraphs.iter().enumerate() {
        assert_eq!(p_start[i] as u64, p["utf16_start"].as_u64().unwrap(), "paragraph {i}");
        assert_eq!(p_end[i] as u64, p["utf16_end"].as_u64().unwrap(), "paragraph {i}");
        assert_eq!(kinds[usize::from(p_kind[i])], p["kind"], "paragraph {i}");
        assert_eq!(parts[usize::from(p_part[i])], p["part"], "paragraph {i}");
        let section: Vec<&str> = p["section"].as_array().unwrap().iter().map(|h| h.as_str().unwrap()).collect();
        assert_eq!(sections[p_section[i] as usize], section.join(" › "), "paragraph {i}");
        let themes: Vec<Value> = p_themes[range(&p_theme_off, i)].iter().map(|&t| theme_id(t)).collect();
        let expected: Vec<Value> = p["themes"].as_array().unwrap().iter().map(|t| t["id"].clone()).collect();
        assert_eq!(themes, expected, "paragraph {i}");
        let matches = p["matches"].as_array().unwrap();
        let ms = range(&p_match_off, i);
        assert_eq!(ms.len(), matches.len(), "paragraph {i}");
        for (j, m) in ms.zip(matches) {
            assert_eq!(m_para[j] as usize, i);
            assert_eq!(
                (m_start[j] as u64, m_end[j] as u64),
                (m["utf16_start"].as_u64().unwrap(), m["utf16_end"].as_u64().unwrap())
            );
            assert_eq!(terms[m_term[j] as usize], m["term"].as_str().unwrap());
            let themes: Vec<Value> = m_themes[range(&m_theme_off, j)].iter().map(|&t| theme_id(t)).collect();
            assert_eq!(&Value::Array(themes), &m["themes"], "match {j}");
        }
    }
    // the first match lies after the two-unit char: UTF-16 and char offsets differ by one
    let first = &matches_of(&report)[0];
    assert_eq!(first["utf16_start"].as_u64().unwrap(), first["start"].as_u64().unwrap() + 1);
    assert_eq!(m_start[0] as u64, first["utf16_start"].as_u64().unwrap());

    assert_eq!(json(&tagged.summary().unwrap()), report["summary"]);
    assert_eq!(json(&tagged.rules().unwrap()), report["rules"]);
    assert!(first_difference("", &json(&tagged.report().unwrap()), &report).is_none());
    assert_eq!(tagged.json(None), tagger.tag_json(&text));
}
