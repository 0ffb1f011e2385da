//! Names of the audience enums shown on the contact screens.

use crate::i18n::Text;
use canal_core::model::{ConsentStatus, EventKind};
use canal_core::rfm::Segment;
use canal_core::tiers::Tier;

/// The name of an RFM segment.
pub const fn segment(s: Segment) -> Text {
    match s {
        Segment::Champions => Text::CtSegChampions,
        Segment::Loyal => Text::CtSegLoyal,
        Segment::PotentialLoyalist => Text::CtSegPotentialLoyalist,
        Segment::New => Text::CtSegNew,
        Segment::Promising => Text::CtSegPromising,
        Segment::NeedAttention => Text::CtSegNeedAttention,
        Segment::AboutToSleep => Text::CtSegAboutToSleep,
        Segment::AtRisk => Text::CtSegAtRisk,
        Segment::CantLose => Text::CtSegCantLose,
        Segment::Hibernating => Text::CtSegHibernating,
    }
}

/// The name of a tier.
pub const fn tier(t: Tier) -> Text {
    match t {
        Tier::A => Text::CtTierA,
        Tier::B => Text::CtTierB,
        Tier::C => Text::CtTierC,
    }
}

/// The name of a consent status.
pub const fn consent(s: ConsentStatus) -> Text {
    match s {
        ConsentStatus::OptedIn => Text::CtOptedIn,
        ConsentStatus::OptedOut => Text::CtOptedOut,
        ConsentStatus::Unknown => Text::CtConsentUnknownStatus,
    }
}

/// The name of an event kind.
pub const fn kind(k: EventKind) -> Text {
    match k {
        EventKind::Sent => Text::CtKindSent,
        EventKind::Delivered => Text::CtKindDelivered,
        EventKind::BouncedHard => Text::CtKindBouncedHard,
        EventKind::BouncedSoft => Text::CtKindBouncedSoft,
        EventKind::Opened => Text::CtKindOpened,
        EventKind::Clicked => Text::CtKindClicked,
        EventKind::Converted => Text::CtKindConverted,
        EventKind::Unsubscribed => Text::CtKindUnsubscribed,
        EventKind::Complained => Text::CtKindComplained,
        EventKind::Replied => Text::CtKindReplied,
        EventKind::Visited => Text::CtKindVisited,
        EventKind::SessionStart => Text::CtKindSessionStart,
        EventKind::SessionEnd => Text::CtKindSessionEnd,
        EventKind::PageView => Text::CtKindPageView,
        EventKind::SupportTicket => Text::CtKindSupportTicket,
        EventKind::Call => Text::CtKindCall,
        EventKind::SurveyResponse => Text::CtKindSurveyResponse,
        EventKind::Purchase => Text::CtKindPurchase,
        EventKind::Custom => Text::CtKindCustom,
    }
}
