//! An incremental scan of XML text: where a line break of a WMI dump falls (inside a tag
//! name, an attribute value, text...) decides whether it may take a space.

pub(super) fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == ':'
}

pub(super) fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.')
}

/// Where an incremental scan of XML text stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum State {
    #[default]
    Text,
    /// Just after `<`.
    Open,
    /// In an element name (`end` for `</name`).
    Name {
        end: bool,
    },
    /// After an end tag's name.
    EndAfterName,
    /// Inside a start tag, between attributes.
    InTag,
    /// Just after an attribute value's closing quote.
    AfterValue,
    Attr,
    AfterAttr,
    Equals,
    Value(char),
    Markup,
    Comment,
    Cdata,
    Pi,
}

#[derive(Debug, Default)]
pub(super) struct Lexer {
    pub(super) state: State,
    /// The element or attribute name being read.
    pub(super) token: String,
    recent: String,
}

impl Lexer {
    pub(super) fn feed(&mut self, text: &str) {
        for c in text.chars() {
            self.step(c);
        }
    }

    fn step(&mut self, c: char) {
        self.recent.push(c);
        if self.recent.len() > 16 {
            let cut = self.recent.len() - 12;
            let cut = crate::span::floor_char_boundary(&self.recent, cut);
            self.recent.drain(..cut);
        }
        let ws = c.is_whitespace();
        self.state = match self.state {
            State::Text => {
                if c == '<' {
                    State::Open
                } else {
                    State::Text
                }
            }
            State::Open => match c {
                '/' => {
                    self.token.clear();
                    State::Name { end: true }
                }
                '!' => State::Markup,
                '?' => State::Pi,
                c if is_name_start(c) => {
                    self.token.clear();
                    self.token.push(c);
                    State::Name { end: false }
                }
                _ => State::Text,
            },
            State::Name { end } => {
                if is_name_char(c) {
                    self.token.push(c);
                    State::Name { end }
                } else if c == '>' {
                    State::Text
                } else if end {
                    State::EndAfterName
                } else {
                    State::InTag
                }
            }
            State::EndAfterName => {
                if c == '>' {
                    State::Text
                } else {
                    State::EndAfterName
                }
            }
            State::InTag | State::AfterValue => match c {
                '>' => State::Text,
                '"' | '\'' => State::Value(c),
                c if is_name_start(c) => {
                    self.token.clear();
                    self.token.push(c);
                    State::Attr
                }
                _ if ws => State::InTag,
                _ => State::InTag,
            },
            State::Attr => {
                if is_name_char(c) {
                    self.token.push(c);
                    State::Attr
                } else if c == '=' {
                    State::Equals
                } else if c == '>' {
                    State::Text
                } else {
                    State::AfterAttr
                }
            }
            State::AfterAttr => match c {
                '=' => State::Equals,
                '>' => State::Text,
                c if is_name_start(c) => {
                    self.token.clear();
                    self.token.push(c);
                    State::Attr
                }
                _ => State::AfterAttr,
            },
            State::Equals => match c {
                '"' | '\'' => State::Value(c),
                '>' => State::Text,
                _ => State::Equals,
            },
            State::Value(q) => {
                if c == q {
                    State::AfterValue
                } else {
                    State::Value(q)
                }
            }
            State::Markup => {
                if self.recent.ends_with("<!--") {
                    State::Comment
                } else if self.recent.ends_with("<![CDATA[") {
                    State::Cdata
                } else if c == '>' {
                    State::Text
                } else {
                    State::Markup
                }
            }
            State::Comment => {
                if self.recent.ends_with("-->") {
                    State::Text
                } else {
                    State::Comment
                }
            }
            State::Cdata => {
                if self.recent.ends_with("]]>") {
                    State::Text
                } else {
                    State::Cdata
                }
            }
            State::Pi => {
                if self.recent.ends_with("?>") {
                    State::Text
                } else {
                    State::Pi
                }
            }
        };
    }
}
