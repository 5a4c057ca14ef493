//! The Python API, built with PyO3 (compiled with the `python` feature only; maturin builds it as the
//! extension module `tifa._tifa` through `pyproject.toml`, and `python/tifa/` wraps it).
//!
//! This file is the single Python boundary of the crate, as `wasm.rs` is the JavaScript one: it uses
//! nothing but the library's public API. Reports and `explain`'s candidates are built as Python objects
//! directly from the library's values ([`PyObjects`]), equal to what Python's `json.loads` gives of the
//! JSON text of the contract, so that a Python dict is exactly what `tifa tag --format json` prints
//! but for the input's `encoding`: the same keys in the same order, lists where JSON has arrays (`explain`'s pairs too, not tuples),
//! and each `f32` score as the float of its JSON text (`0.3`, not the `f64` widening
//! `0.30000001192092896`). They used to cross as that JSON text, parsed by `json.loads`: several times
//! slower and larger at its peak (the text, then its objects). Summaries, check failures and rule info
//! hold neither floats of `f32` nor tuples: `pythonize` converts them directly.
//!
//! Tagging runs with the GIL released, so Python threads run meanwhile. The batch calls spread their
//! texts over scoped threads made for the call (no thread pool outlives it, so a process that forks
//! afterwards, as `multiprocessing` and Spark's Python workers do, cannot inherit a pool whose threads
//! are gone), while the calling thread looks for signals, so that Ctrl-C stops them.

use std::collections::HashMap;
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use pyo3::create_exception;
use pyo3::exceptions::{PyOSError, PyTypeError, PyUnicodeDecodeError, PyUnicodeWarning, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyBytes, PyDict, PyFloat, PyList, PyString, PyType};

use pythonize::pythonize;

use crate::{Candidate, Part, Report, ReportMatch, ReportParagraph, ReportTheme, RuleErrors, RuleSet, Span};

create_exception!(
    tifa,
    RuleError,
    PyValueError,
    "Invalid rule files. `str(error)` shows every problem with its source line and a caret; `errors` \
     lists them as `RuleErrorDetail` objects (file, line, column, message). It pickles with its \
     `errors`, so it reaches the parent of a worker process whole."
);

/// One problem in a rule file: where it is (1-based line and column; columns count characters; 0 for
/// an error about the whole file, such as its name) and what is wrong.
#[pyclass(module = "tifa", frozen)]
pub struct RuleErrorDetail {
    /// The rule file's name as given (a path, or a key of `sources`).
    #[pyo3(get)]
    file: String,
    /// 1-based line of the start of the fault (0: the whole file).
    #[pyo3(get)]
    line: usize,
    /// 1-based column of the start, in characters.
    #[pyo3(get)]
    column: usize,
    /// 1-based line of the end of the fault.
    #[pyo3(get)]
    end_line: usize,
    /// 1-based column just past the end, in characters.
    #[pyo3(get)]
    end_column: usize,
    /// What is wrong, in one sentence.
    #[pyo3(get)]
    message: String,
    /// What most likely causes it and how to fix it, or None.
    #[pyo3(get)]
    hint: Option<String>,
    /// The text of the line the fault is on.
    #[pyo3(get)]
    source_line: String,
    /// The error as `tifa check` prints it: message, `--> file:line:column`, the line and a caret.
    #[pyo3(get)]
    rendered: String,
}

#[pymethods]
impl RuleErrorDetail {
    /// Made by tifa for `RuleError.errors`; the constructor is what pickling rebuilds one with.
    #[new]
    #[pyo3(signature = (file, line, column, end_line, end_column, message, source_line, rendered, hint=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        file: String,
        line: usize,
        column: usize,
        end_line: usize,
        end_column: usize,
        message: String,
        source_line: String,
        rendered: String,
        hint: Option<String>,
    ) -> Self {
        RuleErrorDetail { file, line, column, end_line, end_column, message, hint, source_line, rendered }
    }

    /// Pickling (a `RuleError` raised in a worker process reaches the parent with its `errors`):
    /// the class and the fields, in the constructor's order.
    #[allow(clippy::type_complexity)]
    fn __reduce__<'py>(
        slf: &Bound<'py, Self>,
    ) -> (Bound<'py, PyType>, (String, usize, usize, usize, usize, String, String, String, Option<String>)) {
        let d = slf.get();
        (
            slf.get_type(),
            (
                d.file.clone(),
                d.line,
                d.column,
                d.end_line,
                d.end_column,
                d.message.clone(),
                d.source_line.clone(),
                d.rendered.clone(),
                d.hint.clone(),
            ),
        )
    }

    fn __str__(&self) -> String {
        if self.line == 0 {
            format!("{}: {}", self.file, self.message)
        } else {
            format!("{}:{}:{}: {}", self.file, self.line, self.column, self.message)
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "RuleErrorDetail(file={:?}, line={}, column={}, message={:?})",
            self.file, self.line, self.column, self.message
        )
    }
}

