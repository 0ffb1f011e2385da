//! A compact binary image of a [`Dataset`]: every column written once as
//! little-endian bytes, every dictionary as one arena plus its end offsets.
//!
//! The browser parses CSV files in a worker, whose memory is its own; this
//! image is how the columns cross to the page (one transferable buffer, no
//! per-row messages) and how they are kept in browser storage across
//! reloads. Decoding validates lengths, ids and UTF-8, so a truncated or
//! stale image is an [`Err`], never a panic or a data set that would make an
//! analysis index out of bounds.

use crate::identity::CountryCode;
use crate::model::{
    Campaign, Channel, ConsentTable, ContactTable, Dataset, Dict, EventTable, OrderTable,
    RecordTable, Scope, NONE,
};

/// First bytes of every image; the digit is the format version.
const MAGIC: &[u8; 8] = b"CANALDS3";

/// Version 2, without the phone country (ends after the record table);
/// still read, as a data set keyed with no chosen country (Spain), which
/// is how it was keyed.
const MAGIC_V2: &[u8; 8] = b"CANALDS2";

/// Version 1, without the record side table; still read (as a data set
/// where no records were merged) so kept workspaces survive the upgrade.
const MAGIC_V1: &[u8; 8] = b"CANALDS1";

/// Whether an image starting with `head` is of format 1, written before
/// people were unified (`crate::people::unify`): it reads as it was
/// written, and the reader makes people of it. Current images already are.
pub fn is_version_1(head: &[u8]) -> bool {
    head.starts_with(MAGIC_V1)
}

/// Why an image could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    /// Not an image of this format or version.
    #[error("not a Canal data image (or one from another version)")]
    Magic,
    /// The image ends early.
    #[error("the data image is truncated")]
    Truncated,
    /// Lengths, ids or text that cannot belong to a valid data set.
    #[error("the data image is corrupt: {0}")]
    Corrupt(&'static str),
}

/// Writes `ds` as one byte image.
pub fn encode(ds: &Dataset) -> Vec<u8> {
    let mut w = Writer {
        buf: Vec::new(),
        sink: None,
    };
    write(ds, &mut w);
    w.buf
}

/// Writes the image of `ds` in parts of about [`PART_BYTES`], handing each
/// to `sink` in order; the parts concatenated are [`encode`]'s image.
///
/// The worker builds the page's copy this way, so its memory never holds
/// the whole image beside the data set (a 1M-row import's image is ~45 MB).
pub fn encode_to(ds: &Dataset, sink: &mut dyn FnMut(&[u8])) {
    let mut w = Writer {
        buf: Vec::with_capacity(PART_BYTES + 64),
        sink: Some(sink),
    };
    write(ds, &mut w);
    w.flush();
}

/// The size of the parts [`encode_to`] hands over and [`decode_from`] asks
/// for (the last may be shorter; a long string may be longer).
pub const PART_BYTES: usize = 64 << 10;

fn write(ds: &Dataset, w: &mut Writer<'_>) {
    write_head(ds, w);
    let e = &ds.events;
    // The columns in the order `EventColumn::ALL` gives the image.
    for col in EventColumn::ALL {
        match col {
            EventColumn::Contact => w.u32s(&e.contact),
            EventColumn::Ts => w.i64s(&e.ts),
            EventColumn::Channel => w.bytes(&e.channel),
            EventColumn::Kind => w.bytes(&e.kind),
            EventColumn::Meta => w.bytes(&e.meta),
            EventColumn::Campaign => w.u32s(&e.campaign),
            EventColumn::Name => w.u32s(&e.name),
            EventColumn::Session => w.u32s(&e.session),
            EventColumn::Value => w.f32s(&e.value),
        }
    }
    write_tail(ds, w);
}

