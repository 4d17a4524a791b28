//! Where a signed request goes: the regional or VPC endpoint, or a checked host of the
//! caller's.

use std::fmt;

/// Why a custom host was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EndpointError {
    /// The host is empty.
    #[error("the endpoint host is empty")]
    Empty,
    /// The host holds a character a host name, an IP address or a port cannot hold (a `/`,
    /// `?`, `#`, `@` or a space would change what the URL means).
    #[error("the endpoint host {host:?} holds {ch:?}, which a host name cannot")]
    Character {
        /// The host as given.
        host: String,
        /// The first character refused.
        ch: char,
    },
    /// A label of the name is empty, longer than 63 bytes, or starts or ends with `-`.
    #[error("the endpoint host {host:?} is not a host name")]
    Name {
        /// The host as given.
        host: String,
    },
    /// The port is not a number from 1 to 65535.
    #[error("the endpoint port of {host:?} is not a number from 1 to 65535")]
    Port {
        /// The host as given.
        host: String,
    },
    /// A URL's scheme is neither `https` nor `http`.
    #[error("the endpoint {url:?} is not http:// or https://")]
    Scheme {
        /// The URL as given.
        url: String,
    },
}

/// A host name or an IP address, with an optional `:port`: what may stand between `://` and
/// the path. IPv6 addresses are written in brackets (`[::1]:8080`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Host(String);

impl Host {
    /// Checks `text`: a DNS name (labels of `A-Z a-z 0-9 -`, 1 to 63 bytes, not starting or
    /// ending with `-`, at most 253 in all; an IPv4 address is such a name) or a bracketed IPv6
    /// address (hex digits, `:` and `.`), then optionally `:` and a port from 1 to 65535.
    pub fn parse(text: &str) -> Result<Host, EndpointError> {
        if text.is_empty() {
            return Err(EndpointError::Empty);
        }
        if let Some(ch) = text
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | ':' | '[' | ']')))
        {
            return Err(EndpointError::Character {
                host: text.to_owned(),
                ch,
            });
        }
        let name_error = || EndpointError::Name {
            host: text.to_owned(),
        };
        let (name, port) = if let Some(rest) = text.strip_prefix('[') {
            let (address, after) = rest.split_once(']').ok_or_else(name_error)?;
            let ipv6 = !address.is_empty()
                && address.contains(':')
                && address
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
            if !ipv6 {
                return Err(name_error());
            }
            let port = match after {
                "" => None,
                _ => Some(after.strip_prefix(':').ok_or_else(name_error)?),
            };
            (None, port)
        } else {
            match text.split_once(':') {
                Some((name, port)) => (Some(name), Some(port)),
                None => (Some(text), None),
            }
        };
        if let Some(name) = name {
            let labels_ok = name.len() <= 253
                && name.split('.').all(|label| {
                    !label.is_empty()
                        && label.len() <= 63
                        && !label.starts_with('-')
                        && !label.ends_with('-')
                        && label
                            .bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
                });
            if !labels_ok {
                return Err(name_error());
            }
        }
        if let Some(port) = port {
            let valid = !port.is_empty()
                && port.len() <= 5
                && port.bytes().all(|b| b.is_ascii_digit())
                && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p));
            if !valid {
                return Err(EndpointError::Port {
                    host: text.to_owned(),
                });
            }
        }
        Ok(Host(text.to_owned()))
    }

    /// The host as it is sent.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Host({})", self.0)
    }
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `https` or `http` (a local mock endpoint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Scheme {
    /// `https`, for every real endpoint.
    #[default]
    Https,
    /// `http`, for a mock endpoint on the loopback.
    Http,
}

crate::spelling::spelled!(
    /// `https` or `http`.
    Scheme, "scheme", { Https => "https", Http => "http" }
);

impl Scheme {
    pub(super) const fn prefix(self) -> &'static str {
        match self {
            Scheme::Https => "https://",
            Scheme::Http => "http://",
        }
    }
}

/// Which host the request goes to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Endpoint {
    /// `ecs.<region>.aliyuncs.com`; without a region (DeleteInstance may omit it), the
    /// central `ecs.aliyuncs.com`.
    #[default]
    Regional,
    /// `ecs-vpc.<region>.aliyuncs.com`, reachable from inside a VPC; without a region, the
    /// central `ecs.aliyuncs.com`.
    Vpc,
    /// A host (and port) of the caller's choosing: a mock endpoint, a proxy, a new region's
    /// special name.
    Custom {
        /// `https` or `http`.
        scheme: Scheme,
        /// The host, checked, with an optional `:port`.
        host: Host,
    },
}

impl Endpoint {
    /// An `https` endpoint at `host` (a name or an IP address, with an optional `:port`).
    ///
    /// ```
    /// use aliyun_ecs_delete::{Endpoint, Scheme};
    /// assert!(Endpoint::custom("ecs.example.test").is_ok());
    /// assert!(Endpoint::with_scheme(Scheme::Http, "127.0.0.1:8080").is_ok());
    /// // A host that would change what the URL means is refused.
    /// assert!(Endpoint::custom("evil.test/?Action=Other#").is_err());
    /// # Ok::<(), aliyun_ecs_delete::EndpointError>(())
    /// ```
    pub fn custom(host: &str) -> Result<Endpoint, EndpointError> {
        Endpoint::with_scheme(Scheme::Https, host)
    }

