//! The Python API, built with PyO3 (compiled with the `python` feature only; maturin builds it as the
//! extension module `tifa._tifa` through `pyproject.toml`, and `python/tifa/` wraps it).
//!
//! This file is the single Python boundary of the crate, as `wasm.rs` is the JavaScript one: it uses
//! nothing but the library's public API. Reports cross the boundary as the JSON text of the contract,
//! parsed by Python's own `json.loads`, so that a Python dict is exactly what `tifa tag --format json`
//! prints (scores are `f32`: going through the text keeps `0.3` as `0.3` instead of the `f64` widening
//! `0.30000001192092896`), and so do `explain`'s candidates (whose pairs are lists in JSON). Summaries,
//! check failures and rule info hold neither floats of `f32` nor tuples: `pythonize` converts them
//! directly into what `json.loads` would give, several times faster (the summaries of a batch).
//!
//! Tagging runs with the GIL released, so Python threads run meanwhile. The batch calls spread their
//! texts over scoped threads made for the call (no thread pool outlives it, so a process that forks
//! afterwards, as `multiprocessing` and Spark's Python workers do, cannot inherit a pool whose threads
//! are gone).

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use pyo3::create_exception;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::PyBackedStr;
use pyo3::types::{PyList, PyString};

use pythonize::pythonize;

use crate::{RuleErrors, RuleSet};

create_exception!(
    tifa,
    RuleError,
    PyValueError,
    "Invalid rule files. `str(error)` shows every problem with its source line and a caret; `errors` \
     lists them as `RuleErrorDetail` objects (file, line, column, message)."
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
    Rules(RuleErrors),
}

impl RuleSources {
    fn build(self) -> Result<RuleSet, BuildError> {
        let mut builder = RuleSet::builder().defaults(self.defaults);
        for p in self.paths {
            builder = builder.path(&p).map_err(|e| BuildError::Io(p, e))?;
        }
        for (name, text) in self.texts {
            builder = builder.source(name, text);
        }
        builder.build().map_err(BuildError::Rules)
    }
}

/// `rules`: one path (str or os.PathLike) or an iterable of them.
fn extract_paths(rules: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<PathBuf>> {
    let Some(rules) = rules else { return Ok(Vec::new()) };
    if let Ok(one) = rules.extract::<PathBuf>() {
        return Ok(vec![one]);
    }
    let mut paths = Vec::new();
    let iter = rules
        .try_iter()
        .map_err(|_| PyTypeError::new_err("rules must be a path (str or os.PathLike) or an iterable of paths"))?;
    for item in iter {
        let item = item?;
        let path = item.extract::<PathBuf>().map_err(|_| {
            PyTypeError::new_err(format!("rules: expected a path (str or os.PathLike), got {}", type_name(&item)))
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
        let pair = item.extract::<(String, String)>().map_err(|_| {
            PyTypeError::new_err("sources must map a rule file name (str) to its TOML text (str)")
        })?;
        out.push(pair);
    }
    Ok(out)
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().name().map(|n| n.to_string()).unwrap_or_else(|_| "?".into())
}

/// The texts of a batch call: any iterable of str, but not a str itself.
fn extract_texts(texts: &Bound<'_, PyAny>) -> PyResult<Vec<PyBackedStr>> {
    if texts.is_instance_of::<PyString>() {
        return Err(PyTypeError::new_err("texts must be an iterable of str, not one str (use tag() for one text)"));
    }
    let mut out = Vec::with_capacity(texts.len().unwrap_or(0));
    for (i, item) in texts.try_iter()?.enumerate() {
        let item = item?;
        let text = item
            .extract::<PyBackedStr>()
            .map_err(|_| PyTypeError::new_err(format!("texts[{i}] is {}, not str", type_name(&item))))?;
        out.push(text);
    }
    Ok(out)
}

fn thread_count(threads: Option<usize>) -> PyResult<usize> {
    match threads {
        Some(0) => Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => Ok(n),
        None => Ok(std::thread::available_parallelism().map_or(1, NonZeroUsize::get)),
    }
}

/// `f` of every text, in order, computed on up to `threads` scoped threads that take the next text as
/// they finish one (reports differ a lot in length, so fixed shares would leave threads idle).
fn parallel_map<T: Send>(texts: &[PyBackedStr], threads: usize, f: impl Fn(&str) -> T + Sync) -> Vec<T> {
    let threads = threads.min(texts.len());
    if threads <= 1 {
        return texts.iter().map(|t| f(t)).collect();
    }
    let next = AtomicUsize::new(0);
    let parts: Vec<Vec<(usize, T)>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(text) = texts.get(i) else { break };
                        done.push((i, f(text)));
                    }
                    done
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    });
    let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(texts.len()).collect();
    for (i, value) in parts.into_iter().flatten() {
        slots[i] = Some(value);
    }
    slots.into_iter().map(|v| v.expect("every text was taken by one thread")).collect()
}

