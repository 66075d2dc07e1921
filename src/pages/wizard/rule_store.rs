//! New rule ids for the wizard's "Save as rule" and "Download": DHIS2 UIDs from the browser's
//! random numbers. Where rules are stored and how codes are checked for uniqueness is
//! `sync_engine::store::rules`. No view code.

/// A new DHIS2 UID from the browser's random numbers.
pub fn generate_uid() -> String {
    sync_core::model::generate_uid(js_sys::Math::random)
}
