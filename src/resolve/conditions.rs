//! The patient's conditions: the treatments and cancer type a definition names, checked against
//! the known ones (with a "did you mean"), and whether a library section's `when_treatments` /
//! `when_cancer` call for it.

use crate::definition::{nearest, Definition, DefinitionError};
use crate::library::{treatments, LibrarySection};

pub fn check_treatments(def: &Definition) -> Result<Vec<String>, DefinitionError> {
    let mut out = Vec::new();
    for t in &def.patient.treatments {
        let id = t.get_ref().trim().to_lowercase();
        if !treatments::is_treatment(&id) {
            let help = match nearest(&id, treatments::treatment_ids()) {
                Some(n) => format!("did you mean `{n}`?"),
                None => format!(
                    "known treatments: {}",
                    treatments::treatment_ids().collect::<Vec<_>>().join(", ")
                ),
            };
            return Err(def.error_at(
                Some(t.span()),
                format!("unknown treatment `{}`", t.get_ref()),
                Some(help),
            ));
        }
        out.push(id);
    }
    Ok(out)
}

pub fn check_cancer(def: &Definition) -> Result<Option<String>, DefinitionError> {
    let Some(c) = &def.patient.cancer else {
        return Ok(None);
    };
    let id = c.get_ref().trim().to_lowercase();
    if !treatments::CANCERS.contains(&id.as_str()) {
        let help = match nearest(&id, treatments::CANCERS.iter().copied()) {
            Some(n) => format!("did you mean `{n}`?"),
            None => format!("known cancer types: {}", treatments::CANCERS.join(", ")),
        };
        return Err(def.error_at(
            Some(c.span()),
            format!("unknown cancer type `{}`", c.get_ref()),
            Some(help),
        ));
    }
    Ok(Some(id))
}

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
