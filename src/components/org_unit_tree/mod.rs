//! An organisation unit tree that loads lazily, as DHIS2's own: the roots are given, a unit's
//! children are fetched the first time it is opened (`org_unit_children`), and each unit has a
//! checkbox. It knows nothing of the draft: the caller says what is selected and is told of
//! each click. ARIA `tree`/`treeitem`/`group` roles; the toggle and checkbox are keyboard
//! reachable.

use dhis2_api::model::OrgUnit;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::session::Session;

/// What a node needs from its tree: whether a unit is selected, and where clicks go.
#[derive(Clone, Copy)]
struct TreeContext {
    is_selected: Callback<String, bool>,
    on_toggle: Callback<(String, bool)>,
}

/// The tree from `roots`.
#[component]
pub fn OrgUnitTree(
    /// The top units (usually the user's data view roots).
    roots: Vec<OrgUnit>,
    /// Whether a unit (by id) is selected; read reactively.
    is_selected: Callback<String, bool>,
    /// Called with the unit id and its new checked state.
    on_toggle: Callback<(String, bool)>,
) -> impl IntoView {
    let context = TreeContext {
        is_selected,
        on_toggle,
    };
    view! {
        <ul class="org-unit-tree" role="tree" data-test="org-unit-tree">
            {roots.into_iter().map(|unit| view! { <TreeNode unit context/> }).collect_view()}
        </ul>
    }
}

/// Children of a node: not asked yet, loading, loaded, or failed.
#[derive(Clone, Debug, PartialEq)]
enum Children {
    NotLoaded,
    Loading,
    Loaded(Vec<OrgUnit>),
    Failed(String),
}

#[component]
fn TreeNode(unit: OrgUnit, context: TreeContext) -> impl IntoView {
    let session = expect_context::<Session>();
    let open = RwSignal::new(false);
    let children = RwSignal::new(Children::NotLoaded);
    let id = unit.id.clone();
    let on_open = {
        let id = id.clone();
        move |_| {
            let opening = !open.get_untracked();
            open.set(opening);
            if opening && children.get_untracked() == Children::NotLoaded {
                children.set(Children::Loading);
                let client = session.client.clone();
                let id = id.clone();
                spawn_local(async move {
                    let loaded = match client.org_unit_children(&id).await {
                        Ok(units) => Children::Loaded(units),
                        Err(error) => Children::Failed(error.to_string()),
                    };
                    children.set(loaded);
                });
            }
        }
    };
    let checked = {
        let id = id.clone();
        move || context.is_selected.run(id.clone())
    };
    let on_check = {
        let id = id.clone();
        move |event: leptos::ev::Event| {
            context
                .on_toggle
                .run((id.clone(), event_target_checked(&event)))
        }
    };
    let has_children = unit.has_children();
    let toggle = if has_children {
        view! {
            <button class="org-unit-tree__toggle" type="button" data-test="org-unit-toggle"
                aria-label=move || if open.get() { "Close" } else { "Open" }
                on:click=on_open>
                {move || if open.get() { "▾" } else { "▸" }}
            </button>
        }
        .into_any()
    } else {
        view! { <span class="org-unit-tree__toggle" aria-hidden="true"></span> }.into_any()
    };
    view! {
        <li class="org-unit-tree__node" role="treeitem" data-test="org-unit-node" data-id=id.clone()
            aria-expanded=move || has_children.then(|| open.get().to_string())>
            <div class="org-unit-tree__row">
                {toggle}
                <label class="org-unit-tree__label">
                    <input type="checkbox" data-test="org-unit-checkbox" prop:checked=checked on:change=on_check/>
                    <span data-test="org-unit-name">{unit.name.clone()}</span>
                </label>
            </div>
            {move || open.get().then(|| match children.get() {
                Children::NotLoaded | Children::Loading => view! {
                    <p class="org-unit-tree__loading" data-test="org-unit-loading">"Loading…"</p>
                }.into_any(),
                Children::Failed(message) => view! {
                    <p class="org-unit-tree__error" data-test="org-unit-error">{message}</p>
                }.into_any(),
                Children::Loaded(units) => view! {
                    <ul role="group" class="org-unit-tree__children">
                        {units.into_iter().map(|unit| view! { <TreeNode unit context/> }.into_any()).collect_view()}
                    </ul>
                }.into_any(),
            })}
        </li>
    }
}
