//! Section bodies as text, before Markdown parsing: `::: when` blocks kept or dropped for the
//! patient and for the sections present, the patient's own questions added, and placeholders
//! filled (contacts, first name, pointers to other sections).

use crate::library::treatments;
use crate::locale::{fill, Words};
use crate::markup;

use super::contacts::Contacts;
use super::refs;

/// The placeholders a section body may use (besides `{see:ID}`).
pub const PLACEHOLDERS: &[&str] = &[
    "clinic",
    "call_clinic",
    "call_after_hours",
    "emergency",
    "first_name",
];

/// What `::: when` conditions are tested against.
#[derive(Debug, Clone, Copy)]
pub struct When<'a> {
    pub treatments: &'a [String],
    pub cancer: Option<&'a str>,
    /// A handout without treatments or cancer type is generic and keeps every treatment and
    /// cancer block.
    pub tailored: bool,
    /// The (id, title) of every library section in this handout.
    pub sections: &'a [(String, String)],
    /// Every library section id, to check `section=` names.
    pub known_sections: &'a [&'a str],
}

/// Keeps or drops `::: when ...` … `:::` blocks.
pub fn apply_when_blocks(body: &str, when: &When) -> Result<String, String> {
    let mut out = String::with_capacity(body.len());
    let mut keep_stack: Vec<bool> = Vec::new();
    for line in body.lines() {
        let t = line.trim();
        if let Some(cond) = t.strip_prefix("::: when") {
            keep_stack.push(condition(t, cond, when)?);
        } else if t == ":::" {
            keep_stack
                .pop()
                .ok_or_else(|| "a closing `:::` has no `::: when` before it".to_string())?;
        } else if keep_stack.iter().all(|k| *k) {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !keep_stack.is_empty() {
        return Err("a `::: when` block has no closing `:::`".into());
    }
    Ok(out)
}

fn condition(line: &str, cond: &str, when: &When) -> Result<bool, String> {
    let (key, values) = cond.trim().split_once('=').ok_or_else(|| {
        format!("`{line}`: write `::: when treatments=a,b`, `cancer=a` or `section=id`")
    })?;
    let values: Vec<&str> = values
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    match key.trim() {
        "treatments" => {
            if let Some(bad) = values.iter().find(|v| !treatments::is_condition_term(v)) {
                return Err(format!("`{line}` names unknown treatment `{bad}`"));
            }
            let holds = values
                .iter()
                .any(|v| treatments::matches(when.treatments, v));
            Ok(!when.tailored || holds)
        }
        "cancer" => {
            if let Some(bad) = values.iter().find(|v| !treatments::CANCERS.contains(v)) {
                return Err(format!("`{line}` names unknown cancer type `{bad}`"));
            }
            Ok(!when.tailored || when.cancer.is_some_and(|c| values.contains(&c)))
        }
        "section" => {
            if let Some(bad) = values.iter().find(|v| !when.known_sections.contains(v)) {
                return Err(format!("`{line}` names unknown section `{bad}`"));
            }
            Ok(values
                .iter()
                .any(|v| when.sections.iter().any(|(id, _)| id == v)))
        }
        other => Err(format!(
            "`{line}`: unknown condition `{other}` (use treatments=, cancer= or section=)"
        )),
    }
}

/// Adds the patient's own questions as checkbox items (before the write-in lines), and sets the
/// number of write-in lines.
pub fn add_questions(body: &str, questions: &[String], write_in: Option<u32>) -> String {
    let mut lines: Vec<String> = body.lines().map(str::to_string).collect();
    let write_in_at = lines
        .iter()
        .position(|l| l.trim_start().starts_with("::: lines"));
    if let Some(n) = write_in {
        match write_in_at {
            Some(i) => lines[i] = format!("::: lines {n}"),
            None => lines.push(format!("\n::: lines {n}")),
        }
    }
    if !questions.is_empty() {
        let insert_at = write_in_at.unwrap_or(lines.len());
        let mut added: Vec<String> = vec![String::new()];
        added.extend(
            questions
                .iter()
                .map(|q| format!("- [ ] {}", markup::escape(q.trim()))),
        );
        added.push(String::new());
        lines.splice(insert_at..insert_at, added);
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// What placeholders are filled from.
#[derive(Debug, Clone, Copy)]
pub struct Fill<'a> {
    pub contacts: &'a Contacts,
    pub first_name: Option<&'a str>,
    pub words: &'a Words,
    pub sections: &'a [(String, String)],
}

impl Fill<'_> {
    /// The words a placeholder stands for, or `None` for an unknown placeholder.
    pub fn value(&self, name: &str) -> Option<String> {
        if let Some(id) = name.strip_prefix("see:") {
            let (_, title) = self.sections.iter().find(|(i, _)| i == id)?;
            return Some(fill(
                &self.words.see_section,
                &[
                    ("title", title),
                    ("page", &refs::marker(&refs::section_anchor(id))),
                ],
            ));
        }
        match name {
            "first_name" => Some(self.first_name.unwrap_or("you").to_string()),
            other => self.contacts.placeholder(other, self.words),
        }
    }
}

/// Replaces `{name}` placeholders (escaped for Markdown); returns the unknown name on failure.
pub fn fill_placeholders(text: &str, with: &Fill) -> Result<String, String> {
    substitute(text, with, markup::escape)
}

/// Replaces `{name}` placeholders in plain text that is not parsed as Markdown (key points).
pub fn fill_placeholders_plain(text: &str, with: &Fill) -> Result<String, String> {
    substitute(text, with, |v: &str| v.to_string())
}

fn substitute(text: &str, with: &Fill, esc: impl Fn(&str) -> String) -> Result<String, String> {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after_open = &rest[open + 1..];
        let Some(close) = after_open.find('}') else {
            return Err(after_open.chars().take(20).collect());
        };
        let name = &after_open[..close];
        let value = with.value(name).ok_or_else(|| name.to_string())?;
        out.push_str(&esc(&value));
        rest = &after_open[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn when<'a>(t: &'a [String], tailored: bool, s: &'a [(String, String)]) -> When<'a> {
        When {
            treatments: t,
            cancer: None,
            tailored,
            sections: s,
            known_sections: &["jaw-care", "hypercalcemia"],
        }
    }

    #[test]
    fn when_blocks_follow_the_patient_and_the_sections_present() {
        let body = "a\n::: when treatments=bone-medicine\nb\n:::\nc\n";
        let d = ["denosumab".to_string()];
        let r = ["radiation".to_string()];
        assert_eq!(
            apply_when_blocks(body, &when(&d, true, &[])).unwrap(),
            "a\nb\nc\n"
        );
        assert_eq!(
            apply_when_blocks(body, &when(&r, true, &[])).unwrap(),
            "a\nc\n"
        );
        assert_eq!(
            apply_when_blocks(body, &when(&[], false, &[])).unwrap(),
            "a\nb\nc\n"
        );
        let bad = "::: when treatments=aspirin\nx\n:::\n";
        assert!(apply_when_blocks(bad, &when(&[], true, &[])).is_err());
        assert!(apply_when_blocks("::: when treatments=sbrt\nx\n", &when(&[], true, &[])).is_err());
        let see = "::: when section=jaw-care\nRead {see:jaw-care}.\n:::\n";
        let jaw = [("jaw-care".to_string(), "Jaw".to_string())];
        assert_eq!(apply_when_blocks(see, &when(&[], false, &[])).unwrap(), "");
        assert!(apply_when_blocks(see, &when(&[], false, &jaw))
            .unwrap()
            .contains("see:jaw-care"));
        assert!(apply_when_blocks("::: when section=nope\n:::\n", &when(&[], false, &[])).is_err());
    }

    #[test]
    fn questions_go_before_the_write_in_lines() {
        let body = "- [ ] One?\n\n::: lines 6\n";
        let out = add_questions(body, &["Can I *garden*?".into()], Some(3));
        let q = out.find("garden").unwrap();
        let l = out.find("::: lines 3").unwrap();
        assert!(q < l, "{out}");
        assert!(out.contains("\\*garden\\*"));
    }
}
