//! One person (SPEC §8): the omnichannel timeline with its filters and
//! conversations, and beside it identities with merge provenance, consent,
//! score and why, RFM segment and tier, pressure and the next date a
//! message may go, and the preferred channel.

mod panels;
pub mod profile;
mod timeline_view;

use crate::components::PageHeader;
use crate::hooks::{use_data, use_settings};
use crate::i18n::{self, Text};
use crate::pages::contacts::memo::{self, Slot};
use crate::pages::contacts::{initials, labels, DataStatusView};
use crate::route::Route;
use crate::services;
use crate::state::dashboard::period_end;
use crate::state::data::Loaded;
use panels::Panels;
use profile::{display_name, Analyses, Profile};
use std::cell::RefCell;
use std::rc::Rc;
use timeline_view::TimelineView;
use yew::prelude::*;
use yew_router::prelude::*;

thread_local! {
    static ANALYSES: Slot<Analyses> = const { RefCell::new(None) };
}

/// The audience analyses of `data`, built on first use and kept while the
/// data set is the current one. "Now" is the end of the data when it is
/// historical, else today, read once per data set.
pub fn analyses(data: &Loaded) -> Rc<Analyses> {
    memo::per_dataset(&ANALYSES, &data.dataset, || {
        let as_of = period_end(data.span.map(|s| s.1), services::clock::now_secs());
        Analyses::build(&data.dataset, as_of)
    })
}

/// Props of [`ContactPage`].
#[derive(Properties, PartialEq)]
pub struct ContactPageProps {
    /// The id from the address: a contact key or alias.
    pub id: AttrValue,
}

/// The contact page: the person once there is data, else why not.
#[component]
pub fn ContactPage(props: &ContactPageProps) -> Html {
    let data = use_data();
    let Some(loaded) = data.data() else {
        return html! {
            <>
                <PageHeader title={Text::NavContacts} intro={Text::ContactIntro} />
                <DataStatusView />
            </>
        };
    };
    match loaded.dataset.resolve_key(&props.id) {
        Some(contact) => html! { <ContactView data={loaded.clone()} {contact} /> },
        None => html! { <ContactNotFound id={props.id.clone()} /> },
    }
}

/// Props of [`ContactNotFound`].
#[derive(Properties, PartialEq)]
pub struct ContactNotFoundProps {
    /// The id that matched nothing.
    pub id: AttrValue,
}

/// No such contact, and the way back.
#[component]
pub fn ContactNotFound(props: &ContactNotFoundProps) -> Html {
    let settings = use_settings();
    html! {
        <>
            <PageHeader title={Text::NavContacts} intro={Text::ContactIntro} />
            <section class="empty-state" data-state="not-found" data-testid="contact-not-found">
                <h2>{ settings.t(Text::CtNotFoundTitle) }</h2>
                <p>{ settings.t(Text::CtNotFoundBody) }{ " " }<code>{ props.id.clone() }</code></p>
                <Link<Route> to={Route::Contacts} classes="button primary">
                    { settings.t(Text::CtBackToList) }
                </Link<Route>>
            </section>
        </>
    }
}

/// Props of [`ContactView`].
#[derive(Properties, PartialEq)]
pub struct ContactViewProps {
    /// The data, compared by pointer.
    pub data: Loaded,
    /// Dense contact id.
    pub contact: u32,
}

/// The person: header, timeline, panels.
#[component]
pub fn ContactView(props: &ContactViewProps) -> Html {
    let settings = use_settings();
    let t = |k: Text| settings.t(k);
    let profile = use_memo((props.data.clone(), props.contact), |(data, c)| {
        Profile::build(&data.dataset, &analyses(data), *c)
    });
    let ds = &props.data.dataset;
    let c = props.contact;
    let name = display_name(ds, c).unwrap_or(t(Text::CtUnnamed));
    let text = |col: &[u32]| col.get(c as usize).and_then(|&v| ds.text.try_get(v));
    let k = &ds.contacts;
    let sub: Vec<&str> = [text(&k.email), text(&k.phone), text(&k.company)]
        .into_iter()
        .flatten()
        .collect();
    let lifecycle = text(&k.stage)
        .map(|st| html! { <span class="lc-pill">{ i18n::lifecycle_label(st, t) }</span> });
    let segment = profile
        .rfm
        .map(|r| r.segment)
        .map(|seg| html! { <span class={format!("seg-pill seg-{}", seg.as_str())}>{ t(labels::segment(seg)) }</span> });
    let tier = profile
        .tier
        .map(|tier| html! { <span class="tier-pill">{ t(labels::tier(tier)) }</span> });
    let stage = profile
        .score
        .as_ref()
        .ok()
        .and_then(|s| s.stage.clone())
        .map(|st| html! { <span class="stage-pill">{ st }</span> });
    html! {
        <div class="contact-page" data-state="ready" data-contact={ds.keys.get(c).to_owned()}>
            <nav class="ct-back">
                <Link<Route> to={Route::Contacts} classes="link-back">{ "← " }{ t(Text::CtBackToList) }</Link<Route>>
            </nav>
            <header class="card ct-hero">
                <span class="ct-avatar big" aria-hidden="true">{ initials(name) }</span>
                <div class="ct-hero-text">
                    <h1 data-testid="contact-name">{ name }</h1>
                    <p class="ct-hero-sub">{ sub.join(" · ") }</p>
                </div>
                <div class="ct-hero-pills">{ lifecycle }{ stage }{ segment }{ tier }</div>
            </header>
            <div class="ct-layout">
                <TimelineView data={props.data.clone()} members={profile.members.clone()} />
                <Panels data={props.data.clone()} profile={profile.clone()} />
            </div>
        </div>
    }
}