fn rule_error(py: Python<'_>, errors: &RuleErrors) -> PyErr {
    let details: Vec<RuleErrorDetail> = errors
        .iter()
        .map(|e| RuleErrorDetail {
            file: e.file.clone(),
            line: e.line,
            column: e.column,
            end_line: e.end_line,
            end_column: e.end_column,
            message: e.message.clone(),
            hint: e.hint.clone(),
            source_line: e.source_line().to_string(),
            rendered: e.render(),
        })
        .collect();
    let err = RuleError::new_err(errors.render().trim_end().to_string());
    match PyList::new(py, details).and_then(|list| err.value(py).setattr("errors", list)) {
        Ok(()) => err,
        Err(e) => e,
    }
}

/// Where the rules come from: files and folders, and `(file name, TOML text)` pairs.
struct RuleSources {
    defaults: bool,
    paths: Vec<PathBuf>,
    texts: Vec<(String, String)>,
}

enum BuildError {
    Io(PathBuf, std::io::Error),
    /// A folder without any rule file: almost surely a wrong path or a wrong extension.
    NoRuleFiles(PathBuf),
    Rules(RuleErrors),
}

/// A rule set and the rule files it was built from, `(file name without the folder, text)` in the
/// order read (the folders' files as they were then): what a Tagger pickles, so that unpickling builds the same rules
/// without reading any file again.
struct Built {
    rules: RuleSet,
    files: Vec<(String, String)>,
}

/// A rule file's name without its folder, as the rules hash reads it (`RuleSetBuilder::build`).
fn file_name(name: &str) -> &str {
    std::path::Path::new(name).file_name().and_then(|n| n.to_str()).unwrap_or(name)
}

/// A `sources` name as Windows reads it, on every system: `\` separates folders there, and no theme id
/// holds one, so elsewhere it is taken as `/` too (`C:\x\night.toml`, a name copied from Windows or
/// pickled there by an earlier version, is the theme `night`, with the hash it had there).
fn portable_name(name: &str) -> String {
    if cfg!(windows) { name.to_string() } else { name.replace('\\', "/") }
}

impl RuleSources {
    fn build(&self) -> Result<Built, BuildError> {
        let mut builder = RuleSet::builder().defaults(self.defaults);
        for p in &self.paths {
            // `RuleSetBuilder::path` refuses a folder without any *.toml file (NotFound)
            builder = builder.path(p).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound if p.is_dir() => BuildError::NoRuleFiles(p.clone()),
                _ => BuildError::Io(p.clone(), e),
            })?;
        }
        for (name, text) in &self.texts {
            builder = builder.source(portable_name(name), text.as_str());
        }
        // each file under its name without the folder (all that its theme id and the hash read), so
        // that a Tagger pickled on Windows (`C:\…\night.toml`) unpickles on Linux with the same rules
        let files = builder.sources().map(|(name, text)| (file_name(name).to_string(), text.to_string())).collect();
        let rules = builder.build().map_err(BuildError::Rules)?;
        Ok(Built { rules, files })
    }
}

/// One path: str, bytes or os.PathLike (`os.fspath`; bytes decoded as `os.fsdecode` does); `None` for
/// anything else. An exception raised by a path's `__fspath__` is raised, not taken for "no path".
fn extract_path(obj: &Bound<'_, PyAny>) -> PyResult<Option<PathBuf>> {
    let pathlike =
        obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() || obj.get_type().hasattr("__fspath__")?;
    if !pathlike {
        return Ok(None);
    }
    let os = obj.py().import("os")?;
    let path = os.getattr("fspath")?.call1((obj,))?;
    let path = if path.is_instance_of::<PyBytes>() { os.getattr("fsdecode")?.call1((path,))? } else { path };
    Ok(Some(path.extract::<PathBuf>()?))
}

/// A rule path that cannot be read, as Python's own `open` reports it: the `OSError` subclass of the
/// error (`FileNotFoundError`, `PermissionError`, …) with `errno`, `strerror` and `filename` (and, on
/// Windows, `winerror`: the code is a Windows error there, which `OSError` maps to its errno).
fn io_error(path: &std::path::Path, e: std::io::Error) -> PyErr {
    match e.raw_os_error() {
        Some(code) => {
            // io::Error shows " (os error N)" after the system's message: errno says it already
            let message = e.to_string();
            let message = message.rsplit_once(" (os error").map_or(message.as_str(), |(m, _)| m);
            let message = format!("cannot read rules: {message}");
            let filename = path.display().to_string();
            // OSError(errno, …) makes the subclass of that errno, as open() raises it; on Windows,
            // OSError(_, …, winerror) takes the errno from the Windows error code
            #[cfg(windows)]
            let args = (code, message, filename, code);
            #[cfg(not(windows))]
            let args = (code, message, filename);
            PyOSError::new_err(args)
        }
        None => PyErr::from(std::io::Error::new(e.kind(), format!("cannot read rules {}: {e}", path.display()))),
    }
}

