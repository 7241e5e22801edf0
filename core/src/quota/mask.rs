//! Finding the rid in an error text and masking every credential in what `openapi/rid/get`
//! answers: WeChat records the request URL and bodies of the failed call, and those carry access
//! tokens, appsecrets and tickets that must never reach a page.

/// What a masked value is replaced with.
pub const MASK: &str = "***";

/// The request id in a WeChat error text: `rid: 6543a1b2-0c1d2e3f-4a5b6c7d`, `rid:abc` (also
/// with a full-width colon, as the text is often copied from Chinese logs). The last one wins:
/// a wrapped error repeats WeChat's message at the end.
pub fn extract_rid(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let mut found = None;
    let mut from = 0;
    while let Some(pos) = lower[from..].find("rid") {
        let start = from + pos;
        from = start + 3;
        // "rid" must not be the end of a longer word ("grid:", "android:").
        let word_before = lower[..start]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        if word_before {
            continue;
        }
        let rest = text[from..].trim_start();
        let rest = match rest.strip_prefix(':').or_else(|| rest.strip_prefix('：')) {
            Some(r) => r.trim_start(),
            None => continue,
        };
        let rid: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
            .take(64)
            .collect();
        if !rid.is_empty() {
            found = Some(rid);
        }
    }
    found
}

/// Whether a parameter or field name holds a credential: any `*token`, `*secret`, `*ticket`
/// (access_token, component_access_token, authorizer_refresh_token, appsecret,
/// component_verify_ticket, …), and the authorization `code` pairs WeChat exchanges for tokens.
fn is_secret_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with("token")
        || n.ends_with("secret")
        || n.ends_with("ticket")
        || n.ends_with("auth_code")
        || n == "authorization_code"
}

/// Masks the value after every credential name (`name=value` in a URL, `"name":"value"` in JSON,
/// also JSON escaped inside a string), and every occurrence of the `known` values (the tokens
/// and secrets the console holds for this account), whatever their surroundings.
pub fn mask_secrets(text: &str, known: &[&str]) -> String {
    let mut out = mask_named(text);
    for k in known.iter().filter(|k| k.len() >= 6) {
        out = out.replace(k, MASK);
    }
    out
}

fn mask_named(text: &str) -> String {
    let b = text.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        if !ident(b[i]) || (i > 0 && ident(b[i - 1])) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && ident(b[i]) {
            i += 1;
        }
        if !is_secret_name(&text[start..i]) {
            continue;
        }
        // The separator: `=` or `:`, possibly with quotes, backslashes and spaces around.
        let mut j = i;
        while j < b.len() && matches!(b[j], b'"' | b'\\' | b' ') {
            j += 1;
        }
        if j >= b.len() || !matches!(b[j], b'=' | b':') {
            continue;
        }
        j += 1;
        while j < b.len() && matches!(b[j], b'"' | b'\\' | b' ') {
            j += 1;
        }
        let value_start = j;
        while j < b.len()
            && !matches!(
                b[j],
                b'&' | b'"' | b'\\' | b' ' | b',' | b'}' | b'#' | b'\'' | b'\n' | b'\r' | b'\t'
            )
        {
            j += 1;
        }
        if j > value_start {
            out.push_str(&text[copied..value_start]);
            out.push_str(MASK);
            copied = j;
        }
        i = j;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rids_in_every_spelling() {
        let e = "invalid openid rid: 6543a1b2-0c1d2e3f-4a5b6c7d";
        assert_eq!(
            extract_rid(e).as_deref(),
            Some("6543a1b2-0c1d2e3f-4a5b6c7d")
        );
        assert_eq!(extract_rid("hint: [x] rid:abc-1").as_deref(), Some("abc-1"));
        assert_eq!(extract_rid("RID： 66aa-bb").as_deref(), Some("66aa-bb"));
        assert_eq!(
            extract_rid(r#"{"errcode":40003,"errmsg":"invalid openid rid: 11-22"}"#).as_deref(),
            Some("11-22")
        );
        assert_eq!(extract_rid("grid: 5 android:x"), None);
        assert_eq!(extract_rid("no id here"), None);
        assert_eq!(extract_rid("rid: "), None);
        assert_eq!(extract_rid("rid: a then rid: b").as_deref(), Some("b"));
    }

    #[test]
    fn every_credential_is_masked() {
        let url =
            "https://api.weixin.qq.com/cgi-bin/message/custom/send?access_token=ACCESS123&x=1";
        assert_eq!(
            mask_secrets(url, &[]),
            "https://api.weixin.qq.com/cgi-bin/message/custom/send?access_token=***&x=1"
        );
        let q = "component_access_token=CAT456#frag";
        assert_eq!(mask_secrets(q, &[]), "component_access_token=***#frag");
        let body = r#"{"component_appid":"wx1","appsecret": "SECRET789","authorizer_refresh_token":"refreshtoken@@@x","component_verify_ticket":"ticket@@@y","touser":"o1"}"#;
        let masked = mask_secrets(body, &[]);
        for s in ["SECRET789", "refreshtoken@@@x", "ticket@@@y"] {
            assert!(!masked.contains(s), "{s} in {masked}");
        }
        assert!(
            masked.contains(r#""touser":"o1""#) && masked.contains(r#""component_appid":"wx1""#)
        );
        let escaped = r#"{"body":"{\"access_token\":\"AT999\"}"}"#;
        assert!(!mask_secrets(escaped, &[]).contains("AT999"));
        let known = "the token KNOWNTOKEN1 appears bare";
        assert_eq!(
            mask_secrets(known, &["KNOWNTOKEN1"]),
            "the token *** appears bare"
        );
        assert_eq!(mask_secrets("token_count: 3", &[]), "token_count: 3");
        assert_eq!(
            mask_secrets("中文 access_token=某某&b", &[]),
            "中文 access_token=***&b"
        );
    }
}
