use super::*;

fn plain() -> FormatOptions {
    FormatOptions {
        windows_forms: false,
        ..FormatOptions::default()
    }
}

fn compact() -> FormatOptions {
    FormatOptions {
        compact: true,
        windows_forms: false,
        ..FormatOptions::default()
    }
}

fn format_ok(xml: &str, options: &FormatOptions) -> String {
    let formatted = format_profile(xml, options).expect("formats");
    let again = format_profile(&formatted, options).expect("formats its own output");
    assert_eq!(again, formatted, "formatting is not idempotent");
    formatted
}

#[test]
fn reorders_vpn_profile_native_profile_and_cryptography_suite() {
    let xml = "<VPNProfile><RegisterDNS>true</RegisterDNS><NativeProfile><CryptographySuite><DHGroup>Group14</DHGroup><PfsGroup>ECP256</PfsGroup></CryptographySuite><Authentication><MachineMethod>Certificate</MachineMethod></Authentication><Servers>a.example</Servers></NativeProfile><AlwaysOn>true</AlwaysOn></VPNProfile>";
    let expected = "\
<VPNProfile>
  <AlwaysOn>true</AlwaysOn>
  <NativeProfile>
    <Servers>a.example</Servers>
    <Authentication>
      <MachineMethod>Certificate</MachineMethod>
    </Authentication>
    <CryptographySuite>
      <PfsGroup>ECP256</PfsGroup>
      <DHGroup>Group14</DHGroup>
    </CryptographySuite>
  </NativeProfile>
  <RegisterDNS>true</RegisterDNS>
</VPNProfile>
";
    assert_eq!(format_ok(xml, &plain()), expected);
}

#[test]
fn unranked_elements_keep_their_places() {
    let xml = "<VPNProfile><ProfileName>p</ProfileName><RegisterDNS>true</RegisterDNS><LockDown>false</LockDown><AlwaysOn>true</AlwaysOn><EdpModeId>x</EdpModeId></VPNProfile>";
    let expected = "\
<VPNProfile>
  <ProfileName>p</ProfileName>
  <AlwaysOn>true</AlwaysOn>
  <LockDown>false</LockDown>
  <RegisterDNS>true</RegisterDNS>
  <EdpModeId>x</EdpModeId>
</VPNProfile>
";
    assert_eq!(format_ok(xml, &plain()), expected);
    // Two of one unranked name never swap (the first is the one Windows reads).
    let xml = "<VPNProfile><AlwaysOn>true</AlwaysOn><LockDown>true</LockDown><RememberCredentials>true</RememberCredentials><LockDown>false</LockDown></VPNProfile>";
    assert_eq!(
        format_ok(xml, &compact()),
        "<VPNProfile><RememberCredentials>true</RememberCredentials><LockDown>true</LockDown><AlwaysOn>true</AlwaysOn><LockDown>false</LockDown></VPNProfile>"
    );
}

#[test]
fn elements_of_one_rank_keep_their_order() {
    let xml = "<VPNProfile><Route><Address>2</Address></Route><PluginProfile/><Route><Address>1</Address></Route><NativeProfile/><AlwaysOn>true</AlwaysOn><AlwaysOn>false</AlwaysOn></VPNProfile>";
    let out = format_ok(xml, &compact());
    assert_eq!(
        out,
        "<VPNProfile><AlwaysOn>true</AlwaysOn><AlwaysOn>false</AlwaysOn><PluginProfile/><NativeProfile/><Route><Address>2</Address></Route><Route><Address>1</Address></Route></VPNProfile>"
    );
}

#[test]
fn comments_travel_with_the_element_after_them() {
    let xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- top -->\n<VPNProfile>\n<!-- about DNS -->\n<RegisterDNS>true</RegisterDNS>\n    <!-- about AlwaysOn --><AlwaysOn>true</AlwaysOn>\n<!-- the end -->\n</VPNProfile>\n<!-- after -->\n";
    let expected = "\
<?xml version=\"1.0\" encoding=\"utf-8\"?>
<!-- top -->
<VPNProfile>
  <!-- about AlwaysOn -->
  <AlwaysOn>true</AlwaysOn>
  <!-- about DNS -->
  <RegisterDNS>true</RegisterDNS>
  <!-- the end -->
</VPNProfile>
<!-- after -->
";
    assert_eq!(format_ok(xml, &plain()), expected);
    assert_eq!(
        format_ok(xml, &compact()),
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><!-- top --><VPNProfile><!-- about AlwaysOn --><AlwaysOn>true</AlwaysOn><!-- about DNS --><RegisterDNS>true</RegisterDNS><!-- the end --></VPNProfile><!-- after -->"
    );
}

