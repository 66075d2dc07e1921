//! Import results of every DHIS2 version and shape, from fixtures: normalised outcomes, conflicts
//! mapped back to the chunk's values, async task replies, errors, and the merge across chunks.

// Helpers outside #[test] functions unwrap too: a panic is a test failure here.
#![allow(clippy::unwrap_used)]

use sync_core::import_result::{
    AsyncTask, ImportCount, ImportOutcome, ImportResponse, ImportStatus, ResponseError,
    ResponseShape, ValueMatch, merge, parse_import_response, parse_task_notifications,
    parse_task_summary,
};
use sync_core::plan::DataValue;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/fixtures/import_result/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The chunk the fixtures answer: index 1 has the bad period `2024X1`, index 2 the unknown
/// data element `xxxxxxxxxxx`, index 3 the org unit outside the user's hierarchy.
fn chunk() -> Vec<DataValue> {
    vec![
        DataValue::new("fbfJHSPpUQD", "202401", "O6uvpzGd5pu", "abc"),
        DataValue::new("fbfJHSPpUQD", "2024X1", "O6uvpzGd5pu", "5"),
        DataValue::new("xxxxxxxxxxx", "202401", "O6uvpzGd5pu", "7"),
        DataValue::new("fbfJHSPpUQD", "202402", "DiszpKrYNg8", "x")
            .with_combos("HllvX50cXC0", "LPeJEUjotaB"),
        DataValue::new("s46m5MS0hxu", "202401", "O6uvpzGd5pu", "1"),
    ]
}

/// What a fixture must parse to.
enum Expected {
    Completed {
        shape: ResponseShape,
        status: ImportStatus,
        counts: [u64; 4],
        /// Per conflict: error code, how its values were found, their positions in the chunk.
        conflicts: &'static [(Option<&'static str>, ValueMatch, &'static [usize])],
        rejected: &'static [usize],
        message: Option<&'static str>,
        strategy: &'static str,
    },
    Started {
        id: &'static str,
        notifier: &'static str,
        summary: &'static str,
    },
    Error {
        retryable: bool,
        text: &'static str,
    },
}

fn check(fixture_name: &str, http_status: u16, content_type: Option<&str>, expected: Expected) {
    let values = chunk();
    let parsed = parse_import_response(http_status, content_type, &fixture(fixture_name));
    match expected {
        Expected::Completed {
            shape,
            status,
            counts,
            conflicts,
            rejected,
            message,
            strategy,
        } => {
            let Ok(ImportResponse::Completed(mut outcome)) = parsed else {
                panic!("{fixture_name}: {parsed:?}");
            };
            outcome.resolve_values(&values);
            assert_eq!(outcome.shape, Some(shape), "{fixture_name}");
            assert_eq!(outcome.status, status, "{fixture_name}");
            assert_eq!(outcome.http_status, Some(http_status), "{fixture_name}");
            let [imported, updated, ignored, deleted] = counts;
            assert_eq!(
                outcome.counts,
                ImportCount {
                    imported,
                    updated,
                    ignored,
                    deleted
                },
                "{fixture_name}"
            );
            assert_eq!(outcome.conflicts.len(), conflicts.len(), "{fixture_name}");
            for (conflict, (code, matched, positions)) in outcome.conflicts.iter().zip(conflicts) {
                assert_eq!(conflict.error_code.as_deref(), *code, "{fixture_name}");
                assert!(!conflict.message.is_empty(), "{fixture_name}");
                assert_eq!(conflict.value_match, *matched, "{fixture_name}");
                let expected_values: Vec<DataValue> =
                    positions.iter().map(|i| values[*i].clone()).collect();
                assert_eq!(
                    conflict.values, expected_values,
                    "{fixture_name}: {}",
                    conflict.message
                );
            }
            let expected_rejected: Vec<DataValue> =
                rejected.iter().map(|i| values[*i].clone()).collect();
            assert_eq!(outcome.rejected_values, expected_rejected, "{fixture_name}");
            assert_eq!(outcome.message.as_deref(), message, "{fixture_name}");
            assert_eq!(
                outcome.import_strategy.as_deref(),
                Some(strategy),
                "{fixture_name}"
            );
        }
        Expected::Started {
            id,
            notifier,
            summary,
        } => {
            let Ok(ImportResponse::Started(task)) = parsed else {
                panic!("{fixture_name}: {parsed:?}");
            };
            assert_eq!(
                (
                    task.id.as_str(),
                    task.notifier_endpoint.as_str(),
                    task.summary_endpoint.as_str()
                ),
                (id, notifier, summary),
                "{fixture_name}"
            );
            assert_eq!(task.job_type, "DATAVALUE_IMPORT");
            assert!(task.message.unwrap().starts_with("Initiated"));
        }
        Expected::Error { retryable, text } => {
            let Err(error) = parsed else {
                panic!("{fixture_name}: {parsed:?}");
            };
            assert_eq!(error.is_retryable(), retryable, "{fixture_name}: {error}");
            assert!(
                error.to_string().starts_with(text),
                "{fixture_name}: {error}"
            );
        }
    }
}

