//! What the rules operations need from the browser: new DHIS2 UIDs, a file
//! download of a text (Blob + object URL), and the text of a file the user picked.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const ALPHANUMERICS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// A new DHIS2 UID: a letter then 10 letters or digits, as `/api/system/id` makes them.
pub fn new_uid() -> String {
    let pick = |alphabet: &[u8]| {
        let index = (js_sys::Math::random() * alphabet.len() as f64) as usize;
        alphabet[index.min(alphabet.len() - 1)] as char
    };
    std::iter::once(pick(LETTERS))
        .chain((0..10).map(|_| pick(ALPHANUMERICS)))
        .collect()
}

/// Offers `text` as a file download named `file_name`.
pub fn download_text(file_name: &str, text: &str, mime_type: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime_type);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| t!("rules-browser-could-not-make-file"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| t!("rules-browser-could-not-make-file"))?;
    let document = web_sys::window()
        .and_then(|window| window.document())
        .ok_or_else(|| t!("rules-browser-could-not-find-page"))?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| t!("rules-browser-could-not-start-download"))?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_hidden(true);
    let body = document
        .body()
        .ok_or_else(|| t!("rules-browser-could-not-find-page"))?;
    let _ = body.append_child(&anchor);
    anchor.click();
    anchor.remove();
    // Revoked once the click has started the download.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
    Ok(())
}

/// The text of the first file chosen in `input`, or `None` when no file is chosen. A file over
/// `transfer::MAX_IMPORT_BYTES` is refused before it is read.
pub async fn read_chosen_file(input: &web_sys::HtmlInputElement) -> Option<Result<String, String>> {
    let file = input.files()?.get(0)?;
    if let Some(problem) = super::transfer::import_size_problem(file.size() as usize) {
        return Some(Err(problem));
    }
    let text = JsFuture::from(file.text())
        .await
        .ok()
        .and_then(|value| value.as_string())
        .ok_or_else(|| t!("rules-file-unreadable", name = file.name()));
    Some(text)
}
