//! Reading the PDFs back in the tests with lopdf alone, so `cargo test` needs nothing but Rust:
//! the page boxes, every glyph with its position (through each font's ToUnicode map and
//! widths), text per page or per region, and a structural check in place of `qpdf --check`.

use std::collections::HashMap;
use std::path::Path;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// One glyph as printed: its text and its box on the page (PDF points, origin bottom left).
#[derive(Debug, Clone)]
pub struct Glyph {
    pub text: String,
    pub x0_pt: f32,
    pub x1_pt: f32,
    pub y0_pt: f32,
    pub y1_pt: f32,
    /// The baseline's height on the page.
    pub baseline_pt: f32,
    pub size_pt: f32,
}

/// One page: its media box `[x0, y0, x1, y1]` and its glyphs in drawing order.
#[derive(Debug, Clone)]
pub struct PdfPage {
    pub media_box: [f32; 4],
    pub glyphs: Vec<Glyph>,
}

/// A PDF read back: its pages and the lopdf document (for the catalogue and info).
pub struct Pdf {
    pub doc: Document,
    pub pages: Vec<PdfPage>,
}

impl Pdf {
    pub fn open(path: &Path) -> Pdf {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        Pdf::from_bytes(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Pdf, String> {
        let doc = Document::load_mem(bytes).map_err(|e| format!("not a readable PDF: {e}"))?;
        let mut pages = Vec::new();
        for (_, id) in doc.get_pages() {
            pages.push(read_page(&doc, id)?);
        }
        Ok(Pdf { doc, pages })
    }

    /// The whole text, pages separated by form feeds (as pdftotext does).
    pub fn text(&self) -> String {
        let texts: Vec<String> = self.pages.iter().map(PdfPage::text).collect();
        texts.join("\u{c}")
    }

    /// A value of the document information dictionary (e.g. `Title`).
    pub fn info(&self, key: &str) -> Option<String> {
        let info = self.doc.trailer.get_deref(b"Info", &self.doc).ok()?;
        let value = info
            .as_dict()
            .ok()?
            .get_deref(key.as_bytes(), &self.doc)
            .ok()?;
        lopdf::decode_text_string(value).ok()
    }

    /// The document catalogue.
    pub fn catalog(&self) -> &Dictionary {
        self.doc.catalog().expect("a catalogue")
    }
}

impl PdfPage {
    pub fn width_pt(&self) -> f32 {
        self.media_box[2] - self.media_box[0]
    }

    pub fn height_pt(&self) -> f32 {
        self.media_box[3] - self.media_box[1]
    }

    /// The page's text, line by line from the top, runs on a line in reading order.
    pub fn text(&self) -> String {
        lines_text(self.glyphs.iter())
    }

    /// Text inside a region given from the top left corner, like `pdftotext -x -y -W -H`.
    pub fn text_in(&self, x_pt: f32, y_from_top_pt: f32, w_pt: f32, h_pt: f32) -> String {
        let top = self.media_box[3] - y_from_top_pt;
        let bottom = top - h_pt;
        lines_text(self.glyphs.iter().filter(|g| {
            let cx = (g.x0_pt + g.x1_pt) / 2.0;
            cx >= x_pt && cx <= x_pt + w_pt && g.baseline_pt >= bottom && g.baseline_pt <= top
        }))
    }
}

/// Groups glyphs into lines by baseline and orders them left to right, with a space where a
/// gap is wider than a fifth of the type size.
fn lines_text<'a>(glyphs: impl Iterator<Item = &'a Glyph>) -> String {
    let mut lines: Vec<(f32, Vec<&Glyph>)> = Vec::new();
    for g in glyphs {
        match lines
            .iter_mut()
            .find(|(y, _)| (y - g.baseline_pt).abs() < 0.3 * g.size_pt)
        {
            Some((_, line)) => line.push(g),
            None => lines.push((g.baseline_pt, vec![g])),
        }
    }
    lines.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out = String::new();
    for (_, mut line) in lines {
        line.sort_by(|a, b| a.x0_pt.total_cmp(&b.x0_pt));
        let mut last_x1: Option<f32> = None;
        for g in line {
            if let Some(x1) = last_x1 {
                let gap = g.x0_pt - x1;
                if gap > 0.2 * g.size_pt && !out.ends_with(' ') && g.text != " " {
                    out.push(' ');
                }
            }
            out.push_str(&g.text);
            last_x1 = Some(g.x1_pt);
        }
        out.push('\n');
    }
    out
}

/// A font as far as reading text needs it.
struct Font {
    to_unicode: HashMap<u32, String>,
    widths: HashMap<u32, f32>,
    default_width: f32,
    two_byte: bool,
}

fn inherited<'a>(doc: &'a Document, page: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut dict = page;
    for _ in 0..32 {
        if let Ok(v) = dict.get(key) {
            return doc.dereference(v).ok().map(|(_, o)| o);
        }
        dict = dict.get_deref(b"Parent", doc).ok()?.as_dict().ok()?;
    }
    None
}

