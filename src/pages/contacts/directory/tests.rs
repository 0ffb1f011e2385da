use super::*;
use canal_core::consent::push_consent;
use canal_core::contact_index::sort_by_contact;
use canal_core::model::{EventKind, EventRow};

/// Ana (key `ana@x.com`, alias `C1`), Bo (`bo@y.com`, alias `C2`) and a
/// contact known only as `C3`.
fn dataset() -> (Dataset, ContactIndex) {
    let mut ds = Dataset::default();
    let people = [
        ("ana@x.com", Some("C1"), "Ana García", "+34612345678"),
        ("bo@y.com", Some("C2"), "Bo Smith", "+441234567890"),
        ("C3", None, "Álvaro Núñez", ""),
    ];
    for (key, alias, name, phone) in people {
        let id = ds.contact_id(key);
        if let Some(alias) = alias {
            ds.add_alias(alias, id);
        }
        ds.contacts.name[id as usize] = ds.text.intern(name);
        if !phone.is_empty() {
            ds.contacts.phone[id as usize] = ds.text.intern(phone);
        }
        if key.contains('@') {
            ds.contacts.email[id as usize] = ds.text.intern(key);
        }
    }
    ds.push_event(&EventRow::new("C1", 100, Channel::Email, EventKind::Sent));
    let mut reply = EventRow::new("ana@x.com", 200, Channel::Email, EventKind::Replied);
    reply.direction = Direction::Inbound;
    ds.push_event(&reply);
    ds.push_event(&EventRow::new(
        "ana@x.com",
        150,
        Channel::Sms,
        EventKind::Sent,
    ));
    ds.push_event(&EventRow::new("C2", 300, Channel::Web, EventKind::Visited));
    ds.push_order(Some("o1"), "C3", 50, 10.0);
    ds.push_order(Some("o2"), "C1", 250, 100.0);
    ds.push_order(Some("o3"), "bo@y.com", 120, 30.0);
    let news = "news";
    push_consent(
        &mut ds,
        "C1",
        news,
        Channel::Email,
        ConsentStatus::OptedIn,
        10,
        None,
    );
    push_consent(
        &mut ds,
        "C1",
        news,
        Channel::Email,
        ConsentStatus::OptedOut,
        20,
        None,
    );
    push_consent(
        &mut ds,
        "C2",
        news,
        Channel::Sms,
        ConsentStatus::OptedIn,
        10,
        None,
    );
    let index = sort_by_contact(&mut ds);
    (ds, index)
}

/// The link ids of the contacts `q` finds, in list order.
fn check(q: Query, expected: &[&str]) {
    let (ds, index) = dataset();
    let dir = Directory::build(&ds, &index);
    let got: Vec<&str> = dir.query(&q).iter().map(|&c| dir.link_id(&ds, c)).collect();
    assert_eq!(got, expected, "{q:?}");
}

fn text(t: &str) -> Query {
    Query {
        text: t.into(),
        ..Query::default()
    }
}

#[test]
fn lists_everyone_most_recently_active_first() {
    // Last activity: Bo's visit 300, Ana's order 250 (her sends are not her
    // activity), C3's order 50.
    check(Query::default(), &["C2", "C1", "C3"]);
    check(text("   "), &["C2", "C1", "C3"]);
}

#[test]
fn searches_names_emails_keys_and_aliases_ignoring_case() {
    check(text("ana"), &["C1"]);
    check(text("GARCÍA"), &["C1"]);
    check(text("núñez"), &["C3"]);
    check(text("c2"), &["C2"]);
    check(text("BO@Y.COM"), &["C2"]);
    check(text("smith bo"), &["C2"]);
    check(text("bo x.com"), &[]);
    check(text("o"), &["C2", "C1", "C3"]);
    check(text("zzz"), &[]);
}

#[test]
fn searches_phones_by_digits() {
    check(text("612 345"), &["C1"]);
    check(text("+34 612-345-678"), &["C1"]);
    check(text("0034612"), &["C1"]);
    check(text("(44) 1234"), &["C2"]);
    // Two digits are too few for a phone: a plain term, found in both phones.
    check(text("12"), &["C2", "C1"]);
}

#[test]
fn filters_by_channel_consent_and_tier() {
    let q = |f: fn(&mut Query)| {
        let mut q = Query::default();
        f(&mut q);
        q
    };
    check(q(|q| q.channel = Some(Channel::Sms)), &["C1"]);
    check(q(|q| q.channel = Some(Channel::Web)), &["C2"]);
    check(q(|q| q.channel = Some(Channel::Phone)), &[]);
    check(q(|q| q.consent = ConsentFilter::OptedIn), &["C2"]);
    // Ana's later opt-out replaces her opt-in.
    check(q(|q| q.consent = ConsentFilter::OptedOut), &["C1"]);
    check(q(|q| q.consent = ConsentFilter::Unknown), &["C3"]);
    // Revenue 100, 30, 10: Bo starts at 100 / 140 = 71 % < 80 %, so he is
    // in A with Ana; C3 starts at 130 / 140 = 93 % < 95 %: B.
    check(q(|q| q.tier = Some(Tier::A)), &["C2", "C1"]);
    check(q(|q| q.tier = Some(Tier::B)), &["C3"]);
    check(q(|q| q.tier = Some(Tier::C)), &[]);
    check(
        q(|q| {
            q.text = "a".into();
            q.channel = Some(Channel::Email);
        }),
        &["C1"],
    );
}

#[test]
fn sorts_by_revenue_and_events() {
    let by = |sort| Query {
        sort,
        ..Query::default()
    };
    check(by(SortKey::Revenue), &["C1", "C2", "C3"]);
    check(by(SortKey::Events), &["C1", "C2", "C3"]);
}

#[test]
fn summaries_and_terms() {
    let (ds, index) = dataset();
    let dir = Directory::build(&ds, &index);
    let ana = ds.resolve_key("C1").expect("ana") as usize;
    let s = dir.summaries[ana];
    assert_eq!((s.last_activity, s.revenue, s.events), (250, 100.0, 3));
    let email_sms = (1 << Channel::Email.code()) | (1 << Channel::Sms.code());
    assert_eq!(s.channels, email_sms);
    assert!(dir.has_orders);
    assert_eq!(terms(""), None);
    assert_eq!(terms(" Ana  Bo "), Some(vec!["ana".into(), "bo".into()]));
    assert_eq!(terms("+34 600"), Some(vec!["34600".into()]));
    assert_eq!(terms("007"), Some(vec!["7".into()]));
    assert_eq!(terms("12"), Some(vec!["12".into()]));
    assert_eq!(ConsentFilter::parse("opted_out"), ConsentFilter::OptedOut);
    assert_eq!(ConsentFilter::parse("nonsense"), ConsentFilter::Any);
}

#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    #[test]
    fn search_equals_a_naive_scan(query in "[a-c ]{0,4}") {
        let (ds, index) = dataset();
        let dir = Directory::build(&ds, &index);
        let got = dir.query(&Query { text: query.clone(), sort: SortKey::Events, ..Query::default() });
        let words: Vec<String> = query.split_whitespace().map(str::to_owned).collect();
        let mut expected: Vec<u32> = (0..dir.len() as u32)
            .filter(|&c| words.iter().all(|w| dir.entry(c as usize).contains(w.as_str())))
            .collect();
        expected.sort_by_key(|&c| (std::cmp::Reverse(dir.summaries[c as usize].events), c));
        proptest::prop_assert_eq!(got, expected);
    }
}
