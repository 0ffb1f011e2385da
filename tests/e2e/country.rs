//! The country of phone numbers (issue 3) from Settings to the people the
//! app finds: national numbers written in two ways are one person when
//! read as US numbers, as `canal analyze identity --phone-country US` says,
//! and two when read in the default country (Spain), where they are not
//! numbers at all.

use crate::harness::{Browser, Server, TempDir};
use crate::import::{confirm, goto_nav, pick};
use crate::segments::tab;
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
}
