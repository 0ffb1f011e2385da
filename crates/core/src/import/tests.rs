//! End-to-end importer cases: CSV text in, table rows and errors out.

use super::*;
use crate::model::{Dataset, NONE};

/// Renders every event as `key|ts|channel|kind|dir|scope|flags|campaign|name|session|value`.
fn events(ds: &Dataset) -> Vec<String> {
    let e = &ds.events;
    (0..e.len())
        .map(|i| {
            let opt = |col: &Vec<u32>, d: &crate::model::Dict| {
                col.get(i)
                    .filter(|&&v| v != NONE)
                    .map_or("-".to_owned(), |&v| d.get(v).to_owned())
            };
            format!(
                "{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}",
                ds.keys.get(e.contact[i]),
                e.ts[i],
                e.channel(i),
                e.kind(i),
                e.direction(i),
                e.scope(i),
                e.flags(i),
                opt(&e.campaign, &ds.campaign_ids),
                opt(&e.name, &ds.names),
                opt(&e.session, &ds.sessions),
                e.value
                    .get(i)
                    .filter(|v| !v.is_nan())
                    .map_or("-".into(), |v| v.to_string()),
            )
        })
        .collect()
}

fn errors(r: &ImportReport) -> Vec<String> {
    r.errors.iter().map(|e| e.to_string()).collect()
}

/// Imports `csv` as events and compares rows and errors.
fn check_events(csv: &str, rows: &[&str], errs: &[&str]) {
    let mut ds = Dataset::default();
    let r = import_bytes(&mut ds, csv.as_bytes(), &ImportOptions::default());
    assert_eq!(r.kind, Some(TableKind::Events), "{csv}");
    assert_eq!(events(&ds), rows, "{csv}");
    assert_eq!(errors(&r), errs, "{csv}");
    assert_eq!(r.rows_loaded as usize, rows.len());
}

#[test]
fn imports_events() {
    // 2024-03-05 00:00:00 UTC = 1709596800.
    check_events(
        "email,event,timestamp\nAna@X.com,open,2024-03-05\n",
        &["ana@x.com|1709596800|email|opened|outbound|unknown|0|-|open|-|-"],
        &[],
    );
    check_events(
        "Email Address,Action,Timestamp,URL,Campaign\n\
         a@x,click,2024-03-05T00:00:10Z,https://x/unsubscribe?id=1,spring\n\
         a@x,click,2024-03-05T00:00:20Z,https://x/sale,spring\n",
        &[
            "a@x|1709596810|email|clicked|outbound|unknown|4|spring|click|-|-",
            "a@x|1709596820|email|clicked|outbound|unknown|0|spring|click|-|-",
        ],
        &[],
    );
    check_events(
        "contact_id,event,date,channel,scope,session,value\n\
         c1,add_to_cart,05/03/2024,web,engagement,s1,\"12,5\"\n\
         c1,Placed Order,05/03/2024,web,,s1,99\n",
        &[
            "c1|1709596800|web|custom|outbound|engagement|0|-|add_to_cart|s1|12.5",
            "c1|1709596800|web|purchase|inbound|unknown|0|-|Placed Order|s1|99",
        ],
        &[],
    );
    check_events(
        "email,event,timestamp,machine_open,bot\n\
         a@x,open,1709596800,yes,no\n\
         a@x,click,1709596800000,0,1\n",
        &[
            "a@x|1709596800|email|opened|outbound|unknown|1|-|open|-|-",
            "a@x|1709596800|email|clicked|outbound|unknown|2|-|click|-|-",
        ],
        &[],
    );
    // Canal's own events export: `kind` and `name` columns, flags in one.
    check_events(
        "email,timestamp,kind,name\n\
         a@x,1709596800,custom,add_to_cart\n",
        &["a@x|1709596800|email|custom|outbound|unknown|0|-|add_to_cart|-|-"],
        &[],
    );
    check_events(
        "email,event,timestamp,flags\n\
         a@x,open,1709596800,machine_open\n\
         a@x,click,1709596800,bot_click|unsubscribe_link\n",
        &[
            "a@x|1709596800|email|opened|outbound|unknown|1|-|open|-|-",
            "a@x|1709596800|email|clicked|outbound|unknown|6|-|click|-|-",
        ],
        &[],
    );
    check_events(
        "email,event,timestamp\n\
         a@x,Received SMS,2024-03-05\n\
         a@x,bounce,2024-03-05\n",
        &[
            "a@x|1709596800|sms|delivered|outbound|unknown|0|-|Received SMS|-|-",
            "a@x|1709596800|email|bounced_hard|outbound|unknown|0|-|bounce|-|-",
        ],
        &[],
    );
}

