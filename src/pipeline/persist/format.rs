//! One file of the build cache: a header (a magic string, the build of playbook, the key of the
//! settings), a postcard payload, then the payload's length and CRC-32. Written to a
//! temporary name and renamed into place; read back only when every part checks out. Knows
//! nothing of what the payload holds.
use anyhow::{Context, Result};
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::Path;

/// Opens every cache file; the last byte is the layout of the header.
const MAGIC: &[u8; 16] = b"playbook-cache\n\x01";
/// Fingerprint of the sources this binary was compiled from (`build.rs`).
const BUILD_ID: &str = env!("PLAYBOOK_BUILD_ID");
/// Magic, build, settings, then the payload, then its length and checksum.
const HEADER: usize = MAGIC.len() + 16;
const TRAILER: usize = 16;

/// The payload of the file at `path`; `None` when there is no file, or it was written for
/// other settings (a miss, not a problem). The error says what is wrong with the file.
pub(super) fn read<T: serde::de::DeserializeOwned>(
    path: &Path,
    settings: u64,
) -> std::result::Result<Option<T>, String> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot be read ({e})")),
    };
    if meta.is_dir() {
        return Err("is a directory, not a file".into());
    }
    if !meta.is_file() {
        return Err("is not a regular file".into());
    }
    let file = std::fs::File::open(path).map_err(|e| format!("cannot be read ({e})"))?;
    let bytes = map(&file).map_err(|e| format!("cannot be read ({e})"))?;
    if bytes.len() < HEADER + TRAILER || &bytes[..MAGIC.len()] != MAGIC {
        return Err("is not a playbook build cache, or is truncated".into());
    }
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
    let end = bytes.len() - TRAILER;
    let payload = bytes.slice(HEADER..end);
    if word(end) != payload.len() as u64 || word(end + 8) != checksum(&payload) {
        return Err("is truncated or corrupt".into());
    }
    if word(MAGIC.len()) != build_key() {
        return Err("was written by another build of playbook".into());
    }
    if word(MAGIC.len() + 8) != settings {
        return Ok(None);
    }
    // Strings decoded as `SharedStr` point into the payload instead of being copied.
    crate::shared::sharing(&payload, |payload| postcard::from_bytes(payload))
        .map(Some)
        .map_err(|e| format!("is corrupt ({e})"))
}

/// The bytes of `file`, mapped into memory rather than read: what the pages and search entries
/// that a build does not redo hold of the cache (most of it, `crate::shared`) is then never
/// copied, nor even brought in from the page cache. Copying hundreds of MB into fresh memory
/// was most of the time a warm build spent loading the cache, and most of that was the kernel
/// handing out and zeroing the pages one at a time.
fn map(file: &std::fs::File) -> std::io::Result<bytes::Bytes> {
    // SAFETY: a mapping is undefined behaviour if the file changes while it is mapped. Cache
    // files are never written in place: every write (`write` below) goes to a new file that
    // is renamed over the old one, and removing a mapped file keeps its contents until the
    // mapping goes. The cache folder is playbook's (`persist.rs` refuses one that is shared
    // with the content, the themes or the output), so only another program writing into a
    // cache file in place could change one, as for any tool that maps its files.
    let map = unsafe { memmap2::Mmap::map(file)? };
    Ok(bytes::Bytes::from_owner(map))
}

/// Writes `payload` to `path` for `settings`, replacing the file in one step (and a directory
/// in its place: the cache folder is playbook's).
pub(super) fn write<T: serde::Serialize>(path: &Path, settings: u64, payload: &T) -> Result<()> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir()) {
        std::fs::remove_dir_all(path)
            .with_context(|| format!("failed to remove the folder `{}`", path.display()))?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!("{name}.tmp-{}", std::process::id()));
    let written = (|| -> Result<()> {
        let file = std::fs::File::create(&tmp)
            .with_context(|| format!("failed to create `{}`", tmp.display()))?;
        let mut out = Checksummed::new(std::io::BufWriter::with_capacity(1 << 20, file));
        out.inner.write_all(MAGIC)?;
        out.inner.write_all(&build_key().to_le_bytes())?;
        out.inner.write_all(&settings.to_le_bytes())?;
        postcard::to_io(payload, &mut out)?;
        let (len, sum) = (out.len, u64::from(out.hasher.finalize()));
        let mut inner = out.inner;
        inner.write_all(&len.to_le_bytes())?;
        inner.write_all(&sum.to_le_bytes())?;
        // No fsync: a file cut short by a crash fails its checksum and is rebuilt.
        inner.into_inner().map_err(|e| e.into_error())?;
        std::fs::rename(&tmp, path)?;
        Ok(())
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.with_context(|| format!("`{}`", path.display()))
}

/// The build of playbook, as a number.
fn build_key() -> u64 {
    let mut h = crate::hash::key_hasher();
    BUILD_ID.hash(&mut h);
    h.finish()
}

/// CRC-32 of the payload: the same however it is fed, unlike the hashers of `crate::hash`.
fn checksum(bytes: &[u8]) -> u64 {
    u64::from(crc32fast::hash(bytes))
}

/// Counts and hashes the payload on its way to the file.
struct Checksummed<W> {
    inner: W,
    hasher: crc32fast::Hasher,
    len: u64,
}

impl<W: Write> Checksummed<W> {
    fn new(inner: W) -> Self {
        Checksummed {
            inner,
            hasher: crc32fast::Hasher::new(),
            len: 0,
        }
    }
}

impl<W: Write> Write for Checksummed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
