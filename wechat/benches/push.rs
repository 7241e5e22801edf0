//! verify + decrypt + parse of a ticket push and of a ~1 KiB text message push.

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use wxopen::push::{Addressee, AuthorizerMessage, ComponentPush, Envelope};
use wxopen::{EncodingAesKey, MsgCrypt};

/// A real push: the senparc-open-ticket vector as WeChat posts it.
fn ticket_push() -> (MsgCrypt, Vec<u8>) {
    let key = EncodingAesKey::parse("0123456789012345678901234567890123456789012")
        .unwrap_or_else(|e| panic!("{e}"));
    let crypt = MsgCrypt::new("senparc", key, "wxbbd3f07e2945cf2a");
    let body = "<xml>\n<AppId><![CDATA[wxbbd3f07e2945cf2a]]></AppId>\n<Encrypt><![CDATA[/RWeOUN4J839ynYH960Duj2k0WwvSfwq2dBFQ1NG78v9CZKbiCk5F8Fq/RGV0oFALoy+2L7KDe+1EbitZK7T4KtHMxntcEeQDxhWGdbeyTYJStcl7pudKA/ltfPP2nDbMrvmdl6JAX/XY4El0XEaYMrxegU3B1aUMZJ1GDjz9pIFv5+DPWj2mf7mhwIKcJSfeMctifS5UyJHKmIM+gnPQjtcKsVdnjaLckEScUsKKTygeG9IOtWFfE720W6g5UfOg3yxPFCUrqjWKRTue7g0yT0vQyb0L5cODKh1bCjIRcgikJsRVo3tAX1QO/CrHzKEEDqaD3Rx1hRkvRl/2KQlFd/DkhOzWp1LmpsCZQiNj0Fdc41aVleaFrwUQ8svg9Wt2iJLDhdqlz1Us2Pb6Ayx3dJLhXtb4ynJGsPFq0N8RrCuLgU391BpAiga5JBcjzS50pfvBBEEPQDyAE7znPphrA==]]></Encrypt>\n</xml>";
    (crypt, body.as_bytes().to_vec())
}

/// A text message whose plaintext is 1 KiB, encrypted like WeChat would.
fn message_push() -> (MsgCrypt, Vec<u8>, String) {
    let key = EncodingAesKey::parse("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")
        .unwrap_or_else(|e| panic!("{e}"));
    let crypt = MsgCrypt::new("token", key, "wx134c8103faa5a59e");
    let head = "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n<CreateTime>1409735668</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[";
    let tail = "]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>";
    let mut content = "Hello, WeChat! ".repeat(80);
    content.truncate(1024 - head.len() - tail.len());
    let plain = format!("{head}{content}{tail}");
    assert_eq!(plain.len(), 1024);
    let sealed = crypt.encrypt(&plain, "1409735669", "1320562132");
    let body = Envelope {
        encrypt: sealed.encrypt,
        addressee: Some(Addressee::Authorizer("gh_10f6c3c3ac5a".into())),
    }
    .to_xml();
    (crypt, body.into_bytes(), sealed.msg_signature)
}

fn bench(c: &mut Criterion) {
    let (crypt, body) = ticket_push();
    c.bench_function("ticket push: verify+decrypt+parse", |b| {
        b.iter(|| {
            let opened = crypt
                .decrypt_body(
                    black_box("066523677e42a15c64a725ba0058cd7651174624"),
                    "1436881222",
                    "296318614",
                    black_box(&body),
                )
                .unwrap_or_else(|e| panic!("{e}"));
            ComponentPush::parse(&opened.decrypted.plaintext).unwrap_or_else(|e| panic!("{e}"))
        })
    });

    let (crypt, body, sig) = message_push();
    c.bench_function("1 KiB text message push: verify+decrypt+parse", |b| {
        b.iter(|| {
            let opened = crypt
                .decrypt_body(
                    black_box(&sig),
                    "1409735669",
                    "1320562132",
                    black_box(&body),
                )
                .unwrap_or_else(|e| panic!("{e}"));
            AuthorizerMessage::parse(&opened.decrypted.plaintext).unwrap_or_else(|e| panic!("{e}"))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
