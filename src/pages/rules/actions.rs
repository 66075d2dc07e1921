//! What the buttons of a rule row do: run now (validated first), edit in the wizard, duplicate,
//! delete, export, and drop the values its runs left behind. Each reports its outcome through the page's [`RulesContext`].

use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use sync_core::date::Date;
use sync_core::model::{Issue, Purpose, Rule, RuleDraft, ValidatedRule, ValidationContext};

use super::RulesContext;
use crate::environment::navigate;
use crate::route::{Route, WizardStep};
use crate::rules::browser::{download_text, new_uid};
use crate::rules::editing;
use crate::rules::transfer::{duplicate, export_file_name, export_json};
use crate::state::AppState;
use sync_engine::store::RULE_KEY_PREFIX;
use sync_engine::store::rules as store;

/// Checks `rule` as the wizard would before a run; when it passes, hands it to the run page as
/// the wizard's "Synchronize now" does (`AppState::pending_run`: same progress, report and
/// history entry, which names the rule). The wizard's draft is left alone. Returns the issues
/// that block it (empty when it started).
pub(crate) fn run_now(
    app: AppState,
    rule: &Rule,
    destinations: Option<BTreeSet<String>>,
    today: Date,
) -> Vec<Issue> {
    let mut context = ValidationContext::new(Purpose::RunNow, today, &rule.id);
    context.destinations = destinations;
    let (validated, issues) = ValidatedRule::check(rule, &context);
    let Some(validated) = validated else {
        return issues.into_iter().filter(Issue::is_error).collect();
    };
    app.pending_run.set(Some(validated.into_rule()));
    navigate(&Route::Run);
    Vec::new()
}

/// Reads the rule again with its version, puts it in the wizard's draft and opens the wizard.
/// Saving in the wizard then updates this rule, and notices if someone else saved it meanwhile.
pub(crate) fn edit(context: &RulesContext, app: AppState, id: String) {
    let context = context.clone();
    spawn_local(async move {
        match editing::open_for_edit(&context.client, &id).await {
            Ok(rule) => {
                app.draft.set(RuleDraft::from_rule(&rule));
                navigate(&Route::Wizard(WizardStep::OrgUnits));
            }
            Err(error) => context.done(Err(t!("rules-could-not-open", error = error.to_string()))),
        }
    });
}

/// Stores a copy named "Copy of …" under a new id.
pub(crate) fn duplicate_rule(context: &RulesContext, rule: &Rule) {
    let context = context.clone();
    let copy = duplicate(rule, &new_uid());
    spawn_local(async move {
        let outcome = store::create_rule(&context.client, &copy)
            .await
            .map(|_| t!("rules-duplicated", name = copy.name.clone()))
            .map_err(|error| t!("rules-could-not-duplicate", error = error.to_string()));
        context.done(outcome);
    });
}

/// Deletes the entry `key`; `label` names it in the message.
pub(crate) fn delete(context: &RulesContext, key: String, label: String) {
    let context = context.clone();
    spawn_local(async move {
        let outcome = store::delete_entry(&context.client, &key)
            .await
            .map(|()| {
                if let Some(id) = key.strip_prefix(RULE_KEY_PREFIX)
                    && editing::opened(id).is_some()
                {
                    editing::forget();
                }
                t!("rules-deleted", name = label.clone())
            })
            .map_err(|error| {
                t!(
                    "rules-could-not-delete",
                    name = label.clone(),
                    error = error.to_string()
                )
            });
        context.done(outcome);
    });
}

/// Drops the values the rule's runs left behind, which its next run would read and send again
/// (the user decided they need not go).
pub(crate) fn drop_pending(context: &RulesContext, id: String, label: String) {
    let context = context.clone();
    spawn_local(async move {
        let outcome = store::drop_pending(&context.client, &id, None)
            .await
            .map(|_| t!("rules-pending-dropped", name = label.clone()))
            .map_err(|error| {
                t!(
                    "rules-could-not-drop",
                    name = label.clone(),
                    error = error.to_string()
                )
            });
        context.done(outcome);
    });
}

/// Downloads the rule as a JSON file.
pub(crate) fn export(context: &RulesContext, rule: &Rule) {
    let outcome = export_json(rule)
        .map_err(|error| error.to_string())
        .and_then(|text| download_text(&export_file_name(rule), &text, "application/json"));
    if let Err(error) = outcome {
        context.notice.set(Some(super::PageNotice {
            success: false,
            text: t!("rules-could-not-export", error = error.to_string()),
        }));
    }
}
