//! Reading and writing files that the user (or a pull request) named: what a path is before it
//! is opened, reads with a size cap, and writes that never leave a file half-written.
//!
//! **Only regular files are read.** Opening a FIFO for reading blocks until a writer appears
//! (forever, in CI), and a device (`/dev/zero`, `/dev/urandom`) never ends; a committed
//! `profile-lint-baseline.json` or `profile-lint.toml` can be a symbolic link to either. So
//! the type of the file a path leads to (following links) is checked *before* it is opened,
//! and anything but a regular file is refused with an error naming what it is ("not a regular
//! file (a FIFO)"). Standard input is read through `-` only; `/dev/stdin` and process
//! substitution (`<(cmd)`, a pipe) are refused like any other non-regular file. (A path swapped
//! for a FIFO between the check and the open is not defended against: that would need
//! `O_NONBLOCK` and is not a threat from file contents.)

use std::io::Read;
use std::path::{Path, PathBuf};

/// The error for standard input when it was closed (`profile-lint - <&-`): the Rust runtime
/// reopens a closed descriptor 0 on `/dev/null` before `main`, so reading it would look like
/// an empty file ("the file is empty", a finding) when the caller passed nothing at all (a
/// CI step whose input redirection broke). The runtime opens `/dev/null` read-write, while a
/// shell's `< /dev/null` or a parent's `Stdio::null()` opens it read-only, which is how the
/// two are told apart here. Linux only (it reads `/proc/self/fdinfo/0`; no `unsafe`, no
/// `libc`); elsewhere `None`.
pub fn closed_stdin() -> Option<&'static str> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let target = std::fs::read_link("/proc/self/fd/0").ok()?;
    if target != Path::new("/dev/null") {
        return None;
    }
    let info = std::fs::read_to_string("/proc/self/fdinfo/0").ok()?;
    let flags = info
        .lines()
        .find_map(|line| line.strip_prefix("flags:"))
        .and_then(|octal| u32::from_str_radix(octal.trim(), 8).ok())?;
    // O_ACCMODE is 3 and O_RDWR 2 on every Linux architecture.
    (flags & 3 == 2).then_some(
        "standard input is closed, so there is nothing to lint (pipe a profile in, or name a file instead of `-`)",
    )
}

/// Why the file behind `metadata` is not read: `None` for a regular file.
pub fn refusal(metadata: &std::fs::Metadata) -> Option<&'static str> {
    let kind = metadata.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("is a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("not a regular file (a FIFO)");
        }
        if kind.is_char_device() {
            return Some("not a regular file (a character device)");
        }
        if kind.is_block_device() {
            return Some("not a regular file (a block device)");
        }
        if kind.is_socket() {
            return Some("not a regular file (a socket)");
        }
    }
    Some("not a regular file")
}

/// A message for an I/O error reading a file.
pub fn describe(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied (cannot read the file)".into(),
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        _ if error.raw_os_error() == Some(21) => "is a directory".into(),
        std::io::ErrorKind::OutOfMemory => "too large to read into memory".into(),
        _ => error.to_string(),
    }
}

/// What reading a file with a cap gave.
pub enum Capped {
    Bytes(Vec<u8>),
    /// Larger than the cap (its size, or the cap plus one when it grew while being read).
    TooLarge(u64),
}

/// Reads a regular file of at most `cap` bytes. Larger files are not read at all (a 5 GiB file
/// costs a `stat`); one that grows while it is read is cut at the cap plus one byte. The
/// buffer is reserved with `try_reserve`, so a size the process cannot allocate (a raised cap
/// under a memory limit) is an error for this file ("too large to read into memory"), not an
/// abort of the whole run.
pub fn read_capped(path: &Path, cap: u64) -> Result<Capped, String> {
    let metadata = std::fs::metadata(path).map_err(|e| describe(&e))?;
    if let Some(why) = refusal(&metadata) {
        return Err(why.to_owned());
    }
    let file = std::fs::File::open(path).map_err(|e| describe(&e))?;
    // The file opened may not be the one looked at (it was replaced): check it again.
    let metadata = file.metadata().map_err(|e| describe(&e))?;
    if let Some(why) = refusal(&metadata) {
        return Err(why.to_owned());
    }
    let size = metadata.len();
    if size > cap {
        return Ok(Capped::TooLarge(size));
    }
    // One allocation of the right size: no probing reads, no regrowth.
    let mut bytes = Vec::new();
    let wanted = usize::try_from(size.saturating_add(1)).unwrap_or(usize::MAX);
    bytes
        .try_reserve_exact(wanted)
        .map_err(|_| format!("the file has {size} bytes, too large to read into memory"))?;
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| describe(&e))?;
    if bytes.len() as u64 > cap {
        return Ok(Capped::TooLarge(bytes.len() as u64));
    }
    Ok(Capped::Bytes(bytes))
}

/// The first `limit` bytes of a regular file (to tell what kind of file it is).
pub fn read_prefix(path: &Path, limit: usize) -> Result<Vec<u8>, String> {
    // Looked at before opening: opening a FIFO for reading blocks until a writer comes.
    let metadata = std::fs::metadata(path).map_err(|e| describe(&e))?;
    if let Some(why) = refusal(&metadata) {
        return Err(why.to_owned());
    }
    let file = std::fs::File::open(path).map_err(|e| describe(&e))?;
    let metadata = file.metadata().map_err(|e| describe(&e))?;
    if let Some(why) = refusal(&metadata) {
        return Err(why.to_owned());
    }
    let mut bytes = Vec::with_capacity(limit.min(1 << 20));
    file.take(limit as u64)
        .read_to_end(&mut bytes)
        .map_err(|e| describe(&e))?;
    Ok(bytes)
}

