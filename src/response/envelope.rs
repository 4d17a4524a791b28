//! The error envelope, as read from JSON or XML: each field offered by key, matched
//! case-insensitively, with an exact-case key winning over any other spelling.

use std::borrow::Cow;

/// A field's value as the body gave it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    Str(Cow<'a, str>),
    /// A JSON number, as the exact text that was sent.
    Num(String),
    /// An object, array, boolean or `null` where text was expected.
    Other,
}

impl Value<'_> {
    pub(crate) fn into_owned(self) -> Value<'static> {
        match self {
            Value::Str(s) => Value::Str(Cow::Owned(s.into_owned())),
            Value::Num(n) => Value::Num(n),
            Value::Other => Value::Other,
        }
    }
}

/// One field: the value, and whether it came from the exact-case key.
#[derive(Debug, Default)]
pub(crate) struct Slot<'a> {
    value: Option<Value<'a>>,
    exact: bool,
}

impl<'a> Slot<'a> {
    /// Offers a value. The rules, the same for JSON keys and XML elements:
    ///
    /// - a value with no text (`null`, an empty string, an object, array or boolean) is as if
    ///   the key were absent: it never replaces a value, and any value replaces it;
    /// - an exact-case key replaces any other spelling, and no other spelling replaces it;
    /// - between two keys of the same rank, the later one wins, as it does for a repeated key
    ///   in Python's `json.loads` (the official Python SDK's parser).
    ///
    /// So `{"Code":null,"code":"X"}` has the code `X`, and `{"Code":"A","Code":"B"}` has `B`.
    pub(crate) fn offer(&mut self, exact: bool, value: Value<'a>) {
        let has_text = |v: &Value<'_>| match v {
            Value::Str(s) => !s.is_empty(),
            Value::Num(_) => true,
            Value::Other => false,
        };
        let held = self.value.as_ref().is_some_and(has_text);
        if !has_text(&value) {
            if self.value.is_none() {
                self.value = Some(value);
                self.exact = exact;
            }
            return;
        }
        if held && self.exact && !exact {
            return;
        }
        self.value = Some(value);
        self.exact = exact;
    }

    /// The value as text when it is a non-empty string or a number.
    pub(crate) fn text(&self) -> Option<&str> {
        match &self.value {
            Some(Value::Str(s)) if !s.is_empty() => Some(s),
            Some(Value::Num(n)) => Some(n),
            _ => None,
        }
    }

    /// The value when it is a non-empty string (numbers excluded).
    pub(crate) fn string(&self) -> Option<&str> {
        match &self.value {
            Some(Value::Str(s)) if !s.is_empty() => Some(s),
            _ => None,
        }
    }
}

/// The envelope's own keys.
pub(crate) const REQUEST_ID: &str = "RequestId";
pub(crate) const HOST_ID: &str = "HostId";
pub(crate) const CODE: &str = "Code";
pub(crate) const MESSAGE: &str = "Message";
pub(crate) const RECOMMEND: &str = "Recommend";
pub(crate) const ACCESS_DENIED_DETAIL: &str = "AccessDeniedDetail";

/// The keys of `AccessDeniedDetail`, in the order of [`Detail::slots`].
pub(crate) const DETAIL_KEYS: [&str; 7] = [
    "PolicyType",
    "AuthPrincipalOwnerId",
    "EncodedDiagnosticMessage",
    "AuthPrincipalType",
    "AuthPrincipalDisplayName",
    "NoPermissionType",
    "AuthAction",
];

/// The fields of `AccessDeniedDetail`.
#[derive(Debug, Default)]
pub(crate) struct Detail<'a> {
    pub(crate) slots: [Slot<'a>; 7],
}

impl<'a> Detail<'a> {
    pub(crate) fn into_owned(self) -> Detail<'static> {
        Detail {
            slots: self.slots.map(|slot| Slot {
                value: slot.value.map(Value::into_owned),
                exact: slot.exact,
            }),
        }
    }

    /// Offers `key`'s value to the field it names, if any.
    pub(crate) fn offer(&mut self, key: &str, value: Value<'a>) -> bool {
        match DETAIL_KEYS.iter().position(|k| k.eq_ignore_ascii_case(key)) {
            Some(i) => {
                self.slots[i].offer(key == DETAIL_KEYS[i], value);
                true
            }
            None => false,
        }
    }
}

/// Which envelope field a key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    RequestId,
    HostId,
    Code,
    Message,
    Recommend,
    AccessDeniedDetail,
}

impl Field {
    /// The field a key names, case-insensitively, and whether the case is exact.
    pub(crate) fn of(key: &str) -> Option<(Field, bool)> {
        [
            (REQUEST_ID, Field::RequestId),
            (HOST_ID, Field::HostId),
            (CODE, Field::Code),
            (MESSAGE, Field::Message),
            (RECOMMEND, Field::Recommend),
            (ACCESS_DENIED_DETAIL, Field::AccessDeniedDetail),
        ]
        .into_iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(key))
        .map(|(name, field)| (field, name == key))
    }
}

