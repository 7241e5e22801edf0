//! Daily API quotas (by calendar day in UTC+8), quota resets (10 a month), and the rid log.

use std::collections::HashMap;

use serde::Serialize;

use super::World;
use crate::clock::{china_day, china_month};
use crate::endpoint::Ep;
use crate::error::WxErr;

/// Resets allowed per account per calendar month.
pub const CLEARS_PER_MONTH: u32 = 10;
/// How many rids are kept for `openapi/rid/get`.
const RIDS_KEPT: usize = 1_000;

/// Quota bookkeeping.
#[derive(Debug, Default)]
pub struct Quotas {
    /// (endpoint, appid) -> (day, used).
    used: HashMap<(Ep, String), (i64, u64)>,
    /// (endpoint, appid or "" for every appid) -> daily limit.
    limits: HashMap<(Ep, String), u64>,
    /// appid -> (month, resets).
    clears: HashMap<String, (i64, u32)>,
}

/// Daily usage of one API by one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Usage {
    pub daily_limit: u64,
    pub used: u64,
    pub remain: u64,
}

/// A failed call, for `openapi/rid/get`.
#[derive(Debug, Clone, Serialize)]
pub struct RidRecord {
    pub rid: String,
    #[serde(skip)]
    pub component: Option<String>,
    pub invoke_time: i64,
    pub cost_in_ms: i64,
    pub request_url: String,
    pub request_body: String,
    pub response_body: String,
    pub client_ip: String,
}

impl Quotas {
    fn limit(&self, ep: Ep, appid: &str) -> u64 {
        self.limits
            .get(&(ep, appid.to_owned()))
            .or_else(|| self.limits.get(&(ep, String::new())))
            .copied()
            .unwrap_or_else(|| ep.default_daily_limit())
    }

    /// Today's usage of `ep` by `appid`.
    pub fn usage(&self, ep: Ep, appid: &str, now_unix: i64) -> Usage {
        let daily_limit = self.limit(ep, appid);
        let used = match self.used.get(&(ep, appid.to_owned())) {
            Some((day, used)) if *day == china_day(now_unix) => *used,
            _ => 0,
        };
        Usage {
            daily_limit,
            used,
            remain: daily_limit.saturating_sub(used),
        }
    }

    /// Counts one call, or 45009 when today's quota is used up.
    pub fn charge(&mut self, ep: Ep, appid: &str, now_unix: i64) -> Result<(), WxErr> {
        let usage = self.usage(ep, appid, now_unix);
        if usage.remain == 0 {
            return Err(WxErr::quota());
        }
        self.used.insert(
            (ep, appid.to_owned()),
            (china_day(now_unix), usage.used + 1),
        );
        Ok(())
    }

    /// Sets a daily limit for one account, or for every account when `appid` is `None`.
    pub fn set_limit(&mut self, ep: Ep, appid: Option<&str>, daily_limit: u64) {
        self.limits
            .insert((ep, appid.unwrap_or_default().to_owned()), daily_limit);
    }

    /// Resets every quota of `appid` (`clear_quota`), or 48006 after 10 resets this month.
    pub fn clear(&mut self, appid: &str, now_unix: i64) -> Result<(), WxErr> {
        let month = china_month(now_unix);
        let entry = self.clears.entry(appid.to_owned()).or_insert((month, 0));
        if entry.0 != month {
            *entry = (month, 0);
        }
        if entry.1 >= CLEARS_PER_MONTH {
            return Err(WxErr::clear_limit());
        }
        entry.1 += 1;
        self.used.retain(|(_, a), _| a != appid);
        Ok(())
    }
}

impl World {
    /// Keeps a failed call for `openapi/rid/get`.
    pub fn record_rid(&mut self, record: RidRecord) {
        if self.rids.len() >= RIDS_KEPT {
            self.rids.pop_front();
        }
        self.rids.push_back(record);
    }

    /// The rid, if it belongs to `component`.
    pub fn find_rid(&self, rid: &str, component: &str) -> Result<&RidRecord, WxErr> {
        let found = self
            .rids
            .iter()
            .rev()
            .find(|r| r.rid == rid)
            .ok_or_else(WxErr::rid_not_found)?;
        match &found.component {
            Some(c) if c != component => Err(WxErr::rid_forbidden()),
            _ => Ok(found),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daily_quota_resets_at_midnight_china_time() {
        let mut q = Quotas::default();
        q.set_limit(Ep::ComponentToken, Some("wxa"), 2);
        // 2024-01-01 15:59:58 UTC = 23:59:58 in China.
        let t = 1_704_124_798;
        q.charge(Ep::ComponentToken, "wxa", t).unwrap();
        q.charge(Ep::ComponentToken, "wxa", t).unwrap();
        assert_eq!(
            q.charge(Ep::ComponentToken, "wxa", t).unwrap_err().errcode,
            45009
        );
        q.charge(Ep::ComponentToken, "wxb", t).unwrap();
        q.charge(Ep::ComponentToken, "wxa", t + 2).unwrap();
        assert_eq!(q.usage(Ep::ComponentToken, "wxa", t + 2).remain, 1);
    }

    #[test]
    fn ten_resets_a_month() {
        let mut q = Quotas::default();
        q.set_limit(Ep::ComponentToken, None, 1);
        let t = 1_704_124_800;
        for _ in 0..10 {
            q.charge(Ep::ComponentToken, "wxa", t).unwrap();
            assert!(q.charge(Ep::ComponentToken, "wxa", t).is_err());
            q.clear("wxa", t).unwrap();
        }
        assert_eq!(q.clear("wxa", t).unwrap_err().errcode, 48006);
        q.clear("wxa", t + 31 * 86_400).unwrap();
    }
}