#[test]
fn reads_the_flags_of_canal_exports() {
    // The header of the server's `/api/export/events?format=csv`.
    check_events(
        "event_id,contact_id,timestamp,channel,direction,kind,scope,campaign_id,name,session_id,value,flags\n\
         1,c1,2024-03-05T00:00:00Z,email,outbound,opened,engagement,e1,,,,machine_open\n\
         2,c1,2024-03-05T00:00:00Z,email,outbound,clicked,engagement,e1,,,,bot_click|unsubscribe_link\n\
         3,c1,2024-03-05T00:00:00Z,email,outbound,clicked,engagement,e1,,,,\n\
         4,c1,2024-03-05T00:00:00Z,email,outbound,clicked,engagement,e1,,,,sparkle\n",
        &[
            "c1|1709596800|email|opened|outbound|engagement|1|e1|opened|-|-",
            "c1|1709596800|email|clicked|outbound|engagement|6|e1|clicked|-|-",
            "c1|1709596800|email|clicked|outbound|engagement|0|e1|clicked|-|-",
        ],
        &["line 5, column 'flags': unknown flag 'sparkle'"],
    );
    // Other separators, case, short names, and the yes/no columns together.
    check_events(
        "email,event,timestamp,flags,bot\n\
         a@x,open,2024-03-05,\"MPP; Bot\",no\n\
         a@x,click,2024-03-05,unsubscribe-link,yes\n",
        &[
            "a@x|1709596800|email|opened|outbound|unknown|3|-|open|-|-",
            "a@x|1709596800|email|clicked|outbound|unknown|6|-|click|-|-",
        ],
        &[],
    );
}

#[test]
fn reports_bad_event_rows_and_loads_the_rest() {
    check_events(
        "email,event,timestamp,channel\n\
         a@x,open,31/02/2024,email\n\
         ,open,2024-03-05,email\n\
         b@x,,2024-03-05,email\n\
         c@x,open,2024-03-05,pigeon\n\
         d@x,open,2024-03-05\n\
         e@x,open,2024-03-05,sms\n",
        &["e@x|1709596800|sms|opened|outbound|unknown|0|-|open|-|-"],
        &[
            "line 2, column 'timestamp': cannot read '31/02/2024' as a date (dates in this file are read as dd/mm/yyyy)",
            "line 3, column 'email': no contact: the e-mail, id and phone are all empty",
            "line 4, column 'event': missing event type",
            "line 5, column 'channel': unknown channel 'pigeon'",
            "line 6: the row has 3 fields but the header has 4",
        ],
    );
}

