//! The data-set level checks of an import (reference §5.5, E7600–E7604): the header's data set
//! (or the `dataSet` option, 2.39+), org unit and attribute option combo, the latter also found
//! from the header's attribute category options. Any failure aborts the whole import.
//!
//! It must not look at the values.

use super::options::ImportOptions;
use super::parse::InputValueSet;
use super::summary::Conflict;
use crate::data_values::{IdScheme, Resolver};
use crate::metadata::Catalog;
use crate::users::User;
use crate::version::VersionBehaviour;

/// What the header contributes to every value.
#[derive(Debug, Default)]
pub(super) struct Header {
    /// The data set as identified by the payload or the `dataSet` option.
    pub data_set_id: Option<String>,
    /// The data set's position in the catalog.
    pub data_set: Option<usize>,
    /// The attribute option combo of every value, given or found from category options.
    pub attribute: Option<String>,
}

/// A set-level conflict (no value index).
fn set_conflict(
    code: &'static str,
    objects: Vec<(&'static str, String)>,
    message: String,
    legacy_message: &str,
    property: &'static str,
) -> Conflict {
    Conflict {
        error_code: code,
        objects,
        message,
        legacy_message: legacy_message.into(),
        property,
        index: None,
    }
}

/// Runs the data-set level checks in DHIS2's order; the conflict aborts the import.
pub(super) fn check_header(
    catalog: &Catalog,
    behaviour: &VersionBehaviour,
    user: &User,
    resolver: &Resolver,
    options: &ImportOptions,
    payload: &InputValueSet,
    option_combo_scheme: &IdScheme,
) -> Result<Header, Conflict> {
    let data_set_id = payload.data_set.clone().or_else(|| {
        if behaviour.import_data_set_option {
            options.data_set.clone()
        } else {
            None
        }
    });
    let data_set = match &data_set_id {
        Some(id) => Some(writable_data_set(catalog, user, resolver, id)?),
        None => None,
    };
    let data_set_text = || data_set_id.clone().unwrap_or_default();
    if let Some(id) = &payload.org_unit
        && resolver.org_unit(id).is_none()
    {
        return Err(set_conflict(
            "E7603",
            vec![
                ("organisationUnit", id.clone()),
                ("dataSet", data_set_text()),
            ],
            format!("Org unit not found or not accessible: `{id}`"),
            "Org unit not found or not accessible",
            "orgUnit",
        ));
    }
    if let Some(id) = &payload.attribute_option_combo
        && resolver.option_combo(id).is_none()
    {
        return Err(attribute_not_found(id.clone(), data_set_text()));
    }
    let mut attribute = payload.attribute_option_combo.clone();
    if attribute.is_none()
        && !payload.attribute_category_options.is_empty()
        && let Some(position) = data_set
    {
        attribute = Some(attribute_from_options(
            catalog,
            payload,
            position,
            option_combo_scheme,
        )?);
    }
    Ok(Header {
        data_set_id,
        data_set,
        attribute,
    })
}

/// E7600 / E7601: the header's data set exists and `user` may write its data.
fn writable_data_set(
    catalog: &Catalog,
    user: &User,
    resolver: &Resolver,
    id: &str,
) -> Result<usize, Conflict> {
    let Some(position) = resolver.data_set(id) else {
        return Err(set_conflict(
            "E7600",
            vec![("dataSet", id.to_string())],
            format!("Data set not found or not accessible: `{id}`"),
            "Data set not found or not accessible",
            "dataSet",
        ));
    };
    let data_set = &catalog.data_sets[position];
    if !data_set.sharing.can_data_write(user) {
        return Err(Conflict {
            error_code: "E7601",
            objects: vec![("dataSet", id.to_string())],
            message: format!(
                "User does not have write access for DataSet: `{}`",
                data_set.uid
            ),
            legacy_message: format!(
                "User does not have write access for DataSet: {}",
                data_set.uid
            ),
            property: "dataSet",
            index: None,
        });
    }
    Ok(position)
}

/// E7604 for the header's attribute option combo `id`.
fn attribute_not_found(id: String, data_set: String) -> Conflict {
    set_conflict(
        "E7604",
        vec![("categoryOptionCombo", id.clone()), ("dataSet", data_set)],
        format!("Attribute option combo not found or not accessible: `{id}`"),
        "Attribute option combo not found or not accessible",
        "attributeOptionCombo",
    )
}

/// The attribute option combo of the data set's category combo that has exactly the header's
/// attribute category options, as identified by `scheme` (E7604 when there is none).
fn attribute_from_options(
    catalog: &Catalog,
    payload: &InputValueSet,
    data_set: usize,
    scheme: &IdScheme,
) -> Result<String, Conflict> {
    let data_set = &catalog.data_sets[data_set];
    let wanted = &payload.attribute_category_options;
    let found = catalog
        .combo_option_combos
        .get(&data_set.category_combo)
        .into_iter()
        .flatten()
        .filter_map(|uid| catalog.category_option_combo(uid))
        .find(|combo| {
            combo.category_options.len() == wanted.len()
                && wanted
                    .iter()
                    .all(|option| combo.category_options.contains(option))
        });
    // The combo is written back as the values' scheme identifies it; one the scheme cannot
    // name (no code, no attribute value) cannot be imported under it.
    match found.and_then(|combo| {
        scheme.lookup_key(
            &combo.uid,
            combo.code.as_deref(),
            &combo.name,
            &combo.attribute_values,
        )
    }) {
        Some(identifier) => Ok(identifier.to_string()),
        None => Err(attribute_not_found(wanted.join(","), data_set.uid.clone())),
    }
}
