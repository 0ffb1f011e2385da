//! CPU-time measurement shared by the benches (`CANAL_BENCH_CPU=1`): on a
//! shared, loaded machine it measures the work rather than the wait for a
//! core.

#![allow(dead_code)]

use criterion::Bencher;
use std::hint::black_box;
use std::time::Duration;

/// This thread's CPU time. `clock_gettime` settles the running time on the
/// spot; `/proc/thread-self/schedstat` only at scheduler ticks, too coarse
/// for millisecond runs.
#[allow(unsafe_code)]
pub fn thread_cpu() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the call's duration.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
}

/// The process's CPU time, every thread's.
#[allow(unsafe_code)]
pub fn process_cpu() -> Option<Duration> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the call's duration.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    (rc == 0).then(|| Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32))
}

/// The process's minor page faults so far (`/proc/self/stat`), if known.
pub fn minor_faults() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command (which may hold spaces) start at `state`:
    // minflt is field 10, the 8th after the `)`.
    let rest = &stat[stat.rfind(')')? + 1..];
    rest.split_whitespace().nth(7)?.parse().ok()
}

/// Whether `CANAL_BENCH_CPU` asks for CPU time and the clock is there.
pub fn cpu_requested() -> bool {
    std::env::var_os("CANAL_BENCH_CPU").is_some() && thread_cpu().is_some()
}

/// Times `f` in wall time, or in this thread's CPU time when asked.
pub fn run<O>(b: &mut Bencher<'_>, mut f: impl FnMut() -> O) {
    if cpu_requested() {
        b.iter_custom(|iters| {
            let start = thread_cpu().unwrap_or_default();
            for _ in 0..iters {
                black_box(f());
            }
            thread_cpu().unwrap_or_default().saturating_sub(start)
        });
    } else {
        b.iter(f);
    }
}
