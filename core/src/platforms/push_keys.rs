//! Each push names its platform by appid and needs the platform's row and message crypt (three
//! sealed secrets opened, the EncodingAESKey decoded). This process remembers both for [`TTL`],
//! so a burst of pushes costs one lookup per platform per second instead of one per push.
//!
//! Why a second is safe: a change made in this process (keys, enabled) forgets the platform at
//! once; one made by another instance is seen within the second, and a push that the remembered
//! key cannot open is tried again with the platform read afresh, so a key rotation never refuses
//! a push it should accept. Unknown appids are not remembered: garbage cannot fill the map.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use wxopen::MsgCrypt;

use super::entity::Model;

/// How long a platform is believed.
const TTL: Duration = Duration::from_secs(1);
/// Past this many platforms the map starts again from empty (a bound, not a working size).
const MAX_ENTRIES: usize = 10_000;

/// A platform's row and crypt by appid.
#[derive(Default)]
pub(crate) struct PushKeys {
    entries: Mutex<HashMap<String, (Model, MsgCrypt, Instant)>>,
}

impl std::fmt::Debug for PushKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushKeys").finish_non_exhaustive()
    }
}

impl PushKeys {
    /// The remembered platform `appid`, if fresh.
    pub(crate) fn get(&self, appid: &str) -> Option<(Model, MsgCrypt)> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .get(appid)
            .filter(|(_, _, at)| at.elapsed() < TTL)
            .map(|(m, c, _)| (m.clone(), c.clone()))
    }

    pub(crate) fn put(&self, m: &Model, crypt: &MsgCrypt) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(m.appid.clone(), (m.clone(), crypt.clone(), Instant::now()));
    }

    /// Forgets platform `appid` (it changed, or its remembered key failed).
    pub(crate) fn forget(&self, appid: &str) {
        self.entries
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(appid);
    }
}
