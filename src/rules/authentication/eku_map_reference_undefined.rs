//! A006 `eku-map-reference-undefined`: an EKU filter names an EKU that is not defined, or an
//! OID that is not an OID.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::model::{EkuList, FilteringInfo};
use crate::rules::util::{is_oid, is_script_variable};
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct EkuMapReferenceUndefined;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "A006",
    name: "eku-map-reference-undefined",
    severity: Severity::Error,
    category: Category::Authentication,
    summary: "`EKUMapInList/EKUName` has no matching `EKUMapping/EKUMap/EKUName`, or an `EKUOID` is not a dotted OID.",
    predicts: &["798"],
    evidence: Evidence::Documented,
    superseded_by: &[&crate::rules::structure::invisible_character::META],
    fix: FixKind::Safe,
    ..RuleMeta::BASE
};

impl Rule for EkuMapReferenceUndefined {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(host) = cx.model.eap_host_config() else {
            return;
        };
        for info in host.filtering_infos() {
            check_oids(cx, info);
            for list in [&info.client_auth_eku_list, &info.any_purpose_eku_list]
                .into_iter()
                .flatten()
            {
                check_references(cx, info, list);
            }
        }
    }
}

fn check_oids(cx: &mut Context, info: &FilteringInfo) {
    let lists = [&info.client_auth_eku_list, &info.any_purpose_eku_list];
    let entries = info
        .eku_maps
        .iter()
        .chain(lists.into_iter().flatten().flat_map(|l| l.entries.iter()));
    for entry in entries {
        if let Some(oid) = &entry.oid {
            // A PowerShell `$variable` gets its OID at run time.
            if !is_oid(oid.trimmed()) && !is_script_variable(oid.trimmed()) {
                cx.report(
                    oid.trimmed_span(),
                    format!(
                        "`EKUOID` `{}` is not a dotted OID, so no certificate can match it",
                        oid.trimmed().escape_debug()
                    ),
                )
                .help("write the OID in dotted form, e.g. `1.3.6.1.4.1.311.87` for Entra ID conditional access");
            }
        }
    }
}

fn check_references(cx: &mut Context, info: &FilteringInfo, list: &EkuList) {
    for entry in &list.entries {
        let Some(name) = &entry.name else { continue };
        let wanted = name.trimmed();
        let defined = info
            .eku_maps
            .iter()
            .any(|map| map.name.as_ref().is_some_and(|n| n.trimmed() == wanted));
        if defined {
            continue;
        }
        let mut near = info
            .eku_maps
            .iter()
            .filter_map(|m| m.name.as_ref())
            .filter(|n| n.trimmed().eq_ignore_ascii_case(wanted));
        let (first, second) = (near.next(), near.next());
        let diagnostic = cx.report(
            name.trimmed_span(),
            format!(
                "`EKUName` `{}` is not defined in `EKUMapping`, so this filter can never match a certificate",
                wanted.escape_debug()
            ),
        );
        match first {
            Some(defined) => {
                diagnostic
                    .label(
                        defined.trimmed_span(),
                        "defined here with different letter case",
                    )
                    .help(format!(
                        "write the name exactly as defined: `{}`",
                        defined.trimmed()
                    ));
                // Only one definition differs in case alone: that is the one meant.
                if second.is_none() {
                    diagnostic.fix(Fix::safe(
                        format!("Write `{}` as defined", defined.trimmed()),
                        vec![Edit::replace(
                            name.trimmed_span(),
                            super::escape_text(defined.trimmed()),
                        )],
                    ));
                }
            }
            None => {
                diagnostic.help(format!(
                    "add `<EKUMap><EKUName>{wanted}</EKUName><EKUOID>…</EKUOID></EKUMap>` under `EKUMapping`, or use a defined name"
                ));
            }
        }
    }
}