/// `rules`: one path (str, bytes or os.PathLike) or an iterable of them.
fn extract_paths(rules: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PathBuf>> {
    let Some(rules) = rules else { return Ok(Vec::new()) };
    if let Some(one) = extract_path(rules)? {
        return Ok(vec![one]);
    }
    let mut paths = Vec::new();
    let iter = rules.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "rules must be a path (str, bytes or os.PathLike) or an iterable of paths, not {}",
            type_name(rules)
        ))
    })?;
    for item in iter {
        let item = item?;
        let path = extract_path(&item)?.ok_or_else(|| {
            PyTypeError::new_err(format!(
                "rules: expected a path (str, bytes or os.PathLike), got {}",
                type_name(&item)
            ))
        })?;
        paths.push(path);
    }
    Ok(paths)
}

/// `sources`: a mapping of file name to TOML text, or an iterable of `(name, text)` pairs.
fn extract_sources(sources: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<(String, String)>> {
    let Some(sources) = sources else { return Ok(Vec::new()) };
    let pairs = if sources.hasattr("items")? { sources.call_method0("items")? } else { sources.clone() };
    let mut out = Vec::new();
    for item in pairs.try_iter()? {
        let item = item?;
        let pair = item
            .extract::<(String, String)>()
            .map_err(|_| PyTypeError::new_err("sources must map a rule file name (str) to its TOML text (str)"))?;
        out.push(pair);
    }
    Ok(out)
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into())
}

/// The texts of a batch call: any iterable of str, but not a str itself.
///
/// With the limited API of Python 3.9 (abi3), each str's UTF-8 is copied into a new `bytes` object
/// (`PyBackedStr`), with the GIL held: reading 210,000 reports of 24 kB took 13 s and 5 GB, and
/// dropping the copies 0.5 s. So Ctrl-C stops the reading too (signals are looked for every
/// `SIGNAL_INTERVAL`), and a str that comes again right after itself (`[text] * n`, a Series of one
/// value) shares the copy of its first time.
fn extract_texts(texts: &Bound<'_, PyAny>) -> PyResult<Vec<Text>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err("texts must be an iterable of str, not one str (use tag() for one text)"));
    }
    let mut out = Vec::with_capacity(texts.len().unwrap_or(0));
    let mut checked = Instant::now();
    // the previous str and its copy: the object is held, so that its address is not taken by another
    let mut last: Option<(Bound<'_, PyAny>, Arc<PyBackedStr>)> = None;
    for (i, item) in texts.try_iter()?.enumerate() {
        if checked.elapsed() >= SIGNAL_INTERVAL {
            texts.py().check_signals()?;
            checked = Instant::now();
        }
        let item = item?;
        if let Some((previous, text)) = &last
            && previous.is(&item)
        {
            out.push(Text::Python(Arc::clone(text)));
            continue;
        }
        match item.extract::<PyBackedStr>() {
            Ok(text) => {
                let text = Arc::new(text);
                out.push(Text::Python(Arc::clone(&text)));
                last = Some((item, text));
            }
            Err(_) if item.is_instance_of::<PyString>() => {
                // a str that is no valid Unicode: it holds a lone surrogate (UTF-8 cannot encode it).
                // As `tifa tag --jsonl` reads a `\ud800`: U+FFFD, with a warning, and the batch goes on
                // (one code point for one, so offsets stay Python's indices)
                // by code point (UTF-32): two lone surrogates side by side stay two, as Python counts them,
                // where UTF-16 would pair them into one character
                let points = item.call_method1(intern!(item.py(), "encode"), ("utf-32-le", "surrogatepass"))?;
                let points = points.cast::<PyBytes>()?.as_bytes();
                let text: String = points
                    .chunks_exact(4)
                    .map(|p| {
                        char::from_u32(u32::from_le_bytes([p[0], p[1], p[2], p[3]]))
                            .unwrap_or(char::REPLACEMENT_CHARACTER)
                    })
                    .collect();
                let message = format!(
                    "texts[{i}] holds a lone surrogate (as errors='surrogateescape' leaves for bytes it could not \
                     decode), read as U+FFFD: decode the file with its encoding to keep those characters"
                );
                PyErr::warn(
                    item.py(),
                    &item.py().get_type::<PyUnicodeWarning>(),
                    &std::ffi::CString::new(message)?,
                    1,
                )?;
                out.push(Text::Replaced(text));
            }
            Err(_) => return Err(PyTypeError::new_err(format!("texts[{i}] is {}, not str", type_name(&item)))),
        }
    }
    Ok(out)
}

/// One text of a batch call: the Python string's own UTF-8, or, for a string with lone surrogates, a
/// copy with U+FFFD in their place.
enum Text {
    /// A valid Python string, borrowed (shared by its repeats in a row).
    Python(Arc<PyBackedStr>),
    /// A string that held lone surrogates, each replaced by U+FFFD.
    Replaced(String),
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Text::Python(s) => s,
            Text::Replaced(s) => s,
        }
    }
}

