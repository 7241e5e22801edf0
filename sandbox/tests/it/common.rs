//! The harness: a sandbox on 127.0.0.1:0, a stub console that verifies and decrypts every push
//! with wxopen, the wxopen API client, and a control-API client.
// The harness is made of helpers, not `#[test]` functions, so clippy's `allow-*-in-tests` does
// not cover them: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::mpsc;
use url::Url;
use wechat_sandbox::{Sandbox, SandboxConfig};
use wxopen::api::{Client, Endpoints};
use wxopen::links::{AuthLink, AuthTarget};
use wxopen::push::{
    Addressee, AuthorizerMessage, ComponentEvent, ComponentPush, ReleaseTest, text_reply_xml,
};
use wxopen::{AppId, EncodingAesKey, MsgCrypt, Secret};

/// How the stub console answers authorizer messages.
#[derive(Clone)]
pub enum Mode {
    /// Encrypted text reply `echo: <content>`.
    Echo,
    /// The plain string `success`.
    Success,
    /// An unencrypted XML reply (wrong in safe mode).
    PlainXml,
    /// A correct release-test responder with this component token.
    Release { component: AppId, cat: Secret },
}

/// The 授权发起页域名 of the harness's components: the console's host.
pub const CONSOLE_DOMAIN: &str = "console.example.com";
/// A page of the console, the Referer of links the console opens.
pub const CONSOLE_PAGE: &str = "https://console.example.com/wechat/authorize";
/// WeChat's in-app browser on Android.
pub const WECHAT_UA: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0 Mobile Safari/537.36 MicroMessenger/8.0.50.2701(0x28003237) NetType/WIFI Language/zh_CN";

#[derive(Clone)]
struct Stub {
    crypts: Arc<Mutex<HashMap<String, MsgCrypt>>>,
    /// Release mode: the authorizer tokens the stub got from `authorized` pushes.
    tokens: Arc<Mutex<HashMap<String, Secret>>>,
    /// `(timestamp, nonce)` of every event push received, in order.
    event_stamps: Arc<Mutex<Vec<(String, String)>>>,
    events: mpsc::UnboundedSender<ComponentPush>,
    mode: Arc<Mutex<Mode>>,
    event_reply: Arc<Mutex<String>>,
    event_delay: Arc<Mutex<Duration>>,
    messages: Arc<Mutex<Vec<(String, AuthorizerMessage)>>>,
    client: Client,
    base: String,
}

pub struct Harness {
    pub sb: Sandbox,
    pub base: Url,
    pub client: Client,
    pub http: reqwest::Client,
    pub console: String,
    stub: Stub,
    events: mpsc::UnboundedReceiver<ComponentPush>,
}

/// A component created through the control API, with what the console knows about it.
pub struct Comp {
    pub appid: AppId,
    pub secret: Secret,
}

pub fn random_appid() -> String {
    let n: u64 = rand::random();
    format!("wx{n:016x}")
}

