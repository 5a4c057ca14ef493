//! `--jobs N`: work on several inputs at once, output in input order, memory bounded.
//!
//! Hand-written on `std::thread::scope` and bounded `std::sync::mpsc` channels rather than rayon: the
//! work is a plain ordered pipeline (read on the calling thread, N workers, one writer), rayon's
//! ordered parallel iterators need the whole input collected first (memory would grow with the
//! batch), and the command keeps one dependency less. The window of inputs between the reader and
//! the writer is fixed (`WINDOW_PER_JOB` × N), so memory stays flat whatever the number of inputs,
//! even when one slow input holds the output back.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::mpsc;

/// Inputs in flight per worker: read and not yet written.
const WINDOW_PER_JOB: usize = 4;

/// The most workers per core the process may use: tagging keeps a core busy, so more threads than
/// cores only cost memory (and thousands of them cannot be started at all).
pub(crate) const MAX_JOBS_PER_CORE: usize = 4;

/// The number of workers: `--jobs N`, or every core the process may use; at most
/// `MAX_JOBS_PER_CORE` per core, and at most `work` when the number of inputs is known.
pub(crate) fn count(jobs: Option<usize>, work: Option<usize>) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let n = jobs.filter(|&n| n > 0).unwrap_or(cores).min(cores.saturating_mul(MAX_JOBS_PER_CORE));
    n.min(work.unwrap_or(usize::MAX)).max(1)
}

/// Runs `work` on every item of `inputs` on `jobs` threads and hands the results to `sink` in the
/// order of the inputs. `inputs` is read on the calling thread (standard input is not `Send`), `sink`
/// runs on a thread of its own. The first error of `inputs` or `sink` stops everything and is
/// returned; items in flight are dropped. With one job everything runs on the calling thread, and so
/// it does when no thread can be started (fewer workers than `jobs` when only some can).
pub(crate) fn ordered<I, R, E>(
    jobs: usize,
    inputs: impl Iterator<Item = Result<I, E>>,
    work: impl Fn(I) -> R + Sync,
    sink: impl FnMut(R) -> Result<(), E> + Send,
) -> Result<(), E>
where
    I: Send,
    R: Send,
    E: Send,
{
    let mut sink = sink;
    let mut inputs = inputs;
    if jobs > 1 {
        if let Some(result) = on_threads(jobs, &mut inputs, &work, &mut sink) {
            return result;
        }
    }
    // one job, or no thread could be started: everything on the calling thread
    for item in inputs {
        sink(work(item?))?;
    }
    Ok(())
}

/// `ordered` on `jobs` worker threads and a writer thread; `None` when not one worker or not the
/// writer could be started (nothing has been read then).
fn on_threads<I, R, E>(
    jobs: usize,
    inputs: &mut impl Iterator<Item = Result<I, E>>,
    work: &(impl Fn(I) -> R + Sync),
    sink: &mut (impl FnMut(R) -> Result<(), E> + Send),
) -> Option<Result<(), E>>
where
    I: Send,
    R: Send,
    E: Send,
{
    let window = jobs * WINDOW_PER_JOB;
    // tickets bound the items between reading and writing; the writer gives one back per item written
    let (ticket_tx, ticket_rx) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        ticket_tx.send(()).expect("the ticket channel holds the window");
    }
    let (work_tx, work_rx) = mpsc::sync_channel::<(usize, I)>(window);
    let work_rx = Mutex::new(work_rx);
    let (done_tx, done_rx) = mpsc::sync_channel::<(usize, R)>(window);
    std::thread::scope(|scope| {
        let mut started = 0;
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let work_rx = &work_rx;
            let worker = std::thread::Builder::new().spawn_scoped(scope, move || {
                loop {
                    // the lock is held only to take one item
                    let next = work_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok((seq, item))) = next else { break };
                    // a panic (a bug) ends the command as it would without --jobs (the hook has printed
                    // it); waiting on the lost item would never end
                    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(item)))
                        .unwrap_or_else(|_| std::process::exit(101));
                    if done_tx.send((seq, result)).is_err() {
                        break; // the writer stopped
                    }
                }
            });
            // the system would start no more threads (a limit of processes or memory): go on with
            // those that started
            if worker.is_err() {
                break;
            }
            started += 1;
        }
        drop(done_tx);
        let writer = (started > 0)
            .then(|| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, move || -> Result<(), E> {
                        let mut pending: HashMap<usize, R> = HashMap::new();
                        let mut next = 0;
                        for (seq, result) in done_rx {
                            pending.insert(seq, result);
                            while let Some(r) = pending.remove(&next) {
                                sink(r)?;
                                next += 1;
                                let _ = ticket_tx.send(());
                            }
                        }
                        Ok(())
                    })
                    .ok()
            })
            .flatten();
        // no writer: the workers end when the work channel closes, and the caller does the work
        let Some(writer) = writer else {
            drop(work_tx);
            return None;
        };
        let mut read = Ok(());
        for (seq, item) in inputs.enumerate() {
            // no ticket: the writer stopped (an error); its error is the one to report
            if ticket_rx.recv().is_err() {
                break;
            }
            match item {
                Ok(item) => {
                    if work_tx.send((seq, item)).is_err() {
                        break;
                    }
                }
                Err(e) => {
                    read = Err(e);
                    break;
                }
            }
        }
        drop(work_tx);
        let written = writer.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        // a reading error comes after everything before it was written
        Some(written.and(read))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_with_uneven_work() {
        for jobs in [1, 2, 3, 8] {
            let mut got = Vec::new();
            let r: Result<(), String> = ordered(
                jobs,
                (0..500u64).map(Ok),
                |i| {
                    // later items finish first now and then
                    if i % 7 == 0 {
                        std::thread::sleep(std::time::Duration::from_micros(300));
                    }
                    i * 2
                },
                |r| {
                    got.push(r);
                    Ok(())
                },
            );
            assert!(r.is_ok());
            assert_eq!(got, (0..500).map(|i| i * 2).collect::<Vec<_>>(), "jobs {jobs}");
        }
    }

    #[test]
    fn workers_are_capped() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(count(Some(20_000), None), cores * MAX_JOBS_PER_CORE);
        assert_eq!(count(Some(usize::MAX), None), cores * MAX_JOBS_PER_CORE);
        assert_eq!(count(Some(3), Some(2)), 2.min(cores * MAX_JOBS_PER_CORE));
        assert_eq!(count(None, Some(1)), 1);
        assert_eq!(count(Some(0), Some(0)), 1);
        assert_eq!(count(None, None), cores);
    }

    #[test]
    fn errors_stop_in_order() {
        for jobs in [1, 2, 4] {
            // a reading error after item 10: items 0..10 are written, then the error
            let mut got = Vec::new();
            let inputs = (0..100u32).map(|i| if i == 10 { Err(format!("bad {i}")) } else { Ok(i) });
            let r = ordered(
                jobs,
                inputs,
                |i| i,
                |r| {
                    got.push(r);
                    Ok(())
                },
            );
            assert_eq!(r, Err("bad 10".to_string()));
            assert_eq!(got, (0..10).collect::<Vec<_>>(), "jobs {jobs}");
            // a writing error stops the reader too
            let mut written = 0;
            let r = ordered(
                jobs,
                (0..1_000_000u32).map(Ok::<_, String>),
                |i| i,
                |i| {
                    written += 1;
                    if i == 5 { Err("closed".to_string()) } else { Ok(()) }
                },
            );
            assert_eq!(r, Err("closed".to_string()));
            assert_eq!(written, 6);
        }
    }
}
