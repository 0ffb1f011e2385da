//! The server indicator in the top bar.

use crate::hooks::{use_health, use_settings};
use crate::i18n::Text;
use crate::state::health::Health;
use yew::prelude::*;

/// A dot and a sentence saying whether the server answers; when it does not,
/// what that means and a retry button.
#[component]
pub fn ServerStatus() -> Html {
    let settings = use_settings();
    let health = use_health();
    let (state, label, title) = match health.health() {
        Health::Checking => ("checking", settings.t(Text::ServerChecking), String::new()),
        Health::Connected(r) if r.status == "ok" => (
            "connected",
            settings.t(Text::ServerConnected),
            format!(
                "{} {} · {} {}",
                settings.t(Text::VersionLabel),
                r.version,
                settings.t(Text::DatabaseLabel),
                r.database.kind.as_deref().unwrap_or(&r.database.status)
            ),
        ),
        Health::Connected(_) => ("degraded", settings.t(Text::ServerDegraded), String::new()),
        Health::Unreachable { reason } => (
            "unreachable",
            settings.t(Text::ServerUnreachable),
            reason.to_string(),
        ),
    };
    let help = (state == "unreachable").then(|| {
        let retry = {
            let health = health.clone();
            Callback::from(move |_| health.refresh())
        };
        html! {
            <>
                <span class="status-help">{ settings.t(Text::ServerUnreachableHelp) }</span>
                <button type="button" class="link-button" onclick={retry}>
                    { settings.t(Text::ServerRetry) }
                </button>
            </>
        }
    });
    html! {
        <div class={classes!("server-status", state)} data-server-status={state}
             role="status" aria-live="polite" title={title}>
            <span class="status-dot" aria-hidden="true"></span>
            <span class="status-label">{ label }</span>
            { for help }
        </div>
    }
}
