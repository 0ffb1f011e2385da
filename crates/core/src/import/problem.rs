//! The machine-readable kind of a [`super::RowError`], so callers can word
//! a row error themselves (the app shows it in Spanish) while `reason`
//! stays the importer's English sentence for the CLI.
//!
//! The kind is read back from the reason the importer wrote, in one place,
//! rather than threaded through every row builder: the sentences are the
//! importer's own, and the tests below pin each one to its kind, so a
//! reworded reason fails here instead of silently falling back to
//! [`RowErrorKind::Other`].

use serde::{Deserialize, Serialize};

/// What went wrong with a row or a file. `what` values are snake_case
/// tokens naming a field or value kind (`date`, `number`, `event_type`,
/// `channel`, `consent_status`, …).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum RowErrorKind {
    /// Anything else; show the reason as it is.
    #[default]
    Other,
    /// A required cell is empty.
    Missing {
        /// Which value.
        what: String,
    },
    /// A cell cannot be read as the value its column holds.
    Unreadable {
        /// The cell (shortened when long).
        value: String,
        /// What it should have been.
        what: String,
        /// For dates: the day/month pattern the file is read with.
        pattern: Option<String>,
    },
    /// A word that is not a known value of its vocabulary.
    Unknown {
        /// Which vocabulary (`channel`, `direction`, `scope`, `flag`, …).
        what: String,
        /// The word.
        value: String,
    },
    /// The e-mail, id and phone are all empty.
    NoContact,
    /// The row has another number of fields than the header.
    FieldCount {
        /// Fields in the row.
        found: u64,
        /// Fields in the header.
        expected: u64,
    },
    /// The row is longer than the importer keeps.
    TooLong {
        /// The limit, MiB.
        mib: u64,
    },
    /// A quoted field never closes and swallowed the rest of the file.
    UnclosedQuote {
        /// Line where the quote opened.
        opened: u64,
        /// First line not loaded.
        first: u64,
        /// Last line not loaded.
        last: u64,
    },
    /// No column is mapped to a field the table needs; nothing loaded.
    NotMapped {
        /// Which field (`contact`, `timestamp`, `amount`, …).
        what: String,
    },
    /// The file has no header.
    EmptyFile,
    /// The gzip data is damaged or cut short.
    Gzip,
}

/// `event type` → `event_type`.
fn token(words: &str) -> String {
    words.trim().replace(' ', "_")
}

/// `'<value>'` → `value`.
fn quoted(s: &str) -> Option<&str> {
    s.strip_prefix('\'')?.strip_suffix('\'')
}

fn num(s: &str) -> Option<u64> {
    s.trim().parse().ok()
}

impl RowErrorKind {
    /// The kind of a reason the importer wrote.
    pub fn of(reason: &str) -> Self {
        Self::parse(reason).unwrap_or_default()
    }