#[test]
fn tags_and_text_are_copied_as_written() {
    let xml = "<VPNProfile  a = 'x' >\n<TrustedNetworkDetection> corp.example ,&amp;x&#65; </TrustedNetworkDetection><Servers><![CDATA[a<b]]></Servers><X\n   y=\"1\"/></VPNProfile >";
    let expected = "\
<VPNProfile  a = 'x' >
    <TrustedNetworkDetection> corp.example ,&amp;x&#65; </TrustedNetworkDetection>
    <Servers><![CDATA[a<b]]></Servers>
    <X
   y=\"1\"/>
</VPNProfile >
";
    let options = FormatOptions {
        indent: 4,
        ..plain()
    };
    assert_eq!(format_ok(xml, &options), expected);
}

#[test]
fn the_eap_configuration_is_reindented_not_reordered() {
    let xml = r#"<VPNProfile><NativeProfile><Authentication><UserMethod>Eap</UserMethod><Eap><Configuration>
<EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><Config xmlns="http://www.microsoft.com/provisioning/EapHostConfig"><baseEap:Eap xmlns:baseEap="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1"><baseEap:Type>25</baseEap:Type><AuthorId>0</AuthorId></baseEap:Eap></Config><EapMethod><Type>25</Type></EapMethod></EapHostConfig>
</Configuration></Eap></Authentication></NativeProfile></VPNProfile>"#;
    let expected = r#"<VPNProfile>
 <NativeProfile>
  <Authentication>
   <UserMethod>Eap</UserMethod>
   <Eap>
    <Configuration>
     <EapHostConfig xmlns="http://www.microsoft.com/provisioning/EapHostConfig">
      <Config xmlns="http://www.microsoft.com/provisioning/EapHostConfig">
       <baseEap:Eap xmlns:baseEap="http://www.microsoft.com/provisioning/BaseEapConnectionPropertiesV1">
        <baseEap:Type>25</baseEap:Type>
        <AuthorId>0</AuthorId>
       </baseEap:Eap>
      </Config>
      <EapMethod>
       <Type>25</Type>
      </EapMethod>
     </EapHostConfig>
    </Configuration>
   </Eap>
  </Authentication>
 </NativeProfile>
</VPNProfile>
"#;
    let options = FormatOptions {
        indent: 1,
        ..plain()
    };
    assert_eq!(format_ok(xml, &options), expected);
}

#[test]
fn mixed_content_and_preserved_space_are_copied_verbatim() {
    let xml = "<VPNProfile><NativeProfile><Authentication><Eap><Configuration>\n  text <B/>\n</Configuration></Eap></Authentication></NativeProfile><Proxy xml:space=\"preserve\">\n <Manual/>\n</Proxy></VPNProfile>";
    let out = format_ok(xml, &compact());
    assert!(
        out.contains("<Configuration>\n  text <B/>\n</Configuration>"),
        "{out}"
    );
    assert!(
        out.contains("<Proxy xml:space=\"preserve\">\n <Manual/>\n</Proxy>"),
        "{out}"
    );
    // A value made only of whitespace (or comments) is a value: kept.
    let xml =
        "<VPNProfile><DnsSuffix>  </DnsSuffix><Servers>\n<!-- none -->\n</Servers></VPNProfile>";
    assert_eq!(
        format_ok(xml, &compact()),
        "<VPNProfile><DnsSuffix>  </DnsSuffix><Servers>\n<!-- none -->\n</Servers></VPNProfile>"
    );
}

#[test]
fn line_endings_follow_the_input() {
    let xml = "<VPNProfile>\r\n<AlwaysOn>true</AlwaysOn>\r\n</VPNProfile>\r\n";
    assert_eq!(
        format_ok(xml, &plain()),
        "<VPNProfile>\r\n  <AlwaysOn>true</AlwaysOn>\r\n</VPNProfile>\r\n"
    );
    // Mixed line breaks: `\n`, and the breaks inside copied text stay as they are.
    let xml = "<VPNProfile>\r\n<!-- a\r\nb -->\n<AlwaysOn>true</AlwaysOn></VPNProfile>";
    assert_eq!(
        format_ok(xml, &plain()),
        "<VPNProfile>\n  <!-- a\r\nb -->\n  <AlwaysOn>true</AlwaysOn>\n</VPNProfile>\n"
    );
}

#[test]
fn a_byte_order_mark_is_kept() {
    let xml = "\u{feff}<?xml version=\"1.0\"?><VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>";
    assert_eq!(
        format_ok(xml, &compact()),
        "\u{feff}<?xml version=\"1.0\"?><VPNProfile><AlwaysOn>true</AlwaysOn></VPNProfile>"
    );
}

#[test]
fn other_documents_are_only_reindented() {
    let xml = "<EapHostConfig><Config><B/><A/></Config></EapHostConfig>";
    assert_eq!(
        format_ok(xml, &FormatOptions::default()),
        "<EapHostConfig>\n  <Config>\n    <B/>\n    <A/>\n  </Config>\n</EapHostConfig>\n"
    );
    // `NativeProfile` is ranked only under the root `VPNProfile`.
    let xml = "<Other><NativeProfile><Authentication/><Servers/></NativeProfile></Other>";
    assert!(format_ok(xml, &compact()).contains("<Authentication/><Servers/>"));
}