fn numbers(obj: &Object, doc: &Document) -> Vec<f32> {
    let obj = doc.dereference(obj).map(|(_, o)| o).unwrap_or(obj);
    obj.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|o| doc.dereference(o).ok()?.1.as_float().ok())
                .collect()
        })
        .unwrap_or_default()
}

fn read_page(doc: &Document, id: ObjectId) -> Result<PdfPage, String> {
    let page = doc.get_dictionary(id).map_err(|e| e.to_string())?;
    let mb = inherited(doc, page, b"MediaBox").ok_or("a page has no MediaBox")?;
    let mb = numbers(mb, doc);
    let [a, b, c, d] = mb[..] else {
        return Err(format!("a page's MediaBox is {mb:?}"));
    };
    let mut fonts = HashMap::new();
    if let Some(res) = inherited(doc, page, b"Resources").and_then(|r| r.as_dict().ok()) {
        if let Ok(f) = res.get_deref(b"Font", doc).and_then(|f| f.as_dict()) {
            for (name, font) in f.iter() {
                let font = doc.dereference(font).map_err(|e| e.to_string())?.1;
                fonts.insert(
                    name.clone(),
                    read_font(doc, font.as_dict().map_err(|e| e.to_string())?)?,
                );
            }
        }
    }
    let mut bytes = Vec::new();
    for cid in doc.get_page_contents(id) {
        let stream = doc
            .get_object(cid)
            .and_then(|o| o.as_stream())
            .map_err(|e| e.to_string())?;
        bytes.extend(stream.decompressed_content().map_err(|e| e.to_string())?);
        bytes.push(b'\n');
    }
    let content = Content::decode(&bytes).map_err(|e| format!("bad content stream: {e}"))?;
    let glyphs = run(&content, &fonts)?;
    Ok(PdfPage {
        media_box: [a, b, c, d],
        glyphs,
    })
}

