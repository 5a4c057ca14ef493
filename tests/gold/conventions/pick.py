#!/usr/bin/env python3
"""Selects the gold paragraphs that the labelling conventions (conventions.md) re-decide.

    python3 tests/gold/conventions/pick.py > items.jsonl

A paragraph is selected when its text has a phrase of one of the seven questions of questions.md; for
it, only the themes of those questions are re-decided (the `judge` list), by two readers who see
themes.md, conventions.md and the paragraph, and an adjudicator for their disputes. Selection is by
these phrases alone (not by the rules, not by the old labels), over every gold file: the samples,
dev-train (both rounds) and dev-test.
"""
import json, glob, os, re

here = os.path.dirname(os.path.abspath(__file__))
gold = os.path.dirname(here)

# question → (themes it re-decides, phrase pattern)
QUESTIONS = {
    "fyp": ("higher_directives", r'[“"]?(十[一二三四五六]五|[一二三四五六七八九十]+五)[”"]?(规划|时期|计划|期间)|五年规划|五年计划'),
    "liangzhong": ("higher_directives", r'两重|两新|设备更新和消费品以旧换新|以旧换新'),
    "strategy": ("higher_directives", r'(科教兴国|人才强国|创新驱动发展|乡村振兴|就业优先|区域协调发展|扩大内需|可持续发展|新型城镇化|健康中国|制造强国|质量强国|网络强国|交通强国|文化强国|教育强国|体育强国|海洋强国|军民融合发展|主体功能区|西部大开发|东北全面振兴|中部地区崛起|东部率先发展|积极应对人口老龄化国家)战略'),
    "family": ("social_services education_health", r'计划生育|人口和计划生育|生育支持|生育政策|三孩|出生缺陷'),
    "urbanization": ("urban_renewal_land economy_industry", r'新型城镇化|城镇化'),
    "grain": ("economy_industry rural_revitalization", r'粮食(总)?产量|粮食生产|粮食安全|粮食播种面积|粮食(单产|增产|丰收)'),
    "thanks": ("higher_directives", r'衷心(的)?感谢|诚挚(的)?感谢|崇高(的)?敬意|表示感谢|致以.{0,12}感谢'),
}

FILES = [os.path.join(gold, "dev", p) for p in ("train.jsonl", "train-more.jsonl", "test.jsonl")] + sorted(
    glob.glob(os.path.join(gold, "*.jsonl"))
)


def items():
    for path in FILES:
        with open(path, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                qs = [q for q, (_, pat) in QUESTIONS.items() if re.search(pat, r["text"])]
                if qs:
                    judge = sorted({t for q in qs for t in QUESTIONS[q][0].split()})
                    yield {"id": r["id"], "text": r["text"], "judge": judge, "questions": qs}


if __name__ == "__main__":
    for it in items():
        print(json.dumps(it, ensure_ascii=False))