/// `threads`: at least 1 (taken as an `i64`, so that a negative number gives this ValueError too, not
/// an OverflowError); `None`: every core.
fn thread_count(threads: Option<i64>) -> PyResult<usize> {
    match threads {
        Some(n) if n < 1 => Err(PyValueError::new_err(format!("threads must be at least 1, not {n}"))),
        Some(n) => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
        None => Ok(std::thread::available_parallelism().map_or(1, NonZeroUsize::get)),
    }
}

/// How often a batch call looks for signals (Ctrl-C) while it tags.
const SIGNAL_INTERVAL: Duration = Duration::from_millis(50);

/// Runs the Python signal handlers of pending signals, with the GIL taken back for the moment (the
/// caller has released it): `Err` when a handler raised, `KeyboardInterrupt` for Ctrl-C. Does nothing
/// on any thread but the main one, where the signals are handled.
fn check_signals() -> PyResult<()> {
    Python::attach(|py| py.check_signals())
}

/// `f` of every text, in order, computed with the GIL released on up to `threads` scoped threads that
/// take the next text as they finish one (reports differ a lot in length, so fixed shares would leave
/// threads idle). Ctrl-C stops it: the calling thread looks for signals every `SIGNAL_INTERVAL`, and
/// when a handler raises (`KeyboardInterrupt`), the threads take no further text and the error is
/// returned once they have finished the texts they hold.
fn parallel_map<'t, T: Send>(
    py: Python<'_>,
    texts: &'t [Text],
    threads: usize,
    f: impl Fn(&'t str) -> T + Sync,
) -> PyResult<Vec<T>> {
    let threads = threads.min(texts.len());
    if threads <= 1 {
        return py.detach(|| {
            let mut out = Vec::with_capacity(texts.len());
            let mut checked = Instant::now();
            for text in texts {
                out.push(f(text));
                if checked.elapsed() >= SIGNAL_INTERVAL {
                    check_signals()?;
                    checked = Instant::now();
                }
            }
            Ok(out)
        });
    }
    let (next, stop, f) = (&AtomicUsize::new(0), &AtomicBool::new(false), &f);
    let parts: Vec<Vec<(usize, T)>> = py.detach(|| {
        std::thread::scope(|scope| {
            // nothing is sent: the channel disconnects when every worker has ended, panicking or not
            let (ended, all_ended) = mpsc::channel::<()>();
            let workers: Vec<_> = (0..threads)
                .map(|_| {
                    let ended = ended.clone();
                    scope.spawn(move || {
                        let _ended = ended;
                        let mut done = Vec::new();
                        while !stop.load(Ordering::Relaxed) {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(text) = texts.get(i) else { break };
                            done.push((i, f(text)));
                        }
                        done
                    })
                })
                .collect();
            drop(ended);
            let mut interrupted = None;
            while let Err(mpsc::RecvTimeoutError::Timeout) = all_ended.recv_timeout(SIGNAL_INTERVAL) {
                if interrupted.is_none()
                    && let Err(e) = check_signals()
                {
                    stop.store(true, Ordering::Relaxed);
                    interrupted = Some(e);
                }
            }
            let parts = workers
                .into_iter()
                .map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect();
            interrupted.map_or(Ok(parts), Err)
        })
    })?;
    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(texts.len()).collect();
    for (i, value) in parts.into_iter().flatten() {
        slots[i] = Some(value);
    }
    Ok(slots.into_iter().map(|v| v.expect("every text was taken by one thread")).collect())
}

/// Python's cyclic garbage collector paused while a call builds its objects, and started again when
/// this is dropped, unless it was off already (`gc.isenabled()`, `gc.disable()`, `gc.enable()`).
/// The collector runs after every few hundred new dicts and lists and walks those not yet collected:
/// while the objects of a report of 200,000 matches were built, it took as long as building them
/// (0.56 s of CPU of 1.17 s), to collect nothing, as new dicts and lists holding only new objects make
/// no cycle. `json.loads` paid the same. The GIL is held while it is paused, so no other Python
/// thread runs meanwhile (but for a signal handler that `check_signals` may run); the objects are
/// walked once when the collector runs next, as any others.
struct GcPaused<'py>(Option<Bound<'py, PyModule>>);

impl<'py> GcPaused<'py> {
    fn new(py: Python<'py>) -> PyResult<Self> {
        let gc = py.import("gc")?;
        if gc.call_method0("isenabled")?.is_truthy()? {
            gc.call_method0("disable")?;
            Ok(GcPaused(Some(gc)))
        } else {
            Ok(GcPaused(None))
        }
    }
}

impl Drop for GcPaused<'_> {
    fn drop(&mut self) {
        if let Some(gc) = &self.0
            && let Err(e) = gc.call_method0("enable")
        {
            // `gc.enable()` does not fail; were it to, say so rather than lose it
            e.write_unraisable(gc.py(), Some(gc));
        }
    }
}

