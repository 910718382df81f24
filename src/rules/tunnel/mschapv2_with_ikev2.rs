//! T010 `mschapv2-with-ikev2`: `UserMethod` MSChapv2 on an IKEv2 profile.

use crate::diagnostic::Severity;
use crate::model::{NativeProtocolType, UserMethod};
use crate::rules::{Category, Context, Evidence, Rule, RuleMeta};

pub struct Mschapv2WithIkev2;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "T010",
    name: "mschapv2-with-ikev2",
    severity: Severity::Error,
    category: Category::Tunnel,
    summary: "`UserMethod` = `MSChapv2` together with `NativeProtocolType` IKEv2 (the CSP: not supported for IKEv2).",
    predicts: &["812"],
    evidence: Evidence::Documented,
    ..RuleMeta::BASE
};

impl Rule for Mschapv2WithIkev2 {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut Context) {
        let Some(native) = cx.model.native_profile() else {
            return;
        };
        let (Some(protocol), Some(user_method)) = (
            native.protocol.as_ref(),
            native
                .authentication
                .as_ref()
                .and_then(|a| a.user_method.as_ref()),
        ) else {
            return;
        };
        if protocol.value == Some(NativeProtocolType::IkeV2)
            && user_method.value == Some(UserMethod::MsChapV2)
        {
            cx.report(
                user_method.leaf.trimmed_span(),
                "`UserMethod` MSChapv2 is not supported with IKEv2; the connection fails authentication",
            )
            .label(user_method.leaf.trimmed_span(), "MSChapv2 here")
            .label(protocol.leaf.trimmed_span(), "IKEv2 here")
            .help("use `<UserMethod>Eap</UserMethod>` with an EAP configuration (PEAP or EAP-TLS; EAP-MSCHAPv2 inside EAP if passwords are required)");
        }
    }
}
