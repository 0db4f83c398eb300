//! Values that must never leak: the OAuth client secret and access tokens.
//!
//! Both types print `<redacted>` through `Debug` and `Display` and deliberately do not
//! implement `Serialize`, so they cannot end up in a log line, a JSON report or an IPC
//! response by accident. The only way to read the value is `expose()`, which makes every
//! use easy to find in review.

use std::fmt;

macro_rules! redacted_string_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub fn new(value: impl Into<String>) -> Self {
                Self(value.into())
            }

            /// The raw value, for the one place that must send it over the wire.
            pub fn expose(&self) -> &str {
                &self.0
            }

            pub fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<redacted>")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("<redacted>")
            }
        }
    };
}

redacted_string_type!(
    /// The Client Secret of the Haiilo API client (shown once by Haiilo).
    ClientSecret
);

redacted_string_type!(
    /// An OAuth 2 access token issued by the token endpoint.
    AccessToken
);

redacted_string_type!(
    /// The client secret of the PingOne worker application that reads and writes PingOne's
    /// configuration (kept apart from the Haiilo secret: a different system, a different key).
    WorkerSecret
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let secret = ClientSecret::new("s3cr3t+value");
        let token = AccessToken::new("tok-abc");
        for shown in [
            format!("{secret:?}"),
            format!("{secret}"),
            format!("{token:?}"),
            format!("{token}"),
            format!("{:?}", Some(&secret)),
        ] {
            assert_eq!(shown.replace("Some(", "").replace(')', ""), "<redacted>");
        }
        assert_eq!(secret.expose(), "s3cr3t+value");
    }
}
