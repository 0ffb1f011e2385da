//! The awkward-CSV corpus (tests/corpus/): what each file loads and which
//! row errors it reports, by line. Every file is also imported in 1-byte and
//! 7-byte chunks with a tiny sniff window, which must change nothing but the
//! guesses that depend on the window (so those are fixed here).

use canal_core::import::{
    import_bytes, Encoding, ImportOptions, ImportReport, Importer, TableKind,
};
use canal_core::model::{Channel, ConsentStatus, Dataset, EventKind, Scope, NONE};

fn load(name: &str) -> (Dataset, ImportReport) {
    let path = format!("{}/tests/corpus/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).expect("corpus file exists");
    let mut ds = Dataset::default();
    let report = import_bytes(&mut ds, &bytes, &ImportOptions::default());

    // The same import, streamed: sniff the whole file, then feed it in
    // small chunks; nothing may change.
    // One-byte chunks only for small files: the wide file would take long
    // in debug builds and adds nothing the 7-byte run does not cover.
    let chunks: &[usize] = if bytes.len() < 16 * 1024 {
        &[1, 7, 4096]
    } else {
        &[7, 4096]
    };
    for &chunk in chunks {
        let mut streamed = Dataset::default();
        let mut imp = Importer::new(ImportOptions::default());
        for piece in bytes.chunks(chunk) {
            imp.push(piece, &mut streamed);
        }
        let r = imp.finish(&mut streamed);
        assert_eq!(r, report, "{name}: report with {chunk}-byte chunks");
        assert_eq!(streamed, ds, "{name}: dataset with {chunk}-byte chunks");
    }
    // Streaming right after a one-byte sniff, with the guesses fixed.
    let fixed = ImportOptions {
        kind: report.kind,
        delimiter: Some(report.delimiter),
        encoding: Some(report.encoding),
        decimal_comma: Some(report.decimal_comma),
        date_order: Some(report.date_order),
        head_bytes: Some(1),
        ..Default::default()
    };
    if !report.gzip {
        for &chunk in chunks.iter().filter(|&&c| c < 4096) {
            let mut streamed = Dataset::default();
            let mut imp = Importer::new(fixed.clone());
            for piece in bytes.chunks(chunk) {
                imp.push(piece, &mut streamed);
            }
            let r = imp.finish(&mut streamed);
            assert_eq!(r.errors, report.errors, "{name}: streamed errors");
            assert_eq!(
                streamed, ds,
                "{name}: streamed dataset, {chunk}-byte chunks"
            );
        }
    }
    (ds, report)
}

fn errors(r: &ImportReport) -> Vec<String> {
    r.errors.iter().map(ToString::to_string).collect()
}

fn keys(ds: &Dataset, col: &[u32]) -> Vec<String> {
    col.iter().map(|&c| ds.keys.get(c).to_owned()).collect()
}

fn kinds(ds: &Dataset) -> Vec<EventKind> {
    (0..ds.events.len()).map(|i| ds.events.kind(i)).collect()
}

const MAR5: i64 = 1_709_596_800; // 2024-03-05T00:00:00Z
const H: i64 = 3600;

#[test]
fn utf8_bom_mailchimp_activity() {
    let (ds, r) = load("utf8_bom_mailchimp_activity.csv");
    assert_eq!(
        (r.kind, r.encoding, r.rows_loaded),
        (Some(TableKind::Events), Encoding::Utf8, 4)
    );
    assert_eq!(r.headers[0], "Email Address");
    assert_eq!(errors(&r), Vec::<String>::new());
    let e = &ds.events;
    assert_eq!(
        keys(&ds, &e.contact),
        [
            "ana@example.com",
            "ana@example.com",
            "josé@example.com",
            "bo@example.com"
        ]
    );
    assert_eq!(
        e.ts,
        [
            MAR5 + 10 * H,
            MAR5 + 10 * H + 60,
            MAR5 + 11 * H,
            MAR5 + 10 * H
        ]
    );
    assert_eq!(
        kinds(&ds),
        [
            EventKind::Opened,
            EventKind::Clicked,
            EventKind::Clicked,
            EventKind::BouncedHard
        ]
    );
    assert_eq!((0..4).map(|i| e.flags(i)).collect::<Vec<_>>(), [0, 4, 0, 0]);
    assert_eq!(ds.campaign_ids.get(e.campaign[0]), "Primavera");
}

#[test]
fn spanish_excel_orders_in_windows_1252() {
    let (ds, r) = load("es_excel_pedidos_cp1252.csv");
    assert_eq!(
        (r.kind, r.encoding, r.delimiter, r.decimal_comma),
        (Some(TableKind::Orders), Encoding::Windows1252, b';', true)
    );
    assert_eq!(
        r.headers,
        [
            "Nº pedido",
            "Correo electrónico",
            "Fecha",
            "Importe",
            "Moneda",
            "Notas"
        ]
    );
    assert_eq!(
        errors(&r),
        [
            "line 5, column 'Fecha': cannot read '31/02/2024' as a date (dates in this file are read as dd/mm/yyyy)",
            "line 6, column 'Correo electrónico': no contact: the e-mail, id and phone are all empty",
            "line 7, column 'Importe': cannot read 'doce' as a number",
        ]
    );
    let o = &ds.orders;
    assert_eq!(
        keys(&ds, &o.contact),
        ["maría@ejemplo.es", "iñigo@ejemplo.es"]
    );
    assert_eq!(o.amount, [1234.56, 12.5]);
    assert_eq!(o.ts, [MAR5, MAR5 + 20 * 86_400]);
    assert_eq!(
        o.currency
            .iter()
            .map(|&c| ds.names.get(c))
            .collect::<Vec<_>>(),
        ["EUR", "EUR"]
    );
    assert_eq!((r.rows_read, r.rows_loaded), (5, 2));
}

#[test]
fn cr_only_line_endings() {
    let (ds, r) = load("cr_only_contacts.csv");
    assert_eq!((r.kind, r.rows_loaded), (Some(TableKind::Contacts), 3));
    assert_eq!(errors(&r), Vec::<String>::new());
    let c = &ds.contacts;
    let names: Vec<&str> = c.name.iter().map(|&n| ds.text.get(n)).collect();
    assert_eq!(names, ["Ana Lopez", "Bo", "Cy Young"]);
    let countries: Vec<&str> = c.country.iter().map(|&n| ds.text.get(n)).collect();
    assert_eq!(countries, ["ES", "SE", "US"]);
}

#[test]
fn ragged_rows() {
    let (ds, r) = load("ragged_events.csv");
    assert_eq!(
        errors(&r),
        [
            "line 3: the row has 3 fields but the header has 4",
            "line 5: the row has 5 fields but the header has 4",
        ]
    );
    assert_eq!(
        keys(&ds, &ds.events.contact),
        ["a@example.com", "c@example.com", "e@example.com"]
    );
    assert_eq!(ds.events.channel(2), Channel::Sms);
}

#[test]
fn quotes_inside_quotes_and_embedded_newlines() {
    let (ds, r) = load("quotes_events.csv");
    assert_eq!(
        errors(&r),
        ["line 8, column 'timestamp': cannot read 'not a date' as a date"]
    );
    let campaigns: Vec<&str> = ds
        .events
        .campaign
        .iter()
        .map(|&c| ds.campaign_ids.get(c))
        .collect();
    assert_eq!(
        campaigns,
        [
            "Say \"hola\"",
            "multi\nline\r\ncampaign",
            "comma, inside",
            "plain\"quote"
        ]
    );
}

#[test]
fn empty_header_only_and_one_column() {
    let (ds, r) = load("empty.csv");
    assert_eq!(
        (r.kind, r.rows_read, errors(&r)),
        (None, 0, vec!["line 1: the file is empty".to_owned()])
    );
    assert_eq!(ds, Dataset::default());

    let (ds, r) = load("header_only.csv");
    assert_eq!(
        (r.kind, r.rows_read, r.errors.len()),
        (Some(TableKind::Events), 0, 0)
    );
    assert!(ds.events.is_empty());

    let (ds, r) = load("one_column.csv");
    assert_eq!(
        (r.kind, r.rows_loaded, r.errors.len()),
        (Some(TableKind::Contacts), 3, 0)
    );
    assert_eq!(
        ds.keys.iter().collect::<Vec<_>>(),
        ["ana@example.com", "bo@example.com"]
    );
    assert_eq!(ds.text.get(ds.contacts.email[0]), "ana@example.com");
}

#[test]
fn ten_thousand_columns() {
    let (ds, r) = load("wide_10k_columns.csv");
    assert_eq!(
        (r.kind, r.rows_loaded, r.headers.len()),
        (Some(TableKind::Contacts), 3, 10_000)
    );
    let extra = &ds.contacts.extra;
    assert_eq!(extra.len(), 9_999);
    let value = |header: &str, row: usize| {
        let (_, col) = extra
            .iter()
            .find(|(h, _)| h == header)
            .expect("extra column");
        ds.text.try_get(col[row]).map(str::to_owned)
    };
    assert_eq!(value("attr_01000", 0).as_deref(), Some("0"));
    assert_eq!(value("attr_00999", 1).as_deref(), Some("9"));
    assert_eq!(value("attr_09998", 2).as_deref(), Some("8"));
    assert_eq!(value("attr_01000", 1), None);
}

#[test]
fn utf16_le_excel_unicode_text() {
    let (ds, r) = load("utf16le_excel_contacts.txt");
    assert_eq!(
        (r.encoding, r.delimiter, r.rows_loaded),
        (Encoding::Utf16Le, b'\t', 2)
    );
    assert_eq!(errors(&r), Vec::<String>::new());
    let c = &ds.contacts;
    let names: Vec<&str> = c.name.iter().map(|&n| ds.text.get(n)).collect();
    assert_eq!(names, ["Ana Muñoz", "李 小龍"]);
    let cities: Vec<&str> = c.city.iter().map(|&n| ds.text.get(n)).collect();
    assert_eq!(cities, ["Málaga", "香港"]);
    assert_eq!(c.created_at, [MAR5, 1_703_462_400]);
}

#[test]
fn utf16_be_events_with_zones() {
    let (ds, r) = load("utf16be_events.csv");
    assert_eq!(
        (r.encoding, r.rows_loaded, r.errors.len()),
        (Encoding::Utf16Be, 2, 0)
    );
    assert_eq!(ds.events.ts, [MAR5 + 9 * H, MAR5 + 9 * H + 300]);
    assert_eq!(kinds(&ds), [EventKind::Sent, EventKind::Clicked]);
    assert_eq!(ds.events.channel(0), Channel::Sms);
}

#[test]
fn gzip_sendgrid_events() {
    let (ds, r) = load("sendgrid_events.csv.gz");
    assert!(r.gzip);
    assert_eq!(
        errors(&r),
        ["line 7, column 'timestamp': cannot read '17096328xx' as a date"]
    );
    assert_eq!(
        kinds(&ds),
        [
            EventKind::Sent,
            EventKind::Delivered,
            EventKind::Opened,
            EventKind::Clicked,
            EventKind::BouncedSoft
        ]
    );
    assert_eq!(ds.events.ts[0], MAR5 + 10 * H);
    assert_eq!(ds.events.flags(3), 4);
    assert_eq!(ds.campaign_ids.get(ds.events.campaign[0]), "Spring");
}

#[test]
fn shopify_orders_with_line_items() {
    let (ds, r) = load("shopify_orders.csv");
    assert_eq!(
        (r.kind, r.rows_loaded, r.rows_merged),
        (Some(TableKind::Orders), 2, 1)
    );
    assert_eq!(errors(&r), Vec::<String>::new());
    let o = &ds.orders;
    assert_eq!(
        o.order_id
            .iter()
            .map(|&i| ds.order_ids.get(i))
            .collect::<Vec<_>>(),
        ["#1001", "#1002"]
    );
    assert_eq!(o.amount, [1020.0, 5.5]);
    assert_eq!(o.ts, [MAR5 + 15 * H, MAR5 + 86_400 + 14 * H + 1800]);
    assert_eq!(ds.names.get(o.currency[1]), "USD");
}

#[test]
fn hubspot_contacts_with_us_dates() {
    let (ds, r) = load("hubspot_contacts.csv");
    assert_eq!(
        errors(&r),
        ["line 4, column 'Create Date': cannot read '13/13/2024' as a date (dates in this file are read as mm/dd/yyyy)"]
    );
    assert_eq!(
        ds.keys.iter().collect::<Vec<_>>(),
        ["ana@example.com", "102"]
    );
    let c = &ds.contacts;
    assert_eq!(
        c.created_at,
        [
            MAR5 + 20 * 86_400 + 10 * H,
            MAR5 + 28 * 86_400 + 8 * H + 1800
        ]
    );
    assert_eq!(c.company_size, [51, 1000]);
    assert_eq!(ds.text.get(c.phone[1]), "+46700000002");
    assert_eq!(ds.text.get(c.stage[0]), "customer");
    assert_eq!(c.extra.len(), 1);
    assert_eq!(c.extra[0].0, "Favorite Color");
    assert_eq!(
        c.extra[0].1,
        [ds.text.lookup("blue").expect("interned"), NONE]
    );
}

#[test]
fn spanish_campaigns() {
    let (ds, r) = load("campanas.csv");
    assert_eq!(
        (r.kind, r.rows_loaded, r.errors.len()),
        (Some(TableKind::Campaigns), 3, 0)
    );
    let k = &ds.campaigns;
    assert_eq!(
        k.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(),
        ["Rebajas de primavera", "Bienvenida", "Encuesta"]
    );
    assert_eq!(
        k.iter().map(|c| c.scope).collect::<Vec<_>>(),
        [Scope::Engagement, Scope::Lifecycle, Scope::Support]
    );
    assert_eq!(k[2].channel, Channel::Sms);
    assert_eq!(
        k.iter().map(|c| c.cost).collect::<Vec<_>>(),
        [1200.0, 0.0, 35.5]
    );
    assert_eq!(
        k.iter().map(|c| c.sent_at).collect::<Vec<_>>(),
        [Some(MAR5 - 4 * 86_400), None, Some(MAR5 - 3 * 86_400)]
    );
    assert_eq!(k[0].subject, "¡Hasta -50%!");
    assert_eq!(k[1].message_type, "onboarding");
}

#[test]
fn consent_statements() {
    let (ds, r) = load("consent.csv");
    assert_eq!(
        errors(&r),
        ["line 4, column 'consent': unknown consent status 'maybe'"]
    );
    let t = &ds.consent;
    assert_eq!(
        t.status,
        [ConsentStatus::OptedIn as u8, ConsentStatus::OptedOut as u8]
    );
    assert_eq!(t.ts, [MAR5 + 10 * H, MAR5 + 86_400 + 10 * H]);
    assert_eq!(t.channel, [Channel::Email.code(), Channel::Sms.code()]);
    assert_eq!(ds.names.get(t.source[0]), "signup form");
    assert_eq!(t.source[1], NONE);
}

#[test]
fn unterminated_quote() {
    let (ds, r) = load("unterminated_quote.csv");
    assert_eq!(
        errors(&r),
        ["line 3: a quoted field opened on line 3 is never closed; lines 3–4 were not loaded"]
    );
    assert_eq!((r.rows_read, r.rows_loaded, ds.events.len()), (2, 1, 1));
}
