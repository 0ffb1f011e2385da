//! UI text in English and Spanish.
//!
//! Every visible string is a [`Text`] key, so a missing translation is a
//! compile error rather than an English word in a Spanish screen. Number and
//! date formatting lives in `canal_core::format`, shared with the CLI.

pub use canal_core::format::Locale;
use canal_core::model::{Channel, EventKind, Scope};
use std::cell::Cell;

thread_local! {
    static CURRENT: Cell<Locale> = const { Cell::new(Locale::En) };
}

/// The UI language this module last rendered in, for text made away from
/// any component: a request's error (`services::ApiError`) is written as a
/// string where it fails, and that string reaches the screen.
pub fn current() -> Locale {
    CURRENT.with(Cell::get)
}

/// Sets [`current`]; the settings providers call it as they render.
pub fn set_current(locale: Locale) {
    CURRENT.with(|c| c.set(locale));
}

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
    NoEarlierPeriod => "no earlier period to compare with", "sin periodo anterior con el que comparar";
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
    PageOpening => "Opening the page…", "Abriendo la página…";
    PageLoadFailedTitle => "This page could not be opened", "No se ha podido abrir esta página";
    PageLoadFailedBody => "Part of the app did not download. Check the connection to the server, then try again; your data is still here.", "Una parte de la aplicación no se ha descargado. Comprueba la conexión con el servidor y vuelve a intentarlo; tus datos siguen aquí.";
    PageLoadRetry => "Try again", "Reintentar";
    LoadErrorTitle => "The data could not be loaded", "No se pudieron cargar los datos";
    DashboardPreviewNote => "The server's figures for the last 30 days, while your data loads into this browser. Filters, the time series and the other pages open when it has loaded.", "Cifras del servidor de los últimos 30 días mientras tus datos se cargan en este navegador. Los filtros, la evolución y las demás páginas se abren cuando terminen de cargarse.";
    ServerOnlyTitle => "Figures computed by the server", "Cifras calculadas por el servidor";
    ServerOnlyCount => "events on the server; this browser loads workspaces of up to", "eventos en el servidor; este navegador carga espacios de trabajo de hasta";
    ServerOnlyBody => "The data stays on the server and these figures come from it. Campaign filters, the time series and the other analyses need the data in the browser: raise the limit in Settings, or import an extract.", "Los datos se quedan en el servidor y estas cifras vienen de él. Los filtros por campaña, la evolución y los demás análisis necesitan los datos en el navegador: sube el límite en Ajustes o importa un extracto.";
    ServerOnlyPageTitle => "Too large to analyse in this browser", "Demasiado grande para analizarlo en este navegador";
    ServerOnlyPageBody => "This workspace holds more events than this browser is set to load. The dashboard shows the server's figures; this analysis needs the data in the browser: raise the limit in Settings, or import an extract.", "Este espacio de trabajo tiene más eventos de los que este navegador está configurado para cargar. El panel muestra las cifras del servidor; este análisis necesita los datos en el navegador: sube el límite en Ajustes o importa un extracto.";
    BrowserLimitLabel => "Largest workspace to load into this browser", "Mayor espacio de trabajo que se carga en este navegador";
    BrowserLimitUnit => "events", "eventos";
    BrowserLimitHelp => "Larger workspaces stay on the server and the dashboard shows the server's figures. About 32 bytes of memory per event; applies at the next load.", "Los espacios de trabajo mayores se quedan en el servidor y el panel muestra sus cifras. Unos 32 bytes de memoria por evento; se aplica en la próxima carga.";
    BrowserLimitInvalid => "Enter a whole number above zero.", "Escribe un número entero mayor que cero.";
    BrowserLimitSaved => "Saved.", "Guardado.";
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
    NotApplicable => "n/a", "n/d";
    ByScopeTitle => "By scope", "Por ámbito";
    ByCampaignTitle => "By campaign", "Por campaña";
    NoCampaign => "No campaign", "Sin campaña";
    NoActivity => "No activity in this period.", "Sin actividad en este periodo.";
    AgeBandsTitle => "Engagement by age band", "Interacción por franja de edad";
    AgeBandsHint => "Share of each band's responses (clicks, replies, conversions) per channel.", "Parte de las respuestas de cada franja (clics, respuestas, conversiones) por canal.";
    AgeBandsEmpty => "No responses from contacts with a known age in this period.", "Ninguna respuesta de contactos con edad conocida en este periodo.";
    AgeBand => "Age", "Edad";
    Contacts => "Contacts", "Contactos";
    Responses => "Responses", "Respuestas";
    NavSupport => "Support", "Soporte";
    SupportIntro => "Who asks for help, on which channel, how fast they get an answer and how happy they are.", "Quién pide ayuda, por qué canal, cuánto tarda la respuesta y cuán satisfechos quedan.";
    SupportInbound => "Support contacts", "Contactos de soporte";
    SupportContacted => "Customers who contacted support", "Clientes que contactaron con soporte";
    SupportFirstResponse => "First response (median)", "Primera respuesta (mediana)";
    SupportMean => "Mean", "Media";
    SupportUnanswered => "unanswered", "sin respuesta";
    SupportSatisfaction => "Satisfaction", "Satisfacción";
    SupportSatisfied => "satisfied (4–5 of 5)", "satisfechos (4–5 de 5)";
    SupportByChannel => "Inbound by channel", "Entrantes por canal";
    SupportByCategory => "By category", "Por categoría";
    SupportCategory => "Category", "Categoría";
    SupportShare => "Share", "Cuota";
    SupportVolume => "Contacts", "Contactos";
    SupportEmpty => "No support contacts in this period.", "Ningún contacto de soporte en este periodo.";
    CategoryIncident => "Incident", "Incidencia";
    CategoryComplaint => "Complaint", "Queja";
    CategoryQuestion => "Question", "Pregunta";
    CategoryOther => "Other", "Otros";
    KindSent => "Sent", "Enviado";
    KindDelivered => "Delivered", "Entregado";
    KindBouncedHard => "Hard bounce", "Rebote duro";
    KindBouncedSoft => "Soft bounce", "Rebote suave";
    KindOpened => "Opened", "Abierto";
    KindClicked => "Clicked", "Clic";
    KindConverted => "Converted", "Convertido";
    KindUnsubscribed => "Unsubscribed", "Baja";
    KindComplained => "Complaint", "Queja";
    KindReplied => "Replied", "Respondido";
    KindVisited => "Visit", "Visita";
    KindSessionStart => "Session start", "Inicio de sesión";
    KindSessionEnd => "Session end", "Fin de sesión";
    KindPageView => "Page view", "Página vista";
    KindSupportTicket => "Support ticket", "Ticket de soporte";
    KindCall => "Call", "Llamada";
    KindSurveyResponse => "Survey answer", "Respuesta a encuesta";
    KindPurchase => "Purchase", "Compra";
    KindCustom => "Custom event", "Evento propio";
    FunnelStepsTitle => "Steps", "Pasos";
    FunnelStep => "Step", "Paso";
    FunnelMoveUp => "Move up", "Subir";
    FunnelRemove => "Remove", "Quitar";
    FunnelAddStep => "Add a step", "Añadir un paso";
    FunnelWindow => "Window (days)", "Ventana (días)";
    FunnelMode => "Order", "Orden";
    FunnelOrdered => "In order", "En orden";
    FunnelStrict => "Strictly next", "Estrictamente seguido";
    FunnelAnyOrder => "Any order after step 1", "Cualquier orden tras el paso 1";
    FunnelUnit => "Count", "Contar";
    FunnelPerContact => "Contacts", "Contactos";
    FunnelPerSession => "Sessions", "Sesiones";
    FunnelBreakdown => "Breakdown", "Desglose";
    FunnelNoBreakdown => "None", "Ninguno";
    FunnelCountry => "Country", "País";
    FunnelStage => "Lifecycle stage", "Etapa del ciclo de vida";
    FunnelExclude => "Exclude if", "Excluir si";
    FunnelChartTitle => "Drop-off", "Abandono";
    FunnelEntered => "Reached", "Alcanzan";
    FunnelStepConversion => "From previous step", "Desde el paso anterior";
    FunnelDropOff => "Drop-off", "Abandono";
    FunnelMedianTime => "Median time", "Tiempo mediano";
    FunnelInProgress => "Window still open", "Ventana aún abierta";
    FunnelInProgressNote => "still inside their window: not counted as drop-offs until it closes.", "siguen dentro de su ventana: no cuentan como abandono hasta que se cierre.";
    FunnelOverall => "Overall conversion", "Conversión total";
    FunnelNeedSteps => "Choose at least two steps that occur in the data.", "Elige al menos dos pasos que aparezcan en los datos.";
    FunnelNobody => "Nobody entered this funnel in the period.", "Nadie entró en este embudo en el periodo.";
    FunnelGroupsTitle => "By group", "Por grupo";
    FunnelGroup => "Group", "Grupo";
    FunnelShowTable => "Show as a table", "Ver como tabla";
    OpensNotTrackedShort => "This channel does not track opens", "Este canal no registra aperturas";
    OpensNotTracked => "Not tracked: this channel does not report opens", "Sin seguimiento: este canal no registra aperturas";
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
    CtStageSubscriber => "Subscriber", "Suscriptor";
    CtStageLead => "Lead", "Lead";
    CtStageMql => "Marketing-qualified lead", "Lead cualificado (marketing)";
    CtStageSql => "Sales-qualified lead", "Lead cualificado (ventas)";
    CtStageOpportunity => "Opportunity", "Oportunidad";
    CtStageCustomer => "Customer", "Cliente";
    CtStageVip => "VIP", "VIP";
    CtStageEvangelist => "Evangelist", "Embajador";
    CtStageChurned => "Churned", "Perdido";
    // ----
    // ---- import (#6): add keys below this line ----
    ImportDropTitle => "Drop CSV files here", "Suelta aquí tus archivos CSV";
    ImportDropHint => "Contacts, events, orders, campaigns or consent · CSV, TSV or gzip · any encoding", "Contactos, eventos, pedidos, campañas o consentimientos · CSV, TSV o gzip · cualquier codificación";
    ImportChoose => "Choose files", "Elegir archivos";
    ImportDropOverlay => "Drop to import", "Suelta para importar";
    ImportPrivacy => "Parsed in this browser: nothing is uploaded.", "Se procesan en este navegador: no se sube nada.";
    ImportKind => "Table", "Tabla";
    KindContacts => "Contacts", "Contactos";
    KindEvents => "Events", "Eventos";
    KindOrders => "Orders", "Pedidos";
    KindCampaigns => "Campaigns", "Campañas";
    KindConsent => "Consent", "Consentimientos";
    ImportIgnore => "(ignore)", "(ignorar)";
    ImportRemove => "Remove", "Quitar";
    ImportDecimalComma => "decimal comma", "coma decimal";
    ImportDecimalPoint => "decimal point", "punto decimal";
    ImportDayFirst => "day/month", "día/mes";
    ImportMonthFirst => "month/day", "mes/día";
    ImportDelimiter => "separator", "separador";
    ImportPreviewCaption => "First rows, and the field each column goes to", "Primeras filas y el campo al que va cada columna";
    ImportConfirm => "Import", "Importar";
    ImportFilesWord => "files", "archivos";
    ImportReplaces => "Replaces the data shown in this browser.", "Sustituye los datos mostrados en este navegador.";
    ImportParsing => "Importing…", "Importando…";
    ImportCancel => "Cancel", "Cancelar";
    ImportRows => "rows", "filas";
    ImportErrorsWord => "errors", "errores";
    ImportDoneTitle => "Import finished", "Importación terminada";
    ImportFailedTitle => "Import failed", "La importación ha fallado";
    ImportCancelledTitle => "Import cancelled", "Importación cancelada";
    ImportCancelledBody => "Nothing was changed; the files are still listed below.", "No se ha cambiado nada; los archivos siguen en la lista.";
    ImportLoaded => "rows loaded", "filas cargadas";
    ImportRowErrorsTitle => "Rows not loaded", "Filas no cargadas";
    ImportNoRowErrors => "Every row loaded.", "Se han cargado todas las filas.";
    ImportShowingFirst => "Showing the first", "Se muestran las primeras";
    ImportDownloadErrors => "Download errors (CSV)", "Descargar errores (CSV)";
    ImportColFile => "File", "Archivo";
    ImportColLine => "Line", "Línea";
    ImportColColumn => "Column", "Columna";
    ImportColReason => "Reason", "Motivo";
    ImportSavedTitle => "Data kept in this browser", "Datos guardados en este navegador";
    ImportSavedBody => "Imported data stays here after a reload until you clear it.", "Los datos importados se conservan al recargar hasta que los borres.";
    ImportClear => "Clear imported data", "Borrar datos importados";
    ImportUnreadable => "Could not read", "No se pudo leer";
    ImportOpenDashboard => "Open the dashboard", "Abrir el panel";
    ImportIn => "in", "en";
    ImportModeLabel => "This import", "Esta importación";
    ImportModeAdd => "Add to current data", "Añadir a los datos actuales";
    ImportModeReplace => "Replace current data", "Sustituir los datos actuales";
    ImportAddsNote => "Events and orders are appended, contacts merged by e-mail or id; events and orders already loaded are counted once.", "Los eventos y pedidos se añaden y los contactos se fusionan por correo o id; los eventos y pedidos ya cargados cuentan una sola vez.";
    ImportReplacesNote => "The files loaded now are removed first.", "Primero se quitan los archivos cargados ahora.";
    ImportLoadedTitle => "Loaded files", "Archivos cargados";
    ImportColDuplicates => "Already loaded", "Ya cargados";
    ImportColActions => "Actions", "Acciones";
    ImportClearAll => "Clear all", "Borrar todo";
    ImportRemoveFile => "Remove file", "Quitar archivo";
    ImportDuplicatesHint => "Events or orders another file had already loaded, counted once.", "Eventos o pedidos que otro archivo ya había cargado; cuentan una sola vez.";
    ImportLoadedTotal => "rows loaded in total", "filas cargadas en total";
    ImportFileWord => "file", "archivo";
    ImportRowWord => "row", "fila";
    ImportErrorWord => "error", "error";
    MapEmail => "E-mail", "Correo electrónico";
    MapContactId => "Contact id", "Id de contacto";
    MapPhone => "Phone", "Teléfono";
    MapTimestamp => "Date and time", "Fecha y hora";
    MapChannel => "Channel", "Canal";
    MapEventType => "Event type", "Tipo de evento";
    MapEventName => "Event name", "Nombre del evento";
    MapDirection => "Direction", "Dirección";
    MapScope => "Scope", "Ámbito";
    MapCampaign => "Campaign", "Campaña";
    MapSession => "Session", "Sesión";
    MapValue => "Value", "Valor";
    MapMachineOpen => "Machine open (yes/no)", "Apertura automática (sí/no)";
    MapBotClick => "Bot click (yes/no)", "Clic de bot (sí/no)";
    MapUrl => "URL", "URL";
    MapFlags => "Flags", "Marcas";
    MapBounceType => "Bounce type", "Tipo de rebote";
    MapOrderId => "Order id", "Id de pedido";
    MapAmount => "Amount", "Importe";
    MapCurrency => "Currency", "Moneda";
    MapName => "Full name", "Nombre completo";
    MapFirstName => "First name", "Nombre";
    MapLastName => "Last name", "Apellidos";
    MapCountry => "Country", "País";
    MapCity => "City or region", "Ciudad o región";
    MapBirthYear => "Year of birth", "Año de nacimiento";
    MapBirthDate => "Date of birth", "Fecha de nacimiento";
    MapAge => "Age", "Edad";
    MapJobTitle => "Job title", "Cargo";
    MapCompany => "Company", "Empresa";
    MapCompanySize => "Company size", "Tamaño de empresa";
    MapCreatedAt => "Created at", "Fecha de alta";
    MapStage => "Lifecycle stage", "Etapa";
    MapCampaignName => "Campaign name", "Nombre de campaña";
    MapSubject => "Subject", "Asunto";
    MapMessageType => "Message type", "Tipo de mensaje";
    MapCost => "Cost", "Coste";
    MapConsentStatus => "Consent status", "Estado del consentimiento";
    MapSource => "Source", "Origen";
    ErrMissing => "missing {0}", "sin {0}";
    ErrUnreadable => "cannot read '{0}' as {1}", "no se puede leer «{0}» como {1}";
    ErrDatePattern => " (dates in this file are read as {0})", " (las fechas de este archivo se leen como {0})";
    ErrUnknown => "unknown {1} '{0}'", "no se reconoce «{0}» como {1}";
    ErrNoContact => "no contact: the e-mail, id and phone are all empty", "sin contacto: el correo, el id y el teléfono están vacíos";
    ErrFieldCount => "the row has {0} fields but the header has {1}", "la fila tiene {0} campos y la cabecera {1}";
    ApiNoAnswer => "no answer from the server", "sin respuesta del servidor";
    ApiServerAnswered => "the server answered", "el servidor respondió";
    ApiUnexpectedAnswer => "unexpected answer from the server", "respuesta inesperada del servidor";
    ApiNotFound => "there is no such thing on the server", "eso no existe en el servidor";
    ApiUnauthorized => "log in again: the session has ended", "vuelve a iniciar sesión: la sesión ha terminado";
    ApiRateLimited => "too many requests; wait a moment and try again", "demasiadas peticiones; espera un momento y vuelve a intentarlo";
    ApiInternal => "something went wrong on the server; it has been logged", "algo ha fallado en el servidor; ha quedado registrado";
    ErrTooLong => "the row is longer than {0} MiB and was not loaded", "la fila supera {0} MiB y no se ha cargado";
    ErrUnclosedQuote => "a quoted field opened on line {0} is never closed; lines {1}–{2} were not loaded", "un campo entre comillas abierto en la línea {0} no se cierra; no se han cargado las líneas {1}–{2}";
    ErrNotMapped => "no column is mapped to {0}; nothing was loaded", "ninguna columna está asignada a: {0}; no se ha cargado nada";
    ErrEmptyFile => "the file is empty", "el archivo está vacío";
    ErrGzip => "the gzip data is damaged or cut short; the rest of the file was not read", "los datos gzip están dañados o incompletos; no se ha leído el resto del archivo";
    WhatDate => "date", "fecha";
    WhatNumber => "number", "número";
    WhatYesNo => "yes/no value", "valor sí/no";
    WhatFlag => "flag", "marca";
    WhatCampaignIdName => "campaign id and name", "id y nombre de campaña";
    WhatContact => "a contact (e-mail, contact id or phone)", "un contacto (correo, id de contacto o teléfono)";
    WhatOrderDate => "order date", "fecha del pedido";
    PatternDayFirst => "day/month/year", "día/mes/año";
    PatternMonthFirst => "month/day/year", "mes/día/año";
    // ----
    // ---- segments, scoring, pressure, identity (#6): add keys below this line ----
    TabRfm => "RFM", "RFM";
    TabBuilder => "Custom segments", "Segmentos propios";
    WbResetDefaults => "Reset to defaults", "Restablecer valores predeterminados";
    WbUsingDefaults => "Using the default settings. Your changes are kept.", "Se usan los valores predeterminados. Tus cambios se guardan.";
    WbKeptBrowser => "Your changes are kept in this browser.", "Tus cambios se guardan en este navegador.";
    WbKeptServer => "Your changes are saved on the server.", "Tus cambios se guardan en el servidor.";
    WbKeptReadFailed => "The settings kept on the server could not be read; this browser's copy (or the defaults) is shown, and any change you make, or a reset, replaces the server's. Why:", "No se pudieron leer los ajustes guardados en el servidor; se muestra la copia de este navegador (o los valores predeterminados), y cualquier cambio que hagas, o restablecerlos, sustituye a los del servidor. Motivo:";
    WbKeptSaveFailed => "Your last change was not kept on the server, so it applies in this browser only; change it again to retry. Why:", "Tu último cambio no se guardó en el servidor, así que solo se aplica en este navegador; vuelve a cambiarlo para reintentarlo. Motivo:";
    NumInvalid => "Not a number", "No es un número";
    TabTiers => "Tiers A/B/C", "Niveles A/B/C";
    TabResponsiveness => "Responsiveness", "Reactividad";
    TabIdentity => "Identity", "Identidad";
    SegRfmTitle => "RFM segments", "Segmentos RFM";
    SegRfmHint => "Recency, frequency and monetary value of every customer, scored 1–5 (5 is best); tied values share a score.", "Recencia, frecuencia y valor monetario de cada cliente, puntuados de 1 a 5 (5 es lo mejor); los empates comparten puntuación.";
    SegAsOf => "As of", "A fecha de";
    SegAsOfReset => "Back to end of data", "Volver al final de los datos";
    SegExportRfm => "Export RFM (CSV)", "Exportar RFM (CSV)";
    SegNoOrders => "No orders up to this date: RFM needs orders.", "No hay pedidos hasta esta fecha: el RFM necesita pedidos.";
    SegGridTitle => "Recency (rows) × frequency (columns): customers and revenue per cell", "Recencia (filas) × frecuencia (columnas): clientes e ingresos por celda";
    SegGridHint => "Darker cells hold more customers.", "Las celdas más oscuras tienen más clientes.";
    SegRecency => "Recency", "Recencia";
    SegSegment => "Segment", "Segmento";
    SegCustomers => "Customers", "Clientes";
    SegShare => "Share", "Proporción";
    SegRevenue => "Revenue", "Ingresos";
    SegPerCustomer => "Per customer", "Por cliente";
    SegTotal => "Total", "Total";
    SegChampions => "Champions", "Campeones";
    SegLoyal => "Loyal", "Leales";
    SegPotentialLoyalist => "Potential loyalists", "Leales potenciales";
    SegNew => "New customers", "Clientes nuevos";
    SegPromising => "Promising", "Prometedores";
    SegNeedAttention => "Need attention", "Requieren atención";
    SegAboutToSleep => "About to sleep", "A punto de dormirse";
    SegAtRisk => "At risk", "En riesgo";
    SegCantLose => "Can't lose them", "No podemos perderlos";
    SegHibernating => "Hibernating", "Hibernando";
    ConsentOptedIn => "opted in", "con consentimiento";
    ConsentOptedOut => "opted out", "sin consentimiento";
    ConsentUnknown => "unknown", "desconocido";
    KeyEmail => "E-mail", "Correo";
    KeyPhone => "Phone", "Teléfono";
    KeyExternalId => "External id", "Id externo";
    FieldCountry => "Country", "País";
    FieldCity => "City or region", "Ciudad o región";
    FieldStage => "Lifecycle stage", "Etapa";
    FieldJobTitle => "Job title", "Cargo";
    FieldCompany => "Company", "Empresa";
    FieldCompanySize => "Company size", "Tamaño de empresa";
    FieldAge => "Age", "Edad";
    FieldEmail => "E-mail", "Correo";
    FieldName => "Name", "Nombre";
    OpEq => "is", "es";
    OpNe => "is not", "no es";
    OpContains => "contains", "contiene";
    OpGt => "greater than", "mayor que";
    OpLt => "less than", "menor que";
    OpIn => "is one of", "es uno de";
    OpIsSet => "has a value", "tiene valor";
    CondAttribute => "Attribute", "Atributo";
    CondEventCount => "Events", "Eventos";
    CondRfmSegment => "RFM segment", "Segmento RFM";
    CondTier => "Tier", "Nivel";
    CondConsent => "Consent", "Consentimiento";
    CondKindLabel => "Condition type", "Tipo de condición";
    CondFieldLabel => "Attribute", "Atributo";
    CondOpLabel => "Comparison", "Comparación";
    CondValueLabel => "Value", "Valor";
    CondListHint => "ES, PT, FR", "ES, PT, FR";
    CondAtLeast => "at least", "al menos";
    CondMinLabel => "Minimum number of events", "Número mínimo de eventos";
    CondEventKindLabel => "Event", "Evento";
    CondAnyEvent => "any event", "cualquier evento";
    CondInLast => "in the last", "en los últimos";
    CondDaysLabel => "Days", "Días";
    CondDays => "days", "días";
    CondSubjectLabel => "Consent subject", "Tema del consentimiento";
    RbTitle => "Custom segment", "Segmento propio";
    RbHint => "Combine conditions with AND / OR groups; tick NOT to exclude. The count updates as you type.", "Combina condiciones en grupos Y / O; marca NO para excluir. El recuento se actualiza al escribir.";
    RbMembers => "Members", "Miembros";
    RbOf => "of", "de";
    RbName => "Name", "Nombre";
    RbNamePlaceholder => "e.g. Clicked, not bought", "p. ej. Hizo clic, no compró";
    RbSave => "Save segment", "Guardar segmento";
    RbExport => "Export members (CSV)", "Exportar miembros (CSV)";
    RbSaved => "Saved segments", "Segmentos guardados";
    RbDelete => "Delete", "Eliminar";
    RbRemove => "Remove", "Quitar";
    RbNot => "NOT", "NO";
    RbGroupMode => "How conditions combine", "Cómo se combinan las condiciones";
    RbAll => "All of (AND)", "Todas (Y)";
    RbAny => "Any of (OR)", "Alguna (O)";
    RbEmptyAnd => "No conditions: everyone matches.", "Sin condiciones: coinciden todos.";
    RbEmptyOr => "No conditions: nobody matches.", "Sin condiciones: no coincide nadie.";
    RbAddCondition => "+ Condition", "+ Condición";
    RbAddGroup => "+ Group", "+ Grupo";
    TierTitle => "Customer tiers", "Niveles de cliente";
    TierHint => "A makes the first 80 % of revenue, B the next 15 %, C the rest. The matrix shows who moved between two periods.", "A genera el primer 80 % de los ingresos, B el 15 % siguiente y C el resto. La matriz muestra quién cambió entre dos periodos.";
    TierPeriod => "Period length", "Duración del periodo";
    TierFrom => "Earlier period from", "Periodo anterior desde";
    TierTo => "later period from", "periodo posterior desde";
    TierNone => "No purchases", "Sin compras";
    TierUp => "moved up", "subieron";
    TierDown => "fell", "bajaron";
    TierBeforeAfter => "Before ↓ / after →", "Antes ↓ / después →";
    RespTitle => "Responsiveness by channel", "Reactividad por canal";
    RespHint => "Messages answered (open, click, reply) within 7 days. A contact's preferred channel needs 3+ messages on 2+ channels.", "Mensajes respondidos (apertura, clic, respuesta) en 7 días. El canal preferido requiere 3 o más mensajes en 2 o más canales.";
    RespMessages => "Messages", "Mensajes";
    RespResponses => "Answered", "Respondidos";
    RespRate => "Response rate", "Tasa de respuesta";
    RespPreferred => "Prefer it", "Lo prefieren";
    RespUnknown => "Not enough evidence for a preference", "Sin datos suficientes para una preferencia";
    IdTitle => "Identity reconciliation", "Reconciliación de identidades";
    IdHint => "Records sharing any identifier, even through a chain, are one person.", "Registros con algún identificador en común, aunque sea en cadena: una persona.";
    IdCountry => "Default phone country", "País por defecto de los teléfonos";
    IdExport => "Export merge map (CSV)", "Exportar mapa de fusión (CSV)";
    IdRecords => "records", "registros";
    IdPeople => "people", "personas";
    IdMerged => "records merged", "registros fusionados";
    IdMatchedBy => "matched by", "coinciden por";
    IdInvalid => "unusable identifiers", "identificadores no válidos";
    ScRuleId => "Rule", "Regla";
    ScPoints => "Points", "Puntos";
    ScPts => "pts", "pts";
    ScPtsEach => "pts each", "pts cada uno";
    ScCap => "cap", "máximo";
    ScPer => "per", "cada";
    ScStage => "Stage", "Etapa";
    ScStages => "Stages", "Etapas";
    ScAddStage => "+ Stage", "+ Etapa";
    ScThreshold => "Threshold", "Umbral";
    ScModelTitle => "Scoring model", "Modelo de puntuación";
    ScModelHint => "Fit = demographic + functional points; engagement = interaction points, capped per period and halved every half-life.", "Perfil = puntos demográficos + funcionales; interacción = puntos por evento, con máximo por periodo y reducidos a la mitad en cada vida media.";
    ScDemographic => "Demographic", "Demográficas";
    ScFunctional => "Functional", "Funcionales";
    ScInteraction => "Interaction", "Interacción";
    ScDecay => "Decay", "Decaimiento";
    ScHalfLife => "Half-life", "Vida media";
    ScContacts => "contacts scored", "contactos puntuados";
    ScMean => "mean score", "puntuación media";
    ScCrossings => "stage crossings, last 30 days", "cruces de etapa, últimos 30 días";
    ScDistribution => "Score distribution", "Distribución de puntuaciones";
    ScDistributionHint => "Total score (fit + engagement) at the end of the data; bars at or past the first stage are green.", "Puntuación total (perfil + interacción) al final de los datos; las barras a partir de la primera etapa van en verde.";
    ScWhatIf => "What if", "Y si";
    ScWouldEnter => "contacts would enter this stage", "contactos entrarían en esta etapa";
    ScWouldLeave => "contacts would leave this stage", "contactos saldrían de esta etapa";
    ScNoChange => "No contact changes stage", "Ningún contacto cambia de etapa";
    ScApply => "Apply threshold", "Aplicar umbral";
    ScCrossedTitle => "Who crossed a stage", "Quién cruzó una etapa";
    ScCrossedHint => "The last 30 days, newest first. Pick a contact to see the points rule by rule.", "Los últimos 30 días, primero los más recientes. Elige un contacto para ver los puntos regla a regla.";
    ScNoCrossings => "Nobody crossed a stage in the last 30 days.", "Nadie cruzó una etapa en los últimos 30 días.";
    ScContact => "Contact", "Contacto";
    ScWhen => "When", "Cuándo";
    ScScore => "Score", "Puntuación";
    ScTrigger => "Triggered by", "Provocado por";
    ScWhy => "Why:", "Por qué:";
    ScFamily => "Family", "Familia";
    ScHits => "Matches", "Coincidencias";
    PrAtMost => "At most", "Como máximo";
    PrMessages => "Messages", "Mensajes";
    PrMessagesOn => "messages on", "mensajes en";
    PrIn => "in", "en";
    PrNever => "Not while consent or a cap of 0 blocks", "No mientras lo bloquee el consentimiento o un máximo de 0";
    PrNoConsent => "no consent", "sin consentimiento";
    PrCapFull => "cap full", "máximo alcanzado";
    PrTooSoon => "too soon after", "demasiado pronto tras";
    PrOverPressure => "pressure", "presión";
    PrDuplicate => "listed twice", "repetido";
    PrOverTitle => "Contacts over pressure", "Contactos con exceso de presión";
    PrOverHint => "Pressure = Σ weight × 0.5^(age / half-life) over past messages; at or over the threshold no message goes out.", "Presión = Σ peso × 0,5^(antigüedad / vida media) de los mensajes pasados; en el umbral o por encima no se envía nada.";
    PrOverCount => "over pressure", "con exceso de presión";
    PrPressured => "contacts under some pressure", "contactos con algo de presión";
    PrMean => "mean pressure", "presión media";
    PrNobodyOver => "Nobody is over the pressure threshold at this date.", "Nadie supera el umbral de presión en esta fecha.";
    PrPressure => "Pressure", "Presión";
    PrNextEligible => "Eligible again", "De nuevo disponible";
    PrSimTitle => "Simulate a send", "Simular un envío";
    PrSimHint => "Who of the audience would get the message, and who would be skipped and why.", "Quién de la audiencia recibiría el mensaje y a quién se omitiría y por qué.";
    PrAudience => "Audience", "Audiencia";
    PrEveryone => "Every contact", "Todos los contactos";
    PrSendDate => "Send date (10:00 UTC)", "Fecha de envío (10:00 UTC)";
    PrSubject => "Consent subject", "Tema del consentimiento";
    PrSubjectHint => "e.g. news (empty: no check)", "p. ej. news (vacío: sin comprobar)";
    PrWouldSend => "would get it", "lo recibirían";
    PrCapped => "skipped: cap full", "omitidos: máximo alcanzado";
    PrTooSoonCount => "skipped: too soon", "omitidos: demasiado pronto";
    PrNoConsentCount => "skipped: no consent", "omitidos: sin consentimiento";
    PrSkippedTitle => "Skipped contacts", "Contactos omitidos";
    PrWhy => "Why", "Por qué";
    PrRulesTitle => "Pressure rules", "Reglas de presión";
    PrServerRulesUnread => "The pressure rules kept on the server could not be read, so the figures here use the rules shown under Pressure rules below. Change them or reset them there to replace the server's; the reason is given with them.", "No se pudieron leer las reglas de presión guardadas en el servidor, así que estas cifras usan las reglas que se muestran abajo, en Reglas de presión. Cámbialas o restablécelas allí para sustituir las del servidor; el motivo aparece junto a ellas.";
    PrRulesHint => "Weights per channel, how fast a message's weight fades, caps per period and the minimum spacing between two messages.", "Peso por canal, lo rápido que se desvanece un mensaje, máximos por periodo y el tiempo mínimo entre dos mensajes.";
    PrSpacing => "Minimum spacing (hours)", "Separación mínima (horas)";
    PrMaxPressure => "Pressure threshold", "Umbral de presión";
    PrWeights => "Weight per channel", "Peso por canal";
    PrCaps => "Caps", "Máximos";
    PrAddCap => "+ Cap", "+ Máximo";
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
    // ---- phone country (#3): add keys below this line ----
    PhoneCountryLabel => "Default country for phone numbers", "País por defecto de los teléfonos";
    PhoneCountryHelp => "Imported phone numbers written without an international prefix (+…) are read as numbers of this country: with United States, (415) 555-0100 is +1 415 555 0100. It decides which contacts a phone number finds and joins. Imported data keeps the country it was read with; applies to the next import.", "Los teléfonos importados sin prefijo internacional (+…) se leen como números de este país: con Estados Unidos, (415) 555-0100 es +1 415 555 0100. Decide a qué contactos encuentra y une cada teléfono. Los datos importados conservan el país con que se leyeron; se aplica en la próxima importación.";
    PhoneCountrySaved => "Saved. Applies to the next import.", "Guardado. Se aplica en la próxima importación.";
    PhoneCountryMismatch => "The imported data reads phone numbers as numbers of {keyed}, and the setting is {wanted}. To add these files, set “Default country for phone numbers” back to {keyed} in Settings, or replace the data instead.", "Los datos importados leen los teléfonos como números de {keyed} y el ajuste es {wanted}. Para añadir estos archivos, vuelve a poner {keyed} en «País por defecto de los teléfonos» en Ajustes, o sustituye los datos.";
    CountryES => "Spain", "España";
    CountryFR => "France", "Francia";
    CountryGB => "United Kingdom", "Reino Unido";
    CountryDE => "Germany", "Alemania";
    CountryIT => "Italy", "Italia";
    CountryPT => "Portugal", "Portugal";
    CountryNL => "Netherlands", "Países Bajos";
    CountryBE => "Belgium", "Bélgica";
    CountryCH => "Switzerland", "Suiza";
    CountryAT => "Austria", "Austria";
    CountryIE => "Ireland", "Irlanda";
    CountryUS => "United States", "Estados Unidos";
    CountryCA => "Canada", "Canadá";
    CountryMX => "Mexico", "México";
    CountryBR => "Brazil", "Brasil";
    CountryAR => "Argentina", "Argentina";
    // ----
    // ---- workspace phone country (server): add keys below this line ----
    WorkspaceCountryLabel => "Phone country of the workspace (server data)", "País de los teléfonos del espacio de trabajo (datos del servidor)";
    WorkspaceCountryHelp => "Phone numbers without an international prefix in the data stored on the server are read as numbers of this country, for everyone in the workspace: it decides which contacts the server's figures, and the data loaded after login, join into one person.", "Los teléfonos sin prefijo internacional de los datos guardados en el servidor se leen como números de este país, para todo el espacio de trabajo: decide qué contactos se unen en una persona en las cifras del servidor y en los datos cargados tras iniciar sesión.";
    WorkspaceCountryNotSaved => "Not chosen yet: the default applies.", "Sin elegir aún: se aplica el predeterminado.";
    WorkspaceCountryReset => "Back to the default", "Volver al predeterminado";
    WorkspaceCountrySaved => "Saved for the workspace. The server's data is read with it from now on.", "Guardado para el espacio de trabajo. Los datos del servidor se leen con él desde ahora.";
    WorkspaceCountryFailed => "Could not save the workspace's country:", "No se pudo guardar el país del espacio de trabajo:";
    WorkspaceCountryLoading => "Reading the workspace's country…", "Leyendo el país del espacio de trabajo…";
    WorkspaceCountryLoadFailed => "Could not read the workspace's country:", "No se pudo leer el país del espacio de trabajo:";
    WorkspaceCountryRepair => "Choose the workspace's country again, or go back to the default: either replaces the stored one.", "Vuelve a elegir el país del espacio de trabajo o vuelve al predeterminado: cualquiera de los dos sustituye al guardado.";
    WorkspaceCountryChoose => "Choose a country…", "Elige un país…";
    PhoneCountryBrowserScope => "This browser only: files you drop here.", "Solo este navegador: archivos que sueltes aquí.";
    // ----
}

