//! The contact screens against a real server with the demo data: find a
//! contact by e-mail, open it, see a timeline spanning channels, filter it
//! by channel; screenshots of both screens at desktop and phone sizes, in
//! English and Spanish.

use crate::harness::{Browser, Server};
use fantoccini::{Client, Locator};
use std::time::Duration;

async fn log_in(browser: &Browser, url: &str) {
    browser
        .log_in_demo(url, "[data-state=ready]", "the data loads")
        .await;
}

async fn attrs(c: &Client, css: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    for el in c.find_all(Locator::Css(css)).await.unwrap() {
        out.push(el.attr(name).await.unwrap().unwrap_or_default());
    }
    out
}

/// Waits until the `data-value` of `css` is a number that `ok` accepts.
async fn wait_until(c: &Client, css: &str, ok: impl Fn(usize) -> bool) {
    let deadline = std::time::Instant::now() + crate::harness::WAIT;
    loop {
        let value = match c.find(Locator::Css(css)).await {
            Ok(el) => el.attr("data-value").await.unwrap().unwrap_or_default(),
            Err(_) => String::new(),
        };
        if value.parse().is_ok_and(&ok) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{css}: data-value {value:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until `css` matches exactly `n` elements.
async fn wait_count(c: &Client, css: &str, n: usize) {
    let deadline = std::time::Instant::now() + crate::harness::WAIT;
    loop {
        let got = c.find_all(Locator::Css(css)).await.unwrap().len();
        if got == n {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{css}: {got} elements, expected {n}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The e-mail of a contact with events on at least two channels, read from
/// the server's own contact API, so the test does not hard-code demo data.
async fn busy_contact_email(c: &Client) -> String {
    let found: serde_json::Value = c
        .execute(
            "return (async () => {
               const list = await fetch('/api/contacts?limit=200').then(r => r.json());
               for (const contact of list.items) {
                 if (!contact.email) continue;
                 const tl = await fetch(`/api/contacts/${encodeURIComponent(contact.id)}/timeline?limit=500`)
                   .then(r => r.ok ? r.json() : {items: []});
                 const channels = new Set((tl.items || []).map(e => e.channel));
                 if (channels.size >= 2) return contact.email;
               }
               return null;
             })();",
            vec![],
        )
        .await
        .unwrap();
    found
        .as_str()
        .expect("a demo contact with two channels")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn search_a_contact_open_it_and_filter_its_timeline() {
    let server = Server::demo();
    let url = &server.url;
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;
    log_in(&browser, url).await;
    let email = busy_contact_email(c).await;

    browser
        .wait_css(".sidebar a[href='/contacts']")
        .await
        .click()
        .await
        .unwrap();
    browser.wait_css("[data-testid=contact-row]").await;
    let total: usize = browser
        .wait_css("[data-testid=contact-count]")
        .await
        .attr("data-value")
        .await
        .unwrap()
        .unwrap_or_default()
        .parse()
        .unwrap();
    assert!(total > 100, "{total} contacts");
    let rows = c
        .find_all(Locator::Css("[data-testid=contact-row]"))
        .await
        .unwrap();
    assert!(rows.len() <= 200, "{} rows in the DOM", rows.len());
    browser.screenshot("contacts-list-en").await;

    // Search with the e-mail in capitals: the search ignores case.
    let search = browser.wait_css("[data-testid=contact-search]").await;
    search.send_keys(&email.to_uppercase()).await.unwrap();
    // The demo has people entered twice under the same address; the
    // contact page merges them, the list shows both records.
    wait_until(c, "[data-testid=contact-count]", |n| (1..=3).contains(&n)).await;
    browser.screenshot("contacts-search-en").await;
    browser
        .wait_css("[data-testid=contact-row] .ct-name")
        .await
        .click()
        .await
        .unwrap();

    browser.wait_css("[data-testid=timeline-item]").await;
    let channels = attrs(c, "[data-testid=timeline-item]", "data-channel").await;
    let mut distinct = channels.clone();
    distinct.sort();
    distinct.dedup();
    assert!(distinct.len() >= 2, "one channel only: {distinct:?}");
    browser.screenshot("contact-page-en").await;

    let pick = distinct[0].clone();
    let select = browser.wait_css("select[data-filter=tl-channel]").await;
    select.select_by_value(&pick).await.unwrap();
    let expected = channels.iter().filter(|ch| **ch == pick).count();
    wait_count(c, "[data-testid=timeline-item]", expected.min(300)).await;
    let shown = attrs(c, "[data-testid=timeline-item]", "data-channel").await;
    assert!(shown.iter().all(|ch| *ch == pick), "{shown:?}");
    browser.screenshot("contact-page-filtered-en").await;

    let locale = browser.wait_css("header select[data-testid=locale]").await;
    locale.select_by_value("es").await.unwrap();
    browser.wait_text(".ct-timeline h2", "Cronología").await;
    browser.screenshot("contact-page-es").await;
    c.back().await.unwrap();
    browser.wait_css("[data-testid=contact-row]").await;
    browser.screenshot("contacts-list-es").await;

    // An id that is nobody's: a clear message and the way back.
    browser
        .client
        .execute(
            "history.pushState({}, '', '/contacts/nobody-at-all'); dispatchEvent(new PopStateEvent('popstate'));",
            vec![],
        )
        .await
        .unwrap();
    browser.wait_css("[data-testid=contact-not-found]").await;
    browser.screenshot("contact-not-found-es").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn phone_contacts_and_contact_page() {
    let server = Server::demo();
    let phone = Browser::phone(390, 844).await;
    let c = &phone.client;
    log_in(&phone, &server.url).await;
    phone
        .wait_css(".sidebar a[href='/contacts']")
        .await
        .click()
        .await
        .unwrap();
    phone.wait_css("[data-testid=contact-row]").await;
    phone.screenshot("contacts-list-phone").await;
    phone
        .wait_css("[data-testid=contact-row] .ct-name")
        .await
        .click()
        .await
        .unwrap();
    phone.wait_css("[data-testid=contact-name]").await;
    phone.screenshot("contact-page-phone").await;
    let locale = phone.wait_css("header select[data-testid=locale]").await;
    locale.select_by_value("es").await.unwrap();
    phone.wait_text(".ct-timeline h2", "Cronología").await;
    c.execute(
        "document.querySelector('.ct-panels').scrollIntoView()",
        vec![],
    )
    .await
    .unwrap();
    phone.screenshot("contact-panels-phone-es").await;
    phone.close().await;
}
