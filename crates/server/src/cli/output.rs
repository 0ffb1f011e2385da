//! Writing one result table as CSV or JSON on stdout.
//!
//! Both formats come from the same rows, so a column never means one thing
//! in CSV and another in JSON. CSV is the table alone; JSON is an object
//! `{"rows": [{column: value, …}, …], …}` whose other members carry what does
//! not fit a row (the as-of date, in-progress counts, …).

use canal_core::csv_out;
use serde_json::{Map, Value};
use std::io::{self, Write};

/// The output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A header line, then one line per row (RFC 4180).
    #[default]
    Csv,
    /// One JSON object with the rows and the run's metadata.
    Json,
}

/// One value of a row.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell<'a> {
    /// Text.
    Str(&'a str),
    /// Owned text.
    Text(String),
    /// A count or id.
    Int(i64),
    /// A measure; written rounded to 6 decimals, which is far below any
    /// currency or rate precision and hides binary floating-point noise.
    Num(f64),
    /// No value: empty in CSV, `null` in JSON (a rate over nothing).
    Null,
}

impl Cell<'_> {
    /// A rate as a fraction, or [`Cell::Null`] when it has no value.
    pub fn opt(value: Option<f64>) -> Cell<'static> {
        value.map_or(Cell::Null, Cell::Num)
    }
}

/// Rounds to 6 decimals (shared with the app's exports, so a figure is
/// written the same way by both).
pub use canal_core::csv_out::round6;

fn json(cell: &Cell<'_>) -> Value {
    match cell {
        Cell::Str(s) => Value::from(*s),
        Cell::Text(s) => Value::from(s.as_str()),
        Cell::Int(i) => Value::from(*i),
        Cell::Num(x) => serde_json::Number::from_f64(round6(*x)).map_or(Value::Null, Value::Number),
        Cell::Null => Value::Null,
    }
}

/// A table being written.
pub struct Table<W: Write> {
    format: Format,
    w: W,
    columns: Vec<String>,
    /// Leading columns CSV writes; the rest are JSON only.
    csv_width: usize,
    rows: usize,
    line: String,
}

impl<W: Write> Table<W> {
    /// Starts a table with these columns (CSV writes the header now).
    pub fn new(format: Format, w: W, columns: &[&str]) -> io::Result<Self> {
        Self::with_json_only(format, w, columns, &[])
    }

    /// Like [`Table::new`], plus columns only JSON carries (CSV keeps the
    /// documented column set; JSON may say more, e.g. in-progress counts).
    pub fn with_json_only(
        format: Format,
        w: W,
        columns: &[&str],
        json_only: &[&str],
    ) -> io::Result<Self> {
        let mut t = Table {
            format,
            w,
            columns: columns
                .iter()
                .chain(json_only)
                .map(|c| (*c).to_owned())
                .collect(),
            csv_width: columns.len(),
            rows: 0,
            line: String::with_capacity(256),
        };
        match format {
            Format::Csv => {
                csv_out::push_row(&mut t.line, columns.iter().copied());
                t.w.write_all(t.line.as_bytes())?;
            }
            Format::Json => t.w.write_all(b"{\"rows\":[")?,
        }
        Ok(t)
    }

    /// Writes one row; `cells` lines up with the columns.
    pub fn row(&mut self, cells: &[Cell<'_>]) -> io::Result<()> {
        self.line.clear();
        match self.format {
            Format::Csv => {
                for (i, c) in cells.iter().take(self.csv_width).enumerate() {
                    if i > 0 {
                        self.line.push(',');
                    }
                    use std::fmt::Write as _;
                    let _ = match c {
                        Cell::Str(s) => {
                            csv_out::push_field(&mut self.line, s);
                            Ok(())
                        }
                        Cell::Text(s) => {
                            csv_out::push_field(&mut self.line, s);
                            Ok(())
                        }
                        Cell::Int(i) => write!(self.line, "{i}"),
                        Cell::Num(x) => write!(self.line, "{}", round6(*x)),
                        Cell::Null => Ok(()),
                    };
                }
                self.line.push('\n');
            }
            Format::Json => {
                // Written by hand to keep the columns' order (a JSON map
                // would sort them).
                if self.rows > 0 {
                    self.line.push(',');
                }
                self.line.push('{');
                for (i, (k, c)) in self.columns.iter().zip(cells).enumerate() {
                    if i > 0 {
                        self.line.push(',');
                    }
                    self.line.push_str(&Value::from(k.as_str()).to_string());
                    self.line.push(':');
                    self.line.push_str(&json(c).to_string());
                }
                self.line.push('}');
            }
        }
        self.rows += 1;
        self.w.write_all(self.line.as_bytes())
    }

    /// Ends the table; `meta` members are added to the JSON object (CSV
    /// ignores them).
    pub fn finish(mut self, meta: Map<String, Value>) -> io::Result<()> {
        if self.format == Format::Json {
            self.w.write_all(b"]")?;
            for (k, v) in meta {
                write!(self.w, ",{}:{}", Value::from(k), v)?;
            }
            self.w.write_all(b"}\n")?;
        }
        self.w.flush()
    }
}

/// Turns a write error into the command's result: a closed pipe (`| head`)
/// is a reader that has seen enough, not a failure.
pub fn written(res: io::Result<()>) -> Result<(), String> {
    match res {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(format!("cannot write the output: {e}")),
    }
}

/// Buffered stdout.
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::with_capacity(1 << 16, io::stdout().lock())
}
