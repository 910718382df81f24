//! Linting many files on all cores while writing results in a fixed order, as they come.
//!
//! A linter of fleets needs throughput (parallel across files), deterministic output (sorted by path)
//! and peak memory independent of the number of files. Jobs are produced lazily and claimed
//! strictly in order, and no worker runs more than a window (four jobs per thread) ahead of
//! the writer, so only that many finished results wait in memory, however many files there
//! are and however slow one of them is. The worker that completes the next result in order
//! writes it: no thread is woken per file.

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, MutexGuard};

/// How far workers may run ahead of the writer, per thread. Finished results wait in memory
/// until the writer reaches them; a small window keeps that (and the heap fragmentation it
/// causes) from growing with long runs, while still letting fast files pass a slow one.
const WINDOW_PER_THREAD: usize = 4;

struct Claims<J> {
    /// The jobs, produced one at a time as workers claim them (under the lock, in order).
    jobs: J,
    /// Set when `jobs` has no more.
    exhausted: bool,
    /// Index of the next job to hand out.
    next: usize,
    /// Number of results handed to the sink so far.
    written: usize,
    /// Workers sleeping until the writer catches up.
    waiting: usize,
    /// Set when a job panicked: the workers stop and the panic goes on on the caller's thread.
    aborted: bool,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking job is caught by its caller; a poisoned lock still holds consistent counters.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// In-order hand-over of results: whichever worker completes the next expected result writes
/// it (and any later ones already waiting), so no thread sleeps and wakes per file.
struct Writer<R, S> {
    pending: BTreeMap<usize, R>,
    expected: usize,
    sink: S,
}

/// Runs `work` on every job, on rayon's thread pool, and calls `sink` with each result in job
/// order, as soon as that result and all earlier ones are ready. Jobs are taken from the
/// iterator one at a time, in order, as workers claim them (never ahead of the window).
///
/// With a single job (the common "lint one file" case) or a single thread, no pool is started:
/// process start-up stays small (under 10 ms for one small file).
pub fn for_each_in_order<I, T, R, W, S>(jobs: I, work: W, mut sink: S)
where
    I: IntoIterator<Item = T>,
    I::IntoIter: Send,
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    S: FnMut(R) + Send,
{
    let mut jobs = jobs.into_iter();
    // The jobs are produced lazily (a directory walk): look at two to know whether a pool is
    // worth starting.
    let Some(first) = jobs.next() else { return };
    let Some(second) = jobs.next() else {
        sink(work(first));
        return;
    };
    let jobs = [first, second].into_iter().chain(jobs);
    let threads = rayon::current_num_threads();
    let window = (WINDOW_PER_THREAD * threads).max(8);
    if threads <= 1 {
        for job in jobs {
            sink(work(job));
        }
        return;
    }
    let claims = Mutex::new(Claims {
        jobs,
        exhausted: false,
        next: 0,
        written: 0,
        waiting: 0,
        aborted: false,
    });
    let progressed = Condvar::new();
    let writer = Mutex::new(Writer {
        pending: BTreeMap::new(),
        expected: 0,
        sink,
    });
    let panic: Mutex<Option<Box<dyn std::any::Any + Send>>> = Mutex::new(None);
    rayon::in_place_scope(|scope| {
        for _ in 0..threads {
            let (claims, progressed, work, writer, panic) =
                (&claims, &progressed, &work, &writer, &panic);
            scope.spawn(move |_| loop {
                let (index, job) = {
                    let mut state = lock(claims);
                    while !state.aborted && !state.exhausted && state.next >= state.written + window
                    {
                        state.waiting += 1;
                        state = progressed
                            .wait(state)
                            .unwrap_or_else(|poisoned| poisoned.into_inner());
                        state.waiting -= 1;
                    }
                    if state.aborted || state.exhausted {
                        break;
                    }
                    match state.jobs.next() {
                        Some(job) => {
                            state.next += 1;
                            (state.next - 1, job)
                        }
                        None => {
                            state.exhausted = true;
                            break;
                        }
                    }
                };
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(job)));
                let result = match result {
                    Ok(result) => result,
                    Err(payload) => {
                        *lock(panic) = Some(payload);
                        lock(claims).aborted = true;
                        progressed.notify_all();
                        break;
                    }
                };
                let written = {
                    let mut writer = lock(writer);
                    writer.pending.insert(index, result);
                    let Writer {
                        pending,
                        expected,
                        sink,
                    } = &mut *writer;
                    while let Some(result) = pending.remove(expected) {
                        sink(result);
                        *expected += 1;
                    }
                    *expected
                };
                let mut state = lock(claims);
                if written > state.written {
                    state.written = written;
                    // A futex wake only when someone sleeps: usually no one does.
                    if state.waiting > 0 {
                        progressed.notify_all();
                    }
                }
            });
        }
    });
    let payload = lock(&panic).take();
    if let Some(payload) = payload {
        std::panic::resume_unwind(payload);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_arrive_in_job_order() {
        let jobs: Vec<usize> = (0..1000).collect();
        let mut seen = Vec::new();
        for_each_in_order(
            jobs,
            |i| {
                // Uneven work so that later jobs often finish first.
                if i % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_micros(200));
                }
                i * 2
            },
            |r| seen.push(r),
        );
        assert_eq!(seen, (0..1000).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn one_job_runs_on_the_calling_thread() {
        let caller = std::thread::current().id();
        let mut ran_on = None;
        for_each_in_order(
            vec![()],
            |()| std::thread::current().id(),
            |id| ran_on = Some(id),
        );
        assert_eq!(ran_on, Some(caller));
    }

    #[test]
    fn a_panicking_job_does_not_hang_the_run() {
        let outcome = std::panic::catch_unwind(|| {
            for_each_in_order(
                (0..500).collect::<Vec<u32>>(),
                |i| {
                    assert!(i != 3, "job 3 fails");
                    i
                },
                |_| {},
            )
        });
        assert!(outcome.is_err());
    }

    #[test]
    fn jobs_are_produced_no_further_ahead_than_the_window() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let produced = AtomicUsize::new(0);
        let mut written = 0;
        let mut furthest_ahead = 0;
        let jobs = (0..2000).inspect(|_| {
            produced.fetch_add(1, Ordering::SeqCst);
        });
        for_each_in_order(
            jobs,
            |i: u32| {
                if i % 50 == 0 {
                    std::thread::sleep(std::time::Duration::from_millis(2));
                }
                i
            },
            |_| {
                written += 1;
                furthest_ahead = furthest_ahead.max(produced.load(Ordering::SeqCst) - written);
            },
        );
        assert_eq!(written, 2000);
        let threads = rayon::current_num_threads();
        let window = (WINDOW_PER_THREAD * threads).max(8);
        // Each thread may hold one claimed job beyond the window while it waits.
        assert!(
            furthest_ahead <= window + threads,
            "{furthest_ahead} jobs produced ahead of the writer (window {window})"
        );
    }

    #[test]
    fn no_jobs_is_fine() {
        let mut calls = 0;
        for_each_in_order(Vec::<u8>::new(), |x| x, |_| calls += 1);
        assert_eq!(calls, 0);
    }
}
