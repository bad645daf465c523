//! A small, bounded HTTP/1.1 server for `senda serve`: GET and HEAD only, one request per
//! connection, every limit explicit. (tiny_http, used before, reads request lines and headers
//! of any size into memory.)
//! - a thread per connection, at most `MAX_CONNECTIONS` at once (more get 503 at once);
//! - the request head must arrive within `READ_TIMEOUT`; a request line longer than
//!   `MAX_REQUEST_LINE` gets 414, a head larger than `MAX_HEAD` or with more than `MAX_HEADERS`
//!   lines gets 431; methods other than GET and HEAD get 405.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub const MAX_CONNECTIONS: usize = 512;
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
pub const MAX_HEAD: usize = 32 * 1024;
pub const MAX_HEADERS: usize = 100;
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// What the handler sees of a request.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// As sent (path and query), not decoded.
    pub target: String,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Self {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    pub fn empty(status: u16) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn write_response(stream: &mut TcpStream, response: &Response, head_only: bool) {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(name);
        head.push_str(": ");
        head.push_str(value);
        head.push_str("\r\n");
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        response.body.len()
    ));
    let _ = stream.write_all(head.as_bytes());
    if !head_only {
        let _ = stream.write_all(&response.body);
    }
    let _ = stream.flush();
}

/// Reads one line of at most `limit` bytes; `too_long` is the status when it is longer.
fn read_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
    too_long: u16,
) -> Result<(), u16> {
    buf.clear();
    match reader.take(limit as u64 + 1).read_until(b'\n', buf) {
        Ok(0) => Err(400),
        Ok(_) if buf.ends_with(b"\n") => Ok(()),
        Ok(_) if buf.len() > limit => Err(too_long),
        Ok(_) => Err(400),
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ) =>
        {
            Err(408)
        }
        Err(_) => Err(400),
    }
}

/// Reads one request head within the limits, or the status to answer with.
fn read_request(stream: &TcpStream) -> Result<Request, u16> {
    let mut reader = BufReader::new(stream);
    let mut line = Vec::new();
    read_line(&mut reader, &mut line, MAX_REQUEST_LINE, 414)?;
    let text = String::from_utf8_lossy(&line).trim_end().to_string();
    let mut parts = text.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    if !version.starts_with("HTTP/1.") || !target.starts_with('/') {
        return Err(400);
    }
    let mut left = MAX_HEAD.saturating_sub(line.len());
    let mut count = 0;
    loop {
        read_line(&mut reader, &mut line, left, 431)?;
        left = left.saturating_sub(line.len());
        if line == b"\r\n" || line == b"\n" {
            break;
        }
        count += 1;
        if count > MAX_HEADERS {
            return Err(431);
        }
    }
    Ok(Request {
        method: method.to_string(),
        target: target.to_string(),
    })
}

fn handle_connection(
    mut stream: TcpStream,
    handler: &(dyn Fn(&Request) -> Response + Send + Sync),
) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(READ_TIMEOUT));
    match read_request(&stream) {
        Ok(request) => {
            let head = request.method == "HEAD";
            let response = if request.method == "GET" || head {
                handler(&request)
            } else {
                Response::empty(405).header("Allow", "GET, HEAD")
            };
            write_response(&mut stream, &response, head);
        }
        Err(status) => write_response(&mut stream, &Response::empty(status), false),
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

/// Serves until the listener fails. `handler` may block (live-reload requests wait).
pub fn run(listener: TcpListener, handler: Arc<dyn Fn(&Request) -> Response + Send + Sync>) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let Ok(mut stream) = stream else { continue };
        if active.load(Ordering::SeqCst) >= MAX_CONNECTIONS {
            write_response(&mut stream, &Response::empty(503), false);
            continue;
        }
        active.fetch_add(1, Ordering::SeqCst);
        let handler = Arc::clone(&handler);
        let counter = Arc::clone(&active);
        let spawned = std::thread::Builder::new()
            .name("senda-http".into())
            .stack_size(512 * 1024)
            .spawn(move || {
                // A panic ends this connection only; the count of open ones stays right.
                let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    handle_connection(stream, &*handler)
                }));
                counter.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // No thread: the connection was dropped with the closure.
            active.fetch_sub(1, Ordering::SeqCst);
        }
    }
}
