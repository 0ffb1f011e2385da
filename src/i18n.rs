//! UI text in English and Spanish.
//!
//! Every visible string is a [`Text`] key, so a missing translation is a
//! compile error rather than an English word in a Spanish screen. Number and
//! date formatting lives in `canal_core::format`, shared with the CLI.

pub use canal_core::format::Locale;

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
    NumberPreview => "Number format", "Formato de números";
    DatePreview => "Date format", "Formato de fechas";
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
