//! The workspace's phone country in Settings: shown only when logged in,
//! labelled as the server data's beside this browser's, saved with a PUT,
//! and a refused save shown. `fetch` is replaced by a stand-in for
//! `/api/settings/identity` (the tests have no server).

use super::{choose, fixture, text_of, until};
use canal_app::hooks::{DataProvider, MirrorSessionProvider, SettingsProvider};
use canal_app::pages::SettingsPage;
use canal_app::state::session::{Session, User};
use gloo::storage::{LocalStorage, Storage};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlSelectElement};
use yew::prelude::*;
use yew::scheduler;

/// A stand-in for `fetch` that answers `/api/settings/identity` with
/// `$handle`, which sees `method`, `body()` (the request's JSON body) and
/// `answer(status, json)`, after `$setup`; other requests go through.
macro_rules! fake_identity_fetch {
    ($setup:literal, $handle:literal) => {
        concat!(
            "const real = window.__realFetch || window.fetch;
window.__realFetch = real;
",
            $setup,
            "
const answer = (status, body) => Promise.resolve(new Response(JSON.stringify(body),
    { status, headers: { 'Content-Type': 'application/json' } }));
window.fetch = async (req, init) => {
    const url = typeof req === 'string' ? req : req.url;
    if (!url.endsWith('/api/settings/identity')) return real(req, init);
    const method = typeof req === 'string' ? ((init && init.method) || 'GET') : req.method;
    const body = () => typeof req === 'string' ? Promise.resolve(JSON.parse(init.body)) : req.json();
",
            $handle,
            "
};"
        )
    };
}

/// Answers `/api/settings/identity` like the server: GET the stored
/// country (ES, not stored, at first), PUT stores it, except that France is
/// refused with a 422; every PUT body is kept in `__identityPuts`.
const FAKE_FETCH: &str = fake_identity_fetch!(
    r#"window.__identityPuts = [];
let view = { phone_country: 'ES', stored: false, updated_at: null, default: 'ES' };"#,
    r#"    if (method === 'PUT') {
        const country = (await body()).phone_country;
        window.__identityPuts.push(country);
        if (country === 'FR') {
            return answer(422, { error: { code: 'invalid', message: '1 invalid field(s); nothing was written.' } });
        }
        view = { phone_country: country, stored: true, updated_at: '2026-11-23T08:00:00Z', default: 'ES' };
    }
    return answer(200, view);"#
);

fn restore_fetch() {
    js_sys::eval("if (window.__realFetch) { window.fetch = window.__realFetch; }").unwrap();
}

#[derive(Properties, PartialEq)]
struct AppProps {
    session: Session,
}

#[component]
fn SettingsApp(props: &AppProps) -> Html {
    html! {
        <SettingsProvider>
            <MirrorSessionProvider session={props.session.clone()}>
                <DataProvider>
                    <SettingsPage />
                </DataProvider>
            </MirrorSessionProvider>
        </SettingsProvider>
    }
}

async fn mount(session: Session) -> Element {
    LocalStorage::clear();
    let root = fixture();
    yew::Renderer::<SettingsApp>::with_root_and_props(root.clone(), AppProps { session }).render();
    scheduler::flush().await;
    root
}

fn workspace_select(root: &Element) -> HtmlSelectElement {
    root.query_selector("select[data-testid=workspace-phone-country]")
        .unwrap()
        .expect("the workspace's select")
        .dyn_into()
        .unwrap()
}

/// Chooses `country` in the workspace's select and waits until the
/// answer shows it stored.
async fn save_country(root: &Element, country: &str) {
    choose(root, "select[data-testid=workspace-phone-country]", country);
    until(
        root,
        "select[data-testid=workspace-phone-country][data-stored=true]",
    )
    .await;
    assert_eq!(workspace_select(root).value(), country);
}