/// One event column, in the order an image holds them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventColumn {
    /// `contact`, u32.
    Contact,
    /// `ts`, i64.
    Ts,
    /// `channel`, u8.
    Channel,
    /// `kind`, u8.
    Kind,
    /// `meta`, u8.
    Meta,
    /// `campaign`, u32, optional.
    Campaign,
    /// `name`, u32, optional.
    Name,
    /// `session`, u32, optional.
    Session,
    /// `value`, f32, optional.
    Value,
}

impl EventColumn {
    /// Every column, in image order.
    pub const ALL: [EventColumn; 9] = [
        EventColumn::Contact,
        EventColumn::Ts,
        EventColumn::Channel,
        EventColumn::Kind,
        EventColumn::Meta,
        EventColumn::Campaign,
        EventColumn::Name,
        EventColumn::Session,
        EventColumn::Value,
    ];

    /// Whether the column may be empty while the table has rows.
    pub fn optional(self) -> bool {
        matches!(
            self,
            EventColumn::Campaign | EventColumn::Name | EventColumn::Session | EventColumn::Value
        )
    }

    /// Rows the column of `e` holds (0 for an optional column not in use).
    pub fn len(self, e: &EventTable) -> usize {
        match self {
            EventColumn::Contact => e.contact.len(),
            EventColumn::Ts => e.ts.len(),
            EventColumn::Channel => e.channel.len(),
            EventColumn::Kind => e.kind.len(),
            EventColumn::Meta => e.meta.len(),
            EventColumn::Campaign => e.campaign.len(),
            EventColumn::Name => e.name.len(),
            EventColumn::Session => e.session.len(),
            EventColumn::Value => e.value.len(),
        }
    }
}

/// Like [`encode_to`], for a data set whose event rows are held elsewhere
/// (the import worker moves them out of its Wasm memory as it parses):
/// `ds.events` is ignored; for each column of [`EventColumn::ALL`], in
/// order, the image gets the column's row count, `counts(column)`, and then
/// `events(column)` must hand `sink` (as the same sequence of parts) that
/// many elements, little-endian, as [`encode`] would write them.
pub fn encode_to_with_events(
    ds: &Dataset,
    counts: &dyn Fn(EventColumn) -> usize,
    events: &mut dyn FnMut(EventColumn),
    sink: &mut dyn FnMut(&[u8]),
) {
    let mut w = Writer {
        buf: Vec::with_capacity(PART_BYTES + 64),
        sink: Some(sink),
    };
    write_head(ds, &mut w);
    for col in EventColumn::ALL {
        w.len(counts(col));
        w.flush();
        events(col);
    }
    write_tail(ds, &mut w);
    w.flush();
}

/// Everything before the event columns.
fn write_head(ds: &Dataset, w: &mut Writer<'_>) {
    w.put(MAGIC);
    for d in [
        &ds.keys,
        &ds.aliases,
        &ds.text,
        &ds.names,
        &ds.campaign_ids,
        &ds.order_ids,
        &ds.sessions,
    ] {
        w.dict(d);
    }
    w.u32s(&ds.alias_of);

    w.contacts(&ds.contacts);
}

/// Everything after the event columns.
fn write_tail(ds: &Dataset, w: &mut Writer<'_>) {
    let o = &ds.orders;
    w.u32s(&o.order_id);
    w.u32s(&o.contact);
    w.i64s(&o.ts);
    w.f64s(&o.amount);
    w.u32s(&o.currency);

    w.len(ds.campaigns.len());
    for camp in &ds.campaigns {
        w.put(&camp.id.to_le_bytes());
        w.str(&camp.name);
        w.put(&[camp.channel.code(), camp.scope.code()]);
        w.str(&camp.subject);
        w.str(&camp.message_type);
        w.put(&camp.sent_at.unwrap_or(i64::MIN).to_le_bytes());
        w.put(&camp.cost.to_bits().to_le_bytes());
    }

    let s = &ds.consent;
    w.u32s(&s.contact);
    w.u32s(&s.subject);
    w.bytes(&s.channel);
    w.bytes(&s.status);
    w.i64s(&s.ts);
    w.u32s(&s.source);

    let r = &ds.records;
    w.u32s(&r.person);
    w.dict(&r.ids);
    w.u32s(&r.id_end);
    w.u32s(&r.id_list);
    w.contacts(&r.attributes);

    // Two zero bytes: no country was chosen.
    let country = ds.phone_country.map_or([0; 2], |c| {
        let iso = c.iso().as_bytes();
        [iso[0], iso[1]]
    });
    w.put(&country);
}

