//! E-mail intake: one raw RFC 5322 message (as a mail gateway pipes it) is
//! unwrapped into its invoice attachments — every XML and PDF attachment,
//! also inside nested `message/rfc822` parts — with the body and every other
//! attachment recorded but not used. As the public receipt platforms do, one
//! message carries one invoice; the pipeline decides what to do with zero or
//! several. Limits on message size, attachment count and nesting protect a
//! run from one hostile message. Nested messages are walked with an explicit
//! stack, never by recursion.

use mail_parser::{Message, MessageParser, MimeHeaders};

/// Limits for one message.
#[derive(Clone, Copy, Debug)]
pub struct MailLimits {
    /// Largest message accepted, in bytes.
    pub max_bytes: u64,
    /// Most attachments (all nesting levels together) looked at.
    pub max_attachments: usize,
    /// Deepest nesting of `message/rfc822` parts followed.
    pub max_depth: usize,
}

impl Default for MailLimits {
    fn default() -> Self {
        MailLimits {
            max_bytes: 25 * 1024 * 1024,
            max_attachments: 20,
            max_depth: 4,
        }
    }
}

/// What kind of document an attachment is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// XML (by content type, name or content).
    Xml,
    /// PDF (by content type, name or `%PDF-` magic).
    Pdf,
}

/// An attachment that may be an invoice.
#[derive(Clone, Debug)]
pub struct Attachment {
    /// File name as the sender gave it (or `attachment-N`).
    pub name: String,
    /// XML or PDF.
    pub kind: Kind,
    /// The decoded bytes.
    pub bytes: Vec<u8>,
}

/// A message, unwrapped.
#[derive(Clone, Debug, Default)]
pub struct Unwrapped {
    /// `Message-ID`, without angle brackets.
    pub message_id: Option<String>,
    /// First `From` address.
    pub from: Option<String>,
    /// `Subject`.
    pub subject: Option<String>,
    /// XML and PDF attachments, in message order (depth-first through nested messages).
    pub candidates: Vec<Attachment>,
    /// Everything else that was in the message: `name (content type, bytes)`.
    pub ignored: Vec<String>,
}

/// Why a message could not be unwrapped.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// Over the size limit.
    #[error("the message has {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// Size.
        size: u64,
        /// Limit.
        limit: u64,
    },
    /// Not a MIME message.
    #[error("the input is not a readable e-mail message")]
    NotMail,
    /// Too many attachments.
    #[error("the message has more than {0} attachments; send one invoice per message")]
    TooManyAttachments(usize),
}

/// Whether `bytes` look like an RFC 5322 message rather than XML or PDF:
/// the first line is a header field (`Name: value`, RFC 5322 §2.2) and the
/// content does not start like XML or PDF.
pub fn looks_like_mail(bytes: &[u8]) -> bool {
    let b = strip_bom(bytes);
    let b = trim_ascii_start(b);
    if b.starts_with(b"<") || b.starts_with(b"%PDF") {
        return false;
    }
    let line = b.split(|c| *c == b'\n').next().unwrap_or(b);
    let Some(colon) = line.iter().position(|c| *c == b':') else {
        return false;
    };
    // field-name = 1*ftext (printable ASCII except colon); `From ` mbox lines also start a message
    colon > 0 && line[..colon].iter().all(|c| (33..=126).contains(c)) || b.starts_with(b"From ")
}

fn strip_bom(b: &[u8]) -> &[u8] {
    b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(b)
}

fn trim_ascii_start(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
    &b[n..]
}

