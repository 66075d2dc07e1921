//! What an id scheme names objects by — UID, code, name and attribute values — for the data
//! elements, org units and (attribute) option combos a run sends values of, read from the
//! source in pages small enough for any route (`fields=id,code,name,attributeValues[…]`).
//! The wire shape stays here; callers get sync-core's [`Identified`].

use serde::Deserialize;
use sync_core::id_scheme::Identified;

use crate::client::{Dhis2Client, param};
use crate::error::ApiError;
use crate::query::url_with_params;
use crate::transport::Transport;
use crate::wire;

/// Objects per page (about 150 bytes each: far under a 2.43 route's 256 KB).
const PAGE_SIZE: u32 = 500;
/// Ids per `id:in:[…]` or `categoryCombo.id:in:[…]` filter, to keep URLs short.
const IDS_PER_REQUEST: usize = 50;
const FIELDS: &str = "id,code,name,attributeValues[attribute[id],value]";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WireIdentified {
    id: String,
    #[serde(default)]
    code: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    attribute_values: Option<Vec<WireAttributeValue>>,
}

#[derive(Deserialize)]
struct WireAttributeValue {
    #[serde(default)]
    attribute: Option<WireReference>,
    #[serde(default)]
    value: Option<String>,
}

#[derive(Deserialize)]
struct WireReference {
    id: String,
}

impl From<WireIdentified> for Identified {
    fn from(wire: WireIdentified) -> Identified {
        Identified {
            id: wire.id,
            code: wire.code.filter(|code| !code.is_empty()),
            name: wire.name.unwrap_or_default(),
            attribute_values: wire
                .attribute_values
                .unwrap_or_default()
                .into_iter()
                .filter_map(|entry| Some((entry.attribute?.id, entry.value?)))
                .collect(),
        }
    }
}

impl<T: Transport> Dhis2Client<T> {
    /// Every object of `collection` matching `filter`, page by page.
    async fn identified(
        &self,
        collection: &str,
        filter: &str,
    ) -> Result<Vec<Identified>, ApiError> {
        let mut objects = Vec::new();
        let mut page = 1;
        loop {
            let params = [
                param("filter", filter),
                param("fields", FIELDS),
                param("paging", "true"),
                param("page", page.to_string()),
                param("pageSize", PAGE_SIZE.to_string()),
                param("order", "id:asc"),
            ];
            let url = url_with_params(&self.api_url(collection), &params);
            let response = self.get(&url).await?;
            let (pager, items) = wire::decode_list::<WireIdentified>(&response, collection)?;
            let count = items.len();
            objects.extend(items.into_iter().map(Identified::from));
            let last = pager.is_none_or(|pager| pager.page >= pager.page_count);
            if last || count == 0 {
                return Ok(objects);
            }
            page += 1;
        }
    }

    /// The data elements with these ids (unknown ids are left out).
    pub async fn identified_data_elements(
        &self,
        ids: &[String],
    ) -> Result<Vec<Identified>, ApiError> {
        let mut objects = Vec::new();
        for batch in ids.chunks(IDS_PER_REQUEST) {
            let filter = format!("id:in:[{}]", batch.join(","));
            objects.extend(self.identified("dataElements", &filter).await?);
        }
        Ok(objects)
    }

    /// The option combos of these category combos (disaggregation or attribute).
    pub async fn identified_option_combos(
        &self,
        category_combos: &[String],
    ) -> Result<Vec<Identified>, ApiError> {
        let mut objects = Vec::new();
        for batch in category_combos.chunks(IDS_PER_REQUEST) {
            let filter = format!("categoryCombo.id:in:[{}]", batch.join(","));
            objects.extend(self.identified("categoryOptionCombos", &filter).await?);
        }
        Ok(objects)
    }

    /// The org units of the subtrees of `roots`, roots included (DHIS2's `path:like:`, which
    /// may also match elsewhere: harmless, the lookup is by UID).
    pub async fn identified_org_units(
        &self,
        roots: &[String],
    ) -> Result<Vec<Identified>, ApiError> {
        let mut objects: Vec<Identified> = Vec::new();
        for root in roots {
            objects.extend(
                self.identified("organisationUnits", &format!("path:like:{root}"))
                    .await?,
            );
        }
        objects.sort_by(|a, b| a.id.cmp(&b.id));
        objects.dedup_by(|a, b| a.id == b.id);
        Ok(objects)
    }
}
