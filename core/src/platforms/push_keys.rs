//! Each push names its platform by appid and needs the platform's row and message crypt (three
//! sealed secrets opened, the EncodingAESKey decoded). This process remembers both for [`TTL`],
//! so a burst of pushes costs one lookup per platform per second instead of one per push.
//!
//! Why a second is safe: a change made in this process (keys, enabled) forgets the platform at
//! once; one made by another instance is seen within the second, and a push that the remembered
//! key cannot open is tried again with the platform read afresh, so a key rotation never refuses
//! a push it should accept. Unknown appids are not remembered: garbage cannot fill the map.

use std::time::Duration;

use wxopen::MsgCrypt;

use super::entity::Model;
use crate::expiring::Expiring;

/// How long a platform is believed.
const TTL: Duration = Duration::from_secs(1);
/// Past this many platforms the map starts again from empty (a bound, not a working size).
const MAX_ENTRIES: usize = 10_000;

/// A platform's row and crypt by appid.
#[derive(Debug)]
pub(crate) struct PushKeys(Expiring<String, (Model, MsgCrypt)>);

impl Default for PushKeys {
    fn default() -> Self {
        Self(Expiring::new(TTL, MAX_ENTRIES))
    }
}

impl PushKeys {
    /// The remembered platform `appid`, if fresh.
    pub(crate) fn get(&self, appid: &str) -> Option<(Model, MsgCrypt)> {
        self.0.get(appid)
    }

    pub(crate) fn put(&self, m: &Model, crypt: &MsgCrypt) {
        self.0.put(m.appid.clone(), (m.clone(), crypt.clone()));
    }

    /// Forgets platform `appid` (it changed, or its remembered key failed).
    pub(crate) fn forget(&self, appid: &str) {
        self.0.remove(appid);
    }
}