/// Builds the Python objects of reports and candidates: what `json.loads` gives of their JSON text
/// (dicts with the keys in the JSON's order, lists, `str`, `int`, `float`, `None`), made directly.
/// Equal strings (terms, theme ids and names, matched texts) become one `str` object and equal
/// scores one `float`, as they are immutable: a report of many matches holds far fewer objects than
/// its JSON would give (`json.loads` makes a new `str` for every value). Lists and dicts are never
/// shared, so that changing one changes nothing else.
struct PyObjects<'py> {
    py: Python<'py>,
    strings: HashMap<Box<str>, Bound<'py, PyString>>,
    /// By the bits of the `f32`.
    scores: HashMap<u32, Bound<'py, PyAny>>,
    /// A paragraph kind's JSON name.
    kinds: Vec<(crate::ParagraphKind, Bound<'py, PyString>)>,
}

impl<'py> PyObjects<'py> {
    fn new(py: Python<'py>) -> Self {
        PyObjects { py, strings: HashMap::new(), scores: HashMap::new(), kinds: Vec::new() }
    }

    /// The `str` of `s`, made once per call.
    fn str(&mut self, s: &str) -> Bound<'py, PyString> {
        if let Some(obj) = self.strings.get(s) {
            return obj.clone();
        }
        let obj = PyString::new(self.py, s);
        self.strings.insert(s.into(), obj.clone());
        obj
    }

    fn strs<'a>(&mut self, items: impl IntoIterator<Item = &'a str>) -> PyResult<Bound<'py, PyList>> {
        let objects: Vec<_> = items.into_iter().map(|s| self.str(s)).collect();
        PyList::new(self.py, objects)
    }

    /// An `f32` as `json.loads` reads its JSON text: serde_json writes the shortest decimal that reads
    /// back as the same `f32` (`0.3`), which Python reads as the nearest `float` (`0.3`, where the
    /// `f64` of the `f32` is `0.30000001192092896`). JSON has no NaN nor infinity: serde_json writes
    /// them `null`, which is `None`.
    fn f32(&mut self, x: f32) -> Bound<'py, PyAny> {
        let py = self.py;
        self.scores
            .entry(x.to_bits())
            .or_insert_with(|| {
                let json = serde_json::to_string(&x).expect("an f32 serialises");
                match json.parse::<f64>() {
                    Ok(v) => PyFloat::new(py, v).into_any(),
                    Err(_) => py.None().into_bound(py),
                }
            })
            .clone()
    }

    /// The `kind` of a paragraph: its JSON name, which is what it displays as.
    fn kind(&mut self, kind: crate::ParagraphKind) -> Bound<'py, PyString> {
        if let Some((_, name)) = self.kinds.iter().find(|(k, _)| *k == kind) {
            return name.clone();
        }
        let name = PyString::new(self.py, &kind.to_string());
        self.kinds.push((kind, name.clone()));
        name
    }

    /// The six offset fields of a span, which its object holds among its own (serde's `flatten`).
    fn span(&self, d: &Bound<'py, PyDict>, s: &Span) -> PyResult<()> {
        let py = self.py;
        d.set_item(intern!(py, "start"), s.start)?;
        d.set_item(intern!(py, "end"), s.end)?;
        d.set_item(intern!(py, "byte_start"), s.byte_start)?;
        d.set_item(intern!(py, "byte_end"), s.byte_end)?;
        d.set_item(intern!(py, "utf16_start"), s.utf16_start)?;
        d.set_item(intern!(py, "utf16_end"), s.utf16_end)
    }

    /// A report: `tifa`, `rules`, `paragraphs`, `summary`. Each paragraph is dropped once it is
    /// converted, so that the Rust report and its Python objects are not both held whole.
    fn report(&mut self, report: Report<'_>) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let Report { tifa, rules, paragraphs, summary, .. } = report;
        let d = PyDict::new(py);
        d.set_item(intern!(py, "tifa"), tifa)?;
        d.set_item(intern!(py, "rules"), pythonize(py, &rules)?)?;
        let list = PyList::empty(py);
        for p in paragraphs {
            list.append(self.paragraph(&p)?)?;
        }
        d.set_item(intern!(py, "paragraphs"), list)?;
        d.set_item(intern!(py, "summary"), pythonize(py, &summary)?)?;
        Ok(d)
    }

    fn paragraph(&mut self, p: &ReportParagraph<'_>) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let d = PyDict::new(py);
        d.set_item(intern!(py, "index"), p.index)?;
        self.span(&d, &p.span)?;
        d.set_item(intern!(py, "section"), self.strs(p.section.iter().map(String::as_str))?)?;
        let part = match p.part {
            None => None,
            Some(Part::Summary) => Some(intern!(py, "summary")),
            Some(Part::Plan) => Some(intern!(py, "plan")),
        };
        d.set_item(intern!(py, "part"), part)?;
        d.set_item(intern!(py, "kind"), self.kind(p.kind))?;
        let themes = p.themes.iter().map(|t| self.theme(t)).collect::<PyResult<Vec<_>>>()?;
        d.set_item(intern!(py, "themes"), PyList::new(py, themes)?)?;
        let matches = p.matches.iter().map(|m| self.match_(m)).collect::<PyResult<Vec<_>>>()?;
        d.set_item(intern!(py, "matches"), PyList::new(py, matches)?)?;
        Ok(d)
    }

    fn theme(&mut self, t: &ReportTheme) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let d = PyDict::new(py);
        d.set_item(intern!(py, "id"), self.str(&t.id))?;
        d.set_item(intern!(py, "name"), self.str(&t.name))?;
        d.set_item(intern!(py, "score"), self.f32(t.score))?;
        d.set_item(intern!(py, "terms"), self.strs(t.terms.iter().map(|s| s.as_str()))?)?;
        d.set_item(intern!(py, "sub_themes"), self.strs(t.sub_themes.iter().map(|s| s.as_str()))?)?;
        Ok(d)
    }

    fn match_(&mut self, m: &ReportMatch<'_>) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let d = PyDict::new(py);
        self.span(&d, &m.span)?;
        d.set_item(intern!(py, "term"), self.str(&m.term))?;
        d.set_item(intern!(py, "text"), self.str(&m.text))?;
        d.set_item(intern!(py, "themes"), self.strs(m.themes.iter().map(|s| s.as_str()))?)?;
        Ok(d)
    }

    /// One candidate of `explain`: its span, `term`, `text`, `accepted` and `rejected`, whose
    /// `(theme id, reason)` pairs are lists, as in JSON.
    fn candidate(&mut self, c: &Candidate) -> PyResult<Bound<'py, PyDict>> {
        let py = self.py;
        let d = PyDict::new(py);
        self.span(&d, &c.span)?;
        d.set_item(intern!(py, "term"), self.str(&c.term))?;
        d.set_item(intern!(py, "text"), self.str(&c.text))?;
        d.set_item(intern!(py, "accepted"), self.strs(c.accepted.iter().map(String::as_str))?)?;
        let mut rejected = Vec::with_capacity(c.rejected.len());
        for (theme, reason) in &c.rejected {
            rejected.push(PyList::new(py, [self.str(theme).into_any(), pythonize(py, reason)?])?);
        }
        d.set_item(intern!(py, "rejected"), PyList::new(py, rejected)?)?;
        Ok(d)
    }
}

