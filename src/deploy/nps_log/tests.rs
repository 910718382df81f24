//! The log reader against the hand-written logs in `testdata/deploy/`.

use super::*;

fn fixture(name: &str) -> String {
    let path = format!("{}/testdata/deploy/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn sniff_knows_the_three_formats_and_nothing_else() {
    assert_eq!(
        detect(&fixture("nps-log-database.log")),
        LogFormat::Database
    );
    assert_eq!(
        detect(&fixture("nps-log-database-with-header.log")),
        LogFormat::Database
    );
    assert_eq!(detect(&fixture("nps-log-dts.log")), LogFormat::Dts);
    assert_eq!(detect(&fixture("nps-log-ias.log")), LogFormat::Ias);
    let wide_csv = format!("\"name\",\"value\",{}", "1,".repeat(40));
    for other in [
        "",
        "\n\n",
        "id,name,email\n1,alice,a@example.com\n",
        wide_csv.as_str(),
        "\"host\",\"IAS\",not-a-date,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23",
        "<VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>",
        "<Event><Message>no data types</Message></Event>",
        "$xml = @'\n<Event></Event>\n'@",
        "a,b,05/14/2026,d,IAS,f,g,h",
    ] {
        assert!(!looks_like(other), "{other:?}");
    }
    assert!(!looks_like(&fixture("nps-aovpn-peap-tls.xml")));
}

#[test]
fn database_log_reads_reject_and_accept() {
    let text = fixture("nps-log-database.log");
    let log = parse(&text);
    assert_eq!(log.format, LogFormat::Database);
    assert!(log.unreadable.is_empty(), "{:?}", log.unreadable);
    assert_eq!(log.header, None);
    assert_eq!(log.records.len(), 5);

    let request = &log.records[0];
    assert_eq!((request.line, request.packet_type), (1, Some(1)));
    assert_eq!(request.user_name.as_deref(), Some("alice@corp.example"));
    assert_eq!(request.nas_port_type, Some(5));
    assert_eq!(
        request.client_friendly_name.as_deref(),
        Some("VPN gateway 1")
    );
    assert_eq!(
        request.proxy_policy_name.as_deref(),
        Some("Use Windows authentication for all users")
    );

    let reject = &log.records[1];
    assert_eq!(reject.line, 2);
    assert_eq!(
        reject.packet_type.and_then(packet_type_name),
        Some("Access-Reject")
    );
    assert_eq!(reject.reason_code, Some(66));
    assert_eq!(reject.server.as_deref(), Some("NPS-LAB-01"));
    assert_eq!(
        (reject.date.as_deref(), reject.time.as_deref()),
        (Some("05/14/2026"), Some("08:01:12"))
    );
    assert_eq!(reject.fq_user_name.as_deref(), Some(r"CORP\alice"));
    assert_eq!(reject.nas_ip.as_deref(), Some("10.20.0.5"));
    assert_eq!(reject.client_ip.as_deref(), Some("10.20.0.5"));
    assert_eq!(reject.auth_type.and_then(auth_type_name), Some("PEAP"));
    assert_eq!(reject.policy_name.as_deref(), Some("Always On VPN Users"));
    assert_eq!(
        reject.eap_friendly_name.as_deref(),
        Some("Microsoft: Protected EAP (PEAP)")
    );
    assert!(reject
        .reason_code
        .and_then(reason)
        .is_some_and(|r| r.hint.is_some()));
    // The span is the whole line, without its CRLF.
    let line = &text[reject.span.start..reject.span.end];
    assert!(line.starts_with("\"NPS-LAB-01\",\"IAS\"") && !line.ends_with('\r'));

    let accept = &log.records[3];
    assert_eq!(
        (accept.packet_type, accept.reason_code, accept.eap_type),
        (Some(2), Some(0), Some(25))
    );
    assert_eq!(
        accept.fq_user_name.as_deref(),
        Some(r#"corp.example/Staff/Bob "Bobby" Example"#)
    );

    let short = &log.records[4];
    assert_eq!((short.packet_type, short.reason_code), (Some(4), Some(0)));
    assert_eq!(
        (
            short.eap_friendly_name.as_deref(),
            short.proxy_policy_name.as_deref()
        ),
        (None, None)
    );
}

#[test]
fn pasted_header_line_is_skipped() {
    let text = fixture("nps-log-database-with-header.log");
    let log = parse(&text);
    assert_eq!(log.format, LogFormat::Database);
    let header = log.header.expect("header recognised");
    assert!(text[header.start..header.end].starts_with("ComputerName,ServiceName,Record-Date"));
    assert_eq!(log.records.len(), 2);
    assert_eq!(log.records[0].line, 2);
    assert_eq!(log.records[1].reason_code, Some(66));
    assert!(log.unreadable.is_empty());
}

#[test]
fn dts_log_reads_elements_by_name() {
    let text = fixture("nps-log-dts.log");
    let log = parse(&text);
    assert_eq!(log.format, LogFormat::Dts);
    assert!(log.unreadable.is_empty(), "{:?}", log.unreadable);
    assert_eq!(log.records.len(), 3);
    let reject = &log.records[1];
    assert_eq!(reject.line, 2);
    assert_eq!(
        (reject.packet_type, reject.reason_code),
        (Some(3), Some(65))
    );
    assert_eq!(
        (reject.date.as_deref(), reject.time.as_deref()),
        (Some("05/14/2026"), Some("09:12:03.410"))
    );
    assert_eq!(reject.server.as_deref(), Some("NPS-LAB-01"));
    assert_eq!(reject.fq_user_name.as_deref(), Some(r"CORP\carol"));
    assert_eq!(reject.sam_account_name.as_deref(), Some(r"CORP\carol"));
    assert_eq!(
        reject.policy_name.as_deref(),
        Some("Connections to Microsoft Routing and Remote Access server")
    );
    assert_eq!(reject.auth_type, Some(5));
    assert_eq!(
        reject.eap_friendly_name.as_deref(),
        Some("Microsoft: Smart Card or other certificate")
    );
    let line = &text[reject.span.start..reject.span.end];
    assert!(line.starts_with("<Event>") && line.ends_with("</Event>"));
    let accept = &log.records[2];
    assert_eq!(
        accept.policy_name.as_deref(),
        Some("Always On VPN Users & admins")
    );
    assert_eq!(accept.eap_type, Some(25));
}

#[test]
fn dts_events_split_or_joined_and_broken_ones() {
    let text = "<Event><Timestamp data_type=\"4\">05/14/2026 01:00:00.000</Timestamp><Packet-Type data_type=\"0\">1</Packet-Type></Event><Event><Packet-Type data_type=\"0\">3</Packet-Type>\n<Reason-Code data_type=\"0\">48</Reason-Code></Event>\nnoise here\n<Event><Packet-Type data_type=\"0\">2</Packet-Type><Oops></Event>\n<Event><Packet-Type data_type=\"0\">2";
    let log = parse(text);
    assert_eq!(log.format, LogFormat::Dts);
    let packets: Vec<(usize, Option<u32>)> = log
        .records
        .iter()
        .map(|r| (r.line, r.packet_type))
        .collect();
    assert_eq!(packets, [(1, Some(1)), (1, Some(3))]);
    assert_eq!(log.records[1].reason_code, Some(48));
    let why: Vec<&str> = log.unreadable.iter().map(|(_, why)| why.as_str()).collect();
    assert_eq!(why.len(), 3, "{why:?}");
    assert!(why[0].contains("not a DTS"));
    assert!(why[1].contains("not well-formed"));
    assert!(why[2].contains("without its </Event>"));
}

#[test]
fn ias_log_reads_attribute_pairs() {
    let text = fixture("nps-log-ias.log");
    let log = parse(&text);
    assert_eq!(log.format, LogFormat::Ias);
    assert!(log.unreadable.is_empty(), "{:?}", log.unreadable);
    assert_eq!(log.records.len(), 3);
    let reject = &log.records[1];
    assert_eq!(
        (reject.packet_type, reject.reason_code),
        (Some(3), Some(66))
    );
    assert_eq!(reject.user_name.as_deref(), Some("erin@corp.example"));
    assert_eq!(reject.fq_user_name.as_deref(), Some(r"CORP\erin"));
    assert_eq!(reject.nas_ip.as_deref(), Some("10.20.0.5"));
    assert_eq!(reject.client_ip.as_deref(), Some("10.20.0.5"));
    assert_eq!(
        reject.client_friendly_name.as_deref(),
        Some("VPN gateway 1")
    );
    assert_eq!(reject.nas_port_type, Some(5));
    assert_eq!(
        reject.auth_type.and_then(auth_type_name),
        Some("MS-CHAP v2")
    );
    assert_eq!(reject.policy_name.as_deref(), Some("Always On VPN Users"));
    assert_eq!(
        reject.proxy_policy_name.as_deref(),
        Some("Use Windows authentication for all users")
    );
    assert_eq!(reject.server.as_deref(), Some("NPS-LAB-01"));
    assert_eq!(
        log.records[2].eap_friendly_name.as_deref(),
        Some("Microsoft: Protected EAP (PEAP)")
    );
}

#[test]
fn lines_that_do_not_fit_are_unreadable_not_guessed() {
    let good = fixture("nps-log-database.log");
    let first = good.lines().next().unwrap_or_default();
    let text =
        format!("{first}\n\"NPS-LAB-01\",\"IAS\",05/14/2026,1,2\n\"open quote,IAS\n{first}\n");
    let log = parse(&text);
    assert_eq!(log.records.len(), 2);
    assert_eq!(log.records[1].line, 4);
    assert_eq!(log.unreadable.len(), 2);
    assert!(log.unreadable[0].1.contains("5 fields"));
    let unknown = parse("id,name\n1,x\n");
    assert_eq!(unknown.format, LogFormat::Unknown);
    assert!(unknown.records.is_empty() && unknown.unreadable.len() == 1);
}

#[test]
fn ten_megabytes_read_in_linear_time() {
    let text = fixture("nps-log-database.log");
    let mut big = String::with_capacity(11 << 20);
    while big.len() < 10 << 20 {
        big.push_str(&text);
    }
    let dts = fixture("nps-log-dts.log");
    let mut big_dts = String::with_capacity(11 << 20);
    while big_dts.len() < 10 << 20 {
        big_dts.push_str(&dts);
    }
    let started = std::time::Instant::now();
    let log = parse(&big);
    let database = started.elapsed();
    let started = std::time::Instant::now();
    let dts_log = parse(&big_dts);
    let xml = started.elapsed();
    eprintln!(
        "10 MB: database {database:?} ({} records), DTS {xml:?} ({} records)",
        log.records.len(),
        dts_log.records.len()
    );
    assert!(log.unreadable.is_empty() && dts_log.unreadable.is_empty());
    assert_eq!(log.records.last().map(|r| r.line), Some(log.records.len()));
    // Generous for an unoptimised build on a shared machine.
    assert!(database.as_secs() < 20 && xml.as_secs() < 20);
}
