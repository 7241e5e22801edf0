//! Valid, distinct encrypted pushes (WXBizMsgCrypt), written as `path?query<TAB>body` lines for
//! the loader: each line signs its own ciphertext, and each plaintext differs, so the console
//! stores every one (it deduplicates on the plaintext).

use std::io::{BufWriter, Write};
use std::path::Path;

use wxopen::{EncodingAesKey, MsgCrypt};

/// The platform the pushes are for (created by the bench with these credentials).
pub struct Platform<'a> {
    pub appid: &'a str,
    pub token: &'a str,
    pub aes_key: &'a str,
}

fn crypt(p: &Platform<'_>) -> anyhow::Result<MsgCrypt> {
    Ok(MsgCrypt::new(
        p.token,
        EncodingAesKey::parse(p.aes_key)?,
        p.appid,
    ))
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default()
}

/// `n` component_verify_ticket pushes, each with its own ticket, for the authorization-event URL.
pub fn write_events(file: &Path, p: &Platform<'_>, n: usize) -> anyhow::Result<()> {
    let crypt = crypt(p)?;
    let mut out = BufWriter::new(std::fs::File::create(file)?);
    let ts = now_secs();
    for i in 0..n {
        let plain = format!(
            "<xml><AppId><![CDATA[{}]]></AppId><CreateTime>{ts}</CreateTime>\
             <InfoType><![CDATA[component_verify_ticket]]></InfoType>\
             <ComponentVerifyTicket><![CDATA[ticket@@@bench-{i:09}]]></ComponentVerifyTicket></xml>",
            p.appid
        );
        let (t, nonce) = (ts.to_string(), format!("{i}"));
        let e = crypt.encrypt(&plain, &t, &nonce);
        writeln!(
            out,
            "/wechat/{}/events?timestamp={t}&nonce={nonce}&encrypt_type=aes&msg_signature={}\t\
             <xml><AppId><![CDATA[{}]]></AppId><Encrypt><![CDATA[{}]]></Encrypt></xml>",
            p.appid, e.msg_signature, p.appid, e.encrypt
        )?;
    }
    out.flush()?;
    Ok(())
}

/// `n` release-test text messages (distinct MsgId) from WeChat's release-test official account,
/// which the console answers at once with an encrypted passive reply.
pub fn write_messages(file: &Path, p: &Platform<'_>, n: usize) -> anyhow::Result<()> {
    let account = &wxopen::push::RELEASE_TEST_ACCOUNTS[0];
    write_texts(
        file,
        p,
        n,
        (account.appid, account.user_name),
        wxopen::push::RELEASE_TEST_TEXT,
    )
}

/// The authorizer whose messages the forwarding figure sends (any well-formed appid: the message
/// URL stores and forwards messages of accounts it has not seen authorize).
pub const FORWARDED_AUTHORIZER: (&str, &str) = ("wxbe4c0000000000f1", "gh_bench00000001");

/// `n` ordinary text messages (distinct MsgId) to an authorizer that is not a release-test
/// account: each is forwarded to the platform's webhook while WeChat waits.
pub fn write_forwarded(file: &Path, p: &Platform<'_>, n: usize) -> anyhow::Result<()> {
    write_texts(file, p, n, FORWARDED_AUTHORIZER, "你好，在吗？")
}

/// `n` text messages to the authorizer `(appid, user_name)`, one line each (`path?query<TAB>body`).
fn write_texts(
    file: &Path,
    p: &Platform<'_>,
    n: usize,
    (appid, user_name): (&str, &str),
    content: &str,
) -> anyhow::Result<()> {
    let crypt = crypt(p)?;
    let mut out = BufWriter::new(std::fs::File::create(file)?);
    let ts = now_secs();
    for i in 0..n {
        let plain = format!(
            "<xml><ToUserName><![CDATA[{user_name}]]></ToUserName><FromUserName><![CDATA[obench{i:09}]]></FromUserName>\
             <CreateTime>{ts}</CreateTime><MsgType><![CDATA[text]]></MsgType>\
             <Content><![CDATA[{content}]]></Content><MsgId>{}</MsgId></xml>",
            9_000_000_000u64 + i as u64
        );
        let (t, nonce) = (ts.to_string(), format!("{i}"));
        let e = crypt.encrypt(&plain, &t, &nonce);
        writeln!(
            out,
            "/wechat/{}/messages/{appid}?timestamp={t}&nonce={nonce}&encrypt_type=aes&msg_signature={}\t\
             <xml><ToUserName><![CDATA[{user_name}]]></ToUserName><Encrypt><![CDATA[{}]]></Encrypt></xml>",
            p.appid, e.msg_signature, e.encrypt
        )?;
    }
    out.flush()?;
    Ok(())
}
