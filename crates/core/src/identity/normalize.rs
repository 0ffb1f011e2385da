//! Normalising e-mail addresses and phone numbers into comparable keys.
//!
//! Both functions append to a caller's buffer so the merge loop can reuse one
//! `String` for millions of identifiers.

use serde::{Deserialize, Serialize};

/// Why an identifier was not usable as a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvalidReason {
    /// Nothing left after trimming.
    Empty,
    /// Not `local@domain.tld`.
    BadEmail,
    /// A letter or symbol that phone numbers do not contain (extensions too).
    BadCharacter,
    /// Too short or too long for the country, or for E.164 (at most 15 digits).
    BadLength,
    /// A national number with a leading digit the country does not use.
    BadPrefix,
}

/// Appends the normalised form of `raw` (trimmed, lower-cased) to `out` and
/// returns `Ok`, or leaves `out` unchanged and says why it is not an address.
/// `Name <address>` and `mailto:address`, as some exports write them, are
/// reduced to the address.
pub fn normalize_email(raw: &str, out: &mut String) -> Result<(), InvalidReason> {
    match plain_email(raw.as_bytes()) {
        Some(Ok(())) => {
            let start = out.len();
            out.push_str(raw);
            out[start..].make_ascii_lowercase();
            Ok(())
        }
        Some(Err(e)) => Err(e),
        None => normalize_email_fully(raw, out),
    }
}

/// [`normalize_email`]'s answer for the common address (printable ASCII
/// with no space, no `Name <address>` or `mailto:` form) in one pass over
/// its bytes, with the address itself as the text to lower-case; `None`
/// for anything else, which [`normalize_email_fully`] reads.
#[inline]
fn plain_email(b: &[u8]) -> Option<Result<(), InvalidReason>> {
    let (&last, _) = b.split_last()?;
    if last == b'>'
        || b.get(..7)
            .is_some_and(|p| p.eq_ignore_ascii_case(b"mailto:"))
    {
        return None;
    }
    // Spaces, control bytes, DEL and non-ASCII take the full reading.
    // Whole-slice passes without early exits, which LLVM vectorises.
    let printable = b.iter().fold(true, |ok, c| ok & (b'!'..=b'~').contains(c));
    if !printable {
        return None;
    }
    let ats = b.iter().fold(0u32, |n, &c| n + u32::from(c == b'@'));
    let Some(at) = b.iter().position(|&c| c == b'@') else {
        return Some(Err(InvalidReason::BadEmail));
    };
    let domain = &b[at + 1..];
    let plausible = at > 0
        && ats == 1
        && domain.len() >= 3
        && domain.contains(&b'.')
        && domain[0] != b'.'
        && last != b'.';
    Some(if plausible {
        Ok(())
    } else {
        Err(InvalidReason::BadEmail)
    })
}

/// [`normalize_email`] for any text.
pub(super) fn normalize_email_fully(raw: &str, out: &mut String) -> Result<(), InvalidReason> {
    let mut email = raw.trim();
    if let Some(inner) = email
        .strip_suffix('>')
        .and_then(|s| s.rsplit_once('<'))
        .map(|(_, inner)| inner.trim())
    {
        email = inner;
    }
    if let Some(rest) = email
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("mailto:"))
        .and_then(|_| email.get(7..))
    {
        email = rest;
    }
    if email.is_empty() {
        return Err(InvalidReason::Empty);
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(InvalidReason::BadEmail);
    };
    let plausible = !local.is_empty()
        && domain.len() >= 3
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace);
    if !plausible {
        return Err(InvalidReason::BadEmail);
    }
    if email.is_ascii() {
        let start = out.len();
        out.push_str(email);
        out[start..].make_ascii_lowercase();
    } else {
        out.extend(email.chars().flat_map(char::to_lowercase));
    }
    Ok(())
}

