//! Reading a tagged PDF back as a screen reader does, with lopdf and no outside tools: the
//! structure tree (roles, titles, alt and actual text, attributes), the text of each marked
//! content sequence (decoded through the fonts' ToUnicode maps), the artifacts with their types,
//! and the page labels.

#![allow(dead_code)]

use std::collections::HashMap;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// One structure element.
#[derive(Debug, Clone, Default)]
pub struct Element {
    /// The structure type, e.g. "P", "H2", "Strong".
    pub role: String,
    pub title: Option<String>,
    pub alt: Option<String>,
    pub actual_text: Option<String>,
    /// `/A` attribute dictionaries: (owner, key) → value as written ("Layout", "BBox") → "[...]".
    pub attributes: Vec<(String, String, Object)>,
    /// The page its content is on (from `/Pg`), as an index.
    pub page: Option<usize>,
    pub kids: Vec<Kid>,
}

#[derive(Debug, Clone)]
pub enum Kid {
    Element(Element),
    /// Marked content: page index and MCID.
    Content(usize, i64),
    /// An annotation (a link): the annotation's object, from the OBJR's `/Obj`.
    Annotation(Option<ObjectId>),
}

/// A marked content sequence's text and properties.
#[derive(Debug, Clone, Default)]
pub struct Marked {
    pub text: String,
    pub actual_text: Option<String>,
}

/// An artifact sequence: its `/Type`, `/Subtype` and text.
#[derive(Debug, Clone, Default)]
pub struct ArtifactRun {
    pub page: usize,
    pub kind: Option<String>,
    pub subtype: Option<String>,
    pub text: String,
}

/// A PDF read back.
pub struct TaggedPdf {
    pub roots: Vec<Element>,
    pub content: HashMap<(usize, i64), Marked>,
    pub artifacts: Vec<ArtifactRun>,
    /// The label of every page: (numbering style, number), None when unlabelled.
    pub labels: Vec<Option<(String, i64)>>,
    pub page_count: usize,
}

fn name(o: &Object) -> Option<String> {
    o.as_name()
        .ok()
        .map(|n| String::from_utf8_lossy(n).into_owned())
}

/// A PDF text string (UTF-16BE with a BOM, or PDFDocEncoding taken as Latin-1).
fn text_string(o: &Object) -> Option<String> {
    let bytes = o.as_str().ok()?;
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        Some(String::from_utf16_lossy(&units))
    } else {
        Some(bytes.iter().map(|b| *b as char).collect())
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    doc.dereference(o).map(|(_, o)| o).unwrap_or(o)
}

/// A font's code → text map from its ToUnicode CMap, and how many bytes a code has.
#[derive(Debug, Clone, Default)]
struct ToUnicode {
    map: HashMap<u32, String>,
    code_bytes: usize,
}

fn hex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .filter_map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok())
        .collect()
}

fn utf16_hex(s: &str) -> String {
    let b = hex(s);
    let units: Vec<u16> = b
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect();
    String::from_utf16_lossy(&units)
}

fn code_of(s: &str) -> u32 {
    hex(s).iter().fold(0u32, |a, b| (a << 8) | *b as u32)
}

