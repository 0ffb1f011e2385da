//! `canal analyze …` end to end: the built binary on small CSV files with
//! hand-computed expected output. One test binary; the cases live in
//! `cli_analyze/`, one file per area.

use std::path::Path;
use std::process::Command;

#[path = "cli_analyze/country.rs"]
mod country;
#[path = "cli_analyze/events.rs"]
mod events;
#[path = "cli_analyze/funnel.rs"]
mod funnel;
#[path = "cli_analyze/inputs.rs"]
mod inputs;
#[path = "cli_analyze/rfm.rs"]
mod rfm;

pub(crate) struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Writes `files` (name, content) into a fresh temp dir and runs
/// `canal analyze ARGS` there.
pub(crate) fn analyze(files: &[(&str, &str)], args: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, content) in files {
        std::fs::write(dir.path().join(name), content).expect("write input");
    }
    analyze_in(dir.path(), args)
}

pub(crate) fn analyze_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_canal"))
        .arg("analyze")
        .args(args)
        .current_dir(dir)
        .env("RUST_LOG", "off")
        .output()
        .expect("run canal");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The run succeeds, prints `expected` on stdout and nothing on stderr.
pub(crate) fn check(files: &[(&str, &str)], args: &[&str], expected: &str) {
    let r = analyze(files, args);
    assert_eq!(r.code, 0, "{args:?} failed: {}", r.stderr);
    assert_eq!(r.stdout, expected, "{args:?}");
    assert_eq!(r.stderr, "", "{args:?}");
}

/// The run fails with a message containing `message`.
pub(crate) fn check_fails(files: &[(&str, &str)], args: &[&str], message: &str) {
    let r = analyze(files, args);
    assert_ne!(r.code, 0, "{args:?} should fail; stdout: {}", r.stdout);
    assert!(
        r.stderr.contains(message),
        "{args:?}: stderr {:?} lacks {message:?}",
        r.stderr
    );
}

pub(crate) fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).expect("valid JSON")
}

pub(crate) fn analyze_stdin(args: &[&str], input: &[u8]) -> Run {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_canal"))
        .arg("analyze")
        .args(args)
        .env("RUST_LOG", "off")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run canal");
    let mut stdin = child.stdin.take().expect("stdin");
    let data = input.to_vec();
    // Written from a thread: a large input would fill the pipe while the
    // child's output fills the other.
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer").expect("write stdin");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}
