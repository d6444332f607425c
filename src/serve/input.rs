//! A posted definition, as TOML or as JSON with the same fields, becomes the same typed
//! [`Definition`] the command line builds from. Every problem becomes an [`InputError`] with the
//! line and column in the text the client sent and, where it can be told, the field it belongs
//! to ("patient.treatments"), so the web form can show it beside that field.

use std::collections::HashMap;
use std::path::Path;

use crate::definition::{Definition, DefinitionError};

use super::json_pos;

/// The name a request goes by in messages (it is never a file on disk).
pub const REQUEST_NAME: &str = "request.toml";

/// The two formats `POST /api/build` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// From a Content-Type header value ("application/json; charset=utf-8").
    pub fn from_content_type(value: &str) -> Option<Format> {
        let mime = value.split(';').next().unwrap_or("").trim();
        match mime.to_ascii_lowercase().as_str() {
            "application/toml" | "text/toml" | "application/x-toml" => Some(Format::Toml),
            "application/json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// A problem with the request body, ready to become a 400 answer.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    pub message: String,
    pub position: Option<(usize, usize)>,
    pub help: Option<String>,
    /// The dotted field the problem belongs to, where known ("section.2.use").
    pub field: Option<String>,
}

/// A parsed request, with what is needed to place later problems in the sent text.
pub struct Parsed {
    pub def: Definition,
    /// For JSON: where each field sits in the sent text.
    json_positions: Option<HashMap<String, (usize, usize)>>,
}

/// Parses a request body.
pub fn parse(format: Format, text: &str) -> Result<Parsed, InputError> {
    match format {
        Format::Toml => {
            let def = Definition::parse(Path::new(REQUEST_NAME), text)
                .map_err(|e| explain(&e, text, None))?;
            Ok(Parsed {
                def,
                json_positions: None,
            })
        }
        Format::Json => parse_json(text),
    }
}

impl Parsed {
    /// Places a problem found after parsing (a refused logo).
    pub fn explain(&self, e: &DefinitionError) -> InputError {
        explain(e, &self.def.source, self.json_positions.as_ref())
    }

    /// The definition, and what places the problems the build finds in the sent text.
    pub fn into_parts(self) -> (Definition, Explainer) {
        let explainer = Explainer {
            source: self.def.source.clone(),
            json_positions: self.json_positions,
        };
        (self.def, explainer)
    }
}

/// Places problems found while building (an unknown section id) in the sent text.
pub struct Explainer {
    source: String,
    json_positions: Option<HashMap<String, (usize, usize)>>,
}

impl Explainer {
    pub fn explain(&self, e: &DefinitionError) -> InputError {
        explain(e, &self.source, self.json_positions.as_ref())
    }
}

fn parse_json(text: &str) -> Result<Parsed, InputError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| InputError {
        message: format!("the JSON cannot be read: {e}"),
        position: (e.line() > 0).then(|| (e.line(), e.column())),
        help: Some("check the quotes, commas and brackets near that place".into()),
        field: None,
    })?;
    let positions = json_pos::positions(text);
    let Some(toml::Value::Table(table)) = to_toml(&value, "", &positions)? else {
        return Err(InputError {
            message: "the JSON must be an object with the fields of a definition".into(),
            position: Some((1, 1)),
            help: Some(
                "send for example {\"title\": \"Living with Bone Metastases\", \"preset\": \"bone-health\"}"
                    .into(),
            ),
            field: None,
        });
    };
    let source = toml::to_string(&table).map_err(|e| InputError {
        message: format!("the JSON cannot be turned into a definition: {e}"),
        position: None,
        help: None,
        field: None,
    })?;
    let def = Definition::parse(Path::new(REQUEST_NAME), &source)
        .map_err(|e| explain(&e, &source, Some(&positions)))?;
    Ok(Parsed {
        def,
        json_positions: Some(positions),
    })
}