/// The themes that tagged at least one paragraph of a report, in rule order.
fn report_themes(summary: &crate::Summary) -> Vec<String> {
    summary.themes.iter().filter(|(_, t)| t.paragraphs > 0).map(|(id, _)| id.clone()).collect()
}

/// The report's summary of `text`, its paragraphs tagged one at a time (the report is never held).
fn summary_of(tagger: &crate::Tagger, text: &str) -> crate::Summary {
    let mut paragraphs = tagger.paragraphs(text);
    paragraphs.by_ref().for_each(drop);
    paragraphs.summary()
}

/// The report of `text` as JSON, written as it is tagged (the report is never held).
fn report_json(tagger: &crate::Tagger, text: &str, pretty: bool) -> String {
    let streamed = tagger.tag_streamed(text);
    let json = if pretty { serde_json::to_string_pretty(&streamed) } else { serde_json::to_string(&streamed) };
    json.expect("a report always serialises")
}

/// A compiled rule set, ready to tag texts; immutable and safe to share between threads. Pickling
/// rebuilds it from the rule texts it was built from (no file is read again); copies are itself.
#[pyclass(module = "tifa._tifa", name = "Tagger", frozen, subclass)]
pub struct Tagger {
    inner: crate::Tagger,
    /// Whether the default rules come first.
    defaults: bool,
    /// The user's rule files as read when it was built, `(file name, text)` in order.
    files: Vec<(String, String)>,
}

