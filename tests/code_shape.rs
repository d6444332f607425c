//! The house rules for the code's shape, kept by a test rather than by memory: no source file
//! over 600 lines, no function over 100 lines, and no import cycle between the top-level modules
//! of `src/` (each stage uses the ones before it, never the other way round).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 600;
const MAX_FN_LINES: usize = 100;

fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let mut entries: Vec<_> = fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.path());
        for e in entries {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push((p.clone(), fs::read_to_string(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    assert!(out.len() > 50, "the sources were not found");
    out
}

/// A line with its string and character literals emptied and its comment dropped, so braces
/// inside them are not counted.
fn code_of(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                out.push('"');
                while let Some(d) = chars.next() {
                    match d {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
                out.push('"');
            }
            // a character literal ('{' or '\''), not a lifetime ('a)
            '\'' => {
                let rest: String = chars.clone().take(3).collect();
                let literal = rest.starts_with('\\') || rest.chars().nth(1) == Some('\'');
                if literal {
                    while let Some(d) = chars.next() {
                        match d {
                            '\\' => {
                                chars.next();
                            }
                            '\'' => break,
                            _ => {}
                        }
                    }
                    out.push_str("' '");
                } else {
                    out.push(c);
                }
            }
            '/' if chars.peek() == Some(&'/') => break,
            _ => out.push(c),
        }
    }
    out
}

/// The name of the function a line starts, if it starts one.
fn starts_fn(line: &str) -> Option<String> {
    let mut words = line.split_whitespace().peekable();
    while let Some(w) = words.next() {
        let w = w
            .trim_start_matches("pub(crate)")
            .trim_start_matches("pub(super)");
        match w {
            "" | "pub" | "const" | "async" | "unsafe" | "extern" => continue,
            "fn" => {
                let name = words.next()?;
                let name: String = name
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                return (!name.is_empty()).then_some(name);
            }
            _ => return None,
        }
    }
    None
}

/// (lines, name, first line) of every function with a body.
fn functions(text: &str) -> Vec<(usize, String, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = starts_fn(line) else {
            continue;
        };
        let mut depth = 0i32;
        let mut opened = false;
        for (j, later) in lines.iter().enumerate().skip(i) {
            let code = code_of(later);
            for c in code.chars() {
                match c {
                    '{' => {
                        depth += 1;
                        opened = true;
                    }
                    '}' => depth -= 1,
                    _ => {}
                }
            }
            if opened && depth <= 0 {
                out.push((j - i + 1, name.clone(), i + 1));
                break;
            }
            if !opened && code.trim_end().ends_with(';') {
                break;
            }
        }
    }
    out
}

#[test]
fn no_file_or_function_is_too_long() {
    let mut problems = Vec::new();
    let mut counted = 0;
    for (path, text) in sources() {
        let n = text.lines().count();
        if n > MAX_FILE_LINES {
            problems.push(format!("{}: {n} lines", path.display()));
        }
        for (len, name, at) in functions(&text) {
            counted += 1;
            if len > MAX_FN_LINES {
                problems.push(format!("{}:{at}: fn {name} is {len} lines", path.display()));
            }
        }
    }
    assert!(counted > 500, "only {counted} functions found");
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_function_counter_counts() {
    let text = "pub fn a() {\n    let s = \"}\";\n    let c = '{';\n}\nfn b<'x>(v: &'x str) -> &'x str {\n    // }\n    v\n}\n";
    let found = functions(text);
    assert_eq!(
        found,
        vec![(4, "a".to_string(), 1), (4, "b".to_string(), 5)]
    );
}

/// The top-level modules each top-level module names as `crate::NAME` outside its tests.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let all = sources();
    let top_of = |p: &Path| -> String {
        let rel = p.strip_prefix(&src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        first.trim_end_matches(".rs").to_string()
    };
    let tops: BTreeSet<String> = all
        .iter()
        .map(|(p, _)| top_of(p))
        .filter(|t| t != "lib" && t != "main")
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in &all {
        let top = top_of(path);
        if !tops.contains(&top) {
            continue;
        }
        let body = text.split("#[cfg(test)]").next().unwrap_or("");
        let edges = graph.entry(top.clone()).or_default();
        let code: String = body.lines().map(code_of).collect::<Vec<_>>().join("\n");
        for (at, _) in code.match_indices("crate::") {
            let rest = &code[at + "crate::".len()..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(group) => group
                    .split('}')
                    .next()
                    .unwrap_or("")
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .collect(),
                None => vec![rest
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or("")],
            };
            for n in names {
                if n != top && tops.contains(n) {
                    edges.insert(n.to_string());
                }
            }
        }
    }
    graph
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let graph = imports();
    assert!(graph.len() > 20, "{graph:?}");
    // a cycle exists if some module reaches itself
    for start in graph.keys() {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut stack: Vec<(&str, Vec<&str>)> = vec![(start, vec![start])];
        while let Some((at, path)) = stack.pop() {
            for next in graph.get(at).into_iter().flatten() {
                assert!(
                    next != start,
                    "import cycle: {} -> {start}",
                    path.join(" -> ")
                );
                if seen.insert(next) {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push((next, longer));
                }
            }
        }
    }
}
