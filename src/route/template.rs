//! File-naming templates of targets: text with `{placeholder}`s taken from
//! the invoice, parsed once when the configuration is read. Rendered names
//! contain only `A–Z a–z 0–9 . _ -` (anything else becomes `_`), so a value
//! from an invoice can never leave the drop directory or hide a file.

use crate::extract::Facts;

/// A placeholder of a naming template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Number,
    Date,
    Seller,
    Leitweg,
    Type,
    Currency,
    Sha,
    Sha8,
}

impl Field {
    fn parse(s: &str) -> Option<Field> {
        Some(match s {
            "number" => Field::Number,
            "date" => Field::Date,
            "seller" => Field::Seller,
            "leitweg" | "buyer_reference" => Field::Leitweg,
            "type" => Field::Type,
            "currency" => Field::Currency,
            "sha" => Field::Sha,
            "sha8" => Field::Sha8,
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    Field(Field),
}

/// A parsed naming template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pieces: Vec<Piece>,
}

/// The placeholders a template may use.
pub const PLACEHOLDERS: &str =
    "{number}, {date}, {seller}, {leitweg}, {type}, {currency}, {sha}, {sha8}";

/// Longest rendered name (file systems allow 255 bytes; room is left for extensions).
const MAX_NAME: usize = 180;

impl Template {
    /// The default: `{date}_{seller}_{number}_{sha8}` — unique per input.
    pub fn default_template() -> Template {
        Template::parse("{date}_{seller}_{number}_{sha8}").unwrap_or(Template { pieces: vec![] })
    }

    /// Parses a template; the error says which placeholder is unknown or unclosed.
    pub fn parse(s: &str) -> Result<Template, String> {
        let mut pieces = Vec::new();
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                pieces.push(Piece::Text(rest[..open].to_string()));
            }
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                return Err(format!("unclosed `{{` in file-name template `{s}`"));
            };
            let name = &after[..close];
            let f = Field::parse(name).ok_or_else(|| {
                format!(
                    "unknown placeholder `{{{name}}}` in file-name template; known: {PLACEHOLDERS}"
                )
            })?;
            pieces.push(Piece::Field(f));
            rest = &after[close + 1..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_string()));
        }
        if pieces.is_empty() {
            return Err("the file-name template is empty".into());
        }
        if s.contains('/') || s.contains('\\') {
            return Err(format!(
                "file-name template `{s}` must not contain a path separator"
            ));
        }
        Ok(Template { pieces })
    }

    /// The file stem for an input with these facts and this SHA-256 (hex).
    pub fn render(&self, f: &Facts, sha: &str) -> String {
        let mut out = String::with_capacity(64);
        for p in &self.pieces {
            let v: &str = match p {
                Piece::Text(t) => t,
                Piece::Field(Field::Number) => &f.number,
                Piece::Field(Field::Date) => &f.issue_date,
                Piece::Field(Field::Seller) => f.seller_key(),
                Piece::Field(Field::Leitweg) => &f.buyer_reference,
                Piece::Field(Field::Type) => &f.type_code,
                Piece::Field(Field::Currency) => &f.currency,
                Piece::Field(Field::Sha) => sha,
                Piece::Field(Field::Sha8) => sha.get(..8).unwrap_or(sha),
            };
            let v = if v.is_empty() { "none" } else { v };
            out.extend(v.chars().map(sanitize));
        }
        if out.starts_with('.') {
            // a leading dot would hide the file, and our temporary files start with one
            out.replace_range(..1, "_");
        }
        truncate(&mut out, MAX_NAME);
        out
    }
}

fn sanitize(c: char) -> char {
    if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
        c
    } else {
        '_'
    }
}

fn truncate(s: &mut String, max: usize) {
    if s.len() > max {
        // only ASCII is left after sanitizing, so any index is a char boundary
        s.truncate(max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_sanitizes() {
        let t = Template::parse("{date}_{seller}_{number}").unwrap();
        let f = Facts {
            number: "../R 1/2".into(),
            issue_date: "2024-05-01".into(),
            seller_vat: "DE123".into(),
            ..Facts::default()
        };
        assert_eq!(t.render(&f, "abcdef0123"), "2024-05-01_DE123_.._R_1_2");
        assert!(Template::parse("{nope}").unwrap_err().contains("{nope}"));
        assert!(Template::parse("{date").is_err());
        assert!(Template::parse("a/{date}").is_err());
        let t = Template::parse("{number}").unwrap();
        assert_eq!(
            t.render(
                &Facts {
                    number: ".x".into(),
                    ..Facts::default()
                },
                ""
            ),
            "_x"
        );
    }
}
