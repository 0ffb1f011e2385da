//! The contact list: every contact of the loaded data, searchable by name,
//! e-mail or phone, filtered by channel, consent, RFM segment and tier,
//! sorted by last activity, revenue or events, and virtualized so 100k
//! contacts scroll like 100.

pub mod directory;
mod filters;
pub mod labels;
pub mod memo;
mod status;
pub mod virtual_list;

pub use status::DataStatusView;

use crate::components::PageHeader;
use crate::hooks::{use_data, use_settings};
use crate::i18n::{self, Text};
use crate::numbers;
use crate::route::Route;
use crate::state::data::Loaded;
use canal_core::format;
use canal_core::model::{Channel, Dataset, DAY, NONE};
use canal_core::rfm::{date_of_day, Segment};
use directory::{Directory, Query, SortKey, NO_CODE};
use filters::Filters;
use memo::Slot;
use std::cell::RefCell;
use std::rc::Rc;
use virtual_list::VirtualList;
use yew::prelude::*;
use yew_router::prelude::*;

/// Height of one row of the list, in CSS pixels (CSS agrees: `.contact-row`).
pub const ROW_HEIGHT: u32 = 56;

thread_local! {
    static DIRECTORY: Slot<Directory> = const { RefCell::new(None) };
}

/// The directory of `data`, built on first use and kept while the data set
/// is the current one.
pub fn directory(data: &Loaded) -> Rc<Directory> {
    memo::per_dataset(&DIRECTORY, &data.dataset, || {
        Directory::build(&data.dataset, &data.index)
    })
}

/// The first currency of the orders table; EUR when there is none.
pub fn currency(ds: &Dataset) -> String {
    ds.orders
        .currency
        .iter()
        .find(|&&c| c != NONE)
        .and_then(|&c| ds.names.try_get(c))
        .filter(|c| !c.is_empty())
        .unwrap_or("EUR")
        .to_owned()
}

/// The contacts page: the list once there is data, else why not.
#[component]
pub fn ContactsPage() -> Html {
    let data = use_data();
    let body = match data.data() {
        Some(loaded) => html! { <ContactList data={loaded.clone()} /> },
        None => html! { <DataStatusView /> },
    };
    html! {
        <>
            <PageHeader title={Text::NavContacts} intro={Text::ContactsIntro} />
            { body }
        </>
    }
}

/// Props of [`ContactList`].
#[derive(Properties, PartialEq)]
pub struct ContactListProps {
    /// The data, compared by pointer.
    pub data: Loaded,
}

