//! `tifa serve`: a small static file server for the web page, on loopback only, with the MIME types a
//! browser needs for ES modules and WebAssembly and the strict Content-Security-Policy that the widget
//! promises to work under.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use clap::Args;

use super::{exit, Failure};

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
}

/// The policy for a server that also lets the page fetch from `origins`.
pub(crate) fn policy(origins: &[String]) -> String {
    if origins.is_empty() {
        CSP.to_owned()
    } else {
        format!("{CSP}; connect-src 'self' {}", origins.join(" "))
    }
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
            && host.split('.').all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-') && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    };
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()) && p.parse::<u32>().is_ok_and(|n| (1..=65535).contains(&n)));
    if host_ok && port_ok {
        Ok(s)
    } else {
        Err(bad())
    }
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

/// Maps a request path to a file under `root`, refusing anything that climbs out of it.
fn resolve(root: &Path, url: &str) -> Option<PathBuf> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let decoded = percent_decode(path)?;
    let mut out = root.to_path_buf();
    for c in Path::new(&decoded).components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::RootDir | Component::CurDir => {}
            _ => return None,
        }
    }
    if out.is_dir() {
        out.push("index.html");
    }
    out.is_file().then_some(out)
}

/// Decodes `%XX` escapes of a URL path (hand-written: a dozen lines do not warrant a dependency).
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

pub(crate) fn serve(args: ServeArgs) -> Result<u8, Failure> {
    if !args.addr.ip().is_loopback() {
        return Err(Failure::new(exit::USAGE, "error: tifa serve listens on loopback addresses only (127.0.0.1, ::1)"));
    }
    if !args.dir.join("index.html").is_file() {
        return Err(Failure::new(exit::USAGE, format!("error: {} has no index.html (build the web page first: scripts/build-wasm.sh)", args.dir.display())));
    }
    let listener = TcpListener::bind(args.addr).map_err(|e| Failure::new(exit::USAGE, format!("error: cannot listen on {}: {e}", args.addr)))?;
    let local = listener.local_addr().map(|a| a.to_string()).unwrap_or_else(|_| args.addr.to_string());
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "Serving {} at http://{local}/", args.dir.display());
        let _ = out.flush();
    }
    let root: Arc<Path> = args.dir.canonicalize().map_err(Failure::from)?.into();
    let csp: Arc<str> = policy(&args.connect_src).into();
    // One thread per connection. (tiny_http's pool of connection threads lost connections that a
    // browser opened in a burst, as it does for the widget's ES modules: the page then never loaded.)
    for stream in listener.incoming().flatten() {
        let (root, csp) = (root.clone(), csp.clone());
        std::thread::spawn(move || {
            let _ = serve_connection(stream, &root, &csp);
        });
    }
    Ok(exit::OK)
}

/// Answers the HTTP/1.1 requests of one connection (GET and HEAD of files under `root`) until the
/// client closes it, asks to close it, or stays idle for a minute.
fn serve_connection(stream: TcpStream, root: &Path, csp: &str) -> std::io::Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(60)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    loop {
        let mut request_line = String::new();
        if reader.read_line(&mut request_line)? == 0 {
            return Ok(());
        }
        let mut parts = request_line.split_whitespace();
        let (method, url, version) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"), parts.next().unwrap_or(""));
        let mut close = version != "HTTP/1.1";
        let mut body_len = 0usize;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                let value = value.trim();
                if name.eq_ignore_ascii_case("connection") && value.eq_ignore_ascii_case("close") {
                    close = true;
                } else if name.eq_ignore_ascii_case("content-length") {
                    body_len = value.parse().unwrap_or(0);
                }
            }
        }
        std::io::copy(&mut (&mut reader).take(body_len as u64), &mut std::io::sink())?;
        let (status, content_type, body, cors): (&str, &str, Vec<u8>, bool) = match (method, resolve(root, url)) {
            ("GET" | "HEAD", Some(path)) => match std::fs::read(&path) {
                // rule files are public: a page on another origin may load them (CORS)
                Ok(bytes) => ("200 OK", mime(&path), bytes, path.extension().is_some_and(|e| e == "toml")),
                Err(_) => ("500 Internal Server Error", "text/plain; charset=utf-8", b"read error".to_vec(), false),
            },
            ("GET" | "HEAD", None) => ("404 Not Found", "text/plain; charset=utf-8", b"not found".to_vec(), false),
            _ => ("405 Method Not Allowed", "text/plain; charset=utf-8", b"method not allowed".to_vec(), false),
        };
        let mut head = format!(
            "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nContent-Security-Policy: {csp}\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-cache\r\n",
            body.len()
        );
        if cors {
            head.push_str("Access-Control-Allow-Origin: *\r\n");
        }
        head.push_str(if close { "Connection: close\r\n\r\n" } else { "\r\n" });
        writer.write_all(head.as_bytes())?;
        if method != "HEAD" {
            writer.write_all(&body)?;
        }
        writer.flush()?;
        if close {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_outside_the_root() {
        let root = std::env::temp_dir();
        assert!(resolve(&root, "/../etc/passwd").is_none());
        assert!(resolve(&root, "/%2e%2e/etc/passwd").is_none());
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
