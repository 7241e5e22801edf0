//! A TCP proxy the test controls, in front of a real server (PostgreSQL): [`cut`](TcpProxy::cut)
//! drops every open connection and refuses new ones until [`restore`](TcpProxy::restore), so a
//! test sees a database outage without stopping the database other tests use.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

/// Forwards `127.0.0.1:<port>` to an upstream address while it is up.
pub struct TcpProxy {
    pub port: u16,
    state: Arc<State>,
    accept: AbortHandle,
}

#[derive(Default)]
struct State {
    down: AtomicBool,
    open: Mutex<Vec<AbortHandle>>,
}

impl TcpProxy {
    /// Starts forwarding to `upstream` (`host:port`).
    pub async fn start(upstream: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(State::default());
        let st = state.clone();
        let accept = tokio::spawn(async move {
            loop {
                let Ok((client, _)) = listener.accept().await else {
                    continue;
                };
                if st.down.load(Ordering::SeqCst) {
                    // Refused: closed at once, as a server that is not there.
                    drop(client);
                    continue;
                }
                let upstream = upstream.clone();
                let task = tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(&upstream).await else {
                        return;
                    };
                    let mut client = client;
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                });
                let mut open = st.open.lock().unwrap();
                open.retain(|t| !t.is_finished());
                open.push(task.abort_handle());
            }
        })
        .abort_handle();
        Self {
            port,
            state,
            accept,
        }
    }

    /// `url` (a database URL) with its host and port replaced by the proxy's.
    pub fn url_for(&self, url: &str) -> String {
        let mut u = url::Url::parse(url).unwrap();
        u.set_host(Some("127.0.0.1")).unwrap();
        u.set_port(Some(self.port)).unwrap();
        u.to_string()
    }

    /// The outage: every open connection dropped, new ones refused.
    pub fn cut(&self) {
        self.state.down.store(true, Ordering::SeqCst);
        for t in self.state.open.lock().unwrap().drain(..) {
            t.abort();
        }
    }

    /// The end of the outage.
    pub fn restore(&self) {
        self.state.down.store(false, Ordering::SeqCst);
    }
}

impl Drop for TcpProxy {
    fn drop(&mut self) {
        self.cut();
        self.accept.abort();
    }
}
