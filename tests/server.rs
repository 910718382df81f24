//! `profile-lint server` driven as an editor drives it: the binary over stdio, with
//! `Content-Length` framed JSON-RPC.
#![cfg(all(feature = "cli", feature = "server"))]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(30);

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Lines the server wrote to standard error (only when started traced).
    log: Receiver<String>,
    /// Notifications received while waiting for something else.
    notifications: Vec<Value>,
    next_id: i64,
}

fn read_frame(out: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    out.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    /// With `traced`, the server logs the time of each lint, collected in `log`.
    fn start_with(traced: bool) -> Client {
        let mut command = Command::new(env!("CARGO_BIN_EXE_profile-lint"));
        command
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(if traced {
                Stdio::piped()
            } else {
                Stdio::null()
            });
        if traced {
            command.env("PROFILE_LINT_SERVER_TRACE", "1");
        }
        let mut child = command.spawn().expect("the binary starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (log_sender, log) = channel();
        if let Some(stderr) = child.stderr.take() {
            std::thread::spawn(move || {
                for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                    if log_sender.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        let (sender, incoming) = channel();
        std::thread::spawn(move || {
            let mut out = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut out) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            log,
            notifications: Vec::new(),
            next_id: 1,
        }
    }

    /// A client that has done `initialize` with these capabilities; returns the result too.
    fn initialized(capabilities: Value) -> (Client, Value) {
        Client::initialized_with(capabilities, false)
    }

    fn initialized_with(capabilities: Value, traced: bool) -> (Client, Value) {
        let mut client = Client::start_with(traced);
        let result = client.request("initialize", json!({ "capabilities": capabilities }));
        client.notify("initialized", json!({}));
        (client, result)
    }

    fn write_raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).expect("write to the server");
        self.stdin.flush().expect("flush");
    }

    fn send(&mut self, message: Value) {
        let body = serde_json::to_vec(&message).expect("JSON");
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend(body);
        self.write_raw(&frame);
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn next(&mut self) -> Value {
        self.incoming
            .recv_timeout(TIMEOUT)
            .expect("the server answers in time")
    }

    /// The whole response (`result` or `error`) to a request.
    fn response(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let message = self.next();
            if message["id"] == json!(id) && message.get("method").is_none() {
                return message;
            }
            if message.get("id").is_none() {
                self.notifications.push(message);
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.response(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        response["result"].clone()
    }

    /// The diagnostics published for `uri` at `version`, skipping older publications.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        loop {
            let found = self.notifications.iter().position(|n| {
                n["method"] == "textDocument/publishDiagnostics"
                    && n["params"]["uri"] == uri
                    && n["params"]["version"] == json!(version)
            });
            if let Some(at) = found {
                let note = self.notifications.remove(at);
                return note["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
            let message = self.next();
            self.notifications.push(message);
        }
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
        );
        self.diagnostics(uri, 1)
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": uri, "version": version },
                "contentChanges": [{ "text": text }]
            }),
        );
    }

    /// Shuts down and exits politely; returns the exit code.
    fn finish(mut self) -> Option<i32> {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.child.wait().ok().and_then(|s| s.code())
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn example() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/examples/user-tunnel.xml");
    std::fs::read_to_string(path).expect("the example profile")
}

/// The example with a comment holding non-ASCII text (é: 1 UTF-16 unit, 2 bytes; 😀: 2 UTF-16
/// units, 4 bytes) before `True` on its line.
fn faulty() -> String {
    example().replace(
        "<AlwaysOn>True</AlwaysOn>",
        "<!-- Café 😀 --><AlwaysOn>True</AlwaysOn>",
    )
}

/// 0-based line and (UTF-16, UTF-8) columns of the first `needle` in `text`.
fn place(text: &str, needle: &str) -> (u64, u64, u64) {
    let at = text.find(needle).expect("needle in text");
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[..at].matches('\n').count() as u64;
    let before = &text[line_start..at];
    (
        line,
        before.encode_utf16().count() as u64,
        before.len() as u64,
    )
}

fn with_code<'a>(diagnostics: &'a [Value], code: &str) -> Option<&'a Value> {
    diagnostics.iter().find(|d| d["code"] == code)
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    diagnostics
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_owned))
        .collect()
}