#[pymethods]
impl Tagger {
    #[new]
    #[pyo3(signature = (rules = None, *, defaults = true, sources = None))]
    fn new(
        py: Python<'_>,
        rules: Option<&Bound<'_, PyAny>>,
        defaults: bool,
        sources: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Tagger> {
        let sources = RuleSources { defaults, paths: extract_paths(rules)?, texts: extract_sources(sources)? };
        if !defaults && sources.paths.is_empty() && sources.texts.is_empty() {
            return Err(PyValueError::new_err("defaults=False needs rule files (rules=...) or sources=..."));
        }
        // Reading the files and compiling the automaton take a while: other threads may run.
        let built = py.detach(|| sources.build().map(|b| (crate::Tagger::new(b.rules), b.files)));
        match built {
            Ok((inner, files)) => Ok(Tagger { inner, defaults, files }),
            Err(BuildError::Rules(errors)) => Err(rule_error(py, &errors)),
            Err(BuildError::NoRuleFiles(folder)) => {
                Err(PyValueError::new_err(format!("rules: no rule file (*.toml) in {}", folder.display())))
            }
            Err(BuildError::Io(path, e)) => Err(io_error(&path, e)),
        }
    }

    /// Tags one text; the report as a dict, exactly the JSON of `tifa tag --format json` as
    /// `json.loads` reads it, without its `encoding` (the file's; built directly, without the JSON
    /// text).
    fn tag<'py>(&self, py: Python<'py>, text: PyBackedStr) -> PyResult<Bound<'py, PyDict>> {
        let report = py.detach(|| self.inner.tag(&text));
        let _paused = GcPaused::new(py)?;
        PyObjects::new(py).report(report)
    }

    /// Tags one text; the report as JSON text (`pretty=True`: indented as `tifa tag --format json`
    /// prints it, without its `"encoding"` line and the final newline).
    #[pyo3(signature = (text, *, pretty = false))]
    fn tag_json(&self, py: Python<'_>, text: PyBackedStr, pretty: bool) -> String {
        py.detach(|| report_json(&self.inner, &text, pretty))
    }

    /// Tags many texts on several threads; one report dict per text, in order.
    #[pyo3(signature = (texts, *, threads = None))]
    fn tag_many<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<i64>,
    ) -> PyResult<Bound<'py, PyList>> {
        let texts = extract_texts(texts)?;
        let threads = thread_count(threads)?;
        let reports = parallel_map(py, &texts, threads, |t| self.inner.tag(t))?;
        let _paused = GcPaused::new(py)?;
        let mut objects = PyObjects::new(py);
        let mut out = Vec::with_capacity(reports.len());
        for (i, report) in reports.into_iter().enumerate() {
            // a second or so for a hundred thousand short texts: Ctrl-C works here too
            if i % 256 == 255 {
                py.check_signals()?;
            }
            out.push(objects.report(report)?);
        }
        PyList::new(py, out)
    }

    /// The `summary` of each text's report (as in `tag(text)["summary"]`), on several threads.
    #[pyo3(signature = (texts, *, threads = None))]
    fn summaries<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<i64>,
    ) -> PyResult<Bound<'py, PyList>> {
        let texts = extract_texts(texts)?;
        let threads = thread_count(threads)?;
        let summaries = parallel_map(py, &texts, threads, |t| summary_of(&self.inner, t))?;
        let mut objects = Vec::with_capacity(summaries.len());
        for (i, summary) in summaries.iter().enumerate() {
            // a few seconds for a million texts: Ctrl-C works here too
            if i % 1024 == 1023 {
                py.check_signals()?;
            }
            objects.push(pythonize(py, summary)?);
        }
        PyList::new(py, objects)
    }

    /// For each text, the ids of the themes that tagged at least one of its paragraphs, in rule order.
    #[pyo3(signature = (texts, *, threads = None))]
    fn themes(&self, py: Python<'_>, texts: &Bound<'_, PyAny>, threads: Option<i64>) -> PyResult<Vec<Vec<String>>> {
        let texts = extract_texts(texts)?;
        let threads = thread_count(threads)?;
        parallel_map(py, &texts, threads, |t| report_themes(&summary_of(&self.inner, t)))
    }

    /// Every candidate match in the text, accepted or not, with the themes that counted it and why the
    /// others did not (the `candidates` of `tifa explain --json`).
    fn explain<'py>(&self, py: Python<'py>, text: PyBackedStr) -> PyResult<Bound<'py, PyList>> {
        let candidates = py.detach(|| self.inner.explain(&text));
        let _paused = GcPaused::new(py)?;
        let mut objects = PyObjects::new(py);
        let out = candidates.iter().map(|c| objects.candidate(c)).collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, out)
    }

    /// Runs the examples and counter-examples of the rules; the failures (empty when all hold).
    fn check<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let failures = py.detach(|| self.inner.check_examples());
        Ok(pythonize(py, &failures)?)
    }

    /// The active rules: name, version, hash, term and example counts, and each theme with its term
    /// count, in rule order.
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rules = self.inner.rules();
        let themes: Vec<serde_json::Value> = rules
            .themes()
            .iter()
            .enumerate()
            .map(|(i, t)| {
                // the f32 threshold as written (0.3, not its f64 widening 0.30000001192092896)
                let threshold: f64 = t.threshold.to_string().parse().expect("an f32 prints as a number");
                serde_json::json!({
                    "id": t.id, "name": t.name, "name_en": t.name_en, "description": t.description,
                    "threshold": threshold, "closing": t.closing, "terms": rules.theme_term_count(i),
                })
            })
            .collect();
        let info = serde_json::json!({
            "name": rules.name(),
            "version": rules.version(),
            "hash": rules.hash(),
            "terms": rules.term_count(),
            "examples": rules.examples().len(),
            "themes": themes,
        });
        Ok(pythonize(py, &info)?)
    }

    /// Pickling: `functools.partial(type(self), defaults=…, sources=…)` of the rule files' texts as
    /// they were read when the Tagger was built (files of `rules` folders included, each under its file
    /// name without the folder, all that the theme id and the hash read, so that it unpickles on any
    /// system with the same hash), called with no arguments: unpickling reads no file, so worker
    /// processes need no copy of the rule files, and an edit since does not change it.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, ())> {
        let py = slf.py();
        let tagger = slf.get();
        let sources = (!tagger.files.is_empty()).then(|| tagger.files.clone());
        let kwargs = PyDict::new(py);
        kwargs.set_item("defaults", tagger.defaults)?;
        kwargs.set_item("sources", sources)?;
        let partial = py.import("functools")?.getattr("partial")?;
        Ok((partial.call((slf.get_type(),), Some(&kwargs))?, ()))
    }

    /// The Tagger itself: it is immutable.
    fn __copy__(slf: Bound<'_, Self>) -> Bound<'_, Self> {
        slf
    }

    /// The Tagger itself: it is immutable.
    fn __deepcopy__<'py>(slf: Bound<'py, Self>, memo: &Bound<'py, PyAny>) -> Bound<'py, Self> {
        let _ = memo;
        slf
    }

    fn __repr__(slf: &Bound<'_, Self>) -> PyResult<String> {
        let rules = slf.get().inner.rules();
        Ok(format!(
            "<{}.{} rules={} themes={} terms={} hash={}>",
            slf.get_type().module()?,
            slf.get_type().qualname()?,
            rules.name(),
            rules.themes().len(),
            rules.term_count(),
            rules.hash()
        ))
    }
}

