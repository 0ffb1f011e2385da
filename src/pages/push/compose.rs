//! Composing a send: the message, who gets it, how long it keeps, and a
//! test to this browser first. Consent and pressure are the server's job.

use super::audience::TOPICS;
use crate::hooks::use_settings;
use crate::i18n::Text;
use crate::services::push::{self, AudienceOut, NewSend};
use canal_core::format;
use yew::prelude::*;

/// TTL choices in seconds.
const TTLS: [(u32, Text); 4] = [
    (3_600, Text::PushTtlHour),
    (86_400, Text::PushTtlDay),
    (7 * 86_400, Text::PushTtlWeek),
    (28 * 86_400, Text::PushTtlMonth),
];
const URGENCIES: [(&str, Text); 4] = [
    ("very-low", Text::PushUrgencyVeryLow),
    ("low", Text::PushUrgencyLow),
    ("normal", Text::PushUrgencyNormal),
    ("high", Text::PushUrgencyHigh),
];

/// The form's fields.
#[derive(Clone, Debug, PartialEq)]
struct Form {
    title: String,
    body: String,
    url: String,
    audience: String,
    topic: String,
    contacts: String,
    ttl: u32,
    urgency: String,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            title: String::new(),
            body: String::new(),
            url: "/".into(),
            audience: "all".into(),
            topic: "news".into(),
            contacts: String::new(),
            ttl: 86_400,
            urgency: "normal".into(),
        }
    }
}

impl Form {
    fn to_send(&self, audience: AudienceOut, test: bool) -> NewSend {
        NewSend {
            title: self.title.trim().to_owned(),
            body: self.body.trim().to_owned(),
            url: self.url.trim().to_owned(),
            topic: None,
            ttl: self.ttl,
            urgency: self.urgency.clone(),
            audience,
            test,
        }
    }

    fn audience(&self) -> AudienceOut {
        match self.audience.as_str() {
            "topic" => AudienceOut::Topic {
                topic: self.topic.clone(),
            },
            "contacts" => AudienceOut::Contacts {
                contacts: self
                    .contacts
                    .split(['\n', ',', ';'])
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(str::to_owned)
                    .collect(),
            },
            _ => AudienceOut::All { all: true },
        }
    }
}

/// Where the last submit stands.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    Idle,
    Sending,
    Queued(u64),
    NeedsSubscription,
    Failed(String),
}

/// Props of [`Compose`].
#[derive(Properties, PartialEq)]
pub struct ComposeProps {
    /// Called once a send is created.
    pub on_sent: Callback<()>,
}

