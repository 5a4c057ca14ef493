#!/usr/bin/env python3
"""Selects the gold paragraphs that the labelling conventions re-decide.

    python3 tests/gold/conventions/pick.py [--round 2|3|4|5|6] > items.jsonl

Round 1 (conventions.md, questions 1–7 of questions.md): a paragraph is selected when its text has a
phrase of one of the questions; for it, only the themes of those questions are re-decided (the `judge`
list), by two readers who see themes.md, conventions.md and the paragraph, and an adjudicator for their
disputes. Selection is by these phrases alone (not by the rules, not by the old labels), over every gold
file of the time: the samples, dev-train (both rounds) and dev-test.

Round 2 (2/conventions.md, questions 8–16 of 2/questions.md) is selected the same way, over the same files
and the probes (probe/N/probe.jsonl, which were labelled after round 1, under its conventions). Its
readers see both rounds' conventions. Round 3 (3/questions.md) adds no convention: it selects, over the
same files, further named central programmes, judged under round 2's convention 8. Round 4
(4/conventions.md, question 17) re-decides `social_services` where general livelihood words stand, and
round 5 (5/conventions.md, question 18) where 公共服务 stands. Round 6 (6/conventions.md, questions 19
and 20) re-decides `higher_directives` where a central political formula, goal or unnamed deployment
stands, and `employment_labor` where social insurance does.
"""
import json, glob, os, re

here = os.path.dirname(os.path.abspath(__file__))
gold = os.path.dirname(here)

# Each round: question → (themes it re-decides, phrase pattern).
ROUND_1 = {
    "fyp": ("higher_directives", r'[“"]?(十[一二三四五六]五|[一二三四五六七八九十]+五)[”"]?(规划|时期|计划|期间)|五年规划|五年计划'),
    "liangzhong": ("higher_directives", r'两重|两新|设备更新和消费品以旧换新|以旧换新'),
    "strategy": ("higher_directives", r'(科教兴国|人才强国|创新驱动发展|乡村振兴|就业优先|区域协调发展|扩大内需|可持续发展|新型城镇化|健康中国|制造强国|质量强国|网络强国|交通强国|文化强国|教育强国|体育强国|海洋强国|军民融合发展|主体功能区|西部大开发|东北全面振兴|中部地区崛起|东部率先发展|积极应对人口老龄化国家)战略'),
    "family": ("social_services education_health", r'计划生育|人口和计划生育|生育支持|生育政策|三孩|出生缺陷'),
    "urbanization": ("urban_renewal_land economy_industry", r'新型城镇化|城镇化'),
    "grain": ("economy_industry rural_revitalization", r'粮食(总)?产量|粮食生产|粮食安全|粮食播种面积|粮食(单产|增产|丰收)'),
    "thanks": ("higher_directives", r'衷心(的)?感谢|诚挚(的)?感谢|崇高(的)?敬意|表示感谢|致以.{0,12}感谢'),
}

# round 2 (2/questions.md): question → (themes it re-decides, phrase pattern)
ROUND_2 = {
    "reform": ("higher_directives", r'供给侧结构性改革|三去一降一补|双减|东数西算|双碳|碳达峰碳中和|碳达峰、碳中和|共同富裕|新质生产力'),
    "platform": ("higher_directives", r'自由贸易试验区|自贸试验区|自贸区|自由贸易港|国家级新区|综合配套改革|国家中心城市|(国家|全国)[^，。；、]{0,12}(示范区|先行区|试验区|先导区|枢纽|高地)'),
    "hotline": ("gov_services grassroots_governance public_security", r'接诉即办|未诉先办|12345|市民热线|便民热线|工单办结'),
    "discipline_study": ("party_building integrity", r'党纪学习教育|党史学习教育|纪律教育'),
    "resumption": ("economy_industry epidemic_control", r'复工复产|复商复市|复工复业'),
    "income": ("economy_industry rural_revitalization social_services", r'居民人均可支配收入|农民人均纯收入|农民人均可支配收入|居民收入'),
    "fdi": ("business_services economy_industry", r'利用外资|使用外资|外商直接投资|外资企业|外商投资'),
    "census": ("grassroots_governance economy_industry rural_revitalization social_services", r'人口普查|经济普查|农业普查'),
    "collective": ("rural_revitalization economy_industry", r'集体经济'),
}

# round 3 (3/questions.md): more named central programmes, judged under convention 8 of round 2
ROUND_3 = {
    "programme": ("higher_directives", r'互联网[+＋]|人工智能[+＋]|数据要素[×xX]|中国制造2025|五篇大文章|全国统一大市场|大众创业|万众创新|“双创”|(?<!百)千万工程|国家大数据战略|种业振兴|找矿突破'),
}

# round 4 (4/questions.md): general livelihood words and social_services
ROUND_4 = {
    "livelihood": ("social_services", r'社会事业|改善民生|民生改善|人民生活|切身利益|民生福祉|民生实事|民生工程|为民办实事|民生领域|民生短板|民生保障'
                   # the same kind of word, added after the first reading (12 more paragraphs, read the same way)
                   r'|民生至上|民生优先|群众福祉|人民福祉|民生持续改善|民生社会事业|民生投入|民生建设|民生.{0,4}支出'),
}

# round 5 (5/questions.md): 公共服务 and social_services
ROUND_5 = {
    "public_services": ("social_services", r'公共服务'),
}

# round 6 (6/questions.md): central formulas and goals; social insurance and jobs
ROUND_6 = {
    "formula": ("higher_directives", r'小康社会|全面小康|全面深化改革|统筹发展和安全|铸牢中华民族共同体意识|两个确立|两个维护|四个意识|四个自信'
                r'|五位一体|四个全面|以人民为中心|稳中求进|决策部署|长治久安|兴边富民|新发展格局|新发展理念|新发展阶段'),
    "insurance": ("employment_labor", r'社保|社会保险|失业保险|工伤保险|养老保险|医疗保险|医保|生育保险'),
}

FILES = [os.path.join(gold, "dev", p) for p in ("train.jsonl", "train-more.jsonl", "test.jsonl")] + sorted(
    glob.glob(os.path.join(gold, "*.jsonl"))
)
# round 2 also revises the probes
FILES_2 = FILES + [os.path.join(gold, "probe", str(n), "probe.jsonl") for n in range(1, 8)]


# round → (its questions, the gold files it selects from); the rounds are applied in this order
ROUNDS = {1: (ROUND_1, FILES), 2: (ROUND_2, FILES_2), 3: (ROUND_3, FILES_2), 4: (ROUND_4, FILES_2), 5: (ROUND_5, FILES_2),
          6: (ROUND_6, FILES_2)}


def folder(round):
    """The folder of a round's readings and adjudication: this one for round 1, N/ for the others."""
    return here if round == 1 else os.path.join(here, str(round))


def items(round=1):
    questions, files = ROUNDS[round]
    for path in files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                qs = [q for q, (_, pat) in questions.items() if re.search(pat, r["text"])]
                if qs:
                    judge = sorted({t for q in qs for t in questions[q][0].split()})
                    yield {"id": r["id"], "text": r["text"], "judge": judge, "questions": qs}


if __name__ == "__main__":
    import sys

    for it in items(int(sys.argv[2]) if sys.argv[1:2] == ["--round"] else 1):
        print(json.dumps(it, ensure_ascii=False))
