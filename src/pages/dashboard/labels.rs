//! Names and definitions of the dashboard's metrics.

use crate::i18n::Text;
use crate::state::dashboard::Metric;

/// The short name of `m`.
pub fn name(m: Metric) -> Text {
    match m {
        Metric::Sent => Text::MetricSent,
        Metric::Delivered => Text::MetricDelivered,
        Metric::DeliveryRate => Text::MetricDeliveryRate,
        Metric::OpenRate => Text::MetricOpenRate,
        Metric::ClickRate => Text::MetricClickRate,
        Metric::Ctor => Text::MetricCtor,
        Metric::ConversionRate => Text::MetricConversionRate,
        Metric::UnsubscribeRate => Text::MetricUnsubscribeRate,
        Metric::ComplaintRate => Text::MetricComplaintRate,
        Metric::Reactivations => Text::MetricReactivations,
        Metric::ReactivationRate => Text::MetricReactivationRate,
        Metric::Revenue => Text::MetricRevenue,
        Metric::Cost => Text::MetricCost,
        Metric::Roi => Text::MetricRoi,
    }
}

/// How `m` is computed, in words.
pub fn definition(m: Metric) -> Text {
    match m {
        Metric::Sent => Text::DefSent,
        Metric::Delivered => Text::DefDelivered,
        Metric::DeliveryRate => Text::DefDeliveryRate,
        Metric::OpenRate => Text::DefOpenRate,
        Metric::ClickRate => Text::DefClickRate,
        Metric::Ctor => Text::DefCtor,
        Metric::ConversionRate => Text::DefConversionRate,
        Metric::UnsubscribeRate => Text::DefUnsubscribeRate,
        Metric::ComplaintRate => Text::DefComplaintRate,
        Metric::Reactivations => Text::DefReactivations,
        Metric::ReactivationRate => Text::DefReactivationRate,
        Metric::Revenue => Text::DefRevenue,
        Metric::Cost => Text::DefCost,
        Metric::Roi => Text::DefRoi,
    }
}
