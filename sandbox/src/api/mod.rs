//! The simulated WeChat APIs. Every call goes through [`handle`]: injected faults, the logic
//! under the state lock, call counting, rids on errors, pushes after the lock is released.

mod authorization;
mod business;
mod component_token;
mod quota;
mod register;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, FromRequest, Request, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use serde_json::{Value, json};

use crate::Sandbox;
use crate::endpoint::Ep;
use crate::error::WxErr;
use crate::faults::{self, Injected};
use crate::ids;
use crate::state::{PushJob, RidRecord, TokenOwner, World};

/// The parts of a request the API handlers need.
pub(crate) struct ApiRequest {
    pub uri: Uri,
    pub headers: HeaderMap,
    pub client_ip: Option<IpAddr>,
    pub body: Bytes,
}

impl FromRequest<Sandbox> for ApiRequest {
    type Rejection = Response;

    async fn from_request(req: Request, state: &Sandbox) -> Result<Self, Self::Rejection> {
        let client_ip = req
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| normalize_ip(addr.ip()));
        let (parts, body) = req.into_parts();
        let body = Bytes::from_request(Request::new(body), state)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(ApiRequest {
            uri: parts.uri,
            headers: parts.headers,
            client_ip,
            body,
        })
    }
}

/// `::ffff:127.0.0.1` is `127.0.0.1`.
pub(crate) fn normalize_ip(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// A file posted to `media/upload`.
pub(crate) struct Upload {
    pub filename: String,
    pub content_type: String,
    pub bytes: Bytes,
}

/// What a handler answers.
pub(crate) enum Reply {
    Json(Value),
    Raw(Response),
}

/// One API call in progress.
pub(crate) struct Call {
    pub sb: Sandbox,
    pub ep: Ep,
    pub req: ApiRequest,
    pub query: HashMap<String, String>,
    pub now_ms: i64,
    /// The appid the call is about (for counts and quotas).
    pub subject: Option<String>,
    /// The component whose whitelist and rid log apply.
    pub component: Option<String>,
    /// Pushes to send once the answer is ready.
    pub after: Vec<PushJob>,
    pub upload: Option<Upload>,
    started: Instant,
}

pub(crate) type Logic = fn(&mut Call, &mut World) -> Result<Reply, WxErr>;

/// Runs one call of `ep`.
pub(crate) async fn handle(
    sb: Sandbox,
    ep: Ep,
    req: ApiRequest,
    upload: Option<Upload>,
    logic: Logic,
) -> Response {
    let query = url::form_urlencoded::parse(req.uri.query().unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let mut call = Call {
        now_ms: sb.now_ms(),
        sb: sb.clone(),
        ep,
        req,
        query,
        subject: None,
        component: None,
        after: Vec::new(),
        upload,
        started: Instant::now(),
    };
    let injected = sb.world().take_faults(ep.name());
    for fault in &injected {
        if let Injected::Latency(d) = fault {
            tokio::time::sleep(*d).await;
        }
    }
    let fired = injected
        .into_iter()
        .find(|f| !matches!(f, Injected::Latency(_)));
    let result = match fired {
        Some(Injected::Errcode(code)) => Err(injected_error(code)),
        Some(Injected::HttpStatus(status)) => Ok(Reply::Raw(faults::http_status(status))),
        Some(Injected::Drop) => Ok(Reply::Raw(faults::dropped())),
        _ => {
            let mut world = sb.world();
            logic(&mut call, &mut world)
        }
    };
    call.finish(result)
}

fn injected_error(code: i64) -> WxErr {
    match code {
        -1 => WxErr::system_error(),
        45009 => WxErr::quota(),
        40001 => WxErr::invalid_credential(),
        42001 => WxErr::token_expired(),
        45011 => WxErr::new(
            45011,
            "api minute-quota reach limit  mustslower  retry next minute",
        ),
        48001 => WxErr::api_unauthorized(),
        61007 => WxErr::component_unauthorized(),
        61023 => WxErr::refresh_token_invalid(),
        _ => WxErr::new(code, "sandbox injected error"),
    }
}

/// The route of `ep`: POST, and GET too where WeChat uses GET.
fn api(ep: Ep, logic: Logic, also_get: bool) -> MethodRouter<Sandbox> {
    let handler =
        move |State(sb): State<Sandbox>, req: ApiRequest| handle(sb, ep, req, None, logic);
    if also_get {
        get(handler).post(handler)
    } else {
        post(handler)
    }
}

/// Every API route.
pub(crate) fn routes() -> Router<Sandbox> {
    let table: [(Ep, Logic, bool); 32] = [
        (Ep::ComponentToken, component_token::component_token, false),
        (
            Ep::StartPushTicket,
            component_token::start_push_ticket,
            false,
        ),
        (
            Ep::CreatePreAuthCode,
            authorization::create_pre_auth_code,
            false,
        ),
        (Ep::QueryAuth, authorization::query_auth, false),
        (Ep::AuthorizerToken, authorization::authorizer_token, false),
        (Ep::AuthorizerInfo, authorization::authorizer_info, false),
        (Ep::AuthorizerList, authorization::authorizer_list, false),
        (Ep::GetOptionLegacy, authorization::get_option_legacy, false),
        (Ep::SetOptionLegacy, authorization::set_option_legacy, false),
        (Ep::GetOption, authorization::get_option, false),
        (Ep::SetOption, authorization::set_option, false),
        (Ep::FastRegisterOld, register::old_fastregister, false),
        (Ep::FastRegisterEnterprise, register::enterprise, false),
        (Ep::FastRegisterPersonal, register::personal, false),
        (Ep::FastRegisterBeta, register::beta, false),
        (Ep::SetBetaNickname, register::set_beta_nickname, false),
        (Ep::VerifyBeta, register::verify_beta, false),
        (Ep::FastRegisterReuseOa, register::reuse_oa, false),
        (Ep::QuotaGet, quota::quota_get, false),
        (Ep::RidGet, quota::rid_get, false),
        (Ep::ClearQuota, quota::clear_quota, false),
        (Ep::ClearComponentQuota, quota::clear_component_quota, false),
        (Ep::ClearQuotaV2, quota::clear_quota_v2, false),
        (Ep::CustomSend, business::custom_send, false),
        (Ep::UserInfo, business::user_info, true),
        (Ep::UserInfoBatch, business::user_info_batch, false),
        (Ep::UserGet, business::user_get, true),
        (Ep::MediaGet, business::media_get, true),
        (Ep::JsApiTicket, business::jsapi_ticket, true),
        (Ep::OAuthAccessToken, business::oauth_access_token, true),
        (Ep::OAuthRefreshToken, business::oauth_refresh_token, true),
        (Ep::SnsUserInfo, business::sns_userinfo, true),
    ];
    table
        .into_iter()
        .fold(Router::new(), |router, (ep, logic, also_get)| {
            router.route(ep.path(), api(ep, logic, also_get))
        })
        // WeChat takes media up to 10 MB (axum's default limit is 2 MB).
        .route(
            Ep::MediaUpload.path(),
            post(business::media_upload)
                .layer(axum::extract::DefaultBodyLimit::max(12 * 1024 * 1024)),
        )
}

impl Call {
    /// The JSON body (44002 when empty, 47001 when not JSON).
    pub fn body(&self) -> Result<Value, WxErr> {
        if self.req.body.iter().all(u8::is_ascii_whitespace) {
            return Err(WxErr::empty_post());
        }
        serde_json::from_slice(&self.req.body).map_err(|_| WxErr::data_format())
    }

    /// A query parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }

    fn token_param(&self) -> Option<&str> {
        self.param("access_token")
            .or_else(|| self.param("component_access_token"))
    }

    /// The whitelist of `component` must hold the caller's address (61004).
    pub fn check_ip(&self, w: &World, component: &str) -> Result<(), WxErr> {
        let Some(ip) = self.req.client_ip else {
            return Ok(());
        };
        let allowed = w.components.get(component).is_some_and(|c| {
            c.info
                .ip_whitelist
                .iter()
                .filter_map(|s| s.parse::<IpAddr>().ok())
                .any(|a| normalize_ip(a) == ip)
        });
        if allowed {
            Ok(())
        } else {
            Err(WxErr::ip_not_registered(&ip.to_string()))
        }
    }

    /// Records what the call is about.
    pub fn about(&mut self, component: &str, subject: &str) {
        self.component = Some(component.to_owned());
        self.subject = Some(subject.to_owned());
    }

    /// Resolves any access token (component or authorizer) and checks the whitelist.
    pub fn any_token(&mut self, w: &World) -> Result<TokenOwner, WxErr> {
        let token = self.token_param().ok_or_else(WxErr::token_missing)?;
        let owner = w.check_token(token, self.now_ms)?.clone();
        let (component, subject) = match &owner {
            TokenOwner::Component(c) => (c.clone(), c.clone()),
            TokenOwner::Authorizer {
                component,
                authorizer,
            } => (component.clone(), authorizer.clone()),
        };
        self.about(&component, &subject);
        self.check_ip(w, &component)?;
        Ok(owner)
    }

    /// A component_access_token: returns the component appid.
    pub fn component_token(&mut self, w: &World) -> Result<String, WxErr> {
        match self.any_token(w)? {
            TokenOwner::Component(c) => Ok(c),
            TokenOwner::Authorizer { .. } => Err(WxErr::invalid_credential()),
        }
    }

    /// An authorizer_access_token: returns (component, authorizer).
    pub fn authorizer_token(&mut self, w: &World) -> Result<(String, String), WxErr> {
        match self.any_token(w)? {
            TokenOwner::Authorizer {
                component,
                authorizer,
            } => Ok((component, authorizer)),
            TokenOwner::Component(_) => Err(WxErr::invalid_credential()),
        }
    }

    /// Charges one call to today's quota of the subject (45009 when used up).
    pub fn charge(&self, w: &mut World) -> Result<(), WxErr> {
        let subject = self.subject.clone().unwrap_or_default();
        w.quota.charge(self.ep, &subject, self.now_ms / 1000)
    }

    /// The component named in the body, checked to exist (41002, 61011) and whitelisted.
    pub fn body_component(&mut self, w: &World, body: &Value) -> Result<String, WxErr> {
        let appid = str_field(body, "component_appid").ok_or_else(WxErr::appid_missing)?;
        if !w.components.contains_key(&appid) {
            return Err(WxErr::invalid_component());
        }
        self.about(&appid, &appid);
        self.check_ip(w, &appid)?;
        Ok(appid)
    }

    /// The origin URLs in answers are built on.
    pub fn base_url(&self) -> String {
        self.sb.base_url(&self.req.headers)
    }

    /// Guesses what a call is about when the logic never ran (an injected fault, bad JSON).
    fn guess_subject(&self) -> String {
        if let Some(s) = &self.subject {
            return s.clone();
        }
        let body: Option<Value> = serde_json::from_slice(&self.req.body).ok();
        for field in ["authorizer_appid", "component_appid", "appid"] {
            if let Some(v) = body.as_ref().and_then(|b| str_field(b, field)) {
                return v;
            }
        }
        for field in ["appid", "component_appid"] {
            if let Some(v) = self.param(field) {
                return v.to_owned();
            }
        }
        if let Some(token) = self.token_param() {
            match self.sb.world().tokens.get(token).map(|r| r.owner.clone()) {
                Some(TokenOwner::Component(c)) => return c,
                Some(TokenOwner::Authorizer { authorizer, .. }) => return authorizer,
                None => {}
            }
        }
        "unknown".to_owned()
    }

    fn masked_url(&self) -> String {
        let pairs: Vec<(String, String)> = self
            .query
            .iter()
            .map(|(k, v)| {
                let masked = if k.ends_with("access_token") {
                    k.to_uppercase()
                } else {
                    v.clone()
                };
                (k.clone(), masked)
            })
            .collect();
        let query: String = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        format!("https://api.weixin.qq.com{}?{}", self.req.uri.path(), query)
    }

    fn finish(self, result: Result<Reply, WxErr>) -> Response {
        let subject = self.guess_subject();
        self.sb.world().count_call(self.ep.name(), &subject);
        if !self.after.is_empty() {
            self.sb.spawn_pushes(self.after.clone());
        }
        match result {
            Ok(Reply::Json(v)) => Json(v).into_response(),
            Ok(Reply::Raw(r)) => r,
            Err(e) => {
                let rid = ids::rid();
                let body = json!({
                    "errcode": e.errcode,
                    "errmsg": format!("{} rid: {rid}", e.errmsg),
                });
                self.sb.world().record_rid(RidRecord {
                    rid,
                    component: self.component.clone(),
                    invoke_time: self.now_ms / 1000,
                    cost_in_ms: self.started.elapsed().as_millis() as i64,
                    request_url: self.masked_url(),
                    request_body: String::from_utf8_lossy(&self.req.body)
                        .chars()
                        .take(4096)
                        .collect(),
                    response_body: body.to_string(),
                    client_ip: self
                        .req
                        .client_ip
                        .map(|ip| ip.to_string())
                        .unwrap_or_default(),
                });
                Json(body).into_response()
            }
        }
    }
}

/// A string field of a JSON body (numbers are accepted as their text).
pub(crate) fn str_field(v: &Value, name: &str) -> Option<String> {
    match v.get(name)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `{"errcode": 0, "errmsg": "ok"}`.
pub(crate) fn ok() -> Reply {
    Reply::Json(json!({"errcode": 0, "errmsg": "ok"}))
}
