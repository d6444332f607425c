//! Where each field of a JSON request sits (line and column), so a problem found after the JSON
//! became a definition is reported at the place in the text the client sent. serde_json reports
//! positions only for syntax errors; this small walker, run on text serde_json has already
//! accepted, records one for every key and array element.

use std::collections::HashMap;

/// Dotted field paths ("patient.treatments.1", "section.0.use") → 1-based (line, column) of the
/// key (or of the element, in an array).
pub fn positions(text: &str) -> HashMap<String, (usize, usize)> {
    let mut w = Walker {
        bytes: text.as_bytes(),
        text,
        at: 0,
        out: HashMap::new(),
    };
    w.value("", 0);
    w.out
}

/// The position of `path`, or of its nearest enclosing field that has one.
pub fn position_of(map: &HashMap<String, (usize, usize)>, path: &str) -> Option<(usize, usize)> {
    let mut p = path;
    loop {
        if let Some(pos) = map.get(p) {
            return Some(*pos);
        }
        p = &p[..p.rfind('.')?];
    }
}

struct Walker<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
    out: HashMap<String, (usize, usize)>,
}

/// Deeper than serde_json's own limit: never reached on accepted text.
const MAX_DEPTH: usize = 200;

impl Walker<'_> {
    fn skip_ws(&mut self) {
        while self.at < self.bytes.len() && self.bytes[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
    }

    fn here(&self) -> (usize, usize) {
        let mut at = self.at.min(self.text.len());
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        crate::definition::line_col(self.text, at)
    }

    fn record(&mut self, path: &str) {
        if !path.is_empty() {
            let pos = self.here();
            self.out.entry(path.to_string()).or_insert(pos);
        }
    }

    fn value(&mut self, path: &str, depth: usize) {
        self.skip_ws();
        if depth > MAX_DEPTH {
            return;
        }
        match self.bytes.get(self.at) {
            Some(b'{') => self.object(path, depth),
            Some(b'[') => self.array(path, depth),
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while self.at < self.bytes.len()
                    && !matches!(self.bytes[self.at], b',' | b'}' | b']')
                    && !self.bytes[self.at].is_ascii_whitespace()
                {
                    self.at += 1;
                }
            }
            None => {}
        }
    }

    fn object(&mut self, path: &str, depth: usize) {
        self.at += 1;
        loop {
            self.skip_ws();
            match self.bytes.get(self.at) {
                Some(b'"') => {}
                Some(b'}') | None => {
                    self.at += 1;
                    return;
                }
                Some(_) => {
                    self.at += 1;
                    continue;
                }
            }
            let key_pos = self.here();
            let key = self.string();
            let child = if path.is_empty() {
                key
            } else {
                format!("{path}.{key}")
            };
            self.out.entry(child.clone()).or_insert(key_pos);
            self.skip_ws();
            if self.bytes.get(self.at) == Some(&b':') {
                self.at += 1;
            }
            self.value(&child, depth + 1);
            self.skip_ws();
            if self.bytes.get(self.at) == Some(&b',') {
                self.at += 1;
            }
        }
    }

    fn array(&mut self, path: &str, depth: usize) {
        self.at += 1;
        let mut i = 0;
        loop {
            self.skip_ws();
            match self.bytes.get(self.at) {
                Some(b']') | None => {
                    self.at += 1;
                    return;
                }
                Some(b',') => {
                    self.at += 1;
                    continue;
                }
                Some(_) => {}
            }
            let child = format!("{path}.{i}");
            self.record(&child);
            let before = self.at;
            self.value(&child, depth + 1);
            if self.at == before {
                self.at += 1;
            }
            i += 1;
        }
    }

    /// Reads a string starting at a quote; returns its text (escapes decoded by serde_json).
    fn string(&mut self) -> String {
        let start = self.at;
        self.at += 1;
        while self.at < self.bytes.len() {
            match self.bytes[self.at] {
                b'\\' => self.at += 2,
                b'"' => {
                    self.at += 1;
                    break;
                }
                _ => self.at += 1,
            }
        }
        let end = self.at.min(self.bytes.len());
        serde_json::from_str(self.text.get(start..end).unwrap_or("\"\"")).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_elements_have_their_positions() {
        let text = "{\n  \"title\": \"T\",\n  \"patient\": {\"treatments\": [\"a\", \"b\\\"c\"]},\n  \"section\": [\n    {\"use\": \"x\"},\n    {\"usee\": \"y\"}\n  ]\n}";
        let map = positions(text);
        assert_eq!(map["title"], (2, 3));
        assert_eq!(map["patient.treatments"], (3, 15));
        assert_eq!(map["patient.treatments.1"], (3, 35));
        assert_eq!(map["section.1.usee"], (6, 6));
        assert_eq!(position_of(&map, "section.1.usee.deeper"), Some((6, 6)));
        assert_eq!(position_of(&map, "nothing"), None);
    }

    #[test]
    fn odd_text_never_panics() {
        for t in ["", "{", "[", "{\"a\"", "\"", "{\"a\":[1,", "}}]]", "{\"\\"] {
            let _ = positions(t);
        }
    }
}