/// `text` with LSP text edits applied (UTF-16 positions).
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().unwrap_or(0) as usize;
        let character = position["character"].as_u64().unwrap_or(0) as usize;
        let line_start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[line_start..].char_indices() {
            if units >= character || c == '\n' {
                return line_start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_owned();
    for (start, end, new_text) in spans {
        out.replace_range(start..end, &new_text);
    }
    out
}

const URI: &str = "file:///nonexistent-profile-lint-test/user-tunnel.xml";

/// The `file:` URI of a path as editors send it (`file:///C:/...` on Windows).
fn file_uri(path: &Path) -> String {
    lsp_types::Url::from_file_path(path)
        .map(|uri| uri.to_string())
        .expect("an absolute path")
}

#[test]
fn initialize_answers_utf16_by_default() {
    let (client, result) = Client::initialized(json!({}));
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(capabilities["textDocumentSync"], 1);
    assert_eq!(result["serverInfo"]["name"], "profile-lint");
    assert!(capabilities["codeActionProvider"]["codeActionKinds"]
        .as_array()
        .is_some_and(|k| k.contains(&json!("source.fixAll.profile-lint"))));
    assert_eq!(client.finish(), Some(0));
}

#[test]
fn diagnostics_on_open_have_rule_codes_links_and_utf16_ranges() {
    let (mut client, _) = Client::initialized(json!({}));
    let text = faulty();
    let diagnostics = client.open(URI, "xml", &text);
    let s003 = with_code(&diagnostics, "S003").expect("boolean-literal-case");
    let (line, utf16, utf8) = place(&text, "True");
    assert_ne!(
        utf16, utf8,
        "the line must hold non-ASCII text before the finding"
    );
    assert_eq!(
        s003["range"],
        json!({ "start": { "line": line, "character": utf16 }, "end": { "line": line, "character": utf16 + 4 } })
    );
    assert_eq!(s003["severity"], 1);
    assert_eq!(s003["source"], "profile-lint");
    assert!(s003["codeDescription"]["href"]
        .as_str()
        .is_some_and(|h| h.ends_with("rules/boolean-literal-case.md")));
    assert!(s003["message"]
        .as_str()
        .is_some_and(|m| m.contains("\nhelp: ")));
    // A finding with a label carries it as related information, in this document.
    let related = diagnostics
        .iter()
        .find_map(|d| d["relatedInformation"].as_array().cloned())
        .expect("a finding with labels");
    assert_eq!(related[0]["location"]["uri"], URI);
    assert!(related[0]["message"].is_string());
    assert_eq!(client.finish(), Some(0));
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let (mut client, result) =
        Client::initialized(json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }));
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
    let text = faulty();
    let diagnostics = client.open(URI, "xml", &text);
    let (line, _, utf8) = place(&text, "True");
    let s003 = with_code(&diagnostics, "S003").expect("boolean-literal-case");
    assert_eq!(
        s003["range"]["start"],
        json!({ "line": line, "character": utf8 })
    );
    assert_eq!(client.finish(), Some(0));
}

#[test]
fn a_change_is_linted_and_a_burst_of_changes_ends_at_its_last_version() {
    let (mut client, _) = Client::initialized(json!({}));
    let text = faulty();
    assert!(with_code(&client.open(URI, "xml", &text), "S003").is_some());
    let fixed = text.replace("<AlwaysOn>True", "<AlwaysOn>true");
    client.change(URI, 2, &fixed);
    let diagnostics = client.diagnostics(URI, 2);
    assert!(with_code(&diagnostics, "S003").is_none(), "{diagnostics:?}");
    assert!(
        !diagnostics.is_empty(),
        "the example's other findings remain"
    );
    // Twenty edits written at once: the last one decides what is published last.
    for version in 3..=22 {
        let body = if version % 2 == 0 { &fixed } else { &text };
        client.change(URI, version, body);
    }
    let last = client.diagnostics(URI, 22);
    assert!(with_code(&last, "S003").is_none());
    assert_eq!(client.finish(), Some(0));
}

