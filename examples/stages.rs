//! Times each stage of one build in-process (the cold-process figure comes from tools/bench.sh):
//! `cargo run --release --example stages [DEFINITION.toml]`.

use std::path::PathBuf;
use std::time::Instant;

use handout::definition::Definition;
use handout::pdf::{write_pdf, PdfOptions};
use handout::{BuildOptions, Engine};

fn main() {
    let path = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("handouts/examples/bone-health-basics.toml"));
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let engine = Engine::new().expect("engine");
    println!("engine (fonts, library)  {:7.2} ms", ms(t));
    let t = Instant::now();
    let req = Definition::load(&path)
        .and_then(|def| def.check())
        .expect("definition");
    println!("definition (read, check) {:7.2} ms", ms(t));
    let t = Instant::now();
    let (model, style, _, _) = engine
        .lay_out(&req, &BuildOptions::default())
        .expect("layout");
    println!(
        "resolve + layout (cold)  {:7.2} ms  ({} pages)",
        ms(t),
        model.pages.len()
    );
    let t = Instant::now();
    let pdf = write_pdf(
        &model,
        PdfOptions {
            pdf_a: style.pdf_a,
            tagged: true,
        },
    )
    .expect("pdf");
    println!(
        "pdf (cold)               {:7.2} ms  ({} bytes)",
        ms(t),
        pdf.len()
    );
    let t = Instant::now();
    let n: usize = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    for _ in 0..n {
        let (model, style, _, _) = engine
            .lay_out(&req, &BuildOptions::default())
            .expect("layout");
        write_pdf(
            &model,
            PdfOptions {
                pdf_a: style.pdf_a,
                tagged: true,
            },
        )
        .expect("pdf");
    }
    println!("warm build, mean of {n}   {:7.2} ms", ms(t) / n as f64);
    let t = Instant::now();
    for _ in 0..n {
        engine
            .lay_out(&req, &BuildOptions::default())
            .expect("layout");
    }
    println!("warm layout, mean of {n}  {:7.2} ms", ms(t) / n as f64);
    let t = Instant::now();
    for _ in 0..n * 10 {
        handout::resolve::resolve(&req, &engine.library, false).expect("resolve");
    }
    println!(
        "resolve, mean of {}     {:7.3} ms",
        n * 10,
        ms(t) / (n * 10) as f64
    );
    let t = Instant::now();
    for _ in 0..n {
        engine.build(&req, &BuildOptions::default()).expect("build");
    }
    println!("Engine::build, mean of {n} {:7.2} ms", ms(t) / n as f64);
    for (label, pdf_a, tagged) in [
        ("pdf without PDF/A       ", false, true),
        ("pdf untagged, no PDF/A  ", false, false),
    ] {
        let t = Instant::now();
        for _ in 0..n {
            write_pdf(&model, PdfOptions { pdf_a, tagged }).expect("pdf");
        }
        println!("{label} {:7.2} ms", ms(t) / n as f64);
    }
}