#[test]
fn every_response_shape() {
    use ImportStatus::*;
    use ResponseShape::*;
    use ValueMatch::{Indexes, Object};
    let json = Some("application/json;charset=UTF-8");
    check(
        "v2.36_bare_success.json",
        200,
        json,
        Expected::Completed {
            shape: BareSummary,
            status: Success,
            counts: [2, 1, 0, 0],
            conflicts: &[],
            rejected: &[],
            message: None,
            strategy: "CREATE_AND_UPDATE",
        },
    );
    check(
        "v2.36_bare_legacy_conflicts.json",
        200,
        json,
        Expected::Completed {
            shape: BareSummary,
            status: Warning,
            counts: [1, 0, 2, 0],
            // 2.36 names the offending id only: the values naming it are found by that id.
            conflicts: &[(None, Object, &[2]), (None, Object, &[1])],
            rejected: &[],
            message: None,
            strategy: "CREATE_AND_UPDATE",
        },
    );
    check(
        "v2.37_bare_warning.json",
        200,
        json,
        Expected::Completed {
            shape: BareSummary,
            status: Warning,
            counts: [1, 0, 3, 0],
            conflicts: &[
                (Some("E7619"), Indexes, &[0, 3]),
                (Some("E7617"), Indexes, &[2]),
            ],
            rejected: &[0, 2, 3],
            message: None,
            strategy: "CREATE",
        },
    );
    check(
        "v2.38_webmessage_success.json",
        200,
        json,
        Expected::Completed {
            shape: WebMessage,
            status: Success,
            counts: [0, 4, 0, 0],
            conflicts: &[],
            rejected: &[],
            message: Some("Import was successful."),
            strategy: "UPDATE",
        },
    );
    check(
        "v2.39.0_webmessage_409_no_rejected_indexes.json",
        409,
        json,
        Expected::Completed {
            shape: WebMessage,
            status: Warning,
            counts: [1, 0, 3, 0],
            conflicts: &[
                (Some("E7611"), Indexes, &[1]),
                (Some("E7619"), Indexes, &[0, 3]),
            ],
            rejected: &[0, 1, 3],
            message: Some("One more conflicts encountered, please check import summary."),
            strategy: "CREATE_AND_UPDATE",
        },
    );
    check(
        "v2.40_webmessage_409_error_malformed.json",
        409,
        json,
        Expected::Completed {
            shape: WebMessage,
            status: Error,
            counts: [0, 0, 0, 0],
            conflicts: &[],
            // The import failed: nothing was written, whatever rejectedIndexes says.
            rejected: &[0, 1, 2, 3, 4],
            message: Some("An error occurred, please check import summary."),
            strategy: "CREATE_AND_UPDATE",
        },
    );
    check(
        "v2.41_webmessage_409_warning.json",
        409,
        json,
        Expected::Completed {
            shape: WebMessage,
            status: Warning,
            counts: [2, 0, 1, 0],
            conflicts: &[(Some("E7610"), Indexes, &[2])],
            rejected: &[2],
            message: Some("One more conflicts encountered, please check import summary."),
            strategy: "CREATE_AND_UPDATE",
        },
    );
    check(
        "v2.42_webmessage_409_delete.json",
        409,
        json,
        Expected::Completed {
            shape: WebMessage,
            status: Warning,
            counts: [0, 0, 1, 2],
            conflicts: &[(Some("E7616"), Indexes, &[1])],
            rejected: &[1],
            message: Some("One more conflicts encountered, please check import summary."),
            strategy: "DELETE",
        },
    );
    check(
        "v2.43_webmessage_200_warning.json",
        200,
        json,
        Expected::Completed {
            shape: WebMessage,
            status: Warning,
            counts: [3, 0, 1, 0],
            conflicts: &[(Some("E7617"), Indexes, &[3])],
            rejected: &[3],
            message: Some("Import completed with warnings, please check import summary."),
            strategy: "CREATE_AND_UPDATE",
        },
    );
    check(
        "v2.41_async_initiated.json",
        200,
        json,
        Expected::Started {
            id: "YR1UxOUXmzT",
            notifier: "/api/system/tasks/DATAVALUE_IMPORT/YR1UxOUXmzT",
            summary: "/api/system/taskSummaries/DATAVALUE_IMPORT/YR1UxOUXmzT",
        },
    );
    check(
        "v2.36_async_initiated.json",
        200,
        json,
        Expected::Started {
            id: "mR3kOaXbN7u",
            notifier: "/api/system/tasks/DATAVALUE_IMPORT/mR3kOaXbN7u",
            summary: "/api/system/taskSummaries/DATAVALUE_IMPORT/mR3kOaXbN7u",
        },
    );
    check(
        "v2.41_403_forbidden.json",
        403,
        json,
        Expected::Error {
            retryable: false,
            text: "the server refused the request (HTTP 403): Access is denied",
        },
    );
    check(
        "v2.41_409_error_no_summary.json",
        409,
        json,
        Expected::Error {
            retryable: false,
            text: "the server refused the request (HTTP 409): API query cannot be performed",
        },
    );
    check(
        "v2.41_401_unauthorized.json",
        401,
        json,
        Expected::Error {
            retryable: true,
            text: "the session expired (HTTP 401)",
        },
    );
    check(
        "login_page.html",
        200,
        Some("text/html;charset=UTF-8"),
        Expected::Error {
            retryable: true,
            text: "the session expired (HTTP 200)",
        },
    );
    check(
        "gateway_timeout.html",
        504,
        Some("text/html"),
        Expected::Error {
            retryable: true,
            text: "the server answered HTTP 504 with text/html instead of JSON",
        },
    );
    check(
        "tasks_running.json",
        200,
        json,
        Expected::Error {
            retryable: false,
            text: "the server answered HTTP 200 with JSON of an unknown shape",
        },
    );
}

