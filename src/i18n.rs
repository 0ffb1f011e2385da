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
    TabRfm => "RFM", "RFM";
    TabBuilder => "Custom segments", "Segmentos propios";
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
    KindSent => "sent", "enviado";
    KindDelivered => "delivered", "entregado";
    KindBouncedHard => "hard bounce", "rebote duro";
    KindBouncedSoft => "soft bounce", "rebote blando";
    KindOpened => "opened", "abierto";
    KindClicked => "clicked", "clic";
    KindConverted => "converted", "conversión";
    KindUnsubscribed => "unsubscribed", "baja";
    KindComplained => "complaint", "queja";
    KindReplied => "replied", "respuesta";
    KindVisited => "visit", "visita";
    KindSessionStart => "session start", "inicio de sesión";
    KindSessionEnd => "session end", "fin de sesión";
    KindPageView => "page view", "página vista";
    KindSupportTicket => "support ticket", "ticket de soporte";
    KindCall => "call", "llamada";
    KindSurveyResponse => "survey response", "respuesta a encuesta";
    KindPurchase => "purchase", "compra";
    KindCustom => "custom", "personalizado";
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
    IdHint => "Records sharing a normalised e-mail or phone are one person.", "Los registros que comparten correo o teléfono normalizado son la misma persona.";
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
    PrRulesHint => "Weights per channel, how fast a message's weight fades, caps per period and the minimum spacing between two messages.", "Peso por canal, lo rápido que se desvanece un mensaje, máximos por periodo y el tiempo mínimo entre dos mensajes.";
    PrSpacing => "Minimum spacing (hours)", "Separación mínima (horas)";
    PrMaxPressure => "Pressure threshold", "Umbral de presión";
    PrWeights => "Weight per channel", "Peso por canal";
    PrCaps => "Caps", "Máximos";
    PrAddCap => "+ Cap", "+ Máximo";
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
