//! Polling in the browser (never on the server): a job's progress, a link being authorized.

use std::time::Duration;

use leptos::prelude::*;

/// Calls `tick` every `every` while the calling component lives, in the browser only. `tick`
/// decides itself whether there is anything to refresh.
pub fn poll(every: Duration, tick: impl Fn() + Clone + 'static) {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        {
            let handle = set_interval_with_handle(tick.clone(), every).ok();
            on_cleanup(move || {
                if let Some(h) = handle {
                    h.clear();
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&tick, every);
    });
}