#[test]
fn odd_bodies() {
    let redirect = parse_import_response(302, None, b"");
    assert_eq!(
        redirect,
        Err(ResponseError::SessionExpired { http_status: 302 })
    );
    let empty = parse_import_response(502, None, b"  ");
    assert_eq!(empty, Err(ResponseError::Empty { http_status: 502 }));
    assert!(empty.unwrap_err().is_retryable());
    let text = parse_import_response(500, Some("text/plain"), b"Internal Server Error");
    assert!(
        matches!(
            text,
            Err(ResponseError::NotJson {
                http_status: 500,
                ..
            })
        ),
        "{text:?}"
    );
    // An HTML page without a login form is not taken for an expired session.
    let html = parse_import_response(200, None, b"<html><body>Maintenance</body></html>");
    assert!(
        matches!(html, Err(ResponseError::NotJson { .. })),
        "{html:?}"
    );
    // A 200 WebMessage without a summary is not an empty success.
    let ok = parse_import_response(
        200,
        None,
        br#"{"httpStatus":"OK","httpStatusCode":200,"status":"OK","message":"done"}"#,
    );
    assert!(
        matches!(
            ok,
            Err(ResponseError::WebMessage {
                http_status: 200,
                ..
            })
        ),
        "{ok:?}"
    );
    // A long body is cut in the message.
    let long = format!("<html>{}</html>", "x".repeat(5000));
    let error = parse_import_response(502, None, long.as_bytes()).unwrap_err();
    assert!(error.to_string().len() < 500, "{error}");
}

#[test]
fn async_task_polling() {
    let running = parse_task_notifications(200, None, &fixture("tasks_running.json")).unwrap();
    assert!(!running.completed && !running.failed);
    assert_eq!(running.messages.len(), 2);
    let done = parse_task_notifications(200, None, &fixture("tasks_completed.json")).unwrap();
    assert!(done.completed && !done.failed);
    assert_eq!(done.messages[0].message.as_deref(), Some("Import done"));
    let failed = parse_task_notifications(200, None, &fixture("tasks_failed.json")).unwrap();
    assert!(failed.completed && failed.failed);
    let unknown = parse_task_notifications(200, None, b"[]").unwrap();
    assert!(!unknown.completed);
    let map = parse_task_notifications(
        200,
        None,
        br#"{"YR1UxOUXmzT":[{"level":"INFO","message":"Import done","completed":true}]}"#,
    )
    .unwrap();
    assert!(map.completed);
    let expired = parse_task_notifications(200, Some("text/html"), &fixture("login_page.html"));
    assert_eq!(
        expired,
        Err(ResponseError::SessionExpired { http_status: 200 })
    );

    assert_eq!(parse_task_summary(200, None, b""), Ok(None));
    assert_eq!(parse_task_summary(200, None, b"{}"), Ok(None));
    let mut summary = parse_task_summary(200, None, &fixture("task_summary_v2.41.json"))
        .unwrap()
        .unwrap();
    assert_eq!(summary.shape, Some(ResponseShape::TaskSummary));
    assert_eq!(summary.counts.imported, 4998);
    let big: Vec<DataValue> = (0..5000)
        .map(|i| DataValue::new("fbfJHSPpUQD", "202401", &format!("OrgUnit{i:04}"), "1"))
        .collect();
    summary.resolve_values(&big);
    assert_eq!(
        summary.conflicts[0].values,
        vec![big[7].clone(), big[4321].clone()]
    );
    assert_eq!(summary.rejected_values.len(), 2);
    // A wrapped summary at the task summary endpoint is read too.
    let wrapped = parse_task_summary(200, None, &fixture("v2.41_webmessage_409_warning.json"))
        .unwrap()
        .unwrap();
    assert_eq!(wrapped.shape, Some(ResponseShape::TaskSummary));
    assert_eq!(wrapped.counts.imported, 2);
}

