//! `tifa serve`: a small static file server for the web page, on loopback only, with the MIME types a
//! browser needs for ES modules and WebAssembly and the strict Content-Security-Policy that the widget
//! promises to work under.
//!
//! A careless or hostile client cannot stop it. HTTP is hyper's: a request head larger than
//! `HEAD_BYTES` gets 431, a head not complete within `--timeout` closes the connection, and a request
//! body is never read (only GET and HEAD are served; anything else gets 405 with `Allow` and the
//! connection is closed, whatever its Content-Length says). Every connection is a task on one thread,
//! so a slow client holds no thread; a socket read or write that waits longer than `--timeout` ends
//! its connection (tokio-io-timeout), so does an idle keep-alive connection; at most
//! `--max-connections` are open at once (the others wait in the listen queue). Every file is
//! served only when its canonical path (symbolic links resolved) lies inside the served folder, and
//! files larger than `MAX_FILE_BYTES` are not served. tiny_http, used before, had no limit on the
//! head, allocated a body from its Content-Length (99999999999 bytes killed the process), and a
//! client that sent less body than announced froze it for everyone.

use std::convert::Infallible;
use std::io::Write;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use http_body_util::Full;
use hyper::body::{Bytes, Incoming};
use hyper::header::{ALLOW, CACHE_CONTROL, CONNECTION, CONTENT_TYPE, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};

use super::{Failure, exit};

/// The largest request head (request line and headers) read; past it the answer is 431.
pub(crate) const HEAD_BYTES: usize = 16 * 1024;

/// The largest file served.
pub(crate) const MAX_FILE_BYTES: u64 = 64 << 20;

/// The policy sent with every response: the page must work under it.
pub(crate) const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

#[derive(Args)]
pub(crate) struct ServeArgs {
    /// Folder to serve (the web page).
    #[arg(default_value = "www")]
    dir: PathBuf,
    /// Address to listen on; port 0 picks a free port. Only loopback addresses are accepted.
    #[arg(long, default_value = "127.0.0.1:8787")]
    addr: SocketAddr,
    /// Another origin the page may load rule files from (repeatable), e.g. https://rules.example.org:
    /// added to the policy as `connect-src 'self' ORIGIN`. That server must allow the page's origin
    /// (CORS) as well.
    #[arg(long = "connect-src", value_name = "ORIGIN", value_parser = parse_origin)]
    connect_src: Vec<String>,
    /// Seconds a client has to send a request's head, and that a connection may wait for the
    /// client to send or take data (idle keep-alive connections are closed after it).
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0, value_parser = parse_seconds)]
    timeout: f64,
    /// Connections served at once; more wait in the listen queue.
    #[arg(long, value_name = "N", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=65536))]
    max_connections: u32,
}

fn parse_seconds(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && (0.05..=3600.0).contains(&x) => Ok(x),
        _ => Err(format!("`{s}` is not a number of seconds between 0.05 and 3600")),
    }
}

/// The policy for a server that also lets the page fetch from `origins`.
pub(crate) fn policy(origins: &[String]) -> String {
    if origins.is_empty() { CSP.to_owned() } else { format!("{CSP}; connect-src 'self' {}", origins.join(" ")) }
}