/// Unwraps one message.
pub fn unwrap(bytes: &[u8], limits: &MailLimits) -> Result<Unwrapped, MailError> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(MailError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_bytes,
        });
    }
    let parser = MessageParser::default();
    let msg = parser.parse(bytes).ok_or(MailError::NotMail)?;
    if msg.headers().is_empty() {
        return Err(MailError::NotMail);
    }
    let mut out = Unwrapped {
        message_id: msg.message_id().map(str::to_string),
        from: msg
            .from()
            .and_then(|a| a.first())
            .and_then(|a| a.address())
            .map(str::to_string),
        subject: msg.subject().map(str::to_string),
        ..Unwrapped::default()
    };
    for (i, part) in msg.text_bodies().enumerate() {
        out.ignored
            .push(format!("body {} (text, {} bytes)", i + 1, part.len()));
    }
    // explicit stack of (message, depth): nested message/rfc822 parts are followed without recursion
    let mut stack: Vec<(&Message<'_>, usize)> = vec![(&msg, 0)];
    let mut seen = 0usize;
    while let Some((m, depth)) = stack.pop() {
        for part in m.attachments() {
            seen += 1;
            if seen > limits.max_attachments {
                return Err(MailError::TooManyAttachments(limits.max_attachments));
            }
            let name = part
                .attachment_name()
                .map(str::to_string)
                .unwrap_or_else(|| format!("attachment-{seen}"));
            let ctype = part
                .content_type()
                .map(|c| match c.subtype() {
                    Some(s) => format!("{}/{}", c.ctype(), s),
                    None => c.ctype().to_string(),
                })
                .unwrap_or_default()
                .to_ascii_lowercase();
            if let Some(inner) = part.message() {
                if depth < limits.max_depth {
                    stack.push((inner, depth + 1));
                } else {
                    out.ignored.push(format!(
                        "{name} (nested message deeper than {} levels)",
                        limits.max_depth
                    ));
                }
                continue;
            }
            let bytes = part.contents();
            match kind_of(&name, &ctype, bytes) {
                Some(kind) => out.candidates.push(Attachment {
                    name,
                    kind,
                    bytes: bytes.to_vec(),
                }),
                None => out
                    .ignored
                    .push(format!("{name} ({ctype}, {} bytes)", bytes.len())),
            }
        }
    }
    Ok(out)
}

fn kind_of(name: &str, ctype: &str, bytes: &[u8]) -> Option<Kind> {
    let lower = name.to_ascii_lowercase();
    let head = trim_ascii_start(strip_bom(bytes));
    if ctype == "application/pdf" || lower.ends_with(".pdf") || head.starts_with(b"%PDF-") {
        Some(Kind::Pdf)
    } else if ctype.ends_with("/xml")
        || ctype.ends_with("+xml")
        || lower.ends_with(".xml")
        || head.starts_with(b"<?xml")
    {
        Some(Kind::Xml)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = "<?xml version=\"1.0\"?><Invoice/>";

    fn message(attachments: &[(&str, &str, &str)]) -> Vec<u8> {
        let mut m = String::from(
            "From: Lieferant <rechnung@example.com>\r\nTo: eingang@stadt.example\r\nSubject: Rechnung\r\nMessage-ID: <m1@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\nContent-Type: text/plain\r\n\r\nAnbei die Rechnung.\r\n",
        );
        for (name, ctype, body) in attachments {
            m.push_str(&format!(
                "--B\r\nContent-Type: {ctype}; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\n\r\n{body}\r\n"
            ));
        }
        m.push_str("--B--\r\n");
        m.into_bytes()
    }

    #[test]
    fn finds_xml_and_records_the_rest() {
        let m = message(&[
            ("r.xml", "application/xml", XML),
            ("logo.png", "image/png", "xx"),
        ]);
        assert!(looks_like_mail(&m));
        let u = unwrap(&m, &MailLimits::default()).unwrap();
        assert_eq!(u.message_id.as_deref(), Some("m1@example.com"));
        assert_eq!(u.from.as_deref(), Some("rechnung@example.com"));
        assert_eq!(u.candidates.len(), 1);
        assert_eq!(u.candidates[0].kind, Kind::Xml);
        assert_eq!(u.candidates[0].bytes, XML.as_bytes());
        assert!(
            u.ignored.iter().any(|i| i.starts_with("logo.png")),
            "{:?}",
            u.ignored
        );
    }

    #[test]
    fn follows_nested_messages() {
        let inner = String::from_utf8(message(&[("inner.xml", "text/xml", XML)])).unwrap();
        let outer = message(&[("fwd.eml", "message/rfc822", &inner)]);
        let u = unwrap(&outer, &MailLimits::default()).unwrap();
        assert_eq!(u.candidates.len(), 1, "{u:?}");
        assert_eq!(u.candidates[0].name, "inner.xml");
    }

    #[test]
    fn limits() {
        let m = message(&[
            ("a.xml", "text/xml", XML),
            ("b.xml", "text/xml", XML),
            ("c.txt", "text/plain", "x"),
        ]);
        let lim = MailLimits {
            max_attachments: 2,
            ..MailLimits::default()
        };
        assert!(matches!(
            unwrap(&m, &lim),
            Err(MailError::TooManyAttachments(2))
        ));
        let lim = MailLimits {
            max_bytes: 10,
            ..MailLimits::default()
        };
        assert!(matches!(unwrap(&m, &lim), Err(MailError::TooLarge { .. })));
        assert!(!looks_like_mail(XML.as_bytes()));
        assert!(!looks_like_mail(b"%PDF-1.7"));
    }
}
