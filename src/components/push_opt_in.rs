//! The visitor's "Get notifications" card. Its behaviour lives in
//! `static/canal-push.js`, the script other pages of the site embed, so the
//! app and those pages offer exactly the same opt-in; this component gives
//! it a place, the topics and the app's language.

use crate::hooks::use_settings;
use crate::services::push;
use yew::prelude::*;

/// Props of [`PushOptIn`].
#[derive(Properties, PartialEq)]
pub struct PushOptInProps {
    /// Topics offered, comma-separated (news, offers, account, loyalty).
    #[prop_or(AttrValue::Static("news,offers"))]
    pub topics: AttrValue,
}

/// The opt-in card; its state is in `data-push-state`.
#[component]
pub fn PushOptIn(props: &PushOptInProps) -> Html {
    let settings = use_settings();
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((), move |_| {
            if let Some(el) = node.cast::<web_sys::Element>() {
                push::mount_opt_in(&el);
            }
        });
    }
    let lang = settings.locale().tag();
    // The script owns the children; Yew only keeps the attributes, which
    // the script watches (a language switch re-renders the card).
    html! {
        <div class="push-opt-in" ref={node} data-canal-push="" data-topics={props.topics.clone()}
            data-lang={lang} data-testid="push-opt-in" />
    }
}
