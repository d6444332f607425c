//! The patient's conditions: whether a library section's `when_treatments` / `when_cancer` call
//! for it (the treatments and cancer type themselves are checked with the definition, see
//! [`crate::definition::Request`]).

use crate::library::LibrarySection;
use crate::treatments;

/// Whether a library section's `when_treatments` / `when_cancer` call for it, given the
/// patient's checked treatments and cancer type.
pub fn condition_holds(
    section: &LibrarySection,
    treatments_: &[String],
    cancer: Option<&str>,
) -> bool {
    let t_ok = section.when_treatments.is_empty()
        || section
            .when_treatments
            .iter()
            .any(|t| treatments::matches(treatments_, t));
    let c_ok = section.when_cancer.is_empty()
        || cancer.is_some_and(|c| section.when_cancer.iter().any(|w| w == c));
    t_ok && c_ok
}
