//! The odd-input catalogue: the same report as odd bytes or odd text — byte-order marks, UTF-16,
//! GB18030, CRLF, lone CR and mixed line ends, NUL bytes, zero-width characters, full-width and
//! Traditional text, text beyond the BMP, very long lines, empty and blank input — is tagged by the
//! `tifa` command exactly as the same text given as clean UTF-8: the same paragraphs (kinds,
//! sections, parts, text), the same themes and the same matches. Offsets are checked in all three
//! units against the odd text itself.

mod common;

use common::tifa;
use serde_json::Value;

const SAMPLE: &str = include_str!("fixtures/corpus/panyu-shawan-2023.txt");

/// How closely the odd input must agree with the clean text.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Same {
    /// Byte for byte the same JSON report (the decoded text is the same).
    Report,
    /// The same paragraphs, themes and matches; offsets differ (line ends of other lengths), the
    /// paragraph texts are the same once line ends are made `\n`.
    LineEnds,
    /// The same paragraphs (kind, part, section depth), themes and matched terms; the text itself
    /// differs (folded characters, inserted invisible or non-BMP characters).
    Tags,
}

struct Case {
    name: &'static str,
    bytes: Vec<u8>,
    args: &'static [&'static str],
    /// The odd input as text, for slicing with the report's offsets.
    text: String,
    clean: String,
    same: Same,
}

fn utf16(text: &str, le: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for unit in std::iter::once(0xFEFF).filter(|_| bom).chain(text.encode_utf16()) {
        out.extend(if le { unit.to_le_bytes() } else { unit.to_be_bytes() });
    }
    out
}

fn case(
    name: &'static str,
    bytes: Vec<u8>,
    args: &'static [&'static str],
    text: &str,
    clean: &str,
    same: Same,
) -> Case {
    Case { name, bytes, args, text: text.to_string(), clean: clean.to_string(), same }
}

/// Every `n`-th char (not inside a line end) followed by `insert`.
fn sprinkle(text: &str, n: usize, insert: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        out.push(c);
        if i % n == n - 1 && c != '\n' && c != '\r' {
            out.push_str(insert);
        }
    }
    out
}

fn cases() -> Vec<Case> {
    let s = SAMPLE;
    let gb = encoding_rs::GB18030.encode(s).0.into_owned();
    let crlf = s.replace('\n', "\r\n");
    let cr = s.replace('\n', "\r");
    let mixed: String = s
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| match i % 3 {
            0 => l.to_string(),
            1 => l.replace('\n', "\r\n"),
            _ => l.replace('\n', "\r"),
        })
        .collect();
    // NUL padding: a NUL line between paragraphs, NULs at the end and inside terms
    let nul = format!("{}\0\0\0", s.replacen('\n', "\n\0\0\n", 3).replace("河长制", "河\0长制"));
    let zero_width = sprinkle(s, 7, "\u{200B}").replace("瓶改管", "瓶\u{200D}改\u{2060}管").replace('\n', "\n\u{FEFF}");
    let full_width: String = s
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c })
        .collect();
    // after sentences and at line ends, not inside terms (a visible character inside a term breaks it)
    let beyond_bmp = s.replace('。', "。😀").replace('\n', "𠀀𪚥\n");
    let indented: String = s.lines().map(|l| format!("\u{3000}\u{3000}{l} \t\n")).collect();
    let traditional = "二、2023年工作計劃\n認真對照省委“1310”具體部署，全面推行河長制，完成瓶改管工程。\n紮實推進百縣千鎮萬村高質量發展工程。\n";
    let simplified = "二、2023年工作计划\n认真对照省委“1310”具体部署，全面推行河长制，完成瓶改管工程。\n扎实推进百县千镇万村高质量发展工程。\n";
    let long_line = "全面推行河长制，完成瓶改管工程，推进百县千镇万村高质量发展工程；".repeat(5_000);
    let with_bom = |b: &[u8]| [&[0xEF, 0xBB, 0xBF][..], b].concat();
    use Same::*;
    vec![
        case("utf8_bom", with_bom(s.as_bytes()), &[], s, s, Report),
        case("utf16le_bom", utf16(s, true, true), &[], s, s, Report),
        case("utf16be_bom", utf16(s, false, true), &[], s, s, Report),
        case("utf16le_no_bom", utf16(s, true, false), &[], s, s, Report),
        case("utf16be_no_bom_named", utf16(s, false, false), &["--encoding", "utf16be"], s, s, Report),
        case("gb18030", gb.clone(), &[], s, s, Report),
        case("gb18030_named", gb, &["--encoding", "gb18030"], s, s, Report),
        case("crlf", crlf.clone().into_bytes(), &[], &crlf, s, LineEnds),
        case("lone_cr", cr.clone().into_bytes(), &[], &cr, s, LineEnds),
        case("mixed_line_ends", mixed.clone().into_bytes(), &[], &mixed, s, LineEnds),
        case("crlf_utf16le_bom", utf16(&crlf, true, true), &[], &crlf, s, LineEnds),
        case("nul_bytes", nul.clone().into_bytes(), &[], &nul, s, Tags),
        case("zero_width", zero_width.clone().into_bytes(), &[], &zero_width, s, Tags),
        case("full_width", full_width.clone().into_bytes(), &[], &full_width, s, Tags),
        case("traditional", traditional.as_bytes().to_vec(), &[], traditional, simplified, Tags),
        case("beyond_bmp", beyond_bmp.clone().into_bytes(), &[], &beyond_bmp, s, Tags),
        case("beyond_bmp_utf16be", utf16(&beyond_bmp, false, true), &[], &beyond_bmp, s, Tags),
        case("indented_and_trailing_blanks", indented.clone().into_bytes(), &[], &indented, s, Tags),
        case(
            "very_long_line_bom_crlf",
            with_bom(format!("{long_line}\r\n").as_bytes()),
            &[],
            &format!("{long_line}\r\n"),
            &long_line,
            LineEnds,
        ),
        case("empty", Vec::new(), &[], "", "", Report),
        case("bom_only", vec![0xEF, 0xBB, 0xBF], &[], "", "", Report),
        case(
            "whitespace_only",
            " \n\t\r\n\u{3000}\r\u{A0}\n".as_bytes().to_vec(),
            &[],
            " \n\t\r\n\u{3000}\r\u{A0}\n",
            "",
            Tags,
        ),
        case("nul_only", vec![0; 64], &[], &"\0".repeat(64), "", Tags),
    ]
}

