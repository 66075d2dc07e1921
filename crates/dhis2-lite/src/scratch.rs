//! Scratch folders for tests and measurements that run dhis2-lite: every folder a process makes
//! lives under one root per process and label (`<temp>/<label>-<pid>`), and making a root first
//! removes the roots of processes that no longer run.
//!
//! Why: test binaries keep their seeded template databases for their whole life in statics,
//! which are never dropped, so each `cargo test` used to leave hundreds of MB in the temporary
//! folder (a full run of command 2 about 2 GB) until the disk filled up. A process cannot clean
//! up after itself at exit, but the next one can.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// This process's root for `label`, made if needed; stale roots of `label` are removed first.
pub fn process_root(label: &str) -> PathBuf {
    static SWEPT: Mutex<Option<HashSet<String>>> = Mutex::new(None);
    let temp = std::env::temp_dir();
    let first_use = SWEPT
        .lock()
        .map(|mut swept| {
            swept
                .get_or_insert_with(HashSet::new)
                .insert(label.to_owned())
        })
        .unwrap_or(false);
    if first_use {
        remove_stale_roots(&temp, label);
    }
    let root = temp.join(format!("{label}-{}", std::process::id()));
    // A failure shows where the caller creates its folder inside the root.
    let _ = std::fs::create_dir_all(&root);
    root
}

/// Removes `<temp>/<label>-<pid>` for every `pid` that is not a running process. Liveness comes
/// from `/proc`: where there is none, nothing is removed. A dead process's pid reused by another
/// process keeps its old root until that process ends too: harmless.
fn remove_stale_roots(temp: &Path, label: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(temp) else {
        return;
    };
    let prefix = format!("{label}-");
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|name| name.strip_prefix(&prefix))
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dead_process_root_is_removed_and_a_live_one_kept() {
        let label = format!("dhis2-lite-scratch-test-{}", crate::uid::random_uid());
        let temp = std::env::temp_dir();
        // pid_max on Linux is at most 2^22: this pid cannot be running.
        let dead = temp.join(format!("{label}-4294967000"));
        std::fs::create_dir_all(dead.join("template")).unwrap();
        let live = temp.join(format!("{label}-1"));
        std::fs::create_dir_all(&live).unwrap();

        let root = process_root(&label);

        assert!(root.ends_with(format!("{label}-{}", std::process::id())));
        assert!(root.is_dir());
        if Path::new("/proc/1").exists() {
            assert!(!dead.exists(), "the dead process's root stays");
            assert!(live.exists(), "a running process's root was removed");
        }
        let _ = std::fs::remove_dir_all(&root);
        let _ = std::fs::remove_dir_all(&live);
        let _ = std::fs::remove_dir_all(&dead);
    }
}
