//! One metric over time: an SVG line chart with a table alternative.
//!
//! Long series are thinned in Rust before they reach the DOM: each pixel
//! column keeps only its lowest and highest point, which draws the same
//! line as every point would.

use super::labels;
use super::model::SeriesPoint;
use super::time_chart::TimeChart;
use crate::hooks::use_settings;
use crate::i18n::Text;
use crate::numbers;
use crate::services;
use crate::state::dashboard::{date_of, Metric};
use canal_core::format;
use canal_core::rate::Period;
use std::rc::Rc;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Drawing width in SVG units; also the pixel columns of the downsampling.
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 200.0;
/// Room above and below the line so its stroke is not cut.
const PAD: f64 = 8.0;

/// Keeps, per pixel column of `width`, the lowest and highest of `points`
/// (x ascending), in x order. Series of at most two points per column come
/// back unchanged.
pub fn downsample(points: &[(f64, f64)], width: usize) -> Vec<(f64, f64)> {
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return Vec::new();
    };
    if width == 0 || points.len() <= 2 * width {
        return points.to_vec();
    }
    let span = (last.0 - first.0).max(f64::MIN_POSITIVE);
    let column = |x: f64| (((x - first.0) / span) * (width - 1) as f64) as usize;
    let mut out = Vec::with_capacity(2 * width);
    let mut i = 0;
    while i < points.len() {
        let col = column(points[i].0);
        let (mut lo, mut hi) = (i, i);
        while i < points.len() && column(points[i].0) == col {
            if points[i].1 < points[lo].1 {
                lo = i;
            }
            if points[i].1 > points[hi].1 {
                hi = i;
            }
            i += 1;
        }
        let (a, b) = (lo.min(hi), lo.max(hi));
        out.push(points[a]);
        if b != a {
            out.push(points[b]);
        }
    }
    out
}

/// The lowest and highest value the axis shows: zero is always in view, and
/// a flat line gets some height.
pub fn y_range(values: impl Iterator<Item = f64>) -> (f64, f64) {
    let (lo, hi) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if hi <= lo {
        (lo, lo + 1.0)
    } else {
        (lo, hi)
    }
}

