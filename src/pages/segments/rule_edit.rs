//! Editing a rule tree by path, as the segment builder does: every edit is
//! a pure function from the old tree to the new one, tested natively.
//!
//! A path walks children: the sub-rules of an AND/OR group, or the one rule
//! inside a NOT (index 0).

use canal_core::model::{Channel, ConsentStatus, EventKind};
use canal_core::rfm::Segment;
use canal_core::rules::{AttrOp, Rule};
use canal_core::tiers::Tier;

/// One change to a rule tree.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Put this rule at the path.
    Replace(Vec<usize>, Rule),
    /// Remove the node at the path from its group.
    Remove(Vec<usize>),
    /// Append a child to the group at the path.
    Add(Vec<usize>, Rule),
    /// Wrap the node in a NOT, or unwrap it.
    ToggleNot(Vec<usize>),
    /// Make the group at the path an AND (`true`) or an OR.
    SetAll(Vec<usize>, bool),
}

fn node_mut<'a>(rule: &'a mut Rule, path: &[usize]) -> Option<&'a mut Rule> {
    let Some((&first, rest)) = path.split_first() else {
        return Some(rule);
    };
    let child = match rule {
        Rule::And { rules } | Rule::Or { rules } => rules.get_mut(first)?,
        Rule::Not { rule } if first == 0 => rule.as_mut(),
        _ => return None,
    };
    node_mut(child, rest)
}

/// `rule` with `edit` applied; an edit whose path does not exist changes
/// nothing.
pub fn apply(rule: &Rule, edit: &Edit) -> Rule {
    let mut out = rule.clone();
    match edit {
        Edit::Replace(path, new) => {
            if let Some(n) = node_mut(&mut out, path) {
                *n = new.clone();
            }
        }
        Edit::Remove(path) => {
            if let Some((&last, parent)) = path.split_last() {
                if let Some(Rule::And { rules } | Rule::Or { rules }) = node_mut(&mut out, parent) {
                    if last < rules.len() {
                        rules.remove(last);
                    }
                }
            }
        }
        Edit::Add(path, child) => {
            if let Some(Rule::And { rules } | Rule::Or { rules }) = node_mut(&mut out, path) {
                rules.push(child.clone());
            }
        }
        Edit::ToggleNot(path) => {
            if let Some(n) = node_mut(&mut out, path) {
                let old = std::mem::replace(n, Rule::All);
                *n = match old {
                    Rule::Not { rule } => *rule,
                    other => Rule::Not {
                        rule: Box::new(other),
                    },
                };
            }
        }
        Edit::SetAll(path, all) => {
            if let Some(n) = node_mut(&mut out, path) {
                let rules = match n {
                    Rule::And { rules } | Rule::Or { rules } => std::mem::take(rules),
                    _ => return out,
                };
                *n = if *all {
                    Rule::And { rules }
                } else {
                    Rule::Or { rules }
                };
            }
        }
    }
    out
}

/// The kinds of condition the builder offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConditionKind {
    /// A contact attribute.
    Attribute,
    /// Events in a window.
    EventCount,
    /// RFM segment membership.
    RfmSegment,
    /// Revenue tier.
    Tier,
    /// Consent status.
    Consent,
}

impl ConditionKind {
    /// Every kind, in menu order.
    pub const ALL: [ConditionKind; 5] = [
        ConditionKind::Attribute,
        ConditionKind::EventCount,
        ConditionKind::RfmSegment,
        ConditionKind::Tier,
        ConditionKind::Consent,
    ];

    /// A stable name for `<option value>`.
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionKind::Attribute => "attribute",
            ConditionKind::EventCount => "event_count",
            ConditionKind::RfmSegment => "rfm_segment",
            ConditionKind::Tier => "tier",
            ConditionKind::Consent => "consent",
        }
    }

    /// The kind called `name`.
    pub fn parse(name: &str) -> Option<Self> {
        ConditionKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// The kind of a condition rule (`None` for groups and NOT).
    pub fn of(rule: &Rule) -> Option<Self> {
        Some(match rule {
            Rule::Attribute { .. } => ConditionKind::Attribute,
            Rule::EventCount { .. } => ConditionKind::EventCount,
            Rule::RfmSegment { .. } => ConditionKind::RfmSegment,
            Rule::Tier { .. } => ConditionKind::Tier,
            Rule::Consent { .. } => ConditionKind::Consent,
            _ => return None,
        })
    }

    /// A sensible first condition of this kind.
    pub fn default_rule(self) -> Rule {
        match self {
            ConditionKind::Attribute => Rule::Attribute {
                field: "country".into(),
                op: AttrOp::Eq(String::new()),
            },
            ConditionKind::EventCount => Rule::EventCount {
                as_of: None,
                kind: Some(EventKind::Clicked),
                channel: None,
                direction: None,
                days: 30,
                min: Some(1),
                max: None,
            },
            ConditionKind::RfmSegment => Rule::RfmSegment {
                segments: vec![Segment::Champions],
            },
            ConditionKind::Tier => Rule::Tier {
                tiers: vec![Tier::A],
            },
            ConditionKind::Consent => Rule::Consent {
                subject: "news".into(),
                channel: Channel::Email,
                status: ConsentStatus::OptedIn,
            },
        }
    }
}

