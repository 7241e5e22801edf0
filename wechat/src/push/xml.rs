//! A small, strict reader for WeChat's flat push XML.
//!
//! WeChat's push documents are one `<xml>` root with simple children, sometimes one level of
//! nesting (`<info>`, `<Video>`). Fields are looked up by exact, case-sensitive name (quirk Q8),
//! in any order, with CDATA or plain text alike (Q7). DOCTYPE and entities other than the five
//! predefined ones are rejected, so no entity expansion can happen.

use quick_xml::Reader;
use quick_xml::events::Event;

/// The largest body the parsers accept, checked before any parsing. Real pushes are a few KiB.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Why a push document was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum XmlError {
    /// The body exceeds [`MAX_BODY_BYTES`].
    #[error("body of {len} bytes exceeds the {max} byte limit")]
    TooLarge {
        /// Body length in bytes.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The body is not UTF-8.
    #[error("body is not valid UTF-8")]
    NotUtf8,
    /// A `<!DOCTYPE>` declaration: never legitimate in a push, and the door to entity attacks.
    #[error("DOCTYPE is not allowed")]
    Doctype,
    /// An entity other than `&lt; &gt; &amp; &apos; &quot;` or a character reference.
    #[error("unknown entity &{0};")]
    Entity(String),
    /// The root element is not `<xml>`, or there is more than one root.
    #[error("root element must be a single <xml>")]
    Root,
    /// A required element is absent.
    #[error("missing element <{0}>")]
    Missing(&'static str),
    /// An element that must hold an integer does not.
    #[error("element <{name}> is not an integer: {value:?}")]
    NotInteger {
        /// Element name.
        name: &'static str,
        /// Its text (at most 64 characters).
        value: String,
    },
    /// The document is not well-formed.
    #[error("malformed XML: {0}")]
    Syntax(String),
}

/// One child of `<xml>`: its text, and its own simple children if it has any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Element {
    pub name: String,
    pub text: String,
    pub children: Vec<(String, String)>,
}

/// The children of `<xml>`, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Document {
    pub elements: Vec<Element>,
}

impl Document {
    /// Parses a document, enforcing the size limit first.
    pub fn parse(xml: &str) -> Result<Self, XmlError> {
        check_size(xml.len())?;
        let mut reader = Reader::from_str(xml);
        let mut b = Builder::default();
        loop {
            let event = reader
                .read_event()
                .map_err(|e| XmlError::Syntax(e.to_string()))?;
            match event {
                Event::Start(start) => b.open(within(xml, start.name().as_ref())?)?,
                Event::Empty(start) => {
                    b.open(within(xml, start.name().as_ref())?)?;
                    b.close();
                }
                Event::End(_) => b.close(),
                Event::Text(t) => {
                    let t = within(xml, &t)?;
                    // Whitespace around the root is fine; anything else there is not.
                    if b.depth > 0 || !t.bytes().all(|c| c.is_ascii_whitespace()) {
                        b.text(t)?;
                    }
                }
                Event::CData(c) => b.text(within(xml, &c)?)?,
                Event::GeneralRef(r) => b.text(resolve_entity(&r)?.encode_utf8(&mut [0; 4]))?,
                Event::DocType(_) => return Err(XmlError::Doctype),
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                Event::Eof => break,
            }
        }
        if !b.seen_root || b.depth != 0 {
            return Err(XmlError::Syntax("unexpected end of document".into()));
        }
        Ok(Self {
            elements: b.elements,
        })
    }

    /// The text of the first child named exactly `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.elements
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.text.as_str())
    }

    /// The text of a required child.
    pub fn require(&self, name: &'static str) -> Result<&str, XmlError> {
        self.get(name).ok_or(XmlError::Missing(name))
    }

    /// An owned optional child text.
    pub fn string(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_owned)
    }

    /// A required integer child (whitespace around the digits tolerated).
    pub fn require_int(&self, name: &'static str) -> Result<i64, XmlError> {
        parse_int(name, self.require(name)?)
    }

    /// An optional integer child; present but not a number is an error.
    pub fn int(&self, name: &'static str) -> Result<Option<i64>, XmlError> {
        self.get(name).map(|v| parse_int(name, v)).transpose()
    }

    /// The simple children of the first child named `name`.
    pub fn children(&self, name: &str) -> Option<&[(String, String)]> {
        self.elements
            .iter()
            .find(|e| e.name == name)
            .map(|e| e.children.as_slice())
    }
}

/// Parser state. Depth 0 is outside the root, 1 directly inside `<xml>`, 2 inside one of its
/// children; anything deeper is checked for well-formedness but not kept.
#[derive(Default)]
struct Builder {
    depth: usize,
    seen_root: bool,
    elements: Vec<Element>,
    child_name: String,
    text: String,
}

impl Builder {
    fn open(&mut self, name: &str) -> Result<(), XmlError> {
        match self.depth {
            0 if self.seen_root || name != "xml" => return Err(XmlError::Root),
            0 => self.seen_root = true,
            1 => self.elements.push(Element {
                name: name.to_owned(),
                text: String::new(),
                children: Vec::new(),
            }),
            2 => name.clone_into(&mut self.child_name),
            _ => {}
        }
        self.depth += 1;
        self.text.clear();
        Ok(())
    }

