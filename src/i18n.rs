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
    CtSearchLabel => "Search contacts", "Buscar contactos";
    CtSearchPlaceholder => "Name, email or phone", "Nombre, correo o tel.";
    CtOf => "of", "de";
    CtContactsWord => "contacts", "contactos";
    CtFilterConsent => "Consent", "Consentimiento";
    CtConsentAny => "Any", "Todos";
    CtConsentOptedIn => "Opted in somewhere", "Con algún consentimiento";
    CtConsentOptedOut => "Opted out somewhere", "Con alguna baja";
    CtConsentUnknown => "Nothing recorded", "Sin registros";
    CtFilterSegment => "RFM segment", "Segmento RFM";
    CtAllSegments => "All", "Todos";
    CtFilterTier => "Tier", "Nivel";
    CtAllTiers => "All", "Todos";
    CtSortBy => "Sort by", "Ordenar por";
    CtColContact => "Contact", "Contacto";
    CtColChannels => "Channels", "Canales";
    CtColSegment => "Segment", "Segmento";
    CtColLastActivity => "Last activity", "Última actividad";
    CtColEvents => "Events", "Eventos";
    CtColRevenue => "Revenue", "Ingresos";
    CtNoMatches => "No contact matches", "Ningún contacto coincide";
    CtNoMatchesHint => "Try fewer words, another spelling, or clear the filters.", "Prueba con menos palabras, otra grafía o quita los filtros.";
    CtClearFilters => "Clear filters", "Quitar filtros";
    CtListHint => "Use ↑ ↓ to move and Enter to open a contact.", "Usa ↑ ↓ para moverte e Intro para abrir un contacto.";
    CtListLabel => "Contacts found", "Contactos encontrados";
    CtUnnamed => "No name", "Sin nombre";
    CtSegChampions => "Champions", "Campeones";
    CtSegLoyal => "Loyal", "Leales";
    CtSegPotentialLoyalist => "Potential loyalists", "Leales potenciales";
    CtSegNew => "New customers", "Clientes nuevos";
    CtSegPromising => "Promising", "Prometedores";
    CtSegNeedAttention => "Need attention", "Requieren atención";
    CtSegAboutToSleep => "About to sleep", "A punto de dormirse";
    CtSegAtRisk => "At risk", "En riesgo";
    CtSegCantLose => "Can't lose them", "No podemos perderlos";
    CtSegHibernating => "Hibernating", "Hibernando";
    CtTierA => "Tier A", "Nivel A";
    CtTierB => "Tier B", "Nivel B";
    CtTierC => "Tier C", "Nivel C";
    CtNotFoundTitle => "Contact not found", "Contacto no encontrado";
    CtNotFoundBody => "No contact in the loaded data has this id:", "Ningún contacto de los datos cargados tiene este identificador:";
    CtBackToList => "Back to contacts", "Volver a contactos";
    CtTimeline => "Timeline", "Cronología";
    CtEventsShown => "events shown", "eventos mostrados";
    CtFilterKind => "Kind", "Tipo";
    CtAllKinds => "All kinds", "Todos los tipos";
    CtNoEvents => "No event matches these filters.", "Ningún evento coincide con estos filtros.";
    CtConversation => "Conversation", "Conversación";
    CtReplies => "replies", "respuestas";
    CtReplyTo => "Reply to the message of", "Respuesta al mensaje del";
    CtInbound => "Inbound", "Entrante";
    CtOutbound => "Outbound", "Saliente";
    CtIdentities => "Identities", "Identidades";
    CtMergedRecords => "Records merged into this person", "Registros fusionados en esta persona";
    CtMatchedBy => "matched by", "coincide por";
    CtOnlyRecord => "single record", "registro único";
    CtKeyEmail => "Email", "Correo";
    CtKeyPhone => "Phone", "Teléfono";
    CtKeyExternal => "Id", "Id";
    CtConflict => "sources disagree", "las fuentes difieren";
    CtConsent => "Consent", "Consentimiento";
    CtNoConsent => "No consent statement in the loaded data: nothing may be sent until the contact opts in.", "No hay declaraciones de consentimiento en los datos cargados: no se puede enviar nada hasta que el contacto lo acepte.";
    CtOptedIn => "Opted in", "Aceptado";
    CtOptedOut => "Opted out", "Rechazado";
    CtConsentUnknownStatus => "Unknown", "Desconocido";
    CtScore => "Score", "Puntuación";
    CtFit => "Fit", "Perfil";
    CtEngagement => "Engagement", "Interacción";
    CtTotal => "Total", "Total";
    CtBelowStages => "Below every stage", "Por debajo de todas las etapas";
    CtBreakdown => "Why this score", "Por qué esta puntuación";
    CtHits => "hits", "veces";
    CtScoreUnavailable => "The score could not be computed:", "No se pudo calcular la puntuación:";
    CtRfm => "RFM and tier", "RFM y nivel";
    CtRecency => "Recency", "Recencia";
    CtFrequency => "Frequency", "Frecuencia";
    CtMonetary => "Monetary", "Valor";
    CtDaysAgo => "days ago", "días";
    CtOrders => "orders", "pedidos";
    CtNoOrders => "No orders yet: not in RFM or tiers.", "Aún sin pedidos: fuera de RFM y niveles.";
    CtPressure => "Marketing pressure", "Presión de marketing";
    CtNextEligible => "Next eligible", "Próximo envío posible";
    CtEligibleNow => "Eligible now", "Puede recibir ya";
    CtNeverEligible => "Blocked until the rules change", "Bloqueado hasta que cambien las reglas";
    CtReasonCap => "Message cap reached", "Límite de mensajes alcanzado";
    CtReasonSpacing => "Last message too recent", "Último mensaje demasiado reciente";
    CtReasonPressure => "Pressure at or above the threshold", "Presión en el umbral o por encima";
    CtReasonConsent => "No consent", "Sin consentimiento";
    CtReasonDuplicate => "Listed twice", "Repetido";
    CtPreferred => "Preferred channel", "Canal preferido";
    CtPreferredUnknown => "Unknown: needs 3 messages on 2 channels", "Desconocido: hacen falta 3 mensajes en 2 canales";
    CtMessages => "messages", "mensajes";
    CtResponses => "responses", "respuestas";
    CtDetails => "Details", "Datos";
    CtCountry => "Country", "País";
    CtCity => "City", "Ciudad";
    CtCompany => "Company", "Empresa";
    CtJobTitle => "Job title", "Cargo";
    CtLifecycle => "Lifecycle stage", "Etapa";
    CtBirthYear => "Born", "Nacimiento";
    CtAsOf => "as of", "a fecha de";
    CtKindSent => "Sent", "Enviado";
    CtKindDelivered => "Delivered", "Entregado";
    CtKindBouncedHard => "Hard bounce", "Rebote duro";
    CtKindBouncedSoft => "Soft bounce", "Rebote blando";
    CtKindOpened => "Opened", "Abierto";
    CtKindClicked => "Clicked", "Clic";
    CtKindConverted => "Converted", "Conversión";
    CtKindUnsubscribed => "Unsubscribed", "Baja";
    CtKindComplained => "Complaint", "Queja";
    CtKindReplied => "Replied", "Respuesta";
    CtKindVisited => "Visit", "Visita";
    CtKindSessionStart => "Session start", "Inicio de sesión";
    CtKindSessionEnd => "Session end", "Fin de sesión";
    CtKindPageView => "Page view", "Página vista";
    CtKindSupportTicket => "Support ticket", "Incidencia";
    CtKindCall => "Call", "Llamada";
    CtKindSurveyResponse => "Survey answer", "Respuesta a encuesta";
    CtKindPurchase => "Purchase", "Compra";
    CtKindCustom => "Other", "Otro";
    // ----
    // ---- import (#6): add keys below this line ----
    // ----
    // ---- segments, scoring, pressure, identity (#6): add keys below this line ----
    // ----
    // ---- push opt-in and the Push page (#7): add keys below this line ----
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
