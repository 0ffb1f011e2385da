//! UI text in English and Spanish.
//!
//! Every visible string is a [`Text`] key, so a missing translation is a
//! compile error rather than an English word in a Spanish screen. Number and
//! date formatting lives in `canal_core::format`, shared with the CLI.

pub use canal_core::format::Locale;
use canal_core::model::{Channel, Scope};

macro_rules! texts {
    ($($key:ident => $en:literal, $es:literal;)+) => {
        /// A translatable UI string.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Text {
            $(#[allow(missing_docs)] $key,)+
        }

        impl Text {
            /// Every key, for completeness tests.
            pub const ALL: &'static [Text] = &[$(Text::$key,)+];

            /// This text in `locale`.
            pub const fn get(self, locale: Locale) -> &'static str {
                match locale {
                    Locale::En => match self { $(Text::$key => $en,)+ },
                    Locale::Es => match self { $(Text::$key => $es,)+ },
                }
            }
        }
    };
}

texts! {
    AppTagline => "Channel analytics", "Analítica de canales";
    NavDashboard => "Dashboard", "Panel";
    NavChannels => "Channels", "Canales";
    NavFunnels => "Funnels", "Embudos";
    NavContacts => "Contacts", "Contactos";
    NavSegments => "Segments", "Segmentos";
    NavScoring => "Scoring", "Puntuación";
    NavPressure => "Pressure", "Presión";
    NavImport => "Import CSV", "Importar CSV";
    NavPush => "Web push", "Web push";
    NavSettings => "Settings", "Ajustes";
    NavSectionAnalyse => "Analyse", "Analizar";
    NavSectionAudience => "Audience", "Audiencia";
    NavSectionData => "Data", "Datos";
    SkipToContent => "Skip to content", "Saltar al contenido";
    ServerChecking => "Checking server…", "Comprobando servidor…";
    ServerConnected => "Server connected", "Servidor conectado";
    ServerDegraded => "Server up, database not answering", "Servidor activo, la base de datos no responde";
    ServerUnreachable => "Server unreachable", "Servidor inaccesible";
    ServerUnreachableHelp => "Showing data in this browser only. Start the server with ./run, then this reconnects by itself.", "Solo se muestran los datos de este navegador. Inicia el servidor con ./run y se reconectará solo.";
    ServerRetry => "Retry now", "Reintentar";
    LanguageLabel => "Language", "Idioma";
    DashboardIntro => "How every channel performs: delivery, opens, clicks, conversions, reactivations.", "Rendimiento de cada canal: entrega, aperturas, clics, conversiones y reactivaciones.";
    ChannelsIntro => "One channel in depth, by scope and campaign.", "Un canal en detalle, por ámbito y campaña.";
    FunnelsIntro => "Where customers drop off between steps.", "Dónde abandonan los clientes entre pasos.";
    ContactsIntro => "Every person with every conversation on every channel.", "Cada persona con cada conversación en cada canal.";
    ContactIntro => "Omnichannel timeline of one person.", "Cronología omnicanal de una persona.";
    SegmentsIntro => "RFM, customer tiers, responsiveness and your own segments.", "RFM, niveles de cliente, reactividad y tus propios segmentos.";
    ScoringIntro => "Fit and engagement scores, thresholds and who crossed them.", "Puntuaciones de perfil y de interacción, umbrales y quién los cruzó.";
    PressureIntro => "Marketing pressure per contact and who is eligible for the next send.", "Presión de marketing por contacto y quién puede recibir el próximo envío.";
    ImportIntro => "Drop CSV exports here. Files never leave this browser.", "Suelta aquí exportaciones CSV. Los archivos nunca salen de este navegador.";
    PushIntro => "Web push subscribers, opt-in and sends.", "Suscriptores de web push, alta y envíos.";
    SettingsIntro => "Language and preferences, kept in this browser.", "Idioma y preferencias, guardados en este navegador.";
    EmptyTitle => "No data yet", "Aún no hay datos";
    EmptyBody => "Import a CSV export, or start the server with the demo data (./run) and log in.", "Importa una exportación CSV o inicia el servidor con los datos de demostración (./run) e inicia sesión.";
    EmptyImport => "Import a CSV", "Importar un CSV";
    NotFoundTitle => "Page not found", "Página no encontrada";
    NotFoundBody => "This address is not part of Canal. Use the navigation to go on.", "Esta dirección no forma parte de Canal. Usa la navegación para continuar.";
    BackToDashboard => "Back to the dashboard", "Volver al panel";
    VersionLabel => "Version", "Versión";
    DatabaseLabel => "Database", "Base de datos";
    MetricSent => "Sent", "Enviados";
    MetricDelivered => "Delivered", "Entregados";
    MetricDeliveryRate => "Delivery rate", "Tasa de entrega";
    MetricOpenRate => "Open rate", "Tasa de apertura";
    MetricClickRate => "Click rate", "Tasa de clics";
    MetricCtor => "Click-to-open", "Clics por apertura";
    MetricConversionRate => "Conversion rate", "Tasa de conversión";
    MetricUnsubscribeRate => "Unsubscribe rate", "Tasa de bajas";
    MetricComplaintRate => "Complaint rate", "Tasa de quejas";
    MetricReactivations => "Reactivations", "Reactivaciones";
    MetricReactivationRate => "Reactivation rate", "Tasa de reactivación";
    MetricRevenue => "Revenue", "Ingresos";
    MetricCost => "Cost", "Coste";
    MetricRoi => "ROI", "ROI";
    DefSent => "Messages sent", "Mensajes enviados";
    DefDelivered => "Sent minus hard and soft bounces", "Enviados menos rebotes duros y blandos";
    DefDeliveryRate => "delivered / sent", "entregados / enviados";
    DefOpenRate => "reliable openers / delivered (machine opens excluded)", "aperturas fiables / entregados (sin aperturas automáticas)";
    DefClickRate => "unique clickers / delivered", "clics únicos / entregados";
    DefCtor => "unique clickers / reliable openers", "clics únicos / aperturas fiables";
    DefConversionRate => "converters / delivered", "conversiones / entregados";
    DefUnsubscribeRate => "unsubscribes / delivered", "bajas / entregados";
    DefComplaintRate => "complaints / delivered", "quejas / entregados";
    DefReactivations => "Dormant contacts (90 days without activity) who became active again", "Contactos inactivos (90 días sin actividad) que volvieron a estar activos";
    DefReactivationRate => "reactivations credited / dormant contacts reached", "reactivaciones atribuidas / contactos inactivos alcanzados";
    DefRevenue => "Value of conversions credited to a click or an open", "Valor de las conversiones atribuidas a un clic o una apertura";
    DefCost => "Cost of the campaigns sent in the period", "Coste de las campañas enviadas en el periodo";
    DefRoi => "(revenue − cost) / cost", "(ingresos − coste) / coste";
    MachineOpens => "Machine opens", "Aperturas automáticas";
    VsPrevious => "vs previous period", "frente al periodo anterior";
    PreviousPeriod => "Previous period", "Periodo anterior";
    NoComparison => "No earlier data to compare", "Sin datos anteriores para comparar";
    ComparedWith => "compared with", "comparado con";
    ChannelEmail => "Email", "Email";
    ChannelSms => "SMS", "SMS";
    ChannelWebPush => "Web push", "Web push";
    ChannelAppPush => "App push", "Push en app";
    ChannelSocial => "Social", "Redes sociales";
    ChannelBlog => "Blog", "Blog";
    ChannelChat => "Chat", "Chat";
    ChannelPhone => "Phone", "Teléfono";
    ChannelMail => "Postal mail", "Correo postal";
    ChannelWallet => "Wallet", "Wallet";
    ChannelWeb => "Web", "Web";
    ChannelStore => "Store", "Tienda";
    ScopeEngagement => "Engagement", "Fidelización";
    ScopeLifecycle => "Lifecycle", "Ciclo de vida";
    ScopeSupport => "Support", "Soporte";
    ScopeUnknown => "No scope", "Sin ámbito";
    FilterPeriod => "Period", "Periodo";
    FilterChannel => "Channel", "Canal";
    FilterScope => "Scope", "Ámbito";
    FilterCampaign => "Campaign", "Campaña";
    FiltersLabel => "Filters", "Filtros";
    AllChannels => "All channels", "Todos los canales";
    AllScopes => "All scopes", "Todos los ámbitos";
    AllCampaigns => "All campaigns", "Todas las campañas";
    PresetLast7 => "Last 7 days", "Últimos 7 días";
    PresetLast30 => "Last 30 days", "Últimos 30 días";
    PresetLast90 => "Last 90 days", "Últimos 90 días";
    PresetLast12Months => "Last 12 months", "Últimos 12 meses";
    PresetCustom => "Custom range", "Rango personalizado";
    DateFrom => "From", "Desde";
    DateTo => "To", "Hasta";
    KpiCardsTitle => "Key figures", "Cifras clave";
    ChannelTableTitle => "Channels compared", "Comparativa de canales";
    ChannelTableHint => "Select a column to sort, a channel to focus the figures on it.", "Elige una columna para ordenar y un canal para centrar las cifras en él.";
    SortAscending => "sorted ascending", "orden ascendente";
    SortDescending => "sorted descending", "orden descendente";
    SeriesTitle => "Over time", "Evolución";
    SeriesMetric => "Metric", "Métrica";
    SeriesShowTable => "Show as a table", "Ver como tabla";
    SeriesNoData => "No activity in this period.", "Sin actividad en este periodo.";
    SeriesChartLabel => "Line chart", "Gráfico de líneas";
    LoadingTitle => "Loading data…", "Cargando datos…";
    LoadingRows => "rows read", "filas leídas";
    LoadErrorTitle => "The data could not be loaded", "No se pudieron cargar los datos";
    SourceServer => "Data from the server", "Datos del servidor";
    SourceImported => "Imported files", "Archivos importados";
    LoginTitle => "Log in", "Iniciar sesión";
    LoginIntro => "Log in to load your contacts, events and orders from the Canal server into this browser.", "Inicia sesión para cargar en este navegador tus contactos, eventos y pedidos del servidor de Canal.";
    EmailLabel => "Email", "Correo electrónico";
    PasswordLabel => "Password", "Contraseña";
    LoginSubmit => "Log in", "Entrar";
    LoggingIn => "Logging in…", "Entrando…";
    LoginWrong => "Wrong email or password.", "Correo o contraseña incorrectos.";
    LoginTooMany => "Too many attempts. Wait a minute and try again.", "Demasiados intentos. Espera un minuto y vuelve a intentarlo.";
    LoginUnavailable => "The server could not log you in:", "El servidor no pudo iniciar tu sesión:";
    LoggedInAs => "Logged in as", "Sesión iniciada como";
    Logout => "Log out", "Cerrar sesión";
    ReloadData => "Reload data from the server", "Volver a cargar los datos del servidor";
    GoToDashboard => "Open the dashboard", "Abrir el panel";
    NumberPreview => "Number format", "Formato de números";
    DatePreview => "Date format", "Formato de fechas";
    // ---- channels, funnels, support, age bands (#5): add keys below this line ----
    // ----
    // ---- contacts and the contact page (#5): add keys below this line ----
    // ----
    // ---- import (#6): add keys below this line ----
    // ----
    // ---- segments, scoring, pressure, identity (#6): add keys below this line ----
    // ----
    // ---- push opt-in and the Push page (#7): add keys below this line ----
    PushSubscribersTitle => "Subscribers", "Suscriptores";
    PushSubscribers => "Subscribers", "Suscriptores";
    PushSubscribersSub => "browsers that accept your notifications", "navegadores que aceptan tus notificaciones";
    PushWithContact => "Linked to a contact", "Vinculados a un contacto";
    PushWithContactSub => "of the subscribers", "de los suscriptores";
    PushOptInRate => "Opt-in rate", "Tasa de suscripción";
    PushOptInRateSub => "linked subscribers ÷ contacts in the loaded data", "suscriptores vinculados ÷ contactos de los datos cargados";
    PushOptInRateNoData => "load the contacts to see it", "carga los contactos para verla";
    PushClicks => "Clicks (last 50 sends)", "Clics (últimos 50 envíos)";
    PushClicksSub => "of notifications shown", "de las notificaciones mostradas";
    PushByTopic => "By topic", "Por tema";
    PushByTopicHint => "Share of subscribers who picked each topic", "Porcentaje de suscriptores que eligió cada tema";
    PushGrowth => "Growth", "Evolución";
    PushGrowthHint => "Subscribers at the end of each day", "Suscriptores al final de cada día";
    PushGrowthNew => "new", "nuevos";
    PushNoSubscribers => "No subscribers yet. Add the opt-in to your site (see “Add it to your site”) and they appear here.", "Aún no hay suscriptores. Añade la suscripción a tu sitio (ver «Añádela a tu sitio») y aparecerán aquí.";
    PushTopicNews => "News", "Novedades";
    PushTopicOffers => "Offers", "Ofertas";
    PushTopicAccount => "Account", "Cuenta";
    PushTopicLoyalty => "Loyalty programme", "Programa de fidelidad";
    PushTryTitle => "Try it in this browser", "Pruébala en este navegador";
    PushTryHint => "The card your visitors see. Turn it on here to receive your own test sends.", "La tarjeta que ven tus visitantes. Actívala aquí para recibir tus propios envíos de prueba.";
    PushEmbedTitle => "Add it to your site", "Añádela a tu sitio";
    PushEmbedHint => "One line on any page of this site. data-topics lists the topics offered; the card appears where an element with data-canal-push is, else as a button in the corner.", "Una línea en cualquier página de este sitio. data-topics indica los temas ofrecidos; la tarjeta aparece donde haya un elemento con data-canal-push o, si no, como un botón en la esquina.";
    PushComposeTitle => "New notification", "Nueva notificación";
    PushRulesNote => "Consent and marketing pressure are checked for every contact when you send; skipped contacts are listed with the reason.", "Al enviar se comprueban el consentimiento y la presión comercial de cada contacto; los omitidos se listan con el motivo.";
    PushFieldTitle => "Title", "Título";
    PushFieldBody => "Message", "Mensaje";
    PushFieldUrl => "Link opened on click", "Enlace que se abre al pulsar";
    PushFieldAudience => "Audience", "Audiencia";
    PushAudienceAll => "Every subscriber", "Todos los suscriptores";
    PushAudienceTopic => "Subscribers of a topic", "Suscriptores de un tema";
    PushAudienceContacts => "A list of contacts", "Una lista de contactos";
    PushFieldTopic => "Topic", "Tema";
    PushFieldContacts => "Contact keys, one per line", "Claves de contacto, una por línea";
    PushFieldTtl => "Keep for offline devices", "Conservar para dispositivos sin conexión";
    PushTtlHour => "1 hour", "1 hora";
    PushTtlDay => "1 day", "1 día";
    PushTtlWeek => "1 week", "1 semana";
    PushTtlMonth => "4 weeks", "4 semanas";
    PushFieldUrgency => "Urgency", "Urgencia";
    PushUrgencyVeryLow => "Very low (saves battery)", "Muy baja (ahorra batería)";
    PushUrgencyLow => "Low", "Baja";
    PushUrgencyNormal => "Normal", "Normal";
    PushUrgencyHigh => "High (wakes the device)", "Alta (activa el dispositivo)";
    PushSend => "Send", "Enviar";
    PushSendTest => "Send a test to this browser", "Enviar una prueba a este navegador";
    PushTestNeedsSubscription => "Turn on notifications in this browser first (“Try it in this browser”) to receive a test.", "Activa primero las notificaciones en este navegador («Pruébala en este navegador») para recibir una prueba.";
    PushSending => "Sending…", "Enviando…";
    PushQueued => "Queued. Deliveries:", "En cola. Entregas:";
    PushSendFailed => "The send was not created:", "No se creó el envío:";
    PushSendsTitle => "Sends and results", "Envíos y resultados";
    PushSendsHint => "Updates by itself while deliveries are pending", "Se actualiza solo mientras haya entregas pendientes";
    PushColMessage => "Message", "Mensaje";
    PushColWhen => "Sent on", "Fecha";
    PushColAudience => "Audience", "Audiencia";
    PushColPending => "Pending", "Pendientes";
    PushColSent => "Sent", "Enviadas";
    PushColFailed => "Failed", "Fallidas";
    PushColExpired => "Expired, removed", "Caducadas, eliminadas";
    PushColSkipped => "Skipped", "Omitidas";
    PushColShown => "Shown", "Mostradas";
    PushColClicks => "Clicks", "Clics";
    PushTestBadge => "test", "prueba";
    PushNoSends => "No sends yet. Compose one above.", "Aún no hay envíos. Crea uno arriba.";
    PushRefresh => "Refresh", "Actualizar";
    PushSkippedTitle => "Skipped contacts", "Contactos omitidos";
    PushReasonConsent => "opted out of push for this subject", "se dio de baja del push para este tema";
    PushReasonPressure => "marketing pressure too high", "presión comercial demasiado alta";
    PushReasonCap => "message limit for the period reached", "límite de mensajes del periodo alcanzado";
    PushReasonSpacing => "too soon after the previous message", "demasiado pronto tras el mensaje anterior";
    PushReasonOther => "other reason", "otro motivo";
    PushLoginNeeded => "Log in to see subscribers, send notifications and follow the results.", "Inicia sesión para ver los suscriptores, enviar notificaciones y seguir los resultados.";
    PushLoadFailed => "Could not load push data:", "No se pudieron cargar los datos de push:";
    // ----
}

