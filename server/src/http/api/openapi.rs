//! The OpenAPI document of `/api/v1`, generated from the handlers' annotations (utoipa), served
//! at `/api/v1/openapi.json`.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{error, oauth, proxy, registrations, tokens};

/// The bearer API key.
struct ApiKeyAuth;

impl Modify for ApiKeyAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API key from Settings → API keys (or `wxopen-console create-api-key`)",
                    ))
                    .build(),
            ),
        );
    }
}

/// The document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "wxopen-console platform API",
        description = "Tokens, the WeChat API proxy, fast registration and web OAuth results for a tenant's own services. Errors are JSON with a stable `code` and a Chinese and English message."
    ),
    paths(
        tokens::list_platforms,
        tokens::component_token,
        tokens::component_token_invalid,
        tokens::list_authorizers,
        tokens::authorizer_token,
        tokens::authorizer_token_invalid,
        tokens::jsapi_ticket,
        proxy::forward,
        registrations::start,
        registrations::show,
        registrations::rename,
        registrations::verify,
        oauth::result,
    ),
    components(schemas(error::ErrorBody, error::Message)),
    modifiers(&ApiKeyAuth),
    tags(
        (name = "tokens", description = "Component and authorizer tokens (scope `tokens`)"),
        (name = "proxy", description = "Any WeChat API call of an authorizer (scope `proxy`)"),
        (name = "registrations", description = "Fast registration of mini programs (scope `registrations`)"),
        (name = "oauth", description = "Web OAuth results on behalf of official accounts (scope `oauth`)"),
    )
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`.
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
