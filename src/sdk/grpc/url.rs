//! Rerun proxy URLs: `rerun+http://host:port/proxy` (rerun-sdk 0.41's accepted forms).

use crate::error::{Error, Result};

/// rerun-sdk's default viewer URL.
pub const DEFAULT_URL: &str = "rerun+http://127.0.0.1:9876/proxy";

/// The viewer's port when a URL names none.
pub const DEFAULT_PORT: u16 = 9876;

/// A validated message-proxy URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProxyUrl {
    /// As given (for messages).
    pub url: String,
    /// `http://host:port`, what the HTTP/2 connection is made to.
    pub origin: String,
}

impl ProxyUrl {
    pub fn parse(url: &str) -> Result<Self> {
        let bad = |why: &str| {
            Error::Value(format!(
                "invalid viewer URL {url:?}: {why} (expected rerun+http://HOST:PORT/proxy, e.g. {DEFAULT_URL})"
            ))
        };
        let Some((scheme, rest)) = url.split_once("://") else {
            return Err(bad("no scheme"));
        };
        match scheme {
            "rerun+http" => {}
            "rerun" | "rerun+https" => {
                return Err(bad(
                    "TLS (rerun:// and rerun+https://) is not supported by nparrow's gRPC sink; use rerun+http://",
                ))
            }
            other => {
                return Err(bad(&format!(
                    "the scheme must be rerun+http (or rerun/rerun+https with TLS), got {other:?}"
                )))
            }
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => rest.split_at(i),
            None => (rest, ""),
        };
        if path != "/proxy" {
            return Err(bad(&format!("the path must be /proxy, got {path:?}")));
        }
        if authority.is_empty() || authority.contains('@') {
            return Err(bad("missing or invalid host"));
        }
        // `[v6]:port`, `[v6]`, `host:port` or `host`.
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let Some((h, after)) = v6.split_once(']') else {
                return Err(bad("unterminated IPv6 address"));
            };
            let port = match after {
                "" => None,
                p => Some(p.strip_prefix(':').ok_or_else(|| bad("bad port"))?),
            };
            (format!("[{h}]"), port)
        } else {
            match authority.rsplit_once(':') {
                Some((h, p)) => (h.to_owned(), Some(p)),
                None => (authority.to_owned(), None),
            }
        };
        if host.is_empty() || host == "[]" {
            return Err(bad("missing host"));
        }
        let port = match port {
            None => DEFAULT_PORT,
            Some(p) => p
                .parse::<u16>()
                .ok()
                .filter(|p| *p != 0)
                .ok_or_else(|| bad(&format!("the port must be 1-65535, got {p:?}")))?,
        };
        Ok(Self {
            url: url.to_owned(),
            origin: format!("http://{host}:{port}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_rerun_http_proxy_urls() {
        let u = ProxyUrl::parse("rerun+http://127.0.0.1:9876/proxy").unwrap();
        assert_eq!(u.origin, "http://127.0.0.1:9876");
        let u = ProxyUrl::parse("rerun+http://localhost/proxy").unwrap();
        assert_eq!(u.origin, "http://localhost:9876");
        let u = ProxyUrl::parse("rerun+http://[::1]:1234/proxy").unwrap();
        assert_eq!(u.origin, "http://[::1]:1234");
    }

    #[test]
    fn rejects_bad_urls_with_a_reason() {
        for (url, why) in [
            ("127.0.0.1:9876", "no scheme"),
            ("http://127.0.0.1:9876/proxy", "scheme"),
            ("rerun+https://127.0.0.1:9876/proxy", "TLS"),
            ("rerun://127.0.0.1:9876/proxy", "TLS"),
            ("rerun+http://127.0.0.1:9876", "path"),
            ("rerun+http://127.0.0.1:9876/catalog", "path"),
            ("rerun+http://127.0.0.1:99999/proxy", "port"),
            ("rerun+http://:9876/proxy", "host"),
        ] {
            let err = ProxyUrl::parse(url).unwrap_err().to_string();
            assert!(err.contains(why), "{url}: {err}");
        }
    }
}
