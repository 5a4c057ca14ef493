//! The numbers Word draws for numbered paragraphs (a numbered list, or a heading style linked to a
//! multilevel list: 一、 （一） 1. …), which are not in the document's text: read from the numbering
//! part and the styles part, counted paragraph by paragraph as Word counts them, and written at the
//! start of each numbered paragraph, so that a document whose headings are numbered by style reads
//! like one whose numbers are typed.
//!
//! What is followed: a paragraph's own numbering (`w:numPr`: list and level) or its style's (through
//! `w:basedOn`, and a level tied to the style by `w:pStyle`); each level's start, number format and
//! text (`%1、`, `（%2）`, `%1.%2`); a list instance that restarts (`w:startOverride`) or redefines a
//! level (`w:lvlOverride`); a level's count starting again after a higher level's paragraph. Lists
//! that share an abstract definition share their counts, as in Word. Bullets are left out (a bullet is
//! a symbol, often of a symbol font, not text). Not followed: `w:lvlRestart`, legal numbering
//! (`w:isLgl`), numbering changed by tracked changes. A numbering or styles part that cannot be read
//! gives no numbers; the text is read all the same.

use std::collections::HashMap;

use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};

use super::is_w;

/// One level of a list definition.
#[derive(Clone, Debug, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
    /// What follows the number: a space (`w:suff="space"`); nothing for a tab or nothing.
    space: bool,
    /// The paragraph style tied to this level (`w:pStyle`).
    style: Option<String>,
}

/// A list instance (`w:num`): its definition and what it overrides.
#[derive(Debug, Default)]
struct Num {
    definition: String,
    /// Per level: a start to restart at, and a level that replaces the definition's.
    overrides: HashMap<usize, (Option<u32>, Option<Level>)>,
}

/// A paragraph style: what it is based on and its numbering.
#[derive(Debug, Default)]
struct Style {
    based_on: Option<String>,
    num: Option<String>,
    level: Option<usize>,
}

/// The numbering and styles of a document, and the counts so far.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    definitions: HashMap<String, Vec<Option<Level>>>,
    nums: HashMap<String, Num>,
    styles: HashMap<String, Style>,
    /// The counts of each counter (a definition, or a list instance that restarts), per level.
    counts: HashMap<String, [Option<u32>; 9]>,
}

/// The value of an element's attribute `name` (any prefix).
fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok())
        .map(|v| v.into_owned())
}

fn level_index(e: &BytesStart<'_>) -> Option<usize> {
    attr(e, b"ilvl").and_then(|v| v.trim().parse::<usize>().ok()).filter(|&l| l < 9)
}

impl Numbering {
    /// Reads the numbering part and the styles part (either may be `None`); what cannot be read is left out.
    pub(super) fn read(numbering: Option<&[u8]>, styles: Option<&[u8]>) -> Numbering {
        let mut n = Numbering::default();
        if let Some(xml) = numbering {
            n.read_numbering(xml);
        }
        if let Some(xml) = styles {
            n.read_styles(xml);
        }
        n
    }