/// Reads an image written by [`encode`].
pub fn decode(bytes: &[u8]) -> Result<Dataset, CodecError> {
    decode_from(bytes.len(), &mut |at, out| {
        out.copy_from_slice(&bytes[at..at + out.len()]);
    })
}

/// Reads an image of `len` bytes that `read(at, out)` copies out part by
/// part (`out.len()` bytes from offset `at`, never past `len`), so the
/// image can stay outside this memory (the page keeps it in a JavaScript
/// buffer) while only the columns are built here.
pub fn decode_from(
    len: usize,
    read: &mut dyn FnMut(usize, &mut [u8]),
) -> Result<Dataset, CodecError> {
    let mut r = Reader {
        read,
        len,
        at: 0,
        part: Vec::new(),
    };
    let mut magic = [0; MAGIC.len()];
    let version = match r.fill(&mut magic) {
        Ok(()) if &magic == MAGIC => 3,
        Ok(()) if &magic == MAGIC_V2 => 2,
        Ok(()) if &magic == MAGIC_V1 => 1,
        _ => return Err(CodecError::Magic),
    };
    let v1 = version == 1;
    let mut ds = Dataset {
        keys: r.dict()?,
        aliases: r.dict()?,
        text: r.dict()?,
        names: r.dict()?,
        campaign_ids: r.dict()?,
        order_ids: r.dict()?,
        sessions: r.dict()?,
        alias_of: r.u32s()?,
        ..Dataset::default()
    };
    ds.contacts = r.contacts()?;
    ds.events = EventTable {
        contact: r.u32s()?,
        ts: r.i64s()?,
        channel: r.bytes()?,
        kind: r.bytes()?,
        meta: r.bytes()?,
        campaign: r.u32s()?,
        name: r.u32s()?,
        session: r.u32s()?,
        value: r.f32s()?,
    };
    ds.orders = OrderTable {
        order_id: r.u32s()?,
        contact: r.u32s()?,
        ts: r.i64s()?,
        amount: r.f64s()?,
        currency: r.u32s()?,
    };
    for _ in 0..r.len()? {
        let id = r.u32()?;
        let name = r.str()?;
        let channel = Channel::from_code(r.u8()?).ok_or(CodecError::Corrupt("channel"))?;
        let scope = Scope::from_code(r.u8()?).ok_or(CodecError::Corrupt("scope"))?;
        let subject = r.str()?;
        let message_type = r.str()?;
        let sent_at = Some(r.i64()?).filter(|&t| t != i64::MIN);
        let cost = f64::from_bits(r.u64()?);
        ds.campaigns.push(Campaign {
            id,
            name,
            channel,
            scope,
            subject,
            message_type,
            sent_at,
            cost,
        });
    }
    ds.consent = ConsentTable {
        contact: r.u32s()?,
        subject: r.u32s()?,
        channel: r.bytes()?,
        status: r.bytes()?,
        ts: r.i64s()?,
        source: r.u32s()?,
    };
    if !v1 {
        ds.records = RecordTable {
            person: r.u32s()?,
            ids: r.dict()?,
            id_end: r.u32s()?,
            id_list: r.u32s()?,
            attributes: r.contacts()?,
        };
    }
    if version >= 3 {
        let mut iso = [0u8; 2];
        r.fill(&mut iso)?;
        if iso != [0; 2] {
            let code = std::str::from_utf8(&iso).map_err(|_| CodecError::Corrupt("country"))?;
            let country = CountryCode::parse(code).map_err(|_| CodecError::Corrupt("country"))?;
            ds.phone_country = Some(country);
        }
    }
    if r.at != r.len {
        return Err(CodecError::Corrupt("trailing bytes"));
    }
    validate(&ds)?;
    Ok(ds)
}