/// Numbering facts of one country, enough to turn a national number into
/// E.164.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneCountry {
    /// Country calling code (34 for Spain).
    pub calling_code: u16,
    /// The national trunk prefix dialled before national numbers and dropped
    /// in E.164 (`0` in France, UK, Germany; `1` in the NANP), if any.
    pub trunk: Option<u8>,
    /// Shortest national significant number, in digits.
    pub min_digits: u8,
    /// Longest national significant number, in digits.
    pub max_digits: u8,
    /// Whether a national significant number may start with 0 (Italy).
    pub leading_zero: bool,
}

/// (ISO code, facts). Spain, Portugal and Italy have no trunk prefix: a
/// Spanish number never starts with 0 nationally, and Italian fixed numbers
/// keep their 0 in E.164.
pub(super) const COUNTRIES: &[(&str, PhoneCountry)] = &[
    ("ES", country(34, None, 9, 9)),
    ("FR", country(33, Some(b'0'), 9, 9)),
    ("GB", country(44, Some(b'0'), 9, 10)),
    ("DE", country(49, Some(b'0'), 6, 11)),
    (
        "IT",
        PhoneCountry {
            leading_zero: true,
            ..country(39, None, 6, 11)
        },
    ),
    ("PT", country(351, None, 9, 9)),
    ("NL", country(31, Some(b'0'), 9, 9)),
    ("BE", country(32, Some(b'0'), 8, 9)),
    ("CH", country(41, Some(b'0'), 9, 9)),
    ("AT", country(43, Some(b'0'), 4, 13)),
    ("IE", country(353, Some(b'0'), 7, 9)),
    ("US", country(1, Some(b'1'), 10, 10)),
    ("CA", country(1, Some(b'1'), 10, 10)),
    ("MX", country(52, None, 10, 10)),
    ("BR", country(55, Some(b'0'), 10, 11)),
    ("AR", country(54, Some(b'0'), 10, 11)),
];

const fn country(
    calling_code: u16,
    trunk: Option<u8>,
    min_digits: u8,
    max_digits: u8,
) -> PhoneCountry {
    PhoneCountry {
        calling_code,
        trunk,
        min_digits,
        max_digits,
        leading_zero: false,
    }
}

impl PhoneCountry {
    /// The facts for an ISO 3166 alpha-2 code (`"ES"`, `"fr"`), if known.
    pub fn from_iso(code: &str) -> Option<Self> {
        COUNTRIES
            .iter()
            .find(|(iso, _)| iso.eq_ignore_ascii_case(code.trim()))
            .map(|&(_, c)| c)
    }

    /// A country known only by its calling code: no trunk prefix, any length
    /// E.164 allows.
    pub const fn calling_code_only(calling_code: u16) -> Self {
        PhoneCountry {
            leading_zero: true,
            ..country(calling_code, None, 4, 14)
        }
    }

    fn code_digits(self, buf: &mut [u8; 5]) -> &[u8] {
        let mut n = self.calling_code;
        let mut i = buf.len();
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 || i == 0 {
                break;
            }
        }
        &buf[i..]
    }
}

impl Default for PhoneCountry {
    fn default() -> Self {
        country(34, None, 9, 9)
    }
}

/// The known country whose calling code starts `digits` (calling codes are a
/// prefix code, so at most one matches). The first one, two and three digits
/// are read as numbers and compared with the codes: formatting every code to
/// compare text cost more than the rest of normalising a number.
fn country_of(digits: &[u8]) -> Option<PhoneCountry> {
    if digits.first().is_none_or(|&d| d == b'0') {
        return None;
    }
    let mut code = 0u16;
    for &d in digits.iter().take(3) {
        code = code * 10 + u16::from(d - b'0');
        if let Some(&(_, c)) = COUNTRIES.iter().find(|(_, c)| c.calling_code == code) {
            return Some(c);
        }
    }
    None
}