    /// An endpoint at `host` with the scheme of your choosing (`http` for a local mock).
    pub fn with_scheme(scheme: Scheme, host: &str) -> Result<Endpoint, EndpointError> {
        Ok(Endpoint::Custom {
            scheme,
            host: Host::parse(host)?,
        })
    }

    /// An endpoint from a URL's origin: `https://HOST[:PORT]` or `http://HOST[:PORT]`, with at
    /// most a `/` after it; a host without a scheme is `https`. A path, query or user name is
    /// refused, as anything [`Endpoint::custom`] refuses.
    ///
    /// ```
    /// use aliyun_ecs_delete::{Endpoint, Scheme};
    /// assert_eq!(
    ///     Endpoint::from_url("http://127.0.0.1:8080/")?,
    ///     Endpoint::with_scheme(Scheme::Http, "127.0.0.1:8080")?
    /// );
    /// assert_eq!(Endpoint::from_url("ecs.example.test")?, Endpoint::custom("ecs.example.test")?);
    /// assert!(Endpoint::from_url("ftp://ecs.example.test").is_err());
    /// assert!(Endpoint::from_url("http://127.0.0.1:8080/path").is_err());
    /// # Ok::<(), aliyun_ecs_delete::EndpointError>(())
    /// ```
    pub fn from_url(url: &str) -> Result<Endpoint, EndpointError> {
        let (scheme, rest) = match url.split_once("://") {
            None => (Scheme::Https, url),
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => (Scheme::Https, rest),
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => (Scheme::Http, rest),
            Some(_) => {
                return Err(EndpointError::Scheme {
                    url: url.to_owned(),
                });
            }
        };
        Endpoint::with_scheme(scheme, rest.strip_suffix('/').unwrap_or(rest))
    }

    /// `scheme://host` for a request in `region`, in pieces (the scheme first).
    pub(super) fn origin<'a>(&'a self, region: Option<&'a str>) -> [&'a str; 4] {
        match (self, region) {
            (Endpoint::Custom { scheme, host }, _) => [scheme.prefix(), host.as_str(), "", ""],
            (Endpoint::Regional, Some(region)) => ["https://", "ecs.", region, ".aliyuncs.com"],
            (Endpoint::Vpc, Some(region)) => ["https://", "ecs-vpc.", region, ".aliyuncs.com"],
            (_, None) => ["https://", "ecs.aliyuncs.com", "", ""],
        }
    }
}

/// The length of an origin's pieces.
pub(super) fn origin_len(origin: &[&str; 4]) -> usize {
    origin.iter().map(|piece| piece.len()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        for ok in [
            "ecs.cn-hangzhou.aliyuncs.com",
            "localhost",
            "127.0.0.1:8080",
            "[::1]:8080",
            "[2001:db8::1]",
            "[::ffff:192.0.2.1]:443",
            "a-b.c:1",
            "x:65535",
        ] {
            assert!(Host::parse(ok).is_ok(), "{ok}");
        }
        for (bad, code) in [
            ("", "empty"),
            ("evil.test/?x", "character"),
            ("a b", "character"),
            ("user@host", "character"),
            ("host#frag", "character"),
            ("-a.test", "name"),
            ("a..test", "name"),
            ("a.test.", "name"),
            ("[::1", "name"),
            ("[zz]", "name"),
            ("[abcd]", "name"),
            ("[192.0.2.1]", "name"),
            ("[fe80::g1]", "name"),
            ("x:0", "port"),
            ("x:65536", "port"),
            ("x:", "port"),
            ("x:1:2", "port"),
        ] {
            let e = Host::parse(bad).unwrap_err();
            let got = match e {
                EndpointError::Empty => "empty",
                EndpointError::Character { .. } => "character",
                EndpointError::Name { .. } => "name",
                EndpointError::Port { .. } => "port",
                EndpointError::Scheme { .. } => "scheme",
            };
            assert_eq!(got, code, "{bad}");
        }
    }

    /// A host shows as itself, in `Debug` named so; a URL's scheme is `https` or `http` in any
    /// case, and `https` when it has none.
    #[test]
    fn a_host_shows_as_itself_and_a_url_names_its_scheme() {
        let host = Host::parse("[::1]:8080").expect("valid");
        assert_eq!(
            (format!("{host}"), format!("{host:?}")),
            ("[::1]:8080".to_owned(), "Host([::1]:8080)".to_owned())
        );
        for (url, scheme) in [
            ("https://ecs.example.test/", Scheme::Https),
            ("HTTPS://ecs.example.test", Scheme::Https),
            ("ecs.example.test", Scheme::Https),
            ("http://ecs.example.test", Scheme::Http),
            ("Http://ecs.example.test/", Scheme::Http),
        ] {
            assert_eq!(
                Endpoint::from_url(url),
                Endpoint::with_scheme(scheme, "ecs.example.test"),
                "{url}"
            );
        }
    }
}