async fn on_event(
    State(stub): State<Stub>,
    Path(component): Path<String>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> String {
    let crypt = stub
        .crypts
        .lock()
        .unwrap()
        .get(&component)
        .cloned()
        .expect("known component");
    crypt
        .verify_url_signature(&q["signature"], &q["timestamp"], &q["nonce"])
        .expect("signature");
    assert_eq!(q["encrypt_type"], "aes");
    stub.event_stamps
        .lock()
        .unwrap()
        .push((q["timestamp"].clone(), q["nonce"].clone()));
    let opened = crypt
        .decrypt_body(&q["msg_signature"], &q["timestamp"], &q["nonce"], &body)
        .expect("push decrypts with the component's key and appid");
    assert_eq!(
        opened.addressee,
        Some(Addressee::Component(component.clone()))
    );
    let push = ComponentPush::parse(&opened.decrypted.plaintext).expect("push parses");
    assert_eq!(push.app_id, component);
    // A release-test responder exchanges the test accounts' codes, as a console does.
    let mode = stub.mode.lock().unwrap().clone();
    if let (
        Mode::Release { component, cat },
        ComponentEvent::Authorized(auth) | ComponentEvent::UpdateAuthorized(auth),
    ) = (mode, &push.event)
    {
        let info = stub
            .client
            .query_auth(&cat, &component, &auth.authorization_code)
            .await
            .expect("query_auth of the test account");
        let token = info
            .authorization_info
            .authorizer_access_token
            .expect("token");
        stub.tokens
            .lock()
            .unwrap()
            .insert(auth.authorizer_appid.clone(), token);
    }
    let delay = *stub.event_delay.lock().unwrap();
    tokio::time::sleep(delay).await;
    let _ = stub.events.send(push);
    stub.event_reply.lock().unwrap().clone()
}

async fn on_message(
    State(stub): State<Stub>,
    Path((component, authorizer)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> String {
    let crypt = stub
        .crypts
        .lock()
        .unwrap()
        .get(&component)
        .cloned()
        .expect("known component");
    let opened = crypt
        .decrypt_body(&q["msg_signature"], &q["timestamp"], &q["nonce"], &body)
        .expect("message decrypts with the component's key and appid");
    let msg = AuthorizerMessage::parse(&opened.decrypted.plaintext).expect("message parses");
    assert_eq!(
        opened.addressee,
        Some(Addressee::Authorizer(msg.to_user_name.clone()))
    );
    assert_eq!(q["openid"], msg.from_user_name);
    stub.messages
        .lock()
        .unwrap()
        .push((authorizer.clone(), msg.clone()));
    let reply = |content: &str| {
        let xml = text_reply_xml(
            &msg.from_user_name,
            &msg.to_user_name,
            msg.create_time,
            content,
        );
        crypt.encrypted_reply_xml(
            &xml,
            &q["timestamp"],
            &q["nonce"],
            opened.decrypted.key_slot,
        )
    };
    let mode = stub.mode.lock().unwrap().clone();
    match mode {
        Mode::Echo => reply(&format!("echo: {}", msg.text().unwrap_or("event"))),
        Mode::Success => "success".into(),
        Mode::PlainXml => text_reply_xml(&msg.from_user_name, &msg.to_user_name, 1, "plain"),
        Mode::Release { component, cat } => match msg.release_test(&authorizer) {
            Some(ReleaseTest::QueryAuthCode(code)) => {
                let (client, base) = (stub.client.clone(), stub.base.clone());
                let openid = msg.from_user_name.clone();
                tokio::spawn(async move {
                    let auth = client
                        .query_auth(&cat, &component, &code)
                        .await
                        .expect("query_auth");
                    let token = auth
                        .authorization_info
                        .authorizer_access_token
                        .expect("token");
                    let text = ReleaseTest::QueryAuthCode(code)
                        .customer_service_text()
                        .expect("text");
                    custom_send(&base, &token, &openid, &text).await;
                });
                String::new()
            }
            Some(ReleaseTest::MiniProgramText) => {
                let token = stub
                    .tokens
                    .lock()
                    .unwrap()
                    .get(&authorizer)
                    .cloned()
                    .expect("the test mini program's token from its authorized push");
                let text = ReleaseTest::MiniProgramText
                    .customer_service_text()
                    .expect("text");
                let (base, openid) = (stub.base.clone(), msg.from_user_name.clone());
                tokio::spawn(async move { custom_send(&base, &token, &openid, &text).await });
                String::new()
            }
            Some(test) => reply(&test.passive_reply().unwrap_or_default()),
            None => "success".into(),
        },
    }
}

async fn custom_send(base: &str, token: &Secret, openid: &str, text: &str) {
    let answer: Value = reqwest::Client::new()
        .post(format!(
            "{base}/cgi-bin/message/custom/send?access_token={}",
            token.expose()
        ))
        .json(&json!({"touser": openid, "msgtype": "text", "text": {"content": text}}))
        .send()
        .await
        .expect("custom send")
        .json()
        .await
        .expect("custom send answer");
    assert_eq!(answer["errcode"], 0, "{answer}");
}

impl Harness {
    pub async fn start() -> Harness {
        Harness::with_config(SandboxConfig {
            release_test_timeout: Duration::from_secs(10),
            ..SandboxConfig::default()
        })
        .await
    }

    pub async fn with_config(config: SandboxConfig) -> Harness {
        let sb = Sandbox::new(config);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = Url::parse(&format!("http://{}", listener.local_addr().unwrap())).unwrap();
        tokio::spawn(sb.clone().serve(listener));
        let client = Client::new(Endpoints::all_at(base.clone()), Duration::from_secs(10)).unwrap();

        let (tx, events) = mpsc::unbounded_channel();
        let stub = Stub {
            crypts: Default::default(),
            tokens: Default::default(),
            event_stamps: Default::default(),
            events: tx,
            mode: Arc::new(Mutex::new(Mode::Echo)),
            event_reply: Arc::new(Mutex::new("success".into())),
            event_delay: Arc::new(Mutex::new(Duration::ZERO)),
            messages: Default::default(),
            client: client.clone(),
            base: base.as_str().trim_end_matches('/').to_owned(),
        };
        let app = Router::new()
            .route("/events/{component}", post(on_event))
            .route("/messages/{component}/{authorizer}", post(on_message))
            .with_state(stub.clone());
        let console_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let console = format!("http://{}", console_listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(console_listener, app).await.unwrap() });

        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        Harness {
            sb,
            base,
            client,
            http,
            console,
            stub,
            events,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base.as_str().trim_end_matches('/'), path)
    }

    pub async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn patch(&self, path: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .patch(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str) -> Value {
        self.http
            .get(self.url(path))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// A page as the merchant opens it from the console: the Referer is a console page on
    /// [`CONSOLE_DOMAIN`], the browser WeChat's.
    pub async fn page(&self, url: &str) -> String {
        self.page_as(url, Some(CONSOLE_PAGE), Some(WECHAT_UA)).await
    }

    /// A page with this Referer and user agent (`None`: the header is not sent).
    pub async fn page_as(&self, url: &str, referer: Option<&str>, ua: Option<&str>) -> String {
        let mut req = self.http.get(url);
        if let Some(r) = referer {
            req = req.header("referer", r);
        }
        if let Some(ua) = ua {
            req = req.header("user-agent", ua);
        }
        req.send().await.unwrap().text().await.unwrap()
    }

    /// Submits a page's own form, from WeChat's browser (the Referer is the page itself).
    pub async fn submit(&self, url: &str, form: &str) -> reqwest::Response {
        self.http
            .post(url.trim_end_matches("#wechat_redirect"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("referer", url)
            .header("user-agent", WECHAT_UA)
            .body(form.to_owned())
            .send()
            .await
            .unwrap()
    }

    pub fn set_mode(&self, mode: Mode) {
        *self.stub.mode.lock().unwrap() = mode;
    }

    pub fn set_event_reply(&self, reply: &str) {
        *self.stub.event_reply.lock().unwrap() = reply.into();
    }

    /// The stub console takes this long to answer each push (after which it records it).
    pub fn set_event_delay(&self, delay: Duration) {
        *self.stub.event_delay.lock().unwrap() = delay;
    }

    /// `(timestamp, nonce)` of every event push the stub console received.
    pub fn event_stamps(&self) -> Vec<(String, String)> {
        self.stub.event_stamps.lock().unwrap().clone()
    }

    pub fn messages(&self) -> Vec<(String, AuthorizerMessage)> {
        self.stub.messages.lock().unwrap().clone()
    }

    /// A component whose token and key the stub console knows; `extra` overrides the spec.
    /// Tickets are not pushed on a timer unless `extra` says so (interval one day). It is
    /// published, and its 授权发起页域名 is [`CONSOLE_DOMAIN`].
    pub async fn component(&self, extra: Value) -> Comp {
        let appid = random_appid();
        let key = EncodingAesKey::generate();
        let token = "sandboxtoken";
        let crypt = MsgCrypt::new(token, key.clone(), appid.clone());
        self.stub
            .crypts
            .lock()
            .unwrap()
            .insert(appid.clone(), crypt);
        let mut spec = json!({
            "appid": appid,
            "token": token,
            "encoding_aes_key": key.to_encoded(),
            "event_url": format!("{}/events/{appid}", self.console),
            "message_url": format!("{}/messages/{appid}/$APPID$", self.console),
            "ticket_interval_secs": 86_400,
            "published": true,
            "auth_domain": CONSOLE_DOMAIN,
        });
        for (k, v) in extra.as_object().cloned().unwrap_or_default() {
            spec[k] = v;
        }
        let (status, json) = self.post("/_sandbox/components", spec).await;
        assert_eq!(status, 200, "{json}");
        Comp {
            appid: AppId::parse(&appid).unwrap(),
            secret: Secret::new(json["secret"].as_str().unwrap()),
        }
    }

    /// The next push of this InfoType (others are skipped).
    pub async fn event(&mut self, info_type: &str) -> ComponentPush {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            let push = tokio::time::timeout_at(deadline, self.events.recv())
                .await
                .unwrap_or_else(|_| panic!("no {info_type} push"))
                .unwrap();
            if push.info_type == info_type {
                return push;
            }
        }
    }

    /// A push that already arrived (none is waited for).
    pub fn event_now(&mut self, info_type: &str) -> Option<ComponentPush> {
        while let Ok(push) = self.events.try_recv() {
            if push.info_type == info_type {
                return Some(push);
            }
        }
        None
    }

    /// A fresh ticket, pushed through the control API.
    pub async fn ticket(&mut self, c: &Comp) -> Secret {
        let (status, record) = self
            .post(
                &format!("/_sandbox/components/{}/push_ticket", c.appid),
                json!({}),
            )
            .await;
        assert_eq!(status, 200);
        assert_eq!(record["outcome"], "success", "{record}");
        // The pushed one (a timer's ticket for another component may be queued before it).
        let pushed = ComponentPush::parse(record["plaintext"].as_str().unwrap()).unwrap();
        loop {
            let push = self.event("component_verify_ticket").await;
            if push == pushed {
                match push.event {
                    ComponentEvent::VerifyTicket { ticket } => return ticket,
                    other => panic!("{other:?}"),
                }
            }
        }
    }

    /// A component access token.
    pub async fn cat(&mut self, c: &Comp) -> Secret {
        let ticket = self.ticket(c).await;
        self.client
            .component_token(&c.appid, &c.secret, &ticket)
            .await
            .unwrap()
            .component_access_token
    }

    pub async fn account(&self, spec: Value) -> AppId {
        let (status, json) = self.post("/_sandbox/accounts", spec).await;
        assert_eq!(status, 200, "{json}");
        AppId::parse(json["appid"].as_str().unwrap()).unwrap()
    }

    /// Authorizes `account` through the control API (as the administrator) and exchanges the
    /// code: returns (authorizer access token, refresh token).
    pub async fn authorize(
        &mut self,
        c: &Comp,
        cat: &Secret,
        account: &AppId,
        funcs: Option<Vec<u32>>,
    ) -> (Secret, Secret) {
        let pre = self
            .client
            .create_pre_auth_code(cat, &c.appid)
            .await
            .unwrap();
        let mut body = json!({
            "pre_auth_code": pre.pre_auth_code.expose(),
            "appid": account.as_str(),
            "redirect_uri": "https://console.example.com/cb",
        });
        if let Some(f) = funcs {
            body["func_ids"] = json!(f);
        }
        let (status, json) = self.post("/_sandbox/authorizations/confirm", body).await;
        assert_eq!(status, 200, "{json}");
        let code = Secret::new(json["auth_code"].as_str().unwrap());
        let info = self
            .client
            .query_auth(cat, &c.appid, &code)
            .await
            .unwrap()
            .authorization_info;
        (
            info.authorizer_access_token.unwrap(),
            info.authorizer_refresh_token.unwrap(),
        )
    }

    /// An authorization link for the stub console's callback.
    pub fn link(
        &self,
        c: &Comp,
        pre: Secret,
        target: AuthTarget,
        category_ids: Vec<u32>,
    ) -> AuthLink {
        AuthLink {
            component_appid: c.appid.clone(),
            pre_auth_code: pre,
            redirect_uri: "https://console.example.com/wechat/cb?tenant=t1".into(),
            target,
            category_ids,
        }
    }

    pub fn endpoints(&self) -> Endpoints {
        Endpoints::all_at(self.base.clone())
    }

    /// Advances the sandbox clock (due tickets are pushed before this returns).
    pub async fn advance(&self, secs: u64) -> Value {
        let (status, json) = self
            .post("/_sandbox/clock", json!({"advance_secs": secs}))
            .await;
        assert_eq!(status, 200, "{json}");
        json
    }
}

/// The errcode of a failed wxopen call.
pub fn errcode<T: std::fmt::Debug>(r: Result<T, wxopen::ApiError>) -> i64 {
    r.unwrap_err().wechat().expect("a WeChat error").errcode
}

/// The query of a URL as a map.
pub fn query(url: &str) -> HashMap<String, String> {
    Url::parse(url)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}
