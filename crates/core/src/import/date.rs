//! Dates and times as exports write them, read straight from bytes into
//! `i64` seconds since the Unix epoch, UTC.
//!
//! Accepted: ISO 8601 dates and date-times (`T` or space, optional seconds
//! and fraction, `Z`/`UTC`/`±hh[:mm]` zones), `dd/mm/yyyy` or `mm/dd/yyyy`
//! (also with `-` or `.`, two-digit years, 12-hour clocks), month names in
//! English and Spanish (`5 Mar 2024`, `Mar 5, 2024`, `5 de marzo de 2024`,
//! RFC 2822 with a weekday), `yyyymmdd[hhmm[ss]]`, and epoch seconds or
//! milliseconds. Times without a zone are taken as UTC.

use super::number::trim;
use serde::{Deserialize, Serialize};

/// Which of the first two numbers of `01/02/2024` is the day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// Day first: `31/12/2024` (Europe, Latin America).
    Dmy,
    /// Month first: `12/31/2024` (United States).
    Mdy,
}

impl DateOrder {
    /// How the order is written for people, e.g. in error messages.
    pub const fn pattern(self) -> &'static str {
        match self {
            DateOrder::Dmy => "dd/mm/yyyy",
            DateOrder::Mdy => "mm/dd/yyyy",
        }
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`).
#[inline]
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[inline]
fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

#[inline]
fn valid_date(y: i64, m: u32, d: u32) -> bool {
    (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m)
}

/// A short lower-cased word, kept on the stack.
#[derive(Clone, Copy)]
struct Word([u8; 12], usize);

impl std::ops::Deref for Word {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0[..self.1]
    }
}

struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn at_end(&self) -> bool {
        self.i >= self.s.len()
    }

    fn eat(&mut self, b: u8) -> bool {
        let hit = self.peek() == Some(b);
        if hit {
            self.i += 1;
        }
        hit
    }

    fn spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.i += 1;
        }
    }

    /// Reads up to `max` digits; returns (value, count).
    fn digits(&mut self, max: usize) -> (u32, usize) {
        let mut v = 0u32;
        let mut n = 0;
        while n < max {
            match self.peek() {
                Some(b @ b'0'..=b'9') => {
                    v = v * 10 + u32::from(b - b'0');
                    n += 1;
                    self.i += 1;
                }
                _ => break,
            }
        }
        (v, n)
    }

    /// Reads `min..=max` digits not followed by another digit; on failure
    /// nothing is consumed.
    fn number(&mut self, min: usize, max: usize) -> Option<u32> {
        let save = self.i;
        let (v, n) = self.digits(max);
        let ok = n >= min && !self.peek().is_some_and(|b| b.is_ascii_digit());
        if !ok {
            self.i = save;
        }
        ok.then_some(v)
    }

    /// A run of ASCII letters (and a trailing `.`), lower-cased; words
    /// longer than 12 letters are cut (no month or weekday name is).
    fn word(&mut self) -> Word {
        let mut buf = [0u8; 12];
        let mut n = 0;
        while let Some(b) = self.peek() {
            if !b.is_ascii_alphabetic() {
                break;
            }
            if n < buf.len() {
                buf[n] = b.to_ascii_lowercase();
            }
            n += 1;
            self.i += 1;
        }
        self.eat(b'.');
        Word(buf, n.min(12))
    }

    fn year(&mut self) -> Option<i64> {
        let (v, n) = self.digits(4);
        match n {
            4 => Some(i64::from(v)),
            2 if v < 70 => Some(2000 + i64::from(v)),
            2 => Some(1900 + i64::from(v)),
            _ => None,
        }
    }
}

const MONTHS: [(&str, u32); 31] = [
    ("jan", 1),
    ("january", 1),
    ("ene", 1),
    ("enero", 1),
    ("feb", 2),
    ("february", 2),
    ("febrero", 2),
    ("mar", 3),
    ("march", 3),
    ("marzo", 3),
    ("apr", 4),
    ("april", 4),
    ("abr", 4),
    ("abril", 4),
    ("may", 5),
    ("mayo", 5),
    ("jun", 6),
    ("june", 6),
    ("junio", 6),
    ("jul", 7),
    ("july", 7),
    ("julio", 7),
    ("aug", 8),
    ("august", 8),
    ("ago", 8),
    ("agosto", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    ("dic", 12),
];

const MORE_MONTHS: [(&str, u32); 9] = [
    ("sept", 9),
    ("september", 9),
    ("septiembre", 9),
    ("set", 9),
    ("setiembre", 9),
    ("october", 10),
    ("octubre", 10),
    ("november", 11),
    ("noviembre", 11),
];

const LAST_MONTHS: [(&str, u32); 2] = [("december", 12), ("diciembre", 12)];

fn month_name(w: &[u8]) -> Option<u32> {
    MONTHS
        .iter()
        .chain(MORE_MONTHS.iter())
        .chain(LAST_MONTHS.iter())
        .find(|(name, _)| name.as_bytes() == w)
        .map(|&(_, m)| m)
}

fn is_weekday(w: &[u8]) -> bool {
    const DAYS: [&str; 14] = [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    DAYS.iter().any(|d| d.as_bytes() == w)
}

/// Reads a date or date-time; `order` settles `01/02/2024`.
pub fn parse_datetime(s: &[u8], order: DateOrder) -> Option<i64> {
    let s = trim(s);
    if s.is_empty() {
        return None;
    }
    if let Some(ts) = iso_fast(s) {
        return Some(ts);
    }
    if s.iter().all(u8::is_ascii_digit) {
        return parse_compact(s);
    }
    if let Some(dot) = s.iter().position(|&b| b == b'.') {
        let (int, frac) = (&s[..dot], &s[dot + 1..]);
        if int.len() >= 9
            && int.iter().all(u8::is_ascii_digit)
            && frac.iter().all(u8::is_ascii_digit)
        {
            return parse_compact(int).filter(|_| int.len() != 8);
        }
    }
    let mut c = Cursor { s, i: 0 };
    let (y, m, d) = date_part(&mut c, order)?;
    if !valid_date(y, m, d) {
        return None;
    }
    let secs = time_part(&mut c)?;
    Some(days_from_civil(y, m, d) * 86_400 + secs)
}

/// `yyyy-mm-ddThh:mm:ss` with `T` or a space and an optional `Z`, the shape
/// of most machine exports, read without the general parser.
#[inline]
fn iso_fast(s: &[u8]) -> Option<i64> {
    let (y, m, d, secs) = iso_fields(s)?;
    if !valid_date(i64::from(y), m, d) {
        return None;
    }
    Some(days_from_civil(i64::from(y), m, d) * 86_400 + secs)
}

const ZEROS: u64 = 0x3030_3030_3030_3030;
/// The digit bytes of the words "yyyy-mm-", "ddThh:mm" and "hh:mm:ss".
const DA: u64 = 0x00FF_FF00_FFFF_FFFF;
const DB: u64 = 0x0000_0000_0000_FFFF;
const DC: u64 = 0xFFFF_00FF_FF00_FFFF;

/// Whether the bytes of `x` under `mask` (0xFF per byte) are all ASCII
/// digits. A byte of 0xFA or more could carry into its neighbour in the
/// addition, but such a byte already fails the first test.
#[inline(always)]
fn digits(x: u64, mask: u64) -> bool {
    let high = 0xF0F0_F0F0_F0F0_F0F0 & mask;
    (x & high) == (ZEROS & mask) && (x.wrapping_add(0x0606_0606_0606_0606) & high) == (ZEROS & mask)
}

/// Byte `k` of the result is `10 * x[k] + x[k + 1]` for the digits under
/// `mask` (the separators are masked out first, or subtracting '0' from
/// them would borrow from their neighbours).
#[inline(always)]
fn pairs(x: u64, mask: u64) -> u64 {
    let d = (x & mask).wrapping_sub(ZEROS & mask);
    d.wrapping_mul(10).wrapping_add(d >> 8)
}

#[inline(always)]
fn byte(x: u64, k: u32) -> u32 {
    (x >> (8 * k)) as u32 & 0xFF
}

#[inline(always)]
fn word(s: &[u8; 19], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&s[at..at + 8]);
    u64::from_le_bytes(w)
}

/// The 19 bytes of a `yyyy-mm-ddThh:mm:ss[Z]` cell, if it has that length.
#[inline(always)]
fn iso_bytes(s: &[u8]) -> Option<&[u8; 19]> {
    match s.len() {
        20 if s[19] == b'Z' => s[..19].try_into().ok(),
        19 => s.try_into().ok(),
        _ => None,
    }
}

/// The seconds into the day of the "hh:mm:ss" word, with one branch:
/// - the digits' high nibbles and the colons compared at once;
/// - every digit byte, plus 6, stays below 0x40 (bytes of 0x30 to 0x3F
///   pass the first test, so the addition carries out of none);
/// - each pair (at most 99, see [`pairs`]) plus 104 (hours) or 68
///   (minutes, seconds) reaches bit 7 exactly when it is out of range.
///
/// The three tests are combined without short-circuiting.
#[inline(always)]
fn iso_time(c: u64) -> Option<i64> {
    const SHAPE: u64 = 0xF0F0_FFF0_F0FF_F0F0;
    const WANT: u64 = 0x3030_3A30_303A_3030;
    const HIGH: u64 = 0xF0F0_00F0_F000_F0F0;
    // 127 - 23 for the hours (byte 0), 127 - 59 for minutes and seconds.
    const LIMITS: u64 = 104 | 68 << 24 | 68 << 48;
    const BIT7: u64 = 0x80 | 0x80 << 24 | 0x80 << 48;
    let pc = pairs(c, DC);
    let ok = (c & SHAPE == WANT)
        & (c.wrapping_add(0x0606_0606_0606_0606) & HIGH == ZEROS & HIGH)
        & (pc.wrapping_add(LIMITS) & BIT7 == 0);
    if !ok {
        return None;
    }
    let (h, mi, sec) = (byte(pc, 0), byte(pc, 3), byte(pc, 6));
    Some(i64::from(h * 3600 + mi * 60 + sec))
}

/// The [`iso_time`] that the one-branch one replaced, which the tests
/// hold it to.
#[cfg(test)]
fn iso_time_branchy(c: u64) -> Option<i64> {
    if !digits(c, DC) || c & 0x0000_FF00_00FF_0000 != 0x0000_3A00_003A_0000 {
        return None;
    }
    let pc = pairs(c, DC);
    let (h, mi, sec) = (byte(pc, 0), byte(pc, 3), byte(pc, 6));
    if h > 23 || mi > 59 || sec > 59 {
        return None;
    }
    Some(i64::from(h * 3600 + mi * 60 + sec))
}

/// The year, month, day and seconds into the day of a
/// `yyyy-mm-ddThh:mm:ss[Z]` cell (the day not checked against the month).
/// Read as three overlapping eight-byte words: every digit checked and
/// every pair of digits combined at once, not byte by byte.
#[inline(always)]
fn iso_fields(s: &[u8]) -> Option<(u32, u32, u32, i64)> {
    let s = iso_bytes(s)?;
    // "yyyy-mm-", "ddThh:mm", "hh:mm:ss".
    let (a, b, c) = (word(s, 0), word(s, 8), word(s, 11));
    if !digits(a, DA)
        || !digits(b, DB)
        || a & 0xFF00_00FF_0000_0000 != 0x2D00_002D_0000_0000
        || !matches!(s[10], b'T' | b' ')
    {
        return None;
    }
    let secs = iso_time(c)?;
    let (pa, pb) = (pairs(a, DA), pairs(b, DB));
    let y = byte(pa, 0) * 100 + byte(pa, 2);
    let (m, day) = (byte(pa, 5), byte(pb, 0));
    Some((y, m, day, secs))
}

/// The start and length of each month of the year last read for it, so
/// that a column of dates skips the calendar arithmetic
/// ([`parse_datetime_memo`]) whether it runs month after month or jumps
/// between months; and the last ISO day read, so that a run of times on
/// one day reads only the time.
#[derive(Clone, Copy, Debug)]
pub struct MonthMemo {
    /// Per month (January first): the year last read with it, or
    /// `u32::MAX` before any.
    years: [u32; 12],
    /// Days from the epoch to the first day of that month of that year.
    first: [i32; 12],
    /// Days in that month of that year.
    len: [u8; 12],
    /// The first eleven bytes (`yyyy-mm-ddT`) of the last valid ISO
    /// date-time, as the words at 0 and 3.
    day: Option<[u64; 2]>,
    /// Seconds from the epoch to that day's start.
    day_start: i64,
}

impl Default for MonthMemo {
    fn default() -> Self {
        MonthMemo {
            years: [u32::MAX; 12],
            first: [0; 12],
            len: [0; 12],
            day: None,
            day_start: 0,
        }
    }
}

/// The first step of [`parse_datetime_memo`], which leaves the memo as it
/// is: a `yyyy-mm-ddThh:mm:ss[Z]` cell on the memo's day, read as its time
/// alone; `None` for anything else. Small enough for a caller's hot loop.
#[inline(always)]
pub fn parse_same_day(s: &[u8], memo: &MonthMemo) -> Option<i64> {
    let b = iso_bytes(s)?;
    if memo.day == Some([word(b, 0), word(b, 3)]) {
        return iso_time(word(b, 11)).map(|secs| memo.day_start + secs);
    }
    None
}

/// [`parse_datetime`] with a memo of month starts and of the last day seen:
/// the same answer for every input, faster for the common ISO date-time.
#[inline]
pub fn parse_datetime_memo(s: &[u8], order: DateOrder, memo: &mut MonthMemo) -> Option<i64> {
    if let Some(ts) = parse_same_day(s, memo) {
        return Some(ts);
    }
    if let Some((y, m, d, secs)) = iso_fields(s) {
        if (1..=12).contains(&m) {
            let i = (m - 1) as usize;
            if memo.years[i] != y {
                // Four digits of year: at most 3.7 million days either way.
                memo.years[i] = y;
                memo.first[i] = days_from_civil(i64::from(y), m, 1) as i32;
                memo.len[i] = days_in_month(i64::from(y), m) as u8;
            }
            if d >= 1 && d <= u32::from(memo.len[i]) {
                let start = (i64::from(memo.first[i]) + i64::from(d) - 1) * 86_400;
                if let Some(b) = iso_bytes(s) {
                    memo.day = Some([word(b, 0), word(b, 3)]);
                    memo.day_start = start;
                }
                return Some(start + secs);
            }
        }
    }
    parse_datetime(s, order)
}

fn date_part(c: &mut Cursor<'_>, order: DateOrder) -> Option<(i64, u32, u32)> {
    if c.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
        let mut w = c.word();
        if is_weekday(&w) {
            c.eat(b',');
            c.spaces();
            if c.peek().is_some_and(|b| b.is_ascii_digit()) {
                return day_month_name_year(c);
            }
            w = c.word();
        }
        // "Mar 5, 2024"
        let m = month_name(&w)?;
        c.spaces();
        let d = c.number(1, 2)?;
        c.eat(b',');
        c.spaces();
        return Some((c.year()?, m, d));
    }
    let start = c.i;
    let (a, n) = c.digits(4);
    if n == 4 {
        let sep = c.peek().filter(|b| matches!(b, b'-' | b'/' | b'.'))?;
        c.i += 1;
        let m = c.number(1, 2)?;
        if !c.eat(sep) {
            return None;
        }
        let d = c.number(1, 2)?;
        return Some((i64::from(a), m, d));
    }
    if n == 0 || n > 2 {
        return None;
    }
    match c.peek()? {
        sep @ (b'/' | b'-' | b'.') => {
            c.i += 1;
            if c.peek().is_some_and(|b| b.is_ascii_alphabetic()) {
                // 05-Mar-2024
                let m = month_name(&c.word())?;
                if !c.eat(sep) {
                    return None;
                }
                return Some((c.year()?, m, a));
            }
            let b = c.number(1, 2)?;
            if !c.eat(sep) {
                return None;
            }
            let y = c.year()?;
            if c.peek().is_some_and(|b| b.is_ascii_digit()) {
                return None;
            }
            Some(match order {
                DateOrder::Dmy => (y, b, a),
                DateOrder::Mdy => (y, a, b),
            })
        }
        b' ' => {
            c.i = start;
            day_month_name_year(c)
        }
        _ => None,
    }
}

/// `5 Mar 2024`, `05 March 2024`, `5 de marzo de 2024`.
fn day_month_name_year(c: &mut Cursor<'_>) -> Option<(i64, u32, u32)> {
    let d = c.number(1, 2)?;
    c.spaces();
    let mut w = c.word();
    if &*w == b"de" {
        c.spaces();
        w = c.word();
    }
    let m = month_name(&w)?;
    c.spaces();
    if c.peek() == Some(b'd') {
        if &*c.word() != b"de" {
            return None;
        }
        c.spaces();
    }
    Some((c.year()?, m, d))
}

/// The time after the date, as seconds into the day minus the zone offset.
fn time_part(c: &mut Cursor<'_>) -> Option<i64> {
    if c.at_end() {
        return Some(0);
    }
    if !(c.eat(b'T') || c.eat(b' ') || c.eat(b',')) {
        return None;
    }
    c.spaces();
    if c.at_end() {
        return Some(0);
    }
    let mut h = c.number(1, 2)?;
    if !c.eat(b':') {
        return None;
    }
    let mi = c.number(2, 2)?;
    let mut sec = 0;
    if c.eat(b':') {
        sec = c.number(2, 2)?;
        if c.eat(b'.') || c.eat(b',') {
            let (_, n) = c.digits(9);
            if n == 0 {
                return None;
            }
        }
    }
    if h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    c.spaces();
    if let Some(pm) = meridiem(c) {
        if h == 0 || h > 12 {
            return None;
        }
        h = h % 12 + if pm { 12 } else { 0 };
        c.spaces();
    }
    let offset = zone(c)?;
    c.spaces();
    if !c.at_end() {
        return None;
    }
    Some(i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(sec.min(59)) - offset)
}

/// `AM`/`PM`, also written `a.m.`, `p. m.`: Some(true) for PM.
fn meridiem(c: &mut Cursor<'_>) -> Option<bool> {
    let first = c.peek()?.to_ascii_lowercase();
    if first != b'a' && first != b'p' {
        return None;
    }
    let save = c.i;
    c.i += 1;
    c.eat(b'.');
    c.spaces();
    if c.peek().map(|b| b.to_ascii_lowercase()) == Some(b'm') {
        c.i += 1;
        c.eat(b'.');
        return Some(first == b'p');
    }
    c.i = save;
    None
}

/// A zone designator as seconds east of UTC; nothing means UTC.
fn zone(c: &mut Cursor<'_>) -> Option<i64> {
    match c.peek() {
        None => Some(0),
        Some(b'Z') | Some(b'z') => {
            c.i += 1;
            Some(0)
        }
        Some(b'U') | Some(b'G') => {
            let w = c.word();
            if &*w != b"utc" && &*w != b"gmt" {
                return None;
            }
            if matches!(c.peek(), Some(b'+' | b'-')) {
                return zone(c);
            }
            Some(0)
        }
        Some(sign @ (b'+' | b'-')) => {
            c.i += 1;
            let (h, n) = c.digits(2);
            if n == 0 {
                return None;
            }
            let m = if c.eat(b':') || c.peek().is_some_and(|b| b.is_ascii_digit()) {
                c.number(2, 2)?
            } else {
                0
            };
            if h > 14 || m > 59 {
                return None;
            }
            let off = i64::from(h) * 3600 + i64::from(m) * 60;
            Some(if sign == b'-' { -off } else { off })
        }
        Some(_) => None,
    }
}

/// All-digit values: `yyyymmdd`, `yyyymmddhhmm[ss]`, epoch seconds (9–11
/// digits) or milliseconds (12–14 digits).
fn parse_compact(s: &[u8]) -> Option<i64> {
    let num = |r: std::ops::Range<usize>| -> i64 {
        s[r].iter().fold(0i64, |v, &b| v * 10 + i64::from(b - b'0'))
    };
    let compact_date = |len: usize| -> Option<i64> {
        if s.len() != len {
            return None;
        }
        let (y, m, d) = (num(0..4), num(4..6) as u32, num(6..8) as u32);
        if !(1900..=2100).contains(&y) || !valid_date(y, m, d) {
            return None;
        }
        let (h, mi, sec) = match len {
            8 => (0, 0, 0),
            12 => (num(8..10), num(10..12), 0),
            _ => (num(8..10), num(10..12), num(12..14)),
        };
        if h > 23 || mi > 59 || sec > 59 {
            return None;
        }
        Some(days_from_civil(y, m, d) * 86_400 + h * 3600 + mi * 60 + sec)
    };
    match s.len() {
        8 => compact_date(8),
        9..=11 => Some(num(0..s.len())),
        12 | 14 => compact_date(s.len()).or_else(|| Some(num(0..s.len()).div_euclid(1000))),
        13 => Some(num(0..13).div_euclid(1000)),
        _ => None,
    }
}

/// What one cell says about the date order: `Some` when it is `a/b/yyyy`
/// with exactly one of `a`, `b` above 12.
pub fn order_evidence(s: &[u8]) -> Option<DateOrder> {
    let s = trim(s);
    let mut c = Cursor { s, i: 0 };
    let a = c.number(1, 2)?;
    let sep = c.peek().filter(|b| matches!(b, b'/' | b'-' | b'.'))?;
    c.i += 1;
    let b = c.number(1, 2)?;
    if !c.eat(sep) {
        return None;
    }
    c.year()?;
    match (a > 12, b > 12) {
        (true, false) if b >= 1 => Some(DateOrder::Dmy),
        (false, true) if a >= 1 => Some(DateOrder::Mdy),
        _ => None,
    }
}

/// Whether a cell looks like a date (for kind and mapping hints).
pub fn looks_like_date(s: &[u8]) -> bool {
    let s = trim(s);
    s.iter().any(|b| !b.is_ascii_digit())
        && (parse_datetime(s, DateOrder::Dmy).is_some()
            || parse_datetime(s, DateOrder::Mdy).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use DateOrder::{Dmy, Mdy};

    fn time_word(t: &[u8; 8]) -> u64 {
        u64::from_le_bytes(*t)
    }

    /// Every "hh:mm:ss" of two-digit numbers (00 to 99 each), valid or not.
    #[test]
    fn time_check_agrees_on_every_two_digit_time() {
        for h in 0..100u32 {
            for m in 0..100u32 {
                for sec in 0..100u32 {
                    let t = format!("{h:02}:{m:02}:{sec:02}");
                    let c = time_word(t.as_bytes().try_into().unwrap());
                    assert_eq!(iso_time(c), iso_time_branchy(c), "{t}");
                    let valid = h < 24 && m < 60 && sec < 60;
                    assert_eq!(iso_time(c).is_some(), valid, "{t}");
                }
            }
        }
    }

    /// Every byte value at every position, and every pair of byte values
    /// at every two positions, of valid and boundary times.
    #[test]
    fn time_check_agrees_on_every_byte_and_pair_of_bytes() {
        let bases: [&[u8; 8]; 6] = [
            b"00:00:00",
            b"23:59:59",
            b"24:00:00",
            b"19:60:09",
            b"09:09:60",
            b"12:34:56",
        ];
        for base in bases {
            for at in 0..8 {
                for b in 0..=255u8 {
                    let mut t = *base;
                    t[at] = b;
                    let c = time_word(&t);
                    assert_eq!(iso_time(c), iso_time_branchy(c), "{t:?}");
                }
            }
        }
        for base in [b"12:34:56", b"23:59:59"] {
            for i in 0..8 {
                for j in i + 1..8 {
                    for x in 0..=255u8 {
                        for y in 0..=255u8 {
                            let mut t = *base;
                            t[i] = x;
                            t[j] = y;
                            let c = time_word(&t);
                            assert_eq!(iso_time(c), iso_time_branchy(c), "{t:?}");
                        }
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn time_check_agrees_on_any_word(c in proptest::prelude::any::<u64>()) {
            proptest::prop_assert_eq!(iso_time(c), iso_time_branchy(c));
        }
    }

    /// `expected` is written as an ISO date-time in UTC and converted with
    /// chrono, an independent implementation.
    fn check(input: &str, order: DateOrder, expected: Option<&str>) {
        let want = expected.map(|e| {
            chrono::NaiveDateTime::parse_from_str(e, "%Y-%m-%d %H:%M:%S")
                .expect("test expectation is a valid date-time")
                .and_utc()
                .timestamp()
        });
        assert_eq!(
            parse_datetime(input.as_bytes(), order),
            want,
            "{input:?} {order:?}"
        );
    }

    #[test]
    fn parses_dates() {
        check("2024-03-05", Dmy, Some("2024-03-05 00:00:00"));
        check("2024-03-05T14:30:00Z", Dmy, Some("2024-03-05 14:30:00"));
        check("2024-03-05T14:30:00.123Z", Dmy, Some("2024-03-05 14:30:00"));
        check("2024-03-05T14:30", Dmy, Some("2024-03-05 14:30:00"));
        check("2024-03-05 14:30:00", Mdy, Some("2024-03-05 14:30:00"));
        check(
            "2024-03-05T14:30:00+01:00",
            Dmy,
            Some("2024-03-05 13:30:00"),
        );
        check("2024-03-05T14:30:00+0530", Dmy, Some("2024-03-05 09:00:00"));
        check(
            "2024-03-05 14:30:00 -0500",
            Dmy,
            Some("2024-03-05 19:30:00"),
        );
        check("2024-03-05T00:30:00+02", Dmy, Some("2024-03-04 22:30:00"));
        check("2024-03-05 14:30:00 UTC", Dmy, Some("2024-03-05 14:30:00"));
        check("2024/03/05", Dmy, Some("2024-03-05 00:00:00"));
        check("2024.3.5", Dmy, Some("2024-03-05 00:00:00"));
        check("05/03/2024", Dmy, Some("2024-03-05 00:00:00"));
        check("05/03/2024", Mdy, Some("2024-05-03 00:00:00"));
        check("5/3/24", Dmy, Some("2024-03-05 00:00:00"));
        check("5/3/99", Dmy, Some("1999-03-05 00:00:00"));
        check("31.12.2023 23:59", Dmy, Some("2023-12-31 23:59:00"));
        check("12-31-2023", Mdy, Some("2023-12-31 00:00:00"));
        check("3/5/2024, 2:30 PM", Mdy, Some("2024-03-05 14:30:00"));
        check("3/5/2024 12:05 am", Mdy, Some("2024-03-05 00:05:00"));
        check("05/03/2024 2:30:15 p. m.", Dmy, Some("2024-03-05 14:30:15"));
        check("5 Mar 2024", Dmy, Some("2024-03-05 00:00:00"));
        check("05-mar-2024", Mdy, Some("2024-03-05 00:00:00"));
        check("Mar 5, 2024", Dmy, Some("2024-03-05 00:00:00"));
        check("March 5 2024 10:00", Dmy, Some("2024-03-05 10:00:00"));
        check("5 de marzo de 2024", Dmy, Some("2024-03-05 00:00:00"));
        check("1 ene. 2024", Dmy, Some("2024-01-01 00:00:00"));
        check(
            "Tue, 05 Mar 2024 14:30:00 +0000",
            Dmy,
            Some("2024-03-05 14:30:00"),
        );
        check("20240305", Dmy, Some("2024-03-05 00:00:00"));
        check("20240305143000", Dmy, Some("2024-03-05 14:30:00"));
        check("1709649000", Dmy, Some("2024-03-05 14:30:00"));
        check("1709649000123", Dmy, Some("2024-03-05 14:30:00"));
        check("1709649000.75", Dmy, Some("2024-03-05 14:30:00"));
        check("2024-02-29", Dmy, Some("2024-02-29 00:00:00"));
        check("1969-12-31T23:59:59Z", Dmy, Some("1969-12-31 23:59:59"));
        check("2023-02-29", Dmy, None);
        check("2024-02-30T10:00:00Z", Dmy, None);
        check("2024-02-29 23:59:59", Dmy, Some("2024-02-29 23:59:59"));
        check("2024-03-05T14:3x:00Z", Dmy, None);
        check("31/02/2024", Dmy, None);
        check("25/03/2024", Mdy, None);
        check("2024-13-01", Dmy, None);
        check("2024-03-05T25:00", Dmy, None);
        check("2024-03-05 14:30 XYZ", Dmy, None);
        check("2024-03-05x", Dmy, None);
        check("13 Foo 2024", Dmy, None);
        check("12345", Dmy, None);
        check("", Dmy, None);
        check("yesterday", Dmy, None);
        check("1/2/3/4", Dmy, None);
        check("0/0/2024", Dmy, None);
    }

    #[test]
    fn reads_order_evidence() {
        let check = |s: &str, e| assert_eq!(order_evidence(s.as_bytes()), e, "{s:?}");
        check("25/03/2024", Some(Dmy));
        check("03/25/2024", Some(Mdy));
        check("03/04/2024", None);
        check("2024-03-25", None);
        check("25/13/2024", None);
        check("31.12.23", Some(Dmy));
    }

    /// The memo gives what `parse_datetime` gives, whatever came before.
    #[test]
    fn memo_agrees_with_the_parser() {
        let inputs = [
            "2024-03-05T14:30:00Z",
            "2024-03-31 23:59:59",
            "2024-04-31T00:00:00Z",
            "2024-02-29T12:00:00Z",
            "2023-02-29T12:00:00Z",
            "2023-02-28T12:00:00",
            "2024-13-01T00:00:00Z",
            // Month 17 of 2024 is no January 2025 (a memo once keyed
            // months by year * 16 + month).
            "2025-01-05T00:00:00Z",
            "2024-17-05T00:00:00Z",
            "2024-99-05T00:00:00Z",
            "2024-00-10T00:00:00Z",
            "2024-03-00T00:00:00Z",
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "1969-12-31T23:59:59Z",
            "2024-03-05T24:00:00Z",
            "2024-03-05T14:30:00+01:00",
            "05/03/2024",
            " 2024-03-05T14:30:00Z",
            "2024-03-05T14:30:00z",
            "",
        ];
        let mut memo = MonthMemo::default();
        for round in 0..2 {
            for a in inputs {
                for b in inputs {
                    for s in [a, b] {
                        assert_eq!(
                            parse_datetime_memo(s.as_bytes(), Dmy, &mut memo),
                            parse_datetime(s.as_bytes(), Dmy),
                            "{s:?} after {a:?}, round {round}"
                        );
                    }
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn memo_agrees_on_generated_iso_times(
            cells in proptest::collection::vec(
                (1900u32..2100, 0u32..100, 0u32..33, 0u32..26, 0u32..61, 0u32..61, proptest::bool::ANY),
                1..40,
            ),
        ) {
            let mut memo = MonthMemo::default();
            for (y, mo, d, h, mi, s, z) in cells {
                let text = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{}", if z { "Z" } else { "" });
                proptest::prop_assert_eq!(
                    parse_datetime_memo(text.as_bytes(), Mdy, &mut memo),
                    parse_datetime(text.as_bytes(), Mdy),
                    "{}", text
                );
            }
        }
    }

    proptest::proptest! {
        /// Runs of times on a few days, as event exports have them: the
        /// day memo's answers are `parse_datetime`'s, out-of-range times
        /// and other forms in between included.
        #[test]
        fn day_memo_agrees_on_runs_of_one_day(
            cells in proptest::collection::vec(
                (0usize..4, 0u32..26, 0u32..61, 0u32..61, 0u8..4),
                1..60,
            ),
        ) {
            let days = ["2024-02-29", "2024-02-30", "2023-12-31", "2024-03-01"];
            let mut memo = MonthMemo::default();
            for (day, h, mi, s, form) in cells {
                let text = match form {
                    0 => format!("{}T{h:02}:{mi:02}:{s:02}Z", days[day]),
                    1 => format!("{} {h:02}:{mi:02}:{s:02}", days[day]),
                    2 => format!("{}T{h:02}:{mi:02}", days[day]),
                    _ => format!("{}T{h:02}:{mi:02}:{s:02}+01:00", days[day]),
                };
                proptest::prop_assert_eq!(
                    parse_datetime_memo(text.as_bytes(), Dmy, &mut memo),
                    parse_datetime(text.as_bytes(), Dmy),
                    "{}", text
                );
            }
        }
    }

    /// The byte-by-byte reading the word-wise `iso_fields` replaced.
    fn iso_reference(s: &[u8]) -> Option<(u32, u32, u32, i64)> {
        let s = match s.len() {
            20 if s[19] == b'Z' => &s[..19],
            19 => s,
            _ => return None,
        };
        let two = |i: usize| -> Option<u32> {
            let (a, b) = (s[i].wrapping_sub(b'0'), s[i + 1].wrapping_sub(b'0'));
            (a < 10 && b < 10).then_some(u32::from(a) * 10 + u32::from(b))
        };
        if s[4] != b'-'
            || s[7] != b'-'
            || !matches!(s[10], b'T' | b' ')
            || s[13] != b':'
            || s[16] != b':'
        {
            return None;
        }
        let y = two(0)? * 100 + two(2)?;
        let (m, d) = (two(5)?, two(8)?);
        let (h, mi, sec) = (two(11)?, two(14)?, two(17)?);
        if h > 23 || mi > 59 || sec > 59 {
            return None;
        }
        Some((y, m, d, i64::from(h * 3600 + mi * 60 + sec)))
    }

    proptest::proptest! {
        /// Mostly well-formed ISO date-times with some bytes replaced by
        /// anything (digits' neighbours, 0xFA.., separators elsewhere).
        #[test]
        fn iso_fields_read_like_byte_by_byte(
            digits in proptest::collection::vec(0u8..10, 14),
            swaps in proptest::collection::vec(
                (0usize..20, proptest::prop_oneof![
                    proptest::prelude::Just(b'/'), proptest::prelude::Just(b':'),
                    proptest::prelude::Just(b'-'), proptest::prelude::Just(0xFAu8),
                    proptest::prelude::Just(0xFFu8), proptest::prelude::Just(b' '),
                    proptest::prelude::any::<u8>()
                ]),
                0..3,
            ),
            z in proptest::bool::ANY,
        ) {
            let mut d = digits.iter().map(|&x| b'0' + x);
            let mut s: Vec<u8> = b"dddd-dd-ddTdd:dd:dd"
                .iter()
                .map(|&c| if c == b'd' { d.next().unwrap_or(b'0') } else { c })
                .collect();
            if z {
                s.push(b'Z');
            }
            for (at, b) in swaps {
                if let Some(slot) = s.get_mut(at) {
                    *slot = b;
                }
            }
            proptest::prop_assert_eq!(iso_fields(&s), iso_reference(&s), "{:?}", s);
        }
    }

    #[test]
    fn civil_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(days_from_civil(1969, 12, 31), -1);
    }
}
