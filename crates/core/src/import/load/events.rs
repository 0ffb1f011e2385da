//! Event rows into [`crate::model::EventTable`].

use super::pending::{Pending, Row};
use super::row_ids::RowIds;
use super::FxHashMap;
use super::{
    bad, cell, contact_id, contact_key, date_cell_mut, find_contact, number_cell, word_cell, Bad,
    Cols, Cx, Interner, Outcome, RecentIds, Vocab,
};
use crate::import::csv::{Batch, RecordRef, BATCH};
use crate::import::decode::field_str;
use crate::import::mapping::Field;
use crate::import::words;
use crate::model::{flags, Channel, Dataset, Direction, EventKind, EventTable, Scope};

/// What an event-type word means, cached by its id in `Dataset::names`.
#[derive(Clone, Copy, Debug)]
struct KindInfo {
    kind: EventKind,
    channel: Option<Channel>,
}

pub(crate) struct Events {
    c: Cols,
    /// Whether any flag column is mapped; most files have none, and their
    /// rows skip the three look-ups.
    has_flags: bool,
    /// Indexed by name id; `None` until the word is first seen.
    kinds: Vec<Option<KindInfo>>,
    channels: Vocab<Channel>,
    directions: Vocab<Direction>,
    scopes: Vocab<Scope>,
    yes_no: Vocab<bool>,
    /// Campaign id → what its row in `Dataset::campaigns` says.
    campaigns: FxHashMap<u32, (Channel, Scope)>,
    unsubscribe: words::UnsubscribeLinks,
    keys: Interner,
    names: Interner,
    /// In front of `names` for the event-type column.
    recent_kinds: RecentIds,
    campaign_ids: Interner,
    /// In front of `campaign_ids`.
    recent_campaigns: RecentIds,
    sessions: Interner,
    /// In front of `sessions` and of `names` for the event-name column.
    recent_sessions: RecentIds,
    recent_names: RecentIds,
    /// Per batch row: where the contact key is (or why there is none) and
    /// its id if this import has seen it.
    pre_keys: Vec<PreKey>,
    pre_ids: Vec<Option<u32>>,
    pre_hashes: Vec<u64>,
    /// Keys that had to be rewritten (case, other columns), back to back.
    key_bytes: String,
    /// Rows of a file with several identifier columns find their contact
    /// by all of them.
    ids: RowIds,
    /// The batch's rows, not yet in the event table ([`Events::flush`]).
    pending: Pending,
}

impl Events {
    pub fn new(c: Cols, ds: &Dataset) -> Self {
        let campaigns = ds
            .campaigns
            .iter()
            .map(|k| (k.id, (k.channel, k.scope)))
            .collect();
        let has_flags = [Field::MachineOpen, Field::BotClick, Field::Flags]
            .iter()
            .any(|&f| c.get(f).is_some());
        let ids = RowIds::new(&c);
        Events {
            c,
            has_flags,
            kinds: Vec::new(),
            channels: Vocab::default(),
            directions: Vocab::default(),
            scopes: Vocab::default(),
            yes_no: Vocab::default(),
            campaigns,
            unsubscribe: words::UnsubscribeLinks::default(),
            keys: Interner::default(),
            names: Interner::default(),
            recent_kinds: RecentIds::default(),
            campaign_ids: Interner::default(),
            recent_campaigns: RecentIds::default(),
            sessions: Interner::default(),
            recent_sessions: RecentIds::default(),
            recent_names: RecentIds::default(),
            pre_keys: Vec::new(),
            pre_ids: Vec::new(),
            pre_hashes: Vec::new(),
            key_bytes: String::new(),
            ids,
            pending: Pending::default(),
        }
    }

    #[inline]
    fn flag(&mut self, rec: &RecordRef<'_>, f: Field, cx: &mut Cx) -> Result<bool, Bad> {
        let col = self.c.get(f);
        if col.is_none() {
            return Ok(false);
        }
        Ok(word_cell(
            rec,
            col,
            cx,
            &mut self.yes_no,
            words::yes_no,
            "yes/no value",
        )?
        .unwrap_or(false))
    }

