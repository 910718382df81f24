//! `profile-lint explain --nps-log FILE`: each rejected or discarded request of an NPS log in
//! plain words — who, when, which policies, why — with, when the NPS export is given, what
//! the named policy allows, and when profiles are given, the findings that predict it.

use crate::deploy::nps_log::{auth_type_name, packet_type_name, reason, LogRecord, NpsLog};
use crate::deploy::ServerFile;
use crate::lint::FileReport;
use std::fmt::Write;
use std::sync::Arc;

/// Why a record is worth explaining: an Access-Reject, or a request NPS logged with a reason.
fn is_failure(record: &LogRecord) -> bool {
    record.packet_type == Some(3) || record.reason_code.is_some_and(|code| code != 0)
}

/// The rules whose findings predict NPS reason `code` (their `predicts` list says
/// `NPS reason <code>`).
fn rules_for(code: u32) -> Vec<&'static crate::meta::RuleMeta> {
    let wanted = format!("NPS reason {code}");
    crate::rules::all_rules()
        .iter()
        .map(|r| r.meta())
        .filter(|m| m.predicts.iter().any(|p| *p == wanted))
        .collect()
}

/// The text for one log file. `servers` are the other server files given (an NPS export
/// shows what the named policy allows); `profiles` are the reports of profiles linted against
/// them.
pub fn explain(
    log_file: &ServerFile,
    log: &NpsLog,
    servers: &[Arc<ServerFile>],
    profiles: &[FileReport],
) -> String {
    let mut out = String::new();
    let path = crate::output::display_path(&log_file.path);
    let failures: Vec<&LogRecord> = log.records.iter().filter(|r| is_failure(r)).collect();
    let _ = writeln!(
        out,
        "{path}: {} record(s) in the {} format, {} rejected or discarded",
        log.records.len(),
        match log.format {
            crate::deploy::nps_log::LogFormat::Dts => "DTS (XML)",
            crate::deploy::nps_log::LogFormat::Database => "database-compatible",
            crate::deploy::nps_log::LogFormat::Ias => "IAS",
            crate::deploy::nps_log::LogFormat::Unknown => "unrecognised",
        },
        failures.len()
    );
    if !log.unreadable.is_empty() {
        let _ = writeln!(
            out,
            "  ({} line(s) could not be read as NPS log records)",
            log.unreadable.len()
        );
    }
    for record in failures {
        out.push('\n');
        explain_record(&mut out, record, servers, profiles);
    }
    out
}

