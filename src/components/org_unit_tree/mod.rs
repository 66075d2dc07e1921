//! An organisation unit tree that loads lazily, as DHIS2's own: the roots are given, a unit's
//! children are fetched the first time it is opened (`org_unit_children`), and each unit has a
//! checkbox. It knows nothing of the draft: the caller says what is selected and is told of
//! each click. Given a [`Reveal`] (a unit's path), it opens the units on the path one by one,
//! loading their children as a click would, and brings the unit into view. ARIA
//! `tree`/`treeitem`/`group` roles; the toggle and checkbox are keyboard reachable.
//! [`search`] finds a unit by name to reveal.

pub mod search;

pub use search::OrgUnitSearch;

use dhis2_api::model::OrgUnit;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::session::Session;

/// Open the tree down to a unit: the ids of its path, root first, the unit last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reveal {
    /// `path` split at `/`.
    pub path: Vec<String>,
}

impl Reveal {
    /// From a DHIS2 path (`/<root>/…/<id>`).
    pub fn from_path(path: &str) -> Reveal {
        Reveal {
            path: path
                .split('/')
                .filter(|part| !part.is_empty())
                .map(str::to_string)
                .collect(),
        }
    }

    /// Whether `id` is above the revealed unit on its path (to be opened).
    fn opens(&self, id: &str) -> bool {
        self.path
            .split_last()
            .is_some_and(|(_, above)| above.iter().any(|part| part == id))
    }

    /// Whether `id` is the revealed unit.
    fn is_unit(&self, id: &str) -> bool {
        self.path.last().is_some_and(|last| last == id)
    }
}

/// What a node needs from its tree: whether a unit is selected, where clicks go, and which
/// unit to reveal.
#[derive(Clone, Copy)]
struct TreeContext {
    is_selected: Callback<String, bool>,
    on_toggle: Callback<(String, bool)>,
    reveal: Signal<Option<Reveal>>,
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
    /// A unit to open the tree down to and show; none by default.
    #[prop(optional, into)]
    reveal: Option<Signal<Option<Reveal>>>,
) -> impl IntoView {
    let context = TreeContext {
        is_selected,
        on_toggle,
        reveal: reveal.unwrap_or_else(|| Signal::derive(|| None)),
    };
    view! {
        <ul class="org-unit-tree" role="tree" aria-label=t!("step-org-units") data-test="org-unit-tree">
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
    let row = NodeRef::<leptos::html::Div>::new();
    let id = unit.id.clone();
    // Opens the node, fetching its children the first time.
    let open_node = {
        let id = id.clone();
        move || {
            open.set(true);
            if children.get_untracked() == Children::NotLoaded {
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
    let on_open = {
        let open_node = open_node.clone();
        move |_| {
            if open.get_untracked() {
                open.set(false);
            } else {
                open_node();
            }
        }
    };
    // A node on the revealed path opens; the revealed unit scrolls into view. Children created
    // by the opening run this in turn, so the path opens level by level.
    Effect::new({
        let id = id.clone();
        move |_| {
            let Some(reveal) = context.reveal.get() else {
                return;
            };
            if reveal.opens(&id) && !open.get_untracked() {
                open_node();
            } else if reveal.is_unit(&id)
                && let Some(row) = row.get_untracked()
            {
                row.scroll_into_view_with_bool(false);
            }
        }
    });
    let found = {
        let id = id.clone();
        move || {
            context
                .reveal
                .with(|reveal| reveal.as_ref().is_some_and(|reveal| reveal.is_unit(&id)))
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
                aria-label=move || if open.get() { t!("tree-close") } else { t!("tree-open") }
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
            <div class="org-unit-tree__row" class:org-unit-tree__row--found=found.clone()
                data-found=move || found().then_some("true") node_ref=row>
                {toggle}
                <label class="org-unit-tree__label">
                    <input type="checkbox" data-test="org-unit-checkbox" prop:checked=checked on:change=on_check/>
                    <span data-test="org-unit-name">{unit.name.clone()}</span>
                </label>
            </div>
            {move || open.get().then(|| match children.get() {
                Children::NotLoaded | Children::Loading => view! {
                    <p class="org-unit-tree__loading" data-test="org-unit-loading">{t!("app-loading")}</p>
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reveal_opens_the_units_above_and_finds_the_unit() {
        let reveal = Reveal::from_path("/root/district/facility");
        assert_eq!(reveal.path, ["root", "district", "facility"]);
        assert!(reveal.opens("root"));
        assert!(reveal.opens("district"));
        assert!(!reveal.opens("facility"));
        assert!(!reveal.opens("other"));
        assert!(reveal.is_unit("facility"));
        assert!(!reveal.is_unit("district"));
        let empty = Reveal::from_path("");
        assert!(!empty.opens("root") && !empty.is_unit("root"));
    }
}