#[test]
fn code_actions_offer_the_fix_a_suppression_and_fix_all() {
    let (mut client, _) = Client::initialized(json!({}));
    let text = faulty();
    let diagnostics = client.open(URI, "xml", &text);
    let s003 = with_code(&diagnostics, "S003").expect("S003").clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": s003["range"],
            "context": { "diagnostics": [s003] }
        }),
    );
    let actions = actions.as_array().cloned().unwrap_or_default();
    let quick_fix = actions
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["isPreferred"] == true)
        .expect("the safe fix, preferred");
    let edits = quick_fix["edit"]["changes"][URI]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(apply(&text, &edits).contains("<AlwaysOn>true</AlwaysOn>"));
    assert_eq!(quick_fix["diagnostics"][0]["code"], "S003");

    let suppress = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("Suppress boolean-literal-case"))
        })
        .expect("a suppression");
    let edits = suppress["edit"]["changes"][URI]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let suppressed = apply(&text, &edits);
    assert!(suppressed.contains("<!-- profile-lint: disable=boolean-literal-case -->"));
    client.change(URI, 2, &suppressed);
    let after = codes(&client.diagnostics(URI, 2));
    assert!(
        !after.contains(&"S003".to_owned()) && !after.contains(&"unused-suppression".to_owned()),
        "{after:?}"
    );

    // Fix all: asked for by kind, as `editor.codeActionsOnSave` does.
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [], "only": ["source.fixAll"] }
        }),
    );
    let actions = actions.as_array().cloned().unwrap_or_default();
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.profile-lint");
    let edits = actions[0]["edit"]["changes"][URI]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let fixed = apply(&suppressed, &edits);
    client.change(URI, 3, &fixed);
    let remaining = client.diagnostics(URI, 3);
    // What is left has no safe fix to offer: fix-all again offers nothing.
    let again = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": URI },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [], "only": ["source.fixAll.profile-lint"] }
        }),
    );
    assert_eq!(again, json!([]), "remaining: {:?}", codes(&remaining));
    assert!(!codes(&remaining).contains(&"M005".to_owned()));
    assert_eq!(client.finish(), Some(0));
}

#[test]
fn hover_explains_findings_and_elements() {
    let (mut client, _) = Client::initialized(json!({}));
    let text = faulty();
    client.open(URI, "xml", &text);
    let (line, utf16, _) = place(&text, "True");
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": utf16 + 1 } }),
    );
    let value = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(
        value.contains("S003") && value.contains("boolean-literal-case"),
        "{value}"
    );
    assert!(value.contains("rules/boolean-literal-case.md"), "{value}");

    let (line, utf16, _) = place(&text, "RoutingPolicyType>");
    let hover = client.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": URI }, "position": { "line": line, "character": utf16 + 2 } }),
    );
    let value = hover["contents"]["value"].as_str().unwrap_or("");
    assert!(
        value.contains("SplitTunnel") && value.contains("ForceTunnel"),
        "{value}"
    );
    assert_eq!(client.finish(), Some(0));
}

