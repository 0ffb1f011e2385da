use super::*;
use canal_core::import::{sniff, ImportReport};

fn file(id: u32, csv: &str) -> PendingFile {
    PendingFile::new(
        id,
        format!("f{id}.csv"),
        csv.len() as u64,
        sniff(csv.as_bytes()),
    )
}

fn fields(s: &ImportState, id: u32) -> Vec<&'static str> {
    let f = s.files.iter().find(|f| f.id == id).unwrap();
    f.mapping
        .columns
        .iter()
        .map(|c| c.map_or("-", Field::as_str))
        .collect()
}

fn run(actions: Vec<ImportAction>) -> Rc<ImportState> {
    actions
        .into_iter()
        .fold(Rc::new(ImportState::default()), |s, a| s.reduce(a))
}

const EVENTS: &str = "email,event,timestamp,notes\nana@x.com,open,2024-03-05,hi\n";

#[test]
fn a_sniffed_file_keeps_the_suggestion() {
    let s = run(vec![ImportAction::Add(vec![file(1, EVENTS)])]);
    assert_eq!(s.files[0].kind, TableKind::Events);
    assert_eq!(fields(&s, 1), ["email", "event_type", "timestamp", "-"]);
    assert_eq!(s.status.attr(), None);
}

#[test]
fn the_mapping_editor_moves_and_ignores_fields() {
    let check = |actions: Vec<ImportAction>, expected: &[&str]| {
        let mut all = vec![ImportAction::Add(vec![file(1, EVENTS)])];
        all.extend(actions);
        assert_eq!(fields(&run(all), 1), expected);
    };
    check(vec![], &["email", "event_type", "timestamp", "-"]);
    // Ignoring a column.
    check(
        vec![ImportAction::SetField(1, 0, None)],
        &["-", "event_type", "timestamp", "-"],
    );
    // A field taken by another column leaves its old column.
    check(
        vec![ImportAction::SetField(1, 3, Some(Field::EventType))],
        &["email", "-", "timestamp", "event_type"],
    );
    // Columns past the header and unknown files are ignored.
    check(
        vec![
            ImportAction::SetField(1, 9, Some(Field::Value)),
            ImportAction::SetField(7, 0, None),
        ],
        &["email", "event_type", "timestamp", "-"],
    );
}

#[test]
fn changing_the_kind_suggests_a_mapping_for_it() {
    let csv = "email,date,amount\nana@x.com,2024-03-05,10\n";
    let s = run(vec![ImportAction::Add(vec![file(1, csv)])]);
    assert_eq!(s.files[0].kind, TableKind::Orders);
    assert_eq!(fields(&s, 1), ["email", "timestamp", "amount"]);
    let s = s.reduce(ImportAction::SetKind(1, TableKind::Events));
    assert_eq!(s.files[0].kind, TableKind::Events);
    assert_eq!(fields(&s, 1)[0], "email");
}

#[test]
fn remove_drops_only_that_file() {
    let s = run(vec![
        ImportAction::Add(vec![file(1, EVENTS), file(2, EVENTS)]),
        ImportAction::Remove(1),
    ]);
    assert_eq!(s.files.iter().map(|f| f.id).collect::<Vec<_>>(), [2]);
}

#[test]
fn job_status_attribute() {
    let p = JobProgress {
        bytes: 5,
        total_bytes: 10,
        ..JobProgress::default()
    };
    let s = run(vec![ImportAction::Add(vec![file(1, EVENTS)])]);
    let parsing = s.reduce(ImportAction::Progress(p));
    assert_eq!(parsing.status.attr(), Some("parsing"));
    let cancelled = parsing.clone().reduce(ImportAction::Cancelled);
    assert_eq!(
        cancelled.status,
        ImportStatus::Failed {
            reason: String::new(),
            cancelled: true
        }
    );
    assert_eq!(cancelled.status.attr(), Some("failed"));
    assert_eq!(cancelled.files.len(), 1, "a cancelled job keeps the files");
    // A late cancel after the end changes nothing.
    let done = parsing.reduce(ImportAction::Finished(Rc::new(vec![]), 3.0, 1 << 20));
    assert_eq!(done.status.attr(), Some("done"));
    assert!(done.files.is_empty());
    let same = done.clone().reduce(ImportAction::Cancelled);
    assert!(Rc::ptr_eq(&done, &same));
    let failed = done.reduce(ImportAction::Failed("boom".into()));
    assert_eq!(failed.status.attr(), Some("failed"));
}

#[test]
fn saved_files_keep_mapped_columns_by_header() {
    let report = ImportReport {
        kind: Some(TableKind::Orders),
        headers: vec!["Correo".into(), "Nota".into(), "Importe".into()],
        mapping: Mapping {
            columns: vec![Some(Field::Email), None, Some(Field::Amount)],
        },
        rows_loaded: 7,
        errors_total: 2,
        ..ImportReport::default()
    };
    let f = SavedFile::from_report(
        &FileReport {
            name: "pedidos.csv".into(),
            report,
        },
        120,
        "file-3".into(),
    );
    assert_eq!(
        f,
        SavedFile {
            name: "pedidos.csv".into(),
            kind: TableKind::Orders,
            mapping: vec![
                ("Correo".into(), Field::Email),
                ("Importe".into(), Field::Amount)
            ],
            rows_loaded: 7,
            errors_total: 2,
            size: 120,
            duplicates: 0,
            image: "file-3".into(),
        }
    );
    let meta = SavedMeta { files: vec![f] };
    assert_eq!(meta.names(), ["pedidos.csv"]);
    let json = serde_json::to_string(&meta).unwrap();
    assert_eq!(serde_json::from_str::<SavedMeta>(&json).unwrap(), meta);
    assert_eq!(meta.fresh_images(2), ["file-4", "file-5"]);
}