#[test]
fn imports_orders_with_decimal_comma_and_line_items() {
    let csv = "Name;Email;Total;Created at\n\
               #1001;ana@x.com;1.234,56 €;05/03/2024\n\
               #1001;ana@x.com;;05/03/2024\n\
               #1002;bo@x.com;;05/03/2024\n\
               #1003;bo@x.com;12,5;06/03/2024\n";
    let mut ds = Dataset::default();
    let r = import_bytes(&mut ds, csv.as_bytes(), &ImportOptions::default());
    assert_eq!(r.kind, Some(TableKind::Orders));
    assert!(r.decimal_comma);
    assert_eq!(ds.orders.amount, [1234.56, 12.5]);
    assert_eq!(ds.orders.ts, [1709596800, 1709683200]);
    let ids: Vec<&str> = ds
        .orders
        .order_id
        .iter()
        .map(|&i| ds.order_ids.get(i))
        .collect();
    assert_eq!(ids, ["#1001", "#1003"]);
    assert_eq!(ds.orders.currency.len(), 2);
    assert_eq!(ds.names.get(ds.orders.currency[0]), "EUR");
    assert_eq!(ds.orders.currency[1], NONE);
    assert_eq!((r.rows_read, r.rows_loaded, r.rows_merged), (4, 2, 1));
    assert_eq!(errors(&r), ["line 4, column 'Total': missing amount"]);
}

#[test]
fn imports_contacts_with_extra_columns_and_consent() {
    let csv = "Record ID,First Name,Last Name,Email,Create Date,Number of Employees,Favourite,Accepts Marketing\n\
               1,Ana,López,ANA@x.com,2024-03-05,51-200,blue,yes\n\
               2,,,,2024-03-05,,,\n\
               1,,Lopez,ANA@x.com,,,green,\n";
    let mut ds = Dataset::default();
    let r = import_bytes(&mut ds, csv.as_bytes(), &ImportOptions::default());
    assert_eq!(r.kind, Some(TableKind::Contacts));
    assert_eq!(errors(&r), Vec::<String>::new());
    assert_eq!(ds.keys.iter().collect::<Vec<_>>(), ["ana@x.com", "2"]);
    let c = &ds.contacts;
    // The undated third row is older than the dated first (SPEC §7, most
    // recent non-empty value): it fills in nothing the first one set.
    assert_eq!(ds.text.get(c.name[0]), "Ana López");
    assert_eq!(c.name[1], NONE);
    assert_eq!(ds.text.get(c.email[0]), "ana@x.com");
    assert_eq!(c.company_size, [51, 0]);
    assert_eq!(c.created_at, [1709596800, 1709596800]);
    assert_eq!(c.extra.len(), 1);
    assert_eq!(c.extra[0].0, "Favourite");
    assert_eq!(ds.text.get(c.extra[0].1[0]), "blue");
    assert_eq!(c.extra[0].1[1], NONE);
    assert_eq!(ds.consent.contact, [0]);
    assert_eq!(
        ds.consent.status,
        [crate::model::ConsentStatus::OptedIn as u8]
    );
}

#[test]
fn imports_campaigns_then_events_inherit_channel_and_scope() {
    let mut ds = Dataset::default();
    let r = import_bytes(
        &mut ds,
        b"id,Nombre,Canal,Asunto,Coste,Scope\nc1,Rebajas,sms,Hola,\"1.200,50\",promo\n",
        &ImportOptions::default(),
    );
    assert_eq!(r.kind, Some(TableKind::Campaigns));
    assert_eq!(errors(&r), Vec::<String>::new());
    assert_eq!(ds.campaigns.len(), 1);
    let k = &ds.campaigns[0];
    assert_eq!(
        (
            k.name.as_str(),
            k.channel,
            k.scope,
            k.subject.as_str(),
            k.cost
        ),
        (
            "Rebajas",
            Channel::Sms,
            crate::model::Scope::Engagement,
            "Hola",
            1200.5
        )
    );
    let r = import_bytes(
        &mut ds,
        b"email,event,timestamp,campaign\na@x,delivered,2024-03-05,c1\n",
        &ImportOptions::default(),
    );
    assert_eq!(errors(&r), Vec::<String>::new());
    assert_eq!(
        events(&ds),
        ["a@x|1709596800|sms|delivered|outbound|engagement|0|c1|delivered|-|-"]
    );
}