/// SVG path data for `points` (x in 0..n-1) scaled into the chart.
fn path(points: &[(f64, f64)], n: usize, lo: f64, hi: f64) -> String {
    let sx = WIDTH / (n.max(2) - 1) as f64;
    let sy = (HEIGHT - 2.0 * PAD) / (hi - lo);
    points
        .iter()
        .enumerate()
        .map(|(i, &(x, y))| {
            let cmd = if i == 0 { 'M' } else { 'L' };
            format!("{cmd}{:.1} {:.1}", x * sx, HEIGHT - PAD - (y - lo) * sy)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Props of [`SeriesChart`].
#[derive(Properties, PartialEq)]
pub struct SeriesChartProps {
    /// One value per bucket.
    pub points: Rc<Vec<SeriesPoint>>,
    /// Which metric.
    pub metric: Metric,
    /// Currency of money values.
    pub currency: AttrValue,
    /// Another metric was chosen.
    pub on_metric: Callback<Metric>,
}

/// The time series card.
#[component]
pub fn SeriesChart(props: &SeriesChartProps) -> Html {
    let settings = use_settings();
    let locale = settings.locale();
    let metric = props.metric;
    let fmt = |v: Option<f64>| numbers::metric_value(metric, v, &props.currency, locale);
    let day = |p: &Period| format::date(date_of(p.from), locale);
    let defined: Vec<(f64, f64)> = props
        .points
        .iter()
        .enumerate()
        .filter_map(|(i, (_, v))| v.map(|v| (i as f64, v)))
        .collect();
    let has_activity = defined.iter().any(|&(_, v)| v != 0.0);
    let (lo, hi) = y_range(defined.iter().map(|p| p.1));
    let drawn = downsample(&defined, WIDTH as usize);
    let n = props.points.len();
    let line = path(&drawn, n, lo, hi);
    let area = match (drawn.first(), drawn.last()) {
        (Some(a), Some(b)) if drawn.len() > 1 => {
            let sx = WIDTH / (n.max(2) - 1) as f64;
            format!(
                "{line} L{:.1} {HEIGHT} L{:.1} {HEIGHT} Z",
                b.0 * sx,
                a.0 * sx
            )
        }
        _ => String::new(),
    };
    let on_metric = props.on_metric.clone();
    let onchange = Callback::from(move |e: Event| {
        let select: HtmlSelectElement = e.target_unchecked_into();
        if let Some(m) = Metric::from_slug(&select.value()) {
            on_metric.emit(m);
        }
    });
    let options = Metric::SERIES.iter().map(|&m| {
        html! {
            <option value={m.slug()} selected={m == metric}>{ labels::name(m).get(locale) }</option>
        }
    });
    let (first, last) = (props.points.first(), props.points.last());
    let range = match (first, last) {
        (Some(a), Some(b)) => format!("{} – {}", day(&a.0), day(&b.0)),
        _ => String::new(),
    };
    let label = format!(
        "{}: {}, {range}",
        settings.t(Text::SeriesChartLabel),
        labels::name(metric).get(locale)
    );
    let rows = props.points.iter().map(|(p, v)| {
        html! {
            <tr>
                <th scope="row">{ day(p) }</th>
                <td class="num" data-value={v.map(|v| v.to_string()).unwrap_or_default()}>
                    { numbers::metric_value_full(metric, *v, &props.currency, locale) }
                </td>
            </tr>
        }
    });
    let chart = if has_activity && services::uplot::available() {
        let xs: Vec<f64> = props.points.iter().map(|(p, _)| p.from as f64).collect();
        let ys: Vec<Option<f64>> = props.points.iter().map(|(_, v)| *v).collect();
        html! {
            <TimeChart xs={Rc::new(xs)} ys={Rc::new(ys)} metric={metric}
                       currency={props.currency.clone()} label={label} />
        }
    } else if has_activity {
        html! {
            <figure class="chart" data-points={n.to_string()} data-drawn={drawn.len().to_string()}>
                <div class="chart-y" aria-hidden="true">
                    <span>{ fmt(Some(hi)) }</span>
                    <span>{ fmt(Some((hi + lo) / 2.0)) }</span>
                    <span>{ fmt(Some(lo)) }</span>
                </div>
                <div class="chart-plot">
                    <svg viewBox={format!("0 0 {WIDTH} {HEIGHT}")} preserveAspectRatio="none"
                         role="img" aria-label={label}>
                        <line class="grid" x1="0" x2={WIDTH.to_string()} y1={PAD.to_string()} y2={PAD.to_string()} />
                        <line class="grid" x1="0" x2={WIDTH.to_string()} y1={(HEIGHT / 2.0).to_string()} y2={(HEIGHT / 2.0).to_string()} />
                        <line class="grid base" x1="0" x2={WIDTH.to_string()} y1={(HEIGHT - PAD).to_string()} y2={(HEIGHT - PAD).to_string()} />
                        <path class="area" d={area} />
                        <path class="line" d={line} />
                    </svg>
                    <div class="chart-x" aria-hidden="true">
                        <span>{ first.map(|p| day(&p.0)) }</span>
                        <span>{ last.map(|p| day(&p.0)) }</span>
                    </div>
                </div>
            </figure>
        }
    } else {
        html! { <p class="chart-empty">{ settings.t(Text::SeriesNoData) }</p> }
    };
    html! {
        <section class="card series-card" aria-labelledby="series-title">
            <div class="card-head">
                <h2 id="series-title">{ settings.t(Text::SeriesTitle) }</h2>
                <label class="field inline">
                    <span>{ settings.t(Text::SeriesMetric) }</span>
                    <select data-filter="series-metric" {onchange}>{ for options }</select>
                </label>
            </div>
            { chart }
            <details class="series-table">
                <summary>{ settings.t(Text::SeriesShowTable) }</summary>
                <div class="table-scroll">
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">{ settings.t(Text::FilterPeriod) }</th>
                                <th scope="col" class="num">{ labels::name(metric).get(locale) }</th>
                            </tr>
                        </thead>
                        <tbody>{ for rows }</tbody>
                    </table>
                </div>
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(points: &[(f64, f64)], width: usize, expected: &[(f64, f64)]) {
        assert_eq!(downsample(points, width), expected, "width {width}");
    }

    #[test]
    fn downsampling_keeps_extremes_per_column() {
        let pts: Vec<(f64, f64)> = [3.0, 9.0, 1.0, 4.0, 7.0, 2.0, 8.0, 5.0, 6.0]
            .iter()
            .enumerate()
            .map(|(i, &v)| (i as f64, v))
            .collect();
        // Short enough: unchanged.
        check(&pts, 5, &pts);
        // Two columns: x 0..=7 go to column 0 (x·1/8 < 1), x 8 to column 1.
        check(&pts, 2, &[(1.0, 9.0), (2.0, 1.0), (8.0, 6.0)]);
        // Three columns: x·2/8 → 0 for x<4, 1 for 4..7, 2 for 8.
        check(
            &pts,
            3,
            &[(1.0, 9.0), (2.0, 1.0), (5.0, 2.0), (6.0, 8.0), (8.0, 6.0)],
        );
        check(&[], 3, &[]);
        check(&[(0.0, 1.0)], 0, &[(0.0, 1.0)]);
    }

    #[test]
    fn long_series_fit_two_points_per_column() {
        let pts: Vec<(f64, f64)> = (0..100_000)
            .map(|i| (i as f64, ((i * 7919) % 1000) as f64))
            .collect();
        let out = downsample(&pts, 720);
        assert!(out.len() <= 1440, "{}", out.len());
        assert!(out.windows(2).all(|w| w[0].0 < w[1].0), "x order kept");
        let max = out.iter().map(|p| p.1).fold(f64::MIN, f64::max);
        assert_eq!(max, 999.0, "the peak survives");
    }

    #[test]
    fn y_range_includes_zero_and_lifts_flat_lines() {
        assert_eq!(y_range([0.2, 0.5].into_iter()), (0.0, 0.5));
        assert_eq!(y_range([-2.0, 3.0].into_iter()), (-2.0, 3.0));
        assert_eq!(y_range([0.0, 0.0].into_iter()), (0.0, 1.0));
        assert_eq!(y_range(std::iter::empty()), (0.0, 1.0));
    }
}
