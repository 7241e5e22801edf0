//! Fast registration of mini programs: enterprise and personal tasks, beta (trial) apps and their
//! verification, and reuse of an official account's qualification.

use serde::Serialize;

use super::{PushJob, World};
use crate::clock::china_month;
use crate::error::WxErr;
use crate::events::{self, Notify};
use crate::ids;
use crate::model::{AccountSpec, AccountType};

/// How long a task waits for the legal person or user.
pub const TASK_TTL_SECS: i64 = 24 * 3_600;
/// How long a fastregisterauth ticket is valid.
pub const REUSE_TICKET_TTL_SECS: i64 = 600;
/// How long after a task's creation a new task for the same subject answers 89249.
pub const SUBJECT_COOLDOWN_SECS: i64 = 24 * 3_600;
/// The sets a component must offer for enterprise and personal registration (89254 otherwise),
/// and all a new personal mini program is granted (reference B23).
pub const REGISTER_SETS: [u32; 5] = [17, 18, 25, 30, 40];
/// The sets a component must offer to reuse an official account's qualification (61029
/// otherwise): 帐号服务 (3), 帐号管理 (17), 开发管理与数据分析 (18), 基本信息设置 (30), 认证
/// (31), the five the guide lists (reference B26).
pub const REUSE_SETS: [u32; 5] = [3, 17, 18, 30, 31];
/// Successful reuse registrations per official account per calendar month (UTC+8).
pub const REUSES_PER_MONTH: u32 = 5;

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
    /// Ended by a bare `authorize third party failed` notification.
    Failed,
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
    /// The page's redirect_uri was on the component's `auth_domain` (61060 otherwise).
    pub redirect_ok: bool,
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
    #[error("only enterprise and personal tasks end with notify_third_fasteregister")]
    WrongKind,
}

