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
fn saved_meta_keeps_mapped_columns_by_header() {
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
    let meta = SavedMeta::from_reports(&[FileReport {
        name: "pedidos.csv".into(),
        report,
    }]);
    assert_eq!(
        meta.files,
        [SavedFile {
            name: "pedidos.csv".into(),
            kind: TableKind::Orders,
            mapping: vec![
                ("Correo".into(), Field::Email),
                ("Importe".into(), Field::Amount)
            ],
            rows_loaded: 7,
            errors_total: 2,
        }]
    );
    assert_eq!(meta.names(), ["pedidos.csv"]);
    let json = serde_json::to_string(&meta).unwrap();
    assert_eq!(serde_json::from_str::<SavedMeta>(&json).unwrap(), meta);
}
