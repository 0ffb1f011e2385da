//! The Segments page (SPEC §4, §7): RFM with its grid and export, the
//! custom segment builder, A/B/C tiers with their migration,
//! responsiveness, and identity reconciliation, one tab each, all computed
//! in Wasm from the data context.
//!
//! RFM is computed once per data set and as-of date and shared by pointer
//! with the builder (rules can test RFM segments and tiers).

mod audience;
mod builder;
pub mod condition;
mod identity;
pub mod labels;
pub mod model;
pub mod number_box;
mod rfm;
pub mod rule_edit;

use crate::components::PageHeader;
use crate::hooks::{use_data, use_settings};
use crate::i18n::Text;
use crate::pages::dashboard::model::currency;
use crate::pages::workbench::{gate, Shared};
use crate::state::data::Loaded;
use audience::{ResponsivenessSection, TiersSection};
use builder::SegmentBuilder;
use canal_core::by_contact::ContactEvents;
use chrono::NaiveDate;
use identity::IdentitySection;
use model::{responsiveness_view, rfm_view};
use rfm::RfmSection;
use yew::prelude::*;

/// The tabs of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// RFM grid and segments.
    Rfm,
    /// Custom segment builder.
    Builder,
    /// A/B/C tiers.
    Tiers,
    /// Responsiveness and preferred channel.
    Responsiveness,
    /// Identity reconciliation.
    Identity,
}

impl Tab {
    const ALL: [Tab; 5] = [
        Tab::Rfm,
        Tab::Builder,
        Tab::Tiers,
        Tab::Responsiveness,
        Tab::Identity,
    ];

    fn slug(self) -> &'static str {
        match self {
            Tab::Rfm => "rfm",
            Tab::Builder => "builder",
            Tab::Tiers => "tiers",
            Tab::Responsiveness => "responsiveness",
            Tab::Identity => "identity",
        }
    }

    fn label(self) -> Text {
        match self {
            Tab::Rfm => Text::TabRfm,
            Tab::Builder => Text::TabBuilder,
            Tab::Tiers => Text::TabTiers,
            Tab::Responsiveness => Text::TabResponsiveness,
            Tab::Identity => Text::TabIdentity,
        }
    }
}

/// The Segments page.
#[component]
pub fn SegmentsPage() -> Html {
    let data = use_data();
    let body = match gate(&data) {
        Ok(loaded) => html! { <Segments data={loaded} /> },
        Err(other) => other,
    };
    html! {
        <>
            <PageHeader title={Text::NavSegments} intro={Text::SegmentsIntro} />
            { body }
        </>
    }
}

/// Props of [`Segments`].
#[derive(Properties, PartialEq)]
pub struct SegmentsProps {
    /// The data, compared by pointer.
    pub data: Loaded,
}

/// The workbench over `data`.
#[component]
pub fn Segments(props: &SegmentsProps) -> Html {
    let settings = use_settings();
    let tab = use_state(|| Tab::Rfm);
    let as_of = use_state(|| None::<NaiveDate>);
    let view = use_memo((props.data.clone(), *as_of), |(data, as_of)| {
        Shared::new(rfm_view(&data.dataset, *as_of))
    });
    let view: Shared<_> = (*view).clone();
    let currency = use_memo(props.data.clone(), |d: &Loaded| {
        AttrValue::from(currency(&d.dataset))
    });
    let currency: AttrValue = (*currency).clone();
    // Event windows of custom rules end at the last event or order.
    let end = props.data.span.map_or(0, |s| s.1);
    let on_as_of = {
        let as_of = as_of.clone();
        Callback::from(move |d: Option<NaiveDate>| as_of.set(d))
    };
    let content = match *tab {
        Tab::Rfm => html! {
            <RfmSection data={props.data.clone()} view={view.clone()} as_of={*as_of}
                        {on_as_of} currency={currency.clone()} />
        },
        Tab::Builder => html! {
            <SegmentBuilder data={props.data.clone()} view={view.clone()} as_of={end} />
        },
        Tab::Tiers => html! {
            <TiersSection data={props.data.clone()} view={view.clone()} currency={currency.clone()} />
        },
        Tab::Responsiveness => html! { <Responsiveness data={props.data.clone()} /> },
        Tab::Identity => html! { <IdentitySection data={props.data.clone()} /> },
    };
    html! {
        <div class="workbench segments" data-state="ready" data-tab={tab.slug()}>
            <div class="wb-tabs" role="tablist" aria-label={settings.t(Text::NavSegments)}>
                { for Tab::ALL.iter().map(|&x| {
                    let tab = tab.clone();
                    html! {
                        <button type="button" role="tab" class={classes!("wb-tab", (x == *tab).then_some("active"))}
                                aria-selected={(x == *tab).to_string()} data-tab={x.slug()}
                                onclick={Callback::from(move |_| tab.set(x))}>
                            { settings.t(x.label()) }
                        </button>
                    }
                }) }
            </div>
            { content }
        </div>
    }
}

/// Props of [`Responsiveness`].
#[derive(Properties, PartialEq)]
struct ResponsivenessProps {
    data: Loaded,
}

/// Computes responsiveness when its tab opens (it walks every event).
#[component]
fn Responsiveness(props: &ResponsivenessProps) -> Html {
    let view = use_memo(props.data.clone(), |data: &Loaded| {
        let ds = &data.dataset;
        let events = ContactEvents::build(&ds.events, ds.contact_count());
        Shared::new(responsiveness_view(ds, &events))
    });
    html! {
        <ResponsivenessSection view={(*view).clone()} contacts={props.data.dataset.contact_count() as u32} />
    }
}