/// The name of a country of the phone table (#3); `None` for a code added
/// to the table without a name here yet.
pub fn country_name(iso: &str) -> Option<Text> {
    Some(match iso {
        "ES" => Text::CountryES,
        "FR" => Text::CountryFR,
        "GB" => Text::CountryGB,
        "DE" => Text::CountryDE,
        "IT" => Text::CountryIT,
        "PT" => Text::CountryPT,
        "NL" => Text::CountryNL,
        "BE" => Text::CountryBE,
        "CH" => Text::CountryCH,
        "AT" => Text::CountryAT,
        "IE" => Text::CountryIE,
        "US" => Text::CountryUS,
        "CA" => Text::CountryCA,
        "MX" => Text::CountryMX,
        "BR" => Text::CountryBR,
        "AR" => Text::CountryAR,
        _ => return None,
    })
}

/// A country of the phone table for people: `United States (+1)`.
pub fn country_label(c: canal_core::identity::CountryCode, locale: Locale) -> String {
    let name = country_name(c.iso()).map_or(c.iso(), |t| t.get(locale));
    format!("{name} (+{})", c.phone().calling_code)
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

/// The name of a well-known lifecycle stage as CRMs export it
/// (`subscriber`, `marketingqualifiedlead`, `MQL`, …), or `None` for a
/// stage of the company's own, which is shown as written.
pub fn lifecycle_stage(value: &str) -> Option<Text> {
    let key: String = value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    Some(match key.as_str() {
        "subscriber" | "suscriptor" => Text::CtStageSubscriber,
        "lead" => Text::CtStageLead,
        "mql" | "marketingqualifiedlead" => Text::CtStageMql,
        "sql" | "salesqualifiedlead" => Text::CtStageSql,
        "opportunity" | "oportunidad" => Text::CtStageOpportunity,
        "customer" | "cliente" => Text::CtStageCustomer,
        "vip" => Text::CtStageVip,
        "evangelist" => Text::CtStageEvangelist,
        "churned" | "churn" | "lost" => Text::CtStageChurned,
        _ => return None,
    })
}

/// A lifecycle stage as shown (`t` gives the locale's texts): translated
/// when well known, else as written.
pub fn lifecycle_label(value: &str, t: impl Fn(Text) -> &'static str) -> String {
    lifecycle_stage(value).map_or_else(|| value.to_owned(), |k| t(k).to_owned())
}

/// The name of an event kind.
pub const fn kind(k: EventKind) -> Text {
    match k {
        EventKind::Sent => Text::KindSent,
        EventKind::Delivered => Text::KindDelivered,
        EventKind::BouncedHard => Text::KindBouncedHard,
        EventKind::BouncedSoft => Text::KindBouncedSoft,
        EventKind::Opened => Text::KindOpened,
        EventKind::Clicked => Text::KindClicked,
        EventKind::Converted => Text::KindConverted,
        EventKind::Unsubscribed => Text::KindUnsubscribed,
        EventKind::Complained => Text::KindComplained,
        EventKind::Replied => Text::KindReplied,
        EventKind::Visited => Text::KindVisited,
        EventKind::SessionStart => Text::KindSessionStart,
        EventKind::SessionEnd => Text::KindSessionEnd,
        EventKind::PageView => Text::KindPageView,
        EventKind::SupportTicket => Text::KindSupportTicket,
        EventKind::Call => Text::KindCall,
        EventKind::SurveyResponse => Text::KindSurveyResponse,
        EventKind::Purchase => Text::KindPurchase,
        EventKind::Custom => Text::KindCustom,
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
    fn well_known_lifecycle_stages_are_translated() {
        let check = |value: &str, en: &str, es: &str| {
            assert_eq!(lifecycle_label(value, |k| k.get(Locale::En)), en, "{value}");
            assert_eq!(lifecycle_label(value, |k| k.get(Locale::Es)), es, "{value}");
        };
        check("subscriber", "Subscriber", "Suscriptor");
        check("Customer", "Customer", "Cliente");
        check(
            "marketingqualifiedlead",
            "Marketing-qualified lead",
            "Lead cualificado (marketing)",
        );
        check(
            "MQL",
            "Marketing-qualified lead",
            "Lead cualificado (marketing)",
        );
        check(
            "sales_qualified_lead",
            "Sales-qualified lead",
            "Lead cualificado (ventas)",
        );
        check("churned", "Churned", "Perdido");
        // A stage of the company's own stays as written.
        check("Gold partner", "Gold partner", "Gold partner");
        check("", "", "");
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