const USER_TUNNEL: &str = "<VPNProfile><NativeProfile><Servers>vpn.example.net, 203.0.113.7 ,b.example;B,https://x/,,</Servers><Authentication><UserMethod>eap</UserMethod><Eap/></Authentication></NativeProfile></VPNProfile>";

#[test]
fn windows_forms_name_each_server_and_add_the_machine_method() {
    let out = format_ok(USER_TUNNEL, &FormatOptions::default());
    assert_eq!(
        out,
        "\
<VPNProfile>
  <NativeProfile>
    <Servers>vpn.example.net;vpn.example.net, 203.0.113.7;203.0.113.7 ,b.example;B,https://x/,,</Servers>
    <Authentication>
      <UserMethod>eap</UserMethod>
      <MachineMethod>Eap</MachineMethod>
      <Eap/>
    </Authentication>
  </NativeProfile>
</VPNProfile>
"
    );
    // Without them, the values are untouched.
    let out = format_ok(USER_TUNNEL, &plain());
    assert!(
        out.contains("<Servers>vpn.example.net, 203.0.113.7 ,b.example;B,https://x/,,</Servers>")
    );
    assert!(!out.contains("MachineMethod"));
}

#[test]
fn windows_forms_only_where_certain() {
    let forms = FormatOptions {
        compact: true,
        ..FormatOptions::default()
    };
    let cases = [
        // A device tunnel, or a `DeviceTunnel` Windows may read either way.
        USER_TUNNEL.replace(
            "<VPNProfile>",
            "<VPNProfile><DeviceTunnel>true</DeviceTunnel>",
        ),
        USER_TUNNEL.replace(
            "<VPNProfile>",
            "<VPNProfile><DeviceTunnel>True</DeviceTunnel>",
        ),
        // A machine method already there, or another user method.
        USER_TUNNEL.replace("<Eap/>", "<Eap/><MachineMethod>Certificate</MachineMethod>"),
        USER_TUNNEL.replace(">eap<", ">MSChapv2<"),
        // Two `NativeProfile`s: which one Windows keeps is not certain.
        USER_TUNNEL.replace("</VPNProfile>", "<NativeProfile/></VPNProfile>"),
    ];
    for case in &cases {
        let out = format_ok(case, &forms);
        let machine_methods = out.matches("<MachineMethod>").count();
        let written = case.matches("<MachineMethod>").count();
        assert_eq!(machine_methods, written, "{out}");
    }
    assert!(format_ok(&cases[0], &forms).contains("vpn.example.net;vpn.example.net"));
    assert!(!format_ok(&cases[4], &forms).contains("vpn.example.net;"));
    // `DeviceTunnel` exactly `false` is a user tunnel.
    let user = USER_TUNNEL.replace(
        "<VPNProfile>",
        "<VPNProfile><DeviceTunnel>false</DeviceTunnel>",
    );
    assert!(format_ok(&user, &forms).contains("<MachineMethod>Eap</MachineMethod>"));
    // `Servers` written with an entity, CDATA or a comment is left alone.
    for servers in [
        "<Servers>a.example&#44;b.example</Servers>",
        "<Servers><![CDATA[a.example]]></Servers>",
        "<Servers>a.example<!-- x --></Servers>",
    ] {
        let xml = format!("<VPNProfile><NativeProfile>{servers}</NativeProfile></VPNProfile>");
        assert!(format_ok(&xml, &forms).contains(servers));
    }
}

#[test]
fn malformed_and_hostile_input_is_refused_with_a_position() {
    let error = format_profile("<VPNProfile>\n<AlwaysOn>true</Always>", &plain())
        .expect_err("not well-formed");
    assert!(error.message.contains("not well-formed"), "{error}");
    // The end tag that does not match.
    assert_eq!(error.offset, 27);
    let error = format_profile("\n<?xml version=\"1.0\"?><x/>", &plain()).expect_err("late");
    assert!(error.message.contains("not at the very start"), "{error}");
    let error = format_profile("<!DOCTYPE x []><x/>", &plain()).expect_err("DTD");
    assert!(error.message.contains("DTD"));
    let deep = format!(
        "{}{}",
        "<a>".repeat(crate::limits::MAX_DEPTH + 1),
        "</a>".repeat(crate::limits::MAX_DEPTH + 1)
    );
    assert!(format_profile(&deep, &plain())
        .expect_err("too deep")
        .message
        .contains("nested"));
    for bad in ["", "   ", "<", "<a>", "text", "<a/><b/>", "\u{feff}"] {
        assert!(format_profile(bad, &plain()).is_err(), "{bad:?}");
    }
}
