//! The app's size budget as a test: the release wasm that `scripts/build-app.sh` wrote
//! (`dist/*_bg.wasm`) must not be larger gzipped than `scripts/wasm-budget` allows (the one place
//! the budget is kept; the build script checks it too, with `gzip -9`). Needs the release build.
#![cfg(not(target_arch = "wasm32"))]

use std::io::Write;
use std::path::{Path, PathBuf};

fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The budget in gzipped bytes: the one line of `scripts/wasm-budget` that is not a comment.
fn budget() -> u64 {
    let path = repo_root().join("scripts/wasm-budget");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    let line = text
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .unwrap_or_else(|| panic!("{} holds no budget", path.display()));
    line.parse()
        .unwrap_or_else(|error| panic!("the budget {line:?} in {}: {error}", path.display()))
}

fn release_wasm() -> PathBuf {
    let dist = repo_root().join("dist");
    let wasm: Vec<PathBuf> = std::fs::read_dir(&dist)
        .unwrap_or_else(|error| {
            panic!(
                "reading {}: {error} (run scripts/build-app.sh first)",
                dist.display()
            )
        })
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.file_name()
                .is_some_and(|name| name.to_string_lossy().ends_with("_bg.wasm"))
        })
        .collect();
    assert_eq!(
        wasm.len(),
        1,
        "expected one dist/*_bg.wasm, found {wasm:?} (run scripts/build-app.sh)"
    );
    wasm.into_iter().next().unwrap_or_default()
}

fn gzipped_size(bytes: &[u8]) -> u64 {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("gzip in memory");
    encoder.finish().expect("gzip in memory").len() as u64
}

#[test]
fn the_release_wasm_fits_the_gzipped_size_budget() {
    let path = release_wasm();
    let bytes = std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let gzipped = gzipped_size(&bytes);
    let budget = budget();
    println!(
        "{}: {} bytes raw, {gzipped} bytes gzipped; budget {budget} bytes gzipped",
        path.display(),
        bytes.len()
    );
    assert!(
        gzipped <= budget,
        "the app's wasm is {gzipped} bytes gzipped, over its budget of {budget} (scripts/wasm-budget) \
         by {} bytes; a debug build (scripts/build-app.sh --dev) is never within it",
        gzipped - budget
    );
}
