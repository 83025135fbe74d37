//! Work on every core, results in order: how `check` turns a walk into a report that reads
//! the same on every run.
//!
//! Each worker of the rayon pool takes the next item as soon as it is free (no chunk waits for
//! its slowest file), and the calling thread receives the results and hands them over in item
//! order while the workers go on. Workers never run more than `window` items ahead of the
//! results handed over, so memory stays flat whatever the number of items, and a consumer that
//! fails (a closed pipe) stops the workers at their next item.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, mpsc};

/// Below this many items, starting threads costs more than the work (a pre-commit hook).
const SEQUENTIAL_BELOW: usize = 4;

/// Items a worker takes at once: one hand-over per batch rather than per item keeps the
/// threads from waking each other thousands of times a second. 64 small drafts are about 2 ms
/// of work: the last batch keeps one core busy that long while the other waits, and on
/// 100,000 drafts 16 at a time cost more in hand-overs (and in two cores writing to the same
/// counters and channel) than that.
const BATCH: usize = 64;

/// Applies `work` to every item in parallel and `deliver` to the results in item order,
/// stopping at the first error `deliver` returns. `window` is at least one batch.
pub fn for_each_ordered<T, R, E>(
    items: &[T],
    window: usize,
    work: impl Fn(&T) -> R + Sync,
    mut deliver: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    if items.len() < SEQUENTIAL_BELOW {
        return items.iter().try_for_each(|item| deliver(work(item)));
    }
    let window = window.max(BATCH);
    let next = AtomicUsize::new(0);
    let gate = Gate::default();
    std::thread::scope(|scope| {
        let (done, results) = mpsc::channel::<(usize, Vec<R>)>();
        let (next, gate, work) = (&next, &gate, &work);
        scope.spawn(move || {
            rayon::scope(|s| {
                for _ in 0..rayon::current_num_threads().max(1) {
                    let done = done.clone();
                    s.spawn(move |_| {
                        loop {
                            let first = next.fetch_add(BATCH, Ordering::Relaxed);
                            if first >= items.len() {
                                break;
                            }
                            let batch = &items[first..items.len().min(first + BATCH)];
                            if !gate.admit(first + batch.len() - 1, window) {
                                break;
                            }
                            if done
                                .send((first, batch.iter().map(work).collect()))
                                .is_err()
                            {
                                break;
                            }
                        }
                    });
                }
            });
        });
        let mut waiting = BTreeMap::new();
        let mut handed = 0;
        let outcome = results.iter().try_for_each(|(first, batch)| {
            waiting.insert(first, batch);
            while let Some(batch) = waiting.remove(&handed) {
                handed += batch.len();
                for result in batch {
                    deliver(result)?;
                }
                gate.advance(handed);
            }
            Ok(())
        });
        if outcome.is_err() {
            gate.close();
        }
        outcome
    })
}

/// How far the workers may go: item `i` may start once fewer than `window` items lie between
/// it and the results handed over.
#[derive(Default)]
struct Gate {
    state: Mutex<GateState>,
    moved: Condvar,
}

#[derive(Default)]
struct GateState {
    handed: usize,
    closed: bool,
    /// Workers asleep at the gate: waking nobody costs a system call per result otherwise.
    waiting: usize,
}

impl Gate {
    /// Waits until item `i` may start; false when the consumer gave up.
    fn admit(&self, i: usize, window: usize) -> bool {
        let Ok(mut state) = self.state.lock() else {
            return false;
        };
        while !state.closed && i >= state.handed + window {
            state.waiting += 1;
            state = match self.moved.wait(state) {
                Ok(state) => state,
                Err(_) => return false,
            };
            state.waiting -= 1;
        }
        !state.closed
    }

    fn advance(&self, handed: usize) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        state.handed = handed;
        if state.waiting > 0 {
            self.moved.notify_all();
        }
    }

    fn close(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.closed = true;
        }
        self.moved.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_in_item_order_whatever_the_work_takes() {
        let items: Vec<u64> = (0..500).collect();
        let mut seen = Vec::new();
        let slow_then_fast = |&n: &u64| {
            // Early items take longest, so later ones finish first.
            std::thread::sleep(std::time::Duration::from_micros(500u64.saturating_sub(n)));
            n * 2
        };
        let result: Result<(), ()> = for_each_ordered(&items, 16, slow_then_fast, |r| {
            seen.push(r);
            Ok(())
        });
        assert_eq!(result, Ok(()));
        assert_eq!(seen, items.iter().map(|n| n * 2).collect::<Vec<_>>());
    }

    #[test]
    fn a_failing_consumer_stops_the_workers_within_the_window() {
        let items: Vec<usize> = (0..10_000).collect();
        let started = AtomicUsize::new(0);
        let mut handed = 0;
        let result = for_each_ordered(
            &items,
            8,
            |&n| {
                started.fetch_add(1, Ordering::Relaxed);
                n
            },
            |n| {
                handed += 1;
                if n == 20 { Err("closed pipe") } else { Ok(()) }
            },
        );
        assert_eq!(result, Err("closed pipe"));
        assert_eq!(handed, 21);
        // Batches past the window of the last result handed over never start.
        let threads = rayon::current_num_threads();
        assert!(started.load(Ordering::Relaxed) <= 21 + 8 + BATCH * (threads + 1));
    }

    #[test]
    fn a_few_items_run_on_the_calling_thread() {
        let caller = std::thread::current().id();
        let mut ids = Vec::new();
        let result: Result<(), ()> = for_each_ordered(
            &[1, 2, 3],
            8,
            |_| std::thread::current().id(),
            |id| {
                ids.push(id);
                Ok(())
            },
        );
        assert_eq!(result, Ok(()));
        assert!(ids.iter().all(|&id| id == caller));
    }
}
