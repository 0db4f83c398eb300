//! The disk side of the setups store: the cross-process lock, the atomic replace, the
//! owner-only permissions, setting a damaged file aside, and what to tell the user when the
//! disk refuses.

use super::{SetupStoreError, StoreAction, FILE_NAME};
use crate::{tr, trf};
use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long to wait while another writer holds the lock and writes nothing. Writes take
/// milliseconds; a lock held this long without a write belongs to a hung process, and
/// waiting forever would hang the app.
pub(super) const LOCK_TIMEOUT: Duration = Duration::from_secs(10);
const LOCK_RETRY: Duration = Duration::from_millis(5);
const LOCK_FILE_NAME: &str = "setups.json.lock";
/// Temporary files are `setups.json.tmp-<pid>-<counter>-<random>`: unique across processes,
/// threads and a process id reused after a crash.
const TMP_PREFIX: &str = "setups.json.tmp-";

/// An exclusive advisory lock on the sibling lock file, released when dropped (closing the
/// file releases it, also when the process dies).
///
/// A sibling file, not `setups.json` itself: the data file is replaced by rename, and a
/// lock on the old inode would not stop a writer that opened the new one.
#[derive(Debug)]
pub(super) struct DirLock {
    _file: File,
}

impl DirLock {
    /// With `create_dir`, creates the folder (owner-only) first; without it, a missing folder
    /// gives `Ok(None)`: there is nothing to read or lock yet.
    pub(super) fn acquire(
        dir: &Path,
        create_dir: bool,
        timeout: Duration,
    ) -> Result<Option<Self>, SetupStoreError> {
        if create_dir {
            create_private_dir(dir)?;
        } else if !dir.exists() {
            return Ok(None);
        }
        let path = dir.join(LOCK_FILE_NAME);
        let lock_error = |source| SetupStoreError::Io {
            action: StoreAction::Lock,
            path: path.clone(),
            source,
        };
        let file = owner_only(OpenOptions::new().read(true).write(true).create(true))
            .truncate(false)
            .open(&path)
            .map_err(lock_error)?;
        // The clock restarts whenever another writer replaces the file: many busy writers
        // are progress, only a holder that writes nothing for LOCK_TIMEOUT is stuck.
        let data_file = dir.join(FILE_NAME);
        let last_write = || {
            std::fs::metadata(&data_file)
                .and_then(|m| m.modified())
                .ok()
        };
        let mut seen = last_write();
        let mut waiting_since = Instant::now();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Some(Self { _file: file })),
                Err(std::fs::TryLockError::WouldBlock) if waiting_since.elapsed() < timeout => {
                    std::thread::sleep(LOCK_RETRY);
                    let now_seen = last_write();
                    if now_seen != seen {
                        seen = now_seen;
                        waiting_since = Instant::now();
                    }
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(SetupStoreError::LockTimeout { path });
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(lock_error(e)),
            }
        }
    }
}

/// Whether reading may go ahead without the lock: the folder (or its disk) cannot be
/// written, so nobody else can be writing through this app either.
pub(super) fn is_not_writable(error: &SetupStoreError) -> bool {
    matches!(
        error,
        SetupStoreError::Io { action: StoreAction::Lock, source, .. }
            if matches!(source.kind(), ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem)
    )
}

/// Replaces `path` with `bytes` so that readers, and a crash at any moment, see either the
/// whole old file or the whole new one: write a unique temporary file, flush it to disk,
/// rename it over the target, then flush the folder so the rename itself survives a power
/// cut (POSIX makes a rename durable only once the directory is synced).
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), SetupStoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    remove_stray_temp_files(dir);
    let tmp = dir.join(unique_temp_name());
    let write_error = |source| SetupStoreError::Io {
        action: StoreAction::Write,
        path: path.to_path_buf(),
        source,
    };
    let written = (|| {
        let mut file = owner_only(OpenOptions::new().write(true).create_new(true)).open(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, path)) {
        // Best effort: the old file is untouched either way, and a leftover temporary file
        // is removed by the next write.
        let _ = std::fs::remove_file(&tmp);
        return Err(write_error(e));
    }
    sync_dir(dir).map_err(write_error)
}

/// Renames a damaged file to `setups.json.corrupt-<UTC time>`, never over an earlier one.
pub(super) fn set_aside(path: &Path) -> Result<PathBuf, SetupStoreError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let stamp = utc_stamp();
    let mut candidate = dir.join(format!("{FILE_NAME}.corrupt-{stamp}"));
    let mut n = 1;
    while candidate.exists() {
        n += 1;
        candidate = dir.join(format!("{FILE_NAME}.corrupt-{stamp}-{n}"));
    }
    std::fs::rename(path, &candidate).map_err(|source| SetupStoreError::Io {
        action: StoreAction::SetAside,
        path: path.to_path_buf(),
        source,
    })?;
    Ok(candidate)
}

