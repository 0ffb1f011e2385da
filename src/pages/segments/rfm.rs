//! The RFM section: as-of date, the R × F grid coloured by customers, the
//! segment table (the automation contract: `data-segment` / `data-count`)
//! and the export with the CLI's columns.

use super::labels::segment_name;
use super::model::{heat, heat_style, RfmView};
use crate::hooks::use_settings;
use crate::i18n::Text;
use crate::numbers::{compact, compact_money};
use crate::pages::workbench::{input_value, parse_date, Shared};
use crate::services::download;
use crate::state::data::Loaded;
use canal_core::format;
use chrono::NaiveDate;

use yew::prelude::*;

/// Props of [`RfmSection`].
#[derive(Properties, PartialEq)]
pub struct RfmSectionProps {
    /// The data (for the export's keys).
    pub data: Loaded,
    /// RFM at the chosen date.
    pub view: Shared<RfmView>,
    /// The date the user chose, `None` for the default.
    pub as_of: Option<NaiveDate>,
    /// A new date (`None`: back to the default).
    pub on_as_of: Callback<Option<NaiveDate>>,
    /// Currency of the revenue figures.
    pub currency: AttrValue,
}

/// RFM: the grid, the segment table and the export.
#[component]
pub fn RfmSection(props: &RfmSectionProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let t = |k| settings.t(k);
    let rfm = &props.view.rfm;
    let as_of = rfm.as_of.map(|d| d.to_string()).unwrap_or_default();
    let on_date = props
        .on_as_of
        .reform(|e: Event| parse_date(&input_value(&e)));
    let error = use_state(|| None::<String>);
    let on_export = {
        let (data, view, error) = (props.data.clone(), props.view.clone(), error.clone());
        Callback::from(move |_| {
            let csv = view.rfm.export_csv(&data.dataset.keys, &view.tiers);
            let name = match view.rfm.as_of {
                Some(d) => format!("rfm-{d}.csv"),
                None => "rfm.csv".to_owned(),
            };
            error.set(download::save_csv(&name, &csv).err().map(|e| e.to_string()));
        })
    };
    let total: u32 = rfm.segments.iter().map(|s| s.customers).sum();
    let money = |x: f64| compact_money(x, &props.currency, locale);

    let grid_rows = (1..=5u8).rev().map(|r| {
        let cells = (1..=5u8).map(|f| {
            let cell = rfm.grid[usize::from((r - 1) * 5 + (f - 1))];
            let (style, dark) = heat_style(heat(cell.customers, props.view.max_cell));
            let title = format!(
                "R{r} F{f} · {} · {} {} · {}",
                t(segment_name(cell.segment)),
                format::count(u64::from(cell.customers), locale),
                t(Text::SegCustomers).to_lowercase(),
                money(cell.revenue)
            );
            html! {
                <td class={classes!("rfm-cell", dark.then_some("dark"))} {style} {title}
                    data-r={r.to_string()} data-f={f.to_string()}
                    data-cell-segment={cell.segment.as_str()}
                    data-customers={cell.customers.to_string()}>
                    <span class="rfm-cell-count">{ format::count(u64::from(cell.customers), locale) }</span>
                    <span class="rfm-cell-revenue">{ compact(cell.revenue, locale) }</span>
                    <span class="rfm-cell-name">{ t(segment_name(cell.segment)) }</span>
                </td>
            }
        });
        html! {
            <tr>
                <th scope="row">{ format!("R{r}") }</th>
                { for cells }
            </tr>
        }
    });

    let rows = rfm.segments.iter().map(|s| {
        let share = if total == 0 { 0.0 } else { f64::from(s.customers) / f64::from(total) };
        let per = if s.customers == 0 { 0.0 } else { s.revenue / f64::from(s.customers) };
        html! {
            <tr data-row-segment={s.segment.as_str()}>
                <th scope="row"><span class={classes!("seg-dot", s.segment.as_str())}></span>{ t(segment_name(s.segment)) }</th>
                <td class="num" data-segment={s.segment.as_str()} data-count={s.customers.to_string()}>
                    { format::count(u64::from(s.customers), locale) }
                </td>
                <td class="num">{ format::percent(share, 1, locale) }</td>
                <td class="num">{ money(s.revenue) }</td>
                <td class="num">{ money(per) }</td>
            </tr>
        }
    });

    html! {
        <section class="card wb-section rfm-section" aria-labelledby="rfm-title" data-as-of={as_of.clone()}>
            <div class="card-head wb-head">
                <div>
                    <h2 id="rfm-title">{ t(Text::SegRfmTitle) }</h2>
                    <p class="card-hint">{ t(Text::SegRfmHint) }</p>
                </div>
                <div class="wb-tools">
                    <label class="field inline">
                        <span>{ t(Text::SegAsOf) }</span>
                        <input type="date" data-testid="rfm-as-of" value={as_of} onchange={on_date} />
                    </label>
                    if props.as_of.is_some() {
                        <button type="button" class="button" onclick={props.on_as_of.reform(|_| None)}>
                            { t(Text::SegAsOfReset) }
                        </button>
                    }
                    <button type="button" class="button primary" data-testid="export-rfm"
                            onclick={on_export} disabled={total == 0}>
                        { t(Text::SegExportRfm) }
                    </button>
                </div>
            </div>
            if let Some(e) = &*error {
                <p class="form-error" role="alert">{ e.clone() }</p>
            }
            if total == 0 {
                <p class="wb-empty">{ t(Text::SegNoOrders) }</p>
            }
            <div class="rfm-layout">
                <figure class="rfm-grid-wrap">
                    <figcaption>{ format!("{} ({})", t(Text::SegGridTitle), props.currency) }</figcaption>
                    <div class="table-scroll" tabindex="0">
                        <table class="rfm-grid" data-testid="rfm-grid">
                            <thead>
                                <tr>
                                    <th scope="col"><span class="visually-hidden">{ t(Text::SegRecency) }</span></th>
                                    { for (1..=5u8).map(|f| html! { <th scope="col">{ format!("F{f}") }</th> }) }
                                </tr>
                            </thead>
                            <tbody>{ for grid_rows }</tbody>
                        </table>
                    </div>
                    <p class="wb-note">{ t(Text::SegGridHint) }</p>
                </figure>
                <div class="table-scroll" tabindex="0">
                    <table class="data-table seg-table">
                        <thead>
                            <tr>
                                <th scope="col">{ t(Text::SegSegment) }</th>
                                <th scope="col" class="num">{ t(Text::SegCustomers) }</th>
                                <th scope="col" class="num">{ t(Text::SegShare) }</th>
                                <th scope="col" class="num">{ t(Text::SegRevenue) }</th>
                                <th scope="col" class="num">{ t(Text::SegPerCustomer) }</th>
                            </tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
                        <tfoot>
                            <tr>
                                <th scope="row">{ t(Text::SegTotal) }</th>
                                <td class="num" data-total-customers={total.to_string()}>{ format::count(u64::from(total), locale) }</td>
                                <td class="num">{ format::percent(if total == 0 { 0.0 } else { 1.0 }, 0, locale) }</td>
                                <td class="num">{ money(rfm.segments.iter().map(|s| s.revenue).sum()) }</td>
                                <td></td>
                            </tr>
                        </tfoot>
                    </table>
                </div>
            </div>
        </section>
    }
}