/// The strings of the page's array `global`.
fn strings_of(global: &str) -> Vec<String> {
    let v = js_sys::eval(&format!("window.{global}")).unwrap();
    js_sys::Array::from(&v)
        .iter()
        .map(|x| x.as_string().unwrap_or_default())
        .collect()
}

/// The countries of the PUTs made so far.
fn puts() -> Vec<String> {
    strings_of("__identityPuts")
}

/// Settings for a logged-in user, with `fetch` replaced by `fake`.
async fn mount_logged_in(fake: &str) -> Element {
    js_sys::eval(fake).unwrap();
    let user = User {
        id: "u1".into(),
        email: "ana@example.com".into(),
    };
    mount(Session::User(user)).await
}

/// [`mount_logged_in`] in Spanish (the language remembered in this
/// browser, as the switch leaves it).
async fn mount_logged_in_es(fake: &str) -> Element {
    js_sys::eval(fake).unwrap();
    LocalStorage::clear();
    canal_app::services::storage::save_locale(canal_app::i18n::Locale::Es);
    let root = fixture();
    let session = Session::User(User {
        id: "u1".into(),
        email: "ana@example.com".into(),
    });
    yew::Renderer::<SettingsApp>::with_root_and_props(root.clone(), AppProps { session }).render();
    scheduler::flush().await;
    root
}

#[wasm_bindgen_test]
async fn logged_out_only_this_browsers_country_is_shown() {
    let root = mount(Session::Anonymous).await;
    assert!(root
        .query_selector("[data-testid=workspace-phone-country]")
        .unwrap()
        .is_none());
    assert!(root
        .query_selector("label[for=workspace-phone-country]")
        .unwrap()
        .is_none());
    assert_eq!(
        text_of(&root, "label[for=phone-country]"),
        "Default country for phone numbers"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn logged_in_the_workspaces_country_is_shown_and_saved() {
    let root = mount_logged_in(FAKE_FETCH).await;
    until(&root, "select[data-testid=workspace-phone-country]").await;
    assert_eq!(
        text_of(&root, "label[for=workspace-phone-country]"),
        "Phone country of the workspace (server data)"
    );
    // This browser's own select says which data it is for.
    let scope = root.query_selector_all("dd p.field-help").unwrap();
    let texts: Vec<String> = (0..scope.length())
        .filter_map(|i| scope.item(i).and_then(|n| n.text_content()))
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t == "This browser only: files you drop here."),
        "{texts:?}"
    );
    let s = workspace_select(&root);
    assert_eq!(s.value(), "ES");
    assert_eq!(s.get_attribute("data-stored").as_deref(), Some("false"));

    // Saved: the PUT carries the code, the answer is shown.
    save_country(&root, "US").await;
    assert_eq!(puts(), ["US"]);
    until(&root, "#workspace-phone-country-help ~ p[role=status]").await;
    assert!(root
        .query_selector("[data-testid=workspace-phone-country-reset]")
        .unwrap()
        .is_some());
    // The browser's own country is untouched.
    assert_eq!(
        root.query_selector("#phone-country")
            .unwrap()
            .unwrap()
            .dyn_into::<HtmlSelectElement>()
            .unwrap()
            .value(),
        "ES"
    );

    // Refused: the error is shown, the select goes back to the stored
    // country.
    choose(&root, "select[data-testid=workspace-phone-country]", "FR");
    let error = until(&root, "[data-testid=workspace-phone-country-error]").await;
    assert_eq!(
        error.text_content().unwrap_or_default(),
        "Could not save the workspace's country: the server answered 422: 1 invalid field(s); nothing was written."
    );
    assert_eq!(puts(), ["US", "FR"]);
    assert_eq!(workspace_select(&root).value(), "US");
    restore_fetch();
    root.remove();
}

