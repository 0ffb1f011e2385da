//! Names of segments, tiers, event kinds and key kinds in the UI language.

use crate::i18n::Text;
use canal_core::identity::KeyKind;
use canal_core::model::ConsentStatus;
use canal_core::rfm::Segment;

/// The display name of an RFM segment.
pub const fn segment_name(s: Segment) -> Text {
    match s {
        Segment::Champions => Text::SegChampions,
        Segment::Loyal => Text::SegLoyal,
        Segment::PotentialLoyalist => Text::SegPotentialLoyalist,
        Segment::New => Text::SegNew,
        Segment::Promising => Text::SegPromising,
        Segment::NeedAttention => Text::SegNeedAttention,
        Segment::AboutToSleep => Text::SegAboutToSleep,
        Segment::AtRisk => Text::SegAtRisk,
        Segment::CantLose => Text::SegCantLose,
        Segment::Hibernating => Text::SegHibernating,
    }
}

/// The display name of a consent status.
pub const fn consent_name(s: ConsentStatus) -> Text {
    match s {
        ConsentStatus::OptedIn => Text::ConsentOptedIn,
        ConsentStatus::OptedOut => Text::ConsentOptedOut,
        ConsentStatus::Unknown => Text::ConsentUnknown,
    }
}

/// The display name of an identifier kind.
pub const fn key_kind_name(k: KeyKind) -> Text {
    match k {
        KeyKind::Email => Text::KeyEmail,
        KeyKind::Phone => Text::KeyPhone,
        KeyKind::ExternalId => Text::KeyExternalId,
    }
}