#[test]
fn aborted_import_rejects_the_whole_chunk() {
    // 2.36 plain ERROR (no rejectedIndexes): nothing written, so every value is rejected.
    let body = br#"{"responseType":"ImportSummary","status":"ERROR","description":"Import process was aborted",
        "importCount":{"imported":0,"updated":0,"ignored":0,"deleted":0},
        "conflicts":[{"object":"dataSet","objects":{"dataSet":"xxxxxxxxxxx"},"value":"Data set not found or not accessible: `xxxxxxxxxxx`","errorCode":"E7600","property":"dataSet"}]}"#;
    let ImportResponse::Completed(mut outcome) = parse_import_response(200, None, body).unwrap()
    else {
        panic!("not completed");
    };
    outcome.resolve_values(&chunk());
    assert_eq!(outcome.status, ImportStatus::Error);
    assert_eq!(outcome.rejected_values, chunk());
    assert_eq!(outcome.conflicts[0].value_match, ValueMatch::None);
    assert_eq!(
        outcome.conflicts[0]
            .objects
            .get("dataSet")
            .map(String::as_str),
        Some("xxxxxxxxxxx")
    );
}

fn completed(name: &str, status: u16) -> ImportOutcome {
    let Ok(ImportResponse::Completed(mut outcome)) =
        parse_import_response(status, None, &fixture(name))
    else {
        panic!("{name}");
    };
    outcome.resolve_values(&chunk());
    outcome
}

#[test]
fn merge_across_chunks() {
    let first = completed("v2.38_webmessage_success.json", 200);
    let second = completed("v2.41_webmessage_409_warning.json", 409);
    let third = completed("v2.42_webmessage_409_delete.json", 409);
    let mut merged = merge([(0, &first), (1, &second), (2, &third)]);
    assert_eq!(merged.status, ImportStatus::Warning);
    assert_eq!(
        merged.counts,
        ImportCount {
            imported: 2,
            updated: 4,
            ignored: 2,
            deleted: 2
        }
    );
    assert_eq!(merged.chunks, 3);
    let chunks: Vec<Option<usize>> = merged.conflicts.iter().map(|c| c.chunk).collect();
    assert_eq!(chunks, vec![Some(1), Some(2)]);
    assert_eq!(
        merged.rejected_values,
        vec![chunk()[2].clone(), chunk()[1].clone()]
    );
    // 10 values sent over the three chunks (5 + 5 + 0 counted elsewhere): nothing uncounted.
    assert_eq!(merged.uncounted(10), 0);
    assert_eq!(merged.uncounted(12), 2);

    merged.add_failure(3, 5, "HTTP 504 after 3 attempts");
    assert_eq!(merged.status, ImportStatus::Error);
    assert_eq!(merged.uncounted(15), 0);

    let empty = merge(std::iter::empty::<(usize, &ImportOutcome)>());
    assert_eq!(empty.status, ImportStatus::Success);
    assert_eq!(empty.counts.total(), 0);

    let task = AsyncTask {
        id: "x".into(),
        job_type: "DATAVALUE_IMPORT".into(),
        notifier_endpoint: String::new(),
        summary_endpoint: String::new(),
        message: None,
    };
    assert_eq!(
        serde_json::to_value(&task).unwrap()["jobType"],
        "DATAVALUE_IMPORT"
    );
}

#[test]
fn which_errors_call_for_smaller_chunks() {
    let cases = [
        (ResponseError::Empty { http_status: 502 }, true, true),
        (
            ResponseError::NotJson {
                http_status: 504,
                content_type: "text/html".into(),
                snippet: String::new(),
            },
            true,
            true,
        ),
        (
            ResponseError::NotJson {
                http_status: 413,
                content_type: "text/html".into(),
                snippet: String::new(),
            },
            true,
            false,
        ),
        (
            ResponseError::NotJson {
                http_status: 503,
                content_type: "text/html".into(),
                snippet: String::new(),
            },
            false,
            true,
        ),
        (
            ResponseError::SessionExpired { http_status: 401 },
            false,
            true,
        ),
        (
            ResponseError::WebMessage {
                http_status: 409,
                message: "x".into(),
                error_code: None,
                dev_message: None,
            },
            false,
            false,
        ),
    ];
    for (error, smaller, retryable) in cases {
        assert_eq!(error.suggests_smaller_chunk(), smaller, "{error}");
        assert_eq!(error.is_retryable(), retryable, "{error}");
    }
}
