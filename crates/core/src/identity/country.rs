//! The country whose national phone numbers a data set reads, chosen by
//! ISO 3166 alpha-2 code from the countries [`PhoneCountry`] knows.
//!
//! A phone written without an international prefix (`(415) 555-0100`) is a
//! number of this country: it decides which contact key and which identifier
//! the number becomes, so it is part of the data, not a constant. A data
//! set is keyed with one country; see [`crate::model::Dataset::check_country`].

use super::normalize::{PhoneCountry, COUNTRIES};
use serde::{Deserialize, Serialize};

/// One of the countries of the phone table, by ISO code (`"US"`).
///
/// Only known countries can be made, so a code that reached the importer is
/// one it can read numbers of; serialised as its code, and an unknown code
/// fails to deserialise.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CountryCode(u8);

impl CountryCode {
    /// Spain, the country when none is chosen.
    pub const SPAIN: CountryCode = CountryCode(0);

    /// The country of an ISO 3166 alpha-2 code, any case (`"us"`), or why
    /// not.
    pub fn parse(code: &str) -> Result<Self, UnknownCountry> {
        let wanted = code.trim();
        COUNTRIES
            .iter()
            .position(|(iso, _)| iso.eq_ignore_ascii_case(wanted))
            .map(|i| CountryCode(i as u8))
            .ok_or_else(|| UnknownCountry {
                code: code.to_owned(),
            })
    }

    /// Every known country, in the table's order (Spain first).
    pub fn all() -> impl ExactSizeIterator<Item = CountryCode> {
        (0..COUNTRIES.len() as u8).map(CountryCode)
    }

    /// The ISO code, upper case.
    pub fn iso(self) -> &'static str {
        COUNTRIES[self.0 as usize].0
    }

    /// Its numbering facts.
    pub fn phone(self) -> PhoneCountry {
        COUNTRIES[self.0 as usize].1
    }
}

impl Default for CountryCode {
    fn default() -> Self {
        CountryCode::SPAIN
    }
}

impl std::fmt::Debug for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.iso())
    }
}

impl std::fmt::Display for CountryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.iso())
    }
}

impl std::str::FromStr for CountryCode {
    type Err = UnknownCountry;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CountryCode::parse(s)
    }
}

impl TryFrom<String> for CountryCode {
    type Error = UnknownCountry;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        CountryCode::parse(&s)
    }
}

impl From<CountryCode> for String {
    fn from(c: CountryCode) -> String {
        c.iso().to_owned()
    }
}

/// The known codes, for messages: `ES, FR, …`.
fn known() -> String {
    let codes: Vec<&str> = CountryCode::all().map(CountryCode::iso).collect();
    codes.join(", ")
}

/// A country code the phone table does not know.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown country code '{code}' for phone numbers (known: {})", known())]
pub struct UnknownCountry {
    /// The code as given.
    pub code: String,
}

/// Files of one country added to a data set keyed with another.
///
/// Refused rather than keyed each with its own: the same national number
/// would be two people (or two numbers one), and identity reconciliation
/// reads every record's phone column again with the data set's one
/// country, whose normalised forms are kept per string
/// (`crate::people::prepare`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "the data set's phone numbers were read as numbers of {keyed}, not {wanted}: \
     add files with {keyed} as the phone country, or start a new data set"
)]
pub struct CountryMismatch {
    /// The data set's country.
    pub keyed: CountryCode,
    /// The country asked for.
    pub wanted: CountryCode,
}
