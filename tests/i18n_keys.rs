//! The translations are complete and consistent: every key the code looks up with `t!("…")`
//! exists in English, every language file has every English key (and none English lacks), each
//! file parses as Fluent, and a translation uses no variable its English message does not pass.
//! Fails with the list of what is missing, so a translator knows what to add.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use aggregate_sync::i18n::LANGUAGES;
use fluent_bundle::FluentResource;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Each message of an FTL file with the variables (`$name`) its text uses.
fn messages(language: &str) -> BTreeMap<String, BTreeSet<String>> {
    let path = root().join("i18n").join(format!("{language}.ftl"));
    let source = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    if let Err((_, errors)) = FluentResource::try_new(source.clone()) {
        panic!("{language}.ftl does not parse: {errors:?}");
    }
    let mut messages: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in source.lines() {
        let starts_message = line
            .split_once(" =")
            .filter(|(key, _)| {
                key.starts_with(|c: char| c.is_ascii_lowercase())
                    && key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            })
            .map(|(key, _)| key.to_string());
        if let Some(key) = starts_message {
            assert!(
                !messages.contains_key(&key),
                "{language}.ftl defines {key} twice"
            );
            messages.insert(key.clone(), BTreeSet::new());
            current = Some(key);
        } else if line.starts_with('#') || line.trim().is_empty() {
            current = None;
            continue;
        }
        if let Some(key) = &current {
            let variables = messages.entry(key.clone()).or_default();
            for (index, _) in line.match_indices('$') {
                let name: String = line[index + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                    .collect();
                variables.insert(name);
            }
        }
    }
    messages
}

/// Every `t!("key"` in the app's sources.
fn keys_used() -> BTreeMap<String, PathBuf> {
    let mut used = BTreeMap::new();
    let mut pending = vec![root().join("src")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs")
                // The mechanism itself: its docs and unit tests name keys only as examples.
                && !path.ends_with("i18n/mod.rs")
            {
                let text = std::fs::read_to_string(&path).expect("source is UTF-8");
                for key in keys_in(&text, &path) {
                    used.entry(key).or_insert_with(|| path.clone());
                }
            }
        }
    }
    used
}

/// The literal keys of the `t!(` calls in `text`.
fn keys_in(text: &str, path: &Path) -> Vec<String> {
    let mut keys = Vec::new();
    for (index, _) in text.match_indices("t!(") {
        let before = text[..index].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // e.g. `assert!(`, `sort!(`.
        }
        let rest = text[index + 3..].trim_start();
        let Some(literal) = rest.strip_prefix('"') else {
            panic!("{}: t!( without a literal key", path.display());
        };
        let key: String = literal.chars().take_while(|c| *c != '"').collect();
        keys.push(key);
    }
    keys
}

#[test]
fn every_key_the_code_uses_is_in_english() {
    let english = messages("en");
    let used = keys_used();
    assert!(used.len() > 100, "the scan found only {} keys", used.len());
    let missing: Vec<String> = used
        .iter()
        .filter(|(key, _)| !english.contains_key(*key))
        .map(|(key, path)| format!("{key} (used in {})", path.display()))
        .collect();
    assert!(missing.is_empty(), "keys missing in en.ftl: {missing:#?}");
    let unused: Vec<&String> = english
        .keys()
        .filter(|key| !used.contains_key(*key))
        .collect();
    assert!(
        unused.is_empty(),
        "keys in en.ftl no code uses: {unused:#?}"
    );
}

#[test]
fn every_language_has_every_english_key() {
    let english = messages("en");
    for language in LANGUAGES.into_iter().filter(|language| *language != "en") {
        let translated = messages(language);
        let missing: Vec<&String> = english
            .keys()
            .filter(|key| !translated.contains_key(*key))
            .collect();
        assert!(missing.is_empty(), "{language}.ftl lacks {missing:#?}");
        let extra: Vec<&String> = translated
            .keys()
            .filter(|key| !english.contains_key(*key))
            .collect();
        assert!(
            extra.is_empty(),
            "{language}.ftl has keys English lacks: {extra:#?}"
        );
        for (key, variables) in &translated {
            let unknown: Vec<&String> = variables.difference(&english[key]).collect();
            assert!(
                unknown.is_empty(),
                "{language}.ftl {key} uses variables English does not pass: {unknown:?}"
            );
        }
    }
}

#[test]
fn every_language_file_is_shipped_as_an_asset() {
    let index = std::fs::read_to_string(root().join("index.html")).expect("index.html");
    assert!(
        index.contains(r#"<link data-trunk rel="copy-dir" href="i18n" />"#),
        "index.html must copy i18n/ next to the app"
    );
    for language in LANGUAGES {
        assert!(
            root()
                .join("i18n")
                .join(format!("{language}.ftl"))
                .is_file()
        );
    }
}
