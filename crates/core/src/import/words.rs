//! Cell vocabularies: event types as exports write them, channels, scopes,
//! directions, consent statuses and yes/no flags, in English and Spanish.
//!
//! These run once per distinct value (callers cache the answer by value),
//! so they may allocate.

use crate::model::{Channel, ConsentStatus, Direction, EventKind, Scope};

/// Lower-cases, strips accents and joins words with `_`, like header
/// normalisation: `"Opened Email"` → `"opened_email"`.
pub fn norm(s: &str) -> String {
    super::mapping::normalize_header(s)
}

/// An event type: its kind and, for words like Klaviyo's "Received SMS",
/// the channel it implies. Unknown words are [`EventKind::Custom`] (the
/// caller keeps the word as the event name).
pub fn event_kind(s: &str) -> (EventKind, Option<Channel>) {
    let w = norm(s);
    if let Some(k) = EventKind::parse(&w) {
        return (k, None);
    }
    use Channel as C;
    use EventKind as K;
    let (kind, channel) = match w.as_str() {
        "opens" | "unique_open" | "unique_opened" | "email_open" | "abrio" => (K::Opened, None),
        "opened_email" | "email_opened" => (K::Opened, Some(C::Email)),
        "clicks" | "unique_click" | "unique_clicked" | "link_click" | "clic_en_enlace" => {
            (K::Clicked, None)
        }
        "clicked_email" | "email_clicked" => (K::Clicked, Some(C::Email)),
        "clicked_sms" => (K::Clicked, Some(C::Sms)),
        "clicked_push" | "opened_push" => (K::Clicked, Some(C::AppPush)),
        "bounce" | "bounced" | "hard_bounced" | "rebote" | "rebote_duro" | "rebotado" => {
            (K::BouncedHard, None)
        }
        "bounced_email" => (K::BouncedHard, Some(C::Email)),
        "soft_bounced" | "deferred" | "blocked" | "rebote_suave" | "rebote_blando" => {
            (K::BouncedSoft, None)
        }
        "processed" | "request" | "requests" | "sends" | "email_sent" => (K::Sent, None),
        "sent_email" => (K::Sent, Some(C::Email)),
        "sent_sms" => (K::Sent, Some(C::Sms)),
        "received_email" => (K::Delivered, Some(C::Email)),
        "received_sms" => (K::Delivered, Some(C::Sms)),
        "received_push" | "push_delivered" => (K::Delivered, Some(C::AppPush)),
        "delivered_email" => (K::Delivered, Some(C::Email)),
        "spamreport" | "spam_report" | "abuse" | "marked_as_spam" | "complaints" => {
            (K::Complained, None)
        }
        "marked_email_as_spam" => (K::Complained, Some(C::Email)),
        "unsub"
        | "unsubscribes"
        | "group_unsubscribe"
        | "opt_out"
        | "optout"
        | "opted_out"
        | "darse_de_baja"
        | "cancelar_suscripcion"
        | "unsubscribed_from_list" => (K::Unsubscribed, None),
        "unsubscribed_from_sms" => (K::Unsubscribed, Some(C::Sms)),
        "placed_order" | "ordered_product" | "order_completed" | "order_placed" | "purchased"
        | "transaction" | "pedido" | "checkout_completed" => (K::Purchase, None),
        "viewed_product" | "view" | "product_view" | "screen_view" | "vista" => (K::PageView, None),
        "active_on_site" => (K::Visited, Some(C::Web)),
        "session_started" | "inicio_sesion" => (K::SessionStart, None),
        "session_ended" | "fin_sesion" => (K::SessionEnd, None),
        "answered" | "responded" | "respuesta" => (K::Replied, None),
        "ticket_created" | "ticket_opened" | "incidencia" | "reclamacion" | "case_created" => {
            (K::SupportTicket, None)
        }
        "phone_call" | "call_answered" | "llamada_atendida" => (K::Call, None),
        "survey_completed" | "nps_response" | "csat_response" | "encuesta_respondida" => {
            (K::SurveyResponse, None)
        }
        "delivery_email" => (K::Delivered, Some(C::Email)),
        _ => (K::Custom, None),
    };
    (kind, channel)
}

/// The direction a kind has when the file does not say: a contact's own
/// actions are inbound (as in [`crate::model::EventRow::new`]).
pub fn default_direction(kind: EventKind) -> Direction {
    match kind {
        EventKind::Replied
        | EventKind::SupportTicket
        | EventKind::SurveyResponse
        | EventKind::Visited
        | EventKind::SessionStart
        | EventKind::SessionEnd
        | EventKind::PageView
        | EventKind::Purchase => Direction::Inbound,
        _ => Direction::Outbound,
    }
}