#[test]
fn imports_consent() {
    let mut ds = Dataset::default();
    let r = import_bytes(
        &mut ds,
        b"email,topic,channel,opt_in,date,source\na@x,news,sms,yes,2024-03-05,form\nb@x,,,no,,\nc@x,offers,email,maybe,,\n",
        &ImportOptions::default(),
    );
    assert_eq!(r.kind, Some(TableKind::Consent));
    assert_eq!(
        errors(&r),
        ["line 4, column 'opt_in': unknown consent status 'maybe'"]
    );
    let t = &ds.consent;
    assert_eq!(t.contact, [0, 1]);
    assert_eq!(
        t.subject
            .iter()
            .map(|&s| ds.names.get(s))
            .collect::<Vec<_>>(),
        ["news", "all"]
    );
    assert_eq!(t.channel, [Channel::Sms.code(), Channel::Email.code()]);
    assert_eq!(t.status, [1, 2]);
    assert_eq!(t.ts, [1709596800, i64::MIN]);
    assert_eq!(t.source[1], NONE);
}

#[test]
fn reports_file_level_problems() {
    let mut ds = Dataset::default();
    let r = import_bytes(&mut ds, b"", &ImportOptions::default());
    assert_eq!(errors(&r), ["line 1: the file is empty"]);
    let r = import_bytes(
        &mut ds,
        b"email,event,timestamp\n",
        &ImportOptions::default(),
    );
    assert_eq!((r.rows_read, errors(&r).len()), (0, 0));
    let r = import_bytes(
        &mut ds,
        b"foo,bar\n1,2\n",
        &ImportOptions {
            kind: Some(TableKind::Events),
            ..Default::default()
        },
    );
    assert_eq!(errors(&r), ["line 1: no column is mapped to a contact (email, contact id or phone); nothing was loaded"]);
    assert_eq!(r.rows_read, 1);
    let r = import_bytes(
        &mut ds,
        b"email,event,timestamp\na@x,open,2024-03-05\nb@x,\"open,2024-03-05\n",
        &ImportOptions::default(),
    );
    assert_eq!(
        errors(&r),
        ["line 3: a quoted field opened on line 3 is never closed; line 3 was not loaded"]
    );
    assert_eq!((r.rows_read, r.rows_loaded), (2, 1));
}

#[test]
fn explicit_options_win() {
    let mut ds = Dataset::default();
    let headers: Vec<String> = ["who", "what", "when"].map(String::from).to_vec();
    let (mapping, _) = Mapping::from_names(
        &headers,
        &[
            ("who", Field::ContactId),
            ("what", Field::EventType),
            ("when", Field::Timestamp),
        ],
    );
    let opts = ImportOptions {
        kind: Some(TableKind::Events),
        mapping: Some(mapping),
        date_order: Some(DateOrder::Dmy),
        default_channel: Some(Channel::Sms),
        ..Default::default()
    };
    let r = import_bytes(&mut ds, b"who,what,when\nc9,sent,01/02/2024\n", &opts);
    assert_eq!(errors(&r), Vec::<String>::new());
    assert_eq!(
        events(&ds),
        ["c9|1706745600|sms|sent|outbound|unknown|0|-|sent|-|-"]
    );
}

#[test]
fn gzip_input_streams() {
    use std::io::Write;
    let csv = b"email,event,timestamp\na@x,open,2024-03-05\n";
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(csv).expect("in-memory write");
    let gz = enc.finish().expect("in-memory gzip");
    let mut ds = Dataset::default();
    let mut imp = Importer::new(ImportOptions::default());
    for piece in gz.chunks(5) {
        imp.push(piece, &mut ds);
    }
    let r = imp.finish(&mut ds);
    assert!(r.gzip);
    assert_eq!(r.rows_loaded, 1);
    assert_eq!(
        events(&ds),
        ["a@x|1709596800|email|opened|outbound|unknown|0|-|open|-|-"]
    );
}