#[test]
fn completion_offers_children_of_the_parent_and_enum_values() {
    let (mut client, _) = Client::initialized(json!({}));
    let text = "<VPNProfile>\n  <NativeProfile>\n    <Ro\n    <RoutingPolicyType></RoutingPolicyType>\n  </NativeProfile>\n</VPNProfile>\n";
    client.open(URI, "xml", text);
    let labels = |result: &Value| -> Vec<String> {
        result
            .as_array()
            .or_else(|| result["items"].as_array())
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i["label"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    };
    let names = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 2, "character": 7 } }),
    );
    let names = labels(&names);
    for expected in ["Servers", "NativeProtocolType", "Authentication"] {
        assert!(names.contains(&expected.to_owned()), "{names:?}");
    }
    assert!(!names.contains(&"ProfileName".to_owned()), "{names:?}");
    // `RoutingPolicyType` may appear once and is there (after the cursor): not offered.
    assert!(
        !names.contains(&"RoutingPolicyType".to_owned()),
        "{names:?}"
    );
    let values = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 3, "character": 23 } }),
    );
    assert_eq!(labels(&values), ["SplitTunnel", "ForceTunnel"]);
    assert_eq!(client.finish(), Some(0));
}

#[test]
fn completion_inserts_whole_elements_when_the_client_takes_snippets() {
    let capabilities = json!({ "textDocument": { "completion": { "completionItem": { "snippetSupport": true } } } });
    let (mut client, _) = Client::initialized(capabilities);
    let text = "<VPNProfile>\n  <NativeProfile>\n    <Se\n  </NativeProfile>\n</VPNProfile>\n";
    client.open(URI, "xml", text);
    let items = client.request(
        "textDocument/completion",
        json!({ "textDocument": { "uri": URI }, "position": { "line": 2, "character": 7 } }),
    );
    let servers = items
        .as_array()
        .and_then(|items| items.iter().find(|i| i["label"] == "Servers"))
        .cloned()
        .expect("Servers offered");
    assert_eq!(servers["textEdit"]["newText"], "Servers>$0</Servers>");
    assert_eq!(servers["insertTextFormat"], 2);
    assert_eq!(
        servers["textEdit"]["range"],
        json!({ "start": { "line": 2, "character": 5 }, "end": { "line": 2, "character": 7 } })
    );
    assert_eq!(client.finish(), Some(0));
}

#[test]
fn formatting_lays_out_a_one_line_profile() {
    let (mut client, _) = Client::initialized(json!({}));
    let text = "<VPNProfile><ProfileName>VPN</ProfileName><NativeProfile><Servers>vpn.example.com</Servers><NativeProtocolType>IKEv2</NativeProtocolType></NativeProfile></VPNProfile>";
    client.open(URI, "xml", text);
    let edits = client.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 4, "insertSpaces": true } }),
    );
    let formatted = apply(text, edits.as_array().map(Vec::as_slice).unwrap_or(&[]));
    assert!(
        formatted.contains("\n    <NativeProfile>\n        <Servers>"),
        "{formatted}"
    );
    assert_eq!(client.finish(), Some(0));
}

#[test]
fn a_profile_lint_toml_beside_the_file_applies() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("profile-lint.toml"),
        "ignore = [\"boolean-literal-case\"]\n",
    )
    .expect("write config");
    let path = dir.path().join("profile.xml");
    let uri = file_uri(&path);
    let (mut client, _) = Client::initialized(json!({}));
    let diagnostics = client.open(&uri, "xml", &faulty());
    assert!(with_code(&diagnostics, "S003").is_none(), "{diagnostics:?}");
    assert!(!diagnostics.is_empty());
    assert_eq!(client.finish(), Some(0));
}