    /// Reads the contact keys of a batch and looks them all up before any
    /// row is built: the lookups are independent, so their cache misses
    /// overlap instead of stalling one row at a time. An e-mail that is
    /// already a key (ASCII, lower case) is hashed where it lies.
    #[inline(always)]
    pub fn prepare(&mut self, batch: &Batch<'_>, from: usize, ds: &Dataset, cx: &mut Cx) {
        self.pre_keys.clear();
        self.pre_ids.clear();
        self.pre_hashes.clear();
        self.key_bytes.clear();
        if self.ids.multi {
            self.prepare_multi(batch, from, cx);
            return;
        }
        let email_col = self.c.get(Field::Email);
        // The e-mail cells as read here, for the probes below (a batch of
        // the tokenizer's has at most `BATCH` records; others read again).
        let mut emails: [&[u8]; BATCH] = [&[]; BATCH];
        for k in from..batch.len() {
            let rec = batch.get(k);
            let email = cell(&rec, email_col);
            if let Some(slot) = emails.get_mut(k - from) {
                *slot = email;
            }
            let short = Interner::hash_short(email);
            let as_is = match short {
                Some((_, w)) => words_are_key(w),
                None => is_key_already(email),
            };
            let (key, hash) = if !email.is_empty() && as_is {
                let hash = short.map_or_else(|| Interner::hash(email), |(h, _)| h);
                (PreKey::Email, hash)
            } else {
                match contact_key(&rec, &self.c, cx) {
                    Ok(()) => {
                        let start = self.key_bytes.len();
                        self.key_bytes.push_str(&cx.key);
                        (
                            PreKey::Rewritten(start, self.key_bytes.len()),
                            Interner::hash(cx.key.as_bytes()),
                        )
                    }
                    Err(e) => (PreKey::Missing(Some(e)), 0),
                }
            };
            self.pre_keys.push(key);
            self.pre_hashes.push(hash);
        }
        // Touch every first slot, then probe: the touches are independent
        // loads, so their cache misses overlap instead of queueing.
        let mut touched = 0u32;
        for &hash in &self.pre_hashes {
            touched ^= self.keys.touch(hash);
        }
        std::hint::black_box(touched);
        for (j, (key, &hash)) in self.pre_keys.iter().zip(&self.pre_hashes).enumerate() {
            let bytes = match key {
                PreKey::Email => match emails.get(j) {
                    Some(email) => email,
                    None => cell(&batch.get(from + j), email_col),
                },
                PreKey::Rewritten(s, e) => &self.key_bytes.as_bytes()[*s..*e],
                PreKey::Missing(_) | PreKey::Multi => {
                    self.pre_ids.push(None);
                    continue;
                }
            };
            self.pre_ids.push(find_contact(ds, &self.keys, hash, bytes));
        }
    }

