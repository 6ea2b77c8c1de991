//! The HTTP/1.1 framing: one request head and body read from a connection, one response
//! written to it. Only what a sync client sends is understood: `Content-Length` and chunked
//! bodies, persistent connections (HTTP/1.1's default) and `Connection: close`.

use std::fmt::Write as _;
use std::io::{self, BufRead, Read, Write};

/// The longest request head (request line and headers) read; a longer one is refused with 431.
const MAX_HEAD: usize = 64 * 1024;

/// A request's line and headers.
#[derive(Debug)]
pub(crate) struct Head {
    pub(crate) method: String,
    /// The path, without the query string (routes match the path alone, as actix-web's do).
    pub(crate) path: String,
    /// HTTP/1.1 (or later) rather than HTTP/1.0.
    pub(crate) http11: bool,
    headers: Vec<(String, String)>,
}

impl Head {
    /// The first value of the header `name` (compared without regard to case).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether a header holding a comma-separated list (`Connection`, `Transfer-Encoding`)
    /// names `token`, in any of its occurrences.
    fn header_has_token(&self, name: &str, token: &str) -> bool {
        self.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .flat_map(|(_, v)| v.split(','))
            .any(|t| t.trim().eq_ignore_ascii_case(token))
    }

    /// Whether the client keeps the connection open after this exchange.
    pub(crate) fn keep_alive(&self) -> bool {
        if self.http11 {
            !self.header_has_token("Connection", "close")
        } else {
            self.header_has_token("Connection", "keep-alive")
        }
    }

    /// The request's media type: the `Content-Type` value before any `;` parameters, as
    /// actix-web's `HttpMessage::content_type` gives it ("" when there is none).
    pub(crate) fn content_type(&self) -> &str {
        self.header("Content-Type")
            .map_or("", |v| v.split(';').next().unwrap_or("").trim())
    }
}

/// Why a request could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    /// The connection failed or was closed in the middle of a request.
    Io,
    /// The bytes are not an HTTP/1.x request (400; the connection is then closed).
    Malformed(&'static str),
    /// The head is longer than [`MAX_HEAD`] (431; the connection is then closed).
    HeadTooLarge,
}

impl From<io::Error> for ReadError {
    fn from(_: io::Error) -> Self {
        ReadError::Io
    }
}

/// A request body as read.
#[derive(Debug)]
pub(crate) enum Body {
    Complete(Vec<u8>),
    /// Longer than the limit: not read, so the connection must be closed after the response.
    TooLarge,
}

/// One line of the head, without its CRLF (or bare LF); `None` at end of stream.
fn read_line(reader: &mut impl BufRead, budget: &mut usize) -> Result<Option<String>, ReadError> {
    let mut line = Vec::new();
    let limit = u64::try_from(*budget).unwrap_or(u64::MAX) + 1;
    let n = reader.by_ref().take(limit).read_until(b'\n', &mut line)?;
    if n == 0 {
        return Ok(None);
    }
    if n > *budget {
        return Err(ReadError::HeadTooLarge);
    }
    *budget -= n;
    if line.last() != Some(&b'\n') {
        return Err(ReadError::Io);
    }
    line.pop();
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    String::from_utf8(line)
        .map(Some)
        .map_err(|_| ReadError::Malformed("request head is not UTF-8"))
}

/// Reads the next request's head; `Ok(None)` when the client closed the connection between
/// requests (the normal end of a persistent connection).
pub(crate) fn read_head(reader: &mut impl BufRead) -> Result<Option<Head>, ReadError> {
    let mut budget = MAX_HEAD;
    // RFC 9112 §2.2: empty lines before the request line are ignored.
    let request_line = loop {
        match read_line(reader, &mut budget)? {
            None => return Ok(None),
            Some(line) if line.is_empty() => {}
            Some(line) => break line,
        }
    };
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(ReadError::Malformed("bad request line"));
    };
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        _ => return Err(ReadError::Malformed("unsupported HTTP version")),
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ReadError::Malformed("bad method"));
    }
    let mut headers = Vec::new();
    loop {
        let Some(line) = read_line(reader, &mut budget)? else {
            return Err(ReadError::Io);
        };
        if line.is_empty() {
            break;
        }
        let Some((name, value)) = line.split_once(':') else {
            return Err(ReadError::Malformed("bad header line"));
        };
        if name.is_empty() || name.ends_with([' ', '\t']) {
            return Err(ReadError::Malformed("bad header name"));
        }
        headers.push((name.to_owned(), value.trim().to_owned()));
    }
    Ok(Some(Head {
        method: method.to_owned(),
        path: path_of(target).to_owned(),
        http11,
        headers,
    }))
}

/// The path of a request target: origin form `/p?q`, or absolute form `http://host/p?q`.
fn path_of(target: &str) -> &str {
    let without_query = target.split(['?', '#']).next().unwrap_or("");
    match without_query.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| rest.get(i..).unwrap_or("/")),
        None => without_query,
    }
}

/// Reads the body announced by `head`, up to `max` bytes.
pub(crate) fn read_body(
    reader: &mut impl BufRead,
    head: &Head,
    max: usize,
) -> Result<Body, ReadError> {
    if head
        .header("Transfer-Encoding")
        .is_some_and(|v| !v.trim().is_empty())
    {
        if !head.header_has_token("Transfer-Encoding", "chunked") {
            return Err(ReadError::Malformed("unsupported transfer-encoding"));
        }
        return read_chunked(reader, max);
    }
    let Some(length) = head.header("Content-Length") else {
        return Ok(Body::Complete(Vec::new()));
    };
    let length: usize = length
        .parse()
        .map_err(|_| ReadError::Malformed("bad content-length"))?;
    if length > max {
        return Ok(Body::TooLarge);
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Body::Complete(body))
}

