//! The web form's own words, one data file per language under `handouts/locale/page/`: the page's
//! labels and hints, what its script says, the names of treatments and cancer types, and a
//! conditional section's rule. A new language for the form is a new file, not code.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

const FILES: &[(&str, &str)] = &[
    ("en", include_str!("../../handouts/locale/page/en.toml")),
    ("es", include_str!("../../handouts/locale/page/es.toml")),
];

/// One language's words for the form.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageWords {
    /// Fills the page's `{{key}}` slots: plain text, `**words**` in bold.
    pub page: BTreeMap<String, String>,
    /// What the script says, with `{name}` placeholders it fills itself.
    pub script: BTreeMap<String, String>,
    pub when: When,
    /// A cancer type inside a sentence ("breast cancer").
    pub cancer_phrases: BTreeMap<String, String>,
    /// Treatments, their groups and cancer types, as staff read them in lists.
    pub labels: BTreeMap<String, String>,
}

/// A conditional section's rule in words: `{list}`, or `{treatments}` and `{cancers}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    pub treatments: String,
    pub cancer: String,
    pub both: String,
    pub or: String,
}

/// The languages the form speaks, in the order its language links show them.
pub fn languages() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(tag, _)| *tag)
}

/// The form's words in `lang` (its primary subtag), else in English.
pub fn words(lang: &str) -> &'static PageWords {
    static ALL: OnceLock<Vec<(&'static str, PageWords)>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        FILES
            .iter()
            .map(|(tag, text)| {
                let words = toml::from_str(text)
                    .unwrap_or_else(|e| panic!("handouts/locale/page/{tag}.toml is damaged: {e}"));
                (*tag, words)
            })
            .collect()
    });
    let primary = lang.split('-').next().unwrap_or(lang);
    &all.iter()
        .find(|(tag, _)| tag.eq_ignore_ascii_case(primary))
        .unwrap_or(&all[0])
        .1
}

impl PageWords {
    /// The name staff read for a treatment, group or cancer id; the id itself if the file has
    /// no name for it (a test keeps every id named).
    pub fn label(&self, id: &str) -> String {
        self.labels
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }

    /// A conditional section's rule in words, or None for a section every handout may hold.
    pub fn applies_when(&self, treatments: &[String], cancers: &[String]) -> Option<String> {
        let treatments = treatments
            .iter()
            .map(|t| self.label(t).to_lowercase())
            .collect::<Vec<_>>()
            .join(&self.when.or);
        let cancers = cancers
            .iter()
            .map(|c| {
                self.cancer_phrases
                    .get(c)
                    .cloned()
                    .unwrap_or_else(|| c.clone())
            })
            .collect::<Vec<_>>()
            .join(&self.when.or);
        let fill = |t: &str, pairs: &[(&str, &str)]| crate::locale::fill(t, pairs);
        match (treatments.is_empty(), cancers.is_empty()) {
            (true, true) => None,
            (false, true) => Some(fill(&self.when.treatments, &[("list", &treatments)])),
            (true, false) => Some(fill(&self.when.cancer, &[("list", &cancers)])),
            (false, false) => Some(fill(
                &self.when.both,
                &[("treatments", &treatments), ("cancers", &cancers)],
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::treatments;

    #[test]
    fn every_language_has_the_same_keys_and_names_every_id() {
        let en = words("en");
        for lang in languages() {
            let w = words(lang);
            let keys = |m: &BTreeMap<String, String>| m.keys().cloned().collect::<Vec<_>>();
            assert_eq!(keys(&w.page), keys(&en.page), "{lang}: [page] keys");
            assert_eq!(keys(&w.script), keys(&en.script), "{lang}: [script] keys");
            assert_eq!(keys(&w.labels), keys(&en.labels), "{lang}: [labels] keys");
            for (id, _) in treatments::treatments_with_groups() {
                assert!(w.labels.contains_key(*id), "{lang}: no label for {id}");
            }
            for id in treatments::CANCERS {
                assert!(w.labels.contains_key(*id), "{lang}: no label for {id}");
                assert!(
                    w.cancer_phrases.contains_key(*id),
                    "{lang}: no phrase for {id}"
                );
            }
        }
        assert_eq!(words("es-US").page["heading"], words("es").page["heading"]);
        assert_eq!(words("xx").page["heading"], en.page["heading"]);
    }

    #[test]
    fn a_rule_reads_as_a_sentence_in_each_language() {
        let bone = ["bone-medicine".to_string()];
        let breast = ["breast".to_string()];
        assert_eq!(
            words("en").applies_when(&bone, &[]).as_deref(),
            Some("Only for a patient having bone-strengthening medicines.")
        );
        assert_eq!(
            words("es").applies_when(&[], &breast).as_deref(),
            Some("Solo para pacientes con cáncer de mama.")
        );
        assert_eq!(words("en").applies_when(&[], &[]), None);
    }
}
