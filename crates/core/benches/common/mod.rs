//! The generated event CSV shared by the import bench and the profiling
//! example (`examples/import_profile.rs`), so both time the same bytes.

use std::fmt::Write;

/// A deterministic ESP-style event export: 100k contacts (quoted e-mails),
/// 50 campaigns (quoted, with a comma), four channels, six event types, a
/// clicked URL on clicks and a value on purchases.
pub fn generate(rows: usize) -> Vec<u8> {
    const KINDS: [&str; 6] = [
        "sent",
        "delivered",
        "open",
        "click",
        "unsubscribe",
        "purchase",
    ];
    const CHANNELS: [&str; 4] = ["email", "sms", "web_push", "app_push"];
    let mut out = String::with_capacity(rows * 104);
    out.push_str("email,timestamp,channel,event,campaign,url,value\n");
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        // xorshift64*: deterministic, no RNG dependency.
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    let start = 1_704_067_200u64; // 2024-01-01
    for i in 0..rows {
        let r = next();
        let contact = if std::env::var_os("SORTED").is_some() {
            (i as u64 / 10) % 100_000
        } else {
            r % 100_000
        };
        let ts = start + (i as u64) * 30 + (r >> 40) % 30;
        let secs = ts % 86_400;
        let date = chrono::DateTime::from_timestamp(ts as i64, 0).expect("in range");
        let kind = KINDS[(r >> 20) as usize % KINDS.len()];
        let channel = CHANNELS[(r >> 24) as usize % CHANNELS.len()];
        let campaign = (r >> 30) % 50;
        let _ = writeln!(
            out,
            "\"customer.{contact:06}@example.com\",{}T{:02}:{:02}:{:02}Z,{channel},{kind},\"Spring sale, wave {campaign:02}\",{},{}",
            date.format("%Y-%m-%d"),
            secs / 3600,
            secs / 60 % 60,
            secs % 60,
            if kind == "click" { "https://shop.example/sale" } else { "" },
            if kind == "purchase" { "49.90" } else { "" },
        );
    }
    out.into_bytes()
}