/// Answers `/api/settings/identity` like a server whose stored document
/// was edited by hand: every GET is a 500 `invalid_setting` until a PUT
/// or a DELETE replaces it. Every method is kept in `__identityCalls`.
const FAKE_FETCH_INVALID: &str = fake_identity_fetch!(
    r#"window.__identityCalls = [];
let view = null;"#,
    r#"    window.__identityCalls.push(method);
    if (method === 'PUT') {
        const country = (await body()).phone_country;
        view = { phone_country: country, stored: true, updated_at: '2026-11-23T08:00:00Z', default: 'ES' };
    } else if (method === 'DELETE') {
        view = { phone_country: 'ES', stored: false, updated_at: null, default: 'ES' };
        return new Response(null, { status: 204 });
    }
    if (view === null) {
        return answer(500, { error: { code: 'invalid_setting', message:
            "The workspace's stored identity settings are invalid (phone_country: unknown country code XX), so this cannot be computed. Save them again in Settings (PUT /api/settings/identity), or reset them (DELETE /api/settings/identity).",
            details: { setting: 'identity' } } });
    }
    return answer(200, view);"#
);

/// The methods of the identity requests made so far.
fn identity_calls() -> Vec<String> {
    strings_of("__identityCalls")
}

async fn mount_invalid() -> Element {
    let root = mount_logged_in(FAKE_FETCH_INVALID).await;
    until(&root, "[data-testid=workspace-phone-country-invalid]").await;
    root
}

/// The requests made were `calls`, and the broken setting is no longer
/// said; unmounts.
fn mended(root: Element, calls: &[&str]) {
    assert_eq!(identity_calls(), calls);
    assert!(root
        .query_selector("[data-testid=workspace-phone-country-invalid]")
        .unwrap()
        .is_none());
    restore_fetch();
    root.remove();
}

/// The request's failure is said in Spanish too, up to the server's own
/// message (the server writes English).
#[wasm_bindgen_test]
async fn a_failed_read_is_said_in_the_ui_language() {
    let root = mount_logged_in_es(FAKE_FETCH_INVALID).await;
    until(&root, "[data-testid=workspace-phone-country-invalid]").await;
    let said = text_of(&root, "[data-testid=workspace-phone-country-invalid]");
    assert!(
        said.starts_with(
            "No se pudo leer el país del espacio de trabajo: el servidor respondió 500: The workspace's stored identity settings are invalid"
        ),
        "{said}"
    );
    restore_fetch();
    root.remove();
    LocalStorage::clear();
    canal_app::i18n::set_current(canal_app::i18n::Locale::En);
}

#[wasm_bindgen_test]
async fn a_hand_edited_workspace_country_is_said_and_mended_by_choosing_again() {
    let root = mount_invalid().await;
    assert!(
        text_of(&root, "[data-testid=workspace-phone-country-invalid]").starts_with(
            "Could not read the workspace's country: the server answered 500: The workspace's stored identity settings are invalid"
        ),
        "{}",
        text_of(&root, "[data-testid=workspace-phone-country-invalid]")
    );
    // No country is claimed: the select asks for one, and both ways out
    // are offered.
    let s = workspace_select(&root);
    assert_eq!(s.value(), "");
    assert_eq!(s.get_attribute("data-stored").as_deref(), Some("invalid"));
    assert!(!s.disabled());
    assert!(root
        .query_selector("[data-testid=workspace-phone-country-reset]")
        .unwrap()
        .is_some());

    save_country(&root, "US").await;
    mended(root, &["GET", "PUT"]);
}

#[wasm_bindgen_test]
async fn a_hand_edited_workspace_country_is_mended_by_going_back_to_the_default() {
    let root = mount_invalid().await;
    let reset: web_sys::HtmlElement = root
        .query_selector("[data-testid=workspace-phone-country-reset]")
        .unwrap()
        .expect("the reset button")
        .dyn_into()
        .unwrap();
    reset.click();
    until(
        &root,
        "select[data-testid=workspace-phone-country][data-stored=false]",
    )
    .await;
    assert_eq!(workspace_select(&root).value(), "ES");
    mended(root, &["GET", "DELETE", "GET"]);
}
