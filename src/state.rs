//! App-wide state shared by the pages: the sync draft (data selection plus the wizard's
//! choices). It survives paging, filtering and navigation, and a reload: it is kept in the
//! tab's `sessionStorage` (never `localStorage`, and it holds no secret).

use leptos::prelude::*;
use sync_core::model::{Rule, RuleDraft, Settings, SyncReport};

const DRAFT_KEY: &str = "aggregate-sync.draft";

/// State every page can take from context (`expect_context::<AppState>()`).
#[derive(Clone, Copy, Debug)]
pub struct AppState {
    /// What will be synced: the data selection page writes `draft.selection`, the wizard the rest.
    pub draft: RwSignal<RuleDraft>,
    /// A validated rule to run: set by "Synchronize now" (wizard) or "Run now" (rules), taken by
    /// the Run page, which starts it. In memory only.
    pub pending_run: RwSignal<Option<Rule>>,
    /// The report of an interrupted run to resume: set by Resume (history, report), taken by
    /// the Run page. In memory only.
    pub pending_resume: RwSignal<Option<SyncReport>>,
    /// A report whose values that did not land are to be sent again: set by the report's "Send
    /// the values that failed again", taken by the Run page. In memory only.
    pub pending_resend: RwSignal<Option<SyncReport>>,
    /// "Skip unchanged values" for the pending run: the values the summary's comparison found
    /// unchanged at the destination. Set with `pending_run` by the wizard, taken by the Run page.
    /// In memory only.
    pub pending_skip_unchanged: RwSignal<Option<sync_engine::compare::UnchangedValues>>,
}

impl AppState {
    /// State restored from the tab's session storage, saved back on every change.
    pub fn restore() -> AppState {
        let draft = RwSignal::new(load_draft().unwrap_or_default());
        Effect::new(move |_| draft.with(save_draft));
        AppState {
            draft,
            pending_run: RwSignal::new(None),
            pending_resume: RwSignal::new(None),
            pending_resend: RwSignal::new(None),
            pending_skip_unchanged: RwSignal::new(None),
        }
    }

    /// Gives a draft the wizard has not touched yet the Settings page's defaults (import
    /// strategy, dry run). A draft with any wizard choice, or one being edited from a rule, keeps
    /// its own.
    pub fn apply_settings_defaults(&self, settings: &Settings) {
        let untouched = self.draft.with_untracked(|draft| {
            *draft
                == RuleDraft {
                    selection: draft.selection.clone(),
                    ..RuleDraft::default()
                }
        });
        let differs = self.draft.with_untracked(|draft| {
            draft.import_strategy != settings.default_import_strategy
                || draft.dry_run != settings.default_dry_run
        });
        // Only a real change is written (and saved to the session), never a no-op update.
        if untouched && differs {
            self.draft.update(|draft| {
                draft.import_strategy = settings.default_import_strategy;
                draft.dry_run = settings.default_dry_run;
            });
        }
    }

    /// Forgets the draft (after a sync or when the user starts over).
    pub fn reset_draft(&self) {
        self.draft.set(RuleDraft::default());
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

fn load_draft() -> Option<RuleDraft> {
    let text = session_storage()?.get_item(DRAFT_KEY).ok()??;
    // A draft from an older app version that no longer parses is dropped, not fatal.
    serde_json::from_str(&text).ok()
}

fn save_draft(draft: &RuleDraft) {
    if let (Some(storage), Ok(text)) = (session_storage(), serde_json::to_string(draft)) {
        let _ = storage.set_item(DRAFT_KEY, &text);
    }
}
