"""The GIL is released while tagging: Python threads run meanwhile, and tagging calls of several
threads run at the same time. Batch calls run on several OS threads, and a forked child can still
make them."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor

import pytest

import tifa


@pytest.fixture(scope="module")
def big(paragraphs: list[str]) -> str:
    """A text that takes a good part of a second to tag (about 5 MB)."""
    return "\n\n".join(paragraphs * 24)


@pytest.fixture(scope="module")
def plain() -> str:
    """A text with no term at all (about 5.6 million characters), whose report is small: tagging it is
    nearly all of `tag()`, turning the report into Python objects next to nothing."""
    return ("今天天气很好，我们一起去公园散步，看到很多人在锻炼身体。" * 100 + "\n\n") * 2000


def chunks(text: str, size: int) -> list[str]:
    """The text cut into texts of `size` paragraphs."""
    paragraphs = text.split("\n\n")
    return ["\n\n".join(paragraphs[i : i + size]) for i in range(0, len(paragraphs), size)]


@pytest.mark.skipif(not hasattr(time, "pthread_getcpuclockid"), reason="per-thread CPU clocks (POSIX)")
@pytest.mark.parametrize("call", ["tag", "tag_json", "themes", "summaries"])
def test_python_threads_run_while_tagging(tagger: tifa.Tagger, big: str, plain: str, call: str) -> None:
    """A Python thread that spins while this one tags gets about as much CPU time as the tagging.

    Holding the GIL, the call would leave it waiting (no CPU time at all) but for a switch interval.
    CPU time is compared, not wall time, so the machine's other load does not matter: the scheduler
    shares out the cores evenly between the two threads, whatever else runs."""
    stop = False

    def spin() -> None:
        n = 0
        while not stop:
            n += 1

    work = {
        "tag": lambda: tagger.tag(plain),
        "tag_json": lambda: tagger.tag_json(big),
        "themes": lambda: tagger.themes([big]),
        # some 50 texts, on this thread (threads=1) so that its CPU time is the tagging's
        "summaries": lambda: tagger.summaries(chunks(big, 400), threads=1),
    }[call]
    thread = threading.Thread(target=spin)
    thread.start()
    try:
        spinner = time.pthread_getcpuclockid(thread.ident)
        time.sleep(0.01)
        spun, tagged = time.clock_gettime(spinner), time.thread_time()
        work()
        spun, tagged = time.clock_gettime(spinner) - spun, time.thread_time() - tagged
    finally:
        stop = True
        thread.join()
    print(f"{call}: the spinning thread had {spun:.3f} s of CPU while this one had {tagged:.3f} s")
    assert tagged > 0.02, "the text is too small to measure"
    assert spun > 0.25 * tagged, (spun, tagged)


@pytest.mark.skipif(not hasattr(time, "pthread_getcpuclockid"), reason="per-thread CPU clocks (POSIX)")
def test_tag_calls_of_two_threads_run_together(tagger: tifa.Tagger, big: str) -> None:
    """While one thread tags, the other thread's tagging gets CPU time too. Holding the GIL, the call
    that starts first would keep the other thread waiting (its CPU clock standing still) until it ends."""
    start, end = threading.Barrier(2), threading.Barrier(2)
    clocks: dict[int, int] = {}
    ratios: dict[int, float] = {}
    reports: dict[int, str] = {}

    def work(me: int) -> None:
        clocks[me] = time.pthread_getcpuclockid(threading.get_ident())
        start.wait()
        other, mine = time.clock_gettime(clocks[1 - me]), time.thread_time()
        reports[me] = tagger.tag_json(big)
        other, mine = time.clock_gettime(clocks[1 - me]) - other, time.thread_time() - mine
        ratios[me] = other / mine
        end.wait()  # both threads alive until both have read the other's clock

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert reports[0] == reports[1]
    print(f"CPU time of the other thread during each call, against the call's own: {ratios}")
    assert min(ratios.values()) > 0.25, ratios


def test_results_from_many_threads(tagger: tifa.Tagger, paragraphs: list[str]) -> None:
    texts = ["\n\n".join(paragraphs[i : i + 20]) for i in range(0, 400, 20)]
    expected = [tagger.tag(t) for t in texts]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(tagger.tag, texts)) == expected
        assert list(pool.map(lambda t: tagger.tag_many([t, t], threads=2), texts)) == [[e, e] for e in expected]


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="counts threads in /proc (Linux)")
def test_batch_runs_on_several_threads(tagger: tifa.Tagger, big: str) -> None:
    # The threads of the process are read from /proc while the call runs, and every thread id seen is
    # kept: the call's three workers must each be seen once, not all at one look (on a busy machine the
    # watcher may be scheduled only a few times during the call; a worker lives until the texts run
    # out). The texts three times over, so that the call lasts long enough for the watcher to run at
    # all; up to five tries (a call without workers never shows them, however often it is tried).
    texts = big.split("\n\n") * 3
    before = set(os.listdir("/proc/self/task"))
    new: set[str] = set()
    for _ in range(5):
        new.clear()
        done = threading.Event()

        def watch() -> None:
            while not done.is_set():
                new.update(set(os.listdir("/proc/self/task")) - before)
                time.sleep(0.001)

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            result = tagger.themes(texts, threads=3)
        finally:
            done.set()
            watcher.join()
        assert len(result) == len(texts)
        if len(new) >= 1 + 3:
            break
    # the watcher and the call's three workers (the watcher ran: the GIL was released)
    assert len(new) >= 1 + 3, (sorted(before), sorted(new))


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


def test_a_tagger_takes_no_attributes(tagger: tifa.Tagger) -> None:
    """Immutable, as documented: an attribute set on it (a typo of an argument, say) is refused."""
    with pytest.raises(AttributeError):
        tagger.rules = ["my_rules/"]  # type: ignore[attr-defined]
    assert not hasattr(tagger, "__dict__")


def test_a_tagger_takes_weak_references() -> None:
    """No attributes, but weak references as any class of Python: weakref.ref, weakref.finalize and a
    WeakValueDictionary cache of taggers work (a subclass of the Tagger's too)."""
    tagger = tifa.Tagger(sources={"night.toml": 'name = "夜间经济"\nterms = ["夜市"]\n'})
    ref = weakref.ref(tagger)
    assert ref() is tagger
    cache: weakref.WeakValueDictionary[str, tifa.Tagger] = weakref.WeakValueDictionary()
    cache["night"] = tagger
    assert cache["night"] is tagger
    gone: list[bool] = []
    weakref.finalize(tagger, gone.append, True)

    class Mine(tifa.Tagger):
        pass

    mine = Mine()
    assert weakref.ref(mine)() is mine
    del tagger
    gc.collect()
    assert ref() is None and "night" not in cache and gone == [True]
