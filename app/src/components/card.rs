//! The card every page is made of: a titled section, optionally with actions beside the title.

use leptos::prelude::*;

use crate::i18n::{Text, use_i18n};

/// Buttons or links beside a card's title.
#[slot]
pub struct CardActions {
    children: ChildrenFn,
}

/// A `<section class="card">` with an optional `<h2>` title (monospaced for API words such as
/// `component_access_token`) and actions.
#[component]
pub fn Card(
    #[prop(optional)] title: Option<Text>,
    /// The title is an API word: shown in a monospaced font.
    #[prop(optional)]
    mono: bool,
    #[prop(optional)] testid: Option<&'static str>,
    /// Extra classes of the section.
    #[prop(optional)]
    class: &'static str,
    #[prop(optional)] card_actions: Option<CardActions>,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = if class.is_empty() {
        "card".to_string()
    } else {
        format!("card {class}")
    };
    let heading = title.map(|t| view! { <h2 class:mono=mono>{i18n.t(t)}</h2> });
    view! {
        <section class=class data-testid=testid>
            {match card_actions {
                Some(actions) => {
                    view! {
                        <div class="card-header">
                            {heading}
                            <div class="card-actions">{(actions.children)()}</div>
                        </div>
                    }
                        .into_any()
                }
                None => heading.into_any(),
            }}
            {children()}
        </section>
    }
}
