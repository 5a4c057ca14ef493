//! Match semantics, as tables: each case names a rule file (on its own, without the defaults), a text,
//! and the matches and themes expected. Offsets are checked in all three units.

mod common;

use common::tagger;

struct Case {
    name: &'static str,
    rules: &'static [(&'static str, &'static str)],
    text: &'static str,
    /// `(matched original text, theme ids)` in order.
    matches: &'static [(&'static str, &'static [&'static str])],
    /// Themes of the first paragraph.
    themes: &'static [&'static str],
}

const ECO: (&str, &str) = (
    "eco.toml",
    r#"
name = "生态"
terms = ["河长制", "湖长制", "碧道"]
weak = ["绿化", "植树"]
exclude = ["河长制度化"]
"#,
);

const SAFETY: (&str, &str) = (
    "safety.toml",
    r#"
name = "安全"
terms = ["安全生产", "安全"]
exclude = ["粮食安全", "能源安全"]
"#,
);

const RURAL: (&str, &str) = (
    "rural.toml",
    r#"
name = "乡村"
terms = ["百县千镇万村高质量发展工程", "粮食安全生产"]
"#,
);

const DIRECTIVES: (&str, &str) = (
    "directives.toml",
    r#"
name = "部署"
weak = ["高质量发展"]
[[term]]
text = "1310"
quoted = true
near = ["省委", "部署"]
[[term]]
text = "1+1+9"
quoted = true
[[term]]
text = "二十大"
not-after = ["号"]
window = 2
"#,
);

const GUARDS: (&str, &str) = (
    "guards.toml",
    r#"
name = "守卫"
[[term]]
text = "网格"
before = ["全科"]
[[term]]
text = "双拥"
after = ["模范"]
[[term]]
text = "消防"
not-before = ["小"]
[[term]]
text = "安置"
exclude = ["安置房"]
"#,
);

const SAFETY_NOT_GRAIN: (&str, &str) = (
    "safety.toml",
    r#"
name = "安全"
terms = ["安全生产"]
exclude = ["粮食安全生产"]
"#,
);

const SAFETY_WHOLE: (&str, &str) = (
    "safety.toml",
    r#"
name = "安全"
[[term]]
text = "安全生产"
whole-word = true
"#,
);

/// A theme that may tag a closing exhortation paragraph (各位代表！让我们……！).
const CLOSING: (&str, &str) = (
    "directives.toml",
    r#"
name = "部署"
closing = true
terms = ["二十大"]
"#,
);

/// An overlay that lets `eco` tag closing exhortations too.
const ECO_CLOSING: (&str, &str) = ("mine/eco.toml", "closing = true\n");

const MILITARY: (&str, &str) = (
    "military.toml",
    r#"
name = "双拥"
terms = ["军人", "军人家庭"]
words = ["领军人物", "人物"]
"#,
);

const MILITARY_LOOSE: (&str, &str) = (
    "military.toml",
    r#"
name = "双拥"
[[term]]
text = "军人"
whole-word = false
"#,
);

const TALENT: (&str, &str) = (
    "talent.toml",
    r#"
name = "人才"
terms = ["领军人才"]
"#,
);

/// 领军人才 with a guard that fails after 评选: still a word that 军人 is not cut out of.
const TALENT_GUARDED: (&str, &str) = (
    "talent.toml",
    r#"
name = "人才"
[[term]]
text = "领军人才"
not-before = ["评选"]
window = 2
"#,
);

const QUOTES: (&str, &str) = (
    "quotes.toml",
    r#"
name = "引号"
terms = ["三小场所", "百千万工程"]
[[term]]
text = "两新"
quoted = true
"#,
);

const NEAR: (&str, &str) = (
    "near.toml",
    r#"
name = "邻近"
terms = ["产业集群"]
[[term]]
all = ["河道", "整治"]
within = 4
[[term]]
all = ["产业", "集群", "制造"]
within = 4
"#,
);

const NEAR_WEAK: (&str, &str) = (
    "grain.toml",
    r#"
name = "粮食"
weak = ["粮食", "持续"]
[[term]]
all = ["粮食", "增产"]
within = 6
"#,
);

const NEAR_TAKES_WORD: (&str, &str) = (
    "grain.toml",
    r#"
name = "粮食"
weak = ["粮食", "连续增产"]
[[term]]
all = ["粮食", "增产"]
within = 6
"#,
);

const WORK: (&str, &str) = (
    "work.toml",
    r#"
name = "做事"
[[term]]
text = "充电桩"
work = true
[[term]]
text = "吞吐量"
clause = ["增长", "提升"]
"#,
);

// Overlaps of every kind between the patterns of one search: a term inside another, terms that
// straddle each other's end in a chain, an exclusion that straddles a term, one-character terms, and
// characters beyond the BMP (four UTF-8 bytes, two UTF-16 units).
const CHAIN_A: (&str, &str) = ("chain_a.toml", "name = \"链甲\"\nterms = [\"河长制\"]\n");
const CHAIN_B: (&str, &str) = ("chain_b.toml", "name = \"链乙\"\nterms = [\"长制度建\"]\n");
const CHAIN_C: (&str, &str) = ("chain_c.toml", "name = \"链丙\"\nterms = [\"度建设\"]\n");
const CHAIN_ONE: (&str, &str) = ("chain_one.toml", "name = \"一链\"\nterms = [\"河长制\", \"长制度建\", \"度建设\"]\n");
const STRADDLE_EXCLUDE: (&str, &str) = (
    "straddle.toml",
    r#"
name = "跨界"
terms = ["安全生产", "生产"]
exclude = ["生产线", "抓好安全"]
"#,
);
const PDF: (&str, &str) = ("pdf.toml", "name = \"断页\"\nterms = [\"党员干部\", \"河湖长制\", \"碧道建设\"]\n");
const SINGLE: (&str, &str) = ("single.toml", "name = \"单字\"\nterms = [\"税\", \"税收\", \"𝌆\"]\n");
const ASTRAL: (&str, &str) = ("astral.toml", "name = \"多字节\"\nterms = [\"𝌆𝌆\", \"𝌆河长\", \"河长𝌆\"]\n");

