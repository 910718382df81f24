//! Rule documentation pages, embedded at build time from `rules/*.md`.

include!(concat!(env!("OUT_DIR"), "/rule_pages.rs"));

/// The page of a rule, by its name.
pub fn rule_page(name: &str) -> Option<&'static str> {
    RULE_PAGES
        .iter()
        .find(|(page, _)| *page == name)
        .map(|(_, text)| *text)
}