/// Reads a regular file of at most `cap` bytes as text (a configuration, a baseline): UTF-8
/// with or without a byte-order mark, or UTF-16 as Windows PowerShell's `Out-File` and `>`
/// write it, like profiles; errors are sentences without the path.
pub fn read_text_capped(path: &Path, cap: u64) -> Result<String, String> {
    match read_capped(path, cap)? {
        Capped::TooLarge(size) => Err(format!(
            "the file has {size} bytes, more than the limit of {cap} bytes"
        )),
        Capped::Bytes(bytes) => crate::decode::DecodedText::decode(&bytes)
            .map(|decoded| decoded.text)
            .map_err(|e| {
                format!("not valid text: {e} (save it as UTF-8, or UTF-16 with a byte-order mark)")
            }),
    }
}

/// Replaces the file at `path` with `bytes` without ever leaving it half-written: the bytes go
/// to a temporary file in the same directory (same file system), which takes the original's
/// permissions and is then renamed over it. A symbolic link is followed, so the file it points
/// to is updated and the link stays a link (`--fix` of a linked profile).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let permissions = std::fs::metadata(&target)?.permissions();
    write_through_temporary(&target, bytes, Some(permissions))
}

/// Creates or replaces the regular file at `path` with `bytes`, atomically (a temporary file
/// in the same directory, renamed over it), for files profile-lint writes on its own account
/// (`--write-baseline`). A symbolic link is refused, not followed: a committed link would
/// otherwise let a pull request choose which file is overwritten. So is anything but a
/// regular file.
pub fn create_or_replace(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let permissions = match std::fs::symlink_metadata(path) {
        Ok(metadata) if metadata.file_type().is_symlink() => {
            return Err(
                "it is a symbolic link; profile-lint does not write through links (remove it or name the file it points to)"
                    .into(),
            )
        }
        Ok(metadata) => {
            if let Some(why) = refusal(&metadata) {
                return Err(why.to_owned());
            }
            Some(metadata.permissions())
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(describe(&error)),
    };
    write_through_temporary(path, bytes, permissions).map_err(|e| e.to_string())
}

fn write_through_temporary(
    target: &Path,
    bytes: &[u8],
    permissions: Option<std::fs::Permissions>,
) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".profile-lint-")
        .tempfile_in(dir)?;
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    match permissions {
        Some(permissions) => temporary.as_file().set_permissions(permissions)?,
        // A new file: readable by all, like a file an editor creates (the temporary file is
        // private to its owner).
        #[cfg(unix)]
        None => {
            use std::os::unix::fs::PermissionsExt;
            temporary
                .as_file()
                .set_permissions(std::fs::Permissions::from_mode(0o644))?;
        }
        #[cfg(not(unix))]
        None => {}
    }
    temporary.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// The name a path is reported under (and keyed by in a baseline): the path itself when it is
/// valid Unicode. Elsewhere (a Linux file name is any bytes) each byte that is not UTF-8 is
/// written `\xff`, so that two names differing only in such bytes stay two names; lossy
/// conversion made both `x\u{fffd}.xml`, and a finding fixed in one hid a new one in the
/// other. (A valid name that holds the text `\xff` itself reads the same: names are shown,
/// not parsed back.)
pub fn display(path: &Path) -> String {
    if let Some(text) = path.to_str() {
        return text.to_owned();
    }
    #[cfg(unix)]
    {
        use std::fmt::Write;
        use std::os::unix::ffi::OsStrExt;
        let mut shown = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            shown.push_str(chunk.valid());
            for byte in chunk.invalid() {
                let _ = write!(shown, "\\x{byte:02x}");
            }
        }
        shown
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().into_owned()
    }
}

/// `path` made absolute and with `.`/`..` removed lexically (no file-system access, so paths
/// that do not exist, like `--stdin-filename`, work too).
pub fn normalize(path: &Path) -> PathBuf {
    // The working directory is asked once per run, not once per file (a `getcwd` each).
    static CURRENT_DIR: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        CURRENT_DIR
            .get_or_init(|| std::env::current_dir().ok())
            .as_ref()
            .map(|d| d.join(path))
            .unwrap_or_else(|| path.to_path_buf())
    };
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn devices_and_directories_are_refused_before_opening() {
        let refused = |path: &str| match read_capped(Path::new(path), 100) {
            Err(why) => why,
            Ok(_) => String::from("read"),
        };
        assert_eq!(
            refused("/dev/zero"),
            "not a regular file (a character device)"
        );
        assert_eq!(refused("/"), "is a directory");
    }

    #[test]
    fn files_past_the_cap_are_not_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "0123456789").expect("write");
        assert!(matches!(read_capped(&path, 9), Ok(Capped::TooLarge(10))));
        assert!(matches!(read_capped(&path, 10), Ok(Capped::Bytes(b)) if b.len() == 10));
        assert_eq!(
            read_text_capped(&path, 4).err().as_deref(),
            Some("the file has 10 bytes, more than the limit of 4 bytes")
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_are_not_written_through() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("profile.xml");
        std::fs::write(&target, "<VPNProfile/>").expect("write");
        let link = dir.path().join("baseline.json");
        std::os::unix::fs::symlink(&target, &link).expect("symlink");
        assert!(create_or_replace(&link, b"{}")
            .err()
            .is_some_and(|e| e.contains("symbolic link")));
        assert_eq!(
            std::fs::read(&target).expect("read"),
            b"<VPNProfile/>".to_vec()
        );
        let new = dir.path().join("new.json");
        create_or_replace(&new, b"{}").expect("created");
        create_or_replace(&new, b"{ }").expect("replaced");
        assert_eq!(std::fs::read(&new).expect("read"), b"{ }".to_vec());
    }
}
