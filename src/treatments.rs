//! The treatments and cancer types a definition may name, and the groups conditions use (data
//! shared by the definition check, `::: when` blocks and the library), so a
//! misspelt treatment is caught (with a suggestion) instead of silently dropping a section.

/// (id, the groups it belongs to)
const TREATMENTS: &[(&str, &[&str])] = &[
    ("zoledronic-acid", &["bisphosphonate", "bone-medicine"]),
    ("pamidronate", &["bisphosphonate", "bone-medicine"]),
    ("ibandronate", &["bisphosphonate", "bone-medicine"]),
    ("alendronate", &["bisphosphonate", "bone-medicine"]),
    ("risedronate", &["bisphosphonate", "bone-medicine"]),
    ("clodronate", &["bisphosphonate", "bone-medicine"]),
    ("denosumab", &["bone-medicine"]),
    ("radium-223", &["radiopharmaceutical"]),
    ("strontium-89", &["radiopharmaceutical"]),
    ("samarium-153", &["radiopharmaceutical"]),
    ("radiation", &["radiation-therapy"]),
    ("sbrt", &["radiation-therapy"]),
    ("surgery", &["procedure"]),
    ("vertebroplasty", &["procedure"]),
    ("kyphoplasty", &["procedure"]),
    ("ablation", &["procedure"]),
    ("chemotherapy", &["systemic"]),
    ("hormone-therapy", &["systemic"]),
    ("targeted-therapy", &["systemic"]),
    ("immunotherapy", &["systemic"]),
    ("steroids", &[]),
    ("opioids", &[]),
    ("nsaids", &[]),
];

const GROUPS: &[&str] = &[
    "bisphosphonate",
    "bone-medicine",
    "radiopharmaceutical",
    "radiation-therapy",
    "procedure",
    "systemic",
];

/// Cancer types a definition may name.
pub const CANCERS: &[&str] = &[
    "breast", "prostate", "lung", "kidney", "thyroid", "myeloma", "other",
];

/// Every treatment id with the groups it belongs to, in the order a form lists them.
pub fn treatments_with_groups() -> &'static [(&'static str, &'static [&'static str])] {
    TREATMENTS
}

/// The group names conditions may use ("bone-medicine", "systemic"...).
pub fn group_ids() -> &'static [&'static str] {
    GROUPS
}

/// Every treatment id a patient may have.
pub fn treatment_ids() -> impl Iterator<Item = &'static str> {
    TREATMENTS.iter().map(|(id, _)| *id)
}

/// The groups a treatment belongs to (empty for an unknown id).
pub fn groups_of(id: &str) -> &'static [&'static str] {
    TREATMENTS
        .iter()
        .find(|(t, _)| *t == id)
        .map_or(&[], |(_, groups)| groups)
}

pub fn is_treatment(id: &str) -> bool {
    TREATMENTS.iter().any(|(t, _)| *t == id)
}

/// Whether a condition term (a treatment or a group) is known.
pub fn is_condition_term(term: &str) -> bool {
    is_treatment(term) || GROUPS.contains(&term)
}

/// Treatment ids and groups, for suggestions.
pub fn condition_terms() -> impl Iterator<Item = &'static str> {
    treatment_ids().chain(GROUPS.iter().copied())
}

/// Whether a patient with `treatments` matches a condition term (a treatment id or a group).
pub fn matches(treatments: &[String], term: &str) -> bool {
    treatments.iter().any(|t| {
        t == term
            || TREATMENTS
                .iter()
                .any(|(id, groups)| id == t && groups.contains(&term))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_match_their_members() {
        let zol = vec!["zoledronic-acid".to_string()];
        assert!(matches(&zol, "bone-medicine"));
        assert!(matches(&zol, "bisphosphonate"));
        assert!(!matches(&zol, "radiopharmaceutical"));
        let deno = vec!["denosumab".to_string()];
        assert!(matches(&deno, "bone-medicine"));
        assert!(!matches(&deno, "bisphosphonate"));
        assert!(!matches(&[], "bone-medicine"));
    }
}