#[rustfmt::skip]
const CASES: &[Case] = &[
    Case { name: "plain term", rules: &[ECO], text: "全面推行河长制。", matches: &[("河长制", &["eco"])], themes: &["eco"] },
    Case { name: "two terms of one theme count once each", rules: &[ECO], text: "河长制、湖长制、河长制", matches: &[("河长制", &["eco"]), ("湖长制", &["eco"]), ("河长制", &["eco"])], themes: &["eco"] },
    Case { name: "one weak term is not enough", rules: &[ECO], text: "开展绿化工作。", matches: &[("绿化", &["eco"])], themes: &[] },
    Case { name: "two weak terms reach the threshold", rules: &[ECO], text: "开展绿化和植树。", matches: &[("绿化", &["eco"]), ("植树", &["eco"])], themes: &["eco"] },
    Case { name: "two weak terms in one phrase are one piece of evidence", rules: &[ECO], text: "开展绿化植树。", matches: &[("绿化", &["eco"]), ("植树", &["eco"])], themes: &[] },
    Case { name: "theme exclusion cancels a term inside it", rules: &[SAFETY], text: "保障粮食安全。", matches: &[], themes: &[] },
    Case { name: "exclusion does not reach outside its phrase", rules: &[SAFETY], text: "粮食安全和安全生产。", matches: &[("安全生产", &["safety"])], themes: &["safety"] },
    Case { name: "exclusion protects its theme only", rules: &[ECO, SAFETY], text: "推动河长制度化。", matches: &[], themes: &[] },
    Case { name: "a term inside a longer term of another theme counts for both", rules: &[SAFETY, RURAL], text: "抓好粮食安全生产。", matches: &[("粮食安全生产", &["rural"]), ("安全生产", &["safety"])], themes: &["rural", "safety"] },
    Case { name: "a rule says the inner term does not count there", rules: &[SAFETY_NOT_GRAIN, RURAL], text: "抓好粮食安全生产。", matches: &[("粮食安全生产", &["rural"])], themes: &["rural"] },
    Case { name: "a weak term inside a long term of another theme stays weak", rules: &[DIRECTIVES, RURAL], text: "实施百县千镇万村高质量发展工程。", matches: &[("百县千镇万村高质量发展工程", &["rural"]), ("高质量发展", &["directives"])], themes: &["rural"] },
    Case { name: "within one theme the longest term wins", rules: &[SAFETY], text: "抓好安全生产。", matches: &[("安全生产", &["safety"])], themes: &["safety"] },
    Case { name: "a short term is not cut out of a longer term of another theme", rules: &[MILITARY, TALENT], text: "引进领军人才。", matches: &[("领军人才", &["talent"])], themes: &["talent"] },
    Case { name: "a short term is not cut out of a lexicon word", rules: &[MILITARY], text: "评选领军人物。", matches: &[], themes: &[] },
    Case { name: "a longer term of another theme is a word even where its guard rejects it", rules: &[MILITARY, TALENT_GUARDED], text: "评选领军人才。", matches: &[], themes: &[] },
    Case { name: "the same guarded term counts where its guard holds", rules: &[MILITARY, TALENT_GUARDED], text: "引进领军人才。", matches: &[("领军人才", &["talent"])], themes: &["talent"] },
    Case { name: "a short term across the edge of a lexicon word", rules: &[MILITARY], text: "青年军人物资", matches: &[], themes: &[] },
    Case { name: "a short term as a word of its own", rules: &[MILITARY, TALENT], text: "慰问退役军人。", matches: &[("军人", &["military"])], themes: &["military"] },
    Case { name: "a short term inside a longer term of its own theme", rules: &[MILITARY], text: "走访军人家庭。", matches: &[("军人家庭", &["military"])], themes: &["military"] },
    Case { name: "whole-word can be switched off", rules: &[MILITARY_LOOSE, TALENT], text: "引进领军人才。", matches: &[("领军人才", &["talent"]), ("军人", &["military"])], themes: &["military", "talent"] },
    Case { name: "a longer term can ask to be a whole word", rules: &[SAFETY_WHOLE, RURAL], text: "抓好粮食安全生产。", matches: &[("粮食安全生产", &["rural"])], themes: &["rural"] },
    Case { name: "a term across quotation marks", rules: &[QUOTES], text: "整治“三小”场所。", matches: &[("“三小”场所", &["quotes"])], themes: &["quotes"] },
    Case { name: "a term across quotation marks, closing part", rules: &[QUOTES], text: "推进“百千万”工程。", matches: &[("“百千万”工程", &["quotes"])], themes: &["quotes"] },
    Case { name: "a term across corner brackets", rules: &[QUOTES], text: "推进「百千万」工程。", matches: &[("「百千万」工程", &["quotes"])], themes: &["quotes"] },
    Case { name: "quoted guard reads the quotation marks", rules: &[QUOTES], text: "“两新”组织与两新", matches: &[("两新", &["quotes"])], themes: &["quotes"] },
    Case { name: "proximity term in order", rules: &[NEAR], text: "开展河道综合整治。", matches: &[("河道综合整治", &["near"])], themes: &["near"] },
    Case { name: "proximity term in the other order", rules: &[NEAR], text: "整治辖内河道。", matches: &[("整治辖内河道", &["near"])], themes: &["near"] },
    Case { name: "proximity term too far apart", rules: &[NEAR], text: "河道两岸的绿地和公园得到全面整治。", matches: &[], themes: &[] },
    Case { name: "proximity term does not cross a sentence", rules: &[NEAR], text: "疏浚河道。整治违建。", matches: &[], themes: &[] },
    // the nearer word in characters counts, though five commas are fewer bytes than four characters
    Case { name: "proximity term takes the word nearest in characters", rules: &[NEAR], text: "整治辖内沿岸河道，，，，，整治", matches: &[("整治辖内沿岸河道", &["near"])], themes: &["near"] },
    Case { name: "proximity term of three words", rules: &[NEAR], text: "推动制造产业形成集群。", matches: &[("制造产业形成集群", &["near"])], themes: &["near"] },
    Case { name: "a literal term of the theme wins over its proximity term", rules: &[NEAR], text: "推进产业集群建设。", matches: &[("产业集群", &["near"])], themes: &["near"] },
    Case {
        name: "a proximity term counts beside a weak literal term that is one of its words",
        rules: &[NEAR_WEAK],
        text: "粮食连续增产。",
        matches: &[("粮食", &["grain"]), ("粮食连续增产", &["grain"])],
        themes: &["grain"],
    },
    Case {
        name: "a literal term in the gap between a proximity term's words does not cover it",
        rules: &[NEAR_WEAK],
        text: "粮食持续增产。",
        matches: &[("粮食", &["grain"]), ("粮食持续增产", &["grain"]), ("持续", &["grain"])],
        themes: &["grain"],
    },
    Case {
        name: "a literal term that takes in a proximity term's word covers it",
        rules: &[NEAR_TAKES_WORD],
        text: "粮食连续增产。",
        matches: &[("粮食", &["grain"]), ("连续增产", &["grain"])],
        themes: &[],
    },
    Case { name: "clause guard met", rules: &[WORK], text: "新建充电桩200个。", matches: &[("充电桩", &["work"])], themes: &["work"] },
    Case { name: "clause guard not met in a passing mention", rules: &[WORK], text: "辖内有充电桩企业3家，年产值2亿元。", matches: &[], themes: &[] },
    Case { name: "clause guard does not look past the clause", rules: &[WORK], text: "推进项目落地，充电桩企业3家。", matches: &[], themes: &[] },
    Case { name: "clause guard after a full stop", rules: &[WORK], text: "修路。新建充电桩200个。", matches: &[("充电桩", &["work"])], themes: &["work"] },
    Case { name: "own clause words", rules: &[WORK], text: "港口吞吐量增长5%。", matches: &[("吞吐量", &["work"])], themes: &["work"] },
    Case { name: "bare number needs its guard", rules: &[DIRECTIVES], text: "办结群众诉求1310宗。", matches: &[], themes: &[] },
    Case { name: "bare number in quotation marks", rules: &[DIRECTIVES], text: "对照省委“1310”具体部署。", matches: &[("1310", &["directives"])], themes: &["directives"] },
    Case { name: "bare number near a required word", rules: &[DIRECTIVES], text: "落实省委1310部署。", matches: &[("1310", &["directives"])], themes: &["directives"] },
    Case { name: "number inside a longer number", rules: &[DIRECTIVES], text: "“13105”和“2021310”", matches: &[], themes: &[] },
    Case { name: "number next to a decimal point", rules: &[DIRECTIVES], text: "省委部署“1310.5”", matches: &[], themes: &[] },
    Case { name: "full-width digits fold", rules: &[DIRECTIVES], text: "省委“１３１０”具体部署", matches: &[("１３１０", &["directives"])], themes: &["directives"] },
    Case { name: "number with plus signs quoted", rules: &[DIRECTIVES], text: "区委“1+1+9”工作部署", matches: &[("1+1+9", &["directives"])], themes: &["directives"] },
    Case { name: "number with plus signs unquoted", rules: &[DIRECTIVES], text: "完成1+1+9项任务", matches: &[], themes: &[] },
    Case { name: "forbidden word after", rules: &[DIRECTIVES], text: "第二十大号", matches: &[], themes: &[] },
    Case { name: "forbidden word outside the window", rules: &[DIRECTIVES], text: "学习二十大精神一号文件", matches: &[("二十大", &["directives"])], themes: &["directives"] },
    Case { name: "required word before", rules: &[GUARDS], text: "推行全科网格。", matches: &[("网格", &["guards"])], themes: &["guards"] },
    Case { name: "required word missing", rules: &[GUARDS], text: "网格状道路。", matches: &[], themes: &[] },
    Case { name: "required word after", rules: &[GUARDS], text: "创建双拥模范城。", matches: &[("双拥", &["guards"])], themes: &["guards"] },
    Case { name: "forbidden word before", rules: &[GUARDS], text: "小消防站", matches: &[], themes: &[] },
    Case { name: "term exclusion", rules: &[GUARDS], text: "建设安置房。", matches: &[], themes: &[] },
    Case { name: "term exclusion leaves other uses", rules: &[GUARDS], text: "妥善安置群众。", matches: &[("安置", &["guards"])], themes: &["guards"] },
    Case { name: "traditional script matches simplified term", rules: &[ECO], text: "全面推行河長制。", matches: &[("河長制", &["eco"])], themes: &["eco"] },
    Case { name: "line break inside a term", rules: &[ECO], text: "街道全面落实各项生态环境保护措施，推行河长\n制，成效显著。", matches: &[("河长\n制", &["eco"])], themes: &["eco"] },
    Case { name: "a page number line inside a term", rules: &[PDF], text: "街道全面落实各项生态环境保护措施，组织全体党\n— 6 —\n员干部巡河。", matches: &[("党\n— 6 —\n员干部", &["pdf"])], themes: &["pdf"] },
    Case { name: "a page number line inside a term, CRLF", rules: &[PDF], text: "街道全面落实各项生态环境保护措施，组织全体党\r\n  第 6 页  \r\n员干部巡河。", matches: &[("党\r\n  第 6 页  \r\n员干部", &["pdf"])], themes: &["pdf"] },
    Case {
        name: "running headers and footers with page numbers inside terms",
        rules: &[PDF],
        text: concat!(
            "街道全面落实各项生态环境保护措施，组织全体党\n— 6 —\n沙湾街道办事处文件\n",
            "员干部深入一线巡河护河，全面推行落实河湖长\n— 7 —\n沙湾街道办事处文件\n",
            "制，新建碧道十二公里，沿线绿化美化成效显著，推进碧\n沙湾街道办事处文件\n— 8 —\n",
            "道建设。",
        ),
        matches: &[
            ("党\n— 6 —\n沙湾街道办事处文件\n员干部", &["pdf"]),
            ("河湖长\n— 7 —\n沙湾街道办事处文件\n制", &["pdf"]),
            ("碧\n沙湾街道办事处文件\n— 8 —\n道建设", &["pdf"]),
        ],
        themes: &["pdf"],
    },
    // a short excerpt of two pages: its running header found twice, after each page number, with
    // characters beyond the BMP (𠮷: 4 bytes, 2 UTF-16 units) before each page break
    Case {
        name: "a running header found twice, after characters beyond the BMP",
        rules: &[PDF],
        text: concat!(
            "𠮷田村全面落实各项生态环境保护措施，组织𠮷田村全体党\n— 6 —\n沙湾街道办事处文件\n",
            "员干部深入一线巡河护河，全面推行落实𠮷田村河湖长\n— 7 —\n沙湾街道办事处文件\n",
            "制，成效显著。",
        ),
        matches: &[
            ("党\n— 6 —\n沙湾街道办事处文件\n员干部", &["pdf"]),
            ("河湖长\n— 7 —\n沙湾街道办事处文件\n制", &["pdf"]),
        ],
        themes: &["pdf"],
    },
    // a line once before and once after one page number is text, and so cuts the term
    Case {
        name: "a line repeated around one page number is not a running header",
        rules: &[PDF],
        text: "𠮷田村全面落实各项生态环境保护措施，组织𠮷田村全体党\n工作亮点\n— 6 —\n工作亮点\n员干部巡河。",
        matches: &[],
        themes: &[],
    },
    Case { name: "a page number between paragraphs joins no term", rules: &[PDF], text: "街道全面落实各项生态环境保护措施，组织全体党。\n— 6 —\n员干部巡河。", matches: &[], themes: &[] },
    Case { name: "ideographic space inside a term", rules: &[ECO], text: "建设碧\u{3000}道。", matches: &[("碧\u{3000}道", &["eco"])], themes: &["eco"] },
    Case { name: "rejected match lets a later term start inside it", rules: &[SAFETY, GUARDS], text: "建设安置房安全生产", matches: &[("安全生产", &["safety"])], themes: &["safety"] },
    Case { name: "straddling terms of three themes, in a chain", rules: &[CHAIN_A, CHAIN_B, CHAIN_C], text: "河长制度建设", matches: &[("河长制", &["chain_a"]), ("长制度建", &["chain_b"]), ("度建设", &["chain_c"])], themes: &["chain_a", "chain_b", "chain_c"] },
    Case { name: "straddling terms of one theme: leftmost first, then what no kept match overlaps", rules: &[CHAIN_ONE], text: "河长制度建设", matches: &[("河长制", &["chain_one"]), ("度建设", &["chain_one"])], themes: &["chain_one"] },
    Case { name: "a term straddles the end of another theme's term", rules: &[CHAIN_A, CHAIN_B], text: "推行河长制度建。", matches: &[("河长制", &["chain_a"]), ("长制度建", &["chain_b"])], themes: &["chain_a", "chain_b"] },
    Case { name: "an exclusion that starts inside a term does not hold it", rules: &[STRADDLE_EXCLUDE], text: "安全生产线", matches: &[("安全生产", &["straddle"])], themes: &["straddle"] },
    Case { name: "an exclusion that ends inside a term does not hold it", rules: &[STRADDLE_EXCLUDE], text: "抓好安全生产", matches: &[("安全生产", &["straddle"])], themes: &["straddle"] },
    Case { name: "a contained term inside a straddling exclusion", rules: &[STRADDLE_EXCLUDE], text: "建设生产线", matches: &[], themes: &[] },
    Case { name: "one-character terms", rules: &[SINGLE], text: "税收和税𝌆", matches: &[("税收", &["single"]), ("税", &["single"]), ("𝌆", &["single"])], themes: &["single"] },
    // closing exhortations: only themes with `closing = true` are tagged there; the others' matches
    // stay, as under a threshold
    Case { name: "a closing exhortation gives no theme without closing", rules: &[ECO], text: "各位代表！让我们全面推行河长制，奋力谱写新篇章！", matches: &[("河长制", &["eco"])], themes: &[] },
    Case {
        name: "a closing exhortation gives a theme with closing = true",
        rules: &[ECO, CLOSING],
        text: "  同志们，让我们深入贯彻二十大精神，全面推行河长制，奋力谱写新篇章！”\n",
        matches: &[("二十大", &["directives"]), ("河长制", &["eco"])],
        themes: &["directives"],
    },
    Case {
        name: "让我们 in a body paragraph, without the address or a call for more, is tagged",
        rules: &[ECO, CLOSING],
        text: "让我们深入贯彻二十大精神，全面推行河长制！",
        matches: &[("二十大", &["directives"]), ("河长制", &["eco"])],
        themes: &["directives", "eco"],
    },
    Case {
        name: "a 各位代表 paragraph that ends with 。 is tagged",
        rules: &[ECO, CLOSING],
        text: "各位代表，让我们深入贯彻二十大精神，全面推行河长制。",
        matches: &[("二十大", &["directives"]), ("河长制", &["eco"])],
        themes: &["directives", "eco"],
    },
    // the shape is looked for on the folded text, as terms are: Traditional characters, either width
    // of ， ！ ：, white space and quotation marks anywhere
    Case {
        name: "a Traditional closing exhortation gives only a theme with closing = true",
        rules: &[ECO, CLOSING],
        text: "各位代表！讓我們深入貫徹二十大精神，全面推行河長制，奮力譜寫新篇章！",
        matches: &[("二十大", &["directives"]), ("河長制", &["eco"])],
        themes: &["directives"],
    },
    Case { name: "a Traditional address", rules: &[ECO], text: "同志們：讓我們全面推行河長制！", matches: &[("河長制", &["eco"])], themes: &[] },
    Case { name: "a closing exhortation in half-width punctuation", rules: &[ECO], text: "各位委员: 让我们全面推行河长制!", matches: &[("河长制", &["eco"])], themes: &[] },
    Case {
        name: "a closing exhortation with spaces and quotation marks inside",
        rules: &[ECO],
        text: "各位 代表 ！“让 我们”全面推行河长制，奋力谱写新篇章 ！ ”",
        matches: &[("河长制", &["eco"])],
        themes: &[],
    },
    Case { name: "a Traditional body paragraph with 讓我們 is tagged", rules: &[ECO], text: "最後，各位代表，讓我們全面推行河長制！", matches: &[("河長制", &["eco"])], themes: &["eco"] },
    Case { name: "a Traditional 各位代表 paragraph that ends with 。 is tagged", rules: &[ECO], text: "各位代表，讓我們全面推行河長制。", matches: &[("河長制", &["eco"])], themes: &["eco"] },
    Case { name: "a full-width address without its punctuation is tagged", rules: &[ECO], text: "各位代表提出的建議，讓我們全面推行河長制！", matches: &[("河長制", &["eco"])], themes: &["eco"] },
    // the thanks that close a summary: the sentences before the thanks say whose the results are
    Case {
        name: "the thanks that close a summary give only a theme with closing = true",
        rules: &[ECO, CLOSING],
        text: "这些成绩的取得，是深入贯彻二十大精神、全面推行河长制的结果，离不开各方的大力支持。在此，向大家表示衷心的感谢！",
        matches: &[("二十大", &["directives"]), ("河长制", &["eco"])],
        themes: &["directives"],
    },
    Case { name: "thanks alone", rules: &[ECO], text: "在此，谨向关心支持河长制工作的各级领导表示衷心的感谢！", matches: &[("河长制", &["eco"])], themes: &[] },
    Case { name: "thanks after an address", rules: &[ECO], text: "各位代表！全面推行河长制的成绩来之不易，在此，我代表区人民政府表示衷心感谢！", matches: &[("河长制", &["eco"])], themes: &[] },
    Case { name: "thanks after a sentence of work done are tagged", rules: &[ECO], text: "全年全面推行河长制，清理河道12公里。在此，向大家表示衷心的感谢！", matches: &[("河长制", &["eco"])], themes: &["eco"] },
    Case { name: "thanks that end with 。 are tagged", rules: &[ECO], text: "全面推行河长制取得的成绩是大家支持的结果，在此表示感谢。", matches: &[("河长制", &["eco"])], themes: &["eco"] },
    // a report's closing call: one sentence that calls for more
    Case { name: "a report's one-sentence call gives no theme", rules: &[ECO], text: "新的一年，我们将全面推行河长制，为建设美丽家园作出新的更大贡献！", matches: &[("河长制", &["eco"])], themes: &[] },
    Case { name: "a report's call after an address", rules: &[ECO], text: "同志们，全面推行河长制，奋力谱写新篇章！", matches: &[("河长制", &["eco"])], themes: &[] },
    Case { name: "a Traditional one-sentence call", rules: &[ECO], text: "新的一年，全面推行河長制，奮力開創新局面！", matches: &[("河長制", &["eco"])], themes: &[] },
    Case { name: "a call of two sentences is tagged", rules: &[ECO], text: "新的一年，我们将全面推行河长制。为建设美丽家园作出新的更大贡献！", matches: &[("河长制", &["eco"])], themes: &["eco"] },
    Case { name: "a one-sentence paragraph with no call for more is tagged", rules: &[ECO], text: "全面推行河长制，河湖面貌焕然一新！", matches: &[("河长制", &["eco"])], themes: &["eco"] },
    Case { name: "an overlay can set closing", rules: &[ECO, ECO_CLOSING], text: "各位代表！让我们全面推行河长制，奋力谱写新篇章！", matches: &[("河长制", &["eco"])], themes: &["eco"] },
    // a document's title line (a short line at the top that names a kind of work document) gets no theme;
    // a title that names work, and a heading, are tagged
    Case { name: "a document's title gets no theme", rules: &[ECO], text: "河长制办公室2023年工作总结", matches: &[("河长制", &["eco"])], themes: &[] },
    Case { name: "a Traditional document title gets no theme", rules: &[ECO], text: "河長制辦公室2023年工作總結", matches: &[("河長制", &["eco"])], themes: &[] },
    Case { name: "a document title with a parenthesis after it", rules: &[ECO], text: "河长制办公室2024年工作要点（草案）", matches: &[("河长制", &["eco"])], themes: &[] },
    Case { name: "a personal report's title gets no theme", rules: &[ECO], text: "2017年度河长制述职报告", matches: &[("河长制", &["eco"])], themes: &[] },
    Case { name: "a title that names work is tagged", rules: &[ECO], text: "全面推行河长制", matches: &[("河长制", &["eco"])], themes: &["eco"] },
    Case { name: "a heading that names a document kind is tagged", rules: &[ECO], text: "一、2023年河长制工作总结", matches: &[("河长制", &["eco"])], themes: &["eco"] },
    Case { name: "a sentence ending in 工作总结 is not a title", rules: &[ECO], text: "全面推行河长制，做好年度工作总结", matches: &[("河长制", &["eco"])], themes: &["eco"] },
    Case { name: "terms beyond the BMP, straddling", rules: &[ASTRAL], text: "a𝌆𝌆𝌆河长𝌆", matches: &[("𝌆𝌆", &["astral"]), ("𝌆河长", &["astral"])], themes: &["astral"] },
];