/// JSON → TOML value; `null` means "not given" and is left out.
fn to_toml(
    value: &serde_json::Value,
    path: &str,
    positions: &HashMap<String, (usize, usize)>,
) -> Result<Option<toml::Value>, InputError> {
    use serde_json::Value as J;
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    Ok(Some(match value {
        J::Null => return Ok(None),
        J::Bool(b) => toml::Value::Boolean(*b),
        J::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => toml::Value::Integer(i),
            (None, Some(f)) => toml::Value::Float(f),
            _ => {
                return Err(InputError {
                    message: format!("the number {n} is too large"),
                    position: json_pos::position_of(positions, path),
                    help: None,
                    field: Some(path.to_string()),
                })
            }
        },
        J::String(s) => toml::Value::String(s.clone()),
        J::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let here = join(&i.to_string());
                match to_toml(item, &here, positions)? {
                    Some(v) => out.push(v),
                    None => {
                        return Err(InputError {
                            message: "a list may not hold null".into(),
                            position: json_pos::position_of(positions, &here),
                            help: Some("remove the null from the list".into()),
                            field: Some(path.to_string()),
                        })
                    }
                }
            }
            toml::Value::Array(out)
        }
        J::Object(map) => {
            let mut table = toml::Table::new();
            for (k, v) in map {
                if let Some(v) = to_toml(v, &join(k), positions)? {
                    table.insert(k.clone(), v);
                }
            }
            toml::Value::Table(table)
        }
    }))
}

/// Turns a definition problem into an answer: the field from the TOML line it points at, and
/// the position in the sent text (the TOML line itself, or the JSON field's place).
fn explain(
    e: &DefinitionError,
    toml_source: &str,
    json_positions: Option<&HashMap<String, (usize, usize)>>,
) -> InputError {
    let mut field = e
        .position
        .and_then(|(line, col)| toml_field_at(toml_source, line, col));
    // only `title` is required, and only at the top level
    if let Some(missing) = missing_field(&e.message) {
        field = Some(missing.to_string());
    }
    if field.is_none() {
        field = field_from_message(&e.message).map(str::to_string);
    }
    let position = match json_positions {
        Some(map) => field.as_deref().and_then(|f| json_pos::position_of(map, f)),
        None => e.position,
    };
    InputError {
        message: e.message.clone(),
        position,
        help: e.help.clone(),
        field,
    }
}

/// The field of the problems found with no place in the text ("the title is empty").
fn field_from_message(message: &str) -> Option<&'static str> {
    const KNOWN: &[(&str, &str)] = &[
        ("the title is", "title"),
        ("the definition has no sections", "section"),
        ("no sections are left", "section"),
        ("[clinic]", "clinic"),
    ];
    KNOWN
        .iter()
        .find(|(start, _)| message.starts_with(start))
        .map(|(_, field)| *field)
}

/// "missing field `title`" → "title".
fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next()
}

/// The dotted field on a 1-based line of TOML text: the key on that line (or the last key
/// before it, for a value over several lines) under the table header above it. Arrays of
/// tables count from 0: the second `[[section]]` is "section.1"; an element of a list written
/// on the key's line gets its index ("patient.treatments.1").
pub fn toml_field_at(source: &str, line: usize, col: usize) -> Option<String> {
    let mut table = String::new();
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut last_key: Option<String> = None;
    let mut in_multiline = false;
    for (i, raw) in source.lines().enumerate() {
        let t = raw.trim();
        let header = !in_multiline && t.starts_with('[');
        if header {
            last_key = None;
            if let Some(name) = t.strip_prefix("[[") {
                let name = name.split("]]").next().unwrap_or("").trim().to_string();
                let n = counts.entry(name.clone()).or_insert(0);
                table = format!("{name}.{n}");
                *n += 1;
            } else {
                table = t[1..].split(']').next().unwrap_or("").trim().to_string();
            }
        } else if !in_multiline {
            if let Some((key, _)) = t.split_once('=') {
                let key = key.trim().trim_matches('"');
                if !key.is_empty() && !key.starts_with('#') {
                    last_key = Some(key.to_string());
                }
            }
        }
        if t.matches("\"\"\"").count() % 2 == 1 || t.matches("'''").count() % 2 == 1 {
            in_multiline = !in_multiline;
        }
        if i + 1 == line {
            let key = if header {
                None
            } else {
                last_key.clone().map(|k| match element_index(raw, col) {
                    Some(n) => format!("{k}.{n}"),
                    None => k,
                })
            };
            return match (table.is_empty(), key) {
                (true, Some(k)) => Some(k),
                (false, Some(k)) => Some(format!("{table}.{k}")),
                (false, None) => Some(table),
                (true, None) => None,
            };
        }
    }
    None
}