#[test]
fn files_saved_before_each_had_an_image_share_the_old_one() {
    let old = r#"{"files":[{"name":"a.csv","kind":"contacts","mapping":[],"rows_loaded":2,"errors_total":0},
                           {"name":"b.csv","kind":"events","mapping":[],"rows_loaded":5,"errors_total":1}]}"#;
    let meta: SavedMeta = serde_json::from_str(old).unwrap();
    assert_eq!(meta.images(), [LEGACY_IMAGE]);
    assert_eq!(meta.fresh_images(1), ["file-1"]);
    // Removing one of them removes the image they share, so both go.
    let plan = plan_removal(&meta.files, 1);
    assert!(plan.files.is_empty());
    assert_eq!(plan.dropped, [LEGACY_IMAGE]);
}

/// A saved file `name` of `kind` with `size` bytes in image `image`.
fn saved(name: &str, kind: TableKind, size: u64, image: &str) -> SavedFile {
    SavedFile {
        name: name.into(),
        kind,
        mapping: Vec::new(),
        rows_loaded: 1,
        errors_total: 0,
        size,
        duplicates: 0,
        image: image.into(),
    }
}

/// `(files after as name@image, onto current data, rebuilt from, dropped)`.
type Outcome = (Vec<String>, bool, Vec<String>, Vec<String>);

fn outcome(p: Plan) -> Outcome {
    let files = p
        .files
        .iter()
        .map(|f| format!("{}@{}", f.name, f.image))
        .collect();
    (files, p.onto_current, p.rebuild_from, p.dropped)
}

fn strings(xs: &[&str]) -> Vec<String> {
    xs.iter().map(|s| s.to_string()).collect()
}

#[test]
fn adding_and_replacing_files() {
    use TableKind::*;
    let contacts = saved("contacts.csv", Contacts, 100, "file-1");
    let events = saved("events.csv", Events, 900, "file-2");
    let before = vec![contacts.clone(), events.clone()];
    let check = |new: Vec<SavedFile>, mode: ImportMode, expected: Outcome| {
        assert_eq!(
            outcome(plan_import(&before, new.clone(), mode)),
            expected,
            "{mode:?} {new:?}"
        );
    };
    let orders = saved("orders.csv", Orders, 50, "file-3");
    let more_events = saved("events-june.csv", Events, 700, "file-3");
    // Added: merged onto what is shown, nothing dropped.
    check(
        vec![orders.clone()],
        ImportMode::Add,
        (
            strings(&[
                "contacts.csv@file-1",
                "events.csv@file-2",
                "orders.csv@file-3",
            ]),
            true,
            strings(&["file-1", "file-2"]),
            vec![],
        ),
    );
    // A second events file adds to the first.
    check(
        vec![more_events],
        ImportMode::Add,
        (
            strings(&[
                "contacts.csv@file-1",
                "events.csv@file-2",
                "events-june.csv@file-3",
            ]),
            true,
            strings(&["file-1", "file-2"]),
            vec![],
        ),
    );
    // The same events file again replaces its copy: rebuilt from contacts.
    check(
        vec![saved("events.csv", Events, 900, "file-3")],
        ImportMode::Add,
        (
            strings(&["contacts.csv@file-1", "events.csv@file-3"]),
            false,
            strings(&["file-1"]),
            strings(&["file-2"]),
        ),
    );
    // Same name, other size: another export, added.
    check(
        vec![saved("events.csv", Events, 901, "file-3")],
        ImportMode::Add,
        (
            strings(&[
                "contacts.csv@file-1",
                "events.csv@file-2",
                "events.csv@file-3",
            ]),
            true,
            strings(&["file-1", "file-2"]),
            vec![],
        ),
    );
    // Replacing: only the new files, every old image dropped.
    check(
        vec![orders],
        ImportMode::Replace,
        (
            strings(&["orders.csv@file-3"]),
            false,
            vec![],
            strings(&["file-1", "file-2"]),
        ),
    );
    // Adding to nothing.
    assert_eq!(
        outcome(plan_import(
            &[],
            vec![contacts.clone(), events.clone()],
            ImportMode::Add
        )),
        (
            strings(&["contacts.csv@file-1", "events.csv@file-2"]),
            true,
            vec![],
            vec![]
        )
    );
}

#[test]
fn removing_one_file_rebuilds_from_the_others() {
    use TableKind::*;
    let files = vec![
        saved("contacts.csv", Contacts, 100, "file-1"),
        saved("events.csv", Events, 900, "file-2"),
        saved("orders.csv", Orders, 50, "file-3"),
    ];
    let check = |index: usize, expected: Outcome| {
        assert_eq!(outcome(plan_removal(&files, index)), expected, "{index}");
    };
    check(
        1,
        (
            strings(&["contacts.csv@file-1", "orders.csv@file-3"]),
            false,
            strings(&["file-1", "file-3"]),
            strings(&["file-2"]),
        ),
    );
    check(
        0,
        (
            strings(&["events.csv@file-2", "orders.csv@file-3"]),
            false,
            strings(&["file-2", "file-3"]),
            strings(&["file-1"]),
        ),
    );
    // An index past the list changes nothing.
    let (names, onto, _, dropped) = outcome(plan_removal(&files, 9));
    assert_eq!((names.len(), onto, dropped.len()), (3, true, 0));
}

#[test]
fn the_mode_is_remembered_and_an_empty_save_is_none() {
    let s = run(vec![ImportAction::SetMode(ImportMode::Replace)]);
    assert_eq!(s.mode, ImportMode::Replace);
    let s = s.reduce(ImportAction::Saved(Some(SavedMeta::default())));
    assert_eq!(s.saved, None);
}
