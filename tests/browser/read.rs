//! The worker's reading of a file ([`ByteStream`]): as a byte stream into
//! one reused buffer, and in `Blob.arrayBuffer` slices where a browser has
//! no byte stream for a file. Both give exactly the bytes of the range asked
//! for, whatever its length against the buffer's.

use canal_app::worker::read::ByteStream;
use js_sys::{Array, Uint8Array};
use wasm_bindgen_test::*;
use web_sys::File;

/// Bytes no two positions of which a slip by a few could confuse.
fn bytes(n: usize) -> Vec<u8> {
    (0..n)
        .map(|i| (i as u32).wrapping_mul(2_654_435_761).rotate_left(7) as u8)
        .collect()
}

fn file(content: &[u8]) -> File {
    File::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(content)), "read.csv").unwrap()
}

/// Everything `stream` gives, and how many buffers it took.
async fn drain(mut stream: ByteStream) -> (Vec<u8>, usize) {
    let (mut out, mut reads) = (Vec::new(), 0);
    loop {
        let got = stream.next().await.unwrap();
        if got.length() == 0 {
            // The end stays the end.
            assert_eq!(stream.next().await.unwrap().length(), 0);
            return (out, reads);
        }
        out.extend(got.to_vec());
        reads += 1;
    }
}

#[wasm_bindgen_test]
async fn a_range_is_read_whole_as_a_byte_stream() {
    let content = bytes(2_500_003);
    let f = file(&content);
    // From inside the file to its end, an exact number of 1 MiB buffers,
    // shorter than one, empty, and a range whose end lies past the file's.
    for (from, to) in [
        (0usize, content.len()),
        (17, content.len()),
        (5, 5 + 2 * (1 << 20)),
        (1000, 1200),
        (300, 300),
        (2_000_000, 3_000_000),
    ] {
        let stream = ByteStream::open(
            &f,
            (from as f64, to as f64),
            f64::from(8u32 << 20),
            "read.csv",
        )
        .unwrap();
        assert!(
            matches!(stream, ByteStream::Byob { .. }),
            "Chromium streams a file's bytes"
        );
        let (got, reads) = drain(stream).await;
        let want = &content[from.min(content.len())..to.min(content.len())];
        assert_eq!(got.len(), want.len(), "{from}..{to}");
        assert!(got == want, "{from}..{to}: other bytes");
        // Each buffer but the last is full.
        assert_eq!(reads, want.len().div_ceil(1 << 20), "{from}..{to}");
    }
}

#[wasm_bindgen_test]
async fn a_range_is_read_whole_in_slices_without_a_byte_stream() {
    let content = bytes(1_000_001);
    let f = file(&content);
    for (from, to, chunk) in [
        (0usize, content.len(), 65_536usize),
        (3, 999_999, 100_000),
        (10, 11, 4),
        (42, 42, 8),
        (0, content.len(), 1 << 23),
    ] {
        let stream =
            ByteStream::slices(&f, (from as f64, to as f64), chunk as f64, "read.csv").unwrap();
        let (got, reads) = drain(stream).await;
        let want = &content[from..to];
        assert!(got == want, "{from}..{to} by {chunk}");
        assert_eq!(reads, want.len().div_ceil(chunk), "{from}..{to} by {chunk}");
    }
}