/// The name of a channel.
pub const fn channel(c: Channel) -> Text {
    match c {
        Channel::Email => Text::ChannelEmail,
        Channel::Sms => Text::ChannelSms,
        Channel::WebPush => Text::ChannelWebPush,
        Channel::AppPush => Text::ChannelAppPush,
        Channel::Social => Text::ChannelSocial,
        Channel::Blog => Text::ChannelBlog,
        Channel::Chat => Text::ChannelChat,
        Channel::Phone => Text::ChannelPhone,
        Channel::Mail => Text::ChannelMail,
        Channel::Wallet => Text::ChannelWallet,
        Channel::Web => Text::ChannelWeb,
        Channel::Store => Text::ChannelStore,
    }
}

/// The name of a scope.
pub const fn scope(s: Scope) -> Text {
    match s {
        Scope::Engagement => Text::ScopeEngagement,
        Scope::Lifecycle => Text::ScopeLifecycle,
        Scope::Support => Text::ScopeSupport,
        Scope::Unknown => Text::ScopeUnknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_translated_and_non_empty() {
        for &text in Text::ALL {
            assert!(!text.get(Locale::En).is_empty(), "{text:?} en");
            assert!(!text.get(Locale::Es).is_empty(), "{text:?} es");
        }
    }

    #[test]
    fn spanish_differs_where_it_must() {
        assert_eq!(Text::NavDashboard.get(Locale::Es), "Panel");
        assert_ne!(
            Text::ServerUnreachable.get(Locale::En),
            Text::ServerUnreachable.get(Locale::Es)
        );
    }
}
