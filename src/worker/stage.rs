//! Event rows moved out of the worker's Wasm memory as the import goes.
//!
//! A Wasm instance's memory never shrinks, so whatever the event columns
//! grow to during a parse stays taken until the worker ends: ~27 B a row
//! for the columns alone. Instead, after every slice of the file the new
//! rows are copied into JavaScript typed arrays (ordinary garbage-collected
//! memory) and the columns are emptied, keeping their capacity for the next
//! slice; the image for the page is then assembled from these blocks
//! without passing through Wasm memory again.

use super::protocol::BlockShape;
use canal_core::codec::EventColumn;
use canal_core::import::split::IdMaps;
use canal_core::model::{EventTable, NONE};
use js_sys::{Array, BigInt64Array, Float32Array, Uint32Array, Uint8Array};

/// One block: its rows and each column's bytes (`None`: an optional column
/// the block's rows did not use).
struct Block {
    rows: usize,
    columns: [Option<Uint8Array>; 9],
}

/// The rows moved out so far, block by block.
#[derive(Default)]
pub struct Staged {
    blocks: Vec<Block>,
}

/// Bytes of a typed array, as one `Uint8Array`.
fn bytes_of(buffer: &js_sys::ArrayBuffer) -> Uint8Array {
    Uint8Array::new(buffer)
}

fn column_bytes(e: &EventTable, col: EventColumn) -> Option<Uint8Array> {
    if col.len(e) == 0 {
        return None;
    }
    let u32s = |v: &[u32]| bytes_of(&Uint32Array::new_from_slice(v).buffer());
    Some(match col {
        EventColumn::Contact => u32s(&e.contact),
        EventColumn::Ts => bytes_of(&BigInt64Array::new_from_slice(&e.ts).buffer()),
        EventColumn::Channel => Uint8Array::new_from_slice(&e.channel),
        EventColumn::Kind => Uint8Array::new_from_slice(&e.kind),
        EventColumn::Meta => Uint8Array::new_from_slice(&e.meta),
        EventColumn::Campaign => u32s(&e.campaign),
        EventColumn::Name => u32s(&e.name),
        EventColumn::Session => u32s(&e.session),
        EventColumn::Value => bytes_of(&Float32Array::new_from_slice(&e.value).buffer()),
    })
}

impl Staged {
    /// Rows moved out so far.
    pub fn rows(&self) -> usize {
        self.blocks.iter().map(|b| b.rows).sum()
    }

    /// Moves the rows of `e` out and empties its columns (their capacity
    /// stays, for the next slice's rows).
    pub fn take(&mut self, e: &mut EventTable) {
        let rows = e.len();
        if rows == 0 {
            return;
        }
        let columns = EventColumn::ALL.map(|col| column_bytes(e, col));
        self.blocks.push(Block { rows, columns });
        e.contact.clear();
        e.ts.clear();
        e.channel.clear();
        e.kind.clear();
        e.meta.clear();
        e.campaign.clear();
        e.name.clear();
        e.session.clear();
        e.value.clear();
    }

    /// Rewrites every contact id `c` as `map[c]` (people merged at the end
    /// of the import), a few thousand at a time through Wasm memory.
    pub fn remap(&self, map: &[u32]) {
        self.rewrite(EventColumn::Contact, |c| {
            map.get(c as usize).copied().unwrap_or(c)
        });
    }

    /// Rewrites the ids of a part's rows as `maps` says (the part appended
    /// after this worker's own, `canal_core::import::split::append_ids`).
    /// A dictionary whose ids kept their values (the part met its strings
    /// in the order this worker did: event names, campaigns) leaves its
    /// column as it is.
    pub fn remap_part(&self, maps: &IdMaps) {
        let moved = |ids: &[u32]| ids.iter().enumerate().any(|(i, &to)| to != i as u32);
        if moved(&maps.contacts) {
            self.rewrite(EventColumn::Contact, |c| {
                maps.contacts.get(c as usize).copied().unwrap_or(c)
            });
        }
        for (col, ids) in [
            (EventColumn::Campaign, &maps.campaigns),
            (EventColumn::Name, &maps.names),
            (EventColumn::Session, &maps.sessions),
        ] {
            if moved(ids) {
                self.rewrite(col, |v| IdMaps::map(ids, v));
            }
        }
    }