/// The checks that keep analyses from indexing out of bounds.
fn validate(ds: &Dataset) -> Result<(), CodecError> {
    let contacts = ds.keys.len();
    let ids_ok = |col: &[u32], n: usize| col.iter().all(|&id| (id as usize) < n);
    let opt_ok = |col: &[u32], n: usize| col.iter().all(|&id| id == NONE || (id as usize) < n);
    let len_ok = |col: usize, rows: usize, optional: bool| col == rows || (optional && col == 0);

    if ds.alias_of.len() != ds.aliases.len() || !ids_ok(&ds.alias_of, contacts) {
        return Err(CodecError::Corrupt("aliases"));
    }
    if !contacts_ok(&ds.contacts, ds.text.len()) || ds.contacts.len() > contacts {
        return Err(CodecError::Corrupt("contacts"));
    }
    let r = &ds.records;
    let ends_ok = r.id_end.windows(2).all(|w| w[0] <= w[1])
        && r.id_end.last().map_or(0, |&e| e as usize) == r.id_list.len();
    if r.id_end.len() != r.person.len()
        || !ends_ok
        || !ids_ok(&r.id_list, r.ids.len())
        || !ids_ok(&r.person, contacts)
        || r.person.windows(2).any(|w| w[0] > w[1])
        || r.attributes.len() != r.person.len()
        || !contacts_ok(&r.attributes, ds.text.len())
    {
        return Err(CodecError::Corrupt("records"));
    }
    let e = &ds.events;
    let rows = e.contact.len();
    if !ids_ok(&e.contact, contacts)
        || e.ts.len() != rows
        || e.channel.len() != rows
        || e.kind.len() != rows
        || e.meta.len() != rows
        || !len_ok(e.campaign.len(), rows, true)
        || !len_ok(e.name.len(), rows, true)
        || !len_ok(e.session.len(), rows, true)
        || !len_ok(e.value.len(), rows, true)
        || !opt_ok(&e.campaign, ds.campaign_ids.len())
        || !opt_ok(&e.name, ds.names.len())
        || !opt_ok(&e.session, ds.sessions.len())
    {
        return Err(CodecError::Corrupt("events"));
    }
    let o = &ds.orders;
    let rows = o.contact.len();
    if !ids_ok(&o.contact, contacts)
        || o.ts.len() != rows
        || o.amount.len() != rows
        || o.order_id.len() != rows
        || !len_ok(o.currency.len(), rows, true)
        || !opt_ok(&o.order_id, ds.order_ids.len())
        || !opt_ok(&o.currency, ds.names.len())
    {
        return Err(CodecError::Corrupt("orders"));
    }
    let s = &ds.consent;
    let rows = s.contact.len();
    if !ids_ok(&s.contact, contacts)
        || [s.subject.len(), s.channel.len(), s.status.len(), s.ts.len()]
            .iter()
            .any(|&l| l != rows)
        || !len_ok(s.source.len(), rows, true)
        || !opt_ok(&s.subject, ds.names.len())
        || !opt_ok(&s.source, ds.names.len())
    {
        return Err(CodecError::Corrupt("consent"));
    }
    if ds
        .campaigns
        .iter()
        .any(|c| c.id as usize >= ds.campaign_ids.len())
    {
        return Err(CodecError::Corrupt("campaigns"));
    }
    Ok(())
}