    fn close(&mut self) {
        match self.depth {
            2 => {
                if let Some(el) = self.elements.last_mut()
                    && el.children.is_empty()
                {
                    el.text = std::mem::take(&mut self.text);
                }
            }
            3 => {
                if let Some(parent) = self.elements.last_mut() {
                    let name = std::mem::take(&mut self.child_name);
                    parent.children.push((name, std::mem::take(&mut self.text)));
                }
            }
            _ => {}
        }
        self.depth = self.depth.saturating_sub(1);
        self.text.clear();
    }

    /// Character data; outside the root only whitespace is allowed.
    fn text(&mut self, t: &str) -> Result<(), XmlError> {
        match self.depth {
            0 => Err(XmlError::Root),
            1 => Ok(()),
            _ => {
                self.text.push_str(t);
                Ok(())
            }
        }
    }
}

/// Rejects bodies over the limit before anything else looks at them.
pub(crate) fn check_size(len: usize) -> Result<(), XmlError> {
    if len > MAX_BODY_BYTES {
        return Err(XmlError::TooLarge {
            len,
            max: MAX_BODY_BYTES,
        });
    }
    Ok(())
}

fn parse_int(name: &'static str, value: &str) -> Result<i64, XmlError> {
    value.trim().parse().map_err(|_| XmlError::NotInteger {
        name,
        value: value.chars().take(64).collect(),
    })
}

/// The text of a slice quick-xml borrowed from `doc`, found by position instead of re-validating
/// UTF-8 (which was most of the parse time for a 1 KiB push). Any other slice is validated.
fn within<'a>(doc: &'a str, part: &'a [u8]) -> Result<&'a str, XmlError> {
    let start = part.as_ptr().addr().wrapping_sub(doc.as_ptr().addr());
    match doc.get(start..start.saturating_add(part.len())) {
        Some(s) if s.as_ptr() == part.as_ptr() => Ok(s),
        _ => utf8(part),
    }
}

fn utf8(bytes: &[u8]) -> Result<&str, XmlError> {
    std::str::from_utf8(bytes).map_err(|_| XmlError::NotUtf8)
}

/// Resolves the five predefined entities and character references; everything else is refused.
fn resolve_entity(r: &quick_xml::events::BytesRef<'_>) -> Result<char, XmlError> {
    let name = utf8(r)?;
    let ch = match name {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "apos" => '\'',
        "quot" => '"',
        _ => match r.resolve_char_ref() {
            Ok(Some(ch)) => ch,
            _ => return Err(XmlError::Entity(name.chars().take(32).collect())),
        },
    };
    Ok(ch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cdata_text_entities_and_one_nested_level() {
        let doc = Document::parse(
            "<?xml version=\"1.0\"?><xml>\n<A><![CDATA[x <y> ]]></A><B> 12 </B><C>a&amp;b&#x4e2d;</C>\
             <info><n><![CDATA[v]]></n><m/><deep><d>1</d></deep></info><E/></xml>\n",
        )
        .unwrap();
        assert_eq!(doc.get("A"), Some("x <y> "));
        assert_eq!(doc.require_int("B").unwrap(), 12);
        assert_eq!(doc.get("C"), Some("a&b中"));
        assert_eq!(doc.get("E"), Some(""));
        let info = doc.children("info").unwrap();
        assert_eq!(
            info,
            &[
                ("n".to_owned(), "v".to_owned()),
                ("m".to_owned(), String::new()),
                ("deep".to_owned(), String::new())
            ]
        );
        assert_eq!(doc.get("a"), None, "names are case-sensitive");
    }

    #[test]
    fn rejects_doctype_entities_and_bad_roots() {
        let bomb = "<!DOCTYPE xml [<!ENTITY a \"aaaa\">]><xml><A>&a;</A></xml>";
        assert_eq!(Document::parse(bomb), Err(XmlError::Doctype));
        assert_eq!(
            Document::parse("<xml><A>&a;</A></xml>"),
            Err(XmlError::Entity("a".into()))
        );
        assert_eq!(Document::parse("<root/>"), Err(XmlError::Root));
        assert_eq!(Document::parse("<xml/><xml/>"), Err(XmlError::Root));
        assert!(matches!(
            Document::parse("<xml><A></xml>"),
            Err(XmlError::Syntax(_))
        ));
        assert!(matches!(
            Document::parse("<xml><A>"),
            Err(XmlError::Syntax(_))
        ));
        assert!(matches!(Document::parse(""), Err(XmlError::Syntax(_))));
    }

    #[test]
    fn size_limit_is_checked_first() {
        let big = format!("<xml><A>{}</A></xml>", "a".repeat(MAX_BODY_BYTES));
        assert!(matches!(
            Document::parse(&big),
            Err(XmlError::TooLarge { .. })
        ));
    }
}