    /// Always inlined into the loader's loop, as `prepare`: when LLVM
    /// chose not to, a row cost 40 to 100 instructions more.
    #[inline(always)]
    pub fn row(
        &mut self,
        k: usize,
        rec: &RecordRef<'_>,
        ds: &mut Dataset,
        cx: &mut Cx,
    ) -> Result<Outcome, Bad> {
        let c = &self.c;
        if let PreKey::Missing(e) = &mut self.pre_keys[k] {
            return Err(no_contact(e));
        }
        let ts = date_cell_mut(rec, c.get(Field::Timestamp), cx, true)?.unwrap_or_default();

        let kind_col = c.get(Field::EventType);
        let raw = cell(rec, kind_col);
        if raw.is_empty() {
            return Err(missing_kind(kind_col));
        }
        let names = &mut self.names;
        let raw_id = self
            .recent_kinds
            .get_or(raw, |b| names.intern_raw(b, &mut ds.names, &mut cx.scratch));
        let slot = raw_id as usize;
        if self.kinds.len() <= slot {
            self.kinds.resize(slot + 1, None);
        }
        let info = match self.kinds[slot] {
            Some(info) => info,
            None => {
                let (kind, channel) = words::event_kind(ds.names.get(raw_id));
                let info = KindInfo { kind, channel };
                self.kinds[slot] = Some(info);
                info
            }
        };
        let mut kind = info.kind;

        let campaign_raw = cell(rec, c.get(Field::Campaign));
        let campaign = if campaign_raw.is_empty() {
            None
        } else {
            let ids = &mut self.campaign_ids;
            Some(self.recent_campaigns.get_or(campaign_raw, |b| {
                ids.intern_raw(b, &mut ds.campaign_ids, &mut cx.scratch)
            }))
        };
        let from_campaign = campaign.and_then(|id| self.campaigns.get(&id).copied());

        let channel_col = c.get(Field::Channel);
        let channel = word_cell(
            rec,
            channel_col,
            cx,
            &mut self.channels,
            words::channel,
            "channel",
        )?
        .or(info.channel)
        .or(from_campaign.map(|(ch, _)| ch))
        .unwrap_or(cx.default_channel);
        let dir_col = c.get(Field::Direction);
        let direction = word_cell(
            rec,
            dir_col,
            cx,
            &mut self.directions,
            words::direction,
            "direction",
        )?
        .unwrap_or_else(|| words::default_direction(kind));
        let scope_col = c.get(Field::Scope);
        let scope = word_cell(rec, scope_col, cx, &mut self.scopes, words::scope, "scope")?
            .or(from_campaign.map(|(_, s)| s))
            .unwrap_or_else(|| words::default_scope(kind));

        if matches!(kind, EventKind::BouncedHard | EventKind::BouncedSoft) {
            kind = bounce_kind(kind, cell(rec, c.get(Field::BounceType)), cx);
        }

        let value = number_cell(rec, c.get(Field::Value), cx)?.map(|v| v as f32);
        let mut bits = 0u8;
        if self.has_flags {
            bits = self.flags(rec, cx)?;
        }
        let c = &self.c;
        let url = cell(rec, c.get(Field::Url));
        if !url.is_empty() && self.unsubscribe.matches(url) {
            bits |= flags::UNSUBSCRIBE_LINK;
        }

        let session_raw = cell(rec, c.get(Field::Session));
        let session = (!session_raw.is_empty()).then(|| {
            let sessions = &mut self.sessions;
            self.recent_sessions.get_or(session_raw, |b| {
                sessions.intern_raw(b, &mut ds.sessions, &mut cx.scratch)
            })
        });
        let name_raw = cell(rec, c.get(Field::EventName));
        let name = if name_raw.is_empty() {
            raw_id
        } else {
            let names = &mut self.names;
            self.recent_names.get_or(name_raw, |b| {
                names.intern_raw(b, &mut ds.names, &mut cx.scratch)
            })
        };

        let contact = match (self.pre_ids[k], &self.pre_keys[k]) {
            (Some(id), _) => id,
            (None, PreKey::Email) => {
                let email = cell(rec, self.c.get(Field::Email));
                // Checked to be ASCII by `is_key_already`.
                let key = std::str::from_utf8(email).unwrap_or_default();
                contact_id(ds, &mut self.keys, key)
            }
            (None, PreKey::Rewritten(s, e)) => {
                contact_id(ds, &mut self.keys, &self.key_bytes[*s..*e])
            }
            (None, PreKey::Multi) => self.contact_of_row(rec, ds, cx),
            // Rows without a key returned at the top.
            (None, PreKey::Missing(_)) => return Err(no_contact(&mut None)),
        };
        let row = Row {
            contact,
            ts,
            channel: channel.code(),
            kind: kind.code(),
            meta: EventTable::pack_meta(direction, scope, bits),
            campaign,
            name: Some(name),
            session,
            value,
        };
        self.pending.push(row, &mut ds.events);
        Ok(Outcome::Loaded)
    }

    /// Appends the rows held since the last call to the event table: at
    /// the end of every batch, before anything else reads the table.
    #[inline]
    pub fn flush(&mut self, ds: &mut Dataset) {
        self.pending.append(&mut ds.events);
    }
}

impl Events {
    /// The flag columns' bits of a row; out of line, as most files have
    /// no flag column.
    #[inline(never)]
    fn flags(&mut self, rec: &RecordRef<'_>, cx: &mut Cx) -> Result<u8, Bad> {
        let mut bits = 0;
        if self.flag(rec, Field::MachineOpen, cx)? {
            bits |= flags::MACHINE_OPEN;
        }
        if self.flag(rec, Field::BotClick, cx)? {
            bits |= flags::BOT_CLICK;
        }
        let col = self.c.get(Field::Flags);
        bits |=
            flag_list(cell(rec, col)).map_err(|word| bad(col, format!("unknown flag '{word}'")))?;
        Ok(bits)
    }

    /// [`Events::prepare`] for a file with several identifier columns:
    /// only whether each row has one; [`RowIds::contact`] finds it.
    #[inline(never)]
    fn prepare_multi(&mut self, batch: &Batch<'_>, from: usize, cx: &mut Cx) {
        for k in from..batch.len() {
            let key = match contact_key(&batch.get(k), &self.c, cx) {
                Ok(()) => PreKey::Multi,
                Err(e) => PreKey::Missing(Some(e)),
            };
            self.pre_keys.push(key);
            self.pre_ids.push(None);
        }
    }