/// Accepts `http(s)://host[:port]` and nothing else (no path, no wildcard, no quote or separator that
/// could change the policy), lower-cased. Hand-written: the `url` crate would bring Unicode host names
/// (IDNA) and a dozen crates for a check that a CSP source expression needs in ASCII anyway.
fn parse_origin(s: &str) -> Result<String, String> {
    let s = s.strip_suffix('/').unwrap_or(s).to_ascii_lowercase();
    let bad = || format!("`{s}` is not an origin like https://rules.example.org or http://127.0.0.1:9000");
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://")).ok_or_else(bad)?;
    // [v6]:port, [v6], host:port or host (a host name has no colon)
    let (host, port) = match rest.rfind(':') {
        Some(i) if !rest[..i].contains(':') || rest[..i].ends_with(']') => (&rest[..i], Some(&rest[i + 1..])),
        _ => (rest, None),
    };
    let host_ok = if let Some(v6) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        !v6.is_empty() && v6.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
    } else {
        !host.is_empty()
            && host.split('.').all(|l| {
                !l.is_empty()
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
    };
    let port_ok = port.is_none_or(|p| {
        !p.is_empty()
            && p.len() <= 5
            && p.chars().all(|c| c.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n))
    });
    if host_ok && port_ok { Ok(s) } else { Err(bad()) }
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "txt" | "md" => "text/plain; charset=utf-8",
        "toml" => "application/toml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Maps a request path to a regular file whose canonical path lies under `root` (itself canonical):
/// no `..`, no escape through a symbolic link, no NUL or backslash.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(url_path).decode_utf8().ok()?;
    if decoded.contains(['\0', '\\']) {
        return None;
    }
    let mut out = root.to_path_buf();
    for c in Path::new(&*decoded).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::RootDir | Component::CurDir => {}
            _ => return None,
        }
    }
    let inside = |p: &Path| p.canonicalize().ok().filter(|real| real.starts_with(root));
    let mut real = inside(&out)?;
    if real.is_dir() {
        real = inside(&real.join("index.html"))?;
    }
    real.is_file().then_some(real)
}

/// What every response carries.
struct Site {
    root: PathBuf,
    csp: HeaderValue,
}

fn respond(site: &Site, req: &Request<Incoming>) -> Response<Full<Bytes>> {
    let text = |status: StatusCode, body: &'static str| {
        let mut r = Response::new(Full::new(Bytes::from_static(body.as_bytes())));
        *r.status_mut() = status;
        r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
        r
    };
    let mut response = if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n");
        r.headers_mut().insert(ALLOW, HeaderValue::from_static("GET, HEAD"));
        r
    } else {
        match resolve(&site.root, req.uri().path()) {
            None => text(StatusCode::NOT_FOUND, "not found\n"),
            Some(path) => match std::fs::metadata(&path) {
                Ok(m) if m.len() > MAX_FILE_BYTES => text(StatusCode::PAYLOAD_TOO_LARGE, "file too large to serve\n"),
                Ok(_) => match std::fs::read(&path) {
                    Ok(bytes) => {
                        let mut r = Response::new(Full::new(Bytes::from(bytes)));
                        r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(mime(&path)));
                        // rule files are public: a page on another origin may load them (CORS)
                        if path.extension().is_some_and(|e| e == "toml") {
                            r.headers_mut().insert("access-control-allow-origin", HeaderValue::from_static("*"));
                        }
                        r
                    }
                    Err(_) => text(StatusCode::INTERNAL_SERVER_ERROR, "read error\n"),
                },
                Err(_) => text(StatusCode::NOT_FOUND, "not found\n"),
            },
        }
    };
    let close = response.status() == StatusCode::METHOD_NOT_ALLOWED || !hyper::body::Body::is_end_stream(req.body());
    let h = response.headers_mut();
    h.insert("content-security-policy", site.csp.clone());
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    // a request with a body (never read) or another method ends its connection after the answer
    if close {
        h.insert(CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

pub(crate) fn serve(args: ServeArgs) -> Result<u8, Failure> {
    if !args.addr.ip().is_loopback() {
        return Err(Failure::new(exit::USAGE, "error: tifa serve listens on loopback addresses only (127.0.0.1, ::1)"));
    }
    if !args.dir.join("index.html").is_file() {
        return Err(Failure::new(
            exit::USAGE,
            format!(
                "error: {} has no index.html (build the web page first: scripts/build-wasm.sh)",
                args.dir.display()
            ),
        ));
    }
    let root = args
        .dir
        .canonicalize()
        .map_err(|e| Failure::new(exit::USAGE, format!("error: cannot read {}: {e}", args.dir.display())))?;
    let csp = HeaderValue::from_str(&policy(&args.connect_src))
        .map_err(|e| Failure::new(exit::USAGE, format!("error: {e}")))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|e| Failure::new(exit::IOERR, format!("error: cannot start the server: {e}")))?;
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(args.addr))
        .map_err(|e| Failure::new(exit::USAGE, format!("error: cannot listen on {}: {e}", args.addr)))?;
    let local = listener
        .local_addr()
        .map_err(|e| Failure::new(exit::IOERR, format!("error: cannot listen on {}: {e}", args.addr)))?;
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "Serving {} at http://{local}/", args.dir.display());
        let _ = out.flush();
    }
    let site = Arc::new(Site { root, csp });
    let timeout = Duration::from_secs_f64(args.timeout);
    runtime.block_on(accept(listener, site, timeout, args.max_connections as usize));
    Ok(exit::OK)
}

