//! The ceiling of the event endpoint: a minimal axum handler that verifies and decrypts a push
//! with the same `wxopen` code the console uses, and stores nothing. The console's figure
//! divided by this one says what storing (and everything else around it) costs.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::post;
use wxopen::{EncodingAesKey, MsgCrypt};

async fn receive(
    State(crypt): State<Arc<MsgCrypt>>,
    Query(q): Query<HashMap<String, String>>,
    body: Bytes,
) -> (StatusCode, &'static str) {
    let (Some(ts), Some(nonce), Some(sig)) =
        (q.get("timestamp"), q.get("nonce"), q.get("msg_signature"))
    else {
        return (StatusCode::BAD_REQUEST, "missing parameters");
    };
    match crypt.decrypt_body(sig, ts, nonce, &body) {
        Ok(_) => (StatusCode::OK, "success"),
        Err(_) => (StatusCode::BAD_REQUEST, "bad push"),
    }
}

/// Serves `POST /wechat/{appid}/events` on `listen` until killed, and `POST /hook`: the local
/// webhook of the forwarding figure, answering at once without a reply.
pub fn serve(listen: SocketAddr, token: &str, aes_key: &str, appid: &str) -> anyhow::Result<()> {
    let crypt = Arc::new(MsgCrypt::new(token, EncodingAesKey::parse(aes_key)?, appid));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let app = Router::new()
            .route("/wechat/{appid}/events", post(receive))
            .route("/hook", post(|| async { "success" }))
            .with_state(crypt);
        let listener = tokio::net::TcpListener::bind(listen).await?;
        axum::serve(listener, app).await?;
        Ok(())
    })
}