    /// [`RowIds::contact`], called with one argument so that the one-key
    /// path of [`Events::row`] compiles as it did without it.
    #[inline(never)]
    fn contact_of_row(&mut self, rec: &RecordRef<'_>, ds: &mut Dataset, cx: &mut Cx) -> u32 {
        self.ids.contact(rec, &self.c, &mut self.keys, ds, cx)
    }
}

/// The error of a row without a contact key (taken from its
/// [`PreKey::Missing`]).
#[cold]
#[inline(never)]
fn no_contact(e: &mut Option<Bad>) -> Bad {
    e.take().unwrap_or_else(|| bad(None, "no contact"))
}

#[cold]
#[inline(never)]
fn missing_kind(col: Option<usize>) -> Bad {
    bad(col, "missing event type")
}

/// A bounce's kind as its bounce-type cell (`b`) tells, if it does.
#[cold]
#[inline(never)]
fn bounce_kind(kind: EventKind, b: &[u8], cx: &mut Cx) -> EventKind {
    if b.is_empty() {
        return kind;
    }
    let w = words::norm(field_str(b, &mut cx.scratch));
    if [
        "soft",
        "blando",
        "suave",
        "temporary",
        "transient",
        "temporal",
    ]
    .contains(&w.as_str())
    {
        EventKind::BouncedSoft
    } else if ["hard", "duro", "permanent", "permanente"].contains(&w.as_str()) {
        EventKind::BouncedHard
    } else {
        kind
    }
}

/// Where a batch row's contact key is.
enum PreKey {
    /// The e-mail cell as it stands.
    Email,
    /// `Events::key_bytes[start..end]`.
    Rewritten(usize, usize),
    /// No key; the error is taken when the row is built.
    Missing(Option<Bad>),
    /// Found from all the row's identifiers ([`RowIds::contact`]).
    Multi,
}

/// Bit 7 of each byte of `w` set when the byte is not ASCII or is an
/// upper-case letter: with bit 7 cleared first, adding 0x3F carries into it
/// from 'A' up and adding 0x25 from '[' up, and neither carries further.
#[inline(always)]
fn odd(w: u64) -> u64 {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = w & !HIGH;
    let from_a = low + 0x3F3F_3F3F_3F3F_3F3F;
    let past_z = low + 0x2525_2525_2525_2525;
    (w | (from_a & !past_z)) & HIGH
}

/// [`is_key_already`] for a short key from the words it was hashed from
/// ([`Interner::hash_short`]), which hold every byte of it and zeros.
#[cfg(not(target_arch = "x86_64"))]
#[inline(always)]
fn words_are_key(w: [u64; 4]) -> bool {
    words_are_key_swar(w)
}

/// [`words_are_key`] eight bytes at a time with [`odd`] (tested on every
/// target).
#[cfg(any(test, not(target_arch = "x86_64")))]
#[inline(always)]
fn words_are_key_swar(w: [u64; 4]) -> bool {
    odd(w[0]) | odd(w[1]) | odd(w[2]) | odd(w[3]) == 0
}

/// [`is_key_already`] for a short key from the words it was hashed from
/// ([`Interner::hash_short`]), which hold every byte of it and zeros:
/// with SSE2 (x86_64's baseline, through `safe_arch` as in `marks.rs`),
/// 16 bytes at a time. Adding 0x3F moves 'A'..='Z', and nothing else, to
/// the 26 lowest signed bytes; a byte's own bit 7 flags it as not ASCII.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn words_are_key(w: [u64; 4]) -> bool {
    use safe_arch::{
        add_i8_m128i, bitor_m128i, cmp_lt_mask_i8_m128i, m128i, move_mask_i8_m128i,
        set_splat_i8_m128i,
    };
    let odd = |v: m128i| {
        let moved = add_i8_m128i(v, set_splat_i8_m128i(0x3F));
        bitor_m128i(
            cmp_lt_mask_i8_m128i(moved, set_splat_i8_m128i(-128 + 26)),
            v,
        )
    };
    let (a, b) = (m128i::from([w[0], w[1]]), m128i::from([w[2], w[3]]));
    move_mask_i8_m128i(bitor_m128i(odd(a), odd(b))) == 0
}

