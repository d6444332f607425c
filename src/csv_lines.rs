//! Line numbers of CSV records as an editor shows them. The csv crate's line count skips blank
//! lines and places a record before the blank lines above it, so a batch message would name the
//! wrong line of a spreadsheet with empty rows; this tap watches the bytes the reader reads and
//! turns a record's byte offset into its real line, keeping only the offsets not yet passed.

use std::collections::VecDeque;
use std::io::Read;
use std::sync::{Arc, Mutex};

/// Offsets of the `\r` and `\n` bytes read so far and not yet passed (`true` for `\n`).
type Breaks = Arc<Mutex<VecDeque<(u64, bool)>>>;

/// Wraps a reader, noting where its line breaks are.
pub struct Tap<R> {
    inner: R,
    offset: u64,
    breaks: Breaks,
}

/// Turns record offsets into editor lines; shares the breaks a [`Tap`] notes.
pub struct LineCounter {
    breaks: Breaks,
    /// Line breaks before the last offset asked about.
    passed: usize,
}

/// A tapped reader and its counter.
pub fn tap<R: Read>(inner: R) -> (Tap<R>, LineCounter) {
    let breaks = Breaks::default();
    (
        Tap {
            inner,
            offset: 0,
            breaks: breaks.clone(),
        },
        LineCounter { breaks, passed: 0 },
    )
}

impl<R: Read> Read for Tap<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Ok(mut breaks) = self.breaks.lock() {
            for (i, b) in buf[..n].iter().enumerate() {
                if *b == b'\n' || *b == b'\r' {
                    breaks.push_back((self.offset + i as u64, *b == b'\n'));
                }
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

impl LineCounter {
    /// The 1-based line of the first character at or after byte `offset` that is not a line
    /// break (where a record the csv reader places at `offset` really starts). Offsets must be
    /// asked in increasing order.
    pub fn line_at(&mut self, offset: u64) -> usize {
        let Ok(mut breaks) = self.breaks.lock() else {
            return self.passed + 1;
        };
        let mut pos = offset;
        while let Some(&(at, newline)) = breaks.front() {
            if at > pos {
                break;
            }
            if at == pos {
                pos += 1; // a blank line (or the `\r` of a `\r\n`) before the record
            }
            self.passed += usize::from(newline);
            breaks.pop_front();
        }
        self.passed + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_and_multi_line_fields_count() {
        let text = "a,b\r\nP1,x\r\n\r\n\r\nP3,y\n\"m\nl\",z\nP5,w\n";
        let (tapped, mut lines) = tap(text.as_bytes());
        let mut reader = csv::ReaderBuilder::new().from_reader(tapped);
        let mut record = csv::ByteRecord::new();
        let mut found = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            let at = record.position().unwrap().byte();
            found.push((record.get(0).unwrap().to_vec(), lines.line_at(at)));
        }
        let want: Vec<(Vec<u8>, usize)> = vec![
            (b"P1".to_vec(), 2),
            (b"P3".to_vec(), 5),
            (b"m\nl".to_vec(), 6),
            (b"P5".to_vec(), 8),
        ];
        assert_eq!(found, want);
    }
}
