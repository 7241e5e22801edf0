//! The few browser APIs the app calls directly; no-ops when rendering on the server.

/// Reloads the current page (after switching tenants every view must refetch).
pub fn reload() {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// Loads `path` as a new document (used to leave the app for the login page).
pub fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// The current path and query, for returning after login.
pub fn current_path() -> String {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let loc = w.location();
        return format!(
            "{}{}",
            loc.pathname().unwrap_or_default(),
            loc.search().unwrap_or_default()
        );
    }
    "/".to_string()
}

/// Copies `text` to the clipboard (best effort).
pub fn copy_to_clipboard(text: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(w) = web_sys::window() {
        let _ = w.navigator().clipboard().write_text(text);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = text;
}

/// Marks `<body data-hydrated>` once the WASM has taken over (browser tests wait for it).
pub fn mark_hydrated() {
    #[cfg(feature = "hydrate")]
    if let Some(body) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body())
    {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