#[test]
fn a_changed_profile_lint_toml_applies_after_did_change_watched_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("profile-lint.toml");
    let uri = file_uri(&dir.path().join("profile.xml"));
    let (mut client, _) = Client::initialized(json!({}));
    assert!(with_code(&client.open(&uri, "xml", &faulty()), "S003").is_some());
    std::fs::write(&config, "ignore = [\"S003\"]\n").expect("write config");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&config), "type": 1 }] }),
    );
    let again = client.diagnostics(&uri, 1);
    assert!(with_code(&again, "S003").is_none(), "{again:?}");
    // A configuration that cannot be read: one warning, and the defaults.
    std::fs::write(&config, "ignore = [\"no-such-rule\"\n").expect("write config");
    client.notify("workspace/didChangeWatchedFiles", json!({ "changes": [] }));
    let broken = client.diagnostics(&uri, 1);
    assert_eq!(broken[0]["code"], "config", "{broken:?}");
    assert_eq!(broken[0]["severity"], 2);
    assert!(with_code(&broken, "S003").is_some());
    assert_eq!(client.finish(), Some(0));
}

/// `file-encoding` is about the bytes on disk, not the Unicode text the editor sends: a UTF-16
/// export gets the UTF-16 finding, not "the declaration says utf-16 but the file is UTF-8".
#[test]
fn file_encoding_judges_the_file_on_disk() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = format!("<?xml version=\"1.0\" encoding=\"utf-16\"?>\n{}", faulty());
    let path = dir.path().join("export.xml");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    std::fs::write(&path, bytes).expect("write the export");
    let (mut client, _) = Client::initialized(json!({}));
    let uri = file_uri(&path);
    let diagnostics = client.open(&uri, "xml", &text);
    let encoding: Vec<&Value> = diagnostics.iter().filter(|d| d["code"] == "M013").collect();
    assert_eq!(encoding.len(), 1, "{diagnostics:?}");
    let message = encoding[0]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("UTF-16 LE with a byte-order mark"),
        "{message}"
    );
    assert_eq!(
        encoding[0]["range"]["start"],
        json!({ "line": 0, "character": 0 })
    );
    // Edited (not saved): still judged as the file will be stored.
    client.change(&uri, 2, &text.replace("<AlwaysOn>True", "<AlwaysOn>true"));
    let after = client.diagnostics(&uri, 2);
    assert!(after.iter().any(|d| d["code"] == "M013"
        && d["message"]
            .as_str()
            .is_some_and(|m| m.contains("UTF-16 LE"))));
    // The same text saved as UTF-8: the declaration is what is wrong.
    let utf8 = dir.path().join("utf8.xml");
    std::fs::write(&utf8, &text).expect("write");
    let diagnostics = client.open(&file_uri(&utf8), "xml", &text);
    let m013 = with_code(&diagnostics, "M013").expect("M013");
    assert!(m013["message"]
        .as_str()
        .is_some_and(|m| m.contains("but the file is UTF-8")));
    assert_eq!(client.finish(), Some(0));
}

/// A windows-1252 profile that declares it, with `é` before a finding on its line: linted as
/// stored (no `Ã©`), placed in the editor's text, and fixed without mangling the `é`.
#[test]
fn a_windows_1252_file_is_linted_as_stored() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = format!(
        "<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n{}",
        example().replace(
            "<AlwaysOn>True</AlwaysOn>",
            "<!-- Zürich é --><AlwaysOn>True</AlwaysOn>"
        )
    );
    let path = dir.path().join("ansi.xml");
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| match c {
            'é' => 0xE9,
            'ü' => 0xFC,
            c => c as u8,
        })
        .collect();
    std::fs::write(&path, bytes).expect("write");
    let uri = file_uri(&path);
    let (mut client, _) = Client::initialized(json!({}));
    let diagnostics = client.open(&uri, "xml", &text);
    let (line, utf16, _) = place(&text, "True");
    let s003 = with_code(&diagnostics, "S003").expect("S003");
    assert_eq!(
        s003["range"]["start"],
        json!({ "line": line, "character": utf16 })
    );
    let m013 = with_code(&diagnostics, "M013").expect("M013");
    let message = m013["message"].as_str().unwrap_or("");
    assert!(!message.contains("but the file is UTF-8"), "{message}");
    let actions = client.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
            "context": { "diagnostics": [], "only": ["source.fixAll.profile-lint"] }
        }),
    );
    let edits = actions[0]["edit"]["changes"][uri.as_str()]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let fixed = apply(&text, &edits);
    assert!(
        fixed.contains("<!-- Zürich é --><AlwaysOn>true</AlwaysOn>"),
        "{fixed}"
    );
    assert!(!fixed.contains('Ã'));
    assert_eq!(client.finish(), Some(0));
}

