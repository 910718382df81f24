//! `profile-lint server`: a language server over standard input and output.
//!
//! Synchronous by design (lsp-server, as rust-analyzer uses it): one thread lints, a reader
//! and a writer thread move bytes. A lint of a profile takes milliseconds, so nothing is
//! gained from an async runtime, and a single thread owning the documents needs no locks.
//! Messages that queued up while a lint ran are all taken before the next lint, so only the
//! newest version of each document is linted (see [`documents`]).

mod actions;
mod completion;
mod diagnostics;
mod disk;
mod documents;
mod formatting;
mod hover;
mod linting;
mod position;
mod transport;
mod xml_context;

use documents::{Document, Documents};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    notification, request, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    CompletionOptions, InitializeParams, InitializeResult, PositionEncodingKind,
    PublishDiagnosticsParams, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind,
};
use position::Encoding;

/// Code action kind of "apply every safe fix" (`editor.codeActionsOnSave` names it).
pub const FIX_ALL_KIND: &str = "source.fixAll.profile-lint";

/// Runs the server on stdin/stdout until `exit`; returns the process exit code (0 after a
/// `shutdown` request, 1 otherwise, as the protocol asks).
pub fn run() -> i32 {
    let (connection, writer) = transport::stdio();
    let code = match serve(&connection) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("profile-lint server: {error}");
            1
        }
    };
    drop(connection);
    writer.join();
    code
}

/// The session on a connection: `initialize`, then messages until `exit`.
pub fn serve(connection: &Connection) -> Result<i32, String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|e| format!("initialize failed: {e}"))?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let encoding = negotiate(&params);
    let result = InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(ServerInfo {
            name: "profile-lint".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    connection
        .initialize_finish(id, result)
        .map_err(|e| format!("initialize failed: {e}"))?;
    let mut server = Server {
        connection,
        encoding,
        documents: Documents::default(),
        shutting_down: false,
        trace: std::env::var_os(TRACE_VARIABLE).is_some_and(|v| !v.is_empty()),
        snippets: params
            .capabilities
            .text_document
            .as_ref()
            .and_then(|t| t.completion.as_ref())
            .and_then(|c| c.completion_item.as_ref())
            .and_then(|i| i.snippet_support)
            .unwrap_or(false),
    };
    server.watch_configuration(&params);
    server.main_loop()
}

/// UTF-8 columns when the client offers them (no UTF-16 counting on either side), else the
/// protocol's default UTF-16.
fn negotiate(params: &InitializeParams) -> Encoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec!["<".into(), "/".into(), ">".into()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(FIX_ALL_KIND),
            ]),
            ..CodeActionOptions::default()
        })),
        document_formatting_provider: Some(lsp_types::OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// Set (to anything but empty) to log the time of every lint to standard error:
/// `bench/lsp.sh` reads these lines, and they help when an editor feels slow.
pub const TRACE_VARIABLE: &str = "PROFILE_LINT_SERVER_TRACE";

struct Server<'a> {
    connection: &'a Connection,
    encoding: Encoding,
    documents: Documents,
    shutting_down: bool,
    trace: bool,
    /// The client accepts snippets in completions.
    snippets: bool,
}

/// What the loop does after a message.
enum Flow {
    Continue,
    Exit(i32),
}

