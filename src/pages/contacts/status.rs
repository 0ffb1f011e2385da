//! What the contact screens show before there is data: the dashboard's
//! loading and error states, or the empty state.

use crate::components::EmptyState;
use crate::hooks::use_data;
use crate::pages::dashboard::status::{LoadErrorState, LoadingState};
use crate::state::data::DataStatus;
use yew::prelude::*;

/// Loading progress, the load error, or how to get data.
#[component]
pub fn DataStatusView() -> Html {
    let data = use_data();
    match data.status() {
        DataStatus::Loading { progress } => html! { <LoadingState progress={*progress} /> },
        DataStatus::Failed(reason) => html! { <LoadErrorState reason={reason.clone()} /> },
        _ => html! { <EmptyState /> },
    }
}
