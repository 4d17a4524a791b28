//! Reading the envelope from an XML body: root `Error` or any `…Response`, fields as its child
//! elements, `AccessDeniedDetail` one level deeper. CDATA and entity references are resolved;
//! surrounding XML whitespace of an element's text is trimmed.

use std::borrow::Cow;

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use super::envelope::{Detail, Envelope, Field, Value};

/// What the element being read will be offered as.
enum Target {
    Field(Field, bool),
    Detail(String),
}

/// The envelope of an XML body, or `None` when it is not a well-formed document with an
/// `Error` or `…Response` root.
pub(crate) fn read(text: &str) -> Option<Envelope<'_>> {
    let mut reader = Reader::from_str(text);
    let mut envelope = Envelope::default();
    let mut depth = 0usize;
    let mut root_done = false;
    // The open `AccessDeniedDetail` element, if any: its exactness and what it holds so far.
    let mut detail: Option<(bool, Detail<'static>)> = None;
    // The field element being read, its text so far, and its depth.
    let mut target: Option<(Target, String, usize)> = None;

    loop {
        let event = reader.read_event().ok()?;
        let (name, opens, closes) = match &event {
            Event::Start(e) => (Some(e.name().as_ref().to_owned()), true, false),
            Event::Empty(e) => (Some(e.name().as_ref().to_owned()), true, true),
            Event::End(_) => (None, false, true),
            Event::Text(t) => {
                let t = t.xml10_content();
                if depth == 0 && !is_xml_space(&t) {
                    return None;
                }
                push_text(&mut target, depth, &t);
                continue;
            }
            Event::CData(c) => {
                if depth == 0 {
                    return None;
                }
                push_text(&mut target, depth, &c.clone().xml10_content());
                continue;
            }
            Event::GeneralRef(r) => {
                let resolved: Cow<'_, str> = if r.is_char_ref() {
                    Cow::Owned(r.resolve_char_ref().ok()??.to_string())
                } else {
                    Cow::Borrowed(resolve_predefined_entity(&r.xml10_content())?)
                };
                if depth == 0 {
                    return None;
                }
                push_text(&mut target, depth, &resolved);
                continue;
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => continue,
        };

        if opens {
            depth += 1;
            let name = name.expect("invariant: an opening element has a name");
            match depth {
                1 if root_done || !(name == "Error" || name.ends_with("Response")) => return None,
                2 => match Field::of(&name) {
                    Some((Field::AccessDeniedDetail, exact)) => {
                        detail = Some((exact, Detail::default()))
                    }
                    Some((field, exact)) => {
                        target = Some((Target::Field(field, exact), String::new(), depth))
                    }
                    None => {}
                },
                3 if detail.is_some() => {
                    target = Some((Target::Detail(name), String::new(), depth))
                }
                _ => {}
            }
        }
        if closes {
            match depth {
                1 => root_done = true,
                2 => {
                    if let Some((exact, d)) = detail.take() {
                        envelope.offer_detail(exact, d);
                    }
                    finish(&mut target, depth, &mut envelope, None);
                }
                3 => finish(
                    &mut target,
                    depth,
                    &mut envelope,
                    detail.as_mut().map(|(_, d)| d),
                ),
                _ => {}
            }
            depth = depth.checked_sub(1)?;
        }
    }
    (depth == 0 && root_done).then_some(envelope)
}

fn is_xml_space(text: &str) -> bool {
    text.bytes()
        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// Text directly inside the element being read (not inside its children) is kept.
fn push_text(target: &mut Option<(Target, String, usize)>, depth: usize, text: &str) {
    if let Some((_, buf, at)) = target
        && *at == depth
    {
        buf.push_str(text);
    }
}

/// Offers the element closing at `depth`, if it is the field being read.
fn finish(
    target: &mut Option<(Target, String, usize)>,
    depth: usize,
    envelope: &mut Envelope<'_>,
    detail: Option<&mut Detail<'static>>,
) {
    if !matches!(target, Some((_, _, at)) if *at == depth) {
        return;
    }
    let Some((what, text, _)) = target.take() else {
        return;
    };
    let text = text.trim_matches([' ', '\t', '\r', '\n']).to_owned();
    match (what, detail) {
        (Target::Field(field, exact), _) => {
            envelope.offer(field, exact, Value::Str(Cow::Owned(text)))
        }
        (Target::Detail(key), Some(detail)) => {
            detail.offer(&key, Value::Str(Cow::Owned(text)));
        }
        (Target::Detail(_), None) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_without_one_whole_root_is_not_read() {
        for text in [
            "<?xml version='1.0' encoding='UTF-8'?>",
            "<!-- a comment and nothing else -->",
            "  \n",
            "<Error><Code>Throttling</Code>",
            "<Error><Code>Throttling</Code></Error><Error/>",
        ] {
            assert!(read(text).is_none(), "{text:?}");
        }
        let whole = "<?xml version='1.0'?><Error><Code>Throttling</Code></Error>";
        assert!(read(whole).is_some());
    }

    /// Only XML whitespace may stand outside the root, before it or after it.
    #[test]
    fn text_outside_the_root_is_not_read() {
        let root = "<Error><Code>Throttling</Code></Error>";
        for text in [
            format!("{root}x"),
            format!("<?xml version='1.0'?>x{root}"),
            format!("{root}\u{a0}"),
        ] {
            assert!(read(&text).is_none(), "{text:?}");
        }
        let spaced = format!(" \t\r\n<?xml version='1.0'?>\n{root}\r\n\t ");
        assert_eq!(read(&spaced).expect("read").code.text(), Some("Throttling"));
    }

    /// An element inside a field (not `AccessDeniedDetail`) is skipped: the field keeps the
    /// text directly inside it, and the element is not read as a detail.
    #[test]
    fn an_element_inside_a_field_is_skipped() {
        let envelope = read(
            "<Error><Code>Throttling<Why><AuthAction>x</AuthAction>later</Why>.User</Code></Error>",
        )
        .expect("read");
        assert_eq!(envelope.code.text(), Some("Throttling.User"));
        assert!(envelope.detail.is_none());
    }
}
