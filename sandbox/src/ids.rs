//! Generated identifiers and credentials, shaped like WeChat's.

use rand::Rng as _;
use rand::distributions::Alphanumeric;

fn alnum(len: usize) -> String {
    rand::thread_rng()
        .sample_iter(Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

fn lower_hex(len: usize) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut rng = rand::thread_rng();
    (0..len)
        .map(|_| char::from(HEX[rng.gen_range(0..16)]))
        .collect()
}

/// Base64url-ish token characters (WeChat tokens contain `-` and `_`).
fn token_chars(len: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut rng = rand::thread_rng();
    (0..len)
        .map(|_| char::from(CHARS[rng.gen_range(0..CHARS.len())]))
        .collect()
}

/// `wx` + 16 lower-case hex digits.
pub fn appid() -> String {
    format!("wx{}", lower_hex(16))
}

/// A 32-character appsecret (lower-case hex, like the Open Platform's).
pub fn secret() -> String {
    lower_hex(32)
}

/// A message-check token.
pub fn message_token() -> String {
    alnum(24)
}

/// An access token (component or authorizer), e.g. `89_AbC…`.
pub fn access_token() -> String {
    format!("89_{}", token_chars(130))
}

/// `ticket@@@…`.
pub fn ticket() -> String {
    format!("ticket@@@{}", token_chars(86))
}

/// `preauthcode@@@…`.
pub fn pre_auth_code() -> String {
    format!("preauthcode@@@{}", token_chars(72))
}

/// `queryauthcode@@@…`.
pub fn auth_code() -> String {
    format!("queryauthcode@@@{}", token_chars(86))
}

/// `refreshtoken@@@…`.
pub fn refresh_token() -> String {
    format!("refreshtoken@@@{}", token_chars(43))
}

/// A request id as WeChat prints it in errmsg: `6543a1b2-0c1d2e3f-4a5b6c7d`.
pub fn rid() -> String {
    format!("{}-{}-{}", lower_hex(8), lower_hex(8), lower_hex(8))
}

/// A task id (taskid, unique_id, …): 32 lower-case hex digits.
pub fn task_id() -> String {
    lower_hex(32)
}

/// An original id: `gh_` + 12 lower-case hex digits.
pub fn original_id() -> String {
    format!("gh_{}", lower_hex(12))
}

/// A user openid: `o` + 27 token characters.
pub fn openid() -> String {
    format!("o{}", token_chars(27))
}

/// A temporary media id.
pub fn media_id() -> String {
    token_chars(64)
}

/// A ticket of the fastregisterauth redirect.
pub fn fastregister_ticket() -> String {
    lower_hex(40)
}

/// A 19-digit message id.
pub fn msg_id() -> String {
    let mut rng = rand::thread_rng();
    format!(
        "{}",
        rng.gen_range(1_000_000_000_000_000_000u64..9_999_999_999_999_999_999)
    )
}

/// A nonce for push URLs (digits, as WeChat sends).
pub fn nonce() -> String {
    rand::thread_rng()
        .gen_range(100_000_000u64..9_999_999_999)
        .to_string()
}

/// A web OAuth code.
pub fn oauth_code() -> String {
    alnum(32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let a = appid();
        assert!(wxopen::AppId::parse(&a).is_ok(), "{a}");
        assert_eq!(secret().len(), 32);
        assert!(pre_auth_code().starts_with("preauthcode@@@"));
        // WeChat's shape (reference B18): the console refuses anything else before its database.
        let code = auth_code();
        assert!(code.starts_with("queryauthcode@@@"), "{code}");
        assert_eq!(code.len(), 102);
        assert!(
            code.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'@' | b'-' | b'_')),
            "{code}"
        );
        assert!(refresh_token().starts_with("refreshtoken@@@"));
        assert_eq!(rid().len(), 26);
        assert_eq!(original_id().len(), 15);
        assert_eq!(msg_id().len(), 19);
        assert_ne!(access_token(), access_token());
    }
}
