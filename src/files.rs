//! Reading input files safely. A clinic runs `handout` unattended over files other people made,
//! so an input is read only if it is a regular file no larger than a limit (a pipe or
//! `/dev/zero` named as a logo must not hang the build or eat memory), and every file read is
//! remembered so that [`crate::output`] can refuse to write over an input, whatever the
//! spelling of its path (symlinks, `./`, `..`, hard links: files are compared by device and
//! inode).

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Largest definition or template: a handout definition is a page or two of text.
pub const DEFINITION_LIMIT_BYTES: u64 = 1 << 20;
/// Largest TOML manifest (read whole).
pub const TOML_MANIFEST_LIMIT_BYTES: u64 = 64 << 20;
/// Largest CSV manifest (read a row at a time; about 22 MB holds a million rows).
pub const CSV_MANIFEST_LIMIT_BYTES: u64 = 1 << 30;
/// Largest logo or picture file.
pub const IMAGE_LIMIT_BYTES: u64 = 32 << 20;

/// Identity of a file on disk: device and inode where the platform has them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileId(u64, u64);

/// An input this process has read: its role, the path as given, and that path made absolute
/// (to notice a deleted input whose inode was reused).
type InputEntry = (String, PathBuf, PathBuf);

static INPUTS: Mutex<Option<HashMap<FileId, InputEntry>>> = Mutex::new(None);

/// A file's identity (following symlinks), if it exists.
pub fn file_id(path: &Path) -> Option<FileId> {
    let meta = std::fs::metadata(path).ok()?;
    Some(id_of(&meta, path))
}

#[cfg(unix)]
fn id_of(meta: &std::fs::Metadata, _path: &Path) -> FileId {
    use std::os::unix::fs::MetadataExt;
    FileId(meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn id_of(_meta: &std::fs::Metadata, path: &Path) -> FileId {
    use std::hash::{Hash, Hasher};
    let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut h = std::collections::hash_map::DefaultHasher::new();
    canonical.hash(&mut h);
    FileId(0, h.finish())
}

/// Remembers `path` as an input of this process (`role`: "definition", "logo", ...).
pub fn remember_input(path: &Path, role: &str) {
    if let Some(id) = file_id(path) {
        if let Ok(mut inputs) = INPUTS.lock() {
            let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            let map = inputs.get_or_insert_with(HashMap::new);
            // A stale entry (a deleted input whose inode was reused) is replaced.
            if map
                .get(&id)
                .is_none_or(|(_, _, old)| file_id(old).as_ref() != Some(&id))
            {
                map.insert(id, (role.to_string(), path.to_path_buf(), abs));
            }
        }
    }
}

/// If `path` is a file this process has read as an input: its role and the path it was read by.
pub fn input_role(path: &Path) -> Option<(String, PathBuf)> {
    let id = file_id(path)?;
    let (role, given, abs) = INPUTS.lock().ok()?.as_ref()?.get(&id).cloned()?;
    // The input may have been deleted since and its inode reused by a new file.
    (file_id(&abs) == Some(id)).then_some((role, given))
}

/// Opens an input for reading: only a regular file of at most `limit_bytes`, remembered as an
/// input. The message says what is wrong in plain words (without the path: callers add it).
pub fn open_input(path: &Path, role: &str, limit_bytes: u64) -> Result<std::fs::File, String> {
    // Look before opening: opening a named pipe waits for a writer, for ever.
    check_kind(&std::fs::metadata(path).map_err(|e| io_reason(&e))?)?;
    let file = std::fs::File::open(path).map_err(|e| io_reason(&e))?;
    let meta = file.metadata().map_err(|e| io_reason(&e))?;
    check_kind(&meta)?;
    if meta.len() > limit_bytes {
        return Err(format!(
            "the file is {} but a {role} may be at most {}",
            size_text(meta.len()),
            size_text(limit_bytes)
        ));
    }
    remember_input(path, role);
    Ok(file)
}

fn check_kind(meta: &std::fs::Metadata) -> Result<(), String> {
    if meta.is_dir() {
        return Err("this is a folder, not a file".into());
    }
    if !meta.is_file() {
        return Err(
            "this is not a regular file (a pipe, a device or a socket); save it to a file first"
                .into(),
        );
    }
    Ok(())
}

/// Reads a whole input (see [`open_input`]); never more than `limit_bytes`, even if the file
/// grows while it is read.
pub fn read_input(path: &Path, role: &str, limit_bytes: u64) -> Result<Vec<u8>, String> {
    let file = open_input(path, role, limit_bytes)?;
    let mut bytes = Vec::new();
    file.take(limit_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_reason(&e))?;
    if bytes.len() as u64 > limit_bytes {
        return Err(format!(
            "the file grew past the {} a {role} may be while it was read",
            size_text(limit_bytes)
        ));
    }
    Ok(bytes)
}

/// Reads an input that must be UTF-8 text.
pub fn read_text_input(path: &Path, role: &str, limit_bytes: u64) -> Result<String, String> {
    let bytes = read_input(path, role, limit_bytes)?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not UTF-8 text (the first bad byte is at byte {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

/// An I/O error in plain words, without Rust's "(os error 2)".
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "this is a folder, not a file".into(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_string(),
                None => text,
            }
        }
    }
}

/// "1.5 MB", "200 KB", "12 bytes".
pub fn size_text(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1u64 << 20) as f64)
    } else if bytes >= 1 << 10 {
        format!("{} KB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}

/// Makes text safe to print on a terminal: control characters (escape sequences, carriage
/// returns, bidirectional overrides) are shown as `\u{..}` escapes; a newline stays only when
/// `keep_newlines`.
pub fn terminal_safe(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if (c == '\n' && keep_newlines) || c == '\t' {
            out.push(c);
        } else if c.is_control() || bidi {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("handout-files-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn reads_regular_files_under_the_limit_and_remembers_them() {
        let dir = temp_dir("read");
        let p = dir.join("a.toml");
        std::fs::write(&p, "title = \"x\"").unwrap();
        assert_eq!(
            read_text_input(&p, "definition", 100).unwrap(),
            "title = \"x\""
        );
        let spelled = dir
            .join(".")
            .join("..")
            .join(dir.file_name().unwrap())
            .join("a.toml");
        assert_eq!(
            input_role(&spelled).map(|r| r.0).as_deref(),
            Some("definition")
        );
        let e = read_input(&p, "definition", 4).unwrap_err();
        assert!(e.contains("at most 4 bytes"), "{e}");
        assert_eq!(
            read_input(&dir, "logo", 100).unwrap_err(),
            "this is a folder, not a file"
        );
        assert_eq!(
            read_input(&dir.join("nope"), "logo", 100).unwrap_err(),
            "no such file"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_refused_without_reading() {
        let e = read_input(Path::new("/dev/zero"), "logo", 100).unwrap_err();
        assert!(e.starts_with("this is not a regular file"), "{e}");
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            terminal_safe("a\u{1b}[31mb\r", false),
            "a\\u{1b}[31mb\\u{d}"
        );
        assert_eq!(terminal_safe("a\nb\u{202e}", true), "a\nb\\u{202e}");
        assert_eq!(terminal_safe("a\nb", false), "a\\u{a}b");
    }
}