/// The comparison names the builder offers, in menu order.
pub const OPS: [&str; 7] = ["eq", "ne", "contains", "gt", "lt", "in", "is_set"];

/// The name of a comparison.
pub fn op_name(op: &AttrOp) -> &'static str {
    match op {
        AttrOp::Eq(_) => "eq",
        AttrOp::Ne(_) => "ne",
        AttrOp::Contains(_) => "contains",
        AttrOp::Gt(_) => "gt",
        AttrOp::Lt(_) => "lt",
        AttrOp::In(_) => "in",
        AttrOp::IsSet => "is_set",
    }
}

/// The value of a comparison as the user types it (lists comma-separated).
pub fn op_value(op: &AttrOp) -> String {
    match op {
        AttrOp::Eq(s) | AttrOp::Ne(s) | AttrOp::Contains(s) => s.clone(),
        AttrOp::Gt(x) | AttrOp::Lt(x) => x.to_string(),
        AttrOp::In(list) => list.join(", "),
        AttrOp::IsSet => String::new(),
    }
}

/// The comparison `name` with the typed `value`; a number that does not
/// parse (yet: "-" while typing) counts as 0.
pub fn make_op(name: &str, value: &str) -> AttrOp {
    let number = || value.trim().replace(',', ".").parse::<f64>().unwrap_or(0.0);
    match name {
        "ne" => AttrOp::Ne(value.to_owned()),
        "contains" => AttrOp::Contains(value.to_owned()),
        "gt" => AttrOp::Gt(number()),
        "lt" => AttrOp::Lt(number()),
        "in" => AttrOp::In(
            value
                .split(',')
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect(),
        ),
        "is_set" => AttrOp::IsSet,
        _ => AttrOp::Eq(value.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attr(field: &str, value: &str) -> Rule {
        Rule::Attribute {
            field: field.into(),
            op: AttrOp::Eq(value.into()),
        }
    }

    fn check(before: &Rule, edit: Edit, after: &Rule) {
        assert_eq!(&apply(before, &edit), after, "{edit:?}");
    }

    #[test]
    fn edits_by_path() {
        let a = attr("country", "ES");
        let b = attr("stage", "lead");
        let and = |rules: Vec<Rule>| Rule::And { rules };
        let or = |rules: Vec<Rule>| Rule::Or { rules };
        let not = |r: Rule| Rule::Not { rule: Box::new(r) };
        check(
            &and(vec![]),
            Edit::Add(vec![], a.clone()),
            &and(vec![a.clone()]),
        );
        check(
            &and(vec![a.clone(), b.clone()]),
            Edit::Remove(vec![0]),
            &and(vec![b.clone()]),
        );
        check(
            &and(vec![a.clone()]),
            Edit::Replace(vec![0], b.clone()),
            &and(vec![b.clone()]),
        );
        check(
            &and(vec![a.clone()]),
            Edit::ToggleNot(vec![0]),
            &and(vec![not(a.clone())]),
        );
        check(
            &and(vec![not(a.clone())]),
            Edit::ToggleNot(vec![0]),
            &and(vec![a.clone()]),
        );
        check(
            &and(vec![a.clone()]),
            Edit::SetAll(vec![], false),
            &or(vec![a.clone()]),
        );
        // Inside a NOT group: path 0 steps into it.
        let nested = and(vec![not(or(vec![a.clone()]))]);
        check(
            &nested,
            Edit::Add(vec![0, 0], b.clone()),
            &and(vec![not(or(vec![a.clone(), b.clone()]))]),
        );
        check(
            &nested,
            Edit::Replace(vec![0, 0, 0], b.clone()),
            &and(vec![not(or(vec![b.clone()]))]),
        );
        // Paths that do not exist change nothing.
        check(
            &and(vec![a.clone()]),
            Edit::Remove(vec![3]),
            &and(vec![a.clone()]),
        );
        check(&a, Edit::Add(vec![], b.clone()), &a);
        check(&a, Edit::SetAll(vec![], true), &a);
    }

    #[test]
    fn ops_round_trip_through_the_inputs() {
        for (name, value, expected) in [
            ("eq", "ES", AttrOp::Eq("ES".into())),
            ("gt", "40", AttrOp::Gt(40.0)),
            ("lt", "2,5", AttrOp::Lt(2.5)),
            ("lt", "-", AttrOp::Lt(0.0)),
            (
                "in",
                "ES, PT,,FR",
                AttrOp::In(vec!["ES".into(), "PT".into(), "FR".into()]),
            ),
            ("is_set", "x", AttrOp::IsSet),
        ] {
            let op = make_op(name, value);
            assert_eq!(op, expected, "{name} {value}");
            assert_eq!(op_name(&op), name);
        }
        assert_eq!(
            op_value(&AttrOp::In(vec!["ES".into(), "PT".into()])),
            "ES, PT"
        );
        assert_eq!(ConditionKind::parse("tier"), Some(ConditionKind::Tier));
        for k in ConditionKind::ALL {
            assert_eq!(ConditionKind::of(&k.default_rule()), Some(k));
        }
    }
}