fn read_font(doc: &Document, font: &Dictionary) -> Result<Font, String> {
    let mut out = Font {
        to_unicode: HashMap::new(),
        widths: HashMap::new(),
        default_width: 1000.0,
        two_byte: font.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Type0"),
    };
    if let Ok(tu) = font
        .get_deref(b"ToUnicode", doc)
        .and_then(|s| s.as_stream())
    {
        let cmap = tu.decompressed_content().map_err(|e| e.to_string())?;
        out.to_unicode = parse_cmap(&String::from_utf8_lossy(&cmap));
    }
    if out.two_byte {
        let desc = font
            .get_deref(b"DescendantFonts", doc)
            .and_then(|d| d.as_array())
            .map_err(|e| e.to_string())?;
        let cid = doc
            .dereference(&desc[0])
            .and_then(|(_, o)| o.as_dict())
            .map_err(|e| e.to_string())?;
        if let Ok(dw) = cid.get_deref(b"DW", doc).and_then(|d| d.as_float()) {
            out.default_width = dw;
        }
        if let Ok(w) = cid.get_deref(b"W", doc).and_then(|w| w.as_array()) {
            let mut i = 0;
            while i + 1 < w.len() {
                let first = doc
                    .dereference(&w[i])
                    .map_err(|e| e.to_string())?
                    .1
                    .as_i64()
                    .unwrap_or(0) as u32;
                let next = doc.dereference(&w[i + 1]).map_err(|e| e.to_string())?.1;
                if let Ok(list) = next.as_array() {
                    for (k, v) in list.iter().enumerate() {
                        out.widths
                            .insert(first + k as u32, v.as_float().unwrap_or(0.0));
                    }
                    i += 2;
                } else {
                    let last = next.as_i64().unwrap_or(0) as u32;
                    let v = w.get(i + 2).and_then(|v| v.as_float().ok()).unwrap_or(0.0);
                    for c in first..=last.min(first + 65_535) {
                        out.widths.insert(c, v);
                    }
                    i += 3;
                }
            }
        }
    } else {
        let first = font.get(b"FirstChar").and_then(|f| f.as_i64()).unwrap_or(0) as u32;
        if let Ok(w) = font.get_deref(b"Widths", doc) {
            for (k, v) in numbers(w, doc).into_iter().enumerate() {
                out.widths.insert(first + k as u32, v);
            }
        }
    }
    Ok(out)
}

/// The code → text pairs of a ToUnicode CMap (bfchar and bfrange sections).
fn parse_cmap(text: &str) -> HashMap<u32, String> {
    let mut map = HashMap::new();
    let hex = |s: &str| u32::from_str_radix(s, 16).unwrap_or(0);
    let utf16 = |s: &str| {
        let units: Vec<u16> = (0..s.len() / 4)
            .map(|i| u16::from_str_radix(&s[4 * i..4 * i + 4], 16).unwrap_or(0xFFFD))
            .collect();
        String::from_utf16_lossy(&units)
    };
    // Tokens: <hex>, [ and ], and the section keywords.
    let mut tokens = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['<', '[', ']', 'b', 'e']) {
        rest = &rest[i..];
        if let Some(r) = rest.strip_prefix('<') {
            let end = r.find('>').unwrap_or(r.len());
            tokens.push(r[..end].split_whitespace().collect::<String>());
            rest = &r[(end + 1).min(r.len())..];
        } else if rest.starts_with('[') || rest.starts_with(']') {
            tokens.push(rest[..1].to_string());
            rest = &rest[1..];
        } else {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            tokens.push(format!("#{word}"));
            rest = &rest[word.len().max(1)..];
        }
    }
    let mut i = 0;
    let mut section = "";
    while i < tokens.len() {
        let t = tokens[i].as_str();
        if let Some(word) = t.strip_prefix('#') {
            if word == "beginbfchar" || word == "beginbfrange" {
                section = if word == "beginbfchar" {
                    "char"
                } else {
                    "range"
                };
            } else if word.starts_with("end") {
                section = "";
            }
            i += 1;
            continue;
        }
        match section {
            "char" if i + 1 < tokens.len() => {
                map.insert(hex(t), utf16(&tokens[i + 1]));
                i += 2;
            }
            "range" if i + 2 < tokens.len() => {
                let (lo, hi) = (hex(t), hex(&tokens[i + 1]));
                if tokens[i + 2] == "[" {
                    let mut k = i + 3;
                    let mut code = lo;
                    while k < tokens.len() && tokens[k] != "]" {
                        map.insert(code, utf16(&tokens[k]));
                        code += 1;
                        k += 1;
                    }
                    i = k + 1;
                } else {
                    let dst = &tokens[i + 2];
                    let base: Vec<char> = utf16(dst).chars().collect();
                    for (n, code) in (lo..=hi.min(lo + 65_535)).enumerate() {
                        let mut s = base.clone();
                        if let Some(last) = s.last_mut() {
                            *last = char::from_u32(*last as u32 + n as u32).unwrap_or('\u{FFFD}');
                        }
                        map.insert(code, s.into_iter().collect());
                    }
                    i += 3;
                }
            }
            _ => i += 1,
        }
    }
    map
}