/// The Python codec of `encoding`, for `UnicodeDecodeError`.
fn codec(encoding: crate::decode::Encoding) -> &'static str {
    use crate::decode::Encoding;
    match encoding {
        Encoding::Utf8 => "utf-8",
        Encoding::Gb18030 => "gb18030",
        Encoding::Utf16le => "utf-16-le",
        Encoding::Utf16be => "utf-16-be",
    }
}

/// A report file's bytes decoded as `tifa tag` decodes a file (`--encoding auto`, `--bad-bytes
/// refuse`: `tifa::decode::decode`): `(text, encoding)`, the encoding as `--encoding` names it. Bytes
/// that cannot be decoded raise `UnicodeDecodeError` (the bytes of the first bad place, and a reason
/// that starts with `name`: `name is not valid UTF-8 text: byte 0xFF at byte 8 (line 3, column 2) …`).
/// A Word document (`.docx`: `tifa::docx`) gives its text and `docx`, or `ValueError` when it is
/// damaged; a Word 97-2003 document (`.doc`: `tifa::doc`) its text and `doc`, or `ValueError` when
/// it is damaged, needs a password, is older than Word 97 or is another OLE file; a PDF file (`tifa::pdf`) the text of its text layer and `pdf`, or `ValueError` when it
/// is damaged, needs a password or has no text layer; an HTML page (`tifa::html::is_html`) its text
/// (`tifa::html::text`) and `html+` the encoding; an RTF file raises `ValueError` saying
/// what to do (`tifa::decode::unread_format`).
#[pyfunction]
fn decode(py: Python<'_>, data: PyBackedBytes, name: &str) -> PyResult<(String, String)> {
    use crate::decode::{BadBytes, DecodeErrorKind, decode, unread_format};
    // documents that are not text, told by their first bytes, each read by its own reader
    type ReadDocument = fn(&[u8]) -> Result<String, String>;
    let document: Option<(&str, ReadDocument)> = if crate::docx::is_docx(&data) {
        Some(("docx", |b| crate::docx::text(b).map_err(|e| e.to_string())))
    } else if crate::doc::is_ole(&data) {
        Some(("doc", |b| crate::doc::text(b).map_err(|e| e.to_string())))
    } else if crate::pdf::is_pdf(&data) {
        Some(("pdf", |b| crate::pdf::text(b).map_err(|e| e.to_string())))
    } else {
        None
    };
    if let Some((format, read)) = document {
        return match py.detach(|| read(&data)) {
            Ok(text) => Ok((text, format.to_string())),
            Err(e) => Err(PyValueError::new_err(format!("{name} is {e}"))),
        };
    }
    if let Some(what) = unread_format(&data) {
        return Err(PyValueError::new_err(format!("{name} is {what}")));
    }
    match py.detach(|| decode(&data, None, BadBytes::Refuse)) {
        Ok(decoded) if crate::html::is_html(&decoded.text) => {
            Ok((py.detach(|| crate::html::text(&decoded.text)), format!("html+{}", decoded.encoding.value())))
        }
        Ok(decoded) => Ok((decoded.text, decoded.encoding.value().to_string())),
        Err(e) => {
            let hint = match e.kind() {
                DecodeErrorKind::Damaged => "",
                _ => "; convert it to UTF-8, or decode it with its encoding",
            };
            let bytes = PyBytes::new(py, &data);
            Err(PyUnicodeDecodeError::new_err((
                codec(e.encoding()),
                bytes.unbind(),
                e.start(),
                e.end(),
                format!("{name} is {e}{hint}"),
            )))
        }
    }
}

/// The extension module of the `tifa` package, built from the Rust crate: `Tagger`, `RuleError`,
/// `RuleErrorDetail` and `decode` (what `tifa.read_text` decodes a file with). Use it through `tifa`, whose `Tagger` adds `frame` and `theme_ids`.
#[pymodule]
fn _tifa(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", crate::VERSION)?;
    m.add_class::<Tagger>()?;
    m.add_function(wrap_pyfunction!(decode, m)?)?;
    m.add_class::<RuleErrorDetail>()?;
    m.add("RuleError", m.py().get_type::<RuleError>())?;
    Ok(())
}