/// Serves connections until the process ends, at most `max` at once.
async fn accept(listener: tokio::net::TcpListener, site: Arc<Site>, timeout: Duration, max: usize) {
    let permits = Arc::new(tokio::sync::Semaphore::new(max));
    loop {
        let Ok(permit) = permits.clone().acquire_owned().await else { return };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // out of file descriptors and the like: wait a moment, the server goes on
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let site = site.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let mut stream = tokio_io_timeout::TimeoutStream::new(stream);
            stream.set_read_timeout(Some(timeout));
            stream.set_write_timeout(Some(timeout));
            let service = hyper::service::service_fn(move |req| {
                let response = respond(&site, &req);
                async move { Ok::<_, Infallible>(response) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(timeout)
                .max_buf_size(HEAD_BYTES)
                .serve_connection(hyper_util::rt::TokioIo::new(Box::pin(stream)), service)
                .await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_outside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::write(root.join("index.html"), "x").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", root.join("p.txt")).unwrap();
        std::os::unix::fs::symlink(root.join("index.html"), root.join("in.html")).unwrap();
        assert_eq!(resolve(&root, "/"), Some(root.join("index.html")));
        assert_eq!(resolve(&root, "/in.html"), Some(root.join("index.html")));
        for bad in [
            "/../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E%2Fetc%2Fpasswd", "/p.txt", "/index.html%00.txt",
            "/..%5c..%5cetc", "/%ff",
        ] {
            assert_eq!(resolve(&root, bad), None, "{bad}");
        }
    }

    #[test]
    fn origins_for_connect_src() {
        for (input, want) in [
            ("https://rules.example.org", Some("https://rules.example.org")),
            ("https://Rules.Example.org/", Some("https://rules.example.org")),
            ("http://127.0.0.1:9000", Some("http://127.0.0.1:9000")),
            ("http://[::1]:9000", Some("http://[::1]:9000")),
            ("http://[::1]", Some("http://[::1]")),
            ("http://localhost", Some("http://localhost")),
            ("rules.example.org", None),
            ("ftp://rules.example.org", None),
            ("https://rules.example.org/path", None),
            ("https://*.example.org", None),
            ("https://a.org; script-src *", None),
            ("https://a.org 'unsafe-inline'", None),
            ("https://a.org:0", None),
            ("https://a.org:99999", None),
            ("https://a..org", None),
            ("https://-a.org", None),
            ("https://", None),
        ] {
            assert_eq!(parse_origin(input).ok().as_deref(), want, "{input}");
        }
        assert_eq!(policy(&[]), CSP);
        assert_eq!(
            policy(&["https://a.org".into(), "http://127.0.0.1:9000".into()]),
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' https://a.org http://127.0.0.1:9000"
        );
    }

    #[test]
    fn wasm_has_its_mime_type() {
        assert_eq!(mime(Path::new("a/tifa_bg.wasm")), "application/wasm");
        assert!(mime(Path::new("x.js")).starts_with("text/javascript"));
    }
}