/// The `value` of the input, select or textarea an event came from.
fn value(e: &Event) -> String {
    e.target()
        .and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// The compose card.
#[component]
pub fn Compose(props: &ComposeProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let form = use_state(Form::default);
    let status = use_state(|| Status::Idle);

    let field = |f: fn(&mut Form, String)| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            f(&mut next, value(&e));
            form.set(next);
        })
    };
    let input = |f: fn(&mut Form, String)| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*form).clone();
            f(&mut next, value(&e));
            form.set(next);
        })
    };
    let submit = |test: bool| {
        let form = form.clone();
        let status = status.clone();
        let on_sent = props.on_sent.clone();
        move || {
            let form = (*form).clone();
            let status = status.clone();
            let on_sent = on_sent.clone();
            status.set(Status::Sending);
            wasm_bindgen_futures::spawn_local(async move {
                let audience = if test {
                    match push::own_endpoint().await {
                        Some(e) => AudienceOut::Endpoints { endpoints: vec![e] },
                        None => return status.set(Status::NeedsSubscription),
                    }
                } else {
                    form.audience()
                };
                match push::create(&form.to_send(audience, test)).await {
                    Ok(send) => {
                        status.set(Status::Queued(send.results.total));
                        on_sent.emit(());
                    }
                    Err(e) => status.set(Status::Failed(e.to_string())),
                }
            });
        }
    };
    let onsubmit = {
        let send = submit(false);
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            send();
        })
    };
    let ontest = {
        let send = submit(true);
        Callback::from(move |_: MouseEvent| send())
    };
    let busy = *status == Status::Sending;
    let message = match &*status {
        Status::Idle => html! {},
        Status::Sending => {
            html! { <p class="push-status" data-state="sending">{ settings.t(Text::PushSending) }</p> }
        }
        Status::Queued(n) => html! {
            <p class="push-status ok" data-state="queued">{ settings.t(Text::PushQueued) }{" "}{ format::count(*n, locale) }</p>
        },
        Status::NeedsSubscription => html! {
            <p class="push-status form-error" data-state="needs-subscription">{ settings.t(Text::PushTestNeedsSubscription) }</p>
        },
        Status::Failed(e) => html! {
            <p class="push-status form-error" role="alert" data-state="failed">{ settings.t(Text::PushSendFailed) }{" "}{ e.clone() }</p>
        },
    };
    let f = &*form;
    html! {
        <section class="card push-compose">
            <div class="card-head">
                <h2>{ settings.t(Text::PushComposeTitle) }</h2>
                <p class="card-hint">{ settings.t(Text::PushRulesNote) }</p>
            </div>
            <form {onsubmit} data-testid="push-compose">
                <div class="push-form-grid">
                    <label class="field">
                        <span>{ settings.t(Text::PushFieldTitle) }</span>
                        <input data-testid="push-title" required=true maxlength="120" value={f.title.clone()}
                            oninput={input(|f, v| f.title = v)} />
                    </label>
                    <label class="field">
                        <span>{ settings.t(Text::PushFieldUrl) }</span>
                        <input data-testid="push-url" required=true value={f.url.clone()}
                            oninput={input(|f, v| f.url = v)} />
                    </label>
                    <label class="field push-wide">
                        <span>{ settings.t(Text::PushFieldBody) }</span>
                        <textarea data-testid="push-body" rows="3" maxlength="600" value={f.body.clone()}
                            oninput={input(|f, v| f.body = v)} />
                    </label>
                    <label class="field">
                        <span>{ settings.t(Text::PushFieldAudience) }</span>
                        <select data-testid="push-audience-kind" onchange={field(|f, v| f.audience = v)}>
                            <option value="all" selected={f.audience == "all"}>{ settings.t(Text::PushAudienceAll) }</option>
                            <option value="topic" selected={f.audience == "topic"}>{ settings.t(Text::PushAudienceTopic) }</option>
                            <option value="contacts" selected={f.audience == "contacts"}>{ settings.t(Text::PushAudienceContacts) }</option>
                        </select>
                    </label>
                    if f.audience == "topic" {
                        <label class="field">
                            <span>{ settings.t(Text::PushFieldTopic) }</span>
                            <select data-testid="push-topic" onchange={field(|f, v| f.topic = v)}>
                                { for TOPICS.iter().map(|(k, t)| html! {
                                    <option value={*k} selected={f.topic == *k}>{ settings.t(*t) }</option>
                                }) }
                            </select>
                        </label>
                    }
                    if f.audience == "contacts" {
                        <label class="field push-wide">
                            <span>{ settings.t(Text::PushFieldContacts) }</span>
                            <textarea data-testid="push-contacts" rows="3" value={f.contacts.clone()}
                                oninput={input(|f, v| f.contacts = v)} />
                        </label>
                    }
                    <label class="field">
                        <span>{ settings.t(Text::PushFieldTtl) }</span>
                        <select data-testid="push-ttl" onchange={field(|f, v| f.ttl = v.parse().unwrap_or(86_400))}>
                            { for TTLS.iter().map(|(s, t)| html! {
                                <option value={s.to_string()} selected={f.ttl == *s}>{ settings.t(*t) }</option>
                            }) }
                        </select>
                    </label>
                    <label class="field">
                        <span>{ settings.t(Text::PushFieldUrgency) }</span>
                        <select data-testid="push-urgency" onchange={field(|f, v| f.urgency = v)}>
                            { for URGENCIES.iter().map(|(k, t)| html! {
                                <option value={*k} selected={f.urgency == *k}>{ settings.t(*t) }</option>
                            }) }
                        </select>
                    </label>
                </div>
                <div class="push-actions">
                    <button type="submit" class="button primary" data-testid="push-send" disabled={busy}>
                        { settings.t(Text::PushSend) }
                    </button>
                    <button type="button" class="button" data-testid="push-send-test" disabled={busy} onclick={ontest}>
                        { settings.t(Text::PushSendTest) }
                    </button>
                </div>
                <div data-testid="push-compose-status" aria-live="polite">{ message }</div>
            </form>
        </section>
    }
}
