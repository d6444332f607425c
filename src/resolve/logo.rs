//! The clinic's logo: read from the definition's folder, checked (PNG or JPEG, decodable) and
//! scaled to its printed size; its alt text was chosen when the definition was checked.

use crate::definition::{DefinitionError, Request};
use crate::document::Logo;

/// Reads and checks the clinic's logo (PNG or JPEG), decoding it fully so a corrupt file is
/// caught here rather than in the PDF, and scaling it down to the size it is printed at (see
/// [`crate::images`]: each file is decoded once per process).
pub fn load_logo(req: &Request) -> Result<Option<Logo>, DefinitionError> {
    let Some(logo) = &req.logo else {
        return Ok(None);
    };
    let path = req.source.base_dir().join(&logo.path);
    let raster = crate::images::load(
        &path,
        "logo",
        crate::images::LOGO_MAX_WIDTH_IN,
        crate::images::LOGO_MAX_HEIGHT_IN,
    )
    .map_err(|reason| {
        req.source.error_at_field(
            "clinic.logo",
            format!("cannot read the logo {}: {reason}", path.display()),
            Some("the logo path is taken relative to the definition file".into()),
        )
    })?;
    Ok(Some(Logo {
        bytes: raster.bytes.clone(),
        format: raster.format,
        width_px: raster.width_px,
        height_px: raster.height_px,
        alt: logo.alt.clone(),
    }))
}
