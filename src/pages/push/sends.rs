//! What became of each send: sent, failed, expired subscriptions removed,
//! skipped (with who and why), shown and clicked.

use super::audience::TOPICS;
use crate::hooks::use_settings;
use crate::i18n::Text;
use crate::services::push::Send;
use canal_core::format;
use yew::prelude::*;

/// Props of [`Sends`].
#[derive(Properties, PartialEq)]
pub struct SendsProps {
    /// Newest first.
    pub sends: Vec<Send>,
    /// Asks the page to reload.
    pub on_refresh: Callback<()>,
}

/// The text of a skip reason stored by the server.
pub fn reason(code: &str) -> Text {
    match code {
        "consent_opted_out" => Text::PushReasonConsent,
        "pressure" => Text::PushReasonPressure,
        "pressure_cap" => Text::PushReasonCap,
        "pressure_spacing" => Text::PushReasonSpacing,
        _ => Text::PushReasonOther,
    }
}

/// The sends table.
#[component]
pub fn Sends(props: &SendsProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let audience = |a: &serde_json::Value| -> String {
        if let Some(t) = a["topic"].as_str() {
            let name = TOPICS
                .iter()
                .find(|(k, _)| *k == t)
                .map_or(t, |(_, text)| settings.t(*text));
            return format!("{}: {name}", settings.t(Text::PushFieldTopic));
        }
        if let Some(c) = a["contacts"].as_array() {
            return format!(
                "{} ({})",
                settings.t(Text::PushAudienceContacts),
                format::count(c.len() as u64, locale)
            );
        }
        if a["endpoints"].is_array() {
            return settings.t(Text::PushSendTest).to_owned();
        }
        settings.t(Text::PushAudienceAll).to_owned()
    };
    let num = |n: u64, col: &'static str| html! { <td class="num" data-col={col}>{ format::count(n, locale) }</td> };
    let rows = props.sends.iter().map(|s| {
        let r = &s.results;
        let when = chrono::DateTime::parse_from_rfc3339(&s.created_at)
            .map(|d| format::date(d.date_naive(), locale))
            .unwrap_or_else(|_| s.created_at.clone());
        let skipped = (!s.skipped_contacts.is_empty()).then(|| {
            let items = s.skipped_contacts.iter().map(|c| html! {
                <li><code>{ c.contact_id.clone() }</code>{" — "}{ settings.t(reason(&c.reason)) }</li>
            });
            html! {
                <tr class="push-skipped-row">
                    <td colspan="10">
                        <details>
                            <summary>{ settings.t(Text::PushSkippedTitle) }{" ("}{ format::count(r.skipped, locale) }{")"}</summary>
                            <ul class="push-skipped" data-testid="push-skipped">{ for items }</ul>
                        </details>
                    </td>
                </tr>
            }
        });
        html! {
            <>
                <tr data-send-id={s.id.clone()} data-pending={r.pending.to_string()}>
                    <td class="push-message-cell">
                        <strong>{ s.title.clone() }</strong>
                        if s.test { {" "}<span class="push-badge">{ settings.t(Text::PushTestBadge) }</span> }
                        <span class="push-message-body">{ s.body.clone() }</span>
                    </td>
                    <td>{ when }</td>
                    <td>{ audience(&s.audience) }</td>
                    { num(r.pending, "pending") }
                    { num(r.sent, "sent") }
                    { num(r.failed + r.unknown, "failed") }
                    { num(r.expired_removed, "expired") }
                    { num(r.skipped, "skipped") }
                    { num(s.displayed, "shown") }
                    { num(s.clicks, "clicks") }
                </tr>
                { for skipped }
            </>
        }
    });
    html! {
        <section class="card table-card push-sends" data-testid="push-sends">
            <div class="card-head">
                <h2>{ settings.t(Text::PushSendsTitle) }</h2>
                <p class="card-hint">{ settings.t(Text::PushSendsHint) }</p>
                <button class="button" onclick={props.on_refresh.reform(|_| ())}>{ settings.t(Text::PushRefresh) }</button>
            </div>
            if props.sends.is_empty() {
                <p class="push-empty" data-state="empty">{ settings.t(Text::PushNoSends) }</p>
            } else {
                <div class="table-scroll" tabindex="0">
                    <table class="data-table">
                        <thead><tr>
                            <th>{ settings.t(Text::PushColMessage) }</th>
                            <th>{ settings.t(Text::PushColWhen) }</th>
                            <th>{ settings.t(Text::PushColAudience) }</th>
                            <th class="num">{ settings.t(Text::PushColPending) }</th>
                            <th class="num">{ settings.t(Text::PushColSent) }</th>
                            <th class="num">{ settings.t(Text::PushColFailed) }</th>
                            <th class="num">{ settings.t(Text::PushColExpired) }</th>
                            <th class="num">{ settings.t(Text::PushColSkipped) }</th>
                            <th class="num">{ settings.t(Text::PushColShown) }</th>
                            <th class="num">{ settings.t(Text::PushColClicks) }</th>
                        </tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            }
        </section>
    }
}
