//! The scoring page's pure parts: the starting model, the histogram bins
//! and the threshold what-if, tested natively.

use canal_core::model::{Channel, EventKind};
use canal_core::rfm::Segment;
use canal_core::rules::{AttrOp, Rule};
use canal_core::scoring::{FitRule, InteractionRule, ScoringModel, Stage};

fn fit(id: &str, condition: Rule, points: f64) -> FitRule {
    FitRule {
        id: id.into(),
        condition,
        points,
    }
}

fn interaction(id: &str, kind: EventKind, points: f64, cap: Option<f64>) -> InteractionRule {
    InteractionRule {
        id: id.into(),
        kind: Some(kind),
        channel: None,
        direction: None,
        name: None,
        points,
        cap,
        cap_period_days: 30,
    }
}

/// A model to start from: target area and best RFM segments, seniority and
/// company size, then engagement with caps and a 30-day half-life.
pub fn starting_model() -> ScoringModel {
    let attr = |field: &str, op: AttrOp| Rule::Attribute {
        field: field.into(),
        op,
    };
    ScoringModel {
        demographic: vec![
            fit(
                "target_area",
                attr("country", AttrOp::In(vec!["ES".into(), "PT".into()])),
                10.0,
            ),
            fit(
                "best_customers",
                Rule::RfmSegment {
                    segments: vec![Segment::Champions],
                },
                15.0,
            ),
        ],
        functional: vec![
            fit(
                "manager",
                attr("job_title", AttrOp::Contains("Manager".into())),
                10.0,
            ),
            fit("company_size", attr("company_size", AttrOp::Gt(50.0)), 10.0),
        ],
        interaction: vec![
            interaction("opens", EventKind::Opened, 2.0, Some(10.0)),
            interaction("clicks", EventKind::Clicked, 5.0, Some(25.0)),
            interaction("replies", EventKind::Replied, 10.0, None),
            interaction("visits", EventKind::Visited, 3.0, Some(15.0)),
            interaction("conversions", EventKind::Converted, 20.0, None),
        ],
        half_life_days: Some(30.0),
        stages: vec![
            Stage {
                name: "MQL".into(),
                min_score: 50.0,
                actions: Vec::new(),
            },
            Stage {
                name: "SQL".into(),
                min_score: 80.0,
                actions: Vec::new(),
            },
        ],
    }
}

/// A new interaction rule for the editor.
pub fn new_interaction(n: usize) -> InteractionRule {
    InteractionRule {
        channel: Some(Channel::Email),
        ..interaction(&format!("rule_{n}"), EventKind::Clicked, 5.0, None)
    }
}

/// Histogram of `values`: `bins` equal bins from the lowest to the highest
/// value (`(start, width, counts)`); empty input gives no bins.
pub fn histogram(values: &[f64], bins: usize) -> (f64, f64, Vec<u32>) {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    if bins == 0 || lo > hi {
        return (0.0, 1.0, Vec::new());
    }
    let lo = lo.min(0.0);
    let width = ((hi - lo) / bins as f64).max(1e-9);
    let mut counts = vec![0u32; bins];
    for v in values.iter().copied().filter(|v| v.is_finite()) {
        let i = (((v - lo) / width) as usize).min(bins - 1);
        counts[i] += 1;
    }
    (lo, width, counts)
}

/// How many contacts reach a stage at `min`.
pub fn reaching(totals: &[f64], min: f64) -> u32 {
    totals.iter().filter(|&&t| t >= min).count() as u32
}

/// Moving a stage's threshold from `old` to `new`: contacts that would
/// enter the stage and contacts that would leave it.
pub fn what_if(totals: &[f64], old: f64, new: f64) -> (u32, u32) {
    let (lo, hi) = if new < old { (new, old) } else { (old, new) };
    let between = totals.iter().filter(|&&t| t >= lo && t < hi).count() as u32;
    if new < old {
        (between, 0)
    } else {
        (0, between)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_bins() {
        let check = |values: &[f64], bins, expected: (f64, f64, Vec<u32>)| {
            assert_eq!(histogram(values, bins), expected, "{values:?}");
        };
        check(&[], 4, (0.0, 1.0, vec![]));
        // 0..=100 in 4 bins of 25; 100 lands in the last bin.
        check(
            &[0.0, 10.0, 30.0, 99.0, 100.0],
            4,
            (0.0, 25.0, vec![2, 1, 0, 2]),
        );
        // Negative scores widen the range below 0.
        check(&[-10.0, 10.0], 2, (-10.0, 10.0, vec![1, 1]));
        check(&[f64::NAN, 5.0], 1, (0.0, 5.0, vec![1]));
    }

    #[test]
    fn threshold_what_if() {
        let totals = [10.0, 45.0, 50.0, 60.0, 80.0];
        assert_eq!(reaching(&totals, 50.0), 3);
        // 50 → 40: 45 enters.
        assert_eq!(what_if(&totals, 50.0, 40.0), (1, 0));
        // 50 → 70: 50 and 60 leave.
        assert_eq!(what_if(&totals, 50.0, 70.0), (0, 2));
        assert_eq!(what_if(&totals, 50.0, 50.0), (0, 0));
        assert_eq!(reaching(&totals, 70.0), reaching(&totals, 50.0) - 2);
    }
}