#[test]
fn case_names_are_unique() {
    let mut names: Vec<_> = CASES.iter().map(|c| c.name).collect();
    names.sort();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len());
}

#[test]
fn match_semantics() {
    let mut failures = Vec::new();
    for case in CASES {
        let report = tagger(case.rules).tag(case.text);
        let got: Vec<(String, Vec<String>)> = report
            .paragraphs
            .iter()
            .flat_map(|p| {
                p.matches.iter().map(|m| (m.text.to_string(), m.themes.iter().map(|t| t.to_string()).collect()))
            })
            .collect();
        let want: Vec<(String, Vec<String>)> =
            case.matches.iter().map(|(t, th)| (t.to_string(), th.iter().map(|s| s.to_string()).collect())).collect();
        if got != want {
            failures.push(format!("{}: matches {got:?}, expected {want:?}", case.name));
        }
        let themes: Vec<&str> =
            report.paragraphs.first().map(|p| p.themes.iter().map(|t| t.id.as_str()).collect()).unwrap_or_default();
        if themes != case.themes {
            failures.push(format!("{}: themes {themes:?}, expected {:?}", case.name, case.themes));
        }
        let utf16: Vec<u16> = case.text.encode_utf16().collect();
        for p in &report.paragraphs {
            // the paragraph's span too
            let s = &p.span;
            let by_bytes = &case.text[s.byte_start..s.byte_end];
            assert_eq!(
                case.text.chars().skip(s.start).take(s.end - s.start).collect::<String>(),
                by_bytes,
                "{}",
                case.name
            );
            assert_eq!(String::from_utf16(&utf16[s.utf16_start..s.utf16_end]).unwrap(), by_bytes, "{}", case.name);
            for m in &p.matches {
                // All three offset kinds point at the same text.
                assert_eq!(&case.text[m.span.byte_start..m.span.byte_end], m.text, "{}", case.name);
                let by_chars: String = case.text.chars().skip(m.span.start).take(m.span.end - m.span.start).collect();
                assert_eq!(by_chars, m.text, "{}", case.name);
                assert_eq!(
                    String::from_utf16(&utf16[m.span.utf16_start..m.span.utf16_end]).unwrap(),
                    m.text,
                    "{}",
                    case.name
                );
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn offsets_outside_the_bmp() {
    // 𝌆 (U+1D306) is 4 bytes, 1 char, 2 UTF-16 units.
    let text = "𝌆𝌆\n\n推行河长制。";
    let report = tagger(&[ECO]).tag(text);
    let m = &report.paragraphs[1].matches[0];
    assert_eq!((m.span.start, m.span.end), (6, 9));
    assert_eq!((m.span.byte_start, m.span.byte_end), (8 + 2 + 6, 8 + 2 + 15));
    assert_eq!((m.span.utf16_start, m.span.utf16_end), (8, 11));
    let p = &report.paragraphs[0];
    assert_eq!((p.span.start, p.span.end, p.span.byte_end, p.span.utf16_end), (0, 2, 8, 4));
}

#[test]
fn same_text_in_two_themes_tags_both() {
    let a = ("a.toml", "name = \"甲\"\nterms = [\"老旧小区改造\"]\n");
    let b = ("b.toml", "name = \"乙\"\nterms = [\"老旧小区改造\"]\n");
    let report = tagger(&[a, b]).tag("推进老旧小区改造。");
    let m = &report.paragraphs[0].matches[0];
    assert_eq!(&m.themes[..], ["a", "b"]);
    assert_eq!(report.paragraphs[0].themes.len(), 2);
}

#[test]
fn guard_on_one_theme_does_not_block_another() {
    let a = ("a.toml", "name = \"甲\"\n[[term]]\ntext = \"网格\"\nbefore = [\"全科\"]\n");
    let b = ("b.toml", "name = \"乙\"\nterms = [\"网格\"]\n");
    let report = tagger(&[a, b]).tag("网格巡查。");
    assert_eq!(&report.paragraphs[0].matches[0].themes[..], ["b"]);
}

/// Only the title lines at the top are titles: the same line after the body has begun is tagged, and the
/// body under a document's title is tagged as ever.
#[test]
fn document_titles_are_only_the_lines_at_the_top() {
    let t = tagger(&[ECO]);
    let themes = |text: &str| -> Vec<Vec<String>> {
        t.tag(text).paragraphs.iter().map(|p| p.themes.iter().map(|t| t.id.to_string()).collect()).collect()
    };
    assert_eq!(themes("河长制办公室2023年工作总结\n今年全面推行河长制。"), [vec![], vec!["eco".to_string()]]);
    assert_eq!(
        themes("今年全面推行河长制。\n河长制办公室2023年工作总结"),
        [vec!["eco".to_string()], vec!["eco".to_string()]]
    );
    assert!(tifa::names_a_document("河长制办公室2023年工作总结"));
    assert!(!tifa::names_a_document("全面推行河长制"));
}

/// Which title lines name a document (and so get no theme): each row, the line and whether it does.
#[test]
fn titles_that_name_a_document() {
    let rows: &[(&str, bool)] = &[
        ("天等县扶贫开发办公室2014年工作总结和2015年工作计划", true),
        ("2017年度个人述职述廉报告", true),
        ("市应急管理局2021年工作要点（草案）", true),
        ("2024年政府工作报告", true),
        // a special-topic report's title (关于……情况的汇报, ……情况的报告)
        ("关于2016年上半年来穗人员和出租屋服务管理工作情况的汇报", true),
        ("关于全面推行河长制工作情况汇报", true),
        ("关于2023年度法治政府建设情况的报告", true),
        ("河长制工作汇报（2024年）", true),
        ("關於河長制工作情況的匯報", true),
        // a plan's evaluation or summing-up
        ("南阳市国民经济和社会发展第十三个五年规划纲要实施中期评估报告", true),
        ("通渭县第十三个五年规划纲要实施情况总结", true),
        ("中共燕店镇委员会关于2015年工作情况的总结", true),
        // a title that names work, not a document
        ("全面推行河长制", false),
        ("汇报工作要实事求是", false),
        ("河长制工作情况", false),
        ("工作总结会议召开", false),
        ("河长制实施情况", false),
        ("开展河长制实施情况评估", false),
    ];
    for (title, names) in rows {
        assert_eq!(tifa::names_a_document(title), *names, "{title}");
    }
}

/// A statement of one's portfolio (the opening line of an official's own report) gets no theme; a line
/// that goes on to the work, or that is not such a statement, is tagged as ever. Each row: the
/// paragraph, and whether it is one.
#[test]
fn portfolio_statements_get_no_theme() {
    let rows: &[(&str, bool)] = &[
        ("本人2016年度分管农业、林业、水务、河长制等工作。", true),
        ("本人在县政府分管教育、卫生健康、河长制等工作，协助县长负责疫情防控工作，联系县红十字会。", true),
        ("本人2018年度协助区长分管住房城乡建设、河长制和水务等方面工作，挂点联系大沥镇。", true),
        ("我分管水务、河长制工作。", true),
        ("我2025年分管水务、河长制等工作", true),
        ("本人 2016 年度分管農業、河長制等工作。", true),
        // goes on to the work: more than one sentence
        ("本人分管水务、河长制工作。一年来全面推行河长制，巡河1200次。", false),
        // one area, not a list
        ("本人分管河长制工作。", false),
        // figures other than a year
        ("本人分管水务、河长制等工作，全年巡河1200次。", false),
        // an office, not the writer
        ("我局分管领导带队开展水务、河长制检查工作。", false),
        // 分管 too far in
        ("本人认真履行职责，团结带领班子成员，扎实推进各项工作，分管水务、河长制等工作。", false),
        ("全面推行河长制，分管领导带头巡河。", false),
        ("本人分管的工作主要有三项：一是水务、河长制工作。", false),
        // a clause after the list that reports work
        ("本人分管水务、河长制等工作，全力推进河湖治理。", false),
    ];
    let t = tagger(&[ECO]);
    for &(text, is) in rows {
        assert_eq!(tifa::is_portfolio_statement(text), is, "{text}");
        let p = &t.tag(text).paragraphs[0];
        assert_eq!(p.themes.is_empty(), is, "{text}");
        // its matches are still listed, as under a threshold
        assert!(p.matches.iter().any(|m| m.term.as_str() == "河长制"), "{text}");
    }
}

/// In a closing exhortation, the library's explanation still accepts the match of a theme without
/// `closing = true` (as under a threshold): the paragraph, not the match, keeps the theme out.
#[test]
fn closing_exhortations_keep_their_candidates() {
    let t = tagger(&[ECO, CLOSING]);
    let text = "各位代表！让我们深入贯彻二十大精神，全面推行河长制！";
    assert!(tifa::is_closing_exhortation(text));
    let c = t.explain(text);
    assert!(c.iter().any(|c| c.term == "河长制" && c.accepted == ["eco"]), "{c:?}");
    let themes: Vec<String> = t.tag(text).paragraphs[0].themes.iter().map(|t| t.id.to_string()).collect();
    assert_eq!(themes, ["directives"]);
    assert!(!t.rules().themes().iter().find(|t| t.id == "eco").unwrap().closing);
    assert!(t.rules().themes().iter().find(|t| t.id == "directives").unwrap().closing);
}

#[test]
fn explain_gives_reasons() {
    let t = tagger(&[DIRECTIVES, SAFETY]);
    let c = t.explain("办结1310宗，保障粮食安全。");
    assert_eq!(c.len(), 2);
    let missed = vec![
        tifa::MissedGuard::Quoted,
        tifa::MissedGuard::Near { words: vec!["省委".into(), "部署".into()], window: 8 },
    ];
    assert_eq!(c[0].rejected[0].1, tifa::Rejection::GuardNotMet(missed));
    assert_eq!(c[1].rejected[0].1, tifa::Rejection::Excluded("粮食安全".into()));
}

/// A failed positive guard names itself, with its words and window: each row is a `[[term]]` of
/// `测试`, a text where it is rejected, and the reason `explain` gives.
#[test]
fn explain_names_the_guard_that_failed() {
    let rows: &[(&str, &str, &str)] = &[
        ("text = \"eVTOL\"\nquoted = true", "推进eVTOL工作。", "its guard is not met: not in quotation marks (quoted)"),
        (
            "text = \"eVTOL\"\nnear = [\"研发\", \"试飞\"]\nwindow = 6",
            "推进“eVTOL”工作。",
            "its guard is not met: none of 研发, 试飞 within 6 characters before or after (near)",
        ),
        (
            "text = \"个体工商户\"\nbefore = [\"扶持\"]",
            "辖区有个体工商户三家。",
            "its guard is not met: none of 扶持 within 8 characters before (before)",
        ),
        (
            "text = \"12345\"\nafter = [\"热线\"]\nwindow = 3",
            "拨打12345。",
            "its guard is not met: none of 热线 within 3 characters after (after)",
        ),
        (
            "text = \"充电桩\"\nclause = [\"新建\", \"建成\"]",
            "辖内有充电桩企业3家。",
            "its guard is not met: none of 新建, 建成 in its clause (clause)",
        ),
        (
            "text = \"个体工商户\"\nwork = true",
            "辖区有个体工商户三家。",
            "its guard is not met: no work word such as 推进, 加强, 建设 in its clause (work)",
        ),
        (
            // several positive guards are alternatives: every one of them failed, in this order
            "text = \"1310\"\nclause = [\"选举\"]\nwork = true\nafter = [\"部署\"]\nquoted = true",
            "办结1310宗。",
            "its guard is not met: not in quotation marks (quoted); none of 部署 within 8 characters after (after); none of 选举 in its clause (clause); no work word such as 推进, 加强, 建设 in its clause (work)",
        ),
        (
            // a `clause` that happens to list every work word is still `clause` (explain used to infer
            // `work` from the words; `work = true` is kept as a flag of its own now)
            "text = \"网格\"\nclause = [\"推进\", \"推动\", \"加强\", \"加快\", \"实施\", \"开展\", \"建设\", \"建成\", \"完善\", \"落实\", \"深化\", \"健全\", \"提升\", \"打造\", \"强化\", \"创建\", \"培育\", \"扩大\", \"促进\", \"完成\", \"新建\", \"改造\", \"整治\", \"治理\", \"保障\", \"优化\", \"规范\", \"启动\", \"实现\", \"新增\", \"增长\", \"下降\", \"开工\", \"投入\", \"出台\", \"制定\", \"建立\", \"组织\", \"举办\", \"办理\", \"处置\", \"化解\", \"排查\", \"整改\", \"帮扶\", \"救助\", \"服务\", \"提供\", \"解决\", \"支持\", \"扶持\", \"做好\", \"抓好\", \"狠抓\", \"坚持\", \"发展\", \"壮大\", \"覆盖\", \"提高\", \"增加\", \"降低\", \"攻坚\", \"巩固\", \"拓展\", \"加大\", \"选举\"]",
            "网格。",
            "its guard is not met: none of 推进, 推动, 加强, 加快, 实施 … (61 more) in its clause (clause)",
        ),
        (
            "text = \"网格\"\nnear = [\"甲\", \"乙\", \"丙\", \"丁\", \"戊\", \"己\", \"庚\"]",
            "网格。",
            "its guard is not met: none of 甲, 乙, 丙, 丁, 戊 … (2 more) within 8 characters before or after (near)",
        ),
    ];
    let mut failures = Vec::new();
    for (term, text, reason) in rows {
        let rules = format!("name = \"测试\"\n[[term]]\n{term}\n");
        let c = tagger(&[("t.toml", &rules)]).explain(text);
        let got: Vec<String> = c.iter().flat_map(|c| c.rejected.iter().map(|r| r.1.to_string())).collect();
        if got != [reason.to_string()] {
            failures.push(format!("{term:?} on {text}:\n  expected {reason}\n  got      {got:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // in JSON: the reason, and each guard with its words and window
    let c = tagger(&[(
        "t.toml",
        "name = \"测试\"\n[[term]]\ntext = \"eVTOL\"\nnear = [\"研发\"]\nwindow = 6\nwork = true\n",
    )])
    .explain("“eVTOL”");
    let json = serde_json::to_value(&c[0].rejected[0].1).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"reason": "guard-not-met", "detail": [{"guard": "near", "words": ["研发"], "window": 6}, {"guard": "work"}]})
    );
}

#[test]
fn boilerplate_is_not_tagged_or_counted() {
    let text = "首页 > 政务公开 > 河长制\n\n全面推行河长制。\n";
    let report = tagger(&[ECO]).tag(text);
    assert_eq!(report.paragraphs[0].kind, tifa::ParagraphKind::Boilerplate);
    assert!(report.paragraphs[0].matches.is_empty());
    assert_eq!(report.summary.content_paragraphs, 1);
    assert_eq!(report.summary.themes[0].1.paragraphs, 1);
    assert_eq!(report.summary.themes[0].1.share, 1.0);
}

#[test]
fn sub_themes_are_reported() {
    let r = ("eco.toml", "name = \"生态\"\n[[sub-theme]]\nid = \"river\"\nname = \"河湖\"\nterms = [\"河长制\"]\n");
    let report = tagger(&[r]).tag("推行河长制。");
    assert_eq!(report.paragraphs[0].themes[0].sub_themes, vec!["eco.river"]);
}

/// What two warnings of `tifa check` say (tests/bad_rules.rs): `weight` wins over `weak = true`, and
/// a word given twice in `all` must occur twice.
#[test]
fn weight_wins_over_weak_and_a_word_twice_in_all_is_needed_twice() {
    let rules = tifa::RuleSet::builder()
        .defaults(false)
        .source("t.toml", "name = \"测试\"\n[[term]]\ntext = \"河长制\"\nweak = true\nweight = 0.8\n[[term]]\ntext = \"林长制\"\nweight = 0.8\nweak = true\n")
        .build()
        .unwrap();
    assert!(rules.terms().iter().all(|t| t.weight == 0.8));
    let t = tagger(&[("t.toml", "name = \"测试\"\n[[term]]\nall = [\"河道\", \"整治\", \"河道\"]\n")]);
    assert!(t.tag("河道整治。").paragraphs[0].matches.is_empty());
    assert_eq!(t.tag("河道整治和河道清淤。").paragraphs[0].matches.len(), 1);
}

/// `clause` and `work = true` on one term: either list will do, in either key order (a `clause` written
/// after `work` replaced the work words until 2026-12-01). Each row: the two keys in one order, a text,
/// whether it matches; every row is also run with the keys the other way round.
#[test]
fn clause_and_work_together_take_either_list_in_any_order() {
    let rows: &[(&str, &str, bool)] = &[
        ("work = true\nclause = [\"换届\"]", "村委会换届顺利完成", true),
        ("work = true\nclause = [\"换届\"]", "推进村委会规范化", true),
        ("work = true\nclause = [\"换届\"]", "借用村委会三楼会议室", false),
    ];
    let mut failures = Vec::new();
    for (keys, text, matches) in rows {
        let swapped = keys.split('\n').rev().collect::<Vec<_>>().join("\n");
        for keys in [keys.to_string(), swapped] {
            let rules = format!("name = \"测试\"\n[[term]]\ntext = \"村委会\"\n{keys}\n");
            let got = !tagger(&[("t.toml", &rules)]).tag(text).paragraphs[0].matches.is_empty();
            if got != *matches {
                failures.push(format!("{keys:?} on {text}: expected {matches}, got {got}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Each row: the body of a `[[term]]` of a theme of its own, a text, whether the term matches there;
/// every row that does not hold is named.
fn check_term_rows(rows: &[(&str, &str, bool)]) {
    let mut failures = Vec::new();
    for (term, text, matches) in rows {
        let rules = format!("name = \"测试\"\n[[term]]\n{term}\n");
        let got = !tagger(&[("t.toml", &rules)]).tag(text).paragraphs[0].matches.is_empty();
        if got != *matches {
            failures.push(format!("{term:?} on {text}: expected {matches}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `window` (guards) counts the guard word's own characters: the word must lie wholly inside the
/// `window` characters before or after the match, so with `window = 4` a two-character word may stand
/// 2 characters away and not 3. `within` (proximity terms) counts only the characters between the
/// words: `within = 3` allows a gap of 3 and not 4. Each row: a `[[term]]`, a text, whether it matches.
#[test]
fn window_counts_the_guard_word_and_within_only_the_gap() {
    let rows: &[(&str, &str, bool)] = &[
        ("text = \"河长制\"\nbefore = [\"部署\"]\nwindow = 4", "部署甲乙河长制", true),
        ("text = \"河长制\"\nbefore = [\"部署\"]\nwindow = 4", "部署甲乙丙河长制", false),
        ("text = \"河长制\"\nafter = [\"部署\"]\nwindow = 4", "河长制甲乙部署", true),
        ("text = \"河长制\"\nafter = [\"部署\"]\nwindow = 4", "河长制甲乙丙部署", false),
        ("text = \"河长制\"\nnear = [\"部署\"]\nwindow = 4", "部署甲乙河长制", true),
        ("text = \"河长制\"\nnear = [\"部署\"]\nwindow = 4", "河长制甲乙丙部署", false),
        ("text = \"河长制\"\nnot-before = [\"部署\"]\nwindow = 4", "部署甲乙河长制", false),
        ("text = \"河长制\"\nnot-before = [\"部署\"]\nwindow = 4", "部署甲乙丙河长制", true),
        // the default window is 8: a two-character word 6 characters away, not 7
        ("text = \"河长制\"\nbefore = [\"部署\"]", "部署甲乙丙丁戊己河长制", true),
        ("text = \"河长制\"\nbefore = [\"部署\"]", "部署甲乙丙丁戊己庚河长制", false),
        ("all = [\"航空\", \"试点\"]\nwithin = 3", "航空甲乙丙试点", true),
        ("all = [\"航空\", \"试点\"]\nwithin = 3", "航空甲乙丙丁试点", false),
        ("all = [\"航空\", \"试点\"]\nwithin = 0", "试点航空", true),
        ("all = [\"航空\", \"试点\"]\nwithin = 0", "航空甲试点", false),
        // three words: the gaps together
        ("all = [\"航空\", \"试点\", \"工作\"]\nwithin = 3", "航空甲试点乙丙工作", true),
        ("all = [\"航空\", \"试点\", \"工作\"]\nwithin = 3", "航空甲乙试点丙丁工作", false),
        // the default within is 8
        ("all = [\"航空\", \"试点\"]", "航空甲乙丙丁戊己庚辛试点", true),
        ("all = [\"航空\", \"试点\"]", "航空甲乙丙丁戊己庚辛壬试点", false),
    ];
    check_term_rows(rows);
}

/// The guards of a proximity term: `not-near` and `near` look at the words between its parts too (a
/// forbidden word there rejects the match, a wanted one there lets it through), as well as the `window`
/// before its first word and after its last; `not-before`, `not-after`, `before` and `after` look only
/// outside it; `clause` at the clause that holds it. Each row: a `[[term]]`, a text, whether it matches.
#[test]
fn proximity_guards_see_between_the_words() {
    let rows: &[(&str, &str, bool)] = &[
        ("all = [\"签约\", \"项目\"]\nnot-near = [\"征迁\"]", "签约招商项目", true),
        ("all = [\"签约\", \"项目\"]\nnot-near = [\"征迁\"]", "签约征迁项目", false),
        ("all = [\"签约\", \"项目\"]\nnot-near = [\"征迁\"]", "征迁签约项目", false),
        ("all = [\"签约\", \"项目\"]\nnot-near = [\"征迁\"]", "签约项目征迁", false),
        // in the other order, and across one of the words (医疗纠纷 holds the word 纠纷)
        ("all = [\"签约\", \"项目\"]\nnot-near = [\"征迁\"]", "项目征迁签约", false),
        ("all = [\"调解\", \"纠纷\"]\nnot-near = [\"医疗纠纷\"]", "调解各类纠纷", true),
        ("all = [\"调解\", \"纠纷\"]\nnot-near = [\"医疗纠纷\"]", "调解医疗纠纷", false),
        // three words: every gap
        ("all = [\"航空\", \"试点\", \"工作\"]\nnot-near = [\"甲\"]", "航空乙试点丙工作", true),
        ("all = [\"航空\", \"试点\", \"工作\"]\nnot-near = [\"甲\"]", "航空乙试点甲工作", false),
        // a wanted word between the words is near them
        ("all = [\"签约\", \"项目\"]\nnear = [\"招商\"]", "签约招商项目", true),
        ("all = [\"签约\", \"项目\"]\nnear = [\"招商\"]", "签约重点项目", false),
        ("all = [\"签约\", \"项目\"]\nnear = [\"招商\"]", "招商签约项目", true),
        // the one-sided guards look only outside the match
        ("all = [\"签约\", \"项目\"]\nnot-before = [\"征迁\"]", "签约征迁项目", true),
        ("all = [\"签约\", \"项目\"]\nnot-before = [\"征迁\"]", "征迁签约项目", false),
        ("all = [\"签约\", \"项目\"]\nnot-after = [\"征迁\"]", "签约征迁项目", true),
        ("all = [\"签约\", \"项目\"]\nbefore = [\"招商\"]", "签约招商项目", false),
        ("all = [\"签约\", \"项目\"]\nclause = [\"招商\"]", "签约招商项目", true),
        // a literal term's match is its own text: a guard word inside it is not looked for
        ("text = \"征迁项目\"\nnot-near = [\"征迁\"]", "征迁项目", true),
    ];
    check_term_rows(rows);
    // explain names the forbidden word between them
    let t = tagger(&[("t.toml", "name = \"测试\"\n[[term]]\nall = [\"签约\", \"项目\"]\nnot-near = [\"征迁\"]\n")]);
    let c = t.explain("签约征迁项目");
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!((c[0].term.as_str(), c[0].text.as_str()), ("签约…项目", "签约征迁项目"));
    assert_eq!(c[0].rejected, vec![("t".to_string(), tifa::Rejection::ForbiddenWord("征迁".into()))]);
}

/// `explain` names a proximity term whose words all stand in the paragraph but too far apart, or not
/// in one sentence: a candidate with the reason (tagging is unchanged: no match).
#[test]
fn explain_reports_proximity_near_misses() {
    let t = tagger(&[("t.toml", "name = \"测试\"\n[[term]]\nall = [\"航空\", \"试点\"]\nwithin = 3\n")]);
    let rows: &[(&str, Option<(&str, tifa::Rejection)>)] = &[
        (
            "推动航空产业发展和改革试点工作",
            Some(("航空产业发展和改革试点", tifa::Rejection::TooFar { gap: 7, within: 3 })),
        ),
        // the closest stretch counts: 5 characters apart, then 4
        (
            "航空甲乙丙丁戊试点，试点己庚辛壬航空",
            Some(("试点己庚辛壬航空", tifa::Rejection::TooFar { gap: 4, within: 3 })),
        ),
        ("发展航空产业。开展试点工作", Some(("航空产业。开展试点", tifa::Rejection::NotInOneSentence))),
        ("航空甲乙丙试点", None),
        ("只有航空", None),
    ];
    for (text, expected) in rows {
        let c = t.explain(text);
        assert_eq!(t.tag(text).paragraphs[0].matches.is_empty(), *text != "航空甲乙丙试点", "{text}");
        match expected {
            Some((span, why)) => {
                assert_eq!(c.len(), 1, "{text}: {c:?}");
                assert_eq!((c[0].term.as_str(), c[0].text.as_str()), ("航空…试点", *span), "{text}");
                assert_eq!(c[0].rejected, vec![("t".to_string(), why.clone())], "{text}");
            }
            None => assert!(c.iter().all(|c| c.rejected.is_empty()), "{text}: {c:?}"),
        }
    }
    assert_eq!(
        tifa::Rejection::TooFar { gap: 7, within: 3 }.to_string(),
        "its words are 7 characters apart at the closest, more than within = 3"
    );
}
