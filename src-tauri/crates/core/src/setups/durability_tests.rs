//! The setups file under stress, on real files: concurrent writers in one process and in
//! several, a crash between write and rename, a read-only folder and a full disk.
//!
//! Scenarios that need another process re-run this test binary with
//! `HAIILO_SETUPS_TEST_CHILD` set; `child_process_entry` then plays the child's part.

use super::{Setup, SetupStore, SetupStoreError};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const CHILD_ENV: &str = "HAIILO_SETUPS_TEST_CHILD";
const DIR_ENV: &str = "HAIILO_SETUPS_TEST_DIR";
const TAG_ENV: &str = "HAIILO_SETUPS_TEST_TAG";
/// Printed by a child that ran its scenario to the end, so a child that silently did
/// nothing cannot pass.
const CHILD_DONE: &str = "setups-child-done";
/// Far more than the small disk or file-size limit used below.
const BIG_NOTE_BYTES: usize = 256 * 1024;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("haiilo-durable-{name}-{}", super::new_id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn names(store: &SetupStore) -> Vec<String> {
    let mut names: Vec<String> = store.load().unwrap().into_iter().map(|s| s.name).collect();
    names.sort();
    names
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Inserts `count` setups named `<tag>-<i>` and then updates each, one write at a time.
fn hammer(store: &SetupStore, tag: &str, count: usize) {
    for i in 0..count {
        let setup = store.upsert(Setup::new(&format!("{tag}-{i:03}"))).unwrap();
        store
            .update(&setup.id, |s| s.client_id = format!("client-{tag}-{i}"))
            .unwrap();
    }
}

fn assert_hammered(store: &SetupStore, tags: &[String], count: usize) {
    let stored = store.load().unwrap();
    assert_eq!(stored.len(), tags.len() * count, "setups were lost");
    for tag in tags {
        for i in 0..count {
            let setup = stored
                .iter()
                .find(|s| s.name == format!("{tag}-{i:03}"))
                .unwrap_or_else(|| panic!("{tag}-{i:03} was lost"));
            assert_eq!(setup.client_id, format!("client-{tag}-{i}"), "update lost");
        }
    }
}

fn a_setup_with_a_huge_note() -> Setup {
    let mut setup = Setup::new("Too big for the disk");
    setup.groups_note = "x".repeat(BIG_NOTE_BYTES);
    setup
}

/// Runs this binary's `child_process_entry` as `mode`, through `wrapper` (a shell snippet
/// that ends by running `"$0" "$@"`), with `dir` as the store's folder.
fn run_child(mode: &str, dir: &Path, tag: &str, wrapper: Option<(&str, &[&str])>) -> Output {
    let exe = std::env::current_exe().unwrap();
    let test_args = [
        "--exact",
        "setups::durability_tests::child_process_entry",
        "--nocapture",
        "--test-threads=1",
    ];
    let mut command = match wrapper {
        Some((program, args)) => {
            let mut c = Command::new(program);
            c.args(args).arg(&exe).args(test_args);
            c
        }
        None => {
            let mut c = Command::new(&exe);
            c.args(test_args);
            c
        }
    };
    command
        .env(CHILD_ENV, mode)
        .env(DIR_ENV, dir)
        .env(TAG_ENV, tag)
        .output()
        .unwrap()
}

fn assert_child_finished(output: &Output) {
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains(CHILD_DONE),
        "the child failed: {:?}\nstdout:\n{stdout}\nstderr:\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// How to run a child in a private mount namespace, where a tiny tmpfs or a read-only bind
/// mount gives a real ENOSPC or EROFS without touching the host's mounts: a user namespace
/// (most Linux desktops allow them), or a plain mount namespace when we are root (CI).
/// `None` when neither is possible here.
fn private_mounts() -> Option<&'static [&'static str]> {
    let probe = temp_dir("probe");
    let candidates: [&'static [&'static str]; 2] =
        [&["--user", "--map-root-user", "--mount"], &["--mount"]];
    candidates.into_iter().find(|args| {
        Command::new("unshare")
            .args(*args)
            .args(["sh", "-c", r#"mount -t tmpfs -o size=16k tmpfs "$1""#, "sh"])
            .arg(&probe)
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn in_private_mounts(namespace: &[&'static str], script: &'static str) -> Vec<&'static str> {
    let mut args = namespace.to_vec();
    args.extend(["sh", "-c", script]);
    args
}

/// Not a test of its own: the part a child process plays (see the module comment). Run
/// normally, without the variable, it returns at once.
#[test]
fn child_process_entry() {
    let Ok(mode) = std::env::var(CHILD_ENV) else {
        return;
    };
    let dir = PathBuf::from(std::env::var_os(DIR_ENV).unwrap());
    let tag = std::env::var(TAG_ENV).unwrap();
    let store = SetupStore::new(&dir);
    match mode.as_str() {
        "hammer" => hammer(&store, &tag, CROSS_PROCESS_COUNT),
        // Killed by SIGXFSZ halfway through writing the temporary file.
        "crash" => {
            store.upsert(a_setup_with_a_huge_note()).unwrap();
            panic!("the write should not have finished");
        }
        "full" => {
            let kept = store.upsert(Setup::new("Kept")).unwrap();
            let before = std::fs::read(store.path()).unwrap();
            let err = store.upsert(a_setup_with_a_huge_note()).unwrap_err();
            assert!(matches!(err, SetupStoreError::Io { .. }), "{err:?}");
            let message = err.to_string();
            assert!(
                message.contains("Could not save your setups")
                    && message.contains("the disk is full")
                    && message.contains("Free some space"),
                "{message}"
            );
            assert_eq!(std::fs::read(store.path()).unwrap(), before);
            assert_eq!(store.load().unwrap(), vec![kept]);
        }
        "read-only" => {
            let before = std::fs::read(store.path()).unwrap();
            let message = store.upsert(Setup::new("Typed")).unwrap_err().to_string();
            assert!(
                message.contains("Could not save your setups")
                    && (message.contains("read-only") || message.contains("not allowed")),
                "{message}"
            );
            assert_eq!(std::fs::read(store.path()).unwrap(), before);
            // Reading still works, so the app still shows what was saved.
            assert_eq!(names(&store), vec!["Kept".to_string()]);
        }
        other => panic!("unknown child mode {other}"),
    }
    println!("{CHILD_DONE}");
}

#[test]
fn many_threads_updating_different_setups_lose_nothing() {
    let dir = temp_dir("threads");
    let shared = SetupStore::new(&dir);
    let tags: Vec<String> = (0..16).map(|t| format!("thread{t:02}")).collect();
    std::thread::scope(|scope| {
        for (t, tag) in tags.iter().enumerate() {
            // Half share one store (its mutex), half open their own (only the file lock
            // keeps them apart), as two parts of an app might.
            let store = if t % 2 == 0 {
                shared.clone()
            } else {
                SetupStore::new(&dir)
            };
            scope.spawn(move || hammer(&store, tag, 20));
        }
    });
    assert_hammered(&shared, &tags, 20);
}

const CROSS_PROCESS_COUNT: usize = 40;

#[test]
fn several_processes_updating_different_setups_lose_nothing() {
    let dir = temp_dir("processes");
    let store = SetupStore::new(&dir);
    let children: Vec<_> = ["child-a", "child-b"]
        .into_iter()
        .map(|tag| {
            let dir = dir.clone();
            std::thread::spawn(move || run_child("hammer", &dir, tag, None))
        })
        .collect();
    hammer(&store, "parent", CROSS_PROCESS_COUNT);
    for child in children {
        assert_child_finished(&child.join().unwrap());
    }
    let tags = ["child-a", "child-b", "parent"].map(String::from);
    assert_hammered(&store, &tags, CROSS_PROCESS_COUNT);
}

#[test]
fn a_crash_between_write_and_rename_leaves_the_old_file_whole() {
    let dir = temp_dir("crash");
    let store = SetupStore::new(&dir);
    let kept = store.upsert(Setup::new("Kept")).unwrap();
    let before = std::fs::read(store.path()).unwrap();

    // A file-size limit makes the kernel kill the child (SIGXFSZ) in the middle of writing
    // its temporary file: a real crash after the write began and before the rename.
    let output = run_child(
        "crash",
        &dir,
        "crash",
        Some(("sh", &["-c", r#"ulimit -f 16 && exec "$0" "$@""#])),
    );
    assert_eq!(
        output.status.signal(),
        Some(25),
        "expected death by SIGXFSZ: {output:?}"
    );
    let leftovers: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("setups.json.tmp-"))
        .collect();
    assert_eq!(leftovers.len(), 1, "the half-written file is left behind");
    assert!(std::fs::metadata(&leftovers[0]).unwrap().len() < BIG_NOTE_BYTES as u64);

    assert_eq!(std::fs::read(store.path()).unwrap(), before);
    assert_eq!(store.load().unwrap(), vec![kept]);
    assert!(store.take_set_aside().is_empty(), "nothing is damaged");
    store.upsert(Setup::new("After")).unwrap();
    assert_eq!(names(&store), ["After", "Kept"]);
    assert!(!leftovers[0].exists(), "the next write tidies up");
}

#[test]
fn stray_temporary_files_never_break_a_load() {
    let dir = temp_dir("stray");
    let store = SetupStore::new(&dir);
    store.upsert(Setup::new("Kept")).unwrap();
    // Half-written leftovers: this version's name and the older `tmp-<pid>` name.
    std::fs::write(
        dir.join("setups.json.tmp-4242-0-abcdef012345"),
        b"{\"schema_ver",
    )
    .unwrap();
    std::fs::write(dir.join("setups.json.tmp-4242"), b"").unwrap();
    assert_eq!(names(&store), ["Kept"]);
    store.upsert(Setup::new("Next")).unwrap();
    assert_eq!(names(&store), ["Kept", "Next"]);
}

#[test]
fn a_read_only_folder_gives_a_clear_error_and_keeps_the_file() {
    let dir = temp_dir("read-only");
    SetupStore::new(&dir).upsert(Setup::new("Kept")).unwrap();
    let output = if let Some(namespace) = private_mounts() {
        // A read-only bind mount: EROFS, which even root cannot write through.
        let script = r#"mount --bind "$HAIILO_SETUPS_TEST_DIR" "$HAIILO_SETUPS_TEST_DIR" &&
            mount -o remount,bind,ro "$HAIILO_SETUPS_TEST_DIR" && exec "$0" "$@""#;
        let args = in_private_mounts(namespace, script);
        run_child("read-only", &dir, "ro", Some(("unshare", &args)))
    } else {
        // Without namespaces (so not root): a folder the user may not write to (EACCES).
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o500)).unwrap();
        let output = run_child("read-only", &dir, "ro", None);
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).unwrap();
        output
    };
    assert_child_finished(&output);
    assert_eq!(names(&SetupStore::new(&dir)), ["Kept"]);
}

#[test]
fn a_full_disk_gives_a_clear_error_and_keeps_the_file() {
    let dir = temp_dir("full");
    let output = if let Some(namespace) = private_mounts() {
        // A 64 KiB tmpfs: the big write fails with ENOSPC, a really full disk.
        let script = r#"mount -t tmpfs -o size=64k,mode=0700 tmpfs "$HAIILO_SETUPS_TEST_DIR" &&
            exec "$0" "$@""#;
        let args = in_private_mounts(namespace, script);
        run_child("full", &dir, "full", Some(("unshare", &args)))
    } else {
        // Without namespaces: a file-size limit with SIGXFSZ ignored, so the write fails
        // with EFBIG at the same point a full disk would fail it.
        let script = r#"trap '' XFSZ && ulimit -f 16 && exec "$0" "$@""#;
        run_child("full", &dir, "full", Some(("sh", &["-c", script])))
    };
    assert_child_finished(&output);
}

#[test]
fn the_file_and_folder_are_readable_by_the_user_only() {
    let parent = temp_dir("modes");
    let dir = parent.join("config");
    let store = SetupStore::new(&dir);
    store.upsert(Setup::new("A")).unwrap();
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&store.path()), 0o600);
    assert_eq!(mode(&dir.join("setups.json.lock")), 0o600);

    // Left more open by an earlier version (or by hand): narrowed on the next write.
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
    store.upsert(Setup::new("B")).unwrap();
    assert_eq!(mode(&dir), 0o700);
    assert_eq!(mode(&store.path()), 0o600);
}

#[test]
fn a_lock_held_by_a_stuck_writer_gives_a_clear_error_not_a_hang() {
    let dir = temp_dir("stuck");
    let store = SetupStore {
        lock_timeout: std::time::Duration::from_millis(300),
        ..SetupStore::new(&dir)
    };
    store.upsert(Setup::new("Kept")).unwrap();
    let before = std::fs::read(store.path()).unwrap();
    // Another process holding the lock and writing nothing (a separate open file
    // description conflicts like another process would).
    let stuck = std::fs::OpenOptions::new()
        .write(true)
        .open(dir.join("setups.json.lock"))
        .unwrap();
    stuck.lock().unwrap();

    let err = store.upsert(Setup::new("Typed")).unwrap_err();
    assert!(
        matches!(err, SetupStoreError::LockTimeout { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("Close the other copy"), "{err}");
    assert_eq!(std::fs::read(store.path()).unwrap(), before);

    drop(stuck);
    store.upsert(Setup::new("Typed")).unwrap();
    assert_eq!(names(&store), ["Kept", "Typed"]);
}
