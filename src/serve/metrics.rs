//! Counters for `GET /metrics` in the Prometheus text format: requests by route and status,
//! build failures by reason, and a histogram of request latency. Routes are the fixed set the
//! server answers (anything else counts as "other"), so no client can grow the label set.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS_S: &[f64] = &[
    0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0,
];

/// The routes counted by name.
pub const ROUTES: &[&str] = &[
    "/",
    "/app.js",
    "/app.css",
    "/healthz",
    "/metrics",
    "/api/sections",
    "/api/presets",
    "/api/treatments",
    "/api/build",
];

#[derive(Default)]
struct Inner {
    requests: BTreeMap<(&'static str, &'static str, u16), u64>,
    failures: BTreeMap<&'static str, u64>,
    /// Per route: counts per bucket (cumulative when written), sum in seconds, count.
    latency: BTreeMap<&'static str, (Vec<u64>, f64, u64)>,
    pages: u64,
}

/// The server's counters.
#[derive(Default)]
pub struct Metrics {
    inner: Mutex<Inner>,
}

/// The route label of a path.
pub fn route_label(path: &str) -> &'static str {
    ROUTES
        .iter()
        .find(|r| **r == path)
        .copied()
        .unwrap_or("other")
}

fn method_label(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "POST" => "POST",
        "HEAD" => "HEAD",
        _ => "other",
    }
}

impl Metrics {
    /// Counts one answered request.
    pub fn record(&self, method: &str, path: &str, status: u16, seconds: f64, pages: usize) {
        let route = route_label(path);
        let Ok(mut m) = self.inner.lock() else { return };
        *m.requests
            .entry((route, method_label(method), status))
            .or_insert(0) += 1;
        let (counts, sum, count) = m
            .latency
            .entry(route)
            .or_insert_with(|| (vec![0; BUCKETS_S.len()], 0.0, 0));
        if let Some(i) = BUCKETS_S.iter().position(|b| seconds <= *b) {
            counts[i] += 1;
        }
        *sum += seconds;
        *count += 1;
        m.pages += pages as u64;
    }

    /// Counts a build that did not make a PDF: "input", "busy", "timeout", "server".
    pub fn failure(&self, reason: &'static str) {
        if let Ok(mut m) = self.inner.lock() {
            *m.failures.entry(reason).or_insert(0) += 1;
        }
    }

    /// The Prometheus text exposition; `in_flight`, `workers` and `queue` are gauges.
    pub fn render(&self, in_flight: usize, workers: usize, queue: usize) -> String {
        let Ok(m) = self.inner.lock() else {
            return String::new();
        };
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP handout_requests_total HTTP requests answered, by route, method and status."
        );
        let _ = writeln!(out, "# TYPE handout_requests_total counter");
        for ((route, method, status), n) in &m.requests {
            let _ = writeln!(
                out,
                "handout_requests_total{{route=\"{route}\",method=\"{method}\",status=\"{status}\"}} {n}"
            );
        }
        let _ = writeln!(
            out,
            "# HELP handout_build_failures_total Builds that made no PDF, by reason."
        );
        let _ = writeln!(out, "# TYPE handout_build_failures_total counter");
        for reason in ["input", "busy", "timeout", "server"] {
            let n = m.failures.get(reason).copied().unwrap_or(0);
            let _ = writeln!(
                out,
                "handout_build_failures_total{{reason=\"{reason}\"}} {n}"
            );
        }
        let _ = writeln!(
            out,
            "# HELP handout_request_duration_seconds Time to answer a request."
        );
        let _ = writeln!(out, "# TYPE handout_request_duration_seconds histogram");
        for (route, (counts, sum, count)) in &m.latency {
            let mut cumulative = 0;
            for (bound, n) in BUCKETS_S.iter().zip(counts) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "handout_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "handout_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {count}"
            );
            let _ = writeln!(
                out,
                "handout_request_duration_seconds_sum{{route=\"{route}\"}} {sum}"
            );
            let _ = writeln!(
                out,
                "handout_request_duration_seconds_count{{route=\"{route}\"}} {count}"
            );
        }
        let gauges = [
            (
                "handout_pages_total",
                "counter",
                "PDF pages made.",
                m.pages as usize,
            ),
            (
                "handout_builds_in_flight",
                "gauge",
                "Builds running or waiting.",
                in_flight,
            ),
            (
                "handout_workers",
                "gauge",
                "Builds that may run at once.",
                workers,
            ),
            (
                "handout_queue_capacity",
                "gauge",
                "Builds that may wait.",
                queue,
            ),
        ];
        for (name, kind, help, value) in gauges {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_histogram_is_cumulative_and_unknown_paths_are_other() {
        let m = Metrics::default();
        m.record("POST", "/api/build", 200, 0.015, 4);
        m.record("POST", "/api/build", 200, 0.3, 4);
        m.record("GET", "/wp-admin", 404, 0.001, 0);
        m.failure("busy");
        let text = m.render(0, 2, 64);
        assert!(text.contains(
            "handout_requests_total{route=\"/api/build\",method=\"POST\",status=\"200\"} 2"
        ));
        assert!(text.contains("route=\"other\""));
        assert!(!text.contains("wp-admin"));
        assert!(text.contains(
            "handout_request_duration_seconds_bucket{route=\"/api/build\",le=\"0.02\"} 1"
        ));
        assert!(text.contains(
            "handout_request_duration_seconds_bucket{route=\"/api/build\",le=\"0.5\"} 2"
        ));
        assert!(text.contains("handout_build_failures_total{reason=\"busy\"} 1"));
        assert!(text.contains("handout_pages_total 8"));
    }
}
