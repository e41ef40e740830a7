//! GUIDs as ConfigMgr prints them (braced, upper case, `GUID:` prefixed).

/// How a GUID is spelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GuidStyle {
    /// `0F1E2D3C-...` (upper case, no braces).
    Upper,
    /// `0f1e2d3c-...`.
    Lower,
    /// `{0F1E2D3C-...}`, as MSI product codes are written.
    Braced,
    /// `GUID:0F1E2D3C-...`, the SMS unique identifier.
    Sms,
}

/// Writes a GUID in the given style.
pub(crate) fn write_guid(out: &mut String, g: u128, style: GuidStyle) {
    let hex = format!("{g:032X}");
    let body = format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    );
    match style {
        GuidStyle::Upper => out.push_str(&body),
        GuidStyle::Lower => out.push_str(&body.to_ascii_lowercase()),
        GuidStyle::Braced => {
            out.push('{');
            out.push_str(&body);
            out.push('}');
        }
        GuidStyle::Sms => {
            out.push_str("GUID:");
            out.push_str(&body);
        }
    }
}

/// A GUID as a string.
pub(crate) fn guid_string(g: u128, style: GuidStyle) -> String {
    let mut s = String::with_capacity(42);
    write_guid(&mut s, g, style);
    s
}