type Matrix = [f32; 6];

fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// The text state of the content stream interpreter.
struct State<'a> {
    ctm: Matrix,
    stack: Vec<Matrix>,
    tm: Matrix,
    tlm: Matrix,
    font: Option<&'a Font>,
    size: f32,
    char_spacing: f32,
    word_spacing: f32,
    scale: f32,
    leading: f32,
    rise: f32,
}

fn run(content: &Content, fonts: &HashMap<Vec<u8>, Font>) -> Result<Vec<Glyph>, String> {
    let mut s = State {
        ctm: IDENTITY,
        stack: Vec::new(),
        tm: IDENTITY,
        tlm: IDENTITY,
        font: None,
        size: 0.0,
        char_spacing: 0.0,
        word_spacing: 0.0,
        scale: 1.0,
        leading: 0.0,
        rise: 0.0,
    };
    let mut glyphs = Vec::new();
    for op in &content.operations {
        let n = |i: usize| {
            op.operands
                .get(i)
                .and_then(|o| o.as_float().ok())
                .unwrap_or(0.0)
        };
        let six = || [n(0), n(1), n(2), n(3), n(4), n(5)];
        match op.operator.as_str() {
            "q" => s.stack.push(s.ctm),
            "Q" => s.ctm = s.stack.pop().unwrap_or(IDENTITY),
            "cm" => s.ctm = mul(&six(), &s.ctm),
            "BT" => {
                s.tm = IDENTITY;
                s.tlm = IDENTITY;
            }
            "Tf" => {
                let name = op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .unwrap_or_default();
                s.font = fonts.get(name);
                s.size = n(1);
            }
            "Tc" => s.char_spacing = n(0),
            "Tw" => s.word_spacing = n(0),
            "Tz" => s.scale = n(0) / 100.0,
            "TL" => s.leading = n(0),
            "Ts" => s.rise = n(0),
            "Tm" => {
                s.tm = six();
                s.tlm = s.tm;
            }
            "Td" | "TD" => {
                if op.operator == "TD" {
                    s.leading = -n(1);
                }
                s.tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], &s.tlm);
                s.tm = s.tlm;
            }
            "T*" => next_line(&mut s),
            "Tj" | "'" | "\"" => {
                if op.operator != "Tj" {
                    next_line(&mut s);
                }
                if let Some(Object::String(bytes, _)) = op.operands.last() {
                    show(&mut s, bytes, &mut glyphs);
                }
            }
            "TJ" => {
                let items = op.operands.first().and_then(|o| o.as_array().ok());
                for item in items.into_iter().flatten() {
                    match item {
                        Object::String(bytes, _) => show(&mut s, bytes, &mut glyphs),
                        other => {
                            let adj = other.as_float().unwrap_or(0.0);
                            let tx = -adj / 1000.0 * s.size * s.scale;
                            s.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &s.tm);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    Ok(glyphs)
}

fn next_line(s: &mut State) {
    s.tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -s.leading], &s.tlm);
    s.tm = s.tlm;
}

fn show(s: &mut State, bytes: &[u8], glyphs: &mut Vec<Glyph>) {
    let Some(font) = s.font else { return };
    let codes: Vec<u32> = if font.two_byte {
        bytes
            .chunks(2)
            .map(|c| (c[0] as u32) << 8 | *c.get(1).unwrap_or(&0) as u32)
            .collect()
    } else {
        bytes.iter().map(|&b| b as u32).collect()
    };
    for code in codes {
        let w = font
            .widths
            .get(&code)
            .copied()
            .unwrap_or(font.default_width)
            / 1000.0;
        let trm = mul(
            &mul(&[s.size * s.scale, 0.0, 0.0, s.size, 0.0, s.rise], &s.tm),
            &s.ctm,
        );
        let corners = [
            apply(&trm, 0.0, -0.25),
            apply(&trm, w, -0.25),
            apply(&trm, 0.0, 0.8),
            apply(&trm, w, 0.8),
        ];
        let xs = corners.map(|c| c.0);
        let ys = corners.map(|c| c.1);
        let fold = |v: [f32; 4], f: fn(f32, f32) -> f32| v.into_iter().reduce(f).unwrap_or(0.0);
        let size = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
        let text = font
            .to_unicode
            .get(&code)
            .cloned()
            .unwrap_or_else(|| char::from_u32(code).map(String::from).unwrap_or_default());
        glyphs.push(Glyph {
            x0_pt: fold(xs, f32::min),
            x1_pt: fold(xs, f32::max),
            y0_pt: fold(ys, f32::min),
            y1_pt: fold(ys, f32::max),
            baseline_pt: apply(&trm, 0.0, 0.0).1,
            size_pt: size,
            text: text.clone(),
        });
        let spacing = s.char_spacing
            + if !font.two_byte && code == 32 {
                s.word_spacing
            } else {
                0.0
            };
        let tx = (w * s.size + spacing) * s.scale;
        s.tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &s.tm);
    }
}