/// Everything the decoder reads from a body.
#[derive(Debug, Default)]
pub(crate) struct Envelope<'a> {
    pub(crate) request_id: Slot<'a>,
    pub(crate) host_id: Slot<'a>,
    pub(crate) code: Slot<'a>,
    pub(crate) message: Slot<'a>,
    pub(crate) recommend: Slot<'a>,
    /// The detail, once one was read (from an object, a JSON-encoded string, or XML).
    pub(crate) detail: Option<(bool, Detail<'a>)>,
}

impl<'a> Envelope<'a> {
    /// Offers a scalar field.
    pub(crate) fn offer(&mut self, field: Field, exact: bool, value: Value<'a>) {
        let slot = match field {
            Field::RequestId => &mut self.request_id,
            Field::HostId => &mut self.host_id,
            Field::Code => &mut self.code,
            Field::Message => &mut self.message,
            Field::Recommend => &mut self.recommend,
            Field::AccessDeniedDetail => return,
        };
        slot.offer(exact, value);
    }

    /// Offers a whole `AccessDeniedDetail`, with the precedence of a scalar field: an exact-case
    /// key replaces any other spelling, and the later of two of the same rank wins.
    pub(crate) fn offer_detail(&mut self, exact: bool, detail: Detail<'a>) {
        if matches!(self.detail, Some((true, _))) && !exact {
            return;
        }
        self.detail = Some((exact, detail));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value<'_> {
        Value::Str(Cow::Borrowed(text))
    }

    #[test]
    fn exact_case_wins_in_either_order() {
        let mut slot = Slot::default();
        slot.offer(false, s("lower"));
        slot.offer(true, s("exact"));
        slot.offer(false, s("later"));
        assert_eq!(slot.text(), Some("exact"));

        let mut slot = Slot::default();
        slot.offer(true, s("exact"));
        slot.offer(false, s("lower"));
        assert_eq!(slot.text(), Some("exact"));
    }

    #[test]
    fn the_later_of_equal_rank_wins() {
        let mut slot = Slot::default();
        slot.offer(false, s("code"));
        slot.offer(false, s("CODE"));
        assert_eq!(slot.text(), Some("CODE"));
        let mut slot = Slot::default();
        slot.offer(true, s("A"));
        slot.offer(true, s("B"));
        assert_eq!(slot.text(), Some("B"));
    }

    #[test]
    fn a_value_without_text_is_as_if_absent() {
        for empty in [s(""), Value::Other] {
            for (first_exact, second_exact) in [(true, false), (false, true), (true, true)] {
                let mut slot = Slot::default();
                slot.offer(first_exact, empty.clone());
                slot.offer(second_exact, s("X"));
                assert_eq!(slot.text(), Some("X"), "{empty:?} then X");
                let mut slot = Slot::default();
                slot.offer(first_exact, s("X"));
                slot.offer(second_exact, empty.clone());
                assert_eq!(slot.text(), Some("X"), "X then {empty:?}");
            }
        }
    }

    #[test]
    fn empty_and_null_are_no_text() {
        for v in [s(""), Value::Other] {
            let mut slot = Slot::default();
            slot.offer(true, v);
            assert_eq!(slot.text(), None);
        }
        let mut slot = Slot::default();
        slot.offer(true, Value::Num("404".into()));
        assert_eq!((slot.text(), slot.string()), (Some("404"), None));
    }

    /// Inside `AccessDeniedDetail` and for the detail as a whole, as for a scalar field: an
    /// exact-case key wins over another spelling, whichever comes first.
    #[test]
    fn an_exact_detail_key_and_an_exact_detail_win_in_either_order() {
        for keys in [["policytype", "PolicyType"], ["PolicyType", "POLICYTYPE"]] {
            let mut detail = Detail::default();
            for key in keys {
                assert!(detail.offer(key, s(key)));
            }
            assert_eq!(detail.slots[0].text(), Some("PolicyType"), "{keys:?}");
        }
        assert!(!Detail::default().offer("PolicyTypes", s("x")));

        let detail = |text: &'static str| {
            let mut d = Detail::default();
            d.offer("PolicyType", s(text));
            d
        };
        fn shown<'e>(e: &'e Envelope<'_>) -> Option<&'e str> {
            e.detail.as_ref().and_then(|(_, d)| d.slots[0].text())
        }
        for exact_first in [true, false] {
            let mut envelope = Envelope::default();
            for exact in [exact_first, !exact_first] {
                envelope.offer_detail(exact, detail(if exact { "exact" } else { "other" }));
            }
            assert_eq!(
                shown(&envelope),
                Some("exact"),
                "exact first: {exact_first}"
            );
        }
        let mut envelope = Envelope::default();
        envelope.offer_detail(false, detail("first"));
        envelope.offer_detail(false, detail("later"));
        assert_eq!(shown(&envelope), Some("later"));
    }

    #[test]
    fn field_names_match_case_insensitively() {
        assert_eq!(Field::of("Code"), Some((Field::Code, true)));
        assert_eq!(Field::of("code"), Some((Field::Code, false)));
        assert_eq!(Field::of("requestId"), Some((Field::RequestId, false)));
        assert_eq!(Field::of("Codes"), None);
    }
}
