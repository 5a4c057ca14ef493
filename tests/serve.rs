//! `tifa serve` under load and abuse, on loopback only: requests that announce huge bodies, clients
//! that send part of a body and wait, heads that never end or grow without bound, idle connections,
//! path traversal and symbolic links out of the folder, while normal clients keep being served.
//! Every loop is bounded in count, every socket has a timeout, and each server is killed at the end.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A running `tifa serve`, killed when dropped.
struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts a server on a free port; `extra` arguments may set another `--timeout` than 1 s.
    fn start(dir: &Path, extra: &[&str]) -> Server {
        let timeout: &[&str] = if extra.contains(&"--timeout") { &[] } else { &["--timeout", "1"] };
        let mut child = Command::new(env!("CARGO_BIN_EXE_tifa"))
            .arg("serve")
            .arg(dir)
            .args(["--addr", "127.0.0.1:0"])
            .args(timeout)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("tifa serve starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(20)).expect("tifa serve prints its address");
        let port =
            line.trim().rsplit(':').next().unwrap().trim_end_matches('/').parse().unwrap_or_else(|_| panic!("{line}"));
        Server { child, port }
    }

    fn connect(&self) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s.set_write_timeout(Some(Duration::from_secs(5))).unwrap();
        s
    }

    /// Sends `raw` and reads the answer to the end: status, head and body.
    fn request(&self, raw: &[u8]) -> Answer {
        let mut s = self.connect();
        let _ = s.write_all(raw);
        read_answer(&mut s)
    }

    fn get(&self, path: &str) -> Answer {
        self.request(format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes())
    }

    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status.lines().find_map(|l| l.strip_prefix("VmRSS:")).unwrap().trim().trim_end_matches(" kB").parse().unwrap()
    }
}

#[derive(Debug)]
struct Answer {
    status: u16,
    head: String,
    body: Vec<u8>,
}

fn read_answer(s: &mut TcpStream) -> Answer {
    let mut all = Vec::new();
    let _ = s.read_to_end(&mut all);
    let split = all.windows(4).position(|w| w == b"\r\n\r\n").map_or(all.len(), |i| i + 4);
    let head = String::from_utf8_lossy(&all[..split]).to_string();
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    Answer { status, head, body: all[split..].to_vec() }
}

/// A served folder, a secret file beside it, and links in and out.
fn site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let www = dir.path().join("www");
    std::fs::create_dir_all(www.join("sub")).unwrap();
    std::fs::write(www.join("index.html"), "<h1>tifa</h1>").unwrap();
    std::fs::write(www.join("sub/index.html"), "sub").unwrap();
    std::fs::write(www.join("rules.toml"), "name = \"x\"").unwrap();
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    std::os::unix::fs::symlink(dir.path().join("secret.txt"), www.join("p.txt")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", www.join("passwd.txt")).unwrap();
    std::os::unix::fs::symlink(dir.path(), www.join("up")).unwrap();
    std::os::unix::fs::symlink(www.join("index.html"), www.join("in.html")).unwrap();
    (dir, www)
}

