//! Secrets inside pushes (tickets, authorization codes, pre-auth codes) masked for display.

/// Elements whose text is a secret.
const SECRET_ELEMENTS: [&str; 4] = [
    "ComponentVerifyTicket",
    "AuthorizationCode",
    "PreAuthCode",
    "auth_code",
];

/// Replaces the text of secret elements with their first 8 characters and a mask.
pub fn mask_secrets(xml: &str) -> String {
    let mut out = xml.to_string();
    for name in SECRET_ELEMENTS {
        let open = format!("<{name}>");
        let close = format!("</{name}>");
        let mut from = 0;
        while let Some(start) = out[from..].find(&open).map(|i| from + i + open.len()) {
            let Some(end) = out[start..].find(&close).map(|i| start + i) else {
                break;
            };
            let inner = &out[start..end];
            let (cdata, value) = match inner
                .strip_prefix("<![CDATA[")
                .and_then(|v| v.strip_suffix("]]>"))
            {
                Some(v) => (true, v),
                None => (false, inner),
            };
            let shown: String = value.chars().take(8).collect();
            let masked = if cdata {
                format!("<![CDATA[{shown}…(masked)]]>")
            } else {
                format!("{shown}…(masked)")
            };
            out.replace_range(start..end, &masked);
            from = start + masked.len() + close.len();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::mask_secrets;

    #[test]
    fn tickets_and_codes_are_masked_in_cdata_and_plain_text() {
        let xml = "<xml><AppId>wx1</AppId><ComponentVerifyTicket><![CDATA[ticket@@@abcdefghijkl]]></ComponentVerifyTicket>\
                   <AuthorizationCode>queryauthcode@@@zzz</AuthorizationCode><auth_code>x</auth_code></xml>";
        let m = mask_secrets(xml);
        assert!(m.contains("<![CDATA[ticket@@…(masked)]]>"), "{m}");
        assert!(
            m.contains("<AuthorizationCode>queryaut…(masked)</AuthorizationCode>"),
            "{m}"
        );
        assert!(m.contains("<auth_code>x…(masked)</auth_code>"), "{m}");
        assert!(!m.contains("abcdefghijkl") && !m.contains("zzz"));
        assert!(m.contains("<AppId>wx1</AppId>"));
    }
}