/// Filters, the count of matches and the virtualized list.
#[component]
pub fn ContactList(props: &ContactListProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let navigator = use_navigator();
    let query = use_state(Query::default);
    let dir = directory(&props.data);
    let matches = use_memo((props.data.clone(), (*query).clone()), |(data, q)| {
        directory(data).query(q)
    });
    // A new result list is a new allocation: its address tells the list to
    // scroll back to the top.
    let generation = Rc::as_ptr(&matches) as usize;
    let currency = use_memo(props.data.clone(), |d| currency(&d.dataset));

    let open = {
        let (data, dir, navigator) = (props.data.clone(), dir.clone(), navigator.clone());
        move |contact: u32| {
            if let Some(nav) = &navigator {
                let id = dir.link_id(&data.dataset, contact).to_owned();
                nav.push(&Route::Contact { id });
            }
        }
    };
    let on_open = {
        let (open, matches) = (open.clone(), matches.clone());
        Callback::from(move |i: usize| {
            if let Some(&c) = matches.get(i) {
                open(c);
            }
        })
    };
    let render = {
        let (data, dir, matches) = (props.data.clone(), dir.clone(), matches.clone());
        let settings = settings.clone();
        Callback::from(move |(i, _active): (usize, bool)| {
            let Some(&c) = matches.get(i) else {
                return Html::default();
            };
            let open = open.clone();
            let row = RowView {
                ds: &data.dataset,
                dir: &dir,
                contact: c,
                settings: &settings,
                currency: &currency,
            };
            row.render(Callback::from(move |_| open(c)))
        })
    };
    let set_sort = {
        let query = query.clone();
        move |sort: SortKey| {
            let query = query.clone();
            Callback::from(move |_: MouseEvent| {
                query.set(Query {
                    sort,
                    ..(*query).clone()
                })
            })
        }
    };
    let sort_header = |key: SortKey, text: Text| {
        let on = query.sort == key;
        html! {
            <div role="columnheader" class="ct-cell num"
                 aria-sort={if on { "descending" } else { "none" }}>
                <button type="button" class={classes!("sort-button", on.then_some("on"))}
                        data-sort={sort_name(key)} onclick={set_sort(key)}>
                    { settings.t(text) }
                    <span class="sort-arrow" aria-hidden="true">{ if on { "↓" } else { "" } }</span>
                </button>
            </div>
        }
    };
    let on_change = {
        let query = query.clone();
        Callback::from(move |q: Query| query.set(q))
    };
    let total = dir.len();
    let found = matches.len();
    let list = if found == 0 {
        let clear = {
            let query = query.clone();
            Callback::from(move |_: MouseEvent| query.set(Query::default()))
        };
        html! {
            <div class="ct-no-match" data-testid="contact-no-match">
                <h2>{ settings.t(Text::CtNoMatches) }</h2>
                <p>{ settings.t(Text::CtNoMatchesHint) }</p>
                <button type="button" class="button" onclick={clear}>
                    { settings.t(Text::CtClearFilters) }
                </button>
            </div>
        }
    } else {
        html! {
            <VirtualList count={found} row_height={ROW_HEIGHT} {render} {on_open}
                         label={settings.t(Text::CtListLabel)} {generation} class="contact-list" />
        }
    };
    html! {
        <div class="contacts" data-state="ready">
            <Filters query={(*query).clone()} channels_present={dir.channels_present}
                     has_orders={dir.has_orders} {on_change} />
            <section class="card ct-list-card">
                <div class="ct-list-head">
                    <p class="ct-count" data-testid="contact-count" data-value={found.to_string()}
                       aria-live="polite">
                        <strong>{ format::count(found as u64, locale) }</strong>
                        { " " }{ settings.t(Text::CtOf) }{ " " }
                        { format::count(total as u64, locale) }{ " " }{ settings.t(Text::CtContactsWord) }
                    </p>
                    <p class="card-hint ct-hint">{ settings.t(Text::CtListHint) }</p>
                </div>
                <div class="ct-grid-head contact-cols" role="row">
                    <div role="columnheader" class="ct-cell">{ settings.t(Text::CtColContact) }</div>
                    <div role="columnheader" class="ct-cell ct-channels">{ settings.t(Text::CtColChannels) }</div>
                    <div role="columnheader" class="ct-cell ct-seg">{ settings.t(Text::CtColSegment) }</div>
                    { sort_header(SortKey::LastActivity, Text::CtColLastActivity) }
                    { sort_header(SortKey::Events, Text::CtColEvents) }
                    { sort_header(SortKey::Revenue, Text::CtColRevenue) }
                </div>
                { list }
            </section>
        </div>
    }
}

/// The `data-sort` name of a sort key.
pub const fn sort_name(key: SortKey) -> &'static str {
    match key {
        SortKey::LastActivity => "last_activity",
        SortKey::Events => "events",
        SortKey::Revenue => "revenue",
    }
}

/// Everything one row needs, borrowed for one render.
struct RowView<'a> {
    ds: &'a Dataset,
    dir: &'a Directory,
    contact: u32,
    settings: &'a crate::hooks::SettingsHandle,
    currency: &'a str,
}

