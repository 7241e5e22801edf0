//! Fast registration of mini programs: enterprise and personal tasks, beta (trial) apps and their
//! verification, and reuse of an official account's qualification.

use serde::Serialize;

use super::{PushJob, World};
use crate::error::WxErr;
use crate::events::{self, Notify};
use crate::ids;
use crate::model::{AccountSpec, AccountType};

/// How long a task waits for the legal person or user.
pub const TASK_TTL_SECS: i64 = 24 * 3_600;
/// How long a fastregisterauth ticket is valid.
pub const REUSE_TICKET_TTL_SECS: i64 = 600;

/// Which flow a registration belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegKind {
    Enterprise,
    Personal,
    Beta,
    BetaVerify,
}

impl RegKind {
    /// The flow's Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            RegKind::Enterprise => "快速注册企业小程序",
            RegKind::Personal => "快速注册个人小程序",
            RegKind::Beta => "创建试用小程序",
            RegKind::BetaVerify => "试用小程序快速认证",
        }
    }
}

/// Where a registration ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegOutcome {
    Pending,
    Confirmed,
    Rejected,
    Expired,
}

/// One status of a task and when it was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    pub status: i64,
    pub at: i64,
}

/// A registration task.
#[derive(Debug, Clone, Serialize)]
pub struct Registration {
    /// taskid (enterprise, personal), unique_id (beta), or the verification id.
    pub id: String,
    pub kind: RegKind,
    pub component_appid: String,
    /// WeChat's task status: 0 created, 1 timed out, 2 rejected, 3 agreed, 12 app created.
    pub status: i64,
    pub status_history: Vec<StatusChange>,
    pub outcome: RegOutcome,
    pub created_at: i64,
    pub expires_at: i64,
    pub name: Option<String>,
    pub code: Option<String>,
    pub component_phone: Option<String>,
    pub wxuser: Option<String>,
    pub openid: Option<String>,
    /// The beta app being verified.
    pub beta_appid: Option<String>,
    /// The mini program the task created.
    pub created_appid: Option<String>,
    /// Path of the page the legal person or user opens.
    pub authorize_path: String,
}

/// A ticket from the fastregisterauth page.
#[derive(Debug, Clone)]
pub struct ReuseTicket {
    pub component: String,
    pub oa_appid: String,
    pub copy_wx_verify: bool,
    pub expires_ms: i64,
    pub used: bool,
}

/// Why a confirmation or rejection is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RegError {
    #[error("no such registration {0}")]
    NotFound(String),
    #[error("registration is no longer pending (outcome: {0:?})")]
    NotPending(RegOutcome),
}

impl RegError {
    /// Chinese text for the page.
    pub fn zh(&self) -> &'static str {
        match self {
            RegError::NotFound(_) => "任务不存在",
            RegError::NotPending(RegOutcome::Expired) => "任务已过期（超过 24 小时）",
            RegError::NotPending(_) => "任务已处理，无需重复操作",
        }
    }
}

/// What a new task carries.
#[derive(Debug, Clone, Default)]
pub struct NewTask {
    pub name: Option<String>,
    pub code: Option<String>,
    pub component_phone: Option<String>,
    pub wxuser: Option<String>,
    pub openid: Option<String>,
    pub beta_appid: Option<String>,
}

fn filled(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|s| !s.trim().is_empty())
}

impl World {
    /// Marks pending tasks older than 24 hours as timed out (status 1).
    pub fn expire_tasks(&mut self, now_ms: i64) {
        let now = now_ms / 1000;
        for r in self.registrations.values_mut() {
            if r.outcome == RegOutcome::Pending && now >= r.expires_at {
                r.outcome = RegOutcome::Expired;
                r.status = 1;
                r.status_history.push(StatusChange {
                    status: 1,
                    at: r.expires_at,
                });
            }
        }
    }

