//! `destination_catalog` against an in-process dhis2-lite with the demo metadata (seed `empty`:
//! the demo's metadata without data values, which the catalog does not read), then the fit of
//! the Child Health and HIV Programme elements into it. The client's transport hands every
//! request to dhis2-lite's router (`tower` `oneshot`): no socket and no native HTTP client, so
//! the test does not depend on how `NativeTransport` is built. Expectations come from the
//! server's metadata, never from hard-coded ids.
// A test file: its helpers panic on failure like the tests themselves.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Body;
use dhis2_api::model::UserOrgUnits;
use dhis2_api::query::ListQuery;
use dhis2_api::transport::{
    HttpRequest, HttpResponse, Method, ResponseHead, Transport, TransportError, WholeBody,
};
use dhis2_api::{Auth, AuthTransport, Dhis2Client};
use dhis2_lite::state::SharedState;
use http_body_util::BodyExt;
use serde_json::Value;
use sync_core::fit::{
    CatalogRequest, DestinationFit, FitContext, FitOutcome, SourceElement, TYPE_MISMATCH,
};
use sync_core::model::ServerTime;
use sync_core::period::PeriodType;
use sync_core::plan::{DEFAULT_CATEGORY_OPTION_COMBO, DataValue};
use tower::ServiceExt;

const BASE_URL: &str = "http://dhis2-lite.test";

/// A transport that answers from dhis2-lite's router in the same process.
#[derive(Clone)]
struct InProcess {
    state: SharedState,
}

impl Transport for InProcess {
    type Body = WholeBody;

    async fn open(
        &self,
        request: HttpRequest,
    ) -> Result<(ResponseHead, WholeBody), TransportError> {
        self.send(request).await.map(WholeBody::split)
    }

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let network = |error: String| TransportError::Network(error);
        let path = request
            .url
            .strip_prefix(BASE_URL)
            .ok_or_else(|| network(format!("not a dhis2-lite URL: {}", request.url)))?;
        let mut builder = axum::http::Request::builder()
            .method(request.method.as_str())
            .uri(path)
            .header("host", "127.0.0.1:8080");
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let body = request.body.map(Body::from).unwrap_or_else(Body::empty);
        let http_request = builder
            .body(body)
            .map_err(|error| network(error.to_string()))?;
        let response = dhis2_lite::api::test_service(self.state.clone())
            .oneshot(http_request)
            .await
            .map_err(|error| network(error.to_string()))?;
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .map(str::to_string);
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|error| network(error.to_string()))?
            .to_bytes()
            .to_vec();
        Ok(HttpResponse {
            status,
            content_type,
            redirected: false,
            retry_after_seconds: None,
            body,
        })
    }
}

/// A dhis2-lite (2.41, demo metadata, test clock) on its own data directory.
struct Lite {
    transport: InProcess,
    dir: PathBuf,
}

impl Lite {
    fn start() -> Lite {
        let dir = std::env::temp_dir().join(format!(
            "dhis2-api-catalog-{}",
            dhis2_lite::uid::random_uid()
        ));
        let mut config = dhis2_lite::ServerConfig::new(&dir);
        config.seed = dhis2_lite::Seed::Empty;
        config.version = "2.41".parse().unwrap();
        config.clock_start = Some(dhis2_lite::clock::test_clock_start().unwrap());
        let (state, _) = dhis2_lite::open_state(&config).unwrap();
        Lite {
            transport: InProcess {
                state: Arc::new(state),
            },
            dir,
        }
    }

    fn client(&self) -> Dhis2Client<AuthTransport<InProcess>> {
        Dhis2Client::direct(
            self.transport.clone(),
            BASE_URL,
            Auth::Basic {
                username: "admin".into(),
                password: "district".into(),
            },
        )
    }

    /// A raw call as the admin, for reading and changing metadata beside the client.
    async fn call(&self, method: Method, path: &str, body: Option<&Value>) -> Value {
        let mut request = HttpRequest::new(method, format!("{BASE_URL}{path}"))
            .with_header("Authorization", "Basic YWRtaW46ZGlzdHJpY3Q=")
            .with_header("Accept", "application/json");
        if let Some(body) = body {
            request = request.with_body("application/json", body.to_string().into_bytes());
        }
        let response = self.transport.send(request).await.unwrap();
        assert!(response.status < 300, "{path}: {}", response.status);
        serde_json::from_slice(&response.body).unwrap()
    }
}

