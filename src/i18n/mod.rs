//! The app's translations: every user-visible string is a Fluent message (`i18n/<lang>.ftl`, one
//! file per language that a translator can edit) looked up with [`t!`].
//!
//! English is compiled in (the fallback for any missing message, and the text before the user is
//! known); the user's language (`keyUiLocale`) is fetched once at start-up as a separate asset
//! (`./i18n/<lang>.ftl`, copied by Trunk), so adding a language never grows the wasm. Numbers and
//! dates are formatted by the browser's `Intl` ([`format_number`], [`format_timestamp`]) rather
//! than by locale data compiled into the app. The catalog is a per-thread global, set before the
//! first page renders: a wasm app has one thread, and translating from plain functions (step
//! titles, messages built outside views) needs no context plumbing.

use std::cell::RefCell;
use std::rc::Rc;

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use unic_langid::LanguageIdentifier;

/// The English messages, compiled in as the fallback.
pub const ENGLISH_FTL: &str = include_str!("../../i18n/en.ftl");

/// The languages the app has a message file for (`i18n/<code>.ftl`), English first.
pub const LANGUAGES: [&str; 5] = ["en", "fr", "es", "pt", "ar"];

/// The message files: the user's language (when not English) and English.
struct Catalog {
    /// The language the messages are in (one of [`LANGUAGES`]).
    language: &'static str,
    /// The user's language, when it is not English and its file loaded.
    chosen: Option<FluentBundle<FluentResource>>,
    /// English, for every message the chosen language lacks.
    english: FluentBundle<FluentResource>,
}

thread_local! {
    static CATALOG: RefCell<Rc<Catalog>> = RefCell::new(Rc::new(Catalog {
        language: "en",
        chosen: None,
        english: bundle("en", ENGLISH_FTL).unwrap_or_else(|_| empty_bundle("en")),
    }));
}

/// The language of [`LANGUAGES`] for a DHIS2 locale (`fr`, `pt_BR`, `ar-EG`), if the app has it.
pub fn supported_language(locale: &str) -> Option<&'static str> {
    let primary = locale
        .split(['_', '-'])
        .next()
        .unwrap_or(locale)
        .to_ascii_lowercase();
    LANGUAGES.into_iter().find(|language| *language == primary)
}

/// A bundle of one language's messages; `Err` lists the file's syntax errors.
fn bundle(language: &str, source: &str) -> Result<FluentBundle<FluentResource>, String> {
    let resource = FluentResource::try_new(source.to_string())
        .map_err(|(_, errors)| format!("{} syntax errors in {language}.ftl", errors.len()))?;
    let mut bundle = empty_bundle(language);
    bundle
        .add_resource(resource)
        .map_err(|errors| format!("{} duplicate messages in {language}.ftl", errors.len()))?;
    Ok(bundle)
}

fn empty_bundle(language: &str) -> FluentBundle<FluentResource> {
    let id: LanguageIdentifier = language.parse().unwrap_or_default();
    let mut bundle = FluentBundle::new(vec![id]);
    // Isolation marks (U+2068/U+2069) around every placeable would end up in copied text and in
    // the tests' expected strings; `dir` on the page handles mixed directions well enough.
    bundle.set_use_isolating(false);
    bundle.set_formatter(Some(format_fluent_value));
    bundle
}

/// Numbers inside messages go through `Intl.NumberFormat` of the page's language.
fn format_fluent_value<M>(value: &FluentValue<'_>, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(number) => Some(format_number(number.value)),
        _ => None,
    }
}

/// Makes `locale`'s language the one messages are shown in: fetches its file next to the app
/// (`./i18n/<lang>.ftl`). English, an unknown language, or a file that does not load leave the
/// compiled-in English (the failure is logged: the app stays usable).
pub async fn load(locale: Option<&str>) {
    let Some(language) = locale.and_then(supported_language) else {
        return;
    };
    if language == "en" {
        return;
    }
    match fetch_messages(language).await {
        Ok(source) => match bundle(language, &source) {
            Ok(chosen) => CATALOG.with(|catalog| {
                let english = bundle("en", ENGLISH_FTL).unwrap_or_else(|_| empty_bundle("en"));
                *catalog.borrow_mut() = Rc::new(Catalog {
                    language,
                    chosen: Some(chosen),
                    english,
                });
            }),
            Err(error) => log(&error),
        },
        Err(error) => log(&format!(
            "the {language} translations did not load: {error}"
        )),
    }
}

#[cfg(target_arch = "wasm32")]
async fn fetch_messages(language: &str) -> Result<String, String> {
    use dhis2_api::transport::{HttpRequest, Transport};
    let response = dhis2_api::browser::FetchTransport
        .send(HttpRequest::get(format!("./i18n/{language}.ftl")))
        .await
        .map_err(|error| error.to_string())?;
    if response.status != 200 {
        return Err(format!("HTTP {}", response.status));
    }
    String::from_utf8(response.body).map_err(|_| "not UTF-8".to_string())
}

#[cfg(not(target_arch = "wasm32"))]
async fn fetch_messages(language: &str) -> Result<String, String> {
    Err(format!("no browser to fetch {language}.ftl"))
}

fn log(message: &str) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::warn_1(&message.into());
    #[cfg(not(target_arch = "wasm32"))]
    let _ = message;
}

/// The language messages are shown in (`en` until [`load`] found another).
pub fn language() -> &'static str {
    CATALOG.with(|catalog| catalog.borrow().language)
}