impl Server<'_> {
    fn main_loop(&mut self) -> Result<i32, String> {
        loop {
            let Ok(first) = self.connection.receiver.recv() else {
                // The client went away without `exit`.
                return Ok(1);
            };
            let mut batch = vec![first];
            batch.extend(self.connection.receiver.try_iter());
            for message in batch {
                if let Flow::Exit(code) = self.handle(message) {
                    return Ok(code);
                }
            }
            self.publish_dirty();
        }
    }

    fn handle(&mut self, message: Message) -> Flow {
        match message {
            Message::Request(request) => {
                self.request(request);
                Flow::Continue
            }
            Message::Notification(notification) => self.notification(notification),
            // Replies to our own requests (none need an answer looked at).
            Message::Response(_) => Flow::Continue,
        }
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        if self.shutting_down {
            self.reply_error(id, ErrorCode::InvalidRequest, "the server is shutting down");
            return;
        }
        if request.method == request::Shutdown::METHOD {
            self.shutting_down = true;
            self.reply(Response::new_ok(id, ()));
            return;
        }
        let method = request.method.clone();
        let outcome = linting::guarded(|| self.dispatch(request));
        match outcome {
            Ok(Some(Ok(result))) => self.reply(Response::new_ok(id, result)),
            Ok(Some(Err(why))) => self.reply_error(id, ErrorCode::InvalidParams, &why),
            Ok(None) => self.reply_error(
                id,
                ErrorCode::MethodNotFound,
                &format!("profile-lint does not handle `{method}`"),
            ),
            Err(why) => {
                eprintln!("profile-lint server: internal error in {method}: {why}");
                self.reply_error(id, ErrorCode::InternalError, &why);
            }
        }
    }

    /// The result of a request, `Err` for parameters that cannot be read, `None` for a
    /// method the server does not know.
    fn dispatch(&mut self, request: Request) -> Option<Result<serde_json::Value, String>> {
        let params = request.params;
        let result = match request.method.as_str() {
            request::CodeActionRequest::METHOD => with(params, |p| {
                actions::code_actions(&mut self.documents, self.encoding, p)
            }),
            request::HoverRequest::METHOD => with(params, |p| {
                hover::hover(&mut self.documents, self.encoding, p)
            }),
            request::Completion::METHOD => with(params, |p| {
                completion::complete(&self.documents, self.encoding, self.snippets, p)
            }),
            request::Formatting::METHOD => with(params, |p| {
                formatting::format(&self.documents, self.encoding, p)
            }),
            _ => return None,
        };
        Some(result)
    }

    fn notification(&mut self, notification: Notification) -> Flow {
        let params = notification.params;
        match notification.method.as_str() {
            notification::Exit::METHOD => {
                return Flow::Exit(if self.shutting_down { 0 } else { 1 });
            }
            notification::DidOpenTextDocument::METHOD => {
                if let Some(p) = read::<lsp_types::DidOpenTextDocumentParams>(params) {
                    let doc = p.text_document;
                    let document =
                        Document::new(doc.uri.clone(), doc.version, doc.language_id, doc.text);
                    self.documents.open.insert(doc.uri, document);
                }
            }
            notification::DidChangeTextDocument::METHOD => {
                if let Some(p) = read::<lsp_types::DidChangeTextDocumentParams>(params) {
                    // Full sync: the last change holds the whole text.
                    let text = p.content_changes.into_iter().last().map(|c| c.text);
                    if let (Some(document), Some(text)) =
                        (self.documents.get_mut(&p.text_document.uri), text)
                    {
                        document.replace(p.text_document.version, text);
                    }
                }
            }
            notification::DidCloseTextDocument::METHOD => {
                if let Some(p) = read::<lsp_types::DidCloseTextDocumentParams>(params) {
                    self.documents.open.remove(&p.text_document.uri);
                    self.publish(p.text_document.uri, Vec::new(), None);
                }
            }
            notification::DidChangeWatchedFiles::METHOD => {
                // A `profile-lint.toml` may have changed: lint every open document again.
                for document in self.documents.open.values_mut() {
                    document.invalidate();
                }
            }
            _ => {}
        }
        Flow::Continue
    }

    /// Asks the client to report changes of `profile-lint.toml` files (when it can register
    /// watchers at run time), so that open documents are linted again under the new settings.
    fn watch_configuration(&self, params: &InitializeParams) {
        let dynamic = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        if !dynamic {
            return;
        }
        let options = lsp_types::DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![lsp_types::FileSystemWatcher {
                glob_pattern: lsp_types::GlobPattern::String("**/profile-lint.toml".into()),
                kind: None,
            }],
        };
        let registration = lsp_types::Registration {
            id: "profile-lint-config".into(),
            method: notification::DidChangeWatchedFiles::METHOD.into(),
            register_options: serde_json::to_value(options).ok(),
        };
        let request = Request::new(
            RequestId::from("profile-lint/register-watcher".to_owned()),
            request::RegisterCapability::METHOD.to_owned(),
            lsp_types::RegistrationParams {
                registrations: vec![registration],
            },
        );
        let _ = self.connection.sender.send(request.into());
    }

    /// Lints and publishes every document whose current version has not been published.
    fn publish_dirty(&mut self) {
        let encoding = self.encoding;
        let mut out = Vec::new();
        for document in self.documents.open.values_mut().filter(|d| d.dirty) {
            document.dirty = false;
            let started = std::time::Instant::now();
            let linted = document.linted();
            let found = diagnostics::of_document(document, &linted, encoding);
            if self.trace {
                // `linted` may have been made earlier by a request; its times are its own.
                eprintln!(
                    "profile-lint server: trace: {} v{}: bytes={} findings={} options_us={} lint_us={} total_us={}",
                    document.uri,
                    document.version,
                    document.text.len(),
                    found.len(),
                    linted.options_time.as_micros(),
                    linted.lint_time.as_micros(),
                    started.elapsed().as_micros()
                );
            }
            out.push((document.uri.clone(), found, Some(document.version)));
        }
        for (uri, found, version) in out {
            self.publish(uri, found, version);
        }
    }

    fn publish(
        &self,
        uri: lsp_types::Url,
        found: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics: found,
            version,
        };
        let note = Notification::new(notification::PublishDiagnostics::METHOD.to_owned(), params);
        let _ = self.connection.sender.send(note.into());
    }

    fn reply(&self, response: Response) {
        let _ = self.connection.sender.send(response.into());
    }

    fn reply_error(&self, id: RequestId, code: ErrorCode, message: &str) {
        self.reply(Response::new_err(id, code as i32, message.to_owned()));
    }
}

