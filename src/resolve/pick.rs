//! Which sections a request asks for, in print order: the preset's, the `[[section]]`s and
//! `skip`, each library id checked (with a "did you mean") and looked up in the handout's
//! language; and which of them the patient's conditions call for.

use super::conditions::condition_holds;
use crate::definition::{
    nearest, DefinitionError, Located, Request, SectionChoice, SectionOptions,
};
use crate::library::{Library, LibrarySection, Shelf};

/// One section the definition asks for, before it is read.
pub(super) enum Pick<'a> {
    /// A library section, with the options of the `[[section]]` that names it, if any.
    Library {
        id: &'a str,
        span: Option<&'a Located<String>>,
        entry: Option<&'a SectionOptions>,
    },
    Inline {
        title: &'a str,
        body: &'a str,
        options: &'a SectionOptions,
        sources: &'a [String],
    },
}

/// The sections in print order: the preset's first (a `[[section]]` naming one of them gives
/// its options at the preset's position), then the other `[[section]]`s, less `skip`.
pub(super) fn pick_sections<'a>(
    req: &'a Request,
    lib: &'a Library,
) -> Result<Vec<Pick<'a>>, DefinitionError> {
    let named = |id: &str| {
        req.sections.iter().find_map(|e| match e {
            SectionChoice::Library { id: u, options } if u.value == id => Some((u, options)),
            _ => None,
        })
    };
    let mut picks = Vec::new();
    if let Some(preset) = &req.preset {
        let p = lib.preset(&preset.value).ok_or_else(|| {
            let names: Vec<&str> = lib.presets.iter().map(|(n, _)| n.as_str()).collect();
            req.source.error_at(
                Some(preset.span.clone()),
                format!("unknown preset `{}`", preset.value),
                Some(match nearest(&preset.value, names.iter().copied()) {
                    Some(n) => format!("did you mean `{n}`? (presets: {})", names.join(", ")),
                    None => format!("the presets are: {}", names.join(", ")),
                }),
            )
        })?;
        for id in &p.sections {
            let entry = named(id);
            picks.push(Pick::Library {
                id,
                span: entry.map(|(u, _)| u),
                entry: entry.map(|(_, o)| o),
            });
        }
    }
    for entry in &req.sections {
        match entry {
            SectionChoice::Library { id: u, .. }
                if picks
                    .iter()
                    .any(|p| matches!(p, Pick::Library { id, .. } if *id == u.value)) => {}
            SectionChoice::Library { id: u, options } => picks.push(Pick::Library {
                id: &u.value,
                span: Some(u),
                entry: Some(options),
            }),
            SectionChoice::Inline {
                title,
                body,
                options,
                sources,
            } => picks.push(Pick::Inline {
                title,
                body,
                options,
                sources,
            }),
        }
    }
    for skip in &req.skip {
        check_id(req, lib, skip)?;
    }
    picks.retain(
        |p| !matches!(p, Pick::Library { id, .. } if req.skip.iter().any(|s| s.value == *id)),
    );
    Ok(picks)
}

fn unknown_section(req: &Request, lib: &Library, id: &Located<String>) -> DefinitionError {
    let help = match nearest(&id.value, lib.ids()) {
        Some(n) => format!("did you mean `{n}`? (`handout sections` lists them all)"),
        None => "`handout sections` lists the library's sections".into(),
    };
    req.source.error_at(
        Some(id.span.clone()),
        format!("unknown section `{}`", id.value),
        Some(help),
    )
}

fn check_id(req: &Request, lib: &Library, id: &Located<String>) -> Result<(), DefinitionError> {
    if lib.get(&id.value).is_none() {
        return Err(unknown_section(req, lib, id));
    }
    Ok(())
}

/// The library sections in the handout (id, title), for `::: when section=` and `{see:ID}`:
/// those the patient's conditions call for; the others are noted in `left_out`.
pub(super) fn present_sections(
    req: &Request,
    lib: &Library,
    shelf: Option<Shelf>,
    picks: &[Pick],
    left_out: &mut Vec<String>,
) -> Result<Vec<(String, String)>, DefinitionError> {
    let p = &req.patient;
    let tailored = !p.treatments.is_empty() || p.cancer.is_some();
    let mut present = Vec::new();
    for pick in picks {
        if let Pick::Library { id, span, .. } = pick {
            let section = library_section(req, lib, shelf, id, *span)?;
            if tailored && !condition_holds(section, &p.treatments, p.cancer.as_deref()) {
                left_out.push(format!(
                    "left out `{id}`: the patient's treatments and cancer type do not call for it"
                ));
            } else {
                present.push((section.id.clone(), section.title.clone()));
            }
        }
    }
    Ok(present)
}

/// A library section by (id, the handout's language): a section the library has in English
/// but not yet in the handout's language is an error naming it.
fn library_section<'a>(
    req: &Request,
    lib: &'a Library,
    shelf: Option<Shelf<'a>>,
    id: &str,
    span: Option<&Located<String>>,
) -> Result<&'a LibrarySection, DefinitionError> {
    let Some(section) = lib.get(id) else {
        return Err(match span {
            Some(span) => unknown_section(req, lib, span),
            None => req
                .source
                .error_at(None, format!("unknown section `{id}`"), None),
        });
    };
    if let Some(shelf) = shelf {
        return shelf.get(id).ok_or_else(|| {
            req.source.error_at(
                span.map(|s| s.span.clone()),
                format!("no {} version of `{id}` yet", shelf.name),
                Some(format!(
                    "`handout sections --lang {}` lists the sections written in {}; skip this one, or write it inline (title and body)",
                    shelf.language, shelf.name
                )),
            )
        });
    }
    if section.language != req.language {
        return Err(req.source.error_at(
            span.map(|s| s.span.clone()),
            format!(
                "library section `{id}` is written in `{}`, but the handout's language is `{}`",
                section.language, req.language
            ),
            Some(format!(
                "the library has sections in `{}` only; write this handout's sections inline (title and body), or set language = \"{}\"",
                section.language, section.language
            )),
        ));
    }
    Ok(section)
}
