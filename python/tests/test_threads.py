"""The GIL is released while tagging: Python threads run meanwhile, and tagging calls of several
threads run at the same time. Batch calls run on several OS threads, and a forked child can still
make them."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

import tifa


@pytest.fixture(scope="module")
def big(paragraphs: list[str]) -> str:
    """A text that takes a good part of a second to tag (about 5 MB)."""
    return "\n\n".join(paragraphs * 24)


@pytest.mark.parametrize("call", ["tag_json", "themes"])
def test_python_threads_run_while_tagging(tagger: tifa.Tagger, big: str, call: str) -> None:
    ticks = 0
    stop = False

    def ticker() -> None:
        nonlocal ticks
        while not stop:
            ticks += 1

    # calls that return little, so that nearly all of the call is tagging (not building the result)
    work = (lambda: tagger.tag_json(big)) if call == "tag_json" else (lambda: tagger.themes([big]))
    thread = threading.Thread(target=ticker)
    interval = sys.getswitchinterval()
    # Holding the GIL, a call would let the ticker count for one switch interval at most: make that
    # 0.5 ms instead of 5 ms, so that it is small against the call.
    sys.setswitchinterval(0.0005)
    thread.start()
    try:
        time.sleep(0.05)
        # the ticker's pace while this thread holds nothing
        before, start = ticks, time.perf_counter()
        time.sleep(0.2)
        rate = (ticks - before) / (time.perf_counter() - start)
        before, start = ticks, time.perf_counter()
        work()
        seconds = time.perf_counter() - start
        during = ticks - before
    finally:
        stop = True
        thread.join()
        sys.setswitchinterval(interval)
    # released, the GIL lets the ticker count at about its pace during the call
    assert seconds > 0.02, "the text is too small to measure"
    print(f"{call}: ticker ran {during / rate / seconds:.0%} of a {seconds:.3f} s call")
    assert during > 0.25 * rate * seconds, (during, rate, seconds)


def test_tag_calls_of_two_threads_overlap(tagger: tifa.Tagger, big: str) -> None:
    barrier = threading.Barrier(2)
    spans: list[tuple[float, float]] = []

    def work() -> dict:
        barrier.wait()
        start = time.perf_counter()
        report = tagger.tag(big)
        spans.append((start, time.perf_counter()))
        return report

    with ThreadPoolExecutor(2) as pool:
        reports = list(pool.map(lambda _: work(), range(2)))
    assert reports[0] == reports[1]
    # holding the GIL, the second call could only start once the first had ended
    (s1, e1), (s2, e2) = spans
    assert max(s1, s2) < min(e1, e2), spans


def test_results_from_many_threads(tagger: tifa.Tagger, paragraphs: list[str]) -> None:
    texts = ["\n\n".join(paragraphs[i : i + 20]) for i in range(0, 400, 20)]
    expected = [tagger.tag(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(tagger.tag, texts)) == expected
        assert list(pool.map(lambda t: tagger.tag_many([t, t], threads=2), texts)) == [[e, e] for e in expected]


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts threads in /proc (Linux)")
def test_batch_runs_on_several_threads(tagger: tifa.Tagger, big: str) -> None:
    texts = big.split("\n\n")
    baseline = len(os.listdir("/proc/self/task"))
    seen = baseline
    done = threading.Event()

    def watch() -> None:
        nonlocal seen
        while not done.is_set():
            seen = max(seen, len(os.listdir("/proc/self/task")))
            time.sleep(0.001)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        result = tagger.themes(texts, threads=3)
    finally:
        done.set()
        watcher.join()
    assert len(result) == len(texts)
    # this thread, the watcher, and the call's three workers (the watcher ran: the GIL was released)
    assert seen >= baseline + 1 + 3, (baseline, seen)


def _child(queue, texts) -> None:
    queue.put(tifa.Tagger().themes(texts, threads=2))


@pytest.mark.skipif(sys.platform != "linux", reason="fork")
def test_fork_after_a_batch_call(tagger: tifa.Tagger, paragraphs: list[str]) -> None:
    texts = paragraphs[:200]
    expected = tagger.themes(texts, threads=2)  # the parent has made a batch call before forking
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_child, args=(queue, texts))
    child.start()
    try:
        assert queue.get(timeout=60) == expected
    finally:
        child.join(timeout=10)
        if child.is_alive():
            child.kill()
    assert child.exitcode == 0
