//! The country of phone numbers (issue 3) from Settings to the people the
//! app finds: national numbers written in two ways are one person when
//! read as US numbers, as `canal analyze identity --phone-country US` says,
//! and two when read in the default country (Spain), where they are not
//! numbers at all.

use crate::harness::{fetch_json, Browser, Server, TempDir};
use crate::import::{confirm, goto_nav, pick};
use crate::segments::tab;
use serde_json::json;
use std::path::Path;
use std::process::Command;

const CONTACTS: &str = "id,email,phone,first_name\n\
    c1,ana@example.com,(415) 555-0100,Ana\n\
    c2,bob@example.com,415.555.0100,Bob\n\
    c3,cy@example.com,+34 600 111 222,Cy\n";

/// "N persons" from `canal analyze identity`'s summary on stderr.
fn cli_people(file: &Path, country: &str) -> String {
    let out = Command::new(crate::harness::canal_bin())
        .args(["analyze", "identity"])
        .arg(file)
        .args(["--phone-country", country])
        .output()
        .expect("run canal analyze identity");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let summary = stderr
        .lines()
        .find(|l| l.starts_with("identity:"))
        .unwrap_or_else(|| panic!("a summary in {stderr}"));
    summary
        .split(", ")
        .find_map(|part| part.strip_suffix(" persons"))
        .unwrap_or_else(|| panic!("persons in {summary}"))
        .to_owned()
}

