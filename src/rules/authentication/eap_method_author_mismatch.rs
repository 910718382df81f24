//! A008 `eap-method-author-mismatch`: an `EapMethod` whose `Type` and `AuthorId` together name
//! no EAP method Windows ships.

use crate::diagnostic::Severity;
use crate::fix::{Edit, Fix};
use crate::rules::util::is_script_variable;
use crate::rules::{Category, Context, Evidence, FixKind, Rule, RuleMeta};

pub struct EapMethodAuthorMismatch;

pub(crate) static META: RuleMeta = RuleMeta {
    code: "A008",
    name: "eap-method-author-mismatch",
    severity: Severity::Warning,
    category: Category::Authentication,
    summary: "`EapMethod` `Type`/`AuthorId` pair that names no Microsoft EAP method: EAP-TLS (13), PEAP (25) or EAP-MSCHAPv2 (26) with `AuthorId` 311, or EAP-SIM (18), EAP-TTLS (21), EAP-AKA (23), EAP-AKA' (50) or TEAP (55) with `AuthorId` 0.",
    predicts: &["EAP method not found: profile rejected or authentication fails"],
    evidence: Evidence::Inferred,
    fix: FixKind::Unsafe,
    ..RuleMeta::BASE
};

/// Microsoft's EAP methods and the `AuthorId` Windows' own exports and Microsoft's samples
/// give them: the methods that came with RAS (TLS, PEAP, MSCHAPv2) have author 0, the EapHost
/// methods added later (SIM, TTLS, AKA, AKA', TEAP) have Microsoft's enterprise number 311.
const MICROSOFT_METHODS: &[(u32, &str, u32)] = &[
    (13, "EAP-TLS", 0),
    (25, "PEAP", 0),
    (26, "EAP-MSCHAPv2", 0),
    (18, "EAP-SIM", 311),
    (21, "EAP-TTLS", 311),
    (23, "EAP-AKA", 311),
    (50, "EAP-AKA'", 311),
    (55, "TEAP", 311),
];

impl Rule for EapMethodAuthorMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    /// EapCommon schema: `Type`, `VendorId`, `VendorType` and `AuthorId` together "uniquely
    /// identify a single EAP method". Only the two authors whose methods Windows ships are
    /// judged: 0 and 311 (Microsoft). Any other `AuthorId` is a third-party implementation,
    /// which may well use these type numbers, and is left alone.
    fn check(&self, cx: &mut Context) {
        let Some(eap) = cx.model.eap_host_config() else {
            return;
        };
        let (Some(method_type), Some(author)) = (&eap.method_type, &eap.author_id) else {
            return;
        };
        if is_script_variable(&method_type.text) || is_script_variable(&author.text) {
            return;
        }
        let (Ok(type_number), Ok(author_number)) = (
            method_type.trimmed().parse::<u32>(),
            author.trimmed().parse::<u32>(),
        ) else {
            return;
        };
        if author_number != 0 && author_number != 311 {
            return;
        }
        let Some(&(_, name, expected)) = MICROSOFT_METHODS
            .iter()
            .find(|(number, _, _)| *number == type_number)
        else {
            return;
        };
        if expected == author_number {
            return;
        }
        let span = author.trimmed_span();
        cx.report(
            span,
            format!("`AuthorId` {author_number} with EAP `Type` {type_number}: Microsoft's {name} is Type {type_number} with AuthorId {expected} (as Windows exports it), and the four `EapMethod` numbers together identify the method, so EapHost may find no method for {type_number}/{author_number}"),
        )
        .label(method_type.trimmed_span(), name)
        .help(format!("write `<AuthorId …>{expected}</AuthorId>`, as Windows writes it when it exports its {name} configuration"))
        // A third-party method with this author would be a different method: review.
        .fix(Fix::unsafe_edit(
            format!("Write AuthorId {expected}"),
            vec![Edit::replace(span, expected.to_string())],
        ));
    }
}
