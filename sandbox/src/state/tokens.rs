//! Access tokens (component and authorizer) and component_verify_tickets, with WeChat's rules:
//! 7200 s lifetime, the previous token valid for 300 s after a new one, tickets valid 12 h.

use super::{ComponentState, World};
use crate::error::WxErr;
use crate::ids;

/// Lifetime of an access token.
pub const TOKEN_TTL_SECS: i64 = 7_200;
/// How long the previous token keeps working after a new one was issued.
pub const TOKEN_GRACE_SECS: i64 = 300;
/// Lifetime of a component_verify_ticket.
pub const TICKET_TTL_SECS: i64 = 12 * 3_600;
/// How many tickets per component are remembered (older ones answer 61006).
const TICKETS_KEPT: usize = 200;

/// Whose token it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenOwner {
    /// A component_access_token.
    Component(String),
    /// An authorizer_access_token.
    Authorizer {
        component: String,
        authorizer: String,
    },
}

/// An issued access token.
#[derive(Debug, Clone)]
pub struct TokenRecord {
    pub owner: TokenOwner,
    pub expires_ms: i64,
    /// When a newer token replaced it; it works for [`TOKEN_GRACE_SECS`] more.
    pub superseded_ms: Option<i64>,
}

/// The current and previous token of one owner.
#[derive(Debug, Clone, Default)]
pub struct TokenPair {
    pub current: Option<String>,
    pub previous: Option<String>,
}

/// An issued ticket.
#[derive(Debug, Clone)]
pub struct Ticket {
    pub value: String,
    pub issued_ms: i64,
    pub expires_ms: i64,
}

impl World {
    /// Issues a new token for `owner`, superseding the current one and forgetting the one before.
    pub fn issue_token(&mut self, owner: TokenOwner, now_ms: i64) -> String {
        let value = ids::access_token();
        self.tokens.insert(
            value.clone(),
            TokenRecord {
                owner: owner.clone(),
                expires_ms: now_ms + TOKEN_TTL_SECS * 1000,
                superseded_ms: None,
            },
        );
        let Some(pair) = self.token_pair_mut(&owner) else {
            return value;
        };
        let forgotten = pair.previous.take();
        pair.previous = pair.current.replace(value.clone());
        let previous = pair.previous.clone();
        if let Some(old) = forgotten {
            self.tokens.remove(&old);
        }
        if let Some(record) = previous.and_then(|p| self.tokens.get_mut(&p)) {
            record.superseded_ms = Some(now_ms);
        }
        value
    }

    fn token_pair_mut(&mut self, owner: &TokenOwner) -> Option<&mut TokenPair> {
        match owner {
            TokenOwner::Component(c) => self.components.get_mut(c).map(|c| &mut c.token),
            TokenOwner::Authorizer {
                component,
                authorizer,
            } => self
                .authorizations
                .get_mut(&(component.clone(), authorizer.clone()))
                .map(|a| &mut a.token),
        }
    }

    /// Checks a token: 40001 when unknown or replaced more than 300 s ago, 42001 when expired.
    pub fn check_token(&self, token: &str, now_ms: i64) -> Result<&TokenOwner, WxErr> {
        let record = self
            .tokens
            .get(token)
            .ok_or_else(WxErr::invalid_credential)?;
        if let Some(at) = record.superseded_ms
            && now_ms > at + TOKEN_GRACE_SECS * 1000
        {
            return Err(WxErr::invalid_credential());
        }
        if now_ms >= record.expires_ms {
            return Err(WxErr::token_expired());
        }
        Ok(&record.owner)
    }

    /// Forgets every token of `owner` (revocation, re-authorization).
    pub fn drop_tokens(&mut self, owner: &TokenOwner) {
        self.tokens.retain(|_, r| &r.owner != owner);
        if let Some(pair) = self.token_pair_mut(owner) {
            *pair = TokenPair::default();
        }
    }

    /// Issues a ticket for a component and returns its value.
    pub fn issue_ticket(&mut self, component: &str, now_ms: i64) -> Option<String> {
        let state = self.components.get_mut(component)?;
        let value = ids::ticket();
        if state.tickets.len() >= TICKETS_KEPT {
            state.tickets.pop_front();
        }
        state.tickets.push_back(Ticket {
            value: value.clone(),
            issued_ms: now_ms,
            expires_ms: now_ms + TICKET_TTL_SECS * 1000,
        });
        Some(value)
    }
}

impl ComponentState {
    /// 61006 for a ticket never pushed to this component, 61005 for one older than 12 hours.
    pub fn check_ticket(&self, ticket: &str, now_ms: i64) -> Result<(), WxErr> {
        let found = self
            .tickets
            .iter()
            .find(|t| t.value == ticket)
            .ok_or_else(WxErr::ticket_invalid)?;
        if now_ms >= found.expires_ms {
            return Err(WxErr::ticket_expired());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Component;

    fn world_with_component() -> World {
        let mut w = World::default();
        w.components.insert(
            "wx0000000000000001".into(),
            ComponentState {
                info: Component {
                    appid: "wx0000000000000001".into(),
                    name: "c".into(),
                    secret: "s".into(),
                    token: "t".into(),
                    encoding_aes_key: "k".into(),
                    event_url: "http://x".into(),
                    message_url: "http://x".into(),
                    ip_whitelist: vec![],
                    ticket_interval_secs: None,
                    func_ids: vec![],
                    rotate_refresh_tokens: false,
                    auth_domain: "x".into(),
                    oa_dev_domain: "x".into(),
                    published: true,
                    test_accounts: vec![],
                    created_at: 0,
                },
                tickets: Default::default(),
                next_ticket_ms: 0,
                tickets_stopped: false,
                token: TokenPair::default(),
            },
        );
        w
    }

    #[test]
    fn previous_token_grace_and_expiry() {
        let mut w = world_with_component();
        let owner = TokenOwner::Component("wx0000000000000001".into());
        let t1 = w.issue_token(owner.clone(), 0);
        assert!(w.check_token(&t1, 1_000).is_ok());
        let t2 = w.issue_token(owner.clone(), 10_000);
        assert!(w.check_token(&t1, 10_000 + 299_000).is_ok());
        assert_eq!(
            w.check_token(&t1, 10_000 + 301_000).unwrap_err().errcode,
            40001
        );
        assert_eq!(
            w.check_token(&t2, 10_000 + 7_200_000).unwrap_err().errcode,
            42001
        );
        let _t3 = w.issue_token(owner, 20_000);
        assert_eq!(w.check_token(&t1, 20_000).unwrap_err().errcode, 40001);
        assert_eq!(w.check_token("nope", 0).unwrap_err().errcode, 40001);
    }

    #[test]
    fn tickets_expire_after_12_hours() {
        let mut w = world_with_component();
        let t = w.issue_ticket("wx0000000000000001", 0).unwrap();
        let c = &w.components["wx0000000000000001"];
        assert!(c.check_ticket(&t, 12 * 3_600_000 - 1).is_ok());
        assert_eq!(
            c.check_ticket(&t, 12 * 3_600_000).unwrap_err().errcode,
            61005
        );
        assert_eq!(c.check_ticket("ticket@@@x", 0).unwrap_err().errcode, 61006);
    }
}