/// Whether a trimmed e-mail cell is its own contact key: ASCII without
/// upper case, so lower-casing would change nothing. Eight bytes at a time
/// (the last word overlapping the one before), as almost every cell passes:
/// a byte loop cost three times as much.
#[inline]
fn is_key_already(email: &[u8]) -> bool {
    let n = email.len();
    if n < 8 {
        let mut w = [0u8; 8];
        w[..n].copy_from_slice(email);
        return odd(u64::from_le_bytes(w)) == 0;
    }
    let word = |at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&email[at..at + 8]);
        u64::from_le_bytes(w)
    };
    let mut acc = odd(word(n - 8));
    let mut at = 0;
    while at + 8 < n {
        acc |= odd(word(at));
        at += 8;
    }
    acc == 0
}

/// The [`flags`] named in one cell: names (`machine_open`, `bot_click`,
/// `unsubscribe_link`, as Canal's exports write them, or short forms)
/// separated by `|`, `;`, `,` or spaces. An unknown name is returned.
fn flag_list(cell: &[u8]) -> Result<u8, String> {
    const NAMES: [(&[u8], u8); 7] = [
        (b"machine_open", flags::MACHINE_OPEN),
        (b"machine", flags::MACHINE_OPEN),
        (b"mpp", flags::MACHINE_OPEN),
        (b"bot_click", flags::BOT_CLICK),
        (b"bot", flags::BOT_CLICK),
        (b"unsubscribe_link", flags::UNSUBSCRIBE_LINK),
        (b"unsubscribe", flags::UNSUBSCRIBE_LINK),
    ];
    let mut bits = 0;
    for word in cell.split(|b| matches!(b, b'|' | b';' | b',' | b' ' | b'\t')) {
        if word.is_empty() {
            continue;
        }
        let same = |name: &[u8]| {
            name.len() == word.len()
                && name
                    .iter()
                    .zip(word)
                    .all(|(n, w)| *n == w.to_ascii_lowercase() || (*n == b'_' && *w == b'-'))
        };
        match NAMES.iter().find(|(name, _)| same(name)) {
            Some((_, bit)) => bits |= bit,
            None => return Err(String::from_utf8_lossy(word).into_owned()),
        }
    }
    Ok(bits)
}

#[cfg(test)]
mod tests {
    use super::{is_key_already, words_are_key, words_are_key_swar, Interner};

    /// The byte loop `is_key_already` replaced.
    fn reference(email: &[u8]) -> bool {
        email.iter().all(|&b| b < 0x80 && !b.is_ascii_uppercase())
    }

    /// Every byte value at every position of keys of 0 to 40 bytes.
    #[test]
    fn key_check_agrees_with_the_byte_loop_on_every_byte() {
        for n in 0..=40 {
            let base: Vec<u8> = (0..n).map(|i| b"customer.0@example.com"[i % 22]).collect();
            assert!(is_key_already(&base), "{n}");
            for at in 0..n {
                for b in 0..=255u8 {
                    let mut s = base.clone();
                    s[at] = b;
                    assert_eq!(
                        is_key_already(&s),
                        reference(&s),
                        "{n} bytes, {b:#x} at {at}"
                    );
                    if let Some((_, w)) = Interner::hash_short(&s) {
                        assert_eq!(words_are_key(w), reference(&s), "{n} words, {b:#x} at {at}");
                        assert_eq!(
                            words_are_key_swar(w),
                            reference(&s),
                            "{n} swar, {b:#x} at {at}"
                        );
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// Any four words, read as 32 bytes.
        #[test]
        fn word_check_agrees_with_the_byte_loop(w in proptest::prelude::any::<[u64; 4]>()) {
            let bytes: Vec<u8> = w.iter().flat_map(|x| x.to_le_bytes()).collect();
            proptest::prop_assert_eq!(words_are_key(w), reference(&bytes));
            proptest::prop_assert_eq!(words_are_key_swar(w), reference(&bytes));
        }

        #[test]
        fn key_check_agrees_with_the_byte_loop(
            s in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..70),
            lower in proptest::collection::vec(0x20u8..0x7F, 0..70),
        ) {
            proptest::prop_assert_eq!(is_key_already(&s), reference(&s));
            proptest::prop_assert_eq!(is_key_already(&lower), reference(&lower));
            for k in [&s, &lower] {
                if let Some((h, w)) = Interner::hash_short(k) {
                    proptest::prop_assert_eq!(words_are_key(w), reference(k));
                    proptest::prop_assert_eq!(words_are_key_swar(w), reference(k));
                    proptest::prop_assert_eq!(h, Interner::hash(k));
                }
            }
        }
    }
}
