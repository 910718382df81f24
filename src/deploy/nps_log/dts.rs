//! The DTS-compliant format: one `<Event>...</Event>` fragment per record with no root element;
//! child elements appear only when the attribute was present and in no fixed order, each with
//! a `data_type` (0 integer, 1 string, 3 address, 4 timestamp). Element names are NPS's own,
//! misspelling included (`Fully-Qualifed-User-Name`).

use super::lines;
use super::{non_empty, number, LogRecord, NpsLog};
use crate::span::Span;

const OPEN: &str = "<Event>";
const CLOSE: &str = "</Event>";
/// An event longer than this is not one NPS wrote (real ones are a few KiB).
const MAX_EVENT: usize = 256 * 1024;

/// A first line of this format.
pub fn looks_like(line: &str) -> bool {
    line.starts_with(OPEN) && line.contains(" data_type=")
}

/// Reads every event of `text` into `log`. Events are found by their tags, so one split over
/// lines or two on one line still read; text between events is unreadable.
pub fn read(text: &str, log: &mut NpsLog) {
    let mut at = 0;
    let mut counted = (1, 0);
    while at < text.len() {
        let Some(open) =
            memchr::memmem::find(&text.as_bytes()[at..], OPEN.as_bytes()).map(|i| at + i)
        else {
            report_gap(text, at, text.len(), log);
            break;
        };
        report_gap(text, at, open, log);
        let window_end = text.len().min(open.saturating_add(MAX_EVENT));
        let close = memchr::memmem::find(&text.as_bytes()[open..window_end], CLOSE.as_bytes())
            .map(|i| open + i + CLOSE.len());
        counted = lines::advance(text, counted, open);
        let Some(close) = close else {
            let end = line_end(text, open);
            log.unreadable.push((
                Span::new(open, end),
                "an <Event> without its </Event>".to_string(),
            ));
            at = end;
            continue;
        };
        let span = Span::new(open, close);
        match event(&text[open..close]) {
            Ok(mut record) => {
                record.span = span;
                record.line = counted.0;
                log.records.push(record);
            }
            Err(why) => log.unreadable.push((span, why)),
        }
        at = close;
    }
}

fn line_end(text: &str, from: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[from..]).map_or(text.len(), |i| from + i)
}

/// Non-blank text between events, one entry per line.
fn report_gap(text: &str, from: usize, to: usize, log: &mut NpsLog) {
    let gap = &text[from..to];
    if gap.trim().is_empty() {
        return;
    }
    for line in lines::lines(gap) {
        let content = line.text.trim();
        if !content.is_empty() {
            let start = from + line.span.start;
            log.unreadable.push((
                Span::new(start, from + line.span.end),
                "not a DTS <Event> record".to_string(),
            ));
        }
    }
}

fn event(xml: &str) -> Result<LogRecord, String> {
    let document = roxmltree::Document::parse_with_options(xml, crate::limits::parsing_options())
        .map_err(|error| format!("the <Event> is not well-formed XML: {error}"))?;
    let mut record = LogRecord::default();
    for element in document
        .root_element()
        .children()
        .filter(|node| node.is_element())
    {
        let value = element.text().unwrap_or("");
        let text = non_empty(value);
        match element.tag_name().name() {
            "Computer-Name" => record.server = text,
            "Timestamp" => {
                let (date, time) = match value.trim().split_once(char::is_whitespace) {
                    Some((date, time)) => (non_empty(date), non_empty(time)),
                    None => (text, None),
                };
                record.date = date;
                record.time = time;
            }
            "Packet-Type" => record.packet_type = number(value),
            "User-Name" => record.user_name = text,
            "SAM-Account-Name" => record.sam_account_name = text,
            "Fully-Qualifed-User-Name" | "Fully-Qualified-User-Name" => record.fq_user_name = text,
            "NAS-IP-Address" => record.nas_ip = text,
            "Client-IP-Address" => record.client_ip = text,
            "Client-Friendly-Name" => record.client_friendly_name = text,
            "NAS-Port-Type" => record.nas_port_type = number(value),
            "Authentication-Type" => record.auth_type = number(value),
            "NP-Policy-Name" | "Policy-Name" => record.policy_name = text,
            "Proxy-Policy-Name" => record.proxy_policy_name = text,
            "Reason-Code" => record.reason_code = number(value),
            "EAP-Friendly-Name" => record.eap_friendly_name = text,
            "MS-Acct-EAP-Type" => record.eap_type = number(value),
            _ => {}
        }
    }
    Ok(record)
}