    fn parse(r: &str) -> Option<Self> {
        if let Some(what) = r.strip_prefix("missing ") {
            return Some(RowErrorKind::Missing { what: token(what) });
        }
        if let Some(rest) = r.strip_prefix("cannot read ") {
            // `'<value>' as a[n] <what>[ (dates in this file are read as <p>)]`
            let at = rest.rfind("' as a")?;
            let value = rest.get(1..at)?;
            let tail = &rest[at + 2..];
            let tail = tail
                .strip_prefix("as an ")
                .or_else(|| tail.strip_prefix("as a "))?;
            let (what, pattern) = match tail.split_once(" (dates in this file are read as ") {
                Some((what, p)) => (what, Some(p.trim_end_matches(')').to_owned())),
                None => (tail, None),
            };
            return Some(RowErrorKind::Unreadable {
                value: value.to_owned(),
                what: token(what),
                pattern,
            });
        }
        if let Some(rest) = r.strip_prefix("unknown ") {
            let at = rest.find(" '")?;
            let value = quoted(&rest[at + 1..])?;
            return Some(RowErrorKind::Unknown {
                what: token(&rest[..at]),
                value: value.to_owned(),
            });
        }
        if r.starts_with("no contact") {
            return Some(RowErrorKind::NoContact);
        }
        if let Some(rest) = r.strip_prefix("the row has ") {
            let (found, expected) = rest.split_once(" fields but the header has ")?;
            return Some(RowErrorKind::FieldCount {
                found: num(found)?,
                expected: num(expected)?,
            });
        }
        if let Some(rest) = r.strip_prefix("the row is longer than ") {
            return Some(RowErrorKind::TooLong {
                mib: num(rest.split_once(" MiB")?.0)?,
            });
        }
        if let Some(rest) = r.strip_prefix("a quoted field opened on line ") {
            let (opened, lost) = rest.split_once(" is never closed; ")?;
            let lines = lost
                .strip_prefix("lines ")
                .or_else(|| lost.strip_prefix("line "))?;
            let lines = lines.split_once(" w")?.0;
            let (first, last) = lines.split_once('–').unwrap_or((lines, lines));
            return Some(RowErrorKind::UnclosedQuote {
                opened: num(opened)?,
                first: num(first)?,
                last: num(last)?,
            });
        }
        if let Some(rest) = r.strip_prefix("no column is mapped to ") {
            let what = rest.split_once(';')?.0;
            let what = what.split(" (").next().unwrap_or(what);
            let what = what
                .strip_prefix("the ")
                .or_else(|| what.strip_prefix("a "))
                .unwrap_or(what);
            return Some(RowErrorKind::NotMapped { what: token(what) });
        }
        if r == "the file is empty" {
            return Some(RowErrorKind::EmptyFile);
        }
        if r.starts_with("the gzip data") {
            return Some(RowErrorKind::Gzip);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::RowErrorKind::{self, *};

    fn s(x: &str) -> String {
        x.to_owned()
    }

    fn check(reason: &str, expected: RowErrorKind) {
        assert_eq!(RowErrorKind::of(reason), expected, "{reason}");
    }

    #[test]
    fn every_reason_the_importer_writes_has_its_kind() {
        check("missing date", Missing { what: s("date") });
        check(
            "missing event type",
            Missing {
                what: s("event_type"),
            },
        );
        check("missing amount", Missing { what: s("amount") });
        check(
            "missing campaign id and name",
            Missing {
                what: s("campaign_id_and_name"),
            },
        );
        check(
            "cannot read 'soon' as a date",
            Unreadable {
                value: s("soon"),
                what: s("date"),
                pattern: None,
            },
        );
        check(
            "cannot read '13/13/2024' as a date (dates in this file are read as dd/mm/yyyy)",
            Unreadable {
                value: s("13/13/2024"),
                what: s("date"),
                pattern: Some(s("dd/mm/yyyy")),
            },
        );
        check(
            "cannot read 'it's 12' as a number",
            Unreadable {
                value: s("it's 12"),
                what: s("number"),
                pattern: None,
            },
        );
        check(
            "cannot read 'x' as an age",
            Unreadable {
                value: s("x"),
                what: s("age"),
                pattern: None,
            },
        );
        check(
            "cannot read 'big' as a company size",
            Unreadable {
                value: s("big"),
                what: s("company_size"),
                pattern: None,
            },
        );
        check(
            "unknown channel 'pigeon'",
            Unknown {
                what: s("channel"),
                value: s("pigeon"),
            },
        );
        check(
            "unknown consent status 'maybe'",
            Unknown {
                what: s("consent_status"),
                value: s("maybe"),
            },
        );
        check(
            "unknown yes/no value 'perhaps'",
            Unknown {
                what: s("yes/no_value"),
                value: s("perhaps"),
            },
        );
        check(
            "no contact: the e-mail, id and phone are all empty",
            NoContact,
        );
        check("no contact", NoContact);
        check(
            "the row has 3 fields but the header has 5",
            FieldCount {
                found: 3,
                expected: 5,
            },
        );
        check(
            "the row is longer than 16 MiB and was not loaded",
            TooLong { mib: 16 },
        );
        check(
            "a quoted field opened on line 7 is never closed; lines 7–9 were not loaded",
            UnclosedQuote {
                opened: 7,
                first: 7,
                last: 9,
            },
        );
        check(
            "a quoted field opened on line 4 is never closed; line 4 was not loaded",
            UnclosedQuote {
                opened: 4,
                first: 4,
                last: 4,
            },
        );
        check(
            "no column is mapped to the event type; nothing was loaded",
            NotMapped {
                what: s("event_type"),
            },
        );
        check(
            "no column is mapped to a contact (email, contact id or phone); nothing was loaded",
            NotMapped { what: s("contact") },
        );
        check("the file is empty", EmptyFile);
        check(
            "the gzip data ends early (eof); the end of the file is missing",
            Gzip,
        );
        check("something new", Other);
    }

    #[test]
    fn the_importer_never_writes_a_reason_without_a_kind() {
        use crate::import::{import_bytes, ImportOptions, TableKind};
        let check = |kind: TableKind, csv: &str| {
            let mut ds = crate::Dataset::default();
            let opts = ImportOptions {
                kind: Some(kind),
                ..ImportOptions::default()
            };
            let report = import_bytes(&mut ds, csv.as_bytes(), &opts);
            assert!(!report.errors.is_empty(), "{csv}");
            for e in &report.errors {
                assert_ne!(e.kind, Other, "{}", e.reason);
                assert_eq!(e.kind, RowErrorKind::of(&e.reason));
            }
        };
        use TableKind::*;
        check(
            Events,
            "email,event,timestamp,channel,flags\n\
             a@x.com,open,soon,email,\n\
             a@x.com,,2024-01-01,email,\n\
             a@x.com,open,,email,\n\
             ,open,2024-01-01,email,\n\
             a@x.com,open,2024-01-01,pigeon,\n\
             a@x.com,open,2024-01-01,email,weird\n\
             a@x.com,open\n\
             a@x.com,open,2024-01-01,\"email\n",
        );
        check(
            Orders,
            "email,date,amount\na@x.com,2024-01-01,lots\na@x.com,2024-01-01,\n",
        );
        check(Contacts, "email,company_size,birth_year\na@x.com,big,1\n");
        check(Events, "email,note\na@x.com,hi\n");
        check(Events, "");
    }

    #[test]
    fn the_kind_travels_as_tagged_json() {
        let k = Unknown {
            what: s("channel"),
            value: s("pigeon"),
        };
        let json = serde_json::to_string(&k).unwrap();
        assert_eq!(
            json,
            r#"{"type":"unknown","what":"channel","value":"pigeon"}"#
        );
        assert_eq!(serde_json::from_str::<RowErrorKind>(&json).unwrap(), k);
        // A row error written before kinds existed still reads.
        let old = r#"{"line":3,"column":null,"reason":"no contact"}"#;
        let e: crate::import::RowError = serde_json::from_str(old).unwrap();
        assert_eq!(e.kind, Other);
    }
}
