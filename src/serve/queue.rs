//! The build queue: builds are CPU work, so they run on blocking threads, at most one per
//! worker (one per core by default); a bounded number more may wait, and past that the server
//! says "busy, try again" (503 with Retry-After) at once instead of piling up memory and
//! latency. Each build has a time limit.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

/// Why a job did not give its result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueError {
    /// Every worker is busy and the queue is full.
    Full,
    /// The build ran past the time limit (it finishes in the background, holding its worker).
    TimedOut,
    /// The build panicked.
    Crashed,
}

/// Workers plus a bounded waiting line.
pub struct BuildQueue {
    /// Permits for the builds admitted: running plus waiting.
    admitted: Arc<Semaphore>,
    /// Permits for the builds running.
    running: Arc<Semaphore>,
    pub workers: usize,
    pub queue: usize,
    pub time_limit: Duration,
    in_flight: Arc<AtomicUsize>,
}

impl BuildQueue {
    pub fn new(workers: usize, queue: usize, time_limit: Duration) -> BuildQueue {
        BuildQueue {
            admitted: Arc::new(Semaphore::new(workers + queue)),
            running: Arc::new(Semaphore::new(workers)),
            workers,
            queue,
            time_limit,
            in_flight: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// Builds admitted and not yet finished (running or waiting).
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::Relaxed)
    }

    /// Seconds a refused client should wait: about one build per worker ahead of it.
    pub fn retry_after_s(&self) -> u64 {
        (self.queue / self.workers.max(1)).clamp(1, 30) as u64
    }

    /// Runs `job` on a worker, waiting in the queue if need be. A job that times out keeps its
    /// worker until it ends, so the number of builds at once never passes the worker count.
    pub async fn run<T, F>(&self, job: F) -> Result<T, QueueError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let admitted = self
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| QueueError::Full)?;
        let counter = InFlight::new(self.in_flight.clone());
        let running = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| QueueError::Full)?;
        let handle = tokio::task::spawn_blocking(move || {
            let _held = (admitted, running, counter);
            job()
        });
        match tokio::time::timeout(self.time_limit, handle).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(_)) => Err(QueueError::Crashed),
            Err(_) => Err(QueueError::TimedOut),
        }
    }
}

/// Counts a build in flight until dropped.
struct InFlight(Arc<AtomicUsize>);

impl InFlight {
    fn new(counter: Arc<AtomicUsize>) -> InFlight {
        counter.fetch_add(1, Ordering::Relaxed);
        InFlight(counter)
    }
}

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_queue_refuses_and_a_slow_build_times_out() {
        let q = Arc::new(BuildQueue::new(1, 1, Duration::from_millis(300)));
        let slow = |ms| move || std::thread::sleep(Duration::from_millis(ms));
        let a = tokio::spawn({
            let q = q.clone();
            async move { q.run(slow(200)).await }
        });
        let b = tokio::spawn({
            let q = q.clone();
            async move { q.run(slow(10)).await }
        });
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(q.in_flight(), 2);
        assert_eq!(q.run(slow(1)).await, Err(QueueError::Full));
        assert_eq!(a.await.unwrap(), Ok(()));
        assert_eq!(b.await.unwrap(), Ok(()));
        assert_eq!(q.run(slow(1000)).await, Err(QueueError::TimedOut));
        assert_eq!(
            q.in_flight(),
            1,
            "the timed-out build still holds its worker"
        );
        assert_eq!(q.run(|| 7).await, Ok(7));
    }
}