/// A structural check in place of `qpdf --check`: the file parses with its cross-reference
/// table, every object it lists loads, every stream decodes, every reference resolves, and the
/// page tree's counts match its pages.
pub fn check_structure(bytes: &[u8]) -> Result<(), String> {
    if !bytes.starts_with(b"%PDF-") {
        return Err("no %PDF- header".into());
    }
    let tail = &bytes[bytes.len().saturating_sub(64)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err("no %%EOF at the end".into());
    }
    let doc = Document::load_mem(bytes).map_err(|e| format!("cannot be read: {e}"))?;
    for (id, obj) in &doc.objects {
        if let Object::Stream(s) = obj {
            let flate =
                s.dict.get(b"Filter").and_then(|f| f.as_name()).ok() == Some(b"FlateDecode");
            if flate {
                // Strictly: lopdf keeps what it could inflate of a damaged stream.
                use std::io::Read;
                let mut out = Vec::new();
                flate2::read::ZlibDecoder::new(&s.content[..])
                    .read_to_end(&mut out)
                    .map_err(|e| format!("object {id:?}: the stream does not decode: {e}"))?;
            } else if s.dict.has(b"Filter") {
                s.decompressed_content()
                    .map_err(|e| format!("object {id:?}: the stream does not decode: {e}"))?;
            }
        }
        check_references(&doc, obj, *id)?;
    }
    let pages = doc.get_pages();
    if pages.is_empty() {
        return Err("no pages".into());
    }
    let root = doc.catalog().map_err(|e| e.to_string())?;
    let tree = root
        .get_deref(b"Pages", &doc)
        .and_then(|p| p.as_dict())
        .map_err(|e| format!("no page tree: {e}"))?;
    let count = tree.get(b"Count").and_then(|c| c.as_i64()).unwrap_or(-1);
    if count != pages.len() as i64 {
        return Err(format!(
            "the page tree says {count} pages but has {}",
            pages.len()
        ));
    }
    for (n, id) in pages {
        read_page(&doc, id).map_err(|e| format!("page {n}: {e}"))?;
    }
    Ok(())
}

fn check_references(doc: &Document, obj: &Object, within: ObjectId) -> Result<(), String> {
    match obj {
        Object::Reference(r) => doc
            .get_object(*r)
            .map(|_| ())
            .map_err(|_| format!("object {within:?} refers to missing object {r:?}")),
        Object::Array(a) => a.iter().try_for_each(|o| check_references(doc, o, within)),
        Object::Dictionary(d) => d
            .iter()
            .try_for_each(|(_, o)| check_references(doc, o, within)),
        Object::Stream(s) => s
            .dict
            .iter()
            .try_for_each(|(_, o)| check_references(doc, o, within)),
        _ => Ok(()),
    }
}
