//! Bytes to text: UTF-8 with or without BOM, UTF-16 LE/BE (BOM or the `<?xml`
//! byte pattern), and any other encoding the XML declaration names that
//! `encoding_rs` knows (ISO-8859-1 and Windows-1252 above all). A document
//! whose bytes do not fit the declared encoding is refused with the offset of
//! the first bad byte, never silently repaired.

use std::borrow::Cow;

use encoding_rs::Encoding;

use crate::error::DocError;

/// Decodes `bytes` into text. Borrows when the input is already UTF-8.
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, DocError> {
    if bytes.is_empty() {
        return Err(DocError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, "UTF-8 (with byte order mark)");
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"<\0?\0") {
        return utf16(bytes, encoding_rs::UTF_16LE);
    }
    if bytes.starts_with(b"\xFE\xFF") || bytes.starts_with(b"\0<\0?") {
        return utf16(bytes, encoding_rs::UTF_16BE);
    }
    match declared_encoding(bytes) {
        None => utf8(bytes, "UTF-8"),
        Some(label) => {
            let Some(enc) = Encoding::for_label(label.as_bytes()) else {
                return Err(DocError::Encoding(format!(
                    "the XML declaration names encoding \"{label}\", which is not known; use UTF-8"
                )));
            };
            if enc == encoding_rs::UTF_8 {
                return utf8(bytes, "UTF-8");
            }
            if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                return Err(DocError::Encoding(format!(
                    "the XML declaration says \"{label}\" but the bytes are not UTF-16 (no byte order mark, single-byte characters)"
                )));
            }
            let (text, had_errors) = enc.decode_without_bom_handling(bytes);
            if had_errors {
                return Err(DocError::Encoding(format!(
                    "the bytes are not valid {} as the XML declaration says",
                    enc.name()
                )));
            }
            Ok(text)
        }
    }
}

fn utf8<'a>(bytes: &'a [u8], what: &str) -> Result<Cow<'a, str>, DocError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            let at = e.valid_up_to();
            let hint = if bytes.iter().take(2048).all(|b| *b != 0) {
                "; if the file is ISO-8859-1 or Windows-1252, its XML declaration must say so"
            } else {
                "; the file looks binary, not like an XML invoice"
            };
            Err(DocError::Encoding(format!(
                "the file is read as {what}, but the byte at offset {at} (0x{:02X}) is not valid UTF-8{hint}",
                bytes[at]
            )))
        }
    }
}

fn utf16(bytes: &[u8], enc: &'static Encoding) -> Result<Cow<'static, str>, DocError> {
    let (text, _, had_errors) = enc.decode(bytes);
    if had_errors {
        return Err(DocError::Encoding(format!(
            "the file starts like {} but contains invalid sequences",
            enc.name()
        )));
    }
    Ok(Cow::Owned(text.into_owned()))
}

/// The `encoding="..."` of the XML declaration, if there is one.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(256)];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let at = decl.find("encoding")?;
    let rest = decl[at + "encoding".len()..].trim_start();
    let rest = rest.strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &rest[1..];
    let close = value.find(quote)?;
    Some(value[..close].trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_borrows() {
        let s = decode(b"<?xml version=\"1.0\"?><a/>").unwrap();
        assert!(matches!(s, Cow::Borrowed(_)));
    }

    #[test]
    fn bom_is_stripped() {
        assert_eq!(decode(b"\xEF\xBB\xBF<a/>").unwrap(), "<a/>");
    }

    #[test]
    fn utf16_both_orders() {
        let le: Vec<u8> = "\u{FEFF}<a>ä</a>"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let be: Vec<u8> = "\u{FEFF}<a>ä</a>"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(decode(&le).unwrap(), "<a>ä</a>");
        assert_eq!(decode(&be).unwrap(), "<a>ä</a>");
    }

    #[test]
    fn latin1_declared() {
        let bytes = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>M\xFCller</a>";
        assert!(decode(bytes).unwrap().contains("Müller"));
    }

    #[test]
    fn latin1_undeclared_is_refused_with_offset() {
        let err = decode(b"<a>M\xFCller</a>").unwrap_err().to_string();
        assert!(err.contains("offset 4"), "{err}");
    }

    #[test]
    fn unknown_label_is_refused() {
        let err = decode(b"<?xml version=\"1.0\" encoding=\"klingon\"?><a/>").unwrap_err();
        assert!(err.to_string().contains("klingon"));
    }

    #[test]
    fn empty_is_refused() {
        assert!(matches!(decode(b""), Err(DocError::Empty)));
    }
}