    fn read_numbering(&mut self, xml: &[u8]) {
        let mut reader = NsReader::from_reader(xml);
        let mut buf = Vec::new();
        // where we are: the definition or list instance, the override's level, the level being read
        let (mut definition, mut num): (Option<String>, Option<String>) = (None, None);
        let mut override_level: Option<usize> = None;
        let mut level: Option<(usize, Level)> = None;
        loop {
            let Ok(event) = reader.read_resolved_event_into(&mut buf) else { return };
            let (ns, event) = event;
            match event {
                Event::Start(ref e) | Event::Empty(ref e) if is_w(&ns) => {
                    let empty = matches!(event, Event::Empty(_));
                    match e.local_name().as_ref() {
                        b"abstractNum" if !empty => definition = attr(e, b"abstractNumId"),
                        b"num" if !empty => {
                            num = attr(e, b"numId");
                            if let Some(id) = &num {
                                self.nums.entry(id.clone()).or_default();
                            }
                        }
                        b"abstractNumId" => {
                            if let (Some(id), Some(def)) = (&num, attr(e, b"val")) {
                                self.nums.entry(id.clone()).or_default().definition = def;
                            }
                        }
                        b"lvlOverride" if !empty => override_level = level_index(e),
                        b"startOverride" => {
                            if let (Some(id), Some(l), Some(start)) =
                                (&num, override_level, attr(e, b"val").and_then(|v| v.parse().ok()))
                            {
                                self.nums.entry(id.clone()).or_default().overrides.entry(l).or_default().0 =
                                    Some(start);
                            }
                        }
                        b"lvl" if !empty => {
                            level = level_index(e)
                                .map(|l| (l, Level { start: 1, format: "decimal".into(), ..Level::default() }))
                        }
                        b"start" => {
                            if let (Some((_, lv)), Some(v)) = (&mut level, attr(e, b"val").and_then(|v| v.parse().ok()))
                            {
                                lv.start = v;
                            }
                        }
                        b"numFmt" => {
                            if let (Some((_, lv)), Some(v)) = (&mut level, attr(e, b"val")) {
                                lv.format = v;
                            }
                        }
                        b"lvlText" => {
                            if let (Some((_, lv)), Some(v)) = (&mut level, attr(e, b"val")) {
                                lv.text = v;
                            }
                        }
                        b"suff" => {
                            if let Some((_, lv)) = &mut level {
                                lv.space = attr(e, b"val").as_deref() == Some("space");
                            }
                        }
                        b"pStyle" => {
                            if let Some((_, lv)) = &mut level {
                                lv.style = attr(e, b"val");
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(ref e) if is_w(&ns) => match e.local_name().as_ref() {
                    b"lvl" => {
                        if let Some((l, lv)) = level.take() {
                            if let (Some(id), Some(ol)) = (&num, override_level) {
                                self.nums.entry(id.clone()).or_default().overrides.entry(ol).or_default().1 = Some(lv);
                            } else if let Some(def) = &definition {
                                let levels = self.definitions.entry(def.clone()).or_default();
                                if levels.len() <= l {
                                    levels.resize(l + 1, None);
                                }
                                levels[l] = Some(lv);
                            }
                        }
                    }
                    b"lvlOverride" => override_level = None,
                    b"abstractNum" => definition = None,
                    b"num" => num = None,
                    _ => {}
                },
                Event::Eof => return,
                _ => {}
            }
            buf.clear();
        }
    }

    fn read_styles(&mut self, xml: &[u8]) {
        let mut reader = NsReader::from_reader(xml);
        let mut buf = Vec::new();
        let mut style: Option<String> = None;
        loop {
            let Ok((ns, event)) = reader.read_resolved_event_into(&mut buf) else { return };
            match event {
                Event::Start(ref e) | Event::Empty(ref e) if is_w(&ns) => {
                    let name = e.local_name();
                    match name.as_ref() {
                        b"style" if matches!(event, Event::Start(_)) => {
                            style = attr(e, b"styleId")
                                .filter(|_| attr(e, b"type").as_deref().is_none_or(|t| t == "paragraph"));
                        }
                        b"basedOn" | b"numId" | b"ilvl" => {
                            if let (Some(id), Some(v)) = (&style, attr(e, b"val")) {
                                let s = self.styles.entry(id.clone()).or_default();
                                match name.as_ref() {
                                    b"basedOn" => s.based_on = Some(v),
                                    b"numId" => s.num = Some(v),
                                    _ => s.level = v.trim().parse().ok().filter(|&l: &usize| l < 9),
                                }
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(ref e) if is_w(&ns) && e.local_name().as_ref() == b"style" => style = None,
                Event::Eof => return,
                _ => {}
            }
            buf.clear();
        }
    }

    /// The number of the next paragraph of style `style` with its own numbering `num` (list, level),
    /// counted; `None` when it is not numbered (or is a bullet).
    pub(super) fn label(&mut self, style: Option<&str>, num: (Option<&str>, Option<usize>)) -> Option<String> {
        let (num_id, level) = match num {
            (Some(id), level) => (id.to_string(), level.unwrap_or(0)),
            (None, own_level) => {
                // the style's numbering, through the styles it is based on
                let mut at = style?;
                let (mut found, mut level) = (None, own_level);
                for _ in 0..20 {
                    let s = self.styles.get(at)?;
                    // the nearest style that names a level, and the nearest that names a list
                    level = level.or(s.level);
                    if let Some(id) = &s.num {
                        found = Some((id.clone(), level));
                        break;
                    }
                    at = s.based_on.as_deref()?;
                }
                let (id, level) = found?;
                let level = level.or_else(|| {
                    let def = &self.nums.get(&id)?.definition;
                    self.definitions
                        .get(def)?
                        .iter()
                        .position(|l| l.as_ref().is_some_and(|l| l.style.as_deref() == style))
                });
                (id, level.unwrap_or(0))
            }
        };
        let num = self.nums.get(&num_id)?;
        let levels = self.definitions.get(&num.definition);
        let level_of = |l: usize| -> Option<Level> {
            match num.overrides.get(&l) {
                Some((_, Some(lv))) => Some(lv.clone()),
                _ => levels.and_then(|ls| ls.get(l)).cloned().flatten(),
            }
        };
        let this = level_of(level)?;
        if this.format == "bullet" || this.text.is_empty() && this.format == "none" {
            return None;
        }
        // a list instance that restarts a level counts on its own
        let restarts = num.overrides.values().any(|(start, _)| start.is_some());
        let key = if restarts { format!("num {num_id}") } else { format!("def {}", num.definition) };
        let starts: Vec<u32> = (0..9)
            .map(|l| num.overrides.get(&l).and_then(|o| o.0).or_else(|| level_of(l).map(|lv| lv.start)).unwrap_or(1))
            .collect();
        let formats: Vec<String> = (0..9).map(|l| level_of(l).map(|lv| lv.format).unwrap_or_default()).collect();
        let counts = self.counts.entry(key).or_insert([None; 9]);
        counts[level] = Some(counts[level].map_or(starts[level], |c| c.saturating_add(1)));
        for deeper in counts.iter_mut().skip(level + 1) {
            *deeper = None;
        }
        let mut label = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let l = d as usize - 1;
                    label.push_str(&format_number(counts[l].unwrap_or(starts[l]), &formats[l]));
                }
                _ => label.push(c),
            }
        }
        if this.space {
            label.push(' ');
        }
        Some(label)
    }
}

/// `n` in Word's number format `format` (`w:numFmt`); formats not listed here are decimal.
pub(super) fn format_number(n: u32, format: &str) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let chinese = |n: u32| -> String {
        if n == 0 {
            return "〇".into();
        }
        if n >= 10_000 {
            return n.to_string();
        }
        let mut out = String::new();
        let (mut zero, mut started) = (false, false);
        for (unit, name) in [(1000, "千"), (100, "百"), (10, "十"), (1, "")] {
            let d = (n / unit % 10) as usize;
            if d == 0 {
                zero = started;
                continue;
            }
            if zero {
                out.push('零');
                zero = false;
            }
            // 十一, not 一十一, at the start
            if !(unit == 10 && d == 1 && !started) {
                out.push(DIGITS[d]);
            }
            out.push_str(name);
            started = true;
        }
        out
    };
    let letters = |n: u32, base: u8| -> String {
        if n == 0 {
            return String::new();
        }
        let c = (base + ((n - 1) % 26) as u8) as char;
        std::iter::repeat_n(c, (n as usize - 1) / 26 + 1).collect()
    };
    let roman = |mut n: u32| -> String {
        let mut out = String::new();
        for (v, s) in [
            (1000, "M"),
            (900, "CM"),
            (500, "D"),
            (400, "CD"),
            (100, "C"),
            (90, "XC"),
            (50, "L"),
            (40, "XL"),
            (10, "X"),
            (9, "IX"),
            (5, "V"),
            (4, "IV"),
            (1, "I"),
        ] {
            while n >= v {
                out.push_str(s);
                n -= v;
            }
        }
        out
    };
    let from = |first: u32, n: u32, max: u32| {
        (1..=max).contains(&n).then(|| char::from_u32(first + n - 1)).flatten().map(String::from)
    };
    match format {
        "none" => String::new(),
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "ideographDigital" => chinese(n),
        "ideographTraditional" => {
            ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"][(n.max(1) as usize - 1) % 10].into()
        }
        "ideographZodiac" => ["子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥"]
            [(n.max(1) as usize - 1) % 12]
            .into(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" | "ideographEnclosedCircle" => from(0x2460, n, 20)
            .or_else(|| from(0x3251 - 21 + 1, n, 35).filter(|_| n > 20))
            .or_else(|| from(0x32B1 - 36 + 1, n, 50).filter(|_| n > 35))
            .unwrap_or_else(|| n.to_string()),
        "decimalEnclosedParen" => from(0x2474, n, 20).unwrap_or_else(|| n.to_string()),
        "decimalEnclosedFullstop" => from(0x2488, n, 20).unwrap_or_else(|| n.to_string()),
        "decimalFullWidth" | "decimalFullWidth2" => {
            n.to_string().chars().map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c)).collect()
        }
        "decimalZero" => format!("{n:02}"),
        "upperLetter" => letters(n, b'A'),
        "lowerLetter" => letters(n, b'a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::format_number;

    #[test]
    fn number_formats() {
        let cases: &[(u32, &str, &str)] = &[
            (1, "decimal", "1"),
            (12, "decimal", "12"),
            (3, "chineseCounting", "三"),
            (10, "chineseCounting", "十"),
            (11, "chineseCounting", "十一"),
            (20, "chineseCounting", "二十"),
            (23, "chineseCountingThousand", "二十三"),
            (101, "chineseCountingThousand", "一百零一"),
            (110, "chineseCountingThousand", "一百一十"),
            (1005, "chineseCountingThousand", "一千零五"),
            (2, "ideographTraditional", "乙"),
            (3, "decimalEnclosedCircle", "③"),
            (21, "decimalEnclosedCircle", "㉑"),
            (36, "decimalEnclosedCircle", "㊱"),
            (51, "decimalEnclosedCircle", "51"),
            (4, "decimalEnclosedParen", "⑷"),
            (12, "decimalFullWidth", "１２"),
            (7, "decimalZero", "07"),
            (28, "upperLetter", "BB"),
            (2, "lowerLetter", "b"),
            (14, "upperRoman", "XIV"),
            (9, "lowerRoman", "ix"),
            (5, "none", ""),
            (5, "cardinalText", "5"),
        ];
        for (n, format, expected) in cases {
            assert_eq!(format_number(*n, format), *expected, "{n} {format}");
        }
    }
}