#[test]
fn a_document_over_the_size_cap_gets_one_diagnostic() {
    let (mut client, _) = Client::initialized(json!({}));
    let mut text = faulty();
    text.push_str(&"<!-- padding -->".repeat(11 * 1024 * 1024 / 16));
    let diagnostics = client.open(URI, "xml", &text);
    assert_eq!(codes(&diagnostics), ["input-too-large"]);
    assert_eq!(client.finish(), Some(0));
}

fn source(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/sources")
        .join(name);
    std::fs::read_to_string(path).expect("a test source")
}

#[test]
fn findings_in_a_script_and_an_intune_export_point_into_the_wrapper() {
    let (mut client, _) = Client::initialized(json!({}));
    let script = source("powershell-here-string.ps1").replace(
        "<AlwaysOn>true</AlwaysOn>",
        "<!-- Café 😀 --><AlwaysOn>True</AlwaysOn>",
    );
    let uri = "file:///nonexistent-profile-lint-test/deploy.ps1";
    let diagnostics = client.open(uri, "powershell", &script);
    let (line, utf16, _) = place(&script, "True");
    let s003 = with_code(&diagnostics, "S003")
        .expect("S003 in the script")
        .clone();
    assert_eq!(
        s003["range"]["start"],
        json!({ "line": line, "character": utf16 })
    );
    // The suppression comment goes into the here-string, and works there.
    let actions = client.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": s003["range"], "context": { "diagnostics": [s003] } }),
    );
    let suppress = actions
        .as_array()
        .and_then(|a| {
            a.iter().find(|a| {
                a["title"]
                    .as_str()
                    .is_some_and(|t| t.starts_with("Suppress boolean-literal-case"))
            })
        })
        .cloned()
        .expect("a suppression in the script");
    let edits = suppress["edit"]["changes"][uri]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let suppressed = apply(&script, &edits);
    assert!(suppressed
        .contains("<!-- Café 😀 --><!-- profile-lint: disable=boolean-literal-case --><AlwaysOn>"));
    client.change(uri, 2, &suppressed);
    let after = codes(&client.diagnostics(uri, 2));
    assert!(
        !after.contains(&"S003".to_owned()) && !after.contains(&"unused-suppression".to_owned()),
        "{after:?}"
    );
    // The same finding as `profile-lint --format concise` reports at 9:272 (1-based).
    let uri = "file:///nonexistent-profile-lint-test/export.json";
    let diagnostics = client.open(uri, "json", &source("intune-oma-export.json"));
    assert!(
        diagnostics.iter().any(|d| d["code"] == "M006"
            && d["range"]["start"] == json!({ "line": 8, "character": 271 })),
        "{diagnostics:?}"
    );
    assert_eq!(client.finish(), Some(0));
}

