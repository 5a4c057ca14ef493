"""The examples in the package's docstrings run."""

from __future__ import annotations

import doctest

import tifa


def test_docstring_examples() -> None:
    result = doctest.testmod(tifa, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 4
    assert result.failed == 0
