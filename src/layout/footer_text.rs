//! The clinic's line of the footer, fitted to the page: a clinic name of any length must never
//! push the footer (and its phone number) past the margin. It is wrapped at spaces onto at most
//! two lines with the phone number kept whole on the last; a name that needs more is shortened
//! with "…", and the build warns.

use super::flow::measure_pt;
use super::LayoutError;
use crate::contacts::{Contacts, FOOTER_SEPARATOR};
use crate::text::Breaker;

/// Lines the clinic's footer text may take at most.
pub const MAX_CLINIC_LINES: usize = 2;

/// The 0.5 in margin floor no glyph may cross: a clinic line on its own may run from the left
/// margin into the right margin up to here (a booklet's name and phone then stay on one line).
pub const MARGIN_FLOOR_PT: f32 = 36.0;

/// How wide a clinic line on its own may be.
pub fn line_width_pt(style: &crate::style::Style) -> f32 {
    style.page_width_pt - style.margin_left_pt - MARGIN_FLOOR_PT
}

/// The clinic's footer text (`Contacts::footer_line`) in lines no wider than `width_pt`, and
/// whether the name had to be shortened.
pub fn clinic_lines(
    contacts: &Contacts,
    shaper: &Breaker,
    size_pt: f32,
    width_pt: f32,
) -> Result<(Vec<String>, bool), LayoutError> {
    let name = contacts.clinic.as_deref().unwrap_or_default().trim();
    let phone = contacts.phone.as_deref();
    let wrap = |name: &str| {
        let named = Contacts {
            clinic: Some(name.to_string()),
            ..contacts.clone()
        };
        wrap(&named.footer_units(), phone, shaper, size_pt, width_pt)
    };
    let lines = wrap(name)?;
    if lines.len() <= MAX_CLINIC_LINES || name.is_empty() {
        return Ok((lines, false));
    }
    // The longest start of the name (in characters) that, with "…", still fits.
    let chars: Vec<char> = name.chars().collect();
    let (mut lo, mut hi) = (0usize, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        let short = shortened(&chars, mid);
        if wrap(&short)?.len() <= MAX_CLINIC_LINES {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    let lines = wrap(&shortened(&chars, lo))?;
    Ok((lines, true))
}

/// The first `n` characters of the name, cut back to the last whole word, and "…".
fn shortened(chars: &[char], n: usize) -> String {
    let start: String = chars[..n].iter().collect();
    let whole = match (chars.get(n), start.rfind(' ')) {
        (Some(c), Some(space)) if !c.is_whitespace() => &start[..space],
        _ => start.as_str(),
    };
    format!("{}…", whole.trim_end())
}

/// Greedy wrapping of the footer's units at spaces ("· phone" is one unit); a word wider than
/// the line is broken between characters, as a last resort.
fn wrap(
    units: &[String],
    phone_text: Option<&str>,
    shaper: &Breaker,
    size_pt: f32,
    width_pt: f32,
) -> Result<Vec<String>, LayoutError> {
    let fits = |text: &str| -> Result<bool, LayoutError> {
        Ok(measure_pt(shaper, text, false, size_pt)? <= width_pt)
    };
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for unit in units.iter().cloned() {
        let candidate = if line.is_empty() {
            unit.clone()
        } else {
            format!("{line} {unit}")
        };
        if fits(&candidate)? {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        // The phone starting a line needs no separator before it.
        let alone = unit
            .strip_prefix(FOOTER_SEPARATOR)
            .and_then(|u| u.strip_prefix(' '));
        let unit = match alone {
            Some(phone) if Some(phone) == phone_text => phone.to_string(),
            _ => unit,
        };
        if fits(&unit)? {
            line = unit;
            continue;
        }
        for c in unit.chars() {
            let mut next = line.clone();
            next.push(c);
            if !line.is_empty() && !fits(&next)? {
                lines.push(std::mem::take(&mut line));
                next = c.to_string();
            }
            line = next;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    Ok(lines)
}
