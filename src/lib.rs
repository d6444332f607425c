//! handout: large-print, tailored patient-education handouts and booklets for people living with
//! bone metastases, from a short TOML definition to a tagged, accessible PDF.
//!
//! The pipeline, one module per stage: [`definition`] (TOML) → [`resolve`] (library, tailoring)
//! → [`document`] (via [`markup`]) → [`text`] (shaping, line breaking) → [`layout`] (pages) →
//! [`pdf`] (krilla) → [`output`] (atomic write). A booklet ([`booklet`]) puts fixed pages
//! around the content, and its print copy is imposed 2-up ([`impose`]).

pub mod batch;
pub mod booklet;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod contacts;
pub mod csv_lines;
pub mod definition;
pub mod document;
pub mod files;
pub mod images;
pub mod impose;
pub mod layout;
pub mod library;
pub mod locale;
pub mod markup;
pub mod output;
pub mod overlay;
pub mod pdf;
pub mod pictogram;
pub mod readability;
pub mod resolve;
pub mod serve;
pub mod style;
pub mod text;
pub mod toml_hints;
pub mod treatments;

use std::collections::HashMap;
use std::sync::Arc;

use definition::{Definition, DefinitionError, Request};
use document::Document;
use layout::{LayoutError, LayoutOptions, PageModel};
use library::{Library, LibraryError};
use pdf::{PdfError, PdfOptions};
use style::Style;
use text::{Breaker, Fonts, Shaper};

/// Any failure of a build, each from its own stage.
#[derive(Debug)]
pub enum Error {
    Definition(DefinitionError),
    Library(LibraryError),
    /// Layout failed for the definition in `file`.
    Layout {
        file: String,
        error: LayoutError,
    },
    Pdf {
        file: String,
        error: PdfError,
    },
    Write(output::WriteError),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Definition(e) => e.fmt(f),
            Error::Library(e) => write!(f, "the built-in section library is damaged: {e}"),
            Error::Layout { file, error } => write!(f, "{file}: {error}"),
            Error::Pdf { file, error } => write!(f, "{file}: {error}"),
            Error::Write(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl From<DefinitionError> for Error {
    fn from(e: DefinitionError) -> Self {
        Error::Definition(e)
    }
}

impl From<LibraryError> for Error {
    fn from(e: LibraryError) -> Self {
        Error::Library(e)
    }
}

impl From<output::WriteError> for Error {
    fn from(e: output::WriteError) -> Self {
        Error::Write(e)
    }
}

/// A layout error of a request, pointing at the line and column of a character the fonts
/// cannot show when the definition itself holds it.
fn layout_error(req: &Request, error: LayoutError) -> Error {
    let file = match &error {
        LayoutError::Unshowable(u) => req.source.place_of_char(u.character),
        _ => req.file(),
    };
    Error::Layout { file, error }
}

/// Options that come from the command line rather than the definition.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub booklet: bool,
    /// The date on a booklet's cover (overrides the definition's `date`).
    pub date: Option<String>,
}

/// What a build made.
#[derive(Debug, Clone)]
pub struct Built {
    /// The handout, or a booklet's reading copy.
    pub pdf: Vec<u8>,
    /// A booklet's print copy (imposed 2-up).
    pub print_pdf: Option<Vec<u8>>,
    pub pages: usize,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
}

/// Fonts, the breaker (shaped words and broken paragraphs remembered) and the library, loaded
/// once and shared by every build (and every thread of a batch).
pub struct Engine {
    pub breaker: Breaker,
    pub library: Library,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").finish_non_exhaustive()
    }
}

impl Engine {
    pub fn new() -> Result<Engine, Error> {
        Ok(Engine {
            breaker: Breaker::new(Shaper::new(Arc::new(Fonts::load()))),
            library: Library::embedded()?,
        })
    }

    /// Lets go of memoized PDF resources (font subsets) that recent builds have not used; a long
    /// batch calls this now and then so memory stays flat.
    pub fn trim_caches(&self) {
        comemo::evict(8);
    }

    /// Resolves and lays out a checked request (no PDF yet).
    pub fn lay_out(
        &self,
        req: &Request,
        options: &BuildOptions,
    ) -> Result<(PageModel, Style, Vec<String>, Vec<String>), Error> {
        let style = if options.booklet {
            req.style.with_booklet(true)
        } else {
            req.style.clone()
        };
        let mut warnings = req.style_warnings.clone();
        let (mut doc, notes) = resolve::resolve(req, &self.library, style.booklet)?;
        warnings.extend(notes.warnings);
        let file = req.file();
        if let Some(logo) = &doc.logo {
            let w = images::logo_warning(logo.width_px, logo.height_px);
            warnings.extend(w.map(|w| format!("{file}: {w}")));
        }
        if let Some(d) = &options.date {
            doc.date = Some(d.clone());
        }
        let footer = layout::footer_warning(&doc, &style, &self.breaker)
            .map_err(|error| layout_error(req, error))?;
        warnings.extend(footer.map(|w| format!("{file}: {w}")));
        let model = self
            .lay_out_document(&doc, &style)
            .map_err(|error| layout_error(req, error))?;
        Ok((model, style, warnings, notes.left_out))
    }

    /// Lays out a resolved document. Page references ("on page 4") are settled by laying out
    /// once with stand-in numbers, then again with the pages the anchors landed on (a third
    /// time in the rare case the real numbers moved an anchor).
    pub fn lay_out_document(
        &self,
        doc: &Document,
        style: &Style,
    ) -> Result<PageModel, LayoutError> {
        let once = |d: &Document| {
            if style.booklet {
                booklet::lay_out_booklet(d, style, &self.breaker)
            } else {
                layout::layout(d, style, &self.breaker, &LayoutOptions::default())
            }
        };
        if !resolve::refs::has_markers(doc) {
            return once(doc);
        }
        let mut anchors = HashMap::new();
        let mut model = once(&resolve::refs::fill_pages(doc, &anchors, "00"))?;
        for _ in 0..2 {
            let found: HashMap<String, usize> = model.anchors.iter().cloned().collect();
            if found == anchors {
                break;
            }
            anchors = found;
            model = once(&resolve::refs::fill_pages(doc, &anchors, "?"))?;
        }
        Ok(model)
    }

    /// Checks a definition and builds it: [`Definition::check`], then [`Engine::build`].
    pub fn build_definition(
        &self,
        def: &Definition,
        options: &BuildOptions,
    ) -> Result<Built, Error> {
        self.build(&def.check()?, options)
    }

    /// Builds the PDF bytes for a checked request.
    pub fn build(&self, req: &Request, options: &BuildOptions) -> Result<Built, Error> {
        let (model, style, warnings, notes) = self.lay_out(req, options)?;
        let file = req.file();
        let pdf_err = |error| Error::Pdf {
            file: file.clone(),
            error,
        };
        let pdf = pdf::write_pdf(
            &model,
            PdfOptions {
                pdf_a: style.pdf_a,
                tagged: true,
            },
        )
        .map_err(pdf_err)?;
        let print_pdf = if style.booklet {
            let imposed = impose::impose(&model, &style);
            Some(
                pdf::write_pdf(
                    &imposed,
                    PdfOptions {
                        pdf_a: false,
                        tagged: false,
                    },
                )
                .map_err(pdf_err)?,
            )
        } else {
            None
        };
        Ok(Built {
            pdf,
            print_pdf,
            pages: model.pages.len(),
            warnings,
            notes,
        })
    }
}