/// Reads a notification's parameters; a notification that cannot be read is logged and
/// dropped (there is no one to answer).
fn read<P: serde::de::DeserializeOwned>(params: serde_json::Value) -> Option<P> {
    match serde_json::from_value(params) {
        Ok(p) => Some(p),
        Err(error) => {
            eprintln!("profile-lint server: ignoring a notification: {error}");
            None
        }
    }
}

/// Runs a request handler on its parameters and serializes what it returns.
fn with<P: serde::de::DeserializeOwned, R: serde::Serialize>(
    params: serde_json::Value,
    handler: impl FnOnce(P) -> R,
) -> Result<serde_json::Value, String> {
    let params: P =
        serde_json::from_value(params).map_err(|e| format!("invalid parameters: {e}"))?;
    serde_json::to_value(handler(params)).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn notification(method: &str, params: serde_json::Value) -> Message {
        Notification::new(method.to_owned(), params).into()
    }

    /// Edits queued before the server reads them are linted once, at the newest version.
    #[test]
    fn queued_edits_are_linted_once_at_their_last_version() {
        let (server_side, client) = Connection::memory();
        let uri = "file:///nonexistent/p.xml";
        let text = |v: i32| {
            format!(
                "<VPNProfile><AlwaysOn>{}</AlwaysOn></VPNProfile>",
                if v % 2 == 0 { "true" } else { "True" }
            )
        };
        let mut queued: Vec<Message> = vec![
            Request::new(1.into(), "initialize".into(), json!({ "capabilities": {} })).into(),
            notification("initialized", json!({})),
            notification(
                "textDocument/didOpen",
                json!({ "textDocument": { "uri": uri, "languageId": "xml", "version": 1, "text": text(1) } }),
            ),
        ];
        for version in 2..=21 {
            queued.push(notification(
                "textDocument/didChange",
                json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text(version) }] }),
            ));
        }
        queued.push(Request::new(2.into(), "shutdown".into(), json!(null)).into());
        for message in queued {
            let _ = client.sender.send(message);
        }
        let server = std::thread::spawn(move || serve(&server_side));
        let mut published = Vec::new();
        while let Ok(message) = client
            .receiver
            .recv_timeout(std::time::Duration::from_secs(30))
        {
            match message {
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                    published.push(n.params["version"].clone());
                }
                Message::Response(r) if r.id == 2.into() => break,
                _ => {}
            }
        }
        // The shutdown reply comes before the batch's diagnostics are published.
        if let Ok(Message::Notification(n)) = client
            .receiver
            .recv_timeout(std::time::Duration::from_secs(30))
        {
            published.push(n.params["version"].clone());
        }
        let _ = client.sender.send(notification("exit", json!(null)));
        let code = server.join().ok().and_then(Result::ok);
        assert_eq!(published, [json!(21)]);
        assert_eq!(code, Some(0));
    }
}
