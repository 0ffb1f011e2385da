//! A metric over time drawn by uPlot, through the bindings of
//! `services::uplot`. The chart is created in an effect, fed new data with
//! `setData`, resized with the window and destroyed on unmount; long series
//! are thinned in Wasm first (min/max per pixel column, [`downsample`]), so
//! uPlot never receives more than two points per pixel.

use super::series::downsample;
use crate::hooks::use_settings;
use crate::i18n::Locale;
use crate::numbers;
use crate::services::uplot::{self, UPlot};
use crate::state::dashboard::{date_of, Metric};
use gloo::events::EventListener;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

const HEIGHT: u32 = 220;

/// Props of [`TimeChart`].
#[derive(Properties, PartialEq)]
pub struct TimeChartProps {
    /// Bucket starts, seconds since the epoch.
    pub xs: Rc<Vec<f64>>,
    /// One value per bucket; `None` is a gap.
    pub ys: Rc<Vec<Option<f64>>>,
    /// The metric, for the axis labels.
    pub metric: Metric,
    /// Currency of money values.
    pub currency: AttrValue,
    /// What the chart shows, for screen readers.
    pub label: AttrValue,
}

/// The columns handed to uPlot for a plot `width` pixels wide: unchanged
/// when short, else the defined points thinned to two per pixel column.
pub fn plot_columns(xs: &[f64], ys: &[Option<f64>], width: usize) -> (Vec<f64>, Vec<Option<f64>>) {
    if ys.len() <= 2 * width.max(1) {
        return (xs.to_vec(), ys.to_vec());
    }
    let defined: Vec<(f64, f64)> = xs
        .iter()
        .zip(ys)
        .filter_map(|(&x, y)| y.map(|y| (x, y)))
        .collect();
    downsample(&defined, width)
        .into_iter()
        .map(|(x, y)| (x, Some(y)))
        .unzip()
}

struct Chart {
    plot: UPlot,
    // Kept alive as long as uPlot may call them.
    _ticks: [Closure<dyn Fn(JsValue, js_sys::Array) -> js_sys::Array>; 2],
    _resize: EventListener,
}

fn options(width: u32) -> JsValue {
    let grid = r##"{"stroke":"#e3e6ee","width":1}"##;
    let axis = format!(
        r##"{{"stroke":"#8a92a6","grid":{grid},"ticks":{{"show":false}},"font":"12px Inter, Liberation Sans, Arial, sans-serif"}}"##
    );
    let json = format!(
        r##"{{"width":{width},"height":{HEIGHT},"legend":{{"show":false}},
            "cursor":{{"drag":{{"x":false,"y":false}},"points":{{"size":7}}}},
            "scales":{{"x":{{"time":true}}}},
            "series":[{{}},{{"stroke":"#2f6fed","width":2.25,"fill":"rgba(47,111,237,0.10)","points":{{"show":false}}}}],
            "axes":[{axis},{axis}]}}"##
    );
    js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL)
}

fn tick_closure(
    fmt: impl Fn(f64) -> String + 'static,
) -> Closure<dyn Fn(JsValue, js_sys::Array) -> js_sys::Array> {
    Closure::new(move |_plot: JsValue, splits: js_sys::Array| {
        splits
            .iter()
            .map(|v| JsValue::from_str(&v.as_f64().map(&fmt).unwrap_or_default()))
            .collect()
    })
}

fn day_tick(secs: f64, locale: Locale) -> String {
    let d = date_of(secs as i64);
    match locale {
        Locale::En => d.format("%b %-d").to_string(),
        Locale::Es => d.format("%-d/%-m").to_string(),
    }
}

fn width_of(el: &web_sys::Element) -> u32 {
    el.client_width().max(240) as u32
}

/// The uPlot chart.
#[component]
pub fn TimeChart(props: &TimeChartProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let node = use_node_ref();
    let chart = use_mut_ref(|| None::<Chart>);

    // A new metric, currency or language changes the axes: build anew.
    {
        let (node, chart) = (node.clone(), chart.clone());
        let (xs, ys) = (props.xs.clone(), props.ys.clone());
        use_effect_with(
            (props.metric, props.currency.clone(), locale),
            move |(metric, currency, locale)| {
                if let Some(el) = node.cast::<web_sys::Element>() {
                    let width = width_of(&el);
                    let (metric, currency, locale) = (*metric, currency.to_string(), *locale);
                    let y_ticks = tick_closure(move |v| {
                        numbers::metric_value(metric, Some(v), &currency, locale)
                    });
                    let x_ticks = tick_closure(move |v| day_tick(v, locale));
                    let opts = options(width);
                    if let Ok(axes) = js_sys::Reflect::get(&opts, &"axes".into()) {
                        let axes: js_sys::Array = axes.unchecked_into();
                        let set = |i: u32, f: &Closure<_>| {
                            let _ =
                                js_sys::Reflect::set(&axes.get(i), &"values".into(), f.as_ref());
                        };
                        set(0, &x_ticks);
                        set(1, &y_ticks);
                        let _ =
                            js_sys::Reflect::set(&axes.get(1), &"size".into(), &JsValue::from(72));
                    }
                    let (cx, cy) = plot_columns(&xs, &ys, width as usize);
                    if let Ok(plot) = UPlot::new(&opts, &uplot::columns(&cx, &[&cy]), &el) {
                        let resize = {
                            let (chart, el) = (chart.clone(), el.clone());
                            EventListener::new(&gloo::utils::window(), "resize", move |_| {
                                if let Some(c) = chart.borrow().as_ref() {
                                    c.plot.set_size(&uplot::size(width_of(&el), HEIGHT));
                                }
                            })
                        };
                        *chart.borrow_mut() = Some(Chart {
                            plot,
                            _ticks: [x_ticks, y_ticks],
                            _resize: resize,
                        });
                    }
                }
                move || {
                    if let Some(c) = chart.borrow_mut().take() {
                        c.plot.destroy();
                    }
                }
            },
        );
    }
    // New data for the same axes: only setData.
    {
        let (node, chart) = (node.clone(), chart.clone());
        use_effect_with((props.xs.clone(), props.ys.clone()), move |(xs, ys)| {
            if let (Some(c), Some(el)) = (chart.borrow().as_ref(), node.cast::<web_sys::Element>())
            {
                let (cx, cy) = plot_columns(xs, ys, width_of(&el) as usize);
                c.plot.set_data(&uplot::columns(&cx, &[&cy]));
            }
        });
    }
    html! {
        <figure class="chart uplot-chart" data-points={props.ys.len().to_string()}>
            <div ref={node} class="uplot-host" role="img" aria-label={props.label.clone()}></div>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_series_pass_through_and_long_ones_thin() {
        let xs = [0.0, 1.0, 2.0];
        let ys = [Some(1.0), None, Some(3.0)];
        assert_eq!(plot_columns(&xs, &ys, 10), (xs.to_vec(), ys.to_vec()));
        let xs: Vec<f64> = (0..10_000).map(f64::from).collect();
        let ys: Vec<Option<f64>> = (0..10_000).map(|i| Some(f64::from(i % 97))).collect();
        let (cx, cy) = plot_columns(&xs, &ys, 300);
        assert!(cx.len() <= 600 && cx.len() == cy.len(), "{}", cx.len());
        assert_eq!(cy.iter().flatten().copied().fold(0.0, f64::max), 96.0);
    }
}