/// The user-facing text for a disk failure: what failed, why in plain words, what to do.
pub(super) fn storage_message(action: StoreAction, path: &Path, source: &std::io::Error) -> String {
    let what = match action {
        StoreAction::Read => tr!(
            "read your saved setups",
            "Das Lesen Ihrer gespeicherten Setups"
        ),
        StoreAction::Write | StoreAction::Lock => {
            tr!("save your setups", "Das Speichern Ihrer Setups")
        }
        StoreAction::CreateFolder => tr!(
            "create the folder for your saved setups",
            "Das Anlegen des Ordners für Ihre gespeicherten Setups"
        ),
        StoreAction::SetAside => tr!(
            "set the damaged setups file aside",
            "Das Beiseitelegen der beschädigten Setup-Datei"
        ),
    };
    let (cause, fix) = match source.kind() {
        ErrorKind::ReadOnlyFilesystem => (
            tr!("the disk is read-only", "das Laufwerk ist schreibgeschützt").to_string(),
            tr!(
                "Make that disk writable (or free it from read-only mode), then save again.",
                "Machen Sie das Laufwerk beschreibbar (oder heben Sie den Schreibschutz auf) und speichern Sie erneut."
            ),
        ),
        ErrorKind::PermissionDenied => (
            tr!(
                "your user account is not allowed to change that folder",
                "Ihr Benutzerkonto darf diesen Ordner nicht ändern"
            )
            .to_string(),
            tr!(
                "Give your user write access to that folder, then save again.",
                "Geben Sie Ihrem Benutzer Schreibrechte für diesen Ordner und speichern Sie erneut."
            ),
        ),
        // EFBIG: a file size limit, which the user meets like a full disk.
        ErrorKind::StorageFull | ErrorKind::QuotaExceeded | ErrorKind::FileTooLarge => (
            tr!("the disk is full", "das Laufwerk ist voll").to_string(),
            tr!(
                "Free some space on that disk, then save again.",
                "Schaffen Sie Platz auf dem Laufwerk und speichern Sie erneut."
            ),
        ),
        // The system's own words are English: German quotes them.
        _ => {
            let said = source.to_string();
            (
                trf!("{said}", "„{said}“"),
                tr!(
                    "Check that the folder exists and can be written, then save again.",
                    "Prüfen Sie, ob der Ordner existiert und beschreibbar ist, und speichern Sie erneut."
                ),
            )
        }
    };
    let path = path.display();
    trf!(
        "Could not {what} ({path}): {cause}. {fix} Setups saved before are unchanged.",
        "{what} ist nicht gelungen ({path}): {cause}. {fix} Zuvor gespeicherte Setups sind unverändert."
    )
}

#[cfg(unix)]
fn owner_only(options: &mut OpenOptions) -> &mut OpenOptions {
    use std::os::unix::fs::OpenOptionsExt;
    options.mode(0o600)
}

#[cfg(not(unix))]
fn owner_only(options: &mut OpenOptions) -> &mut OpenOptions {
    options
}

/// Creates the folder readable by the user only, and narrows an existing one that others
/// may read (it may predate this version): the setups name the admin's tenants and clients.
pub(super) fn create_private_dir(dir: &Path) -> Result<(), SetupStoreError> {
    let error = |source| SetupStoreError::Io {
        action: StoreAction::CreateFolder,
        path: dir.to_path_buf(),
        source,
    };
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        builder.mode(0o700);
        builder.create(dir).map_err(error)?;
        let mode = std::fs::metadata(dir).map_err(error)?.permissions().mode();
        if mode & 0o077 != 0 {
            // Best effort: a folder the user does not own keeps its mode, and the write
            // itself then says whether it may go ahead.
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
        }
        Ok(())
    }
    #[cfg(not(unix))]
    builder.create(dir).map_err(error)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Windows cannot open a folder as a file; NTFS journals the rename itself.
#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

fn unique_temp_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let random = &super::new_id()[..12];
    format!("{TMP_PREFIX}{}-{n}-{random}", std::process::id())
}

/// Removes temporary files a crashed writer left behind. Runs with the lock held, when no
/// writer of this version can be between its write and its rename.
fn remove_stray_temp_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(TMP_PREFIX) {
            // Best effort: a leftover only takes space, it is never read.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// `20261201T072216.123Z`: sortable, readable, and valid in file names everywhere.
fn utc_stamp() -> String {
    let now = time::OffsetDateTime::now_utc();
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}.{:03}Z",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
        now.millisecond()
    )
}
