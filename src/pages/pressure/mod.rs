//! The Pressure page.

use crate::components::PageHeader;
use crate::hooks::use_data;
use crate::i18n::Text;
use crate::pages::workbench::gate;
use yew::prelude::*;

/// The Pressure page.
#[component]
pub fn PressurePage() -> Html {
    let data = use_data();
    let body = match gate(&data) {
        Ok(_) => html! {},
        Err(other) => other,
    };
    html! {
        <>
            <PageHeader title={Text::NavPressure} intro={Text::PressureIntro} />
            { body }
        </>
    }
}