    /// Adds `other`'s blocks after these.
    pub fn append(&mut self, other: Staged) {
        self.blocks.extend(other.blocks);
    }

    /// Hands the blocks over for another worker: their shapes, and each
    /// present column's bytes pushed to `out` with its buffer on
    /// `transfer`.
    pub fn export(self, out: &Array, transfer: &Array) -> Vec<BlockShape> {
        self.blocks
            .into_iter()
            .map(|b| {
                let mut columns = 0u16;
                for (i, col) in b.columns.into_iter().enumerate() {
                    if let Some(bytes) = col {
                        columns |= 1 << i;
                        transfer.push(&bytes.buffer());
                        out.push(&bytes);
                    }
                }
                BlockShape {
                    rows: b.rows as u32,
                    columns,
                }
            })
            .collect()
    }

    /// The blocks [`Staged::export`] handed over: `arrays` holds their
    /// columns' bytes in order. `None` when they do not fit the shapes.
    pub fn import(
        shapes: &[BlockShape],
        arrays: &mut dyn Iterator<Item = Uint8Array>,
    ) -> Option<Self> {
        let mut blocks = Vec::with_capacity(shapes.len());
        for shape in shapes {
            let mut columns: [Option<Uint8Array>; 9] = Default::default();
            for (i, col) in EventColumn::ALL.into_iter().enumerate() {
                if shape.columns & (1 << i) == 0 {
                    if !col.optional() {
                        return None;
                    }
                    continue;
                }
                let bytes = arrays.next()?;
                if bytes.length() as usize != shape.rows as usize * width(col) {
                    return None;
                }
                columns[i] = Some(bytes);
            }
            blocks.push(Block {
                rows: shape.rows as usize,
                columns,
            });
        }
        Some(Staged { blocks })
    }

    /// Rewrites every id `v` of a u32 column as `f(v)`, a few thousand at a
    /// time through Wasm memory.
    /// (Generic, so `f` is inlined into the loop rather than called
    /// through a `dyn Fn` for every id.)
    fn rewrite(&self, col: EventColumn, f: impl Fn(u32) -> u32) {
        let i = index(col);
        let mut buf = vec![0u32; 16 << 10];
        for b in &self.blocks {
            let Some(bytes) = &b.columns[i] else {
                continue;
            };
            let ids = Uint32Array::new_with_byte_offset_and_length(
                &bytes.buffer(),
                bytes.byte_offset(),
                b.rows as u32,
            );
            let mut at = 0u32;
            while at < b.rows as u32 {
                let end = (at + buf.len() as u32).min(b.rows as u32);
                let part = ids.subarray(at, end);
                let buf = &mut buf[..(end - at) as usize];
                part.copy_to(buf);
                for v in buf.iter_mut() {
                    *v = f(*v);
                }
                part.copy_from(buf);
                at = end;
            }
        }
    }

    /// The rows column `col` has in the image: all of them, or none for an
    /// optional column no block used.
    pub fn count(&self, col: EventColumn) -> usize {
        let i = index(col);
        if col.optional() && self.blocks.iter().all(|b| b.columns[i].is_none()) {
            0
        } else {
            self.rows()
        }
    }

    /// Appends column `col`'s bytes to `parts`, block by block; a block
    /// that did not use an optional column others used gets it filled with
    /// the column's "absent" value.
    pub fn push_column(&self, col: EventColumn, parts: &Array) {
        if self.count(col) == 0 {
            return;
        }
        let i = index(col);
        for b in &self.blocks {
            match &b.columns[i] {
                Some(bytes) => {
                    parts.push(bytes);
                }
                None => {
                    let n = b.rows as u32;
                    let fill = if col == EventColumn::Value {
                        Float32Array::new_with_length(n)
                            .fill(f32::NAN, 0, n)
                            .buffer()
                    } else {
                        Uint32Array::new_with_length(n).fill(NONE, 0, n).buffer()
                    };
                    parts.push(&bytes_of(&fill));
                }
            }
        }
    }
}

/// Bytes per element of a column.
fn width(col: EventColumn) -> usize {
    match col {
        EventColumn::Ts => 8,
        EventColumn::Channel | EventColumn::Kind | EventColumn::Meta => 1,
        _ => 4,
    }
}

fn index(col: EventColumn) -> usize {
    EventColumn::ALL
        .iter()
        .position(|&c| c == col)
        .unwrap_or_default()
}