/// Content-Length: 99999999999 with three bytes of body, on POST and GET: the server answers and lives.
#[test]
fn a_huge_content_length_is_never_allocated() {
    let (_dir, www) = site();
    let server = Server::start(&www, &[]);
    let post = server.request(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\nabc");
    assert_eq!(post.status, 405, "{post:?}");
    assert!(post.head.to_ascii_lowercase().contains("allow: get, head"), "{}", post.head);
    let get = server.request(b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\nabc");
    assert_eq!(get.status, 200, "{get:?}");
    let after = server.get("/");
    assert_eq!((after.status, after.body.as_slice()), (200, &b"<h1>tifa</h1>"[..]));
}

/// One client sends part of a body, another trickles a head, a third stays idle, and a fourth holds
/// a body it never finishes on GET: 200 normal requests from 8 threads are all served, quickly.
#[test]
fn slow_clients_do_not_stall_the_others() {
    let (_dir, www) = site();
    let server = Server::start(&www, &["--timeout", "5"]);
    let mut slow_body = server.connect();
    slow_body.write_all(b"POST /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc").unwrap();
    let mut slow_get = server.connect();
    slow_get.write_all(b"GET /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc").unwrap();
    let mut trickle = server.connect();
    trickle.write_all(b"GET / HTTP/1.1\r\nHo").unwrap();
    let _idle = server.connect();
    let started = Instant::now();
    let port = server.port;
    let threads: Vec<_> = (0..8)
        .map(|_| {
            std::thread::spawn(move || {
                let mut slowest = Duration::ZERO;
                for _ in 0..25 {
                    let t = Instant::now();
                    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
                    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
                    s.write_all(b"GET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
                    assert_eq!(read_answer(&mut s).status, 200);
                    slowest = slowest.max(t.elapsed());
                }
                slowest
            })
        })
        .collect();
    let slowest = threads.into_iter().map(|t| t.join().unwrap()).max().unwrap();
    assert!(slowest < Duration::from_secs(2), "slowest request took {slowest:?}");
    assert!(started.elapsed() < Duration::from_secs(20));
    // the slow clients got their answers without sending the rest
    assert_eq!(read_answer(&mut slow_body).status, 405);
    let _ = trickle.write_all(b"st: x\r\nConnection: close\r\n\r\n");
    assert_eq!(read_answer(&mut trickle).status, 200);
}

/// A head past 16 KiB gets 431 and is not kept: a client that goes on sending header bytes (up to
/// 32 MiB) is cut off, and the server's memory does not grow with it.
#[test]
fn oversized_heads_are_refused_and_not_kept() {
    let (_dir, www) = site();
    let server = Server::start(&www, &[]);
    let answer =
        server.request(format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "a".repeat(64 * 1024)).as_bytes());
    assert_eq!(answer.status, 431, "{answer:?}");
    let long_url = server.request(format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(64 * 1024)).as_bytes());
    assert!(long_url.status == 431 || long_url.status == 414, "{long_url:?}");
    let before = server.rss_kib();
    let mut s = server.connect();
    let _ = s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: ");
    let chunk = vec![b'a'; 1 << 20];
    let mut sent = 0;
    for _ in 0..32 {
        if s.write_all(&chunk).is_err() {
            break;
        }
        sent += 1;
    }
    assert!(sent < 32, "the server kept reading a head of {sent} MiB");
    let grown = server.rss_kib().saturating_sub(before);
    assert!(grown < 8 * 1024, "memory grew by {grown} KiB");
    assert_eq!(server.get("/").status, 200);
}

/// Idle connections and heads that never end are closed after --timeout (1 s here), even when the
/// client keeps sending a byte now and then.
#[test]
fn idle_and_slow_heads_time_out() {
    let (_dir, www) = site();
    let server = Server::start(&www, &[]);
    let t = Instant::now();
    let mut idle = server.connect();
    let mut buf = [0u8; 64];
    assert_eq!(idle.read(&mut buf).unwrap_or(0), 0);
    assert!(t.elapsed() < Duration::from_secs(4), "idle connection kept {:?}", t.elapsed());

    let t = Instant::now();
    let mut trickle = server.connect();
    let _ = trickle.write_all(b"GET / HTTP/1.1\r\n");
    for _ in 0..30 {
        std::thread::sleep(Duration::from_millis(200));
        if trickle.write_all(b"X-A: b\r\n").is_err() {
            break;
        }
    }
    let answer = read_answer(&mut trickle);
    assert!(answer.status == 0 || answer.status == 408, "{answer:?}");
    assert!(t.elapsed() < Duration::from_secs(5), "a trickling head was read for {:?}", t.elapsed());

    // a keep-alive connection that goes idle after an answer is closed too
    let mut keep = server.connect();
    keep.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let t = Instant::now();
    let answer = read_answer(&mut keep);
    assert_eq!(answer.status, 200);
    assert!(t.elapsed() < Duration::from_secs(4));
}

/// Only files whose real path is inside the folder are served.
#[test]
fn traversal_and_symlinks_stay_inside() {
    let (_dir, www) = site();
    let server = Server::start(&www, &[]);
    for path in [
        "/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/sub/../../secret.txt",
        "/sub/%2e%2e/%2e%2e/secret.txt", "/p.txt", "/passwd.txt", "/up/secret.txt", "/..%5csecret.txt", "/%00",
        "/index.html%00.txt", "//etc/passwd", "/%ff", "http://x/../secret.txt",
    ] {
        let a = server.get(path);
        assert!(a.status == 404 || a.status == 400, "{path}: {a:?}");
        assert!(
            !String::from_utf8_lossy(&a.body).contains("secret") && !String::from_utf8_lossy(&a.body).contains("root:"),
            "{path}"
        );
    }
    assert_eq!(server.get("/in.html").status, 200, "a link inside the folder is served");
    assert_eq!(server.get("/up/www/index.html").status, 200, "a link out and back in is inside");
    assert_eq!(server.get("/sub/").body, b"sub");
    let toml = server.get("/rules.toml");
    assert!(toml.head.to_ascii_lowercase().contains("access-control-allow-origin: *"), "{}", toml.head);
}

/// GET and HEAD only; HEAD has no body; every answer carries the policy.
#[test]
fn methods_and_headers() {
    let (_dir, www) = site();
    let server = Server::start(&www, &[]);
    for method in ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"] {
        let a = server.request(format!("{method} / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").as_bytes());
        assert_eq!(a.status, 405, "{method}");
        assert!(a.head.to_ascii_lowercase().contains("allow: get, head"), "{method}: {}", a.head);
    }
    let head = server.request(b"HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert!(head.head.to_ascii_lowercase().contains("content-length: 13"), "{}", head.head);
    let get = server.get("/");
    let lower = get.head.to_ascii_lowercase();
    assert!(
        lower.contains("content-security-policy: default-src 'self'")
            && lower.contains("x-content-type-options: nosniff"),
        "{}",
        get.head
    );
    // not HTTP at all
    let junk = server.request(b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n");
    assert!(junk.status == 400 || junk.status == 0, "{junk:?}");
    assert_eq!(server.get("/").status, 200);
}

/// At most --max-connections at once: with two held open, a third waits until one of them times out,
/// and is then served.
#[test]
fn connections_are_bounded() {
    let (_dir, www) = site();
    let server = Server::start(&www, &["--max-connections", "2"]);
    let _a = server.connect();
    let _b = server.connect();
    std::thread::sleep(Duration::from_millis(100));
    let t = Instant::now();
    let third = server.get("/");
    assert_eq!(third.status, 200);
    let waited = t.elapsed();
    assert!(waited > Duration::from_millis(500) && waited < Duration::from_secs(4), "waited {waited:?}");
}
