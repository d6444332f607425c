//! The clinic's logo: read from the definition's folder, checked (PNG or JPEG, decodable),
//! scaled to its printed size and given its alt text in the handout's language.

use crate::definition::{Definition, DefinitionError};
use crate::document::Logo;
use crate::locale;

/// Reads and checks the clinic's logo (PNG or JPEG), decoding it fully so a corrupt file is
/// caught here rather than in the PDF, and scaling it down to the size it is printed at (see
/// [`crate::images`]: each file is decoded once per process).
pub fn load_logo(def: &Definition) -> Result<Option<Logo>, DefinitionError> {
    let Some(rel) = &def.clinic.logo else {
        return Ok(None);
    };
    let path = def.base_dir().join(rel.get_ref());
    let raster = crate::images::load(
        &path,
        "logo",
        crate::images::LOGO_MAX_WIDTH_IN,
        crate::images::LOGO_MAX_HEIGHT_IN,
    )
    .map_err(|reason| {
        def.error_at(
            Some(rel.span()),
            format!("cannot read the logo {}: {reason}", path.display()),
            Some("the logo path is taken relative to the definition file".into()),
        )
    })?;
    let words = locale::words(&def.language);
    let alt = def
        .clinic
        .logo_alt
        .clone()
        .or_else(|| {
            def.clinic
                .name
                .as_ref()
                .map(|n| locale::fill(&words.logo_alt, &[("clinic", n)]))
        })
        .unwrap_or_else(|| words.logo_alt_default.clone());
    Ok(Some(Logo {
        bytes: raster.bytes.clone(),
        format: raster.format,
        width_px: raster.width_px,
        height_px: raster.height_px,
        alt,
    }))
}
