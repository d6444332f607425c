//! Markdown links in a section body become PDF links, read back with lopdf: a URI link
//! annotation over the link's words and printed address on each line it is set on, tagged under
//! a `Link` element that holds both the words and the annotation (PDF/UA-1), while the address
//! stays printed for paper readers. Addresses that are not web, mail or phone are printed only.

mod common;
mod pdf_tree;

use std::path::Path;

use common::pdf_read::Pdf;
use handout::definition::Definition;
use handout::{BuildOptions, Engine};
use lopdf::{Dictionary, Object, ObjectId};
use pdf_tree::{Element, Kid, TaggedPdf};

const NURSE: &str = "tel:+15555550123";
const NCI: &str = "https://www.cancer.gov/types/metastatic-cancer";

/// A handout whose first paragraph holds a phone link long enough to wrap and a web link.
fn built() -> Vec<u8> {
    let text = format!(
        "title = \"Links\"\n[[section]]\ntitle = \"Who to call\"\nbody = \"\"\"\nIf your pain gets worse at night, call [the nurse line at Riverside Cancer Center]({NURSE}) any time, or read more at [the National Cancer Institute]({NCI}).\n\nSee [the file](file:///etc/passwd) too.\n\"\"\"\n"
    );
    let def = Definition::parse(Path::new("links.toml"), &text).unwrap();
    let engine = Engine::new().unwrap();
    engine.build(&def, &BuildOptions::default()).unwrap().pdf
}

/// One link annotation: its object, page index, rectangle `[x0, y0, x1, y1]` (PDF points,
/// origin bottom left), URI and Contents.
#[derive(Debug)]
struct Annot {
    id: ObjectId,
    page: usize,
    rect: [f32; 4],
    uri: String,
    contents: String,
}

fn link_annotations(pdf: &Pdf) -> Vec<Annot> {
    let doc = &pdf.doc;
    let mut out = Vec::new();
    for (page, (_, page_id)) in doc.get_pages().into_iter().enumerate() {
        let page_dict = doc.get_dictionary(page_id).unwrap();
        let Ok(annots) = page_dict.get_deref(b"Annots", doc) else {
            continue;
        };
        for a in annots.as_array().unwrap() {
            let id = a.as_reference().expect("annotations are indirect objects");
            let d = doc.get_dictionary(id).unwrap();
            if d.get(b"Subtype").unwrap().as_name().unwrap() != b"Link" {
                continue;
            }
            let action: &Dictionary = d.get_deref(b"A", doc).unwrap().as_dict().unwrap();
            assert_eq!(action.get(b"S").unwrap().as_name().unwrap(), b"URI");
            let rect: Vec<f32> = d
                .get(b"Rect")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_float().unwrap())
                .collect();
            out.push(Annot {
                id,
                page,
                rect: [rect[0], rect[1], rect[2], rect[3]],
                uri: string(action.get(b"URI").unwrap()),
                contents: string(d.get(b"Contents").expect("a link has Contents")),
            });
        }
    }
    out
}

fn string(o: &Object) -> String {
    lopdf::decode_text_string(o)
        .or_else(|_| o.as_str().map(|b| String::from_utf8_lossy(b).into_owned()))
        .unwrap()
}

/// The words printed inside an annotation's rectangle.
fn text_under(pdf: &Pdf, a: &Annot) -> String {
    let page = &pdf.pages[a.page];
    let [x0, y0, x1, y1] = a.rect;
    let top = page.media_box[3] - y1;
    page.text_in(x0, top, x1 - x0, y1 - y0).trim().to_string()
}

#[test]
fn a_wrapped_phone_link_is_one_annotation_per_line_over_its_words_and_number() {
    let bytes = built();
    let pdf = Pdf::from_bytes(&bytes).unwrap();
    let annots = link_annotations(&pdf);
    let nurse: Vec<&Annot> = annots.iter().filter(|a| a.uri == NURSE).collect();
    assert_eq!(
        nurse.len(),
        2,
        "the phone link wraps onto two lines: {annots:?}"
    );
    assert!(
        nurse[0].rect[1] > nurse[1].rect[3] - 1.0,
        "one rectangle per line, the second below the first: {nurse:?}"
    );
    let under: Vec<String> = nurse.iter().map(|a| text_under(&pdf, a)).collect();
    assert_eq!(
        under.join(" "),
        "the nurse line at Riverside Cancer Center (+15555550123)",
        "the rectangles cover the link's words and its printed number, and nothing else"
    );
    let page = &pdf.pages[0];
    for a in &annots {
        let [x0, y0, x1, y1] = a.rect;
        assert!(x0 < x1 && y0 < y1, "{a:?}");
        // inside the page's margins (1 inch by default), not just on the page
        assert!(
            x0 >= 72.0 - 0.5 && x1 <= page.width_pt() - 72.0 + 0.5,
            "{a:?}"
        );
        assert!(y0 >= 36.0 && y1 <= page.height_pt() - 36.0, "{a:?}");
        assert!(
            a.contents.contains("(") && !a.contents.trim().is_empty(),
            "a link's Contents names it for a listener: {a:?}"
        );
    }
    assert_eq!(
        nurse[0].contents,
        "the nurse line at Riverside Cancer Center (+15555550123)"
    );
    let nci: Vec<&Annot> = annots.iter().filter(|a| a.uri == NCI).collect();
    assert!(!nci.is_empty(), "{annots:?}");
    assert!(
        annots.iter().all(|a| a.uri == NURSE || a.uri == NCI),
        "a file: address is printed, never made a link: {annots:?}"
    );
    let text = pdf.text().split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("Center (+15555550123) any time"), "{text}");
    // a long address may wrap after "https://"
    let unspaced: String = text.split_whitespace().collect();
    assert!(unspaced.contains(&format!("({NCI})")), "{text}");
    assert!(
        text.contains("See the file (file:///etc/passwd) too."),
        "{text}"
    );
}

#[test]
fn each_link_is_a_link_element_holding_its_words_and_its_annotations() {
    let bytes = built();
    let pdf = Pdf::from_bytes(&bytes).unwrap();
    let annots = link_annotations(&pdf);
    let tagged = TaggedPdf::read(&bytes);
    let links: Vec<&Element> = tagged
        .elements()
        .into_iter()
        .filter(|e| e.role == "Link")
        .collect();
    assert_eq!(
        links.len(),
        2,
        "one Link element per link, however it wraps"
    );
    for (uri, words) in [
        (
            NURSE,
            "the nurse line at Riverside Cancer Center (+15555550123)",
        ),
        (NCI, "the National Cancer Institute"),
    ] {
        let ids: Vec<ObjectId> = annots
            .iter()
            .filter(|a| a.uri == uri)
            .map(|a| a.id)
            .collect();
        let element = links
            .iter()
            .find(|e| {
                e.kids
                    .iter()
                    .any(|k| matches!(k, Kid::Annotation(Some(id)) if ids.contains(id)))
            })
            .unwrap_or_else(|| panic!("no Link element holds the annotation of {uri}"));
        let objrs: Vec<ObjectId> = element
            .kids
            .iter()
            .filter_map(|k| match k {
                Kid::Annotation(id) => *id,
                _ => None,
            })
            .collect();
        assert_eq!(
            objrs, ids,
            "the Link holds every annotation of {uri}, in order"
        );
        let heard = tagged.text(element);
        let heard = heard.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(heard.starts_with(words), "{uri}: the Link reads {heard:?}");
    }
}

#[test]
fn the_same_links_build_the_same_bytes() {
    assert_eq!(built(), built());
}