/// The index of the list element at 1-based character column `col` of `key = [a, b, c]`.
fn element_index(line: &str, col: usize) -> Option<usize> {
    let (_, value) = line.split_once('=')?;
    let value = value.trim_start();
    let open = line.chars().count() - value.chars().count();
    if !value.starts_with('[') || col <= open + 1 {
        return None;
    }
    let (mut index, mut quoted) = (0, false);
    for ch in value.chars().skip(1).take(col - open - 2) {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => index += 1,
            '[' | ']' if !quoted => return None,
            _ => {}
        }
    }
    Some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_lines_name_their_fields() {
        let src = "title = \"T\"\n[patient]\nname = \"M\"\ntreatments = [\n  \"x\",\n]\n[[section]]\nuse = \"a\"\n[[section]]\nbody = \"\"\"\n[not a header]\n\"\"\"\nuse = \"b\"\n";
        assert_eq!(toml_field_at(src, 1, 1).as_deref(), Some("title"));
        assert_eq!(toml_field_at(src, 3, 1).as_deref(), Some("patient.name"));
        assert_eq!(
            toml_field_at(src, 5, 3).as_deref(),
            Some("patient.treatments")
        );
        assert_eq!(toml_field_at(src, 8, 1).as_deref(), Some("section.0.use"));
        assert_eq!(toml_field_at(src, 9, 1).as_deref(), Some("section.1"));
        assert_eq!(toml_field_at(src, 13, 1).as_deref(), Some("section.1.use"));
        let list = "[patient]\ntreatments = [\"a\", \"b,c\", \"d\"]\n";
        assert_eq!(
            toml_field_at(list, 2, 15).as_deref(),
            Some("patient.treatments.0")
        );
        assert_eq!(
            toml_field_at(list, 2, 27).as_deref(),
            Some("patient.treatments.2")
        );
        assert_eq!(
            toml_field_at(list, 2, 1).as_deref(),
            Some("patient.treatments")
        );
    }

    #[test]
    fn json_errors_point_into_the_json() {
        let e = parse(Format::Json, "{\"title\": \"T\",\n \"preset\": }")
            .err()
            .unwrap();
        assert_eq!(e.position.map(|p| p.0), Some(2));
        let e = parse(
            Format::Json,
            "{\"title\": \"T\",\n \"section\": [{\"use\": \"a\"},\n  {\"usee\": \"b\"}]}",
        )
        .err()
        .unwrap();
        assert_eq!(e.field.as_deref(), Some("section.1.usee"));
        assert_eq!(e.position, Some((3, 4)));
        let e = parse(Format::Json, "{\"preset\": \"bone-health\"}")
            .err()
            .unwrap();
        assert_eq!(e.field.as_deref(), Some("title"), "{e:?}");
        let e = parse(
            Format::Json,
            "{\"title\": \" \", \"preset\": \"bone-health\"}",
        )
        .err()
        .unwrap();
        assert_eq!(e.field.as_deref(), Some("title"), "{e:?}");
        let e = parse(Format::Json, "[1]").err().unwrap();
        assert!(e.message.contains("object"));
    }

    #[test]
    fn json_and_toml_make_the_same_definition() {
        let toml_text = "title = \"T\"\npreset = \"bone-health\"\n[patient]\nname = \"Maria\"\ntreatments = [\"denosumab\"]\n[[section]]\nuse = \"questions-for-your-doctor\"\nadd_questions = [\"Can I swim?\"]\n";
        let json_text = r#"{"title":"T","preset":"bone-health","patient":{"name":"Maria","treatments":["denosumab"],"cancer":null},"section":[{"use":"questions-for-your-doctor","add_questions":["Can I swim?"]}]}"#;
        let a = parse(Format::Toml, toml_text).ok().unwrap().def;
        let b = parse(Format::Json, json_text).ok().unwrap().def;
        assert_eq!(a.patient.name, b.patient.name);
        assert_eq!(a.sections[0].add_questions, b.sections[0].add_questions);
        assert_eq!(
            a.preset.as_ref().map(|p| p.get_ref().clone()),
            b.preset.as_ref().map(|p| p.get_ref().clone())
        );
    }
}