/// Every column of a contact table has one valid entry per row.
fn contacts_ok(c: &ContactTable, text: usize) -> bool {
    let n = c.name.len();
    let opt_ok = |col: &[u32]| col.iter().all(|&id| id == NONE || (id as usize) < text);
    let text_cols = [
        &c.name,
        &c.email,
        &c.phone,
        &c.country,
        &c.city,
        &c.job_title,
        &c.company,
        &c.stage,
    ];
    text_cols.iter().all(|col| col.len() == n && opt_ok(col))
        && c.company_size.len() == n
        && c.birth_year.len() == n
        && c.created_at.len() == n
        && c.extra.iter().all(|(_, col)| col.len() == n && opt_ok(col))
}

/// Takes an image's parts in order.
type Sink<'s> = &'s mut dyn FnMut(&[u8]);

/// Builds an image in a vector, or in parts handed to a sink.
struct Writer<'s> {
    buf: Vec<u8>,
    sink: Option<Sink<'s>>,
}

impl Writer<'_> {
    /// Hands the bytes gathered so far to the sink, if there is one and
    /// they make a part.
    fn spill(&mut self) {
        if self.buf.len() >= PART_BYTES {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if let Some(sink) = self.sink.as_mut() {
            if !self.buf.is_empty() {
                sink(&self.buf);
                self.buf.clear();
            }
        }
    }

    fn put(&mut self, b: &[u8]) {
        self.buf.extend_from_slice(b);
        self.spill();
    }

    fn len(&mut self, n: usize) {
        self.put(&(n as u64).to_le_bytes());
    }

    /// The elements of `v` after their count, a part at a time.
    fn elems<T: Copy, const N: usize>(&mut self, v: &[T], bytes: impl Fn(T) -> [u8; N]) {
        self.len(v.len());
        for block in v.chunks(PART_BYTES / N) {
            self.buf.extend(block.iter().flat_map(|&x| bytes(x)));
            self.spill();
        }
    }

    fn bytes(&mut self, v: &[u8]) {
        self.elems(v, |x| [x]);
    }

    fn str(&mut self, s: &str) {
        self.bytes(s.as_bytes());
    }

    fn u16s(&mut self, v: &[u16]) {
        self.elems(v, u16::to_le_bytes);
    }

    fn u32s(&mut self, v: &[u32]) {
        self.elems(v, u32::to_le_bytes);
    }

    fn i64s(&mut self, v: &[i64]) {
        self.elems(v, i64::to_le_bytes);
    }

    fn f32s(&mut self, v: &[f32]) {
        self.elems(v, |x| x.to_bits().to_le_bytes());
    }

    fn f64s(&mut self, v: &[f64]) {
        self.elems(v, |x| x.to_bits().to_le_bytes());
    }

    fn contacts(&mut self, c: &ContactTable) {
        for col in [
            &c.name,
            &c.email,
            &c.phone,
            &c.country,
            &c.city,
            &c.job_title,
            &c.company,
            &c.company_size,
            &c.stage,
        ] {
            self.u32s(col);
        }
        self.u16s(&c.birth_year);
        self.i64s(&c.created_at);
        self.len(c.extra.len());
        for (header, col) in &c.extra {
            self.str(header);
            self.u32s(col);
        }
    }

    /// One arena and the end offset of each string, as [`Dict`] holds them.
    fn dict(&mut self, d: &Dict) {
        let (arena, ends) = d.parts();
        self.u32s(ends);
        self.str(arena);
    }
}

/// Reads an image in order, part by part, through the caller's `read`.
struct Reader<'r> {
    read: &'r mut dyn FnMut(usize, &mut [u8]),
    len: usize,
    at: usize,
    /// The bytes of the part being converted into a column.
    part: Vec<u8>,
}

