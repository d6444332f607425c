//! Atomic output: a PDF is written to a temporary file in the target folder and renamed into
//! place only when complete, so a failed or killed build never leaves a partial PDF and never
//! harms an existing file of the same name. An output is never one of the build's inputs (see
//! [`crate::files`]), and a target that is not a regular file (a named pipe, `/dev/null`,
//! `/dev/stdout`) is written directly, never renamed over.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The output could not be written.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    /// What went wrong, in plain words.
    pub reason: String,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: cannot write the output: {}",
            self.path.display(),
            self.reason
        )
    }
}

/// Refuses an output path that names a file this process read as an input.
pub fn refuse_input(path: &Path) -> Result<(), WriteError> {
    match crate::files::input_role(path) {
        Some((role, read_as)) => Err(WriteError {
            path: path.to_path_buf(),
            reason: format!(
                "it is the {role} this build reads ({}); choose another output name, for example with -o",
                read_as.display()
            ),
        }),
        None => Ok(()),
    }
}

/// Refuses an output path that is the definition or a file it names (its logo), before the
/// build reads them all; [`write_atomic`] checks again against every file actually read.
pub fn refuse_inputs_of(
    def: &crate::definition::Definition,
    path: &Path,
) -> Result<(), WriteError> {
    if let Some(logo) = &def.clinic.logo {
        crate::files::remember_input(&def.base_dir().join(logo.get_ref()), "logo");
    }
    refuse_input(path)
}

/// How to write a target: atomically at this path (a regular file, or none yet), directly (a
/// pipe or device), or not at all (a folder).
enum Target {
    Regular(PathBuf),
    Direct,
    Folder,
}

fn target_of(path: &Path) -> Target {
    let Ok(meta) = std::fs::metadata(path) else {
        return Target::Regular(path.to_path_buf());
    };
    if meta.is_dir() {
        return Target::Folder;
    }
    // `/dev/stdout` and `/proc/self/fd/N` mean the open file itself, even when it is a
    // regular file the shell redirected to: write it directly, never rename over it.
    let special = |p: &Path| p.starts_with("/dev") || p.starts_with("/proc");
    if !meta.is_file() || std::path::absolute(path).is_ok_and(|p| special(&p)) {
        return Target::Direct;
    }
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return Target::Regular(path.to_path_buf());
    }
    // A symlink to a regular file: replace the file it points to and keep the link, unless it
    // leads into /proc or /dev (`/dev/stdout` redirected to a file), where only a direct write
    // does what the user meant.
    match std::fs::canonicalize(path) {
        Ok(real) if !real.starts_with("/proc") && !real.starts_with("/dev") => {
            Target::Regular(real)
        }
        _ => Target::Direct,
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
    let err = |source: std::io::Error| WriteError {
        path: dir.to_path_buf(),
        reason: crate::files::io_reason(&source),
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
    refuse_input(path)?;
    let err = |source: std::io::Error| WriteError {
        path: path.to_path_buf(),
        reason: crate::files::io_reason(&source),
    };
    let real = match target_of(path) {
        Target::Regular(real) => real,
        Target::Folder => {
            return Err(WriteError {
                path: path.to_path_buf(),
                reason: "it is a folder; give a file name such as out.pdf".into(),
            })
        }
        Target::Direct => {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(err)?;
            return file
                .write_all(bytes)
                .and_then(|_| file.flush())
                .map_err(err);
        }
    };
    let path = real.as_path();
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
/// Whether `path` names a pipe, a device, or a file under `/dev` or `/proc`.
fn is_device(path: &Path) -> bool {
    let special =
        std::path::absolute(path).is_ok_and(|p| p.starts_with("/dev") || p.starts_with("/proc"));
    special || std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

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
        // a pipe or device (`/dev/null`, `/dev/stdout`) is written as named
        Some(out) if has_pdf_extension(out) || is_device(out) => out.to_path_buf(),
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

    #[cfg(unix)]
    #[test]
    fn devices_are_written_directly_and_inputs_refused() {
        write_atomic(Path::new("/dev/null"), b"pdf").unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(std::fs::metadata("/dev/null")
            .unwrap()
            .file_type()
            .is_char_device());
        let dir = std::env::temp_dir().join(format!("handout-output-in-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let def = dir.join("def.toml");
        std::fs::write(&def, "title").unwrap();
        crate::files::read_input(&def, "definition", 100).unwrap();
        let spelled = dir
            .join("..")
            .join(dir.file_name().unwrap())
            .join("./def.toml");
        let e = write_atomic(&spelled, b"pdf").unwrap_err();
        assert!(e.reason.starts_with("it is the definition"), "{e}");
        assert_eq!(std::fs::read(&def).unwrap(), b"title");
        // a symlink to a regular file: the file is replaced, the link kept
        let target = dir.join("real.pdf");
        std::fs::write(&target, "old").unwrap();
        let link = dir.join("link.pdf");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