    fn pending_task(
        &self,
        component: &str,
        kind: RegKind,
        same: impl Fn(&Registration) -> bool,
    ) -> bool {
        self.registrations.values().any(|r| {
            r.component_appid == component
                && r.kind == kind
                && r.outcome == RegOutcome::Pending
                && same(r)
        })
    }

    /// Creates a task after checking it like WeChat does.
    pub fn create_task(
        &mut self,
        component: &str,
        kind: RegKind,
        task: NewTask,
        now_ms: i64,
    ) -> Result<Registration, WxErr> {
        self.expire_tasks(now_ms);
        match kind {
            RegKind::Enterprise => {
                if !(filled(&task.name) && filled(&task.code) && filled(&task.component_phone)) {
                    return Err(WxErr::missing_params());
                }
                if task.code.as_deref().map(str::len) != Some(18) {
                    return Err(WxErr::invalid_code_param());
                }
                if self.pending_task(component, kind, |r| r.code == task.code) {
                    return Err(WxErr::task_running());
                }
            }
            RegKind::Personal => {
                if !(filled(&task.wxuser) && filled(&task.component_phone)) {
                    return Err(WxErr::missing_params());
                }
                if self.pending_task(component, kind, |r| r.wxuser == task.wxuser) {
                    return Err(WxErr::task_running());
                }
            }
            RegKind::Beta => {
                let name_len = task.name.as_deref().map_or(0, |n| n.chars().count());
                if !filled(&task.openid) || !(4..=30).contains(&name_len) {
                    return Err(WxErr::data_format());
                }
            }
            RegKind::BetaVerify => {
                if !(filled(&task.name) && filled(&task.code) && filled(&task.component_phone)) {
                    return Err(WxErr::missing_params());
                }
                if self.pending_task(component, kind, |r| r.beta_appid == task.beta_appid) {
                    return Err(WxErr::legal_person_checking());
                }
            }
        }
        let id = ids::task_id();
        let now = now_ms / 1000;
        let reg = Registration {
            authorize_path: format!("/cgi-bin/fastregister/authorize?id={id}"),
            id: id.clone(),
            kind,
            component_appid: component.to_owned(),
            status: 0,
            status_history: vec![StatusChange { status: 0, at: now }],
            outcome: RegOutcome::Pending,
            created_at: now,
            expires_at: now + TASK_TTL_SECS,
            name: task.name,
            code: task.code,
            component_phone: task.component_phone,
            wxuser: task.wxuser,
            openid: task.openid,
            beta_appid: task.beta_appid,
            created_appid: None,
        };
        self.registrations.insert(id, reg.clone());
        Ok(reg)
    }

    /// A task of `component` and `kind` (89250 otherwise).
    pub fn task(
        &mut self,
        component: &str,
        kind: RegKind,
        id: &str,
        now_ms: i64,
    ) -> Result<Registration, WxErr> {
        self.expire_tasks(now_ms);
        self.registrations
            .get(id)
            .filter(|r| r.component_appid == component && r.kind == kind)
            .cloned()
            .ok_or_else(WxErr::task_not_found)
    }

    fn pending(&mut self, id: &str, now_ms: i64) -> Result<Registration, RegError> {
        self.expire_tasks(now_ms);
        let reg = self
            .registrations
            .get(id)
            .cloned()
            .ok_or_else(|| RegError::NotFound(id.to_owned()))?;
        if reg.outcome != RegOutcome::Pending {
            return Err(RegError::NotPending(reg.outcome));
        }
        Ok(reg)
    }

    fn set_status(
        &mut self,
        mut reg: Registration,
        outcome: RegOutcome,
        statuses: &[i64],
        created: Option<String>,
        now: i64,
    ) -> Registration {
        reg.outcome = outcome;
        for s in statuses {
            reg.status = *s;
            reg.status_history.push(StatusChange {
                status: *s,
                at: now,
            });
        }
        if created.is_some() {
            reg.created_appid = created;
        }
        self.registrations.insert(reg.id.clone(), reg.clone());
        reg
    }

