//! The title block at the top of a page.

use crate::hooks::use_settings;
use crate::i18n::Text;
use yew::prelude::*;

/// Props of [`PageHeader`].
#[derive(Properties, PartialEq)]
pub struct PageHeaderProps {
    /// The page title.
    pub title: Text,
    /// One sentence saying what the page is for.
    pub intro: Text,
}

/// A page title with its one-line purpose.
#[component]
pub fn PageHeader(props: &PageHeaderProps) -> Html {
    let settings = use_settings();
    html! {
        <div class="page-header">
            <h1>{ settings.t(props.title) }</h1>
            <p class="page-intro">{ settings.t(props.intro) }</p>
        </div>
    }
}