/// The message `key` with `args`, in the user's language, else English, else the key itself
/// (a missing key is a bug the `i18n_keys` test catches).
pub fn translate(key: &str, args: Option<&FluentArgs<'_>>) -> String {
    let catalog = CATALOG.with(|catalog| Rc::clone(&catalog.borrow()));
    for bundle in catalog
        .chosen
        .iter()
        .chain(std::iter::once(&catalog.english))
    {
        if let Some(pattern) = bundle.get_message(key).and_then(|message| message.value()) {
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned();
        }
    }
    key.to_string()
}

/// Builds the arguments of a message (used by [`t!`]).
pub fn args<'a>(pairs: Vec<(&'static str, FluentValue<'a>)>) -> FluentArgs<'a> {
    let mut args = FluentArgs::new();
    for (name, value) in pairs {
        args.set(name, value);
    }
    args
}

/// A message in the user's language: `t!("wizard-next")`, or with arguments
/// `t!("report-values-sent", count = sent)`. Keys are string literals so the `i18n_keys` test can
/// find every one in the sources.
#[macro_export]
macro_rules! t {
    ($key:literal) => {
        $crate::i18n::translate($key, None)
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::translate(
            $key,
            Some(&$crate::i18n::args(vec![$((
                stringify!($name),
                ::fluent_bundle::FluentValue::from($value),
            )),+])),
        )
    };
}

/// `number` formatted for the user's language by `Intl.NumberFormat` (e.g. `1 234,5` in French).
pub fn format_number(number: f64) -> String {
    format_with(number, None)
}

/// `number` with exactly `digits` decimals, formatted for the user's language (`4,5` in French).
pub fn format_decimal(number: f64, digits: u32) -> String {
    format_with(number, Some(digits))
}

#[cfg(target_arch = "wasm32")]
fn format_with(number: f64, digits: Option<u32>) -> String {
    let options = js_sys::Object::new();
    if let Some(digits) = digits {
        for name in ["minimumFractionDigits", "maximumFractionDigits"] {
            let _ = js_sys::Reflect::set(&options, &name.into(), &digits.into());
        }
    }
    let locales = js_sys::Array::of1(&language().into());
    let formatter = js_sys::Intl::NumberFormat::new(&locales, &options);
    formatter
        .format()
        .call1(&formatter, &number.into())
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_else(|| number.to_string())
}

/// Outside the browser (unit tests): English's format, digits grouped by three with commas.
#[cfg(not(target_arch = "wasm32"))]
fn format_with(number: f64, digits: Option<u32>) -> String {
    let text = match digits {
        Some(digits) => format!("{number:.*}", digits as usize),
        None => number.to_string(),
    };
    let (sign, unsigned) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |rest| ("-", rest));
    let (whole, fraction) = unsigned
        .split_once('.')
        .map_or((unsigned, None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    match fraction {
        Some(fraction) => format!("{sign}{grouped}.{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}

/// A count formatted for the user's language.
pub fn format_count(count: u64) -> String {
    // Counts stay far below 2^53, where f64 is exact.
    format_number(count as f64)
}

/// An ISO date-time as the server writes it (`2027-01-01T10:00:00.000`, no zone: the server's
/// time) formatted by `Intl.DateTimeFormat` for the user's language; the text itself when it is
/// not a date-time. Formatted in UTC so the server's wall-clock time is shown unchanged.
pub fn format_timestamp(timestamp: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let trimmed = timestamp.trim_end_matches('Z');
        if trimmed.len() < 16 {
            return timestamp.to_string();
        }
        let date = js_sys::Date::new(&format!("{trimmed}Z").into());
        if date.get_time().is_nan() {
            return timestamp.to_string();
        }
        let options = js_sys::Object::new();
        for (name, value) in [
            ("timeZone", "UTC"),
            ("dateStyle", "medium"),
            ("timeStyle", "medium"),
        ] {
            let _ = js_sys::Reflect::set(&options, &name.into(), &value.into());
        }
        date.to_locale_string(language(), &options)
            .as_string()
            .unwrap_or_else(|| timestamp.to_string())
    }
    #[cfg(not(target_arch = "wasm32"))]
    timestamp.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dhis2_locales_map_to_the_app_languages() {
        assert_eq!(supported_language("fr"), Some("fr"));
        assert_eq!(supported_language("pt_BR"), Some("pt"));
        assert_eq!(supported_language("ar-EG"), Some("ar"));
        assert_eq!(supported_language("en_GB"), Some("en"));
        assert_eq!(supported_language("sw"), None);
    }

    #[test]
    fn english_messages_with_plurals_and_numbers() {
        assert_eq!(t!("wizard-next"), "Next");
        assert_eq!(
            t!("org-units-count", count = 1),
            "1 organisation unit selected"
        );
        assert_eq!(
            t!("org-units-count", count = 1234),
            "1,234 organisation units selected"
        );
        assert_eq!(t!("no-such-key-anywhere"), "no-such-key-anywhere");
    }

    #[test]
    fn a_translation_falls_back_to_english_for_a_missing_message() {
        let chosen = bundle("fr", "wizard-next = Suivant\n").expect("parses");
        CATALOG.with(|catalog| {
            *catalog.borrow_mut() = Rc::new(Catalog {
                language: "fr",
                chosen: Some(chosen),
                english: bundle("en", ENGLISH_FTL).expect("English parses"),
            });
        });
        assert_eq!(t!("wizard-next"), "Suivant");
        assert_eq!(t!("wizard-back"), "Back");
        assert_eq!(language(), "fr");
    }

    #[test]
    fn numbers_outside_the_browser_use_english_grouping() {
        assert_eq!(format_number(104730.0), "104,730");
        assert_eq!(format_decimal(3.256, 2), "3.26");
        assert_eq!(format_count(999), "999");
    }
}
