//! The destination form's "Identifier scheme": how the values sent name their data elements, org
//! units and category option combos when the destination does not share the source's UIDs
//! (DHIS2's import id schemes). One scheme for everything, each kind may differ, and one
//! attribute for the `ATTRIBUTE` choices.

use leptos::prelude::*;
use sync_core::id_scheme::{IdScheme, IdSchemes};

use super::form_fields::TextField;

/// The fields' values: `UID`, `CODE`, `NAME` or `ATTRIBUTE` for everything, the same or `""`
/// (same as everything) per kind, and the attribute's UID.
#[derive(Clone, Copy)]
pub struct IdSchemeValues {
    general: RwSignal<String>,
    data_element: RwSignal<String>,
    org_unit: RwSignal<String>,
    option_combo: RwSignal<String>,
    attribute: RwSignal<String>,
}

fn choice(scheme: &IdScheme) -> String {
    match scheme {
        IdScheme::Attribute(_) => "ATTRIBUTE".to_string(),
        other => other.as_param(),
    }
}

impl IdSchemeValues {
    /// The fields showing `schemes`.
    pub fn new(schemes: &IdSchemes) -> Self {
        let attribute = [
            Some(&schemes.id_scheme),
            schemes.data_element_id_scheme.as_ref(),
            schemes.org_unit_id_scheme.as_ref(),
            schemes.category_option_combo_id_scheme.as_ref(),
        ]
        .into_iter()
        .flatten()
        .find_map(|scheme| match scheme {
            IdScheme::Attribute(uid) => Some(uid.clone()),
            _ => None,
        })
        .unwrap_or_default();
        let own = |scheme: &Option<IdScheme>| scheme.as_ref().map(choice).unwrap_or_default();
        IdSchemeValues {
            general: RwSignal::new(choice(&schemes.id_scheme)),
            data_element: RwSignal::new(own(&schemes.data_element_id_scheme)),
            org_unit: RwSignal::new(own(&schemes.org_unit_id_scheme)),
            option_combo: RwSignal::new(own(&schemes.category_option_combo_id_scheme)),
            attribute: RwSignal::new(attribute),
        }
    }

    /// The schemes chosen (an `ATTRIBUTE` choice names the attribute typed, checked when the
    /// destination is validated).
    pub fn schemes(&self) -> IdSchemes {
        let attribute = self.attribute.get_untracked().trim().to_string();
        let scheme = |text: String| match text.as_str() {
            "ATTRIBUTE" => Some(IdScheme::Attribute(attribute.clone())),
            "" => None,
            other => IdScheme::parse(other),
        };
        IdSchemes {
            id_scheme: scheme(self.general.get_untracked()).unwrap_or_default(),
            data_element_id_scheme: scheme(self.data_element.get_untracked()),
            org_unit_id_scheme: scheme(self.org_unit.get_untracked()),
            category_option_combo_id_scheme: scheme(self.option_combo.get_untracked()),
        }
    }

    fn uses_attribute(&self) -> bool {
        [
            self.general,
            self.data_element,
            self.org_unit,
            self.option_combo,
        ]
        .iter()
        .any(|value| value.get() == "ATTRIBUTE")
    }
}

/// One scheme select; `same` adds "Same as above" (an empty value).
#[component]
fn SchemeSelect(
    #[prop(into)] label: String,
    test: &'static str,
    value: RwSignal<String>,
    same: bool,
) -> impl IntoView {
    view! {
        <label class="field">
            <span class="field__label">{label}</span>
            <select class="input" data-test=test prop:value=move || value.get()
                on:change=move |event| value.set(event_target_value(&event))>
                {same.then(|| view! { <option value="">{t!("destinations-scheme-same")}</option> })}
                <option value="UID">{t!("destinations-scheme-uid")}</option>
                <option value="CODE">{t!("destinations-scheme-code")}</option>
                <option value="NAME">{t!("common-name")}</option>
                <option value="ATTRIBUTE">{t!("destinations-scheme-attribute")}</option>
            </select>
        </label>
    }
}

/// The "Identifier scheme" part of the destination form.
#[component]
pub fn IdSchemeFields(
    /// The fields' values.
    values: IdSchemeValues,
) -> impl IntoView {
    view! {
        <fieldset class="fieldset" data-test="destination-id-schemes">
            <legend>{t!("destinations-id-scheme")}</legend>
            <p class="field__help">
                {t!("destinations-id-scheme-help")}
            </p>
            <SchemeSelect label=t!("destinations-scheme-all") test="destination-id-scheme" value=values.general same=false/>
            <SchemeSelect label=t!("data-data-elements") test="destination-data-element-id-scheme" value=values.data_element same=true/>
            <SchemeSelect label=t!("step-org-units") test="destination-org-unit-id-scheme" value=values.org_unit same=true/>
            <SchemeSelect label=t!("destinations-scheme-option-combos")
                test="destination-category-option-combo-id-scheme" value=values.option_combo same=true/>
            <Show when=move || values.uses_attribute()>
                <TextField label=t!("destinations-scheme-attribute-uid") test="destination-id-scheme-attribute" value=values.attribute/>
            </Show>
        </fieldset>
    }
}
