//! Text-file logging settings (`RequestHandlers/Microsoft Accounting`): whether NPS logs
//! authentication requests at all decides whether a rejected VPN connection can be explained
//! from its log (`research/server-side.md` §1.12).

use roxmltree::Node;

use super::values::{self, parse_bool, parse_code};
use super::{tree, Accounting};
use crate::span::Span;

pub fn read(
    text: &str,
    service: Node<'_, '_>,
    notes: &mut Vec<(Span, String)>,
) -> Option<Accounting> {
    let object = tree::child_object(service, "RequestHandlers")
        .and_then(|handlers| tree::child_object(handlers, "Microsoft Accounting"))?;
    let properties = tree::properties(object);
    let mut flag = |name: &str| {
        let value = values::first(text, properties, name)?;
        let parsed = parse_bool(&value.text);
        if parsed.is_none() {
            notes.push((
                value.span,
                format!("{name} \"{}\" is not 0 or 1; ignored", value.text),
            ));
        }
        parsed
    };
    let log_authentication_packets = flag("Log_Authentication_Packets");
    let log_accounting_packets = flag("Log_Accounting_Packets");
    let log_interim_authentication_packets = flag("Log_Interim_Authentication_Packets");
    let discard_on_failure = flag("Discard_On_Failure");
    let mut code = |name: &str| {
        let value = values::first(text, properties, name)?;
        let parsed = parse_code(&value.text);
        if parsed.is_none() {
            notes.push((
                value.span,
                format!("{name} \"{}\" is not a number; ignored", value.text),
            ));
        }
        parsed
    };
    let log_format = code("Log_Format");
    let new_log_frequency = code("New_Log_Frequency");
    Some(Accounting {
        span: Span::from(object.range()).start_tag(text),
        log_format,
        log_authentication_packets,
        log_accounting_packets,
        log_interim_authentication_packets,
        log_file_directory: values::first(text, properties, "Log_File_Directory")
            .map(|value| value.text)
            .filter(|directory| !directory.is_empty()),
        new_log_frequency,
        discard_on_failure,
    })
}
