//! Pushes to the authorization-event URL (授权事件接收URL).

use super::xml::{Document, XmlError};
use crate::secret::Secret;

/// A decrypted push to the authorization-event URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentPush {
    /// `<AppId>`: the component (third-party platform) appid.
    pub app_id: String,
    /// `<CreateTime>`, unix seconds. It may differ from the URL timestamp (quirk Q6).
    pub create_time: i64,
    /// `<InfoType>` as sent.
    pub info_type: String,
    /// The typed content.
    pub event: ComponentEvent,
}

/// What a [`ComponentPush`] says, by `InfoType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComponentEvent {
    /// `component_verify_ticket`: pushed every 10 minutes, valid 12 hours.
    VerifyTicket {
        /// `<ComponentVerifyTicket>`.
        ticket: Secret,
    },
    /// `authorized`: an account authorized the platform.
    Authorized(Authorization),
    /// `updateauthorized`: permissions changed; the old refresh token is no longer valid.
    UpdateAuthorized(Authorization),
    /// `unauthorized`: the account revoked the authorization.
    Unauthorized {
        /// `<AuthorizerAppid>`.
        authorizer_appid: String,
    },
    /// `notify_third_fasteregister`: result of an enterprise or personal fast registration.
    FastRegister(RegistrationResult),
    /// `notify_third_fastregisterbetaapp`: result of a beta (trial) mini program creation.
    FastRegisterBeta(RegistrationResult),
    /// `notify_third_fastverifybetaapp`: result of verifying a beta mini program.
    FastVerifyBeta(RegistrationResult),
    /// Any other `InfoType`; log it and answer `success`.
    Unknown {
        /// The whole decrypted document.
        raw_xml: String,
    },
}

/// The fields of `authorized` and `updateauthorized`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    /// `<AuthorizerAppid>`.
    pub authorizer_appid: String,
    /// `<AuthorizationCode>`: exchange it with `api_query_auth` at once.
    pub authorization_code: Secret,
    /// `<AuthorizationCodeExpiredTime>`, unix seconds.
    pub authorization_code_expired_time: Option<i64>,
    /// `<PreAuthCode>`: the pre-auth code of the link that was used.
    pub pre_auth_code: Option<Secret>,
}

/// The superset of the three fast-registration notifications (reference B9): every field any of
/// them has been seen to carry, each optional because real pushes omit or empty them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RegistrationResult {
    /// `<appid>` (lower case): the new mini program, on success.
    pub appid: Option<String>,
    /// `<status>`: 0 on success, else an error code.
    pub status: i64,
    /// `<auth_code>`: exchange with `api_query_auth` (enterprise and personal flows).
    pub auth_code: Option<Secret>,
    /// `<msg>`.
    pub msg: Option<String>,
    /// `<info>`.
    pub info: RegistrationInfo,
}

/// `<info>` of a fast-registration notification.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RegistrationInfo {
    /// Enterprise or mini program name.
    pub name: Option<String>,
    /// Enterprise code (USCC).
    pub code: Option<String>,
    /// Kind of `code`.
    pub code_type: Option<String>,
    /// Legal person's WeChat id.
    pub legal_persona_wechat: Option<String>,
    /// Legal person's name.
    pub legal_persona_name: Option<String>,
    /// Provider contact phone.
    pub component_phone: Option<String>,
    /// Personal flow: the user's WeChat id.
    pub wxuser: Option<String>,
    /// Personal flow: the user's name.
    pub idname: Option<String>,
    /// Beta flow: correlates with the `fastregisterbetaweapp` response.
    pub unique_id: Option<String>,
    /// New-version flows: correlates with the create response.
    pub taskid: Option<String>,
}

impl ComponentPush {
    /// Parses a decrypted authorization-event document.
    pub fn parse(plaintext: &str) -> Result<Self, XmlError> {
        let doc = Document::parse(plaintext)?;
        let app_id = doc.require("AppId")?.to_owned();
        let create_time = doc.require_int("CreateTime")?;
        let info_type = doc.require("InfoType")?.to_owned();
        let event = match info_type.as_str() {
            "component_verify_ticket" => ComponentEvent::VerifyTicket {
                ticket: Secret::new(doc.require("ComponentVerifyTicket")?),
            },
            "authorized" => ComponentEvent::Authorized(Authorization::from_doc(&doc)?),
            "updateauthorized" => ComponentEvent::UpdateAuthorized(Authorization::from_doc(&doc)?),
            "unauthorized" => ComponentEvent::Unauthorized {
                authorizer_appid: doc.require("AuthorizerAppid")?.to_owned(),
            },
            "notify_third_fasteregister" => {
                ComponentEvent::FastRegister(RegistrationResult::from_doc(&doc)?)
            }
            "notify_third_fastregisterbetaapp" => {
                ComponentEvent::FastRegisterBeta(RegistrationResult::from_doc(&doc)?)
            }
            "notify_third_fastverifybetaapp" => {
                ComponentEvent::FastVerifyBeta(RegistrationResult::from_doc(&doc)?)
            }
            _ => ComponentEvent::Unknown {
                raw_xml: plaintext.to_owned(),
            },
        };
        Ok(Self {
            app_id,
            create_time,
            info_type,
            event,
        })
    }
}

impl Authorization {
    fn from_doc(doc: &Document) -> Result<Self, XmlError> {
        Ok(Self {
            authorizer_appid: doc.require("AuthorizerAppid")?.to_owned(),
            authorization_code: Secret::new(doc.require("AuthorizationCode")?),
            authorization_code_expired_time: doc.int("AuthorizationCodeExpiredTime")?,
            pre_auth_code: doc.get("PreAuthCode").map(Secret::from),
        })
    }
}

impl RegistrationResult {
    fn from_doc(doc: &Document) -> Result<Self, XmlError> {
        let mut info = RegistrationInfo::default();
        for (name, value) in doc.children("info").unwrap_or_default() {
            let slot = match name.as_str() {
                "name" => &mut info.name,
                "code" => &mut info.code,
                "code_type" => &mut info.code_type,
                "legal_persona_wechat" => &mut info.legal_persona_wechat,
                "legal_persona_name" => &mut info.legal_persona_name,
                "component_phone" => &mut info.component_phone,
                "wxuser" => &mut info.wxuser,
                "idname" => &mut info.idname,
                "unique_id" => &mut info.unique_id,
                "taskid" => &mut info.taskid,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(value.clone());
            }
        }
        Ok(Self {
            appid: doc.string("appid"),
            status: doc.require_int("status")?,
            auth_code: doc.get("auth_code").map(Secret::from),
            msg: doc.string("msg"),
            info,
        })
    }
}