/// The scope a kind has when neither the file nor its campaign says.
pub fn default_scope(kind: EventKind) -> Scope {
    match kind {
        EventKind::SupportTicket | EventKind::SurveyResponse | EventKind::Call => Scope::Support,
        _ => Scope::Unknown,
    }
}

/// A channel name.
pub fn channel(s: &str) -> Option<Channel> {
    let w = norm(s);
    Channel::parse(&w).or(match w.as_str() {
        "newsletter" | "emailing" | "mailing" | "correo_electronico" => Some(Channel::Email),
        "text_message" | "mensaje_de_texto" => Some(Channel::Sms),
        "push_notification" | "notificacion_push" | "notification" | "mobile" | "app" => {
            Some(Channel::AppPush)
        }
        "browser" | "web_notification" | "push_web" => Some(Channel::WebPush),
        "in_store" | "retail" | "offline" | "punto_de_venta" => Some(Channel::Store),
        "llamada" | "voice" | "telephone" | "call_center" => Some(Channel::Phone),
        "carta" | "letter" | "post" | "correo_ordinario" => Some(Channel::Mail),
        "online" | "ecommerce" | "e_commerce" | "pagina_web" | "sitio_web" => Some(Channel::Web),
        "messenger" | "telegram" | "chatbot" => Some(Channel::Chat),
        "tiktok" | "youtube" | "x" => Some(Channel::Social),
        "apple_wallet" | "google_wallet" => Some(Channel::Wallet),
        _ => None,
    })
}

/// A scope name.
pub fn scope(s: &str) -> Option<Scope> {
    let w = norm(s);
    Scope::parse(&w).or(match w.as_str() {
        "promotional" | "promo" | "promocional" | "newsletter" | "retention" | "retencion" => {
            Some(Scope::Engagement)
        }
        "onboarding" | "order_confirmation" | "notification" | "notificacion" | "automation"
        | "automatizacion" | "transaccional" => Some(Scope::Lifecycle),
        "customer_service" | "help" | "ayuda" | "atencion_al_cliente" | "servicio" => {
            Some(Scope::Support)
        }
        _ => None,
    })
}

/// A direction name.
pub fn direction(s: &str) -> Option<Direction> {
    let w = norm(s);
    Direction::parse(&w).or(match w.as_str() {
        "outgoing" | "sent" | "enviado" | "salida" | "o" => Some(Direction::Outbound),
        "incoming" | "received" | "recibido" | "entrada" | "i" => Some(Direction::Inbound),
        _ => None,
    })
}

/// A yes/no cell; empty is no.
pub fn yes_no(s: &str) -> Option<bool> {
    match norm(s).as_str() {
        "" | "0" | "no" | "n" | "false" | "f" | "falso" => Some(false),
        "1" | "yes" | "y" | "true" | "t" | "si" | "s" | "x" | "verdadero" => Some(true),
        _ => None,
    }
}

/// A consent status cell.
pub fn consent(s: &str) -> Option<ConsentStatus> {
    match norm(s).as_str() {
        "" | "unknown" | "pending" | "not_asked" | "null" | "n_a" | "na" | "desconocido"
        | "pendiente" | "never_subscribed" | "non_subscribed" => Some(ConsentStatus::Unknown),
        "1" | "yes" | "y" | "true" | "si" | "s" | "opted_in" | "opt_in" | "optin"
        | "subscribed" | "granted" | "accepted" | "confirmed" | "double_opt_in"
        | "single_opt_in" | "in" | "suscrito" | "acepta" | "aceptado" | "alta"
        | "consent_given" => Some(ConsentStatus::OptedIn),
        "0" | "no" | "n" | "false" | "opted_out" | "opt_out" | "optout" | "unsubscribed"
        | "denied" | "revoked" | "withdrawn" | "declined" | "rejected" | "out" | "baja"
        | "dado_de_baja" | "rechazado" | "revocado" | "cleaned" => Some(ConsentStatus::OptedOut),
        _ => None,
    }
}

/// Finds unsubscribe and preference-centre links in clicked URLs; the
/// searchers are built once per import, not once per row.
#[derive(Clone, Debug)]
pub struct UnsubscribeLinks {
    finders: Vec<memchr::memmem::Finder<'static>>,
    lower: Vec<u8>,
    /// The last URL asked about and the answer: exports repeat a link
    /// row after row, and nine searches cost more than one comparison.
    last: Vec<u8>,
    last_answer: bool,
}

impl Default for UnsubscribeLinks {
    fn default() -> Self {
        const NEEDLES: [&[u8]; 9] = [
            b"unsub",
            b"optout",
            b"opt-out",
            b"opt_out",
            b"preference",
            b"manage-subscription",
            b"darse-de-baja",
            b"/baja",
            b"cancelar-suscripcion",
        ];
        UnsubscribeLinks {
            finders: NEEDLES
                .iter()
                .map(|n| memchr::memmem::Finder::new(*n).into_owned())
                .collect(),
            lower: Vec::new(),
            last: Vec::new(),
            last_answer: false,
        }
    }
}