/// Appends `raw` as E.164 (`+34612345678`) to `out`, reading national
/// numbers as numbers of `default`, or says why it is not a phone number.
///
/// Spaces, dashes, dots, slashes and parentheses are dropped; `+` or `00`
/// (or `011` in the NANP) starts an international number; a national number
/// loses its trunk prefix; `+44 (0)20…` loses the stray trunk `0`; a national
/// number that already starts with the default calling code and is too long
/// to be national (`34612345678` in Spain) is read as international.
pub fn normalize_phone(
    raw: &str,
    default: &PhoneCountry,
    out: &mut String,
) -> Result<(), InvalidReason> {
    // E.164 has at most 15 digits; a few more leave room for 00 and trunk
    // prefixes before we know which is which.
    let mut digits = [0u8; 24];
    let mut len = 0;
    let mut plus = false;
    for c in raw.trim().chars() {
        match c {
            '0'..='9' => {
                if len == digits.len() {
                    return Err(InvalidReason::BadLength);
                }
                digits[len] = c as u8;
                len += 1;
            }
            '+' if len == 0 && !plus => plus = true,
            ' ' | '-' | '.' | '(' | ')' | '/' | '\u{a0}' | '\t' => {}
            _ => return Err(InvalidReason::BadCharacter),
        }
    }
    let d = &digits[..len];
    if d.is_empty() {
        return Err(InvalidReason::Empty);
    }
    let mut code_buf = [0u8; 5];
    let code = default.code_digits(&mut code_buf);
    let international: &[u8] = if plus {
        d
    } else if let Some(rest) = d.strip_prefix(b"00") {
        rest
    } else if default.calling_code == 1 && d.starts_with(b"011") {
        &d[3..]
    } else if d.starts_with(code)
        && !d.starts_with(&[default.trunk.unwrap_or(b'x')])
        && d.len() - code.len() >= usize::from(default.min_digits)
        && d.len() - code.len() <= usize::from(default.max_digits)
        && d.len() > usize::from(default.max_digits)
    {
        d
    } else {
        let national = match default.trunk {
            Some(t) if d.first() == Some(&t) => &d[1..],
            _ => d,
        };
        if national.len() < usize::from(default.min_digits)
            || national.len() > usize::from(default.max_digits)
        {
            return Err(InvalidReason::BadLength);
        }
        if !default.leading_zero && national.first() == Some(&b'0') {
            return Err(InvalidReason::BadPrefix);
        }
        if code.len() + national.len() > 15 {
            return Err(InvalidReason::BadLength);
        }
        out.push('+');
        out.extend(code.iter().map(|&b| b as char));
        out.extend(national.iter().map(|&b| b as char));
        return Ok(());
    };
    push_international(international, out)
}

fn push_international(d: &[u8], out: &mut String) -> Result<(), InvalidReason> {
    if d.first().is_none_or(|&b| b == b'0') {
        return Err(InvalidReason::BadPrefix);
    }
    let mut code_buf = [0u8; 5];
    let (code_len, rest) = match country_of(d) {
        Some(c) => {
            let code = c.code_digits(&mut code_buf);
            let mut rest = &d[code.len()..];
            // "+44 (0)20 …": the trunk 0 written inside an international number.
            if c.trunk == Some(b'0') && rest.first() == Some(&b'0') {
                rest = &rest[1..];
            }
            if !c.leading_zero && rest.first() == Some(&b'0') {
                return Err(InvalidReason::BadPrefix);
            }
            if rest.len() < usize::from(c.min_digits) || rest.len() > usize::from(c.max_digits) {
                return Err(InvalidReason::BadLength);
            }
            (code.len(), rest)
        }
        None => (0, d),
    };
    let total = code_len + rest.len();
    if !(7..=15).contains(&total) {
        return Err(InvalidReason::BadLength);
    }
    out.push('+');
    out.extend(d[..code_len].iter().map(|&b| b as char));
    out.extend(rest.iter().map(|&b| b as char));
    Ok(())
}
