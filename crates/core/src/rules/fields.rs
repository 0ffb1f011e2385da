//! The contact attributes rules can compare, by name.

use crate::model::{Dataset, Dict, NONE};
use chrono::Datelike;

/// A contact attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The contact key as given in the files.
    Key,
    /// Display name.
    Name,
    /// Primary e-mail.
    Email,
    /// Primary phone.
    Phone,
    /// Country.
    Country,
    /// Region or city.
    City,
    /// Job title or role.
    JobTitle,
    /// Company.
    Company,
    /// Lifecycle stage.
    Stage,
    /// Year of birth (number).
    BirthYear,
    /// Age in whole years at the as-of date, from the birth year (number).
    Age,
    /// Company size in employees (number).
    CompanySize,
    /// Creation time, seconds since the epoch (number).
    CreatedAt,
    /// An extra column, by index into `ContactTable::extra`.
    Extra(usize),
}

pub(crate) enum Column<'a> {
    Text(&'a [u32]),
    Key,
}

/// Parses a number written with `.` or `,` as decimal separator.
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    s.parse::<f64>()
        .ok()
        .or_else(|| s.replace(',', ".").parse::<f64>().ok())
        .filter(|x| !x.is_nan())
}

impl Field {
    /// The field called `name` (ignoring case, `-` and spaces; English and
    /// Spanish names), or an extra column with that header.
    pub fn parse(ds: &Dataset, name: &str) -> Option<Field> {
        let norm = crate::model::normalize_token(name);
        let f = match norm.as_str() {
            "key" | "contact_key" | "contact" | "id" => Field::Key,
            "name" | "nombre" => Field::Name,
            "email" | "e_mail" | "correo" => Field::Email,
            "phone" | "telefono" | "teléfono" => Field::Phone,
            "country" | "pais" | "país" => Field::Country,
            "city" | "region" | "ciudad" => Field::City,
            "job_title" | "role" | "title" | "cargo" | "puesto" => Field::JobTitle,
            "company" | "empresa" => Field::Company,
            "stage" | "lifecycle_stage" | "etapa" => Field::Stage,
            "birth_year" | "year_of_birth" | "año_nacimiento" => Field::BirthYear,
            "age" | "edad" => Field::Age,
            "company_size" | "employees" | "empleados" => Field::CompanySize,
            "created_at" | "created" | "fecha_alta" => Field::CreatedAt,
            _ => {
                let i = ds
                    .contacts
                    .extra
                    .iter()
                    .position(|(h, _)| crate::model::normalize_token(h) == norm)?;
                Field::Extra(i)
            }
        };
        Some(f)
    }

    /// Whether the field holds numbers rather than text.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Field::BirthYear | Field::Age | Field::CompanySize | Field::CreatedAt
        )
    }

    /// The dictionary-coded column of a text field (`None` for numbers).
    pub(crate) fn text_column(self, ds: &Dataset) -> Option<(Column<'_>, &Dict)> {
        let t = &ds.contacts;
        let col = match self {
            Field::Key => return Some((Column::Key, &ds.keys)),
            Field::Name => &t.name,
            Field::Email => &t.email,
            Field::Phone => &t.phone,
            Field::Country => &t.country,
            Field::City => &t.city,
            Field::JobTitle => &t.job_title,
            Field::Company => &t.company,
            Field::Stage => &t.stage,
            Field::Extra(i) => &t.extra.get(i)?.1,
            _ => return None,
        };
        Some((Column::Text(col), &ds.text))
    }

    /// One number per contact (`NaN` when unknown or not a number).
    pub(crate) fn numbers(self, ds: &Dataset, n: usize, as_of: i64) -> Vec<f64> {
        let t = &ds.contacts;
        let year = chrono::DateTime::from_timestamp(as_of, 0).map_or(1970, |d| d.year());
        let get = |c: usize| -> f64 {
            match self {
                Field::BirthYear => match t.birth_year.get(c) {
                    Some(&y) if y > 0 => f64::from(y),
                    _ => f64::NAN,
                },
                Field::Age => match t.birth_year.get(c) {
                    Some(&y) if y > 0 => f64::from(year - i32::from(y)),
                    _ => f64::NAN,
                },
                Field::CompanySize => match t.company_size.get(c) {
                    Some(&s) if s > 0 => f64::from(s),
                    _ => f64::NAN,
                },
                Field::CreatedAt => match t.created_at.get(c) {
                    Some(&s) if s != i64::MIN => s as f64,
                    _ => f64::NAN,
                },
                _ => f64::NAN,
            }
        };
        if self.is_numeric() {
            return (0..n).map(get).collect();
        }
        // A text column compared as numbers: parse each distinct value once.
        let Some((col, dict)) = self.text_column(ds) else {
            return vec![f64::NAN; n];
        };
        let mut parsed: Vec<Option<f64>> = vec![None; dict.len()];
        (0..n)
            .map(|c| {
                let id = match col {
                    Column::Text(col) => col.get(c).copied().unwrap_or(NONE),
                    Column::Key => c as u32,
                };
                match parsed.get_mut(id as usize) {
                    None => f64::NAN,
                    Some(Some(x)) => *x,
                    Some(slot) => {
                        let x = parse_number(dict.get(id)).unwrap_or(f64::NAN);
                        *slot = Some(x);
                        x
                    }
                }
            })
            .collect()
    }

    /// Appends contact `c`'s value as text (empty when unknown).
    pub(crate) fn write_value(self, ds: &Dataset, c: u32, as_of: i64, out: &mut String) {
        use std::fmt::Write;
        if let Some((col, dict)) = self.text_column(ds) {
            let id = match col {
                Column::Text(col) => col.get(c as usize).copied().unwrap_or(NONE),
                Column::Key => c,
            };
            out.push_str(dict.try_get(id).unwrap_or(""));
            return;
        }
        let x = self.numbers_one(ds, c, as_of);
        if !x.is_nan() {
            let _ = write!(out, "{x}");
        }
    }

    fn numbers_one(self, ds: &Dataset, c: u32, as_of: i64) -> f64 {
        let t = &ds.contacts;
        let c = c as usize;
        match self {
            Field::Age => t
                .birth_year
                .get(c)
                .filter(|&&y| y > 0)
                .map_or(f64::NAN, |&y| {
                    let year =
                        chrono::DateTime::from_timestamp(as_of, 0).map_or(1970, |d| d.year());
                    f64::from(year - i32::from(y))
                }),
            Field::BirthYear => t
                .birth_year
                .get(c)
                .filter(|&&y| y > 0)
                .map_or(f64::NAN, |&y| f64::from(y)),
            Field::CompanySize => t
                .company_size
                .get(c)
                .filter(|&&s| s > 0)
                .map_or(f64::NAN, |&s| f64::from(s)),
            Field::CreatedAt => t
                .created_at
                .get(c)
                .filter(|&&s| s != i64::MIN)
                .map_or(f64::NAN, |&s| s as f64),
            _ => f64::NAN,
        }
    }
}