fn explain_record(
    out: &mut String,
    record: &LogRecord,
    servers: &[Arc<ServerFile>],
    profiles: &[FileReport],
) {
    let packet = record
        .packet_type
        .map(|p| packet_type_name(p).map_or_else(|| format!("packet type {p}"), str::to_owned))
        .unwrap_or_else(|| "request".to_owned());
    let user = record
        .fq_user_name
        .as_deref()
        .or(record.user_name.as_deref())
        .or(record.sam_account_name.as_deref())
        .unwrap_or("(no user name)");
    let when = [record.date.as_deref(), record.time.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let _ = writeln!(
        out,
        "line {}: {packet} for {} at {}{}",
        record.line,
        clean(user),
        if when.is_empty() { "(no time)" } else { &when },
        record
            .server
            .as_deref()
            .map(|s| format!(" on {}", clean(s)))
            .unwrap_or_default()
    );
    if let Some(code) = record.reason_code {
        match reason(code) {
            Some(r) => {
                let _ = writeln!(out, "  reason {code}: {}", r.meaning);
                if let Some(hint) = r.hint {
                    let _ = writeln!(out, "  in an Always On VPN deployment: {hint}");
                }
            }
            None => {
                let _ = writeln!(
                    out,
                    "  reason {code}: not a reason code Microsoft documents"
                );
            }
        }
    }
    let policy = record.policy_name.as_deref().filter(|p| !p.is_empty());
    let crp = record
        .proxy_policy_name
        .as_deref()
        .filter(|p| !p.is_empty());
    let _ = writeln!(
        out,
        "  network policy: {}; connection request policy: {}",
        policy.map_or("(none matched)".to_owned(), |p| format!("`{}`", clean(p))),
        crp.map_or("(none)".to_owned(), |p| format!("`{}`", clean(p)))
    );
    let mut used = Vec::new();
    if let Some(auth) = record.auth_type {
        used.push(
            auth_type_name(auth)
                .map_or_else(|| format!("authentication type {auth}"), str::to_owned),
        );
    }
    if let Some(eap) = record
        .eap_friendly_name
        .as_deref()
        .filter(|e| !e.is_empty())
    {
        used.push(clean(eap));
    }
    if !used.is_empty() {
        let _ = writeln!(out, "  the client used: {}", used.join(", "));
    }
    if record.nas_port_type == Some(5) {
        let _ = writeln!(out, "  NAS-Port-Type 5: a VPN request (from RRAS)");
    }
    // What the named policy allows, from the export.
    if let Some(name) = policy {
        for server in servers {
            let Some(config) = server.nps() else { continue };
            let Some(found) = config.network_policies.iter().find(|p| p.name == name) else {
                continue;
            };
            let Some(settings) = &found.settings else {
                continue;
            };
            let auth: Vec<String> = settings
                .auth_types
                .iter()
                .map(|t| auth_type_name(t.code).map_or_else(|| t.code.to_string(), str::to_owned))
                .collect();
            let eap: Vec<String> = settings
                .eap_types
                .iter()
                .map(|t| {
                    let inner = settings
                        .eap_config(t.code)
                        .filter(|c| !c.inner_methods.is_empty())
                        .map(|c| {
                            let names: Vec<&str> = c
                                .inner_methods
                                .iter()
                                .map(|&m| crate::model::method_name(m))
                                .collect();
                            format!(" (inner {})", names.join(", "))
                        })
                        .unwrap_or_default();
                    format!("{}{inner}", crate::model::method_name(t.code))
                })
                .collect();
            let _ = writeln!(
                out,
                "  policy `{}` in {} allows: {}{}{}",
                clean(name),
                crate::output::display_path(&server.path),
                if settings.allow_access == Some(false) {
                    "nothing (Deny access); "
                } else {
                    ""
                },
                if auth.is_empty() {
                    "(no authentication methods listed)".to_owned()
                } else {
                    auth.join(", ")
                },
                if eap.is_empty() {
                    String::new()
                } else {
                    format!("; EAP types {}", eap.join(", "))
                }
            );
        }
    }
    let Some(code) = record.reason_code else {
        return;
    };
    let rules = rules_for(code);
    if rules.is_empty() {
        return;
    }
    let names: Vec<String> = rules
        .iter()
        .map(|m| format!("{} {}", m.code, m.name))
        .collect();
    let _ = writeln!(out, "  rules that predict it: {}", names.join(", "));
    for report in profiles {
        for d in report
            .diagnostics
            .iter()
            .filter(|d| rules.iter().any(|m| m.code == d.rule.code()))
        {
            let _ = writeln!(
                out,
                "  → {}:{}:{}: {} {}",
                crate::output::display_path(&report.path),
                d.start.line,
                d.start.column,
                d.rule.code(),
                clean(&d.message)
            );
        }
    }
}

/// Log text shown in a terminal: control characters and CI-log commands escaped.
fn clean(text: &str) -> String {
    crate::output::sanitize::line(text).into_owned()
}

/// Reads the files of `explain --nps-log` and explains the log: `Err` names a file that
/// cannot be read or is not what its option says.
pub fn run(
    log_path: &std::path::Path,
    server_paths: &[std::path::PathBuf],
    profile_paths: &[std::path::PathBuf],
    max_file_size: u64,
) -> Result<String, String> {
    let read = |path: &std::path::Path| -> Result<Vec<u8>, String> {
        let name = crate::inputs::display(path);
        match crate::inputs::read_input(path, max_file_size) {
            Ok(crate::inputs::ReadInput::Bytes(bytes)) => Ok(bytes),
            Ok(crate::inputs::ReadInput::TooLarge(size)) => Err(format!(
                "{name}: {size} bytes is over the size limit of {max_file_size} bytes"
            )),
            Err(e) => Err(format!("{name}: {e}")),
        }
    };
    let log_name = crate::inputs::display(log_path);
    let log_file = match ServerFile::read(&log_name, &read(log_path)?) {
        Some(Ok(file)) if file.kind() == crate::deploy::ServerKind::NpsLog => file,
        _ => {
            return Err(format!(
                "{log_name} is not an NPS log (database-compatible, IAS or DTS format)"
            ))
        }
    };
    let mut site = crate::deploy::Site::default();
    let mut servers = Vec::new();
    for path in server_paths {
        let name = crate::inputs::display(path);
        match ServerFile::read(&name, &read(path)?) {
            Some(Ok(file)) => {
                if file.holds_secrets() {
                    eprintln!("note: {} holds RADIUS shared secrets in clear text; profile-lint never prints them", crate::output::display_path(&name));
                }
                let file = Arc::new(file);
                servers.push(Arc::clone(&file));
                site.add_shared_server(crate::deploy::Applies::All, file);
            }
            Some(Err(e)) => {
                return Err(format!(
                    "{name}: cannot read {}: {}",
                    e.kind.describe(),
                    e.message
                ))
            }
            None => {
                return Err(format!(
                    "{name} is not an NPS export, an RRAS settings dump or a certificate"
                ))
            }
        }
    }
    let options = crate::lint::LintOptions {
        site: Some(Arc::new(site)),
        ..crate::lint::LintOptions::default()
    };
    let mut profiles = Vec::new();
    for path in profile_paths {
        let name = crate::inputs::display(path);
        profiles.push(crate::lint::lint_bytes(&name, &read(path)?, &options));
    }
    let crate::deploy::server::ServerContent::NpsLog(log) = &log_file.content else {
        return Err(format!("{log_name} is not an NPS log"));
    };
    Ok(explain(&log_file, log, &servers, &profiles))
}
