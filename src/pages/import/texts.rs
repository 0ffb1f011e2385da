//! Import words in the reader's language: mapping field names and row-error
//! reasons. The importer's reasons are English sentences plus a
//! machine-readable kind; English shows the sentence as written (the CLI
//! and the error download say the same), other languages word the kind.

use crate::i18n::{Locale, Text};
use canal_core::import::{Field, RowError, RowErrorKind};

/// The name of a mapping field.
pub const fn field_text(f: Field) -> Text {
    match f {
        Field::Email => Text::MapEmail,
        Field::ContactId => Text::MapContactId,
        Field::Phone => Text::MapPhone,
        Field::Timestamp => Text::MapTimestamp,
        Field::Channel => Text::MapChannel,
        Field::EventType => Text::MapEventType,
        Field::EventName => Text::MapEventName,
        Field::Direction => Text::MapDirection,
        Field::Scope => Text::MapScope,
        Field::Campaign => Text::MapCampaign,
        Field::Session => Text::MapSession,
        Field::Value => Text::MapValue,
        Field::MachineOpen => Text::MapMachineOpen,
        Field::BotClick => Text::MapBotClick,
        Field::Url => Text::MapUrl,
        Field::Flags => Text::MapFlags,
        Field::BounceType => Text::MapBounceType,
        Field::OrderId => Text::MapOrderId,
        Field::Amount => Text::MapAmount,
        Field::Currency => Text::MapCurrency,
        Field::Name => Text::MapName,
        Field::FirstName => Text::MapFirstName,
        Field::LastName => Text::MapLastName,
        Field::Country => Text::MapCountry,
        Field::City => Text::MapCity,
        Field::BirthYear => Text::MapBirthYear,
        Field::BirthDate => Text::MapBirthDate,
        Field::Age => Text::MapAge,
        Field::JobTitle => Text::MapJobTitle,
        Field::Company => Text::MapCompany,
        Field::CompanySize => Text::MapCompanySize,
        Field::CreatedAt => Text::MapCreatedAt,
        Field::Stage => Text::MapStage,
        Field::CampaignName => Text::MapCampaignName,
        Field::Subject => Text::MapSubject,
        Field::MessageType => Text::MapMessageType,
        Field::Cost => Text::MapCost,
        Field::ConsentStatus => Text::MapConsentStatus,
        Field::Source => Text::MapSource,
    }
}

/// A label used inside a sentence: "Tamaño de empresa" → "tamaño de
/// empresa", while "URL" stays.
fn noun(label: &str) -> String {
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if second.is_lowercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_owned(),
    }
}

/// The word for one of the importer's `what` tokens.
fn what(token: &str, locale: Locale) -> String {
    let special = match token {
        "date" => Some(Text::WhatDate),
        "number" => Some(Text::WhatNumber),
        "yes/no_value" => Some(Text::WhatYesNo),
        "flag" => Some(Text::WhatFlag),
        "campaign_id_and_name" => Some(Text::WhatCampaignIdName),
        "contact" => Some(Text::WhatContact),
        "order_date" => Some(Text::WhatOrderDate),
        _ => None,
    };
    let text = special.or_else(|| Field::parse(token).map(field_text));
    match text {
        Some(t) => noun(t.get(locale)),
        None => token.replace('_', " "),
    }
}

fn fill(template: &str, args: &[&str]) -> String {
    args.iter()
        .enumerate()
        .fold(template.to_owned(), |s, (i, a)| {
            s.replace(&format!("{{{i}}}"), a)
        })
}

