//! Which column holds what: fields, table kinds, and suggestions from header
//! names (English and Spanish synonyms, and the headers of common ESP, CRM
//! and e-commerce exports).

use super::synonyms::{CONTAINS, SYNONYMS};
use serde::{Deserialize, Serialize};

macro_rules! fields {
    ($($(#[$m:meta])* $v:ident => $s:literal,)+) => {
        /// A field a column can be mapped to.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Field {
            $($(#[$m])* $v,)+
        }

        impl Field {
            /// Every field.
            pub const ALL: &'static [Field] = &[$(Field::$v,)+];

            /// The stable snake_case name (UI, CLI `--map header=field`).
            pub const fn as_str(self) -> &'static str {
                match self { $(Field::$v => $s,)+ }
            }

            /// Parses [`Field::as_str`].
            pub fn parse(s: &str) -> Option<Field> {
                match s.trim() { $($s => Some(Field::$v),)+ _ => None }
            }
        }
    };
}

fields! {
    /// E-mail address (a contact key).
    Email => "email",
    /// Any other contact or customer id (a contact key).
    ContactId => "contact_id",
    /// Phone number (a contact key when there is no e-mail or id).
    Phone => "phone",
    /// When the event, order, consent or send happened.
    Timestamp => "timestamp",
    /// Channel of an event, campaign or consent.
    Channel => "channel",
    /// Event type (sent, open, click, …); the raw value is kept as the name.
    EventType => "event_type",
    /// Event name when it has its own column (funnel step).
    EventName => "event_name",
    /// Inbound or outbound.
    Direction => "direction",
    /// Engagement, lifecycle or support.
    Scope => "scope",
    /// Campaign id (or the campaign name when there is no id).
    Campaign => "campaign",
    /// Session id.
    Session => "session",
    /// Event value: revenue or survey score.
    Value => "value",
    /// Yes/no: the open was by a machine.
    MachineOpen => "machine_open",
    /// Yes/no: the click was by a bot.
    BotClick => "bot_click",
    /// The clicked URL (unsubscribe links are flagged).
    Url => "url",
    /// Several flags in one cell (`machine_open|bot_click`), as Canal's
    /// own exports write them.
    Flags => "flags",
    /// Hard or soft, for bounce events.
    BounceType => "bounce_type",
    /// Order id.
    OrderId => "order_id",
    /// Order amount.
    Amount => "amount",
    /// Currency code.
    Currency => "currency",
    /// Full name.
    Name => "name",
    /// First name.
    FirstName => "first_name",
    /// Last name.
    LastName => "last_name",
    /// Country.
    Country => "country",
    /// Region or city.
    City => "city",
    /// Year of birth.
    BirthYear => "birth_year",
    /// Date of birth.
    BirthDate => "birth_date",
    /// Age in years (needs a reference year).
    Age => "age",
    /// Job title or role.
    JobTitle => "job_title",
    /// Company.
    Company => "company",
    /// Company size in employees (`51-200` reads as 51).
    CompanySize => "company_size",
    /// When the contact was created.
    CreatedAt => "created_at",
    /// Lifecycle stage.
    Stage => "stage",
    /// Campaign display name.
    CampaignName => "campaign_name",
    /// Subject line of a campaign, or subject (topic) of a consent.
    Subject => "subject",
    /// Message type of a campaign (newsletter, offer, …).
    MessageType => "message_type",
    /// Campaign cost.
    Cost => "cost",
    /// Consent status (opted in / out).
    ConsentStatus => "consent_status",
    /// Where a consent came from.
    Source => "source",
}

/// What one file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// One row per contact.
    Contacts,
    /// One row per interaction.
    Events,
    /// One row per order or order line.
    Orders,
    /// One row per campaign.
    Campaigns,
    /// One row per consent statement.
    Consent,
}

impl TableKind {
    /// Every kind.
    pub const ALL: &'static [TableKind] = &[
        TableKind::Contacts,
        TableKind::Events,
        TableKind::Orders,
        TableKind::Campaigns,
        TableKind::Consent,
    ];

    /// The stable snake_case name.
    pub const fn as_str(self) -> &'static str {
        match self {
            TableKind::Contacts => "contacts",
            TableKind::Events => "events",
            TableKind::Orders => "orders",
            TableKind::Campaigns => "campaigns",
            TableKind::Consent => "consent",
        }
    }

    /// Parses [`TableKind::as_str`] (and Spanish names).
    pub fn parse(s: &str) -> Option<TableKind> {
        Some(match normalize_header(s).as_str() {
            "contacts" | "contactos" | "customers" | "clientes" => TableKind::Contacts,
            "events" | "eventos" | "activity" | "actividad" => TableKind::Events,
            "orders" | "pedidos" | "transactions" => TableKind::Orders,
            "campaigns" | "campanas" => TableKind::Campaigns,
            "consent" | "consentimiento" | "consents" => TableKind::Consent,
            _ => return None,
        })
    }
}

