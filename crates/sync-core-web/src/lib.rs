//! The JavaScript entry point to sync-core's aggregation engine, for the app and for other DHIS2
//! apps: `/api/dataValueSets` JSON bytes in, aggregated data values out, computed in WebAssembly.
//!
//! Built with `wasm-bindgen --target web` by `build.sh` into `target/sync-core-web/`:
//!
//! ```js
//! import init, { aggregate, Aggregation } from "./sync_core_web.js";
//! await init();
//! // Whole response at once (the bytes are copied into WebAssembly memory):
//! const json = aggregate(new Uint8Array(await response.arrayBuffer()), JSON.stringify(options));
//! // Or streaming, chunk by chunk, in memory bounded by the output:
//! const aggregation = new Aggregation(JSON.stringify(options));
//! for await (const chunk of response.body) aggregation.feed(chunk);
//! const result = JSON.parse(aggregation.finish());
//! ```
//!
//! `options` are those of `aggsync aggregate` (see `sync_core::aggregate::options`): data
//! elements with value and aggregation types, organisation units with paths, `periodType`,
//! `periods` or `from`/`to`, `orgUnits`, optionally `excludedDataElements`,
//! `attributeOptionCombos` and `includeZeroValues`. The result is
//! `{"dataValues":[…],"notAggregated":[…],"skipped"?:[…],"stats":{…}}`. Errors (invalid options,
//! malformed JSON) are thrown as JavaScript `Error`s. This crate holds no logic of its own.

use sync_core::aggregate::Aggregator;
use wasm_bindgen::prelude::*;

/// Aggregates a whole `/api/dataValueSets` response; the pure core of [`aggregate`].
pub fn aggregate_json(bytes: &[u8], options: &str) -> Result<String, String> {
    let mut aggregator =
        Aggregator::from_options_json(options).map_err(|error| error.to_string())?;
    aggregator.feed(bytes).map_err(|error| error.to_string())?;
    aggregator
        .finish_json_with_stats()
        .map_err(|error| error.to_string())
}

/// `aggregate(bytes: Uint8Array, options: string) -> string`: aggregates a whole
/// `/api/dataValueSets` JSON response as DHIS2 analytics would; returns the result as JSON.
#[wasm_bindgen]
pub fn aggregate(bytes: &[u8], options: &str) -> Result<String, JsError> {
    aggregate_json(bytes, options).map_err(|message| JsError::new(&message))
}

/// A streaming aggregation: `new Aggregation(options)`, `feed(chunk)` for every chunk of the
/// response body as it arrives, then `finish()` for the JSON result. Memory stays bounded by the
/// output, whatever the size of the response.
#[wasm_bindgen]
pub struct Aggregation {
    inner: Option<Aggregator>,
}

impl Aggregation {
    /// The pure core of the constructor.
    pub fn create(options: &str) -> Result<Aggregation, String> {
        let inner = Aggregator::from_options_json(options).map_err(|error| error.to_string())?;
        Ok(Aggregation { inner: Some(inner) })
    }

    /// The pure core of [`Aggregation::feed`].
    pub fn feed_bytes(&mut self, chunk: &[u8]) -> Result<(), String> {
        let inner = self.inner.as_mut().ok_or("the aggregation is finished")?;
        inner.feed(chunk).map_err(|error| error.to_string())
    }

    /// The pure core of [`Aggregation::finish`].
    pub fn finish_json(&mut self) -> Result<String, String> {
        let inner = self.inner.take().ok_or("the aggregation is finished")?;
        inner
            .finish_json_with_stats()
            .map_err(|error| error.to_string())
    }
}

#[wasm_bindgen]
impl Aggregation {
    /// Starts an aggregation with the given options (JSON text).
    #[wasm_bindgen(constructor)]
    pub fn new(options: &str) -> Result<Aggregation, JsError> {
        Aggregation::create(options).map_err(|message| JsError::new(&message))
    }

    /// Reads the next chunk of the response bytes (split anywhere).
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), JsError> {
        self.feed_bytes(chunk)
            .map_err(|message| JsError::new(&message))
    }

    /// Ends the input and returns the result as JSON.
    pub fn finish(&mut self) -> Result<String, JsError> {
        self.finish_json().map_err(|message| JsError::new(&message))
    }

    /// For LAST/FIRST-type data elements: the earliest start date (`yyyy-MM-dd`) of the data
    /// that counts, i.e. how far back to fetch; `undefined` when no data element needs it.
    #[wasm_bindgen(js_name = lookBackFrom)]
    pub fn look_back_from(&self) -> Option<String> {
        self.inner
            .as_ref()
            .and_then(Aggregator::look_back_from)
            .map(|date| date.to_string())
    }

    /// Number of output cells so far (the size of the state).
    pub fn cells(&self) -> usize {
        self.inner.as_ref().map_or(0, Aggregator::cells)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTIONS: &str = r#"{"dataElements":[{"id":"de","valueType":"NUMBER","aggregationType":"SUM"}],
        "organisationUnits":[{"id":"D","path":"/D"},{"id":"F","path":"/D/F"}],
        "periodType":"Yearly","periods":["2020"],"orgUnits":["D"]}"#;
    const DATA: &str = r#"{"dataValues":[{"dataElement":"de","period":"202001","orgUnit":"F","value":"1.5"},{"dataElement":"de","period":"202002","orgUnit":"F","value":"2"}]}"#;

    #[test]
    fn whole_and_streamed_give_the_same_json() {
        let whole = aggregate_json(DATA.as_bytes(), OPTIONS).expect("aggregates");
        assert!(whole.starts_with(r#"{"dataValues":[{"dataElement":"de","period":"2020","orgUnit":"D","categoryOptionCombo":"HllvX50cXC0","attributeOptionCombo":"HllvX50cXC0","value":"3.5","comment":"[aggregated]"}],"notAggregated":[],"stats":{"#), "{whole}");
        let mut streamed = Aggregation::create(OPTIONS).expect("options");
        for chunk in DATA.as_bytes().chunks(7) {
            streamed.feed_bytes(chunk).expect("feeds");
        }
        assert_eq!(streamed.finish_json().expect("finishes"), whole);
        assert!(streamed.finish_json().is_err());
    }

    #[test]
    fn errors_are_messages() {
        assert!(
            aggregate_json(DATA.as_bytes(), "{")
                .expect_err("bad options")
                .contains("options JSON")
        );
        assert!(
            aggregate_json(b"{\"dataValues\":[", OPTIONS)
                .expect_err("truncated")
                .contains("ends early")
        );
    }
}
