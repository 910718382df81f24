//! JSON-RPC framing over standard input and output.
//!
//! lsp-server's own stdio transport stops reading at the first payload that is not valid
//! JSON, which ends the session; an editor plugin with a bug (or a stray `print` in a wrapper
//! script) would then silently lose all diagnostics. This reader logs such a frame and goes
//! on with the next `Content-Length` header; the rest of lsp-server ([`Connection`],
//! [`Message`]) is used as it is.

use lsp_server::{Connection, ErrorCode, Message, RequestId, Response};
use std::io::{self, BufRead, Read, Write};
use std::thread::{self, JoinHandle};

/// Bodies larger than this are skipped unread (a full-text sync of a file this big is far
/// over the lint size cap anyway; holding it twice would only risk running out of memory).
const MAX_BODY: usize = 256 * 1024 * 1024;

/// The writer thread; joined at exit so the last replies reach the client.
pub struct Writer(JoinHandle<()>);

impl Writer {
    pub fn join(self) {
        let _ = self.0.join();
    }
}

/// A connection over stdin/stdout. The reader queues without bound so that edits arriving
/// while a lint runs pile up and only the newest text of each document is linted.
pub fn stdio() -> (Connection, Writer) {
    let (to_client, outgoing) = crossbeam_channel::unbounded::<Message>();
    let (incoming, from_client) = crossbeam_channel::unbounded::<Message>();
    let writer = thread::spawn(move || {
        let stdout = io::stdout();
        let mut out = stdout.lock();
        for message in outgoing {
            if message.write(&mut out).is_err() {
                break;
            }
        }
        let _ = out.flush();
    });
    let replies = to_client.clone();
    // Not joined: it may sit in a blocking read of stdin after `exit`.
    thread::spawn(move || {
        let stdin = io::stdin();
        let mut input = stdin.lock();
        read_all(&mut input, &incoming, &replies);
    });
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    (connection, Writer(writer))
}

/// Reads frames until end of input or `exit`, forwarding messages and answering frames that
/// are JSON but no JSON-RPC message with an `InvalidRequest` error when they carry an id.
pub fn read_all(
    input: &mut impl BufRead,
    incoming: &crossbeam_channel::Sender<Message>,
    replies: &crossbeam_channel::Sender<Message>,
) {
    loop {
        let frame = match read_frame(input) {
            Ok(Some(frame)) => frame,
            Ok(None) => return,
            Err(error) => {
                eprintln!("profile-lint server: reading from the client failed: {error}");
                return;
            }
        };
        match parse(&frame) {
            Ok(message) => {
                let is_exit = matches!(&message, Message::Notification(n) if n.method == "exit");
                if incoming.send(message).is_err() || is_exit {
                    return;
                }
            }
            Err(Malformed { id, why }) => {
                eprintln!("profile-lint server: ignoring a malformed message: {why}");
                if let Some(id) = id {
                    let reply = Response::new_err(id, ErrorCode::InvalidRequest as i32, why);
                    let _ = replies.send(reply.into());
                }
            }
        }
    }
}

struct Malformed {
    id: Option<RequestId>,
    why: String,
}

fn parse(body: &[u8]) -> Result<Message, Malformed> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| Malformed {
        id: None,
        why: format!("not JSON: {e}"),
    })?;
    if !value.is_object() {
        // serde would read `[1, 2]` as a response (structs deserialize from arrays too).
        return Err(Malformed {
            id: None,
            why: "not a JSON object".to_owned(),
        });
    }
    let id = value
        .get("id")
        .and_then(|id| serde_json::from_value::<RequestId>(id.clone()).ok());
    serde_json::from_value(value).map_err(|e| Malformed {
        id,
        why: format!("not a JSON-RPC request, response or notification: {e}"),
    })
}

/// The body of the next frame; `None` at end of input. Header lines other than
/// `Content-Length` are ignored, and so is text before a `Content-Length` header on its
/// line, so that the reader finds its way back after a frame with a wrong length.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let header = text.trim();
        if header.is_empty() {
            match length {
                Some(length) if length <= MAX_BODY => {
                    let mut body = vec![0; length];
                    input.read_exact(&mut body)?;
                    return Ok(Some(body));
                }
                Some(length) => {
                    eprintln!("profile-lint server: skipping a message of {length} bytes");
                    io::copy(&mut input.take(length as u64), &mut io::sink())?;
                    return Ok(Some(Vec::new()));
                }
                None => continue,
            }
        }
        if let Some(at) = header.to_ascii_lowercase().find("content-length:") {
            let value = header[at + "content-length:".len()..].trim();
            length = value.parse().ok();
            if length.is_none() {
                eprintln!("profile-lint server: ignoring a bad header `{header}`");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(text: &str) -> Vec<Message> {
        let (incoming, received) = crossbeam_channel::unbounded();
        let (replies, _replied) = crossbeam_channel::unbounded();
        read_all(&mut text.as_bytes(), &incoming, &replies);
        drop(incoming);
        received.into_iter().collect()
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn a_malformed_frame_is_skipped_and_reading_goes_on() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let text = format!("{}{}{}", frame("{not json"), frame("[1,2]"), frame(good));
        let messages = frames(&text);
        assert_eq!(messages.len(), 1);
    }

    #[test]
    fn a_header_without_length_is_ignored() {
        let good = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let text = format!("X-Junk: 1\r\n\r\n{}", frame(good));
        assert_eq!(frames(&text).len(), 1);
    }
}