/// Parses the bfchar and bfrange sections of a ToUnicode CMap.
fn parse_cmap(text: &str) -> ToUnicode {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace())
        .flat_map(|t| t.split_inclusive('>'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut out = ToUnicode {
        code_bytes: 2,
        ..Default::default()
    };
    let strip = |t: &str| t.trim_matches(|c| c == '<' || c == '>').to_string();
    let mut i = 0;
    let mut mode = "";
    while i < tokens.len() {
        let t = tokens[i];
        match t {
            "beginbfchar" | "beginbfrange" | "begincodespacerange" => mode = t,
            "endbfchar" | "endbfrange" | "endcodespacerange" => mode = "",
            _ if mode == "begincodespacerange" && t.starts_with('<') => {
                out.code_bytes = strip(t).len() / 2;
                i += 1;
            }
            _ if mode == "beginbfchar" && t.starts_with('<') && i + 1 < tokens.len() => {
                out.map
                    .insert(code_of(&strip(t)), utf16_hex(&strip(tokens[i + 1])));
                i += 1;
            }
            _ if mode == "beginbfrange" && t.starts_with('<') && i + 2 < tokens.len() => {
                let (lo, hi) = (code_of(&strip(t)), code_of(&strip(tokens[i + 1])));
                let dst = tokens[i + 2];
                if dst.starts_with('<') {
                    let base: Vec<u16> = utf16_hex(&strip(dst)).encode_utf16().collect();
                    for (k, code) in (lo..=hi).enumerate() {
                        let mut units = base.clone();
                        if let Some(last) = units.last_mut() {
                            *last += k as u16;
                        }
                        out.map.insert(code, String::from_utf16_lossy(&units));
                    }
                    i += 2;
                } else {
                    // an array of destinations
                    let mut j = i + 2;
                    let mut code = lo;
                    while j < tokens.len() && !tokens[j].starts_with(']') {
                        let tok = tokens[j].trim_start_matches('[');
                        if tok.starts_with('<') {
                            out.map.insert(code, utf16_hex(&strip(tok)));
                            code += 1;
                        }
                        j += 1;
                    }
                    i = j;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn font_maps(doc: &Document, page: ObjectId) -> HashMap<Vec<u8>, ToUnicode> {
    let mut out = HashMap::new();
    if let Ok(fonts) = doc.get_page_fonts(page) {
        for (res_name, font) in fonts {
            let cmap = font
                .get(b"ToUnicode")
                .ok()
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_stream().ok())
                .and_then(|s| s.decompressed_content().ok())
                .map(|b| parse_cmap(&String::from_utf8_lossy(&b)))
                .unwrap_or_default();
            out.insert(res_name, cmap);
        }
    }
    out
}

fn decode(font: Option<&ToUnicode>, bytes: &[u8], out: &mut String) {
    let Some(f) = font else { return };
    for chunk in bytes.chunks(f.code_bytes.max(1)) {
        let code = chunk.iter().fold(0u32, |a, b| (a << 8) | *b as u32);
        match f.map.get(&code) {
            Some(s) => out.push_str(s),
            None => out.push('\u{FFFD}'),
        }
    }
}

/// What is open in a page's content stream.
enum Open {
    Content(i64),
    Artifact(usize),
    Other,
}

fn properties<'a>(doc: &'a Document, page: ObjectId, o: &'a Object) -> Option<&'a Dictionary> {
    match o {
        Object::Dictionary(d) => Some(d),
        Object::Name(n) => {
            let (res, _) = doc.get_page_resources(page).ok()?;
            let props = res?.get(b"Properties").ok().map(|o| deref(doc, o))?;
            deref(doc, props.as_dict().ok()?.get(n).ok()?)
                .as_dict()
                .ok()
        }
        _ => None,
    }
}

/// Reads the marked content and artifacts of one page.
fn read_page(doc: &Document, index: usize, page: ObjectId, pdf: &mut TaggedPdf) {
    let fonts = font_maps(doc, page);
    let bytes = doc.get_page_content(page);
    let content = Content::decode(&bytes).expect("content stream parses");
    let mut stack: Vec<Open> = Vec::new();
    let mut font: Option<Vec<u8>> = None;
    for op in &content.operations {
        match op.operator.as_str() {
            "BDC" | "BMC" => {
                let tag = op.operands.first().and_then(name).unwrap_or_default();
                let props = op.operands.get(1).and_then(|o| properties(doc, page, o));
                let open = if tag == "Artifact" {
                    let get = |k: &[u8]| props.and_then(|p| p.get(k).ok()).and_then(name);
                    pdf.artifacts.push(ArtifactRun {
                        page: index,
                        kind: get(b"Type"),
                        subtype: get(b"Subtype"),
                        text: String::new(),
                    });
                    Open::Artifact(pdf.artifacts.len() - 1)
                } else if let Some(mcid) = props
                    .and_then(|p| p.get(b"MCID").ok())
                    .and_then(|o| o.as_i64().ok())
                {
                    let actual = props
                        .and_then(|p| p.get(b"ActualText").ok())
                        .and_then(text_string);
                    pdf.content.insert(
                        (index, mcid),
                        Marked {
                            text: String::new(),
                            actual_text: actual,
                        },
                    );
                    Open::Content(mcid)
                } else {
                    Open::Other
                };
                stack.push(open);
            }
            "EMC" => {
                stack.pop();
            }
            "Tf" => {
                font = op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .map(|n| n.to_vec())
            }
            "Tj" | "TJ" | "'" | "\"" => {
                let mut text = String::new();
                let f = font.as_ref().and_then(|f| fonts.get(f));
                for o in &op.operands {
                    match o {
                        Object::String(b, _) => decode(f, b, &mut text),
                        Object::Array(items) => {
                            for it in items {
                                if let Object::String(b, _) = it {
                                    decode(f, b, &mut text);
                                }
                            }
                        }
                        _ => {}
                    }
                }
                let target = stack.iter().rev().find(|o| !matches!(o, Open::Other));
                match target {
                    Some(Open::Content(m)) => {
                        if let Some(mc) = pdf.content.get_mut(&(index, *m)) {
                            mc.text.push_str(&text);
                        }
                    }
                    Some(Open::Artifact(a)) => pdf.artifacts[*a].text.push_str(&text),
                    _ => {}
                }
            }
            _ => {}
        }
    }
}

fn read_element(
    doc: &Document,
    dict: &Dictionary,
    pages: &HashMap<ObjectId, usize>,
    page: Option<usize>,
) -> Element {
    let page = dict
        .get(b"Pg")
        .ok()
        .and_then(|o| o.as_reference().ok())
        .and_then(|r| pages.get(&r).copied())
        .or(page);
    let mut e = Element {
        role: dict.get(b"S").ok().and_then(name).unwrap_or_default(),
        title: dict.get(b"T").ok().and_then(text_string),
        alt: dict.get(b"Alt").ok().and_then(text_string),
        actual_text: dict.get(b"ActualText").ok().and_then(text_string),
        page,
        ..Default::default()
    };
    if let Ok(a) = dict.get(b"A") {
        let a = deref(doc, a);
        let dicts: Vec<&Object> = match a {
            Object::Array(items) => items.iter().map(|o| deref(doc, o)).collect(),
            other => vec![other],
        };
        for d in dicts.iter().filter_map(|o| o.as_dict().ok()) {
            let owner = d.get(b"O").ok().and_then(name).unwrap_or_default();
            for (k, v) in d.iter() {
                if k.as_slice() != b"O" {
                    let key = String::from_utf8_lossy(k).into_owned();
                    e.attributes
                        .push((owner.clone(), key, deref(doc, v).clone()));
                }
            }
        }
    }
    let kids: Vec<&Object> = match dict.get(b"K").map(|o| deref(doc, o)) {
        Ok(Object::Array(items)) => items.iter().collect(),
        Ok(o) => vec![o],
        Err(_) => Vec::new(),
    };
    for k in kids {
        match deref(doc, k) {
            Object::Integer(m) => {
                if let Some(p) = page {
                    e.kids.push(Kid::Content(p, *m));
                }
            }
            Object::Dictionary(d) => {
                let ty = d.get(b"Type").ok().and_then(name).unwrap_or_default();
                if ty == "MCR" {
                    let p = d
                        .get(b"Pg")
                        .ok()
                        .and_then(|o| o.as_reference().ok())
                        .and_then(|r| pages.get(&r).copied())
                        .or(page);
                    let m = d.get(b"MCID").ok().and_then(|o| o.as_i64().ok());
                    if let (Some(p), Some(m)) = (p, m) {
                        e.kids.push(Kid::Content(p, m));
                    }
                } else if ty == "OBJR" {
                    let obj = d.get(b"Obj").ok().and_then(|o| o.as_reference().ok());
                    e.kids.push(Kid::Annotation(obj));
                } else {
                    e.kids.push(Kid::Element(read_element(doc, d, pages, page)));
                }
            }
            _ => {}
        }
    }
    e
}

fn page_labels(doc: &Document, count: usize) -> Vec<Option<(String, i64)>> {
    let mut ranges: Vec<(i64, Option<String>, i64)> = Vec::new();
    let tree = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"PageLabels").ok())
        .map(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok());
    if let Some(nums) = tree
        .and_then(|t| t.get(b"Nums").ok())
        .map(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
    {
        for pair in nums.chunks(2) {
            let (Some(k), Some(v)) = (pair.first(), pair.get(1)) else {
                continue;
            };
            let Ok(start) = k.as_i64() else { continue };
            let d = deref(doc, v).as_dict().ok();
            let style = d.and_then(|d| d.get(b"S").ok()).and_then(name);
            let first = d
                .and_then(|d| d.get(b"St").ok())
                .and_then(|o| o.as_i64().ok())
                .unwrap_or(1);
            ranges.push((start, style, first));
        }
    }
    (0..count as i64)
        .map(|i| {
            let (start, style, first) = ranges.iter().rev().find(|r| r.0 <= i)?;
            style.clone().map(|s| (s, first + i - start))
        })
        .collect()
}

impl TaggedPdf {
    pub fn read(bytes: &[u8]) -> TaggedPdf {
        let doc = Document::load_mem(bytes).expect("the PDF parses");
        let page_ids: Vec<ObjectId> = doc.get_pages().values().copied().collect();
        let pages: HashMap<ObjectId, usize> =
            page_ids.iter().enumerate().map(|(i, p)| (*p, i)).collect();
        let mut pdf = TaggedPdf {
            roots: Vec::new(),
            content: HashMap::new(),
            artifacts: Vec::new(),
            labels: page_labels(&doc, page_ids.len()),
            page_count: page_ids.len(),
        };
        for (i, p) in page_ids.iter().enumerate() {
            read_page(&doc, i, *p, &mut pdf);
        }
        let root = doc
            .catalog()
            .ok()
            .and_then(|c| c.get(b"StructTreeRoot").ok())
            .map(|o| deref(&doc, o))
            .and_then(|o| o.as_dict().ok());
        if let Some(root) = root {
            let kids: Vec<&Object> = match root.get(b"K").map(|o| deref(&doc, o)) {
                Ok(Object::Array(items)) => items.iter().collect(),
                Ok(o) => vec![o],
                Err(_) => Vec::new(),
            };
            for k in kids {
                if let Ok(d) = deref(&doc, k).as_dict() {
                    pdf.roots.push(read_element(&doc, d, &pages, None));
                }
            }
        }
        pdf
    }

    /// The text a listener hears for marked content: its ActualText, else its glyphs' text.
    pub fn marked_text(&self, page: usize, mcid: i64) -> String {
        match self.content.get(&(page, mcid)) {
            Some(m) => m.actual_text.clone().unwrap_or_else(|| m.text.clone()),
            None => String::new(),
        }
    }

    /// The text of an element as heard: ActualText or Alt when it has one, else its content
    /// and its kids' text; block-level kids are set apart by a space, inline ones are not.
    pub fn text(&self, e: &Element) -> String {
        if let Some(t) = e.actual_text.as_ref().or(e.alt.as_ref()) {
            return t.clone();
        }
        let mut out = String::new();
        for k in &e.kids {
            match k {
                Kid::Content(p, m) => out.push_str(&self.marked_text(*p, *m)),
                Kid::Element(c) if is_inline(&c.role) => out.push_str(&self.text(c)),
                Kid::Element(c) => {
                    out.push(' ');
                    out.push_str(&self.text(c));
                    out.push(' ');
                }
                Kid::Annotation(_) => {}
            }
        }
        out
    }

    /// Every element, depth first in reading order.
    pub fn elements(&self) -> Vec<&Element> {
        fn walk<'a>(e: &'a Element, out: &mut Vec<&'a Element>) {
            out.push(e);
            for k in &e.kids {
                if let Kid::Element(c) = k {
                    walk(c, out);
                }
            }
        }
        let mut out = Vec::new();
        for r in &self.roots {
            walk(r, &mut out);
        }
        out
    }

    /// The pages an element's content is on.
    pub fn pages_of(&self, e: &Element) -> Vec<usize> {
        let mut out = Vec::new();
        fn walk(e: &Element, out: &mut Vec<usize>) {
            for k in &e.kids {
                match k {
                    Kid::Content(p, _) => out.push(*p),
                    Kid::Element(c) => walk(c, out),
                    Kid::Annotation(_) => {}
                }
            }
        }
        walk(e, &mut out);
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Roles read inline, with no break around them.
pub fn is_inline(role: &str) -> bool {
    matches!(
        role,
        "Span" | "Strong" | "Em" | "Link" | "Quote" | "Code" | "Reference"
    )
}

impl Element {
    /// An attribute of the given owner ("Layout", "List").
    pub fn attribute(&self, owner: &str, key: &str) -> Option<&Object> {
        self.attributes
            .iter()
            .find(|(o, k, _)| o == owner && k == key)
            .map(|(_, _, v)| v)
    }

    pub fn is_heading(&self) -> bool {
        self.role.len() == 2 && self.role.starts_with('H') && self.role[1..].parse::<u8>().is_ok()
    }

    /// Child elements (not content).
    pub fn children(&self) -> impl Iterator<Item = &Element> {
        self.kids.iter().filter_map(|k| match k {
            Kid::Element(e) => Some(e),
            _ => None,
        })
    }
}

/// Words joined by single spaces.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The reading order as heard: one line per block (a list item, a table row) with its role,
/// indented by depth.
pub fn reading_order(pdf: &TaggedPdf) -> String {
    fn direct_text(e: &Element) -> bool {
        e.kids.iter().any(|k| match k {
            Kid::Content(..) => true,
            Kid::Element(c) => is_inline(&c.role),
            Kid::Annotation(_) => false,
        })
    }
    fn has_list(e: &Element) -> bool {
        e.children().any(|c| c.role == "L" || has_list(c))
    }
    fn walk(pdf: &TaggedPdf, e: &Element, depth: usize, out: &mut String) {
        let indent = "  ".repeat(depth);
        let line = match e.role.as_str() {
            "TR" => Some(
                e.children()
                    .map(|c| collapse(&pdf.text(c)))
                    .collect::<Vec<_>>()
                    .join(" | "),
            ),
            "LI" | "TOCI" if !has_list(e) => Some(collapse(&pdf.text(e))),
            "Figure" => Some(collapse(&pdf.text(e))),
            _ if direct_text(e) => Some(collapse(&pdf.text(e))),
            _ => None,
        };
        match line {
            Some(text) => out.push_str(&format!("{indent}{}: {text}\n", e.role)),
            None => {
                out.push_str(&format!("{indent}{}\n", e.role));
                for c in e.children() {
                    walk(pdf, c, depth + 1, out);
                }
            }
        }
    }
    let mut out = String::new();
    for r in &pdf.roots {
        walk(pdf, r, 0, &mut out);
    }
    out
}
