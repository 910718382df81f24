use super::*;
use std::path::PathBuf;

fn bytes_of(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/deploy/certs")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn read_file(name: &str) -> Vec<Certificate> {
    read(&bytes_of(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// `(file, index, thumbprint)` as `openssl x509 -fingerprint -sha1` printed them when
/// make-certs.sh made the files.
fn recorded_thumbprints() -> Vec<(String, usize, String)> {
    String::from_utf8(bytes_of("thumbprints.txt"))
        .expect("UTF-8")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(fields.len(), 3, "{line}");
            (
                fields[0].to_owned(),
                fields[1].parse().expect("index"),
                fields[2].to_owned(),
            )
        })
        .collect()
}

fn thumbprint_of(file: &str) -> String {
    recorded_thumbprints()
        .into_iter()
        .find(|(name, index, _)| name == file && *index == 0)
        .map(|(_, _, thumbprint)| thumbprint)
        .expect("recorded")
}

#[test]
fn thumbprints_are_the_ones_openssl_computed() {
    let recorded = recorded_thumbprints();
    assert!(recorded.len() >= 11, "{recorded:?}");
    for (file, index, thumbprint) in recorded {
        let certificates = read_file(&file);
        let certificate = certificates
            .get(index)
            .unwrap_or_else(|| panic!("{file} has no certificate {index}"));
        assert_eq!(certificate.index, index);
        assert_eq!(certificate.thumbprint_sha1, thumbprint, "{file} #{index}");
    }
}

#[test]
fn root_ca_in_der() {
    let bytes = bytes_of("root-ca.cer");
    assert!(looks_like(&bytes));
    let certificates = read(&bytes).expect("reads");
    let [root] = certificates.as_slice() else {
        panic!("{certificates:?}");
    };
    assert_eq!(root.subject, "CN=Example Root CA, O=Example Corp, C=US");
    assert_eq!(root.subject_cn.as_deref(), Some("Example Root CA"));
    assert_eq!(root.issuer, root.subject);
    assert!(root.is_ca && root.self_issued);
    assert!(!root.has_eku_extension && root.ekus.is_empty());
    assert!(root.allows_eku(SERVER_AUTH));
    // 2025-01-01T00:00:00Z and 2045-01-01T00:00:00Z, as make-certs.sh set them.
    assert_eq!(
        (root.not_before, root.not_after),
        (1_735_689_600, 2_366_841_600)
    );
    assert!(root.subject_key_id.is_some());
    assert_eq!(root.authority_key_id, None);
}

#[test]
fn issuing_ca_in_pem() {
    let certificates = read_file("issuing-ca.crt");
    let issuing = &certificates[0];
    assert_eq!(issuing.subject_cn.as_deref(), Some("Example Issuing CA 1"));
    assert_eq!(issuing.issuer, "CN=Example Root CA, O=Example Corp, C=US");
    assert!(issuing.is_ca && !issuing.self_issued);
}

#[test]
fn vpn_server_certificate() {
    let certificates = read_file("vpn-server.pem");
    let vpn = &certificates[0];
    assert_eq!(vpn.subject, "CN=vpn.example.com, O=Example Corp");
    assert_eq!(vpn.dns_names, ["vpn.example.com"]);
    assert_eq!(vpn.ip_addresses, ["192.0.2.10"]);
    assert_eq!(vpn.ekus, [SERVER_AUTH, IKE_INTERMEDIATE]);
    assert!(vpn.has_eku_extension && vpn.allows_eku(SERVER_AUTH));
    assert!(!vpn.allows_eku(CLIENT_AUTH));
    assert!(!vpn.is_ca && !vpn.self_issued);
    assert!(vpn
        .dns_names
        .iter()
        .any(|n| name_matches(n, "VPN.example.com")));
}

#[test]
fn nps_server_certificate() {
    let nps = &read_file("nps-server.pem")[0];
    assert_eq!(nps.dns_names, ["nps.corp.example"]);
    assert_eq!(nps.ekus, [SERVER_AUTH]);
}

#[test]
fn vpn_certificate_without_server_authentication() {
    let certificate = &read_file("vpn-server-client-auth-only.pem")[0];
    assert_eq!(certificate.ekus, [CLIENT_AUTH]);
    assert!(!certificate.allows_eku(SERVER_AUTH));
}

#[test]
fn wildcard_certificate() {
    let wildcard = &read_file("wildcard.pem")[0];
    assert_eq!(wildcard.dns_names, ["*.example.com"]);
    assert!(name_matches(&wildcard.dns_names[0], "vpn.example.com"));
    assert!(!name_matches(&wildcard.dns_names[0], "vpn.eu.example.com"));
}

#[test]
fn pem_bundle_and_p7b_chains() {
    let bundle = read_file("ca-bundle.pem");
    assert_eq!(bundle.len(), 2);
    assert_eq!(bundle.iter().map(|c| c.index).collect::<Vec<_>>(), [0, 1]);
    for name in ["vpn-chain.p7b", "vpn-chain-pem.p7b"] {
        let bytes = bytes_of(name);
        assert!(looks_like(&bytes), "{name}");
        let pool = read(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(pool.len(), 3, "{name}");
        let leaf = &pool[0];
        assert_eq!(leaf.subject_cn.as_deref(), Some("vpn.example.com"));
        let built: Vec<&str> = chain(leaf, &pool)
            .iter()
            .map(|c| c.thumbprint_sha1.as_str())
            .collect();
        assert_eq!(
            built,
            [
                thumbprint_of("vpn-server.pem"),
                thumbprint_of("issuing-ca.crt"),
                thumbprint_of("root-ca.cer"),
            ],
            "{name}"
        );
    }
    // The bundle of CAs completes a chain for a server certificate read from another file.
    let mut pool = bundle;
    let leaf = read_file("nps-server.pem").remove(0);
    pool.push(leaf.clone());
    let root = chain(&leaf, &pool)
        .last()
        .map(|c| c.thumbprint_sha1.clone());
    assert_eq!(root, Some(thumbprint_of("root-ca.cer")));
}

#[test]
fn issuer_by_name_when_key_ids_are_missing() {
    let mut pool = read_file("ca-bundle.pem");
    let mut leaf = read_file("vpn-server.pem").remove(0);
    leaf.authority_key_id = None;
    pool.iter_mut().for_each(|c| c.subject_key_id = None);
    assert_eq!(
        issuer_of(&leaf, &pool).map(|c| c.subject_cn.clone()),
        Some(Some("Example Issuing CA 1".to_owned()))
    );
    // A loop (two certificates naming each other) stops.
    let mut a = leaf.clone();
    let mut b = leaf.clone();
    a.issuer = "CN=b".into();
    a.subject = "CN=a".into();
    a.thumbprint_sha1 = "A".into();
    b.issuer = "CN=a".into();
    b.subject = "CN=b".into();
    b.thumbprint_sha1 = "B".into();
    let looped = [a, b];
    assert_eq!(chain(&looped[0], &looped).len(), 2);
}

#[test]
fn malformed_files_are_clear_errors() {
    let truncated = bytes_of("truncated.cer");
    assert!(!looks_like(&truncated));
    let error = read(&truncated).expect_err("truncated");
    assert!(
        error
            .to_string()
            .starts_with("not a certificate or a PKCS#7 bundle"),
        "{error}"
    );

    let broken_pem =
        "# exported\n-----BEGIN CERTIFICATE-----\nMIIB!!!!\n-----END CERTIFICATE-----\n";
    let error = read(broken_pem.as_bytes()).expect_err("bad base64");
    assert!(matches!(error, CertError::Pem { line: 2, .. }), "{error}");
    assert!(error.to_string().starts_with("line 2:"), "{error}");

    let unterminated = "-----BEGIN CERTIFICATE-----\nMIIB\n";
    assert!(matches!(
        read(unterminated.as_bytes()),
        Err(CertError::Pem { line: 1, .. })
    ));

    let key_only = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    assert!(!looks_like(key_only.as_bytes()));
    assert_eq!(read(key_only.as_bytes()), Err(CertError::NoCertificate));

    assert!(!looks_like(b""));
    assert!(read(b"").is_err());
    assert!(!looks_like(b"<VPNProfile/>"));
}

#[test]
fn pem_with_crlf_bom_and_text_around() {
    let pem = String::from_utf8(bytes_of("vpn-server.pem")).expect("UTF-8");
    let windows = format!(
        "\u{feff}Subject: CN=vpn.example.com\r\n{}",
        pem.replace('\n', "\r\n")
    );
    assert!(looks_like(windows.as_bytes()));
    let read_back = read(windows.as_bytes()).expect("reads");
    assert_eq!(
        read_back[0].thumbprint_sha1,
        thumbprint_of("vpn-server.pem")
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Certificate files with bytes changed, cut or inserted: an answer, never a panic.
    #[test]
    fn never_panics_on_damaged_files(
        which in 0usize..5,
        edits in proptest::collection::vec((0usize..4000, proptest::num::u8::ANY, 0usize..3), 1..6),
    ) {
        let names = ["root-ca.cer", "vpn-chain.p7b", "ca-bundle.pem", "vpn-chain-pem.p7b", "wildcard.pem"];
        let mut bytes = bytes_of(names[which]);
        for (at, byte, kind) in edits {
            let at = at % (bytes.len() + 1);
            match kind {
                0 if at < bytes.len() => bytes[at] = byte,
                1 => bytes.truncate(at),
                _ => bytes.insert(at, byte),
            }
        }
        let _ = looks_like(&bytes);
        let _ = read(&bytes);
    }
}
