//! Plain-words fixes for the TOML parser's messages ("invalid basic string", "expected f32",
//! "duplicate key"): people who write definitions are clinic staff, not programmers, so each
//! syntax error gets the fix spelled out beside the parser's own words and file:line:col.

/// The parser's message on one line ("invalid table header: duplicate key `section` ...").
pub fn one_line(message: &str) -> String {
    message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(": ")
}

/// The fix for a TOML syntax or type error at byte `offset` of `source`, if one is known.
pub fn fix(message: &str, source: &str, offset: Option<usize>) -> Option<String> {
    let line = offset.map_or("", |o| line_at(source, o)).trim();
    let key = line.split_once('=').map(|(k, _)| k.trim()).unwrap_or("");
    let m = message;
    if m.contains("invalid multiline basic string") || m.contains("invalid multiline literal") {
        return Some("close the text with `\"\"\"` on a line of its own".into());
    }
    if m.contains("invalid basic string") || m.contains("invalid literal string") {
        return Some(format!(
            "add the closing quote: {key} = \"...\" (text starts and ends with `\"` on the same line; use `\"\"\"` for text over several lines)"
        ));
    }
    if let Some(rest) = m.strip_prefix("invalid type: string ") {
        return Some(wrong_type_hint(rest, key));
    }
    if m.contains("invalid type: map, expected a sequence") {
        let name = line.trim_matches(|c| c == '[' || c == ']').trim();
        return Some(format!(
            "{} {name} is `[[{name}]]` with two brackets (each `[[{name}]]` starts another one)",
            article(name)
        ));
    }
    if let Some(rest) = m.split("duplicate key `").nth(1) {
        let name = rest.split('`').next().unwrap_or("");
        return Some(duplicate_hint(name, source, offset));
    }
    if m.contains("invalid table header") {
        return Some(if line.starts_with("[[") {
            format!(
                "close the header with two brackets: [[{}]]",
                header_name(line)
            )
        } else {
            format!("close the header with a bracket: [{}]", header_name(line))
        });
    }
    if m.contains("invalid string") {
        return Some(format!(
            "put text in double quotes: {key} = \"...\" (numbers, true and false go without quotes)"
        ));
    }
    if m.contains("expected newline") {
        return Some(trailing_hint(line, key));
    }
    if m.contains("invalid key") || m.contains("expected `=`") {
        return Some("write one `name = value` per line, e.g. title = \"Your Bone Health\"".into());
    }
    None
}

/// `rest` is what follows "invalid type: string ": `"18", expected f32`.
fn wrong_type_hint(rest: &str, key: &str) -> String {
    let (value, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
    let value = value.trim_matches('"');
    if expected.contains("bool") {
        return format!("write {key} = true or {key} = false, without quotes");
    }
    if expected.contains("sequence") {
        return format!("write a list in square brackets: {key} = [\"{value}\"]");
    }
    if [
        "f32", "f64", "u32", "u64", "i64", "integer", "float", "number",
    ]
    .iter()
    .any(|t| expected.contains(t))
    {
        let number: String = value
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        let number = if number.is_empty() {
            "18".into()
        } else {
            number
        };
        return format!("write {number} without quotes: {key} = {number}");
    }
    format!("{key} takes {expected}")
}

fn duplicate_hint(name: &str, source: &str, offset: Option<usize>) -> String {
    let single = format!("[{name}]");
    let double = format!("[[{name}]]");
    let has = |header: &str| source.lines().any(|l| l.trim() == header);
    if has(&single) && has(&double) {
        return format!(
            "{} {name} is `[[{name}]]` with two brackets; `[{name}]` with one bracket may appear only once",
            article(name)
        );
    }
    let first = source
        .lines()
        .enumerate()
        .take_while(|(i, _)| offset.is_none_or(|o| line_start(source, *i) < o))
        .find(|(_, l)| {
            let t = l.trim();
            t == single || t.split_once('=').is_some_and(|(k, _)| k.trim() == name)
        })
        .map(|(i, _)| i + 1);
    let at = first.map_or(String::new(), |n| format!(" (first on line {n})"));
    if source.lines().any(|l| l.trim() == single) {
        format!("`[{name}]` appears twice{at}: put all its lines under one `[{name}]`")
    } else {
        format!("`{name}` is given twice{at}: keep one")
    }
}

/// Something follows a value on its line: a unit, a second word, an apostrophe in '...'.
fn trailing_hint(line: &str, key: &str) -> String {
    let value = line.split_once('=').map_or("", |(_, v)| v.trim());
    if value.starts_with('\'') {
        return format!(
            "text in single quotes ends at the next `'`; use double quotes: {key} = \"{}\"",
            value.trim_matches('\'')
        );
    }
    let digits: String = value
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if !digits.is_empty() {
        return format!("write the number alone, without a unit: {key} = {digits}");
    }
    "one `name = value` per line; put text in double quotes, and start a comment with #".into()
}

/// "a" or "an" before a word.
fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn header_name(line: &str) -> &str {
    line.trim_matches(|c: char| c == '[' || c == ']' || c.is_whitespace())
}

fn line_at(source: &str, offset: usize) -> &str {
    let offset = offset.min(source.len());
    let start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = source[offset..]
        .find('\n')
        .map_or(source.len(), |i| offset + i);
    &source[start..end]
}

/// Byte offset where 0-based line `n` starts.
fn line_start(source: &str, n: usize) -> usize {
    source
        .match_indices('\n')
        .nth(n.wrapping_sub(1))
        .map_or(0, |(i, _)| if n == 0 { 0 } else { i + 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_quotes_and_units_are_explained() {
        let src = "[style]\nbody_size = \"18\"\n";
        let h = fix("invalid type: string \"18\", expected f32", src, Some(20)).unwrap();
        assert_eq!(h, "write 18 without quotes: body_size = 18");
        let src = "body_size = 18pt\n";
        let h = fix("expected newline, `#`", src, Some(14)).unwrap();
        assert!(h.contains("body_size = 18"), "{h}");
    }

    #[test]
    fn single_bracket_sections_are_explained() {
        let src = "title = \"t\"\n[section]\nuse = \"a\"\n[[section]]\nuse = \"b\"\n";
        let h = fix(
            "invalid table header\nduplicate key `section`",
            src,
            Some(32),
        )
        .unwrap();
        assert!(h.contains("`[[section]]` with two brackets"), "{h}");
        let h = fix("invalid type: map, expected a sequence", src, Some(12)).unwrap();
        assert!(h.contains("`[[section]]` with two brackets"), "{h}");
    }

    #[test]
    fn duplicates_name_the_first_line() {
        let src = "title = \"a\"\ntitle = \"b\"\n";
        let entries = "[entry]\nx = 1\n[[entry]]\nx = 2\n";
        let h = fix("duplicate key `entry`", entries, Some(14)).unwrap();
        assert!(h.starts_with("an entry is `[[entry]]`"), "{h}");
        let h = fix("duplicate key `title` in document root", src, Some(12)).unwrap();
        assert_eq!(h, "`title` is given twice (first on line 1): keep one");
        assert_eq!(one_line("a\nb\n"), "a: b");
    }
}
