//! What `tifa tag` reads: its file arguments, with every folder among them replaced by the report
//! files under it (sorted by path), and the names listed in `--files-from`.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{Failure, exit};

/// The file names a folder argument contributes (compared without regard to case).
pub(crate) const REPORT_EXTENSIONS: [&str; 8] = ["txt", "text", "md", "doc", "docx", "pdf", "htm", "html"];

/// One input of `tifa tag`.
pub(crate) enum Source {
    /// A file, or standard input (`None`, or `-`).
    Input(Option<PathBuf>),
    /// A path that could not be listed (a folder without report files, one that cannot be read): its
    /// name and why.
    Unlisted(String, Failure),
}

impl Source {
    /// The name the input goes by in the output.
    pub(crate) fn name(&self) -> String {
        match self {
            Source::Input(p) => super::input::display_name(p.as_ref()),
            Source::Unlisted(name, _) => name.clone(),
        }
    }
}

/// The inputs, and whether they are "several" (the output of each names its file): more than one, or
/// any folder argument or `--files-from` list, whatever it held.
pub(crate) struct Sources {
    pub list: Vec<Source>,
    pub several: bool,
}

/// The inputs of `files` (standard input when there are none and no list) and of the list file
/// `files_from` (`-`: standard input), whose names are separated by line breaks or, with `null`, by NUL
/// bytes. Folders are walked (see `walk`) unless `walk_folders` is false (`--jsonl` streams). A list
/// that cannot be read is a usage error.
pub(crate) fn sources(
    files: &[PathBuf],
    files_from: Option<&Path>,
    null: bool,
    walk_folders: bool,
) -> Result<Sources, Failure> {
    let mut args: Vec<PathBuf> = files.to_vec();
    if let Some(list) = files_from {
        args.extend(read_list(list, null)?);
    }
    if args.is_empty() && files_from.is_none() {
        return Ok(Sources { list: vec![Source::Input(None)], several: false });
    }
    let mut several = args.len() > 1 || files_from.is_some();
    let mut list = Vec::new();
    for arg in args {
        if walk_folders && arg.as_os_str() != "-" && arg.is_dir() {
            several = true;
            walk(&arg, &mut list);
        } else {
            list.push(Source::Input(Some(arg)));
        }
    }
    Ok(Sources { list, several })
}

/// The names in a `--files-from` list: one per line (a CR before the line feed is dropped) or, with
/// `null`, NUL-separated; empty entries are passed over. A UTF-8 byte-order mark at the start (a list
/// saved as UTF-8 by Windows Notepad) is not part of the first name.
fn read_list(list: &Path, null: bool) -> Result<Vec<PathBuf>, Failure> {
    let mut bytes = Vec::new();
    let read = if list.as_os_str() == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(list).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    read.map_err(|e| {
        Failure::new(
            exit::USAGE,
            format!(
                "error: cannot read the list of files {}: {e}",
                super::input::display_name(Some(&list.to_path_buf()))
            ),
        )
    })?;
    let sep = if null { b'\0' } else { b'\n' };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    Ok(bytes
        .split(|&b| b == sep)
        .map(|name| if !null { name.strip_suffix(b"\r").unwrap_or(name) } else { name })
        .filter(|name| !name.is_empty())
        .map(path_from_bytes)
        .collect())
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

/// Whether `path` is the folder of a page saved "complete" by a browser: `X_files` (or `X.files`) with
/// an `X.html` or `X.htm` beside it.
fn is_page_files(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return false };
    let Some(stem) = name.strip_suffix("_files").or_else(|| name.strip_suffix(".files")) else { return false };
    path.is_dir() && ["html", "htm", "HTML", "HTM"].iter().any(|x| path.with_file_name(format!("{stem}.{x}")).is_file())
}

/// The report files under `folder`: every file whose name ends in `.txt`, `.text`, `.md`, `.doc`, `.docx`,
/// `.pdf`, `.htm` or `.html` (any case), in sorted path order, in every folder below it; names that start with
/// `.` (hidden files and folders) are passed over, and so are those that start with `~$` (the lock file
/// Word keeps beside a document it has open) and the folder a browser saves a page's images, scripts
/// and frames in (`X_files` or `X.files` beside `X.html` or `X.htm`); symbolic links are followed. A folder that holds no report file, and
/// an entry that cannot be read, are `Unlisted`.
fn walk(folder: &Path, list: &mut Vec<Source>) {
    let before = list.len();
    let mut rules = false;
    let entries = walkdir::WalkDir::new(folder).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
        e.depth() == 0 || !(e.file_name().as_encoded_bytes().starts_with(b".") || is_page_files(e.path()))
    });
    for entry in entries {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let ext = e.path().extension().and_then(|x| x.to_str()).map(str::to_ascii_lowercase);
                match ext.as_deref() {
                    _ if e.file_name().as_encoded_bytes().starts_with(b"~$") => {}
                    Some(x) if REPORT_EXTENSIONS.contains(&x) => list.push(Source::Input(Some(e.into_path()))),
                    Some("toml") => rules = true,
                    _ => {}
                }
            }
            Ok(_) => {}
            Err(e) => {
                let name = e.path().unwrap_or(folder).display().to_string();
                let why = match e.io_error() {
                    Some(io) => io.to_string(),
                    None => e.to_string(),
                };
                list.push(Source::Unlisted(
                    name.clone(),
                    Failure::new(exit::USAGE, format!("error: cannot read {name}: {why}")),
                ));
            }
        }
    }
    if list.len() == before {
        let name = folder.display().to_string();
        let hint = if rules { super::input::rules_hint(folder) } else { String::new() };
        let message = format!(
            "error: {name} holds no report files (*.txt, *.text, *.md, *.doc, *.docx, *.pdf, *.htm, *.html){hint}"
        );
        list.push(Source::Unlisted(name, Failure::new(exit::USAGE, message)));
    }
}

/// A name that is not UTF-8 as bash's `$'…'` quoting writes it, every byte outside ASCII as `\xNN`
/// (`$'C/\xC9\xB3.txt'`), so that a file whose name shows with U+FFFD can be found and typed; `None`
/// when the name is UTF-8.
pub(crate) fn escaped_name(path: &Path) -> Option<String> {
    let bytes = path.as_os_str().as_encoded_bytes();
    if std::str::from_utf8(bytes).is_ok() {
        return None;
    }
    let mut out = String::from("$'");
    for &b in bytes {
        match b {
            b'\\' | b'\'' => {
                out.push('\\');
                out.push(b as char);
            }
            0x20..=0x7E => out.push(b as char),
            _ => out.push_str(&format!("\\x{b:02X}")),
        }
    }
    out.push('\'');
    Some(out)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn names_that_are_not_utf8_are_escaped() {
        assert_eq!(escaped_name(Path::new("C/报告.txt")), None);
        let name = path_from_bytes(b"C/\xC9\xB3\xCD\xE5 it's\\.txt");
        assert_eq!(escaped_name(&name).as_deref(), Some(r"$'C/\xC9\xB3\xCD\xE5 it\'s\\.txt'"));
    }
}