impl RegError {
    /// Chinese text for the page.
    pub fn zh(&self) -> &'static str {
        match self {
            RegError::NotFound(_) => "任务不存在",
            RegError::NotPending(RegOutcome::Expired) => "任务已过期（超过 24 小时）",
            RegError::NotPending(_) => "任务已处理，无需重复操作",
            RegError::WrongKind => "此任务不支持该操作",
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

    /// A task of `kind` for the same subject created less than 24 hours ago, by any platform:
    /// WeChat's 89249 "距上次任务 24h 后再试" (reference B23).
    fn recent_task(&self, kind: RegKind, now: i64, same: impl Fn(&Registration) -> bool) -> bool {
        self.registrations
            .values()
            .any(|r| r.kind == kind && now < r.created_at + SUBJECT_COOLDOWN_SECS && same(r))
    }

    /// Fast registration needs a published component (61028) offering the sets in
    /// [`REGISTER_SETS`] (89254; beta registration needs only publication).
    fn check_register_component(&self, component: &str, kind: RegKind) -> Result<(), WxErr> {
        let info = &self
            .components
            .get(component)
            .ok_or_else(WxErr::invalid_component)?
            .info;
        if !info.published {
            return Err(WxErr::component_unpublished());
        }
        let needs_sets = matches!(kind, RegKind::Enterprise | RegKind::Personal);
        if needs_sets && !REGISTER_SETS.iter().all(|id| info.func_ids.contains(id)) {
            return Err(WxErr::lacks_component_rights());
        }
        Ok(())
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
        let now = now_ms / 1000;
        if kind != RegKind::BetaVerify {
            self.check_register_component(component, kind)?;
        }
        match kind {
            RegKind::Enterprise => {
                if !(filled(&task.name) && filled(&task.code) && filled(&task.component_phone)) {
                    return Err(WxErr::missing_params());
                }
                // 89255 for a code that is not a well-formed credit code (the new version takes
                // only those), before any registry lookup.
                if !task
                    .code
                    .as_deref()
                    .is_some_and(wxopen::registration::credit_code_is_valid)
                {
                    return Err(WxErr::invalid_code_param());
                }
                if self.recent_task(kind, now, |r| r.code == task.code) {
                    return Err(WxErr::task_running());
                }
            }
            RegKind::Personal => {
                if !(filled(&task.wxuser) && filled(&task.component_phone)) {
                    return Err(WxErr::missing_params());
                }
                if self.recent_task(kind, now, |r| r.wxuser == task.wxuser) {
                    return Err(WxErr::task_running());
                }
            }
            RegKind::Beta => {
                let name_len = task.name.as_deref().map_or(0, |n| n.chars().count());
                if !filled(&task.openid) || !(4..=30).contains(&name_len) {
                    return Err(WxErr::data_format());
                }
                if self.recent_task(kind, now, |r| r.openid == task.openid) {
                    return Err(WxErr::task_running());
                }
            }
            RegKind::BetaVerify => {
                if !(filled(&task.name) && filled(&task.code) && filled(&task.component_phone)) {
                    return Err(WxErr::missing_params());
                }
                if !task
                    .code
                    .as_deref()
                    .is_some_and(wxopen::registration::credit_code_is_valid)
                {
                    return Err(WxErr::invalid_code_param());
                }
                if self.pending_task(component, kind, |r| r.beta_appid == task.beta_appid) {
                    return Err(WxErr::legal_person_checking());
                }
            }
        }
        let id = ids::task_id();
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
        // A personal mini program gets exactly the registration sets; the others every mini
        // program set the component offers.
        let funcs = match reg.kind {
            RegKind::Personal => REGISTER_SETS.to_vec(),
            _ => self.component_mp_funcs(&component),
        };
        self.grant(&component, &account.appid, funcs, now_ms);
        let (auth_code, expires_at) = self.issue_auth_code(&component, &account.appid, now_ms);
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
            vec![notify, authorized]
        } else {
            // The new mini program's `authorized` push comes first, then the notification with
            // its own code (reference B23).
            let (notify_code, _) = self.issue_auth_code(&component, &account.appid, now_ms);
            let notify = self.notify_push(
                &reg,
                "notify_third_fasteregister",
                &account.appid,
                0,
                Some(&notify_code),
                "OK",
                now,
            );
            vec![authorized, notify]
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

    /// The bare failure seen in the wild: `notify_third_fasteregister` with status -1, `msg`
    /// `authorize third party failed`, and neither appid nor info (reference B23). The task ends
    /// with status 11 (create failed).
    pub fn fail_bare(
        &mut self,
        id: &str,
        now_ms: i64,
    ) -> Result<(Registration, Vec<PushJob>), RegError> {
        let reg = self.pending(id, now_ms)?;
        if !matches!(reg.kind, RegKind::Enterprise | RegKind::Personal) {
            return Err(RegError::WrongKind);
        }
        let now = now_ms / 1000;
        let reg = self.set_status(reg, RegOutcome::Failed, &[11], None, now);
        let push = PushJob {
            component_appid: reg.component_appid.clone(),
            info_type: "notify_third_fasteregister".into(),
            authorizer_appid: None,
            plaintext: events::bare_failure(&reg.component_appid, now),
        };
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
        redirect_ok: bool,
        now_ms: i64,
    ) -> String {
        let ticket = ids::fastregister_ticket();
        self.reuse_tickets.insert(
            ticket.clone(),
            ReuseTicket {
                component: component.to_owned(),
                oa_appid: oa.to_owned(),
                copy_wx_verify,
                redirect_ok,
                expires_ms: now_ms + REUSE_TICKET_TTL_SECS * 1000,
                used: false,
            },
        );
        ticket
    }

    /// Successful reuse registrations of official account `oa` this calendar month (UTC+8).
    pub fn reuses_this_month(&self, oa: &str, now_ms: i64) -> u32 {
        match self.reuse_counts.get(oa) {
            Some((month, n)) if *month == china_month(now_ms / 1000) => *n,
            _ => 0,
        }
    }

    /// `cgi-bin/account/fastregister`: creates the mini program with the official account's
    /// qualification, authorizes it, and returns (appid, authorization_code, is_wx_verify_succ).
    /// Checked as WeChat documents (reference B26): 61028 unpublished component, 61029 missing
    /// sets (the component's, or set 27 of the account), 61052 unverified account, 61058 bad
    /// ticket, 61060 redirect_uri off the platform's domain, 61055 five a month used up.
    pub fn reuse_oa_register(
        &mut self,
        component: &str,
        oa: &str,
        ticket: &str,
        now_ms: i64,
    ) -> Result<(String, String, bool), WxErr> {
        let info = &self
            .components
            .get(component)
            .ok_or_else(WxErr::invalid_component)?
            .info;
        if !info.published {
            return Err(WxErr::component_unpublished());
        }
        let offers_all = REUSE_SETS.iter().all(|id| info.func_ids.contains(id));
        let granted_27 = self
            .authorization(component, oa)
            .is_ok_and(|a| a.func_ids.contains(&27));
        if !(offers_all && granted_27) {
            return Err(WxErr::component_lacks_sets());
        }
        let source = self
            .accounts
            .get(oa)
            .cloned()
            .ok_or_else(WxErr::reuse_ticket_invalid)?;
        if source.verify_type == -1 {
            return Err(WxErr::oa_not_verified());
        }
        let t = self
            .reuse_tickets
            .get(ticket)
            .filter(|t| {
                t.component == component && t.oa_appid == oa && !t.used && now_ms < t.expires_ms
            })
            .cloned()
            .ok_or_else(WxErr::reuse_ticket_invalid)?;
        if !t.redirect_ok {
            return Err(WxErr::reuse_bad_redirect());
        }
        let used = self.reuses_this_month(oa, now_ms);
        if used >= REUSES_PER_MONTH {
            return Err(WxErr::reuse_monthly_limit());
        }
        if let Some(t) = self.reuse_tickets.get_mut(ticket) {
            t.used = true;
        }
        self.reuse_counts
            .insert(oa.to_owned(), (china_month(now_ms / 1000), used + 1));
        let verified = t.copy_wx_verify && source.verify_type == 0;
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