/// A profile on one line (as pasted into Intune) with thousands of findings: every range is
/// exact in UTF-16 past the non-ASCII name, and the answer comes in time.
#[test]
fn a_one_line_profile_with_thousands_of_findings() {
    let (mut client, _) = Client::initialized(json!({}));
    let routes: String = (0..3000)
        .map(|i| {
            format!(
                "<Route><Address>10.{}.{}.7</Address><PrefixSize>24</PrefixSize></Route>",
                i / 250,
                i % 250
            )
        })
        .collect();
    let text = format!("<VPNProfile><ProfileName>Café 😀</ProfileName><NativeProfile><Servers>vpn.contoso.com</Servers><NativeProtocolType>IKEv2</NativeProtocolType><RoutingPolicyType>SplitTunnel</RoutingPolicyType></NativeProfile>{routes}</VPNProfile>");
    let diagnostics = client.open(URI, "xml", &text);
    let host_bits: Vec<&Value> = diagnostics.iter().filter(|d| d["code"] == "R004").collect();
    assert_eq!(host_bits.len(), 3000);
    // UTF-16 columns of every address, counted once along the line.
    let mut columns = Vec::new();
    let (mut counted_to, mut units) = (0, 0);
    for (at, tag) in text.match_indices("<Address>") {
        units += text[counted_to..at + tag.len()].encode_utf16().count() as u64;
        counted_to = at + tag.len();
        columns.push(units);
    }
    for (d, column) in host_bits.iter().zip(&columns) {
        assert_eq!(
            d["range"]["start"],
            json!({ "line": 0, "character": column })
        );
    }
    assert_eq!(client.finish(), Some(0));
}

#[test]
fn documents_that_hold_no_profile_get_no_diagnostics() {
    let (mut client, _) = Client::initialized(json!({}));
    let pom = "file:///nonexistent-profile-lint-test/pom.xml";
    assert_eq!(
        client.open(
            pom,
            "xml",
            "<project><modelVersion>4.0.0</modelVersion></project>"
        ),
        Vec::<Value>::new()
    );
    let notes = "file:///nonexistent-profile-lint-test/notes.txt";
    assert_eq!(
        client.open(notes, "plaintext", "shopping list\n"),
        Vec::<Value>::new()
    );
    let big = "file:///nonexistent-profile-lint-test/package-lock.json";
    let huge = format!("{{\"x\": \"{}\"}}", "a".repeat(11 * 1024 * 1024));
    assert_eq!(client.open(big, "json", &huge), Vec::<Value>::new());
    assert_eq!(client.finish(), Some(0));
}