/// The reason of a row error in `locale`.
pub fn reason(e: &RowError, locale: Locale) -> String {
    if locale == Locale::En {
        return e.reason.clone();
    }
    let t = |k: Text| k.get(locale);
    match &e.kind {
        RowErrorKind::Other => e.reason.clone(),
        RowErrorKind::Missing { what: w } => fill(t(Text::ErrMissing), &[&what(w, locale)]),
        RowErrorKind::Unreadable {
            value,
            what: w,
            pattern,
        } => {
            let mut s = fill(t(Text::ErrUnreadable), &[value, &what(w, locale)]);
            if let Some(p) = pattern {
                let p = match p.as_str() {
                    "dd/mm/yyyy" => t(Text::PatternDayFirst),
                    "mm/dd/yyyy" => t(Text::PatternMonthFirst),
                    other => other,
                };
                s.push_str(&fill(t(Text::ErrDatePattern), &[p]));
            }
            s
        }
        RowErrorKind::Unknown { what: w, value } => {
            fill(t(Text::ErrUnknown), &[value, &what(w, locale)])
        }
        RowErrorKind::NoContact => t(Text::ErrNoContact).to_owned(),
        RowErrorKind::FieldCount { found, expected } => fill(
            t(Text::ErrFieldCount),
            &[&found.to_string(), &expected.to_string()],
        ),
        RowErrorKind::TooLong { mib } => fill(t(Text::ErrTooLong), &[&mib.to_string()]),
        RowErrorKind::UnclosedQuote {
            opened,
            first,
            last,
        } => fill(
            t(Text::ErrUnclosedQuote),
            &[&opened.to_string(), &first.to_string(), &last.to_string()],
        ),
        RowErrorKind::NotMapped { what: w } => fill(t(Text::ErrNotMapped), &[&what(w, locale)]),
        RowErrorKind::EmptyFile => t(Text::ErrEmptyFile).to_owned(),
        RowErrorKind::Gzip => t(Text::ErrGzip).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use canal_core::import::{import_bytes, ImportOptions, TableKind};

    fn check(reason_en: &str, es: &str) {
        let e = RowError {
            line: 2,
            column: None,
            reason: reason_en.to_owned(),
            kind: RowErrorKind::of(reason_en),
        };
        assert_eq!(reason(&e, Locale::En), reason_en);
        assert_eq!(reason(&e, Locale::Es), es, "{reason_en}");
    }

    #[test]
    fn reasons_in_spanish() {
        check("missing date", "sin fecha");
        check("missing event type", "sin tipo de evento");
        check(
            "cannot read 'pronto' as a date (dates in this file are read as dd/mm/yyyy)",
            "no se puede leer «pronto» como fecha (las fechas de este archivo se leen como día/mes/año)",
        );
        check(
            "cannot read 'mucho' as a number",
            "no se puede leer «mucho» como número",
        );
        check(
            "cannot read 'grande' as a company size",
            "no se puede leer «grande» como tamaño de empresa",
        );
        check(
            "unknown channel 'paloma'",
            "no se reconoce «paloma» como canal",
        );
        check(
            "unknown yes/no value 'quizá'",
            "no se reconoce «quizá» como valor sí/no",
        );
        check(
            "no contact: the e-mail, id and phone are all empty",
            "sin contacto: el correo, el id y el teléfono están vacíos",
        );
        check(
            "the row has 3 fields but the header has 5",
            "la fila tiene 3 campos y la cabecera 5",
        );
        check(
            "a quoted field opened on line 7 is never closed; lines 7–9 were not loaded",
            "un campo entre comillas abierto en la línea 7 no se cierra; no se han cargado las líneas 7–9",
        );
        check(
            "no column is mapped to a contact (email, contact id or phone); nothing was loaded",
            "ninguna columna está asignada a: un contacto (correo, id de contacto o teléfono); no se ha cargado nada",
        );
        check(
            "no column is mapped to the order date; nothing was loaded",
            "ninguna columna está asignada a: fecha del pedido; no se ha cargado nada",
        );
        check("the file is empty", "el archivo está vacío");
        // A reason without a kind is shown as written.
        check("something new", "something new");
    }

    #[test]
    fn every_reason_of_a_bad_file_has_a_spanish_wording() {
        let check = |kind: TableKind, csv: &str| {
            let mut ds = canal_core::Dataset::default();
            let opts = ImportOptions {
                kind: Some(kind),
                ..ImportOptions::default()
            };
            let report = import_bytes(&mut ds, csv.as_bytes(), &opts);
            assert!(!report.errors.is_empty());
            for e in &report.errors {
                let es = reason(e, Locale::Es);
                assert_ne!(es, e.reason, "untranslated: {}", e.reason);
                assert!(!es.contains('{') && !es.contains('_'), "{es}");
            }
        };
        check(
            TableKind::Events,
            "email,event,timestamp,channel,direction,flags,machine_open\n\
             a@x.com,open,soon,email,,,\n\
             a@x.com,,2024-01-01,email,,,\n\
             ,open,2024-01-01,email,,,\n\
             a@x.com,open,2024-01-01,pigeon,,,\n\
             a@x.com,open,2024-01-01,email,sideways,,\n\
             a@x.com,open,2024-01-01,email,,weird,\n\
             a@x.com,open,2024-01-01,email,,,perhaps\n\
             a@x.com,open\n",
        );
        check(
            TableKind::Orders,
            "email,date,amount\na@x.com,2024-01-01,lots\na@x.com,2024-01-01,\n",
        );
        check(TableKind::Orders, "email,note\na@x.com,1\n");
        check(
            TableKind::Contacts,
            "email,company_size,birth_year\na@x.com,big,1\n",
        );
        check(TableKind::Events, "");
    }

    #[test]
    fn every_field_has_a_name_in_both_languages() {
        for &f in Field::ALL {
            let (en, es) = (field_text(f).get(Locale::En), field_text(f).get(Locale::Es));
            assert!(!en.is_empty() && !es.is_empty(), "{f:?}");
        }
        assert_eq!(
            field_text(Field::EventType).get(Locale::Es),
            "Tipo de evento"
        );
        assert_eq!(noun("URL"), "URL");
        assert_eq!(noun("Tamaño de empresa"), "tamaño de empresa");
    }
}