/// Column index → field. Columns without a field are ignored, except in a
/// contacts file where they become extra attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    /// One entry per column.
    pub columns: Vec<Option<Field>>,
}

impl Mapping {
    /// The first column mapped to `field`.
    pub fn column_of(&self, field: Field) -> Option<usize> {
        self.columns.iter().position(|&f| f == Some(field))
    }

    /// Maps column `col` to `field`, unmapping any other column that had it.
    pub fn set(&mut self, col: usize, field: Option<Field>) {
        if let Some(f) = field {
            for c in self.columns.iter_mut().filter(|c| **c == Some(f)) {
                *c = None;
            }
        }
        if self.columns.len() <= col {
            self.columns.resize(col + 1, None);
        }
        self.columns[col] = field;
    }

    /// A mapping from `(header, field)` pairs; headers match ignoring case,
    /// accents and punctuation. Pairs naming no header are returned apart.
    pub fn from_names<'a>(
        headers: &[String],
        pairs: &[(&'a str, Field)],
    ) -> (Mapping, Vec<&'a str>) {
        let mut m = Mapping {
            columns: vec![None; headers.len()],
        };
        let norm: Vec<String> = headers.iter().map(|h| normalize_header(h)).collect();
        let mut missing = Vec::new();
        for &(name, field) in pairs {
            match norm.iter().position(|h| *h == normalize_header(name)) {
                Some(col) => m.set(col, Some(field)),
                None => missing.push(name),
            }
        }
        (m, missing)
    }

    fn has(&self, f: Field) -> bool {
        self.column_of(f).is_some()
    }

    fn swap_if_missing(&mut self, want: Field, from: Field) {
        if !self.has(want) {
            if let Some(c) = self.column_of(from) {
                self.columns[c] = Some(want);
            }
        }
    }
}

/// Lower-cases, strips accents and turns every run of other characters into
/// one `_`: `"Correo electrónico"` → `"correo_electronico"`.
pub fn normalize_header(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    for ch in h.trim_start_matches('\u{feff}').chars() {
        let c = match ch.to_lowercase().next().unwrap_or(ch) {
            'á' | 'à' | 'ä' | 'â' | 'ã' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' | 'õ' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            c => c,
        };
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

/// The field a header suggests, and whether it was an exact synonym.
pub fn suggest_field(header: &str) -> Option<(Field, bool)> {
    let h = normalize_header(header);
    if h.is_empty() {
        return None;
    }
    for (field, names) in SYNONYMS {
        if names.contains(&h.as_str()) {
            return Some((*field, true));
        }
    }
    CONTAINS
        .iter()
        .find(|(word, _)| h.contains(word))
        .map(|&(_, f)| (f, false))
}

/// Suggests a field for each header: exact synonyms first (the first column
/// wins a field), then word matches for the columns and fields still free.
pub fn suggest_mapping(headers: &[String]) -> Mapping {
    let guesses: Vec<Option<(Field, bool)>> = headers.iter().map(|h| suggest_field(h)).collect();
    let mut m = Mapping {
        columns: vec![None; headers.len()],
    };
    for exact in [true, false] {
        for (col, g) in guesses.iter().enumerate() {
            if let Some((f, e)) = *g {
                if e == exact && m.columns[col].is_none() && !m.has(f) {
                    m.columns[col] = Some(f);
                }
            }
        }
    }
    m
}

const ATTRIBUTES: &[Field] = &[
    Field::Name,
    Field::FirstName,
    Field::LastName,
    Field::Country,
    Field::City,
    Field::BirthYear,
    Field::BirthDate,
    Field::Age,
    Field::JobTitle,
    Field::Company,
    Field::CompanySize,
    Field::Stage,
];

/// Which kind of table a generic mapping looks like.
pub fn detect_kind(m: &Mapping) -> TableKind {
    let key = m.has(Field::Email) || m.has(Field::ContactId) || m.has(Field::Phone);
    let attributes = ATTRIBUTES.iter().filter(|&&f| m.has(f)).count();
    if m.has(Field::EventType) {
        TableKind::Events
    } else if m.has(Field::OrderId) || (m.has(Field::Amount) && key) {
        TableKind::Orders
    } else if !key
        && [
            Field::Campaign,
            Field::CampaignName,
            Field::Cost,
            Field::Subject,
            Field::MessageType,
        ]
        .iter()
        .any(|&f| m.has(f))
    {
        TableKind::Campaigns
    } else if m.has(Field::ConsentStatus) && attributes <= 1 {
        TableKind::Consent
    } else {
        TableKind::Contacts
    }
}

/// Adapts a generic suggestion to a kind: a contacts file's "created" is
/// an order's date, Shopify's order "Name" is the order number, and so on.
pub fn refine_for_kind(m: &mut Mapping, headers: &[String], kind: TableKind) {
    let named = |words: &[&str]| {
        headers
            .iter()
            .position(|h| words.contains(&normalize_header(h).as_str()))
    };
    let has_key = m.has(Field::Email) || m.has(Field::ContactId) || m.has(Field::Phone);
    if !has_key
        && matches!(
            kind,
            TableKind::Contacts | TableKind::Events | TableKind::Consent
        )
    {
        if let Some(c) = named(&["id"]) {
            m.set(c, Some(Field::ContactId));
        }
    }
    match kind {
        TableKind::Events => {
            m.swap_if_missing(Field::Timestamp, Field::CreatedAt);
            m.swap_if_missing(Field::Campaign, Field::CampaignName);
            m.swap_if_missing(Field::Value, Field::Amount);
            // In an events file a bare `name` column names the event (Canal's
            // own export writes it so), not a person.
            m.swap_if_missing(Field::EventName, Field::Name);
        }
        TableKind::Orders => {
            // An order's creation date beats a payment or update date, which
            // is empty for unpaid orders.
            if let Some(c) = m.column_of(Field::CreatedAt) {
                if let Some(t) = m.column_of(Field::Timestamp) {
                    m.columns[t] = None;
                }
                m.columns[c] = Some(Field::Timestamp);
            }
            m.swap_if_missing(Field::Amount, Field::Value);
            if !m.has(Field::OrderId) {
                if let Some(c) = named(&["name", "id", "numero", "number"]) {
                    m.set(c, Some(Field::OrderId));
                }
            }
        }
        TableKind::Campaigns => {
            m.swap_if_missing(Field::Timestamp, Field::CreatedAt);
            m.swap_if_missing(Field::CampaignName, Field::Name);
            m.swap_if_missing(Field::CampaignName, Field::FirstName);
            if !m.has(Field::Campaign) {
                if let Some(c) = named(&["id", "codigo", "code"]) {
                    m.set(c, Some(Field::Campaign));
                }
            }
        }
        TableKind::Consent => {
            m.swap_if_missing(Field::Timestamp, Field::CreatedAt);
            if !m.has(Field::ConsentStatus) {
                if let Some(c) = named(&["status", "estado", "state"]) {
                    m.set(c, Some(Field::ConsentStatus));
                }
            }
        }
        TableKind::Contacts => {}
    }
}

/// The suggested kind (unless given) and the mapping refined for it.
pub fn suggest(headers: &[String], kind: Option<TableKind>) -> (TableKind, Mapping) {
    let mut m = suggest_mapping(headers);
    let kind = kind.unwrap_or_else(|| detect_kind(&m));
    refine_for_kind(&mut m, headers, kind);
    (kind, m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(header: &str, expected: Option<Field>) {
        assert_eq!(
            suggest_field(header).map(|(f, _)| f),
            expected,
            "{header:?}"
        );
    }

    #[test]
    fn suggests_fields_from_headers() {
        check("Email", Some(Field::Email));
        check("Email Address", Some(Field::Email));
        check("E-mail", Some(Field::Email));
        check("$email", Some(Field::Email));
        check("Correo electrónico", Some(Field::Email));
        check("CORREO", Some(Field::Email));
        check("Billing Email", Some(Field::Email));
        check("Work Email 2", Some(Field::Email));
        check("Record ID", Some(Field::ContactId));
        check("Klaviyo ID", Some(Field::ContactId));
        check("Id cliente", Some(Field::ContactId));
        check("Teléfono móvil", Some(Field::Phone));
        check("SMS", Some(Field::Phone));
        check("Timestamp", Some(Field::Timestamp));
        check("Fecha", Some(Field::Timestamp));
        check("Fecha de envío", Some(Field::Timestamp));
        check("Last Activity Date", Some(Field::Timestamp));
        check("Create Date", Some(Field::CreatedAt));
        check("Fecha de alta", Some(Field::CreatedAt));
        check("OPTIN_TIME", Some(Field::CreatedAt));
        check("Canal", Some(Field::Channel));
        check("Event", Some(Field::EventType));
        check("Metric Name", Some(Field::EventType));
        check("Acción", Some(Field::EventType));
        check("Campaign Name", Some(Field::CampaignName));
        check("Campaña", Some(Field::Campaign));
        check("marketing_campaign_id", Some(Field::Campaign));
        check("Order ID", Some(Field::OrderId));
        check("Nº pedido", Some(Field::OrderId));
        check("Total", Some(Field::Amount));
        check("Importe", Some(Field::Amount));
        check("Moneda", Some(Field::Currency));
        check("Nombre", Some(Field::FirstName));
        check("Apellidos", Some(Field::LastName));
        check("Country/Region", Some(Field::Country));
        check("País", Some(Field::Country));
        check("State/Region", Some(Field::City));
        check("Number of Employees", Some(Field::CompanySize));
        check("Lifecycle Stage", Some(Field::Stage));
        check("Job Title", Some(Field::JobTitle));
        check("Fecha de nacimiento", Some(Field::BirthDate));
        check("Accepts Marketing", Some(Field::ConsentStatus));
        check("Consentimiento", Some(Field::ConsentStatus));
        check("Email Marketing Consent", Some(Field::ConsentStatus));
        check("Asunto", Some(Field::Subject));
        check("Coste", Some(Field::Cost));
        check("Apple MPP", Some(Field::MachineOpen));
        check("Bot", Some(Field::BotClick));
        check("flags", Some(Field::Flags));
        check("Event flags", Some(Field::Flags));
        check("Clicked URL", Some(Field::Url));
        check("Lineitem name", None);
        check("Favourite colour", None);
        check("", None);
    }

    fn headers(s: &str) -> Vec<String> {
        s.split(',').map(str::to_owned).collect()
    }

    fn check_kind(header_line: &str, kind: TableKind, fields: &[Option<Field>]) {
        let (k, m) = suggest(&headers(header_line), None);
        assert_eq!(k, kind, "{header_line}");
        assert_eq!(m.columns, fields, "{header_line}");
    }

    #[test]
    fn detects_kinds_and_refines() {
        use Field as F;
        // Mailchimp-like activity export.
        check_kind(
            "Email Address,Action,Timestamp,URL",
            TableKind::Events,
            &[
                Some(F::Email),
                Some(F::EventType),
                Some(F::Timestamp),
                Some(F::Url),
            ],
        );
        // SendGrid event export.
        check_kind(
            "email,event,timestamp,sg_message_id,marketing_campaign_name",
            TableKind::Events,
            &[
                Some(F::Email),
                Some(F::EventType),
                Some(F::Timestamp),
                None,
                Some(F::Campaign),
            ],
        );
        // Shopify orders: "Name" is the order number, "Created at" the date.
        check_kind(
            "Name,Email,Financial Status,Total,Currency,Created at",
            TableKind::Orders,
            &[
                Some(F::OrderId),
                Some(F::Email),
                None,
                Some(F::Amount),
                Some(F::Currency),
                Some(F::Timestamp),
            ],
        );
        // WooCommerce orders.
        check_kind(
            "Order Number,Order Date,Billing Email,Order Total",
            TableKind::Orders,
            &[
                Some(F::OrderId),
                Some(F::Timestamp),
                Some(F::Email),
                Some(F::Amount),
            ],
        );
        // HubSpot contacts.
        check_kind(
            "Record ID,First Name,Last Name,Email,Create Date,Lifecycle Stage,Favourite",
            TableKind::Contacts,
            &[
                Some(F::ContactId),
                Some(F::FirstName),
                Some(F::LastName),
                Some(F::Email),
                Some(F::CreatedAt),
                Some(F::Stage),
                None,
            ],
        );
        // Spanish contacts.
        check_kind(
            "Nombre;Correo".replace(';', ",").as_str(),
            TableKind::Contacts,
            &[Some(F::FirstName), Some(F::Email)],
        );
        // Campaigns: no contact key.
        check_kind(
            "id,Nombre,Canal,Asunto,Coste",
            TableKind::Campaigns,
            &[
                Some(F::Campaign),
                Some(F::CampaignName),
                Some(F::Channel),
                Some(F::Subject),
                Some(F::Cost),
            ],
        );
        // Consent.
        check_kind(
            "email,topic,channel,opt_in,date",
            TableKind::Consent,
            &[
                Some(F::Email),
                Some(F::Subject),
                Some(F::Channel),
                Some(F::ConsentStatus),
                Some(F::Timestamp),
            ],
        );
        // A kind chosen by the user unlocks kind-specific headers.
        let (k, m) = suggest(&headers("id,topic,status"), Some(TableKind::Consent));
        assert_eq!(k, TableKind::Consent);
        assert_eq!(
            m.columns,
            [Some(F::ContactId), Some(F::Subject), Some(F::ConsentStatus)]
        );
        check_kind(
            "email,consent,channel",
            TableKind::Consent,
            &[Some(F::Email), Some(F::ConsentStatus), Some(F::Channel)],
        );
        // Two email columns: the first exact one wins.
        check_kind(
            "Customer Email,Email",
            TableKind::Contacts,
            &[Some(F::Email), None],
        );
    }

    #[test]
    fn explicit_mapping_by_names() {
        let h = headers("Correo,Qué pasó,Cuándo");
        let (m, missing) = Mapping::from_names(
            &h,
            &[
                ("correo", Field::Email),
                ("que paso", Field::EventType),
                ("nope", Field::Url),
            ],
        );
        assert_eq!(
            m.columns,
            [Some(Field::Email), Some(Field::EventType), None]
        );
        assert_eq!(missing, ["nope"]);
        let mut m = m;
        m.set(2, Some(Field::Email));
        assert_eq!(
            m.columns,
            [None, Some(Field::EventType), Some(Field::Email)]
        );
    }

    #[test]
    fn normalizes_headers() {
        assert_eq!(
            normalize_header("  Correo Electrónico "),
            "correo_electronico"
        );
        assert_eq!(normalize_header("\u{feff}Nº  pedido"), "nº_pedido");
        assert_eq!(normalize_header("Country/Region"), "country_region");
        assert_eq!(normalize_header("$email"), "email");
    }
}