/// A `Transfer-Encoding: chunked` body (RFC 9112 §7.1); trailers are read and dropped.
fn read_chunked(reader: &mut impl BufRead, max: usize) -> Result<Body, ReadError> {
    let mut body = Vec::new();
    loop {
        let mut budget = MAX_HEAD;
        let Some(line) = read_line(reader, &mut budget)? else {
            return Err(ReadError::Io);
        };
        let size = line.split(';').next().unwrap_or("").trim();
        let size =
            usize::from_str_radix(size, 16).map_err(|_| ReadError::Malformed("bad chunk size"))?;
        if size == 0 {
            // Trailer section, up to its empty line.
            loop {
                match read_line(reader, &mut budget)? {
                    Some(line) if line.is_empty() => return Ok(Body::Complete(body)),
                    Some(_) => {}
                    None => return Err(ReadError::Io),
                }
            }
        }
        if body.len().saturating_add(size) > max {
            return Ok(Body::TooLarge);
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(body.get_mut(start..).unwrap_or_default())?;
        let mut crlf = [0; 2];
        reader.read_exact(&mut crlf)?;
        if &crlf != b"\r\n" {
            return Err(ReadError::Malformed("chunk not followed by CRLF"));
        }
    }
}

/// A response to write.
#[derive(Debug)]
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Vec<u8>,
}

impl Response {
    /// A response with no headers and an empty body (`Content-Length: 0`).
    pub(crate) fn empty(status: u16) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// An error response as actix-web's `error::Error*` helpers make it: the message as a
    /// plain-text body.
    pub(crate) fn text(status: u16, message: impl Into<String>) -> Self {
        Response {
            status,
            headers: vec![("Content-Type", "text/plain; charset=utf-8".to_owned())],
            body: message.into().into_bytes(),
        }
    }

    pub(crate) fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        410 => "Gone",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Writes the interim `100 Continue` a client sending `Expect: 100-continue` waits for.
pub(crate) fn write_interim_continue(out: &mut impl Write) -> io::Result<()> {
    out.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    out.flush()
}

/// Writes `response`; with `close`, tells the client the connection ends after it.
pub(crate) fn write_response(
    out: &mut impl Write,
    response: &Response,
    close: bool,
) -> io::Result<()> {
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
    let _ = write!(head, "Content-Length: {}\r\n", response.body.len());
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    out.write_all(head.as_bytes())?;
    out.write_all(&response.body)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head_of(bytes: &[u8]) -> Head {
        read_head(&mut &bytes[..]).unwrap().unwrap()
    }

    #[test]
    fn head_is_read_with_headers_in_any_case() {
        let head = head_of(
            b"\r\nPOST /v1/client/add-version/x?a=b HTTP/1.1\r\nx-client-id:  abc \r\nContent-Type: application/vnd.taskchampion.history-segment; charset=x\r\n\r\n",
        );
        assert_eq!(head.method, "POST");
        assert_eq!(head.path, "/v1/client/add-version/x");
        assert_eq!(head.header("X-Client-Id"), Some("abc"));
        assert_eq!(
            head.content_type(),
            "application/vnd.taskchampion.history-segment"
        );
        assert!(head.keep_alive());
    }

    #[test]
    fn connection_close_and_http10_end_the_connection() {
        assert!(!head_of(b"GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").keep_alive());
        assert!(!head_of(b"GET / HTTP/1.0\r\n\r\n").keep_alive());
        assert!(head_of(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keep_alive());
    }

    #[test]
    fn absolute_form_target_gives_its_path() {
        assert_eq!(
            path_of("http://127.0.0.1:8080/v1/client/snapshot"),
            "/v1/client/snapshot"
        );
        assert_eq!(path_of("http://127.0.0.1:8080"), "/");
    }

    #[test]
    fn end_of_stream_between_requests_is_not_an_error() {
        assert!(read_head(&mut &b""[..]).unwrap().is_none());
        assert!(matches!(
            read_head(&mut &b"GET / HTTP/1.1\r\nHost"[..]),
            Err(ReadError::Io)
        ));
        assert!(matches!(
            read_head(&mut &b"GET / SPDY/3\r\n\r\n"[..]),
            Err(ReadError::Malformed(_))
        ));
    }

    #[test]
    fn bodies_by_length_and_by_chunks() {
        let head = head_of(b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\n");
        let mut rest = &b"hello, and the next request"[..];
        let Body::Complete(body) = read_body(&mut rest, &head, 100).unwrap() else {
            panic!("body too large")
        };
        assert_eq!(body, b"hello");
        assert_eq!(rest, b", and the next request");

        let head = head_of(b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
        let mut rest = &b"5\r\nhello\r\n7;x=y\r\n, world\r\n0\r\nTrailer: t\r\n\r\nNEXT"[..];
        let Body::Complete(body) = read_body(&mut rest, &head, 100).unwrap() else {
            panic!("body too large")
        };
        assert_eq!(body, b"hello, world");
        assert_eq!(rest, b"NEXT");

        let head = head_of(b"POST / HTTP/1.1\r\nContent-Length: 101\r\n\r\n");
        assert!(matches!(
            read_body(&mut &b""[..], &head, 100).unwrap(),
            Body::TooLarge
        ));
    }

    #[test]
    fn response_carries_length_and_close() {
        let mut out = Vec::new();
        let response = Response::empty(409).with_header("X-Parent-Version-Id", "p");
        write_response(&mut out, &response, true).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "HTTP/1.1 409 Conflict\r\nX-Parent-Version-Id: p\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
    }
}
