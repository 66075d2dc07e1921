//! Pure edits of the data selection (`RuleDraft.selection`) and the sentence that counts it.
//! No browser here: tested natively.

use sync_core::model::{DataSelection, DataSetSelection};

/// True when the data set is selected (with or without exclusions).
pub fn data_set_selected(selection: &DataSelection, id: &str) -> bool {
    selection.data_sets.iter().any(|data_set| data_set.id == id)
}

/// Selects the data set with all its data elements, or drops it (and its exclusions).
pub fn toggle_data_set(selection: &mut DataSelection, id: &str) {
    if data_set_selected(selection, id) {
        selection.data_sets.retain(|data_set| data_set.id != id);
    } else {
        selection.data_sets.push(DataSetSelection {
            id: id.to_string(),
            excluded_data_elements: Vec::new(),
        });
    }
}

/// True when the data element of the data set will be sent: the data set is selected and the
/// element is not excluded.
pub fn data_set_element_included(selection: &DataSelection, data_set: &str, element: &str) -> bool {
    selection
        .data_sets
        .iter()
        .find(|selected| selected.id == data_set)
        .is_some_and(|selected| {
            !selected
                .excluded_data_elements
                .iter()
                .any(|excluded| excluded == element)
        })
}

/// Ticks or unticks one data element of a data set. Ticking one of an unselected data set
/// selects the data set with only that element (`all_elements` are the set's elements);
/// unticking the last included element drops the data set, since a data set without data
/// elements sends nothing.
pub fn set_data_set_element(
    selection: &mut DataSelection,
    data_set: &str,
    all_elements: &[String],
    element: &str,
    included: bool,
) {
    let Some(index) = selection
        .data_sets
        .iter()
        .position(|selected| selected.id == data_set)
    else {
        if included {
            selection.data_sets.push(DataSetSelection {
                id: data_set.to_string(),
                excluded_data_elements: all_elements
                    .iter()
                    .filter(|other| *other != element)
                    .cloned()
                    .collect(),
            });
        }
        return;
    };
    let excluded = &mut selection.data_sets[index].excluded_data_elements;
    excluded.retain(|other| other != element);
    if !included {
        excluded.push(element.to_string());
        let every_one_excluded = all_elements
            .iter()
            .all(|member| excluded.iter().any(|other| other == member));
        if every_one_excluded {
            selection.data_sets.remove(index);
        }
    }
}

/// Adds the id to the list, or removes it when present (data elements and groups).
pub fn toggle_id(ids: &mut Vec<String>, id: &str) {
    if ids.iter().any(|other| other == id) {
        ids.retain(|other| other != id);
    } else {
        ids.push(id.to_string());
    }
}

/// What is selected, e.g. "2 data sets (1 data element excluded), 3 data elements selected".
pub fn summary(selection: &DataSelection) -> String {
    if selection.is_empty() {
        return t!("data-nothing-selected");
    }
    let mut parts = Vec::new();
    if !selection.data_sets.is_empty() {
        let mut part = t!("data-count-data-sets", count = selection.data_sets.len());
        let excluded: usize = selection
            .data_sets
            .iter()
            .map(|data_set| data_set.excluded_data_elements.len())
            .sum();
        if excluded > 0 {
            part = t!("data-count-with-excluded", part = part, count = excluded);
        }
        parts.push(part);
    }
    if !selection.data_elements.is_empty() {
        let elements = &selection.data_elements;
        parts.push(t!("data-count-data-elements", count = elements.len()));
    }
    if !selection.data_element_groups.is_empty() {
        let groups = &selection.data_element_groups;
        parts.push(t!("data-count-groups", count = groups.len()));
    }
    t!("data-selected-summary", parts = parts.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(names: &[&str]) -> Vec<String> {
        names.iter().map(|name| name.to_string()).collect()
    }

    #[test]
    fn data_sets_toggle_on_and_off() {
        let mut selection = DataSelection::default();
        toggle_data_set(&mut selection, "ds1");
        assert!(data_set_selected(&selection, "ds1"));
        assert!(data_set_element_included(&selection, "ds1", "de1"));
        toggle_data_set(&mut selection, "ds1");
        assert!(selection.is_empty());
    }

    #[test]
    fn unticking_elements_excludes_them_and_the_last_one_drops_the_set() {
        let all = ids(&["de1", "de2"]);
        let mut selection = DataSelection::default();
        toggle_data_set(&mut selection, "ds1");
        set_data_set_element(&mut selection, "ds1", &all, "de1", false);
        assert_eq!(selection.data_sets[0].excluded_data_elements, ids(&["de1"]));
        assert!(!data_set_element_included(&selection, "ds1", "de1"));
        assert!(data_set_element_included(&selection, "ds1", "de2"));
        set_data_set_element(&mut selection, "ds1", &all, "de1", true);
        assert!(selection.data_sets[0].excluded_data_elements.is_empty());
        set_data_set_element(&mut selection, "ds1", &all, "de1", false);
        set_data_set_element(&mut selection, "ds1", &all, "de2", false);
        assert!(selection.is_empty());
    }

    #[test]
    fn ticking_an_element_of_an_unselected_set_selects_only_it() {
        let all = ids(&["de1", "de2", "de3"]);
        let mut selection = DataSelection::default();
        set_data_set_element(&mut selection, "ds1", &all, "de2", true);
        assert_eq!(
            selection.data_sets[0].excluded_data_elements,
            ids(&["de1", "de3"])
        );
        set_data_set_element(&mut selection, "ds2", &all, "de2", false);
        assert_eq!(selection.data_sets.len(), 1);
    }

    #[test]
    fn ids_toggle() {
        let mut list = Vec::new();
        toggle_id(&mut list, "a");
        toggle_id(&mut list, "b");
        toggle_id(&mut list, "a");
        assert_eq!(list, ids(&["b"]));
    }

    #[test]
    fn summary_counts_everything() {
        let mut selection = DataSelection::default();
        assert_eq!(summary(&selection), "Nothing selected");
        toggle_data_set(&mut selection, "ds1");
        toggle_data_set(&mut selection, "ds2");
        set_data_set_element(&mut selection, "ds1", &ids(&["de1", "de2"]), "de1", false);
        selection.data_elements = ids(&["a", "b", "c"]);
        assert_eq!(
            summary(&selection),
            "2 data sets (1 data element excluded), 3 data elements selected"
        );
        selection.data_sets.clear();
        selection.data_elements.truncate(1);
        selection.data_element_groups = ids(&["g"]);
        assert_eq!(
            summary(&selection),
            "1 data element, 1 data element group selected"
        );
    }
}