#[test]
fn oversized_rows_are_reported_not_kept() {
    let mut csv = b"email,event,timestamp\na@x,open,2024-03-05\nb@x,\"".to_vec();
    csv.resize(csv.len() + (17 << 20), b'x');
    csv.extend_from_slice(b"\",2024-03-05\nc@x,open,2024-03-05\n");
    let mut ds = Dataset::default();
    let r = import_bytes(&mut ds, &csv, &ImportOptions::default());
    assert_eq!(
        errors(&r),
        ["line 3: the row is longer than 16 MiB and was not loaded"]
    );
    assert_eq!((r.rows_read, r.rows_loaded), (3, 2));
    assert_eq!(ds.keys.iter().collect::<Vec<_>>(), ["a@x", "c@x"]);
}

/// Loads each CSV into one data set, in order.
fn load_all(files: &[&str]) -> Dataset {
    let mut ds = Dataset::default();
    for csv in files {
        let r = import_bytes(&mut ds, csv.as_bytes(), &ImportOptions::default());
        assert_eq!(errors(&r), Vec::<String>::new(), "{csv}");
    }
    ds
}

#[test]
fn files_keyed_by_id_and_by_email_meet_on_one_contact() {
    let by_id = "contact_id,timestamp,event_type\nc1,2024-01-01T00:00:00Z,sent\n";
    let contacts = "Contact ID,Email,First Name\nc1,Ana@X.com,Ana\nc2,bo@x.com,Bo\n";
    let by_email = "email,timestamp,event_type\nana@x.com,2024-01-02T00:00:00Z,opened\n";
    // Whatever the order of the files, Ana is one person once the records
    // are unified, as every loader does (the importer joins nothing).
    for order in [[by_id, contacts, by_email], [by_email, contacts, by_id]] {
        let mut ds = load_all(&order);
        crate::people::unify(&mut ds);
        assert_eq!(ds.contact_count(), 2, "{order:?}");
        let ana = ds.resolve_key("ana@x.com").expect("ana by e-mail");
        assert_eq!(ds.resolve_key("c1"), Some(ana));
        assert_eq!(ds.events.contact, [ana, ana], "{order:?}");
        assert_eq!(ds.text.get(ds.contacts.name[ana as usize]), "Ana");
        assert_ne!(ds.resolve_key("c2"), Some(ana));
        assert_eq!(ds.resolve_key("c2"), ds.resolve_key("bo@x.com"));
    }
}

#[test]
fn an_alias_never_rebinds_a_known_key() {
    let mut ds = Dataset::default();
    let a = ds.contact_id("a@x.com");
    let b = ds.contact_id("b@x.com");
    assert!(ds.add_alias("id-1", a));
    assert!(!ds.add_alias("id-1", b), "first binding wins");
    assert!(!ds.add_alias("b@x.com", a), "a key is never an alias");
    assert_eq!(ds.resolve_key("id-1"), Some(a));
    assert_eq!(ds.contact_id("id-1"), a);
    assert_eq!(ds.contact_count(), 2);
}

