//! Prints, for every example and preset (as a handout and as a booklet), the share of each
//! content page's text area left empty, the last page excepted:
//! `cargo run --example page_fill`.

mod measure;

fn main() {
    let repo = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let cases = measure::all_cases(&repo);
    println!(
        "{:<30} {:<8} {:>5}  {:>5}  {:>5}  empty share of each content page (last left out)",
        "definition", "kind", "pages", "last", "worst"
    );
    for c in &cases {
        let shares: Vec<String> = c
            .empty
            .iter()
            .map(|e| format!("{:.0}%", 100.0 * e))
            .collect();
        println!(
            "{:<30} {:<8} {:>5}  {:>4.0}%  {:>4.0}%  {}",
            c.name,
            if c.booklet { "booklet" } else { "handout" },
            c.pages,
            100.0 * c.last_used,
            100.0 * c.worst(),
            shares.join(" ")
        );
    }
    println!("\npages over 40% empty, and what went on to the next page whole:");
    for c in &cases {
        for (p, (e, m)) in c.empty.iter().zip(&c.moved).enumerate() {
            if *e > 0.4 {
                let kind = if c.booklet { "booklet" } else { "handout" };
                println!(
                    "  {} {kind}, content page {}: {:.0}% empty; next: {}",
                    c.name,
                    p + 1,
                    100.0 * e,
                    m.as_deref().unwrap_or("(explicit break)")
                );
            }
        }
    }
    let over = cases
        .iter()
        .flat_map(|c| &c.empty)
        .filter(|e| **e > 0.4)
        .count();
    let all = cases.iter().map(|c| c.empty.len()).sum::<usize>();
    println!("pages over 40% empty: {over} of {all}");
}