impl RowView<'_> {
    fn render(&self, open: Callback<()>) -> Html {
        let (ds, c) = (self.ds, self.contact as usize);
        let t = |k: Text| self.settings.t(k);
        let locale = self.settings.locale();
        let text = |col: &[u32]| col.get(c).and_then(|&v| ds.text.try_get(v));
        let k = &ds.contacts;
        let name = text(&k.name);
        let sub = text(&k.email)
            .or_else(|| text(&k.phone))
            .unwrap_or_else(|| ds.keys.get(self.contact));
        let s = &self.dir.summaries[c];
        let id = self.dir.link_id(ds, self.contact).to_owned();
        let href = Route::Contact { id: id.clone() }.to_path();
        let on_link = {
            let open = open.clone();
            Callback::from(move |e: MouseEvent| {
                // Plain clicks navigate inside the app; modified clicks
                // (new tab) keep the browser's behaviour.
                if !(e.ctrl_key() || e.meta_key() || e.shift_key()) {
                    e.prevent_default();
                    e.stop_propagation();
                    open.emit(());
                }
            })
        };
        let channels: Vec<Channel> = Channel::ALL
            .iter()
            .copied()
            .filter(|ch| s.channels & (1 << ch.code()) != 0)
            .collect();
        let channel_names: Vec<&str> = channels.iter().map(|&ch| t(i18n::channel(ch))).collect();
        let dots = channels.iter().map(|ch| {
            html! { <span class={format!("ch-dot ch-{}", ch.as_str())} title={t(i18n::channel(*ch))}></span> }
        });
        let segment = Segment::from_code(s.segment).map(|seg| {
            html! { <span class={format!("seg-pill seg-{}", seg.as_str())}>{ t(labels::segment(seg)) }</span> }
        });
        let tier = canal_core::tiers::Tier::from_code(s.tier).map(|tier| {
            // The column is narrow: the letter, the full name on hover.
            let letter = format!("{tier:?}");
            html! { <span class="tier-pill short" title={t(labels::tier(tier))}>{ letter }</span> }
        });
        let last = if s.last_activity == i64::MIN {
            "–".to_owned()
        } else {
            format::date(date_of_day(s.last_activity.div_euclid(DAY)), locale)
        };
        let revenue = if s.segment == NO_CODE && s.revenue == 0.0 {
            "–".to_owned()
        } else {
            numbers::compact_money(s.revenue, self.currency, locale)
        };
        let display = name.unwrap_or(t(Text::CtUnnamed));
        html! {
            <div class="contact-row contact-cols" data-testid="contact-row" data-contact={id}
                 onclick={open.reform(|_: MouseEvent| ())}>
                <div role="gridcell" class="ct-cell ct-who">
                    <span class="ct-avatar" aria-hidden="true">{ initials(display) }</span>
                    <span class="ct-lines">
                        <a href={href} class={classes!("ct-name", name.is_none().then_some("unnamed"))}
                           tabindex="-1" onclick={on_link}>{ display }</a>
                        <small class="ct-sub">{ sub }</small>
                    </span>
                </div>
                <div role="gridcell" class="ct-cell ct-channels" aria-label={channel_names.join(", ")}
                     title={channel_names.join(", ")}>
                    { for dots }
                </div>
                <div role="gridcell" class="ct-cell ct-seg">{ segment }{ tier }</div>
                <div role="gridcell" class="ct-cell num" data-value={s.last_activity.to_string()}>{ last }</div>
                <div role="gridcell" class="ct-cell num">{ format::count(u64::from(s.events), locale) }</div>
                <div role="gridcell" class="ct-cell num">{ revenue }</div>
            </div>
        }
    }
}

/// Up to two initials of a name, for the avatar.
pub fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_alphanumeric())
        .take(2)
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_of_names() {
        for (name, expected) in [
            ("Ana García", "AG"),
            ("álvaro de la Peña", "ÁD"),
            ("Bo", "B"),
            ("", ""),
            ("  (x) y", "Y"),
        ] {
            assert_eq!(initials(name), expected, "{name:?}");
        }
    }
}
