//! A server killed with SIGKILL in the middle of an ingest loses no event it
//! acknowledged, and keeps every batch whole or absent.
//!
//! Spawns the built `canal` binary on a temp SQLite file, ingests batches from
//! several clients at once, kills the process while requests are in flight,
//! then reopens the database and checks every acknowledged id.

use std::collections::HashSet;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};

const BATCH: usize = 500;

async fn canal(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_canal"))
        .args(args)
        .output()
        .await
        .expect("run canal")
}

/// Starts `canal serve` and returns it with its address.
async fn serve(db: &str) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_canal"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--database",
            db,
            "--dist",
            "/nonexistent",
        ])
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .kill_on_drop(true)
        .spawn()
        .expect("spawn canal serve");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    while let Some(line) = lines.next_line().await.unwrap() {
        if let Some(addr) = line.strip_prefix("Canal is serving on http://") {
            return (child, addr.to_owned());
        }
    }
    panic!("canal serve exited before listening");
}

/// One HTTP/1.1 POST; the status, or `None` if the connection died.
async fn post(addr: &str, token: &str, body: &str) -> Option<u16> {
    let mut s = TcpStream::connect(addr).await.ok()?;
    let req = format!(
        "POST /api/events HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.ok()?;
    let mut out = Vec::new();
    s.read_to_end(&mut out).await.ok()?;
    let head = String::from_utf8_lossy(&out);
    head.split(' ').nth(1)?.parse().ok()
}

fn batch(client: usize, n: usize) -> (Vec<String>, String) {
    let ids: Vec<String> = (0..BATCH).map(|i| format!("k{client}-{n}-{i}")).collect();
    let events: Vec<String> = ids
        .iter()
        .map(|id| {
            format!(
                r#"{{"id":"{id}","contact_id":"c{client}","ts":1767225600,"channel":"email","kind":"sent"}}"#
            )
        })
        .collect();
    (ids, format!("[{}]", events.join(",")))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_mid_ingest_loses_no_acknowledged_event() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("canal.db").display());
    let out = canal(&[
        "user",
        "add",
        "--database",
        &db,
        "--email",
        "ops@example.com",
        "--password",
        "long enough",
        "--token",
        "load",
    ])
    .await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let token = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .last()
        .unwrap()
        .trim()
        .to_owned();

    let (mut child, addr) = serve(&db).await;
    let acked: Arc<Mutex<Vec<Vec<String>>>> = Arc::default();
    let sent: Arc<Mutex<Vec<Vec<String>>>> = Arc::default();
    let mut clients = Vec::new();
    for c in 0..4 {
        let (addr, token, acked, sent) = (addr.clone(), token.clone(), acked.clone(), sent.clone());
        clients.push(tokio::spawn(async move {
            for n in 0.. {
                let (ids, body) = batch(c, n);
                sent.lock().unwrap().push(ids.clone());
                match post(&addr, &token, &body).await {
                    Some(200) => acked.lock().unwrap().push(ids),
                    Some(other) => panic!("unexpected status {other}"),
                    None => return,
                }
            }
        }));
    }
    // Kill once a good number of batches went through, mid-stream.
    while acked.lock().unwrap().len() < 40 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    child.start_kill().unwrap(); // SIGKILL
    child.wait().await.unwrap();
    for c in clients {
        c.await.unwrap();
    }

    // Reopen (this also replays the WAL) and check.
    let reopened = canal_server::db::Db::connect(&db).await.unwrap();
    let rows: Vec<(String,)> = sqlx::query_as("SELECT id FROM events")
        .fetch_all(reopened.pool())
        .await
        .unwrap();
    let stored: HashSet<String> = rows.into_iter().map(|r| r.0).collect();
    let acked = acked.lock().unwrap();
    assert!(acked.len() >= 40);
    for ids in acked.iter() {
        for id in ids {
            assert!(stored.contains(id), "acknowledged event {id} was lost");
        }
    }
    // Unacknowledged batches are whole or absent, never half-written.
    for ids in sent.lock().unwrap().iter() {
        let present = ids.iter().filter(|id| stored.contains(*id)).count();
        assert!(
            present == 0 || present == ids.len(),
            "a batch was half-written: {present}/{}",
            ids.len()
        );
    }
}
