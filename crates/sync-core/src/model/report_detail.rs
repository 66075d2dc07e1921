//! The value-level detail of a report, kept apart from the report itself (issue 14).
//!
//! A report's entry (`report-<id>`) is readable by every user of the app, whatever their own
//! access to the data; so it keeps only counts, the tally and the statistics per data element.
//! What names values — every value left behind with its value, the conflicts with the values
//! they concern, the raw import responses — goes to a second key, `report-<id>-detail`, which
//! only the user who ran the sync (and superusers) may read: shared with that user alone in the
//! dataStore where DHIS2 applies a key's sharing to every read, else in that user's own user
//! data store. Where it is, [`DetailPlace`], is written in the report so a reader knows where to
//! look; a report without it (written before this split) still holds its detail itself.
//!
//! Pure: the store (sync-engine) reads and writes the two keys.

use serde::{Deserialize, Serialize};

use super::outcome::LeftBehind;
use super::persist::{Migration, Persisted};
use super::report::SyncReport;
use crate::import_result::Conflict;

/// Schema version of [`ReportDetail`] written by this build.
pub const REPORT_DETAIL_SCHEMA_VERSION: u32 = 1;

/// Where a report's value-level detail is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum DetailPlace {
    /// The app's dataStore namespace, key `report-<id>-detail`, shared with the user who ran
    /// the sync only (no public access).
    SharedKey,
    /// The user data store of the user who ran the sync (`/api/userDataStore`), same key.
    UserDataStore,
}

/// One chunk's raw import response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawResponse {
    /// Position of the chunk in the report's `chunks`.
    pub position: usize,
    /// The response body, as the report keeps it (cut, see `SyncReport::for_storage`).
    pub text: String,
}

/// The value-level detail of one report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportDetail {
    /// Schema version ([`REPORT_DETAIL_SCHEMA_VERSION`] after loading).
    pub schema_version: u32,
    /// The report's id.
    pub report_id: String,
    /// Every value left behind that the stored report lists, with its value.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub left_behind: Vec<LeftBehind>,
    /// Every conflict with the values it concerns.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
    /// The raw responses of the chunks that keep one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub raw_responses: Vec<RawResponse>,
}

impl Persisted for ReportDetail {
    const KIND: &'static str = "report detail";
    const CURRENT_VERSION: u32 = REPORT_DETAIL_SCHEMA_VERSION;

    fn migrations() -> &'static [Migration] {
        &[]
    }
}

impl ReportDetail {
    /// An empty detail of report `report_id`: what is created first, before the key is shared,
    /// so that nothing is readable while it is still public.
    pub fn empty(report_id: &str) -> ReportDetail {
        ReportDetail {
            schema_version: REPORT_DETAIL_SCHEMA_VERSION,
            report_id: report_id.to_string(),
            ..ReportDetail::default()
        }
    }

    /// True when there is nothing in it.
    pub fn is_empty(&self) -> bool {
        self.left_behind.is_empty() && self.conflicts.is_empty() && self.raw_responses.is_empty()
    }
}

impl SyncReport {
    /// The report as stored (capped, see [`SyncReport::for_storage`]) split in two: the entry
    /// every app user may read — counts, tally, statistics, chunks without their responses,
    /// marked with where its detail is — and the detail that only the runner may read.
    pub fn split_detail(&self, place: DetailPlace) -> (SyncReport, ReportDetail) {
        let mut summary = self.for_storage();
        let mut detail = ReportDetail::empty(&self.id);
        detail.left_behind = std::mem::take(&mut summary.left_behind);
        detail.conflicts = std::mem::take(&mut summary.conflicts);
        for (position, chunk) in summary.chunks.iter_mut().enumerate() {
            if let Some(text) = chunk.raw_response.take() {
                detail.raw_responses.push(RawResponse { position, text });
            }
        }
        summary.detail = Some(place);
        (summary, detail)
    }

    /// Puts the detail read back into the report (the inverse of [`SyncReport::split_detail`]).
    pub fn merge_detail(&mut self, detail: ReportDetail) {
        self.left_behind = detail.left_behind;
        self.conflicts = detail.conflicts;
        for raw in detail.raw_responses {
            if let Some(chunk) = self.chunks.get_mut(raw.position) {
                chunk.raw_response = Some(raw.text);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report() -> SyncReport {
        let value = json!({
            "schemaVersion": 2, "id": "rEport00001", "origin": {"type": "MANUAL"}, "runBy": "jane",
            "destinationId": "d",
            "parameters": {
                "selection": {"dataSets": [{"id": "BfMAe6Itzgt"}]}, "orgUnits": ["ou"],
                "period": {"type": "SINCE_LAST_SUCCESSFUL_SYNC"},
                "categoryOptions": {"type": "ALL"}, "aggregation": {"type": "OFF"},
                "importStrategy": "CREATE_AND_UPDATE", "sendDeletions": false, "dryRun": false,
                "chunkSize": 10
            },
            "status": "WARNING", "startedAt": "2026-12-07T10:00:00.000",
            "counts": {"imported": 0, "updated": 0, "ignored": 0, "deleted": 0},
            "tally": {"planned": 1, "confirmed": 0, "refused": 1, "fateUnknown": 0, "unsent": 0, "leftOut": 0},
            "chunks": [{"index": 0, "kind": "UPSERT", "valueCount": 1, "attempts": 1,
                "conflictCount": 1, "httpStatus": 409, "rawResponse": "{\"value\":\"42\"}"}],
            "conflicts": [{"message": "Value 42 is not allowed"}],
            "leftBehind": [{"value": {"dataElement": "de", "period": "202601", "orgUnit": "ou",
                "categoryOptionCombo": "coc", "attributeOptionCombo": "aoc", "value": "42"},
                "kind": "REFUSED", "reason": "refused"}]
        });
        serde_json::from_value(value).unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn the_summary_names_no_value_and_the_detail_puts_them_back() {
        let report = report();
        let (summary, detail) = report.split_detail(DetailPlace::SharedKey);
        let text = serde_json::to_string(&summary).unwrap_or_default();
        assert!(!text.contains("42"), "{text}");
        assert_eq!(summary.tally, report.tally, "counts stay for everyone");
        assert_eq!(summary.chunks[0].conflict_count, 1);
        assert_eq!(summary.detail, Some(DetailPlace::SharedKey));
        assert!(!detail.is_empty());
        let mut merged = summary;
        merged.merge_detail(detail);
        merged.detail = None;
        assert_eq!(merged, report);
    }
}