/// Parses JSON text made by serde_json with Python's `json.loads`.
fn loads<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.getattr("loads")?.call1((json,))
}

fn loads_all<'py>(py: Python<'py>, jsons: Vec<String>) -> PyResult<Bound<'py, PyList>> {
    let loads = py.import("json")?.getattr("loads")?;
    let parsed = jsons.iter().map(|j| loads.call1((j.as_str(),))).collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, parsed)
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

/// A compiled rule set, ready to tag texts; immutable and safe to share between threads.
#[pyclass(module = "tifa._tifa", name = "Tagger", frozen, subclass)]
pub struct Tagger {
    inner: crate::Tagger,
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
        let built = py.detach(move || sources.build().map(crate::Tagger::new));
        match built {
            Ok(inner) => Ok(Tagger { inner }),
            Err(BuildError::Rules(errors)) => Err(rule_error(py, &errors)),
            Err(BuildError::Io(path, e)) => {
                let err = PyErr::from(std::io::Error::new(e.kind(), format!("cannot read rules {}: {e}", path.display())));
                Err(err)
            }
        }
    }

    /// Tags one text; the report as a dict, exactly the JSON of `tifa tag --format json`.
    fn tag<'py>(&self, py: Python<'py>, text: PyBackedStr) -> PyResult<Bound<'py, PyAny>> {
        let json = py.detach(|| report_json(&self.inner, &text, false));
        loads(py, &json)
    }

    /// Tags one text; the report as JSON text (`pretty=True`: indented as `tifa tag --format json`
    /// prints it, without the final newline).
    #[pyo3(signature = (text, *, pretty = false))]
    fn tag_json(&self, py: Python<'_>, text: PyBackedStr, pretty: bool) -> String {
        py.detach(|| report_json(&self.inner, &text, pretty))
    }

    /// Tags many texts on several threads; one report dict per text, in order.
    #[pyo3(signature = (texts, *, threads = None))]
    fn tag_many<'py>(&self, py: Python<'py>, texts: &Bound<'py, PyAny>, threads: Option<usize>) -> PyResult<Bound<'py, PyList>> {
        let texts = extract_texts(texts)?;
        let threads = thread_count(threads)?;
        let jsons = py.detach(|| parallel_map(&texts, threads, |t| report_json(&self.inner, t, false)));
        loads_all(py, jsons)
    }

    /// The `summary` of each text's report (as in `tag(text)["summary"]`), on several threads.
    #[pyo3(signature = (texts, *, threads = None))]
    fn summaries<'py>(&self, py: Python<'py>, texts: &Bound<'py, PyAny>, threads: Option<usize>) -> PyResult<Bound<'py, PyList>> {
        let texts = extract_texts(texts)?;
        let threads = thread_count(threads)?;
        let summaries = py.detach(|| parallel_map(&texts, threads, |t| summary_of(&self.inner, t)));
        let objects = summaries.iter().map(|s| pythonize(py, s)).collect::<Result<Vec<_>, _>>()?;
        PyList::new(py, objects)
    }

    /// For each text, the ids of the themes that tagged at least one of its paragraphs, in rule order.
    #[pyo3(signature = (texts, *, threads = None))]
    fn themes(&self, py: Python<'_>, texts: &Bound<'_, PyAny>, threads: Option<usize>) -> PyResult<Vec<Vec<String>>> {
        let texts = extract_texts(texts)?;
        let threads = thread_count(threads)?;
        Ok(py.detach(|| parallel_map(&texts, threads, |t| report_themes(&summary_of(&self.inner, t)))))
    }

    /// Every candidate match in the text, accepted or not, with the themes that counted it and why the
    /// others did not (the `candidates` of `tifa explain --json`).
    fn explain<'py>(&self, py: Python<'py>, text: PyBackedStr) -> PyResult<Bound<'py, PyAny>> {
        // JSON text, as for reports: `rejected` holds (theme, reason) pairs, which are lists in the
        // command's JSON but would be tuples through pythonize
        let json = py.detach(|| serde_json::to_string(&self.inner.explain(&text)).expect("candidates serialise"));
        loads(py, &json)
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
                    "threshold": threshold, "terms": rules.theme_term_count(i),
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

#[pymodule]
fn _tifa(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", crate::VERSION)?;
    m.add_class::<Tagger>()?;
    m.add_class::<RuleErrorDetail>()?;
    m.add("RuleError", m.py().get_type::<RuleError>())?;
    Ok(())
}
