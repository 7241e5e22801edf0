//! Generated images: head images (SVG avatars) and account QR codes.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::html::esc;
use crate::Sandbox;

const PALETTE: [&str; 8] = [
    "#07c160", "#10aeff", "#fa9d3b", "#fa5151", "#6467f0", "#1485ee", "#ff6146", "#576b95",
];

/// A round avatar with the first character of the nickname on a colour picked by the appid.
pub(crate) fn avatar_svg(appid: &str, nickname: &str) -> String {
    let hash = appid
        .bytes()
        .fold(7u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
    let colour = PALETTE[(hash as usize) % PALETTE.len()];
    let initial: String = nickname
        .chars()
        .next()
        .map(String::from)
        .unwrap_or_else(|| "微".into());
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"132\" height=\"132\" viewBox=\"0 0 132 132\">\
<circle cx=\"66\" cy=\"66\" r=\"66\" fill=\"{colour}\"/>\
<text x=\"66\" y=\"84\" font-size=\"56\" text-anchor=\"middle\" fill=\"#fff\" font-family=\"sans-serif\">{}</text></svg>",
        esc(&initial)
    )
}

fn svg(body: String) -> Response {
    ([(header::CONTENT_TYPE, "image/svg+xml")], body).into_response()
}

/// `GET /_sandbox/avatars/{appid}.svg`.
pub(crate) async fn avatar(State(sb): State<Sandbox>, Path(file): Path<String>) -> Response {
    let appid = file.trim_end_matches(".svg");
    let nickname = sb.world().accounts.get(appid).map(|a| a.nickname.clone());
    match nickname {
        Some(n) => svg(avatar_svg(appid, &n)),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// `GET /_sandbox/qrcodes/{appid}.svg`: a QR code of the account's (fictional) profile link.
pub(crate) async fn qrcode(State(sb): State<Sandbox>, Path(file): Path<String>) -> Response {
    let appid = file.trim_end_matches(".svg");
    let user_name = sb.world().accounts.get(appid).map(|a| a.user_name.clone());
    match user_name
        .and_then(|u| wxopen::links::qr_svg(&format!("https://weixin.qq.com/r/{u}")).ok())
    {
        Some(code) => svg(code),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