#[test]
fn unknown_methods_and_malformed_messages_do_not_stop_the_server() {
    let (mut client, _) = Client::initialized(json!({}));
    let response = client.response("profileLint/noSuchMethod", json!({}));
    assert_eq!(response["error"]["code"], -32601);
    // Not JSON, then JSON that is no message, then a request with bad parameters.
    client.write_raw(b"Content-Length: 9\r\n\r\n{not json");
    client.write_raw(b"Content-Length: 5\r\n\r\n[1,2]");
    let response = client.response("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(response["error"]["code"], -32602);
    // An unknown notification is ignored; the server still lints.
    client.notify("profileLint/unknownNotification", json!({}));
    assert!(with_code(&client.open(URI, "xml", &faulty()), "S003").is_some());
    assert_eq!(client.finish(), Some(0));
}

#[test]
fn exit_without_shutdown_exits_with_one() {
    let (mut client, _) = Client::initialized(json!({}));
    client.notify("exit", Value::Null);
    let status = client.child.wait().ok().and_then(|s| s.code());
    assert_eq!(status, Some(1));
}

#[test]
fn requests_after_shutdown_are_refused() {
    let (mut client, _) = Client::initialized(json!({}));
    client.request("shutdown", Value::Null);
    let response = client.response("textDocument/hover", json!({}));
    assert_eq!(response["error"]["code"], -32600);
    client.notify("exit", Value::Null);
    assert_eq!(client.child.wait().ok().and_then(|s| s.code()), Some(0));
}

/// A profile of about 20 KiB: the example with routes added.
fn profile_of_20_kib() -> String {
    let mut routes = String::new();
    let mut i = 0;
    while example().len() + routes.len() < 20 * 1024 {
        routes.push_str(&format!(
            "  <Route>\n    <Address>10.{}.{}.0</Address>\n    <PrefixSize>24</PrefixSize>\n  </Route>\n",
            i / 250,
            i % 250
        ));
        i += 1;
    }
    faulty().replace("</VPNProfile>", &format!("{routes}</VPNProfile>"))
}

/// Latency of re-linting a 20 KiB profile over 1000 edits, one at a time (each edit waits for
/// its diagnostics, so none is skipped as superseded). Prints the median and 99th percentile
/// of the server's own time per lint (from its trace) and of the round trip the client sees.
/// Run by `bench/lsp.sh` (release build); ignored in the normal test run.
#[test]
#[ignore = "a benchmark: bash bench/lsp.sh"]
fn latency_of_relinting_a_20_kib_profile() {
    let edits: usize = std::env::var("LSP_BENCH_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    // A real file path with a profile-lint.toml beside it: its lookup and parse are timed.
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("profile-lint.toml"),
        "ignore = [\"automatic-protocol-order\"]\n\n[severity]\nintune-win11-element-order = \"warning\"\n",
    )
    .expect("write config");
    let uri = file_uri(&dir.path().join("profile.xml"));
    let uri = uri.as_str();
    let (mut client, _) = Client::initialized_with(json!({}), true);
    let base = profile_of_20_kib();
    assert!(base.len() >= 20 * 1024);
    client.open(uri, "xml", &base);
    let mut round_trips = Vec::with_capacity(edits);
    // The server's resident memory (Linux) after a tenth of the edits and after all of them:
    // it must stay flat, whatever the number of edits.
    let pid = client.child.id();
    let rss_kb = || -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    let mut rss_early = None;
    for i in 0..edits {
        if i == edits / 10 {
            rss_early = rss_kb();
        }
        let version = i as i64 + 2;
        // Every edit changes one route; every other one also brings the S003 finding back.
        let mut text = base.replacen("10.0.0.0", &format!("10.0.{}.0", i % 250), 1);
        if i % 2 == 0 {
            text = text.replace("<AlwaysOn>True", "<AlwaysOn>true");
        }
        let started = std::time::Instant::now();
        client.change(uri, version, &text);
        client.diagnostics(uri, version);
        round_trips.push(started.elapsed().as_micros() as u64);
    }
    let rss_late = rss_kb();
    let log = std::mem::replace(&mut client.log, channel().1);
    assert_eq!(client.finish(), Some(0));
    let mut server: Vec<u64> = Vec::new();
    let mut lint: Vec<u64> = Vec::new();
    let mut options: Vec<u64> = Vec::new();
    while let Ok(line) = log.recv_timeout(Duration::from_secs(5)) {
        let field = |name: &str| -> Option<u64> {
            let at = line.find(&format!(" {name}_us="))? + name.len() + 5;
            line[at..].split(' ').next()?.parse().ok()
        };
        if let (Some(total), Some(l), Some(o)) = (field("total"), field("lint"), field("options")) {
            server.push(total);
            lint.push(l);
            options.push(o);
        }
    }
    // The first trace line is the didOpen lint.
    if server.len() > edits {
        server.remove(0);
        lint.remove(0);
        options.remove(0);
    }
    let stats = |name: &str, values: &mut Vec<u64>| {
        values.sort_unstable();
        let at = |q: f64| values[((values.len() as f64 - 1.0) * q).round() as usize];
        println!(
            "{name:<28} median {:>7.2} ms   p99 {:>7.2} ms   max {:>7.2} ms",
            at(0.5) as f64 / 1000.0,
            at(0.99) as f64 / 1000.0,
            at(1.0) as f64 / 1000.0
        );
    };
    println!(
        "re-lint of a {} byte profile, {edits} edits ({} traced):",
        base.len(),
        server.len()
    );
    assert_eq!(server.len(), edits, "one traced lint per edit");
    stats("server: config lookup", &mut options);
    stats("server: lint", &mut lint);
    stats("server: lint + diagnostics", &mut server);
    stats("client round trip", &mut round_trips);
    if let (Some(early), Some(late)) = (rss_early, rss_late) {
        println!(
            "server memory: {early} KB after {} edits, {late} KB after {edits}",
            edits / 10
        );
    }
}
