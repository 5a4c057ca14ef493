"""Pickling: a RuleError raised in a worker process reaches the parent whole."""

from __future__ import annotations

import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

import tifa

BAD = {"night.toml": 'name = "夜间经济"\nterms = ["夜间经济", 3]\ndescripton = "拼错"\n'}


def bad_rules(_: object = None) -> tifa.Tagger:
    return tifa.shared_tagger(sources=BAD)


def rule_error() -> tifa.RuleError:
    with pytest.raises(tifa.RuleError) as caught:
        tifa.Tagger(sources=BAD)
    return caught.value


def fields(detail: tifa.RuleErrorDetail) -> tuple:
    return (
        detail.file,
        detail.line,
        detail.column,
        detail.end_line,
        detail.end_column,
        detail.message,
        detail.source_line,
        detail.rendered,
    )


def assert_same_error(got: BaseException, want: tifa.RuleError) -> None:
    assert type(got) is tifa.RuleError and isinstance(got, ValueError)
    assert str(got) == str(want)
    assert isinstance(got, tifa.RuleError)
    assert [type(d) for d in got.errors] == [tifa.RuleErrorDetail] * len(want.errors)
    assert [fields(d) for d in got.errors] == [fields(d) for d in want.errors]
    assert [(d.file, d.line, d.column) for d in got.errors] == [("night.toml", 2, 18), ("night.toml", 3, 1)]


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_rule_error_pickles(protocol: int) -> None:
    error = rule_error()
    assert_same_error(pickle.loads(pickle.dumps(error, protocol)), error)
    detail = error.errors[0]
    again = pickle.loads(pickle.dumps(detail, protocol))
    assert fields(again) == fields(detail) and repr(again) == repr(detail) and str(again) == str(detail)


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_rule_error_from_a_worker_process(method: str) -> None:
    want = rule_error()
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        with pytest.raises(tifa.RuleError) as caught:
            pool.submit(bad_rules).result(timeout=120)
    assert_same_error(caught.value, want)
    with context.Pool(1) as pool:
        with pytest.raises(tifa.RuleError) as caught:
            pool.apply(bad_rules, (0,))
    assert_same_error(caught.value, want)
