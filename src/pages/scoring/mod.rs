//! The Scoring page.

use crate::components::PageHeader;
use crate::hooks::use_data;
use crate::i18n::Text;
use crate::pages::workbench::gate;
use yew::prelude::*;

/// The Scoring page.
#[component]
pub fn ScoringPage() -> Html {
    let data = use_data();
    let body = match gate(&data) {
        Ok(_) => html! {},
        Err(other) => other,
    };
    html! {
        <>
            <PageHeader title={Text::NavScoring} intro={Text::ScoringIntro} />
            { body }
        </>
    }
}
