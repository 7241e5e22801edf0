//! Every push type, in the field orders and CDATA variants seen in real pushes.

use wxopen::push::{
    Addressee, AuthorizerMessage, ComponentEvent, ComponentPush, Envelope, MessageKind,
    ReleaseTest, XmlError,
};
use wxopen::{EncodingAesKey, MsgCrypt};

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn component(name: &str) -> ComponentPush {
    ComponentPush::parse(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn message(name: &str) -> AuthorizerMessage {
    AuthorizerMessage::parse(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn verify_ticket_with_cdata_and_newlines() {
    let push = component("component_verify_ticket.xml");
    assert_eq!(push.app_id, "wxbbd3f07e2945cf2a");
    assert_eq!(push.create_time, 1436881222);
    assert_eq!(push.info_type, "component_verify_ticket");
    let ComponentEvent::VerifyTicket { ticket } = push.event else {
        panic!("{push:?}")
    };
    assert_eq!(
        ticket.expose(),
        "ticket@@@hXh2446N-P9OOZqW4EeuPO9zFXEnAz5Vzc0JaWczBkIqcw2javRF0C_VVdwVYrEwyw1xHOiui7gB0WqKaYPMUQ"
    );
}

#[test]
fn verify_ticket_without_cdata_in_reverse_order() {
    let push = component("component_verify_ticket_nocdata_oneline.xml");
    assert_eq!(push.app_id, "wx134c8103faa5a59e");
    assert_eq!(push.create_time, 1700000000);
    let ComponentEvent::VerifyTicket { ticket } = &push.event else {
        panic!("{push:?}")
    };
    assert_eq!(ticket.expose(), "ticket@@@abc-DEF_123");
    assert!(
        !format!("{push:?}").contains("abc-DEF"),
        "Debug must not print the ticket"
    );
}

#[test]
fn authorized_and_updateauthorized() {
    let push = component("authorized.xml");
    let ComponentEvent::Authorized(auth) = &push.event else {
        panic!("{push:?}")
    };
    assert_eq!(auth.authorizer_appid, "wxba5fad812f8e6fb9");
    assert_eq!(
        auth.authorization_code.expose(),
        "queryauthcode@@@cHG0OYbCbHLQZ5dhW7UJ_XfLHKpEdigNKqPOMlyzO9U"
    );
    assert_eq!(auth.authorization_code_expired_time, Some(1413196360));
    assert_eq!(
        auth.pre_auth_code.as_ref().map(|c| c.expose()),
        Some("preauthcode@@@X6BGv8cRs_D7k2k7CaoUZvIw1SaZ4vNRTTK4ZvXkTrc")
    );
    assert!(!format!("{push:?}").contains("queryauthcode@@@"));

    let push = component("updateauthorized_nocdata.xml");
    let ComponentEvent::UpdateAuthorized(auth) = &push.event else {
        panic!("{push:?}")
    };
    assert_eq!(auth.authorizer_appid, "wxba5fad812f8e6fb9");
    assert_eq!(auth.authorization_code.expose(), "queryauthcode@@@update");
}

#[test]
fn unauthorized_without_newline_between_fields() {
    // Senparc's vector: `...</InfoType><AuthorizerAppid>...` and CreateTime ≠ URL timestamp.
    let push = component("unauthorized.xml");
    assert_eq!(push.create_time, 1436876196);
    assert_eq!(
        push.event,
        ComponentEvent::Unauthorized {
            authorizer_appid: "wxc736b9251b3c6c41".into()
        }
    );
}

#[test]
fn fast_register_enterprise_as_documented() {
    let push = component("fastregister_enterprise_doc.xml");
    assert_eq!(
        push.app_id, "wx134c8103faa5a59e",
        "<AppId> is the component"
    );
    let ComponentEvent::FastRegister(r) = &push.event else {
        panic!("{push:?}")
    };
    assert_eq!(
        r.appid.as_deref(),
        Some("wx5d0c5ba1a1ac6a3c"),
        "<appid> is the new app"
    );
    assert_eq!(r.status, 0);
    assert_eq!(
        r.auth_code.as_ref().map(|c| c.expose()),
        Some("authcode@@@enterprise")
    );
    assert_eq!(r.msg.as_deref(), Some("OK"));
    assert_eq!(r.info.name.as_deref(), Some("腾讯计算机系统有限公司"));
    assert_eq!(r.info.code.as_deref(), Some("91440300708461136T"));
    assert_eq!(r.info.code_type.as_deref(), Some("1"));
    assert_eq!(r.info.legal_persona_wechat.as_deref(), Some("legal_wx"));
    assert_eq!(r.info.legal_persona_name.as_deref(), Some("张三"));
    assert_eq!(r.info.component_phone.as_deref(), Some("075586013388"));
    assert_eq!(r.info.taskid, None);
}

#[test]
fn fast_register_enterprise_community_capture() {
    // CDATA everywhere, order status,msg,appid,auth_code, empty fields and <info><taskid>.
    let push = component("fastregister_enterprise_community.xml");
    let ComponentEvent::FastRegister(r) = &push.event else {
        panic!("{push:?}")
    };
    assert_eq!(r.status, 0);
    assert_eq!(r.msg.as_deref(), Some("OK"));
    assert_eq!(r.appid.as_deref(), Some("wx5d0c5ba1a1ac6a3c"));
    assert_eq!(
        r.auth_code.as_ref().map(|c| c.expose()),
        Some("authcode@@@community")
    );
    assert_eq!(r.info.name.as_deref(), Some(""));
    assert_eq!(r.info.legal_persona_name.as_deref(), Some(""));
    assert_eq!(
        r.info.taskid.as_deref(),
        Some("a6c51b6e2b0d4c1f9e3d7a8b5c4e2f10")
    );
}

#[test]
fn fast_register_personal_failure() {
    let push = component("fastregister_personal_failed.xml");
    let ComponentEvent::FastRegister(r) = &push.event else {
        panic!("{push:?}")
    };
    assert_eq!(r.status, 89249);
    assert_eq!(r.appid.as_deref(), Some(""));
    assert_eq!(r.msg.as_deref(), Some("task running"));
    assert_eq!(r.info.wxuser.as_deref(), Some("zhangsan_wx"));
    assert_eq!(r.info.idname.as_deref(), Some("张三"));
    assert_eq!(r.info.component_phone.as_deref(), Some("13800000000"));
    assert_eq!(
        r.info.taskid.as_deref(),
        Some("f0e1d2c3b4a5968778695a4b3c2d1e0f")
    );
}

#[test]
fn fast_register_beta_and_verify_beta() {
    let push = component("fastregister_beta.xml");
    let ComponentEvent::FastRegisterBeta(r) = &push.event else {
        panic!("{push:?}")
    };
    assert_eq!(r.appid.as_deref(), Some("wx6a4b3c2d1e0f9a8b"));
    assert_eq!(
        r.info.unique_id.as_deref(),
        Some("0d2c7e5ab0f946a1b6e8d3c2a1f0e9d8")
    );
    assert_eq!(r.info.name.as_deref(), Some("小鹅的体验小程序"));
    assert_eq!(r.auth_code, None);

    let push = component("fastverify_beta_nocdata.xml");
    let ComponentEvent::FastVerifyBeta(r) = &push.event else {
        panic!("{push:?}")
    };
    assert_eq!(r.status, 0);
    assert_eq!(r.info.name.as_deref(), Some("小鹅科技有限公司"));
    assert_eq!(r.info.legal_persona_name.as_deref(), Some("张三"));
}

#[test]
fn unknown_info_type_keeps_the_raw_xml() {
    let raw = fixture("unknown_nickname_audit.xml");
    let push = ComponentPush::parse(&raw).unwrap();
    assert_eq!(push.info_type, "wxa_nickname_audit");
    assert_eq!(push.event, ComponentEvent::Unknown { raw_xml: raw });
}

#[test]
fn component_push_missing_or_malformed_fields() {
    assert_eq!(
        ComponentPush::parse(
            "<xml><AppId>a</AppId><CreateTime>1</CreateTime><InfoType>component_verify_ticket</InfoType></xml>"
        ),
        Err(XmlError::Missing("ComponentVerifyTicket"))
    );
    assert_eq!(
        ComponentPush::parse(
            "<xml><AppId>a</AppId><CreateTime>soon</CreateTime><InfoType>x</InfoType></xml>"
        ),
        Err(XmlError::NotInteger {
            name: "CreateTime",
            value: "soon".into()
        })
    );
    assert_eq!(
        ComponentPush::parse(
            "<xml><appid>a</appid><CreateTime>1</CreateTime><InfoType>x</InfoType></xml>"
        ),
        Err(XmlError::Missing("AppId")),
        "<appid> is not <AppId>"
    );
}

#[test]
fn text_messages_with_and_without_cdata() {
    let m = message("message_text.xml");
    assert_eq!(m.to_user_name, "gh_10f6c3c3ac5a");
    assert_eq!(m.from_user_name, "oyORnuP8q7ou2gfYjqLzSIWZf0rs");
    assert_eq!(m.create_time, 1409735668);
    assert_eq!(m.msg_type, "text");
    assert_eq!(m.msg_id.as_deref(), Some("6054768590064713728"));
    assert_eq!(m.text(), Some("abcdteT"));

    let m = message("message_text_nocdata_oneline.xml");
    assert_eq!(m.to_user_name, "asdasdasd");
    assert_eq!(
        m.kind,
        MessageKind::Text {
            content: "a <b> & c".into()
        }
    );
    assert_eq!(m.release_test("wx570bc396a51b8ff8"), None);
}

#[test]
fn events_keep_every_field() {
    let m = message("message_event_debug_demo.xml");
    assert_eq!(
        m.kind,
        MessageKind::Event {
            event: "debug_demo".into(),
            event_key: None
        }
    );
    assert_eq!(m.field("debug_str"), Some("hello world"));
    assert_eq!(m.msg_id, None);

    let m = message("message_event_audit_fail.xml");
    assert_eq!(m.field("Reason"), Some("1:账号信息不符合规范"));
    assert_eq!(m.field("FailTime"), Some("1776326400"));

    let m = message("message_event_subscribe.xml");
    assert_eq!(
        m.kind,
        MessageKind::Event {
            event: "subscribe".into(),
            event_key: Some("qrscene_123".into())
        }
    );
    // An ordinary account's event is not the release test.
    assert_eq!(m.release_test("wxba5fad812f8e6fb9"), None);
}

#[test]
fn other_message_types() {
    let m = message("message_image.xml");
    assert_eq!(m.kind, MessageKind::Other);
    assert_eq!(m.msg_type, "image");
    assert_eq!(m.field("PicUrl"), Some("http://mmbiz.qpic.cn/abc"));

    let m = message("message_video_nested.xml");
    assert_eq!(m.msg_type, "video");
    assert_eq!(m.to_user_name, "oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw");
}

#[test]
fn release_test_messages() {
    let appid = "wx570bc396a51b8ff8";
    let t = message("release_test_text.xml")
        .release_test(appid)
        .unwrap();
    assert_eq!(t, ReleaseTest::Text);
    assert_eq!(
        t.passive_reply().as_deref(),
        Some("TESTCOMPONENT_MSG_TYPE_TEXT_callback")
    );
    assert_eq!(t.customer_service_text(), None);

    let t = message("release_test_query_auth_code.xml")
        .release_test(appid)
        .unwrap();
    let ReleaseTest::QueryAuthCode(code) = &t else {
        panic!("{t:?}")
    };
    assert_eq!(code.expose(), "queryauthcode@@@release_test_code");
    assert_eq!(
        t.passive_reply(),
        None,
        "reply empty, then answer through the API"
    );
    assert_eq!(
        t.customer_service_text().as_deref(),
        Some("queryauthcode@@@release_test_code_from_api")
    );

    let t = message("release_test_event.xml")
        .release_test(appid)
        .unwrap();
    assert_eq!(t, ReleaseTest::Event("LOCATION".into()));
    assert_eq!(t.passive_reply().as_deref(), Some("LOCATIONfrom_callback"));
    assert_eq!(
        message("release_test_event.xml").release_test("wxba5fad812f8e6fb9"),
        None
    );
}

#[test]
fn every_group_of_release_test_accounts_is_recognised() {
    // WeChat draws one of five groups at random (reference B18).
    for group in 1..=5u8 {
        let of_group: Vec<_> = wxopen::push::RELEASE_TEST_ACCOUNTS
            .iter()
            .filter(|a| a.group == group)
            .collect();
        assert_eq!(of_group.len(), 2, "group {group}");
        for a in of_group {
            assert!(a.appid.starts_with("wx") && a.appid.len() == 18, "{a:?}");
            assert!(a.user_name.starts_with("gh_"), "{a:?}");
            let event = message("release_test_event.xml").release_test(a.appid);
            assert_eq!(event, Some(ReleaseTest::Event("LOCATION".into())), "{a:?}");
            let text = message("release_test_text.xml")
                .release_test(a.appid)
                .unwrap();
            match a.kind {
                wxopen::funcscope::AccountKind::MiniProgram => {
                    // Mini programs answer customer-service messages through the API only.
                    assert_eq!(text, ReleaseTest::MiniProgramText);
                    assert_eq!(text.passive_reply(), None);
                    assert_eq!(
                        text.customer_service_text().as_deref(),
                        Some("TESTCOMPONENT_MSG_TYPE_TEXT_callback")
                    );
                }
                _ => assert_eq!(text, ReleaseTest::Text),
            }
        }
    }
}

#[test]
fn every_fixture_survives_encryption_end_to_end() {
    let crypt = MsgCrypt::new(
        "token",
        EncodingAesKey::parse("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG").unwrap(),
        "wx134c8103faa5a59e",
    );
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let plain = std::fs::read_to_string(&path).unwrap();
        let sealed = crypt.encrypt(&plain, "1776326400", "nonce");
        let is_message = plain.contains("<MsgType>");
        let addressee = if is_message {
            Addressee::Authorizer("gh_3c884a361561".into())
        } else {
            Addressee::Component("wx134c8103faa5a59e".into())
        };
        let body = Envelope {
            encrypt: sealed.encrypt,
            addressee: Some(addressee.clone()),
        }
        .to_xml();
        let opened = crypt
            .decrypt_body(
                &sealed.msg_signature,
                "1776326400",
                "nonce",
                body.as_bytes(),
            )
            .unwrap();
        assert_eq!(opened.addressee, Some(addressee));
        assert_eq!(opened.decrypted.plaintext, plain, "{path:?}");
        if is_message {
            AuthorizerMessage::parse(&opened.decrypted.plaintext).unwrap();
        } else {
            ComponentPush::parse(&opened.decrypted.plaintext).unwrap();
        }
        count += 1;
    }
    assert_eq!(count, 21);
}

#[test]
fn oversized_bodies_are_rejected_before_parsing() {
    let body = format!(
        "<xml><Encrypt>{}</Encrypt></xml>",
        "A".repeat(wxopen::push::MAX_BODY_BYTES)
    );
    assert!(matches!(
        Envelope::parse(body.as_bytes()),
        Err(XmlError::TooLarge { .. })
    ));
}