impl UnsubscribeLinks {
    /// Whether `url` is such a link (ignoring ASCII case).
    pub fn matches(&mut self, url: &[u8]) -> bool {
        if url == self.last.as_slice() {
            return self.last_answer;
        }
        self.lower.clear();
        self.lower.extend(url.iter().map(u8::to_ascii_lowercase));
        let lower = &self.lower;
        let answer = self.finders.iter().any(|f| f.find(lower).is_some());
        self.last.clear();
        self.last.extend_from_slice(url);
        self.last_answer = answer;
        answer
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Channel as C;
    use EventKind as K;

    fn check(word: &str, expected: (EventKind, Option<Channel>)) {
        assert_eq!(event_kind(word), expected, "{word:?}");
    }

    #[test]
    fn reads_event_words() {
        check("open", (K::Opened, None));
        check("Opened", (K::Opened, None));
        check("click", (K::Clicked, None));
        check("bounce", (K::BouncedHard, None));
        check("hard_bounce", (K::BouncedHard, None));
        check("softBounce", (K::BouncedSoft, None));
        check("soft bounce", (K::BouncedSoft, None));
        check("deferred", (K::BouncedSoft, None));
        check("processed", (K::Sent, None));
        check("delivered", (K::Delivered, None));
        check("spamreport", (K::Complained, None));
        check("unsubscribe", (K::Unsubscribed, None));
        check("group_unsubscribe", (K::Unsubscribed, None));
        check("Received Email", (K::Delivered, Some(C::Email)));
        check("Opened Email", (K::Opened, Some(C::Email)));
        check("Clicked SMS", (K::Clicked, Some(C::Sms)));
        check("Placed Order", (K::Purchase, None));
        check("Active on Site", (K::Visited, Some(C::Web)));
        check("Apertura", (K::Opened, None));
        check("Rebote suave", (K::BouncedSoft, None));
        check("Baja", (K::Unsubscribed, None));
        check("add_to_cart", (K::Custom, None));
        check("", (K::Custom, None));
    }

    #[test]
    fn reads_other_vocabularies() {
        assert_eq!(channel("E-mail"), Some(C::Email));
        assert_eq!(channel("WhatsApp"), Some(C::Chat));
        assert_eq!(channel("Push notification"), Some(C::AppPush));
        assert_eq!(channel("Tienda"), Some(C::Store));
        assert_eq!(channel("carrier pigeon"), None);
        assert_eq!(scope("Transactional"), Some(Scope::Lifecycle));
        assert_eq!(scope("Atención al cliente"), Some(Scope::Support));
        assert_eq!(scope("promo"), Some(Scope::Engagement));
        assert_eq!(direction("Incoming"), Some(Direction::Inbound));
        assert_eq!(direction("saliente"), Some(Direction::Outbound));
        assert_eq!(yes_no("Sí"), Some(true));
        assert_eq!(yes_no("FALSE"), Some(false));
        assert_eq!(yes_no(""), Some(false));
        assert_eq!(yes_no("maybe"), None);
        assert_eq!(consent("Opted-in"), Some(ConsentStatus::OptedIn));
        assert_eq!(consent("unsubscribed"), Some(ConsentStatus::OptedOut));
        assert_eq!(consent("Baja"), Some(ConsentStatus::OptedOut));
        assert_eq!(consent("pending"), Some(ConsentStatus::Unknown));
        assert_eq!(consent("perhaps"), None);
        assert_eq!(default_direction(K::Purchase), Direction::Inbound);
        assert_eq!(default_direction(K::Opened), Direction::Outbound);
    }

    #[test]
    fn flags_unsubscribe_links() {
        let mut buf = UnsubscribeLinks::default();
        let check = |u: &str, e: bool, links: &mut UnsubscribeLinks| {
            assert_eq!(links.matches(u.as_bytes()), e, "{u:?}")
        };
        check(
            "https://x.us1.list-manage.com/unsubscribe?u=1",
            true,
            &mut buf,
        );
        check("https://shop.example/Preferences", true, &mut buf);
        check("https://shop.example/es/darse-de-baja", true, &mut buf);
        check("https://shop.example/sale", false, &mut buf);
        check("", false, &mut buf);
        // Repeats are answered from the last URL, and still right.
        check("https://shop.example/OPTOUT", true, &mut buf);
        check("https://shop.example/OPTOUT", true, &mut buf);
        check("https://shop.example/sale", false, &mut buf);
        check("https://shop.example/sale", false, &mut buf);
    }
}