/// The JSON of `tifa tag` on `bytes`, without its `encoding`.
fn report(bytes: &[u8], args: &[&str], name: &str) -> Value {
    let mut all = vec!["tag", "--format", "json"];
    all.extend(args);
    let r = tifa(&all, bytes);
    assert_eq!(r.code, 0, "{name}: {}", r.stderr);
    let mut v: Value = serde_json::from_str(&r.stdout).unwrap_or_else(|e| panic!("{name}: {e}"));
    // what the bytes were decoded from is the input's, not the report's: the odd and the clean text
    // may differ there alone
    let encoding = v.as_object_mut().unwrap().remove("encoding");
    assert!(encoding.as_ref().is_some_and(Value::is_string), "{name}: {encoding:?}");
    v
}

fn n(v: &Value, key: &str) -> usize {
    v[key].as_u64().unwrap_or_else(|| panic!("{key} in {v}")) as usize
}

/// What must agree whatever the text's form: per paragraph its kind, part, section depth, themes
/// (with scores and terms) and matched terms with their themes; and the summary.
fn tags(v: &Value) -> Value {
    let paragraphs: Vec<Value> = v["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let matches: Vec<Value> = p["matches"].as_array().unwrap().iter().map(|m| serde_json::json!([m["term"], m["themes"]])).collect();
            serde_json::json!({"kind": p["kind"], "part": p["part"], "depth": p["section"].as_array().unwrap().len(), "themes": p["themes"], "matches": matches})
        })
        .collect();
    serde_json::json!({"paragraphs": paragraphs, "summary": v["summary"]})
}

/// The paragraph texts, with line ends made `\n`.
fn texts(v: &Value, text: &str) -> Vec<String> {
    v["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| text[n(p, "byte_start")..n(p, "byte_end")].replace("\r\n", "\n").replace('\r', "\n"))
        .collect()
}

/// Every span slices the odd text to the same string by bytes, chars and UTF-16 units, and every
/// match's `text` is that string.
fn check_offsets(v: &Value, text: &str, name: &str) {
    let chars: Vec<char> = text.chars().collect();
    let units: Vec<u16> = text.encode_utf16().collect();
    let spans = v["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| std::iter::once(p).chain(p["matches"].as_array().unwrap()));
    for s in spans {
        let by_bytes = &text[n(s, "byte_start")..n(s, "byte_end")];
        let by_chars: String = chars[n(s, "start")..n(s, "end")].iter().collect();
        let by_units = String::from_utf16(&units[n(s, "utf16_start")..n(s, "utf16_end")]).unwrap();
        assert_eq!((by_bytes, by_bytes), (by_chars.as_str(), by_units.as_str()), "{name}: {s}");
        if let Some(t) = s.get("text") {
            assert_eq!(t.as_str().unwrap(), by_bytes, "{name}");
        }
    }
}

#[test]
fn odd_inputs_tag_like_clean_utf8() {
    let cases = cases();
    assert!(cases.len() >= 15);
    let mut checked = Vec::new();
    for c in &cases {
        let odd = report(&c.bytes, c.args, c.name);
        let clean = report(c.clean.as_bytes(), &[], c.name);
        check_offsets(&odd, &c.text, c.name);
        assert_eq!(tags(&odd), tags(&clean), "{}: paragraphs, themes or matches differ", c.name);
        match c.same {
            Same::Report => assert_eq!(odd, clean, "{}", c.name),
            Same::LineEnds => assert_eq!(texts(&odd, &c.text), texts(&clean, &c.clean), "{}", c.name),
            Same::Tags => {}
        }
        checked.push(c.name);
    }
    // the catalogue is not empty of content: the sample has many tagged paragraphs
    let clean = report(SAMPLE.as_bytes(), &[], "sample");
    assert!(
        n(&clean["summary"], "content_paragraphs") >= 20 && n(&clean["summary"], "tagged_paragraphs") >= 15,
        "{}",
        clean["summary"]
    );
    assert_eq!(checked.len(), cases.len());
}
