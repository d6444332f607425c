//! Atomic output: a PDF is written to a temporary file in the target folder and renamed into
//! place only when complete, so a failed or killed build never leaves a partial PDF and never
//! harms an existing file of the same name.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The output could not be written.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub source: std::io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: cannot write the output: {}",
            self.path.display(),
            self.source
        )
    }
}

impl std::error::Error for WriteError {}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `bytes` to `path` atomically (temporary file + rename in the same folder), flushed to
/// disk before the rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(path, bytes, true)
}

/// Like [`write_atomic`] but without the flush to disk: still all-or-nothing if the process is
/// killed, and [`flush_folder`] makes a whole batch durable at once at the end.
pub fn write_atomic_unsynced(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(path, bytes, false)
}

/// Flushes everything written on the file system that holds `dir` to disk.
pub fn flush_folder(dir: &Path) -> Result<(), WriteError> {
    let err = |source| WriteError {
        path: dir.to_path_buf(),
        source,
    };
    let folder = std::fs::File::open(dir).map_err(err)?;
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: syncfs only reads the file descriptor, which `folder` keeps open.
        if unsafe { libc::syncfs(folder.as_raw_fd()) } != 0 {
            return Err(err(std::io::Error::last_os_error()));
        }
    }
    #[cfg(all(unix, not(target_os = "linux")))]
    // SAFETY: sync takes no arguments and cannot fail.
    unsafe {
        libc::sync()
    };
    let _ = folder.sync_all();
    Ok(())
}

fn write_atomic_with(path: &Path, bytes: &[u8], durable: bool) -> Result<(), WriteError> {
    let err = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out.pdf".into());
    let tmp = dir.join(format!(
        ".{name}.{}-{}.partial",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        if durable {
            file.sync_all()?;
        }
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(err(e));
    }
    Ok(())
}

/// Where `handout build` writes, decided from the definition's path, `-o` and whether it makes
/// a booklet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputNames {
    /// The handout, or a booklet's reading copy.
    pub main: PathBuf,
    /// A booklet's print copy.
    pub print: Option<PathBuf>,
    /// Said to the user when a name was changed (`.pdf` added).
    pub note: Option<String>,
}

/// The output names of a build: `NAME.pdf`, or `NAME-booklet.pdf` and `NAME-booklet-print.pdf`,
/// beside the definition; `-o X.pdf` gives `X.pdf` (and `X-print.pdf`); `-o X` without `.pdf`
/// gets `.pdf` added (with a note); `-o FOLDER` puts the default name in the folder.
pub fn output_names(definition: &Path, output: Option<&Path>, booklet: bool) -> OutputNames {
    let stem = definition
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "handout".into());
    let default_name = if booklet {
        format!("{stem}-booklet.pdf")
    } else {
        format!("{stem}.pdf")
    };
    let mut note = None;
    let main = match output {
        None => definition.with_file_name(&default_name),
        Some(dir) if dir.is_dir() => dir.join(&default_name),
        Some(out) if has_pdf_extension(out) => out.to_path_buf(),
        Some(out) => {
            let mut name = out.as_os_str().to_os_string();
            name.push(".pdf");
            let fixed = PathBuf::from(name);
            note = Some(format!(
                "-o {}: writing {} (a PDF's name ends in .pdf)",
                out.display(),
                fixed.display()
            ));
            fixed
        }
    };
    let print = booklet.then(|| print_copy_path(&main));
    OutputNames { main, print, note }
}

fn has_pdf_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
}

/// `x.pdf` → `x-print.pdf`.
pub fn print_copy_path(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "booklet".into());
    out.with_file_name(format!("{stem}-print.pdf"))
}

/// Whether a file name is a temporary file of ours (for cleaning up after a killed batch).
pub fn is_partial(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".partial")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booklets_and_handouts_get_their_own_names() {
        let def = Path::new("dir/robert.toml");
        let n = output_names(def, None, false);
        assert_eq!(n.main, PathBuf::from("dir/robert.pdf"));
        assert_eq!(n.print, None);
        let n = output_names(def, None, true);
        assert_eq!(n.main, PathBuf::from("dir/robert-booklet.pdf"));
        assert_eq!(n.print, Some(PathBuf::from("dir/robert-booklet-print.pdf")));
        let n = output_names(def, Some(Path::new("x/B.PDF")), true);
        assert_eq!(n.print, Some(PathBuf::from("x/B-print.pdf")));
        assert!(n.note.is_none());
        let n = output_names(def, Some(Path::new("x/out")), false);
        assert_eq!(n.main, PathBuf::from("x/out.pdf"));
        assert!(n.note.unwrap().contains("x/out.pdf"));
    }

    #[test]
    fn writes_and_replaces_atomically() {
        let dir = std::env::temp_dir().join(format!("handout-output-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.pdf");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| is_partial(&e.file_name().to_string_lossy()))
            .collect();
        assert!(leftovers.is_empty());
        let bad = dir.join("no-such-folder").join("b.pdf");
        assert!(write_atomic(&bad, b"x").is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
