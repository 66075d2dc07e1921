//! Credentials for direct destinations: a transport decorator that adds an `Authorization`
//! header (`ApiToken …` or `Basic …`) and sends no cookies, so a cross-origin request carries the
//! destination's credentials and never the user's session of the app's own instance.
//!
//! Secrets live only in memory: [`Auth`] never prints them (its `Debug` is redacted) and nothing
//! here stores them.

use crate::transport::{
    Credentials, HttpRequest, HttpResponse, ResponseHead, Transport, TransportError,
};

/// Credentials of a destination, as entered for one run.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    /// A personal access token (DHIS2 2.38+; 2.37 when enabled in dhis.conf):
    /// `Authorization: ApiToken <token>`.
    ApiToken(String),
    /// User name and password: `Authorization: Basic base64(user:password)`.
    Basic {
        /// User name.
        username: String,
        /// Password.
        password: String,
    },
}

impl std::fmt::Debug for Auth {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Auth::ApiToken(_) => formatter.write_str("ApiToken(<redacted>)"),
            Auth::Basic { username, .. } => write!(formatter, "Basic({username}, <redacted>)"),
        }
    }
}

impl Auth {
    /// The `Authorization` header's value.
    pub fn header_value(&self) -> String {
        match self {
            Auth::ApiToken(token) => format!("ApiToken {}", token.trim()),
            Auth::Basic { username, password } => {
                format!(
                    "Basic {}",
                    base64(format!("{username}:{password}").as_bytes())
                )
            }
        }
    }
}

/// A transport that authenticates every request with [`Auth`] and sends no cookies.
#[derive(Clone, Debug)]
pub struct AuthTransport<T> {
    inner: T,
    auth: Auth,
}

impl<T> AuthTransport<T> {
    /// Wraps `inner`.
    pub fn new(inner: T, auth: Auth) -> AuthTransport<T> {
        AuthTransport { inner, auth }
    }

    /// The credentials in use.
    pub fn auth(&self) -> &Auth {
        &self.auth
    }
}

impl<T> AuthTransport<T> {
    /// `request` with the credentials and without cookies.
    fn authenticated(&self, request: HttpRequest) -> HttpRequest {
        let mut request = request.with_header("Authorization", self.auth.header_value());
        request.credentials = Credentials::Omit;
        request
    }
}

/// Streams through the inner transport's body, so dropping aborts exactly as it does there.
impl<T: Transport> Transport for AuthTransport<T> {
    type Body = T::Body;

    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        self.inner.send(self.authenticated(request)).await
    }

    async fn open(&self, request: HttpRequest) -> Result<(ResponseHead, T::Body), TransportError> {
        self.inner.open(self.authenticated(request)).await
    }
}

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b0 = chunk[0] as u32;
        let b1 = chunk.get(1).copied().unwrap_or(0) as u32;
        let b2 = chunk.get(2).copied().unwrap_or(0) as u32;
        let triple = (b0 << 16) | (b1 << 8) | b2;
        let sextet = |shift: u32| ALPHABET[((triple >> shift) & 0x3f) as usize] as char;
        out.push(sextet(18));
        out.push(sextet(12));
        out.push(if chunk.len() > 1 { sextet(6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(0) } else { '=' });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, expected) in cases {
            assert_eq!(base64(input.as_bytes()), expected, "{input}");
        }
    }

    #[test]
    fn header_values() {
        let basic = Auth::Basic {
            username: "admin".into(),
            password: "district".into(),
        };
        assert_eq!(basic.header_value(), "Basic YWRtaW46ZGlzdHJpY3Q=");
        let token = Auth::ApiToken(" d2p_abc ".into());
        assert_eq!(token.header_value(), "ApiToken d2p_abc");
    }

    #[test]
    fn debug_hides_secrets() {
        let basic = Auth::Basic {
            username: "admin".into(),
            password: "district".into(),
        };
        let shown = format!("{basic:?} {:?}", Auth::ApiToken("d2p_secret".into()));
        assert!(
            !shown.contains("district") && !shown.contains("d2p_secret"),
            "{shown}"
        );
    }
}