/// Loads `files` (kind, CSV with `;` between lines) in order, unifies, and
/// names each order's and consent statement's person by its key:
/// `orders: … | consent: … | people: n`.
fn contacts_of_rows(files: &[(TableKind, &str)]) -> String {
    let mut ds = Dataset::default();
    for &(kind, csv) in files {
        let csv = format!("{}\n", csv.replace(';', "\n"));
        let opts = ImportOptions {
            kind: Some(kind),
            ..ImportOptions::default()
        };
        let r = import_bytes(&mut ds, csv.as_bytes(), &opts);
        assert_eq!(errors(&r), Vec::<String>::new(), "{csv}");
    }
    crate::people::unify(&mut ds);
    let keys = |col: &[u32]| {
        col.iter()
            .map(|&c| ds.keys.get(c))
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!(
        "orders: {} | consent: {} | people: {}",
        keys(&ds.orders.contact),
        keys(&ds.consent.contact),
        ds.contact_count()
    )
}

fn check_contacts_of_rows(files: &[(TableKind, &str)], expected: &str) {
    assert_eq!(contacts_of_rows(files), expected, "{files:?}");
}

#[test]
fn orders_and_consent_find_contacts_by_every_identifier_of_the_row() {
    use TableKind::{Consent, Contacts, Orders};
    let contacts = (Contacts, "contact_id,email;C1,a@x.com;C2,b@x.com");
    // By the contact id; the unknown e-mail becomes the person's.
    check_contacts_of_rows(
        &[
            contacts,
            (
                Orders,
                "order_id,contact_id,email,date,amount;o1,C2,c@x.com,2024-01-01,10",
            ),
            (
                Consent,
                "contact_id,email,status,date;C1,z@x.com,opted_in,2024-01-01",
            ),
        ],
        "orders: b@x.com | consent: a@x.com | people: 2",
    );
    // An unknown id beside a known e-mail; a national phone beside nothing
    // known joins nobody.
    check_contacts_of_rows(
        &[
            contacts,
            (
                Orders,
                "order_id,contact_id,email,phone,date,amount;o1,C9,a@x.com,,2024-01-01,10;o2,,q@x.com,600 111 222,2024-01-02,5",
            ),
        ],
        "orders: a@x.com q@x.com | consent:  | people: 3",
    );
    // One row naming both people's identifiers joins them.
    check_contacts_of_rows(
        &[
            contacts,
            (
                Consent,
                "contact_id,email,status,date;C1,b@x.com,opted_out,2024-01-01",
            ),
        ],
        "orders:  | consent: a@x.com | people: 1",
    );
}

/// An import adds its new strings outside the dictionaries' tables and
/// takes them in as it ends; `finish_unindexed` leaves them out (for a
/// part whose dictionaries are only written out), and the data set's next
/// `&mut` use takes them in: either way every string is found, a second
/// file's keys meet the first's, and no string is added twice.
#[test]
fn new_strings_are_indexed_as_an_import_ends_or_on_next_use() {
    let first = "email,event,timestamp,campaign,session\n\
                 a@x.com,open,2024-03-05,c1,s1\n\
                 b@x.com,click,2024-03-05,c2,s2\n\
                 a@x.com,open,2024-03-06,c1,s3\n";
    let second = "email,event,timestamp,campaign\n\
                  b@x.com,open,2024-03-07,c2\n\
                  c@x.com,open,2024-03-07,c3\n";
    for unindexed in [false, true] {
        let mut ds = Dataset::default();
        let mut imp = Importer::new(ImportOptions::default());
        imp.push(first.as_bytes(), &mut ds);
        let r = if unindexed {
            imp.finish_unindexed(&mut ds)
        } else {
            imp.finish(&mut ds)
        };
        assert_eq!(r.rows_loaded, 3);
        let parts = |d: &crate::model::Dict| {
            let (a, e) = d.parts();
            (a.to_owned(), e.to_vec())
        };
        assert_eq!(parts(&ds.keys), ("a@x.comb@x.com".to_owned(), vec![7, 14]));
        assert_eq!(ds.sessions.len(), 3);
        // The second file's import takes the first one's strings in first.
        let r = import_bytes(&mut ds, second.as_bytes(), &ImportOptions::default());
        assert_eq!(r.rows_loaded, 2);
        let keys: Vec<_> = ds.keys.iter().collect();
        assert_eq!(
            keys,
            ["a@x.com", "b@x.com", "c@x.com"],
            "unindexed: {unindexed}"
        );
        let campaigns: Vec<_> = ds.campaign_ids.iter().collect();
        assert_eq!(campaigns, ["c1", "c2", "c3"]);
        for (id, k) in keys.iter().enumerate() {
            assert_eq!(ds.keys.lookup(k), Some(id as u32));
        }
        assert_eq!(ds.campaign_ids.lookup("c2"), Some(1));
        assert_eq!(ds.sessions.lookup("s3"), Some(2));
        assert_eq!(ds.events.contact, [0, 1, 0, 1, 2]);
    }
}