/// Imports `file` in a fresh browser, with the Settings country set to
/// `country` first unless it is `None`; returns the Identity tab's
/// (records, people).
async fn people_in_app(server: &Server, file: &Path, country: Option<&str>) -> (String, String) {
    let browser = Browser::start(1280, 800).await;
    let c = &browser.client;
    if let Some(country) = country {
        c.goto(&format!("{}/settings", server.url)).await.unwrap();
        browser.wait_css("select[data-testid=phone-country]").await;
        browser
            .change("select[data-testid=phone-country]", country)
            .await;
        browser.screenshot("settings-phone-country-en").await;
        browser
            .change("header select[data-testid=locale]", "es")
            .await;
        browser
            .wait_text(
                "label[for=phone-country]",
                "País por defecto de los teléfonos",
            )
            .await;
        browser.screenshot("settings-phone-country-es").await;
        browser
            .change("header select[data-testid=locale]", "en")
            .await;
    }
    c.goto(&format!("{}/import", server.url)).await.unwrap();
    pick(&browser, &[file]).await;
    assert_eq!(confirm(&browser).await, "done");
    goto_nav(&browser, "segments").await;
    tab(&browser, "identity").await;
    let section = browser.wait_css("[data-testid=identity]").await;
    let records = section
        .attr("data-records")
        .await
        .unwrap()
        .unwrap_or_default();
    let people = section
        .attr("data-people")
        .await
        .unwrap()
        .unwrap_or_default();
    browser.close().await;
    (records, people)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_phone_country_in_settings_decides_who_is_one_person() {
    let dir = TempDir::new("country");
    let file = dir.path().join("us_contacts.csv");
    std::fs::write(&file, CONTACTS).unwrap();
    assert_eq!(cli_people(&file, "US"), "2");
    assert_eq!(cli_people(&file, "ES"), "3");
    let server = Server::start();
    assert_eq!(
        people_in_app(&server, &file, Some("US")).await,
        ("3".to_owned(), "2".to_owned()),
        "read as US numbers, c1 and c2 share +14155550100"
    );
    assert_eq!(
        people_in_app(&server, &file, None).await,
        ("3".to_owned(), "3".to_owned()),
        "read in the default country, no phone matches"
    );

    // On a phone the settings stack, label over field.
    let phone = Browser::phone(390, 844).await;
    phone
        .client
        .goto(&format!("{}/settings", server.url))
        .await
        .unwrap();
    phone
        .change("header select[data-testid=locale]", "es")
        .await;
    phone
        .wait_text(
            "label[for=phone-country]",
            "País por defecto de los teléfonos",
        )
        .await;
    phone.screenshot("settings-phone-es").await;
    phone.close().await;
}

/// A server with an empty database and one login, and a browser logged
/// in to it.
async fn logged_in() -> (Server, Browser) {
    let (email, password) = ("ana@example.com", "a long enough password");
    let server = Server::launch_with(false, &[], Some((email, password)));
    let browser = Browser::start(1280, 800).await;
    log_in(&browser, &server.url, email, password).await;
    (server, browser)
}

/// Logs in at `url` with the form and waits for the session.
async fn log_in(browser: &Browser, url: &str, email: &str, password: &str) {
    browser.submit_login(url, email, password).await;
    // The header links the user's e-mail (a "Log in" button before).
    browser.wait_css("header a.account:not(.button)").await;
}

/// The Identity tab's people once it shows `people` of `records`.
async fn wait_identity(browser: &Browser, url: &str, records: u32, people: u32) {
    browser
        .client
        .goto(&format!("{url}/segments"))
        .await
        .unwrap();
    tab(browser, "identity").await;
    browser
        .wait_loaded(
            &format!("[data-testid=identity][data-records='{records}'][data-people='{people}']"),
            "the identity figures",
        )
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_workspace_country_keys_the_server_data_in_the_browser_and_on_the_server() {
    let (server, browser) = logged_in().await;
    let url = &server.url;
    let rows = json!([
        { "id": "C1", "email": "ana@example.com", "phone": "(415) 555-0100" },
        { "id": "C2", "email": "bob@example.com", "phone": "415.555.0100" },
        { "id": "C3", "email": "cy@example.com", "phone": "+34 600 111 222" },
    ]);
    let (status, body) =
        fetch_json(&browser.client, "POST", "/api/contacts/batch", Some(rows)).await;
    assert_eq!(status, 200, "{body}");
    // In the default country the national US numbers match nobody.
    browser.client.refresh().await.unwrap();
    wait_identity(&browser, url, 3, 3).await;
    let (_, summary) = fetch_json(&browser.client, "GET", "/api/metrics/summary", None).await;
    assert_eq!(summary["contacts"], 3, "{summary}");

    browser
        .client
        .goto(&format!("{url}/settings"))
        .await
        .unwrap();
    browser
        .wait_css("select[data-testid=workspace-phone-country][data-stored=false]")
        .await;
    browser
        .change("select[data-testid=workspace-phone-country]", "US")
        .await;
    browser
        .wait_css("select[data-testid=workspace-phone-country][data-stored=true]")
        .await;
    browser
        .screenshots_en_es("settings-workspace-country")
        .await;

    // The server's figures and the data the browser loaded again both join
    // C1 and C2.
    let (_, summary) = fetch_json(&browser.client, "GET", "/api/metrics/summary", None).await;
    assert_eq!(summary["contacts"], 2, "{summary}");
    wait_identity(&browser, url, 3, 2).await;
    // A refused code is said, and nothing changes.
    let (status, body) = fetch_json(
        &browser.client,
        "PUT",
        "/api/settings/identity",
        Some(json!({ "phone_country": "XX" })),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (_, summary) = fetch_json(&browser.client, "GET", "/api/metrics/summary", None).await;
    assert_eq!(summary["contacts"], 2, "{summary}");
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hand_edited_workspace_country_is_mended_from_settings() {
    let (server, browser) = logged_in().await;
    let url = &server.url;
    let select = "select[data-testid=workspace-phone-country]";

    // Mended by choosing a country again.
    server
        .store_setting_by_hand("identity", r#"{"phone_country":"XX"}"#)
        .await;
    let (status, body) = fetch_json(&browser.client, "GET", "/api/settings/identity", None).await;
    assert_eq!(status, 500, "{body}");
    assert_eq!(body["error"]["code"], "invalid_setting", "{body}");
    browser
        .client
        .goto(&format!("{url}/settings"))
        .await
        .unwrap();
    let said = browser
        .wait_text_of("[data-testid=workspace-phone-country-invalid]")
        .await;
    assert!(
        said.contains("stored identity settings are invalid"),
        "{said}"
    );
    assert!(said.contains("phone_country"), "{said}");
    browser
        .wait_css(&format!("{select}[data-stored=invalid]"))
        .await;
    browser
        .screenshots_en_es("settings-workspace-country-invalid")
        .await;
    // In Spanish the app's words change, the server's stay: the error is
    // written as it is drawn, not kept from when the request failed.
    let dicho = browser
        .text_in("es", "[data-testid=workspace-phone-country-invalid]")
        .await;
    assert!(
        dicho.contains("No se pudo leer el país del espacio de trabajo: el servidor respondió 500: The workspace's stored identity settings are invalid"),
        "{dicho}"
    );
    // At a phone's width, in Spanish (the longer words).
    browser.client.set_window_size(390, 844).await.unwrap();
    browser
        .scroll_to("[data-testid=workspace-phone-country-invalid]")
        .await;
    browser
        .screenshot("settings-workspace-country-invalid-phone-es")
        .await;
    browser.client.set_window_size(1280, 800).await.unwrap();
    browser.set_locale("en").await;
    browser.change(select, "US").await;
    browser
        .wait_css(&format!("{select}[data-stored=true]"))
        .await;
    let (status, body) = fetch_json(&browser.client, "GET", "/api/settings/identity", None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["phone_country"], "US", "{body}");
    let (status, body) = fetch_json(&browser.client, "GET", "/api/metrics/summary", None).await;
    assert_eq!(status, 200, "{body}");

    // Mended by going back to the default.
    server
        .store_setting_by_hand("identity", r#"{"phone_country":"XX"}"#)
        .await;
    browser.client.refresh().await.unwrap();
    browser
        .wait_css("[data-testid=workspace-phone-country-invalid]")
        .await;
    browser
        .wait_css("[data-testid=workspace-phone-country-reset]")
        .await
        .click()
        .await
        .unwrap();
    browser
        .wait_css(&format!("{select}[data-stored=false]"))
        .await;
    let (status, body) = fetch_json(&browser.client, "GET", "/api/settings/identity", None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["stored"], false, "{body}");
    browser.close().await;
}