impl Drop for Lite {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn data_set_named(
    client: &Dhis2Client<AuthTransport<InProcess>>,
    name: &str,
) -> dhis2_api::model::DataSet {
    let query = ListQuery {
        name_filter: name.into(),
        ..ListQuery::default()
    };
    let page = client.data_sets(&query).await.unwrap();
    let summary = page
        .items
        .iter()
        .find(|data_set| data_set.name == name)
        .unwrap_or_else(|| panic!("the demo seed has {name}"));
    client.data_set(&summary.id).await.unwrap()
}

fn sources(data_set: &dhis2_api::model::DataSet) -> Vec<SourceElement> {
    data_set
        .data_elements
        .iter()
        .map(|element| SourceElement {
            id: element.id.clone(),
            name: element.name.clone(),
            value_type: element.value_type.clone(),
            aggregation_type: element.aggregation_type.clone(),
            option_codes: None,
            destination_id: element.id.clone(),
        })
        .collect()
}

#[tokio::test]
async fn the_catalog_of_the_demo_destination_decides_the_two_scenarios_of_the_issue() {
    let lite = Lite::start();
    let client = lite.client();
    let now: ServerTime = client
        .system_info()
        .await
        .unwrap()
        .server_date
        .unwrap()
        .parse()
        .unwrap();
    let context = FitContext {
        now,
        may_edit_expired: false,
    };
    let child_health = data_set_named(&client, "Child Health Monthly").await;
    let hiv = data_set_named(&client, "HIV Programme Monthly").await;
    let attribute_combos = client
        .category_option_combos(&hiv.category_combo.id)
        .await
        .unwrap();
    let root = client
        .org_unit_roots(UserOrgUnits::Capture)
        .await
        .unwrap()
        .remove(0);
    let request = CatalogRequest {
        data_elements: child_health
            .data_elements
            .iter()
            .chain(&hiv.data_elements)
            .map(|element| element.id.clone())
            .collect(),
        category_option_combos: vec![DEFAULT_CATEGORY_OPTION_COMBO.into()],
        attribute_option_combos: attribute_combos
            .iter()
            .map(|combo| combo.id.clone())
            .chain([DEFAULT_CATEGORY_OPTION_COMBO.to_string()])
            .collect(),
        org_units: vec![root.id.clone()],
    };
    let catalog = client.destination_catalog(&request).await.unwrap();
    assert!(catalog.missing_data_elements.is_empty());
    assert!(catalog.missing_category_option_combos.is_empty());
    assert!(catalog.org_units.contains_key(&root.id));

    // Scenario 1: "Cold chain functional", BOOLEAN under AVERAGE, aggregated quarterly.
    let cold_chain = child_health
        .data_elements
        .iter()
        .find(|element| element.name == "Cold chain functional")
        .expect("Child Health Monthly has Cold chain functional");
    assert_eq!(
        (
            cold_chain.value_type.as_str(),
            cold_chain.aggregation_type.as_str()
        ),
        ("BOOLEAN", "AVERAGE")
    );
    let child_sources = sources(&child_health);
    let quarterly = Some(PeriodType::Quarterly);
    let fit = DestinationFit::new(&catalog, &child_sources, quarterly, &context);
    let percentage = DataValue::new(&cold_chain.id, "2024Q1", &root.id, "66.66666666666667");
    let FitOutcome::LeftOut { reason } = &fit.element(&cold_chain.id).unwrap().outcome else {
        panic!("{:?}", fit.element(&cold_chain.id));
    };
    assert_eq!(reason.code, TYPE_MISMATCH);
    assert_eq!(fit.check(&percentage).unwrap_err().code, TYPE_MISMATCH);

    // The same destination element made a PERCENTAGE: the percentages fit.
    let path = format!("/api/dataElements/{}", cold_chain.id);
    let mut element = lite.call(Method::Get, &path, None).await;
    element["valueType"] = Value::from("PERCENTAGE");
    lite.call(Method::Put, &path, Some(&element)).await;
    let changed = client.destination_catalog(&request).await.unwrap();
    assert_eq!(
        changed.data_elements[&cold_chain.id].value_type,
        "PERCENTAGE"
    );
    let fit = DestinationFit::new(&changed, &child_sources, quarterly, &context);
    assert_eq!(
        fit.element(&cold_chain.id).unwrap().outcome,
        FitOutcome::Fits
    );
    assert_eq!(fit.check(&percentage), Ok(()));

    // Scenario 2: an HIV Programme attribute option whose dates begin or end inside 2024 takes
    // the Yearly 2024 aggregate, which overlaps them (as dhis2-core decides E7638), and refuses
    // a year that lies wholly outside them; an option without dates takes both.
    let option_ids: Vec<&str> = attribute_combos
        .iter()
        .flat_map(|combo| combo.category_option_ids.iter().map(String::as_str))
        .collect();
    let options = lite
        .call(
            Method::Get,
            &format!(
                "/api/categoryOptions?filter=id:in:[{}]&fields=id,startDate,endDate&paging=false",
                option_ids.join(",")
            ),
            None,
        )
        .await;
    // A start after 1 January or an end before 31 December cuts the year 2024.
    let day = |date: &Value| {
        date.as_str()
            .and_then(|date| date.get(..10))
            .map(str::to_string)
    };
    let cuts_2024 = |option: &&Value| {
        day(&option["startDate"])
            .is_some_and(|start| start.as_str() > "2024-01-01" && start.as_str() <= "2024-12-31")
            || day(&option["endDate"])
                .is_some_and(|end| end.as_str() >= "2024-01-01" && end.as_str() < "2024-12-31")
    };
    let dated_option = options["categoryOptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(cuts_2024)
        .expect("an HIV attribute option with a date inside 2024")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let undated_option = options["categoryOptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|option| option.get("startDate").is_none() && option.get("endDate").is_none())
        .expect("an HIV attribute option without dates")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let combo_of = |option: &str| {
        attribute_combos
            .iter()
            .find(|combo| combo.category_option_ids.iter().any(|id| id == option))
            .unwrap()
            .id
            .clone()
    };
    let (dated, undated) = (combo_of(&dated_option), combo_of(&undated_option));
    let dated_json = options["categoryOptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|option| option["id"] == dated_option.as_str())
        .unwrap();
    let held = &catalog.category_options[&dated_option];
    assert_eq!(
        (
            held.start_date.map(|date| date.to_string()),
            held.end_date.map(|date| date.to_string())
        ),
        (day(&dated_json["startDate"]), day(&dated_json["endDate"])),
        "the catalog holds the option's dates"
    );
    let hiv_element = hiv
        .data_elements
        .iter()
        .find(|element| {
            element.category_combo_id == "bjDvmb4bfuf" && element.aggregation_type == "SUM"
        })
        .expect("an HIV element summed, without disaggregation");
    let fit = DestinationFit::new(&catalog, &sources(&hiv), Some(PeriodType::Yearly), &context);
    assert_eq!(
        fit.element(&hiv_element.id).unwrap().outcome,
        FitOutcome::Fits
    );
    let yearly = |year: &str, combo: &str| {
        DataValue::new(&hiv_element.id, year, &root.id, "22")
            .with_combos(DEFAULT_CATEGORY_OPTION_COMBO, combo)
    };
    assert_eq!(fit.check(&yearly("2024", &dated)), Ok(()));
    // The year before the option starts, or after it ends.
    let outside = match (held.start_date, held.end_date) {
        (Some(start), _) if start.year() == 2024 => "2023",
        _ => "2025",
    };
    let reason = fit.check(&yearly(outside, &dated)).unwrap_err();
    assert_eq!(reason.code, "E7638");
    assert_eq!(
        reason.message,
        format!(
            "Period: `{outside}` is not within date range of attribute option combo: `{dated}`"
        )
    );
    assert_eq!(fit.check(&yearly(outside, &undated)), Ok(()));
}
