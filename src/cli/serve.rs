//! `tifa serve`: a small static file server for the web page, on loopback only, with the MIME types a
//! browser needs for ES modules and WebAssembly and the strict Content-Security-Policy that the widget
//! promises to work under.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};

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
    let server = tiny_http::Server::http(args.addr).map_err(|e| Failure::new(exit::USAGE, format!("error: cannot listen on {}: {e}", args.addr)))?;
    let local = server.server_addr().to_ip().map(|a| a.to_string()).unwrap_or_else(|| args.addr.to_string());
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "Serving {} at http://{local}/", args.dir.display());
        let _ = out.flush();
    }
    let root = args.dir.canonicalize().map_err(Failure::from)?;
    for request in server.incoming_requests() {
        let header = |name: &str, value: &str| tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header");
        let response = match (request.method(), resolve(&root, request.url())) {
            (tiny_http::Method::Get | tiny_http::Method::Head, Some(path)) => match std::fs::read(&path) {
                Ok(bytes) => tiny_http::Response::from_data(bytes).with_header(header("Content-Type", mime(&path))).with_status_code(200),
                Err(_) => tiny_http::Response::from_data(b"read error".to_vec()).with_status_code(500),
            },
            (tiny_http::Method::Get | tiny_http::Method::Head, None) => tiny_http::Response::from_data(b"not found".to_vec())
                .with_header(header("Content-Type", "text/plain; charset=utf-8"))
                .with_status_code(404),
            _ => tiny_http::Response::from_data(b"method not allowed".to_vec()).with_status_code(405),
        };
        let response = response
            .with_header(header("Content-Security-Policy", CSP))
            .with_header(header("X-Content-Type-Options", "nosniff"))
            .with_header(header("Cache-Control", "no-cache"));
        let _ = request.respond(response);
    }
    Ok(exit::OK)
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
    fn wasm_has_its_mime_type() {
        assert_eq!(mime(Path::new("a/tifa_bg.wasm")), "application/wasm");
        assert!(mime(Path::new("x.js")).starts_with("text/javascript"));
    }
}
