//! The clinic's logo: read from the definition's folder, checked (PNG or JPEG, decodable) and
//! given its alt text in the handout's language.

use crate::definition::{Definition, DefinitionError};
use crate::document::{ImageFormat, Logo};
use crate::locale;

/// Reads and checks the clinic's logo (PNG or JPEG), decoding it fully so a corrupt file is
/// caught here rather than in the PDF.
pub fn load_logo(def: &Definition) -> Result<Option<Logo>, DefinitionError> {
    let Some(rel) = &def.clinic.logo else {
        return Ok(None);
    };
    let path = def.base_dir().join(rel.get_ref());
    let bytes = std::fs::read(&path).map_err(|e| {
        def.error_at(
            Some(rel.span()),
            format!("cannot read the logo {}: {e}", path.display()),
            Some("the logo path is taken relative to the definition file".into()),
        )
    })?;
    let format = match image::guess_format(&bytes) {
        Ok(image::ImageFormat::Png) => ImageFormat::Png,
        Ok(image::ImageFormat::Jpeg) => ImageFormat::Jpeg,
        _ => {
            return Err(def.error_at(
                Some(rel.span()),
                format!("the logo {} is not a PNG or JPEG image", path.display()),
                Some("save the logo as PNG or JPEG".into()),
            ))
        }
    };
    let decoded = image::load_from_memory(&bytes).map_err(|e| {
        def.error_at(
            Some(rel.span()),
            format!(
                "the logo {} is damaged and cannot be read: {e}",
                path.display()
            ),
            Some("export the logo again as PNG or JPEG".into()),
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
        bytes,
        format,
        width_px: decoded.width(),
        height_px: decoded.height(),
        alt,
    }))
}
