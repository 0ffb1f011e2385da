//! Quintile scores: `1 + floor(5 × (number of strictly smaller keys) / N)`.

/// Scores 1–5 for values where a larger key is better:
/// `1 + floor(5 × (number of strictly smaller keys) / N)`.
///
/// Recency (days) and frequency (orders) span small ranges, so they are
/// counted; other keys need only the four quintile boundaries, found by
/// radix selection rather than a sort.
pub fn quintile_scores(keys: &[u64]) -> Vec<u8> {
    let n = keys.len() as u64;
    let Some((min, max)) = min_max(keys) else {
        return Vec::new();
    };
    // 1 + ⌊5·s/N⌋ ≥ j + 1 ⟺ s ≥ m_j = ⌈j·N/5⌉: four comparisons per value
    // instead of a division by N.
    let m: [u64; 4] = std::array::from_fn(|j| (j as u64 + 1) * n).map(|jn| jn.div_ceil(5));
    let score = |smaller: u64| 1 + m.iter().map(|&mj| u8::from(smaller >= mj)).sum::<u8>();
    if max - min <= 4 * n {
        // The score of each value in the range, from the count of keys
        // below it: one table read per key afterwards.
        let mut table = vec![0u32; (max - min) as usize + 1];
        for &k in keys {
            table[(k - min) as usize] += 1;
        }
        let mut below = 0;
        for slot in &mut table {
            let here = u64::from(*slot);
            *slot = u32::from(score(below));
            below += here;
        }
        return keys
            .iter()
            .map(|&k| table[(k - min) as usize] as u8)
            .collect();
    }
    // score ≥ j + 1 ⟺ smaller ≥ m_j ⟺ key > the key at sorted position
    // m_j − 1 (0-based): four order statistics decide every score. m_j ≥ 1
    // as N ≥ 1, and m_4 ≤ N.
    let pos = m.map(|mj| mj as usize - 1);
    let mut cuts = [0u64; 4];
    order_statistics(keys, min, max, &pos, &mut cuts);
    keys.iter()
        .map(|&k| 1 + cuts.iter().map(|&c| u8::from(k > c)).sum::<u8>())
        .collect()
}

/// The smallest and largest key, in one pass.
fn min_max(keys: &[u64]) -> Option<(u64, u64)> {
    let first = *keys.first()?;
    Some(
        keys.iter()
            .fold((first, first), |(lo, hi), &k| (lo.min(k), hi.max(k))),
    )
}

/// Bits of the key range one histogram resolves: 2^11 counters stay in L1.
const BITS: u32 = 11;

/// Writes to `out[i]` the key at 0-based position `pos[i]` (ascending, each
/// below `keys.len()`) of `keys` sorted, `min` and `max` being the smallest
/// and largest key. A histogram of the top bits of `key − min` places each
/// position in one bucket and only that bucket's keys go on, so every level
/// reads the keys once or twice: linear, where a sort is not and
/// `select_nth_unstable` partitions the whole slice once per position.
fn order_statistics(keys: &[u64], min: u64, max: u64, pos: &[usize], out: &mut [u64]) {
    if min == max {
        out.fill(min);
        return;
    }
    if keys.len() <= 64 {
        let mut sorted = keys.to_vec();
        sorted.sort_unstable();
        for (o, &p) in out.iter_mut().zip(pos) {
            *o = sorted[p];
        }
        return;
    }
    let range = max - min;
    let shift = (u64::BITS - range.leading_zeros()).saturating_sub(BITS);
    let bucket = |k: u64| ((k - min) >> shift) as usize;
    // start[b] = number of keys in buckets below b.
    let mut start = vec![0usize; bucket(max) + 2];
    for &k in keys {
        start[bucket(k) + 1] += 1;
    }
    for b in 1..start.len() {
        start[b] += start[b - 1];
    }
    // The buckets holding the positions (at most four), each with the keys
    // it holds; `slot[b]` is the index of bucket b among them.
    let mut slot = vec![u8::MAX; start.len()];
    let mut targets: Vec<(usize, Vec<u64>)> = Vec::with_capacity(pos.len());
    for &p in pos {
        let b = start.partition_point(|&s| s <= p) - 1;
        if slot[b] == u8::MAX {
            slot[b] = targets.len() as u8;
            targets.push((b, Vec::with_capacity(start[b + 1] - start[b])));
        }
    }
    for &k in keys {
        if let Some((_, sub)) = targets.get_mut(slot[bucket(k)] as usize) {
            sub.push(k);
        }
    }
    let mut i = 0;
    for (b, sub) in &targets {
        let j = i + pos[i..].iter().take_while(|&&p| p < start[b + 1]).count();
        let rel: Vec<usize> = pos[i..j].iter().map(|&p| p - start[*b]).collect();
        if let Some((lo, hi)) = min_max(sub) {
            order_statistics(sub, lo, hi, &rel, &mut out[i..j]);
        }
        i = j;
    }
}