impl Reader<'_> {
    /// Fills `out` with the next bytes.
    fn fill(&mut self, out: &mut [u8]) -> Result<(), CodecError> {
        let end = self
            .at
            .checked_add(out.len())
            .ok_or(CodecError::Truncated)?;
        if end > self.len {
            return Err(CodecError::Truncated);
        }
        (self.read)(self.at, out);
        self.at = end;
        Ok(())
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], CodecError> {
        let mut out = [0; N];
        self.fill(&mut out)?;
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, CodecError> {
        Ok(self.array::<1>()?[0])
    }

    fn u32(&mut self) -> Result<u32, CodecError> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    fn u64(&mut self) -> Result<u64, CodecError> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    fn i64(&mut self) -> Result<i64, CodecError> {
        Ok(i64::from_le_bytes(self.array()?))
    }

    fn len(&mut self) -> Result<usize, CodecError> {
        usize::try_from(self.u64()?).map_err(|_| CodecError::Truncated)
    }

    /// A count of `N`-byte elements, refused before anything is allocated
    /// for it when the image is too short to hold them.
    fn count<const N: usize>(&mut self) -> Result<usize, CodecError> {
        let n = self.len()?;
        match n.checked_mul(N) {
            Some(bytes) if bytes <= self.len - self.at => Ok(n),
            _ => Err(CodecError::Truncated),
        }
    }

    /// A column of `N`-byte elements, converted a part at a time.
    fn elems<T, const N: usize>(
        &mut self,
        from: impl Fn([u8; N]) -> T,
    ) -> Result<Vec<T>, CodecError> {
        let n = self.count::<N>()?;
        let mut out = Vec::with_capacity(n);
        let mut part = std::mem::take(&mut self.part);
        let per_part = PART_BYTES / N;
        while out.len() < n {
            let k = per_part.min(n - out.len());
            part.resize(k * N, 0);
            self.fill(&mut part)?;
            out.extend(part.chunks_exact(N).map(|c| {
                let mut a = [0; N];
                a.copy_from_slice(c);
                from(a)
            }));
        }
        self.part = part;
        Ok(out)
    }

    fn bytes(&mut self) -> Result<Vec<u8>, CodecError> {
        let n = self.count::<1>()?;
        let mut out = vec![0; n];
        self.fill(&mut out)?;
        Ok(out)
    }

    fn str(&mut self) -> Result<String, CodecError> {
        String::from_utf8(self.bytes()?).map_err(|_| CodecError::Corrupt("text"))
    }

    fn u16s(&mut self) -> Result<Vec<u16>, CodecError> {
        self.elems(u16::from_le_bytes)
    }

    fn u32s(&mut self) -> Result<Vec<u32>, CodecError> {
        self.elems(u32::from_le_bytes)
    }

    fn i64s(&mut self) -> Result<Vec<i64>, CodecError> {
        self.elems(i64::from_le_bytes)
    }

    fn f32s(&mut self) -> Result<Vec<f32>, CodecError> {
        self.elems(|b| f32::from_bits(u32::from_le_bytes(b)))
    }

    fn f64s(&mut self) -> Result<Vec<f64>, CodecError> {
        self.elems(|b| f64::from_bits(u64::from_le_bytes(b)))
    }

    fn contacts(&mut self) -> Result<ContactTable, CodecError> {
        let mut c = ContactTable {
            name: self.u32s()?,
            email: self.u32s()?,
            phone: self.u32s()?,
            country: self.u32s()?,
            city: self.u32s()?,
            job_title: self.u32s()?,
            company: self.u32s()?,
            company_size: self.u32s()?,
            stage: self.u32s()?,
            birth_year: self.u16s()?,
            created_at: self.i64s()?,
            extra: Vec::new(),
        };
        for _ in 0..self.len()? {
            let header = self.str()?;
            let col = self.u32s()?;
            c.extra.push((header, col));
        }
        Ok(c)
    }

    fn dict(&mut self) -> Result<Dict, CodecError> {
        let ends = self.u32s()?;
        let arena = self.str()?;
        Dict::from_parts(arena, ends).ok_or(CodecError::Corrupt("dictionary"))
    }
}

#[cfg(test)]
mod tests;
