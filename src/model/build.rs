//! Building the [`Model`] from a parsed document: a schema walk that records issues, then the
//! typed structures.

use super::eap::build_host_config;
use super::issues::SchemaIssue;
use super::schema::{self, ElementDef, ValueKind};
use super::walk::{
    child, child_leaf, children_named, elements, leaf, name_span, span_of, ChildIndex,
};
use super::*;
use roxmltree::Node;

pub fn build<'doc>(doc: &'doc roxmltree::Document) -> Model<'doc> {
    let root = doc.root_element();
    let mut model = Model::default();
    match root.tag_name().name() {
        "VPNProfile" => {
            walk_schema(root, "VPNProfile", &mut Vec::new(), &mut model.issues);
            model.profile = Some(build_profile(root, &mut model.issues));
        }
        "EapHostConfig" => {
            model.bare_eap = Some(build_host_config(root, &mut model.issues));
        }
        other => model.issues.push(SchemaIssue::UnknownElement {
            span: name_span(root),
            name: other.to_owned(),
            parent: String::new(),
            suggestion: schema::suggest(other, ["VPNProfile", "EapHostConfig"]),
        }),
    }
    model
}

/// Checks the elements under `node` against the schema table for `path`, except the children
/// of `VPNProfile`'s `Route`s, which `build_route` checks while building the model (so the
/// model must be built after this walk). `seen` is a buffer for the singletons among the
/// children of `node` (emptied here): siblings are walked one after another, so they share one
/// allocation.
fn walk_schema<'a, 'input>(
    node: Node<'a, 'input>,
    path: &str,
    seen: &mut Vec<(&'static str, Node<'a, 'input>)>,
    issues: &mut Vec<SchemaIssue>,
) {
    let Some(defs) = schema::children_of(path) else {
        return;
    };
    seen.clear();
    let mut child_seen = Vec::new();
    let mut paths: Vec<(&str, String)> = Vec::new();
    // The definition of the previous sibling's name: runs of `Route`s are looked up once.
    let mut previous: Option<&ElementDef> = None;
    let mut suggestions = Suggestions::default();
    for element in elements(node) {
        let Some(def) = check_child(
            element,
            path,
            defs,
            &mut previous,
            seen,
            &mut suggestions,
            issues,
        ) else {
            continue;
        };
        // `Route`s are most of the elements of a typical profile: their children are checked
        // in the same pass that reads them into the model (`build_route`).
        if def.kind != ValueKind::Complex || (path == "VPNProfile" && def.name == "Route") {
            continue;
        }
        // Siblings of one name (`TrafficFilter`s, `DomainNameInformation`s) share one path:
        // build each path string once.
        let child_path = match paths.iter().find(|(n, _)| *n == def.name) {
            Some((_, known)) => known.as_str(),
            None => {
                paths.push((def.name, format!("{path}/{}", def.name)));
                paths.last().map_or("", |(_, p)| p.as_str())
            }
        };
        walk_schema(element, child_path, &mut child_seen, issues);
    }
}

/// Checks one child `element` of the element at `path`, whose allowed children are `defs`:
/// a known name, at most once if it is a singleton (`seen` holds the singletons met so far
/// among its siblings), a well-formed value. Returns its definition, `None` when unknown.
/// `previous` is the definition of the previous sibling, to look runs of one name up once.
fn check_child<'a, 'input>(
    element: Node<'a, 'input>,
    path: &str,
    defs: &'static [ElementDef],
    previous: &mut Option<&'static ElementDef>,
    seen: &mut Vec<(&'static str, Node<'a, 'input>)>,
    suggestions: &mut Suggestions<'a>,
    issues: &mut Vec<SchemaIssue>,
) -> Option<&'static ElementDef> {
    let name = element.tag_name().name();
    let found = match *previous {
        Some(def) if def.name == name => Some(def),
        _ => defs.iter().find(|d| d.name == name),
    };
    *previous = found;
    let Some(def) = found else {
        let suggestion = *suggestions
            .entry(name)
            .or_insert_with(|| schema::suggest(name, defs.iter().map(|d| d.name)));
        report_unknown(element, path, suggestion, issues);
        return None;
    };
    if def.single {
        // A few singletons per element: a linear scan beats hashing (this runs on every element).
        if let Some((_, first)) = seen.iter().find(|(n, _)| *n == def.name) {
            issues.push(SchemaIssue::DuplicateSingleton {
                span: name_span(element),
                first: name_span(*first),
                name: name.to_owned(),
            });
        } else {
            seen.push((def.name, element));
        }
    }
    check_value(element, path, def, issues);
    Some(def)
}

/// A `Route` of the model, its children checked against the schema on the way (one pass over
/// them; see `walk_schema`). `seen` is a buffer shared by all routes. The schema gives `Route`
/// no container children, so there is nothing to walk below them (a unit test holds that).
fn build_route<'doc, 'input>(
    route: Node<'doc, 'input>,
    seen: &mut Vec<(&'static str, Node<'doc, 'input>)>,
    issues: &mut Vec<SchemaIssue>,
) -> Route<'doc> {
    const PATH: &str = "VPNProfile/Route";
    let defs = schema::children_of(PATH).unwrap_or_default();
    seen.clear();
    let mut previous = None;
    let mut suggestions = Suggestions::default();
    let [mut address, mut prefix_size, mut exclusion_route, mut metric] = [None; 4];
    for element in elements(route) {
        let Some(def) = check_child(
            element,
            PATH,
            defs,
            &mut previous,
            seen,
            &mut suggestions,
            issues,
        ) else {
            continue;
        };
        let slot = match def.name {
            "Address" => &mut address,
            "PrefixSize" => &mut prefix_size,
            "ExclusionRoute" => &mut exclusion_route,
            "Metric" => &mut metric,
            _ => continue,
        };
        slot.get_or_insert(element);
    }
    let address = address.map(leaf);
    Route {
        span: span_of(route),
        address_ip: address.as_ref().and_then(|a| a.trimmed().parse().ok()),
        address,
        prefix_size: prefix_size.map(leaf),
        exclusion_route: exclusion_route.map(leaf),
        metric: metric.map(leaf),
    }
}

/// The "did you mean" of each unknown name among the children of one element: a generated
/// profile may repeat one wrong name thousands of times, and each suggestion compares the name
/// with every known one.
type Suggestions<'a> = std::collections::HashMap<&'a str, Option<&'static str>>;

/// Reports `element` as unknown under `path`; `suggestion` is the known name it is likely a
/// misspelling of.
fn report_unknown(
    element: Node,
    path: &str,
    suggestion: Option<&'static str>,
    issues: &mut Vec<SchemaIssue>,
) {
    let name = element.tag_name().name();
    let parent = path.rsplit('/').next().unwrap_or(path).to_owned();
    if let Some(correct) = schema::csp_node_name_correction(path, name) {
        issues.push(SchemaIssue::CspNodeName {
            span: name_span(element),
            name: name.to_owned(),
            parent,
            correct,
        });
        return;
    }
    issues.push(SchemaIssue::UnknownElement {
        span: name_span(element),
        name: name.to_owned(),
        parent,
        suggestion,
    });
}

/// Checks the value of `element` (a child of the element at `path`) against its definition.
fn check_value(element: Node, path: &str, def: &ElementDef, issues: &mut Vec<SchemaIssue>) {
    if !matches!(
        def.kind,
        ValueKind::Bool | ValueKind::Enum(_) | ValueKind::Number
    ) {
        return;
    }
    // Fast path: the usual single text child is checked in place, without building a leaf
    // (this runs for every typed element of every file; see docs/performance.md).
    if let Some(text) = single_text(element) {
        let valid = match def.kind {
            ValueKind::Bool => matches!(text, "true" | "false"),
            ValueKind::Enum(allowed) => schema::canonical_enum(allowed, text).is_some(),
            ValueKind::Number => text.trim().parse::<u64>().is_ok(),
            _ => true,
        };
        if valid {
            return;
        }
    } else if elements(element).next().is_some() {
        // A value holds no elements, and the walk descends into containers only: whatever is
        // inside is reported here, as unknown in this element.
        let own_path = format!("{path}/{}", def.name);
        for inside in elements(element) {
            report_unknown(inside, &own_path, None, issues);
        }
        return;
    }
    let value = leaf(element);
    match def.kind {
        ValueKind::Bool if value.windows_bool().is_none() => issues.push(SchemaIssue::BadBoolean {
            span: value.value_span,
            element: def.name.to_owned(),
            raw: value.text.into_owned(),
            xs_boolean: false,
        }),
        ValueKind::Enum(allowed) if value.enum_value(allowed).is_none() => {
            issues.push(SchemaIssue::BadEnum {
                span: value.trimmed_span(),
                element: def.name.to_owned(),
                raw: value.text.into_owned(),
                allowed,
            })
        }
        ValueKind::Number if value.trimmed().parse::<u64>().is_err() => {
            issues.push(SchemaIssue::BadNumber {
                span: value.trimmed_span(),
                element: def.name.to_owned(),
                raw: value.text.into_owned(),
            })
        }
        _ => {}
    }
}

/// The text of an element whose only child is one text node (what [`leaf`] would borrow).
fn single_text<'a>(element: Node<'a, '_>) -> Option<&'a str> {
    let mut children = element.children();
    match (children.next(), children.next()) {
        (Some(only), None) if only.is_text() => only.text(),
        _ => None,
    }
}

fn build_profile<'doc>(root: Node<'doc, '_>, issues: &mut Vec<SchemaIssue>) -> VpnProfile<'doc> {
    let index = ChildIndex::new(root);
    VpnProfile {
        span: span_of(root),
        name_span: name_span(root),
        profile_name: index.leaf("ProfileName"),
        remember_credentials: index.leaf("RememberCredentials"),
        always_on: index.leaf("AlwaysOn"),
        dns_suffix: index.leaf("DnsSuffix"),
        trusted_network_detection: index.leaf("TrustedNetworkDetection"),
        lock_down: index.leaf("LockDown"),
        device_tunnel: index.leaf("DeviceTunnel"),
        register_dns: index.leaf("RegisterDNS"),
        use_ras_credentials: index.leaf("UseRasCredentials"),
        disable_ikev2_fragmentation: index.leaf("DisableIKEv2Fragmentation"),
        proxy: index.child("Proxy").map(|p| Proxy {
            span: span_of(p),
            auto_config_url: child_leaf(p, "AutoConfigUrl"),
            manual_server: child(p, "Manual").and_then(|m| child_leaf(m, "Server")),
        }),
        device_compliance: index.child("DeviceCompliance").map(|dc| DeviceCompliance {
            span: span_of(dc),
            enabled: child_leaf(dc, "Enabled"),
            sso: child(dc, "Sso").map(|sso| Sso {
                span: span_of(sso),
                enabled: child_leaf(sso, "Enabled"),
                eku: child_leaf(sso, "Eku"),
                issuer_hash: child_leaf(sso, "IssuerHash"),
            }),
        }),
        native_profiles: index
            .named("NativeProfile")
            .map(|n| build_native(n, issues))
            .collect(),
        plugin_profiles: index
            .named("PluginProfile")
            .map(|p| PluginProfile {
                span: span_of(p),
                server_url_list: child_leaf(p, "ServerUrlList"),
                plugin_package_family_name: child_leaf(p, "PluginPackageFamilyName"),
                custom_configuration: child_leaf(p, "CustomConfiguration"),
            })
            .collect(),
        app_triggers: index
            .named("AppTrigger")
            .map(|t| AppTrigger {
                span: span_of(t),
                app_id: child(t, "App").and_then(|a| child_leaf(a, "Id")),
            })
            .collect(),
        domain_name_information: index
            .named("DomainNameInformation")
            .map(|d| DomainNameInformation {
                span: span_of(d),
                domain_name: child_leaf(d, "DomainName"),
                dns_servers: child_leaf(d, "DnsServers"),
                web_proxy_servers: child_leaf(d, "WebProxyServers"),
                auto_trigger: child_leaf(d, "AutoTrigger"),
                persistent: child_leaf(d, "Persistent"),
            })
            .collect(),
        traffic_filters: index
            .named("TrafficFilter")
            .map(|f| TrafficFilter {
                span: span_of(f),
                app: child_leaf(f, "App"),
                app_id: child(f, "App").and_then(|a| child_leaf(a, "Id")),
                claims: child_leaf(f, "Claims"),
                protocol: child_leaf(f, "Protocol"),
                local_port_ranges: child_leaf(f, "LocalPortRanges"),
                remote_port_ranges: child_leaf(f, "RemotePortRanges"),
                local_address_ranges: child_leaf(f, "LocalAddressRanges"),
                remote_address_ranges: child_leaf(f, "RemoteAddressRanges"),
                routing_policy_type: child_leaf(f, "RoutingPolicyType"),
                direction: child_leaf(f, "Direction"),
            })
            .collect(),
        routes: {
            // Sized up front: a `Route` is a few hundred bytes and a profile holds dozens,
            // so growing the list by doubling copied kilobytes per file.
            let mut routes = Vec::with_capacity(index.named("Route").count());
            let mut seen = Vec::new();
            routes.extend(
                index
                    .named("Route")
                    .map(|r| build_route(r, &mut seen, issues)),
            );
            routes
        },
        child_elements: elements(root)
            .filter(|e| !is_container(e.tag_name().name()))
            .map(|e| (e.tag_name().name(), leaf(e)))
            .collect(),
    }
}

/// Whether `name` is a container child of `VPNProfile` by the schema (`NativeProfile`,
/// `Route`, ...): held in typed fields and left out of `child_elements`, where its text would
/// only be the whitespace between its children (a profile may hold hundreds of `Route`s;
/// copying each as a leaf was a large part of building the model).
fn is_container(name: &str) -> bool {
    // The repeated ones first, without a look-up: they are nearly all the children.
    matches!(
        name,
        "Route" | "TrafficFilter" | "DomainNameInformation" | "AppTrigger"
    ) || schema::children_of("VPNProfile")
        .and_then(|defs| defs.iter().find(|d| d.name == name))
        .is_some_and(|d| d.kind == ValueKind::Complex)
}

fn build_native<'doc>(node: Node<'doc, '_>, issues: &mut Vec<SchemaIssue>) -> NativeProfile<'doc> {
    NativeProfile {
        span: span_of(node),
        servers: child_leaf(node, "Servers"),
        routing_policy_type: child_leaf(node, "RoutingPolicyType").map(|leaf| Choice {
            value: RoutingPolicyType::parse(&leaf.text),
            leaf,
        }),
        protocol: child_leaf(node, "NativeProtocolType").map(|leaf| Choice {
            value: NativeProtocolType::parse(&leaf.text),
            leaf,
        }),
        l2tp_psk: child_leaf(node, "L2tpPsk"),
        disable_class_based_default_route: child_leaf(node, "DisableClassBasedDefaultRoute"),
        cryptography_suite: child(node, "CryptographySuite").map(|c| CryptographySuite {
            span: span_of(c),
            authentication_transform_constants: child_leaf(c, "AuthenticationTransformConstants"),
            cipher_transform_constants: child_leaf(c, "CipherTransformConstants"),
            pfs_group: child_leaf(c, "PfsGroup"),
            dh_group: child_leaf(c, "DHGroup"),
            integrity_check_method: child_leaf(c, "IntegrityCheckMethod"),
            encryption_method: child_leaf(c, "EncryptionMethod"),
        }),
        authentication: child(node, "Authentication").map(|a| build_authentication(a, issues)),
        protocol_list: child_leaf(node, "ProtocolList"),
        protocol_list_types: child(node, "ProtocolList")
            .map(|list| {
                children_named(list, "NativeProtocol")
                    .filter_map(|p| child_leaf(p, "Type"))
                    .collect()
            })
            .unwrap_or_default(),
        plumb_ikev2_ts_as_routes: child_leaf(node, "PlumbIKEv2TSAsRoutes"),
    }
}

fn build_authentication<'doc>(
    node: Node<'doc, '_>,
    issues: &mut Vec<SchemaIssue>,
) -> Authentication<'doc> {
    Authentication {
        span: span_of(node),
        user_method: child_leaf(node, "UserMethod").map(|leaf| Choice {
            value: UserMethod::parse(&leaf.text),
            leaf,
        }),
        machine_method: child_leaf(node, "MachineMethod"),
        eap: child(node, "Eap").map(|eap| EapElement {
            span: span_of(eap),
            configuration: child(eap, "Configuration").map(|c| {
                let text = leaf(c);
                EapConfiguration {
                    span: span_of(c),
                    text: (!text.text.trim().is_empty()).then_some(text),
                    host_config: elements(c)
                        .find(|n| n.tag_name().name() == "EapHostConfig")
                        .map(|h| build_host_config(h, issues)),
                }
            }),
        }),
    }
}