    /// The mini program permission sets a component offers.
    fn component_mp_funcs(&self, component: &str) -> Vec<u32> {
        let mp = AccountType::MiniProgram.all_func_ids();
        self.components
            .get(component)
            .map(|c| {
                c.info
                    .func_ids
                    .iter()
                    .copied()
                    .filter(|id| mp.contains(id))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The legal person or user confirms: the mini program is created (or verified), authorized
    /// to the component, and the notifications are returned for pushing.
    pub fn confirm_task(
        &mut self,
        id: &str,
        now_ms: i64,
    ) -> Result<(Registration, Vec<PushJob>), RegError> {
        let reg = self.pending(id, now_ms)?;
        let now = now_ms / 1000;
        let component = reg.component_appid.clone();
        let name = reg.name.clone().unwrap_or_default();
        if reg.kind == RegKind::BetaVerify {
            let appid = reg.beta_appid.clone().unwrap_or_default();
            if let Some(a) = self.accounts.get_mut(&appid) {
                a.verify_type = 0;
                a.principal_name = name.clone();
            }
            let reg = self.set_status(reg, RegOutcome::Confirmed, &[3, 12], None, now);
            let push = self.notify_push(
                &reg,
                "notify_third_fastverifybetaapp",
                &appid,
                0,
                None,
                "OK",
                now,
            );
            return Ok((reg, vec![push]));
        }
        let (nickname, principal, verify_type, beta) = match reg.kind {
            RegKind::Enterprise => (format!("{name}的小程序"), name.clone(), 0, false),
            RegKind::Personal => (
                format!("{}的小程序", reg.wxuser.clone().unwrap_or_default()),
                "个人".to_owned(),
                -1,
                false,
            ),
            _ => (format!("{name}的体验小程序"), String::new(), -1, true),
        };
        let account = self.insert_account(
            AccountSpec {
                account_type: Some(AccountType::MiniProgram),
                nickname: Some(nickname),
                principal_name: Some(principal),
                verify_type: Some(verify_type),
                beta: Some(beta),
                ..AccountSpec::default()
            },
            now_ms,
        );
        let funcs = self.component_mp_funcs(&component);
        self.grant(&component, &account.appid, funcs, now_ms);
        let (auth_code, expires_at) = self.issue_auth_code(&component, &account.appid, now_ms);
        let reg = self.set_status(
            reg,
            RegOutcome::Confirmed,
            &[3, 12],
            Some(account.appid.clone()),
            now,
        );
        let pushes = if reg.kind == RegKind::Beta {
            let notify = self.notify_push(
                &reg,
                "notify_third_fastregisterbetaapp",
                &account.appid,
                0,
                None,
                "OK",
                now,
            );
            let authorized = PushJob {
                component_appid: component.clone(),
                info_type: "authorized".into(),
                authorizer_appid: Some(account.appid.clone()),
                plaintext: events::authorized(
                    &component,
                    now,
                    "authorized",
                    &account.appid,
                    &auth_code,
                    expires_at,
                    None,
                ),
            };
            vec![notify, authorized]
        } else {
            vec![self.notify_push(
                &reg,
                "notify_third_fasteregister",
                &account.appid,
                0,
                Some(&auth_code),
                "OK",
                now,
            )]
        };
        Ok((reg, pushes))
    }

    /// The legal person or user rejects: status 2, and a notification with status 2.
    pub fn reject_task(
        &mut self,
        id: &str,
        now_ms: i64,
    ) -> Result<(Registration, Vec<PushJob>), RegError> {
        let reg = self.pending(id, now_ms)?;
        let now = now_ms / 1000;
        let reg = self.set_status(reg, RegOutcome::Rejected, &[2], None, now);
        let (info_type, appid) = match reg.kind {
            RegKind::Enterprise | RegKind::Personal => {
                ("notify_third_fasteregister", String::new())
            }
            RegKind::Beta => ("notify_third_fastregisterbetaapp", String::new()),
            RegKind::BetaVerify => (
                "notify_third_fastverifybetaapp",
                reg.beta_appid.clone().unwrap_or_default(),
            ),
        };
        let push = self.notify_push(&reg, info_type, &appid, 2, None, "user rejected", now);
        Ok((reg, vec![push]))
    }

    #[allow(clippy::too_many_arguments)]
    fn notify_push(
        &self,
        reg: &Registration,
        info_type: &str,
        appid: &str,
        status: i64,
        auth_code: Option<&str>,
        msg: &str,
        now: i64,
    ) -> PushJob {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        let info: Vec<(&str, String)> = match reg.kind {
            RegKind::Enterprise => vec![
                ("name", s(&reg.name)),
                ("code", s(&reg.code)),
                ("code_type", "1".into()),
                ("legal_persona_wechat", String::new()),
                ("legal_persona_name", String::new()),
                ("component_phone", s(&reg.component_phone)),
                ("taskid", reg.id.clone()),
            ],
            RegKind::Personal => vec![
                ("wxuser", s(&reg.wxuser)),
                ("idname", String::new()),
                ("component_phone", s(&reg.component_phone)),
                ("taskid", reg.id.clone()),
            ],
            RegKind::Beta => vec![("unique_id", reg.id.clone()), ("name", s(&reg.name))],
            RegKind::BetaVerify => vec![
                ("name", s(&reg.name)),
                ("code", s(&reg.code)),
                ("code_type", "1".into()),
                ("legal_persona_wechat", String::new()),
                ("legal_persona_name", String::new()),
                ("component_phone", s(&reg.component_phone)),
            ],
        };
        PushJob {
            component_appid: reg.component_appid.clone(),
            info_type: info_type.to_owned(),
            authorizer_appid: (!appid.is_empty()).then(|| appid.to_owned()),
            plaintext: events::notify(
                &reg.component_appid,
                now,
                &Notify {
                    info_type,
                    appid,
                    status,
                    auth_code,
                    msg,
                    info,
                },
            ),
        }
    }

    /// The official account's administrator approved the fastregisterauth page.
    pub fn create_reuse_ticket(
        &mut self,
        component: &str,
        oa: &str,
        copy_wx_verify: bool,
        now_ms: i64,
    ) -> String {
        let ticket = ids::fastregister_ticket();
        self.reuse_tickets.insert(
            ticket.clone(),
            ReuseTicket {
                component: component.to_owned(),
                oa_appid: oa.to_owned(),
                copy_wx_verify,
                expires_ms: now_ms + REUSE_TICKET_TTL_SECS * 1000,
                used: false,
            },
        );
        ticket
    }

    /// `cgi-bin/account/fastregister`: creates the mini program with the official account's
    /// qualification, authorizes it, and returns (appid, authorization_code, is_wx_verify_succ).
    pub fn reuse_oa_register(
        &mut self,
        component: &str,
        oa: &str,
        ticket: &str,
        now_ms: i64,
    ) -> Result<(String, String, bool), WxErr> {
        let t = self
            .reuse_tickets
            .get_mut(ticket)
            .filter(|t| {
                t.component == component && t.oa_appid == oa && !t.used && now_ms < t.expires_ms
            })
            .ok_or_else(WxErr::reuse_ticket_invalid)?;
        t.used = true;
        let copy = t.copy_wx_verify;
        let source = self
            .accounts
            .get(oa)
            .cloned()
            .ok_or_else(WxErr::reuse_ticket_invalid)?;
        let verified = copy && source.verify_type == 0;
        let account = self.insert_account(
            AccountSpec {
                account_type: Some(AccountType::MiniProgram),
                nickname: Some(format!("{}小程序", source.nickname)),
                principal_name: Some(source.principal_name.clone()),
                verify_type: Some(if verified { 0 } else { -1 }),
                ..AccountSpec::default()
            },
            now_ms,
        );
        let funcs = self.component_mp_funcs(component);
        self.grant(component, &account.appid, funcs, now_ms);
        let (code, _) = self.issue_auth_code(component, &account.appid, now_ms);
        Ok((account.appid, code, verified))
    }
}
