//! Fault injection: the misbehaviours a real tenant (or whatever sits in front of it)
//! shows, so a client's diagnostics can be exercised without a real tenant.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// One injected fault. Parse the CLI syntax with [`str::parse`]; see [`fault_help`].
#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// Added to every request before anything else happens.
    Latency(Duration),
    /// Every `nth` request (all requests counted) gets 429 with `Retry-After`.
    RateLimitEvery { nth: u32, retry_after_secs: u32 },
    /// Every Nth request gets 500 (N = 1: every request).
    ServerErrorEvery(u32),
    /// The token endpoint answers 200 with an HTML sign-in page.
    TokenLoginPage,
    /// The token endpoint answers 302 to `/login`.
    TokenRedirectToLogin,
    /// Token success JSON without `access_token`.
    TokenMissingAccessToken,
    /// Every SCIM request answers 200 with an HTML sign-in page.
    ScimLoginPage,
    /// Every SCIM request answers 302 to `/login`.
    ScimRedirectToLogin,
    /// Every authenticated SCIM request answers 403 (directory inactive).
    ScimForbidden,
    /// The `filter` query parameter is ignored on list endpoints.
    FilterIgnored,
    /// A list query (on /Users or /Groups, GET or POST .search) that carries `count`
    /// answers 500.
    CountBroken,
    /// A list query that carries `startIndex` answers 500.
    StartIndexBroken,
    /// A /Users list query without a `filter` answers 500, whatever its paging;
    /// filtered lookups still work.
    ListServerError,
    /// Filters compare `userName` case-sensitively (RFC 7643 §4.1.1 says caseExact
    /// false); uniqueness on create stays case-insensitive.
    UserNameCaseSensitive,
    /// Every request under /Groups answers 404, as on a server without groups.
    GroupsNotFound,
    /// Overrides the configured token lifetime.
    ShortTokenLifetime(Duration),
}

const HELP: &str = "\
latency=<N>ms|<N>s        add this delay to every request
rate-limit=<N>[:<S>]      every Nth request gets 429 with Retry-After: S (default 1)
server-error[=<N>]        every Nth request gets 500 (default N=1: every request)
token-login-page          token endpoint answers 200 with an HTML sign-in page
token-redirect            token endpoint answers 302 to /login
token-no-access-token     token response lacks access_token
scim-login-page           every SCIM request answers 200 with an HTML sign-in page
scim-redirect             every SCIM request answers 302 to /login
scim-forbidden            every authenticated SCIM request answers 403 (directory inactive)
filter-ignored            list endpoints ignore the filter parameter
count-broken              a /Users or /Groups list query carrying count answers 500
start-index-broken        a /Users or /Groups list query carrying startIndex answers 500
list-server-error         a /Users list query without a filter answers 500 (lookups work)
username-case-sensitive   filters compare userName case-sensitively (RFC 7643: caseExact false)
groups-not-found          every request under /Groups answers 404
short-token=<N>ms|<N>s    access tokens expire after this long";

/// One line per fault syntax with a short description, for `--help`.
pub fn fault_help() -> &'static str {
    HELP
}

fn parse_error(input: &str, why: &str) -> String {
    format!("invalid fault '{input}': {why}; valid forms:\n{HELP}")
}

/// Parses "100ms", "2s" (whole numbers only).
fn parse_duration(text: &str) -> Option<Duration> {
    if let Some(ms) = text.strip_suffix("ms") {
        return ms.trim().parse::<u64>().ok().map(Duration::from_millis);
    }
    let secs = text.strip_suffix('s')?;
    secs.trim().parse::<u64>().ok().map(Duration::from_secs)
}

fn parse_positive(text: &str) -> Option<u32> {
    text.trim().parse::<u32>().ok().filter(|n| *n > 0)
}

impl FromStr for Fault {
    type Err = String;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let trimmed = input.trim();
        let (name, arg) = match trimmed.split_once('=') {
            Some((name, arg)) => (name.trim(), Some(arg.trim())),
            None => (trimmed, None),
        };
        let name = name.to_ascii_lowercase();
        let no_arg = |fault: Fault| match arg {
            None => Ok(fault),
            Some(_) => Err(parse_error(input, "this fault takes no value")),
        };
        match name.as_str() {
            "latency" => {
                let arg = arg.ok_or_else(|| parse_error(input, "latency needs a duration"))?;
                parse_duration(arg)
                    .map(Fault::Latency)
                    .ok_or_else(|| parse_error(input, "duration must look like 100ms or 2s"))
            }
            "short-token" => {
                let arg = arg.ok_or_else(|| parse_error(input, "short-token needs a duration"))?;
                match parse_duration(arg) {
                    Some(d) if !d.is_zero() => Ok(Fault::ShortTokenLifetime(d)),
                    _ => Err(parse_error(
                        input,
                        "duration must be positive and look like 500ms or 5s",
                    )),
                }
            }
            "rate-limit" => {
                let arg = arg.ok_or_else(|| parse_error(input, "rate-limit needs N"))?;
                let (nth, retry) = match arg.split_once(':') {
                    Some((nth, retry)) => (nth, Some(retry)),
                    None => (arg, None),
                };
                let nth = parse_positive(nth)
                    .ok_or_else(|| parse_error(input, "N must be a positive whole number"))?;
                let retry_after_secs = match retry {
                    None => 1,
                    Some(r) => r.trim().parse::<u32>().map_err(|_| {
                        parse_error(input, "Retry-After seconds must be a whole number")
                    })?,
                };
                Ok(Fault::RateLimitEvery {
                    nth,
                    retry_after_secs,
                })
            }
            "server-error" => match arg {
                None => Ok(Fault::ServerErrorEvery(1)),
                Some(n) => parse_positive(n)
                    .map(Fault::ServerErrorEvery)
                    .ok_or_else(|| parse_error(input, "N must be a positive whole number")),
            },
            "token-login-page" => no_arg(Fault::TokenLoginPage),
            "token-redirect" => no_arg(Fault::TokenRedirectToLogin),
            "token-no-access-token" => no_arg(Fault::TokenMissingAccessToken),
            "scim-login-page" => no_arg(Fault::ScimLoginPage),
            "scim-redirect" => no_arg(Fault::ScimRedirectToLogin),
            "scim-forbidden" => no_arg(Fault::ScimForbidden),
            "filter-ignored" => no_arg(Fault::FilterIgnored),
            "count-broken" => no_arg(Fault::CountBroken),
            "start-index-broken" => no_arg(Fault::StartIndexBroken),
            "list-server-error" => no_arg(Fault::ListServerError),
            "username-case-sensitive" => no_arg(Fault::UserNameCaseSensitive),
            "groups-not-found" => no_arg(Fault::GroupsNotFound),
            _ => Err(parse_error(input, "unknown fault")),
        }
    }
}

fn fmt_duration(d: Duration) -> String {
    if d.subsec_millis() == 0 && d.as_secs() > 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}ms", d.as_millis())
    }
}

/// Writes the CLI syntax back, so `fault.to_string().parse()` round-trips.
impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fault::Latency(d) => write!(f, "latency={}", fmt_duration(*d)),
            Fault::RateLimitEvery {
                nth,
                retry_after_secs,
            } => write!(f, "rate-limit={nth}:{retry_after_secs}"),
            Fault::ServerErrorEvery(n) => write!(f, "server-error={n}"),
            Fault::TokenLoginPage => f.write_str("token-login-page"),
            Fault::TokenRedirectToLogin => f.write_str("token-redirect"),
            Fault::TokenMissingAccessToken => f.write_str("token-no-access-token"),
            Fault::ScimLoginPage => f.write_str("scim-login-page"),
            Fault::ScimRedirectToLogin => f.write_str("scim-redirect"),
            Fault::ScimForbidden => f.write_str("scim-forbidden"),
            Fault::FilterIgnored => f.write_str("filter-ignored"),
            Fault::CountBroken => f.write_str("count-broken"),
            Fault::StartIndexBroken => f.write_str("start-index-broken"),
            Fault::ListServerError => f.write_str("list-server-error"),
            Fault::UserNameCaseSensitive => f.write_str("username-case-sensitive"),
            Fault::GroupsNotFound => f.write_str("groups-not-found"),
            Fault::ShortTokenLifetime(d) => write!(f, "short-token={}", fmt_duration(*d)),
        }
    }
}

/// The configured faults folded into what each request needs to look up.
#[derive(Debug, Clone, Default)]
pub(crate) struct FaultPlan {
    pub latency: Duration,
    pub rate_limit: Option<(u32, u32)>,
    pub server_error_every: Option<u32>,
    pub token_login_page: bool,
    pub token_redirect: bool,
    pub token_missing_access_token: bool,
    pub scim_login_page: bool,
    pub scim_redirect: bool,
    pub scim_forbidden: bool,
    pub filter_ignored: bool,
    pub count_broken: bool,
    pub start_index_broken: bool,
    pub list_server_error: bool,
    pub user_name_case_sensitive: bool,
    pub groups_not_found: bool,
    pub short_token_lifetime: Option<Duration>,
}

/// What a list query asks for, as far as the list faults care.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ListShape {
    /// The query lists users (/Users, or the root search).
    pub users: bool,
    /// It carries a non-blank `filter`.
    pub filter: bool,
    /// It carries `count` (any value).
    pub count: bool,
    /// It carries `startIndex` (any value).
    pub start_index: bool,
}

impl FaultPlan {
    pub fn new(faults: &[Fault]) -> Self {
        let mut plan = Self::default();
        for fault in faults {
            match fault {
                // Several latencies add up, like several slow hops would.
                Fault::Latency(d) => plan.latency += *d,
                Fault::RateLimitEvery {
                    nth,
                    retry_after_secs,
                } if *nth > 0 => plan.rate_limit = Some((*nth, *retry_after_secs)),
                Fault::RateLimitEvery { .. } => {}
                Fault::ServerErrorEvery(n) if *n > 0 => plan.server_error_every = Some(*n),
                Fault::ServerErrorEvery(_) => {}
                Fault::TokenLoginPage => plan.token_login_page = true,
                Fault::TokenRedirectToLogin => plan.token_redirect = true,
                Fault::TokenMissingAccessToken => plan.token_missing_access_token = true,
                Fault::ScimLoginPage => plan.scim_login_page = true,
                Fault::ScimRedirectToLogin => plan.scim_redirect = true,
                Fault::ScimForbidden => plan.scim_forbidden = true,
                Fault::FilterIgnored => plan.filter_ignored = true,
                Fault::CountBroken => plan.count_broken = true,
                Fault::StartIndexBroken => plan.start_index_broken = true,
                Fault::ListServerError => plan.list_server_error = true,
                Fault::UserNameCaseSensitive => plan.user_name_case_sensitive = true,
                Fault::GroupsNotFound => plan.groups_not_found = true,
                Fault::ShortTokenLifetime(d) => plan.short_token_lifetime = Some(*d),
            }
        }
        plan
    }

    /// Whether request number `n` (1-based) is rate limited; gives Retry-After seconds.
    pub fn rate_limited(&self, n: u64) -> Option<u32> {
        let (nth, retry) = self.rate_limit?;
        // `checked_rem` rather than `is_multiple_of`, which is newer than the
        // workspace's rust-version (1.85).
        (n.checked_rem(u64::from(nth)) == Some(0)).then_some(retry)
    }

    /// The detail of the injected 500 for a list query of this shape, if a list fault
    /// applies. Each fault looks at one thing, so several compose: the query fails if
    /// any of them applies.
    pub fn list_failure(&self, shape: ListShape) -> Option<&'static str> {
        if self.list_server_error && shape.users && !shape.filter {
            return Some(
                "internal server error while listing users (injected fault list-server-error)",
            );
        }
        if self.count_broken && shape.count {
            return Some(
                "internal server error while paging by count (injected fault count-broken)",
            );
        }
        if self.start_index_broken && shape.start_index {
            return Some(
                "internal server error while paging by startIndex (injected fault start-index-broken)",
            );
        }
        None
    }

    /// Whether request number `n` (1-based) fails with 500.
    pub fn server_error(&self, n: u64) -> bool {
        self.server_error_every
            .is_some_and(|every| n.checked_rem(u64::from(every)) == Some(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_documented_form() {
        let cases = [
            ("latency=100ms", Fault::Latency(Duration::from_millis(100))),
            ("latency=2s", Fault::Latency(Duration::from_secs(2))),
            (
                "rate-limit=3",
                Fault::RateLimitEvery {
                    nth: 3,
                    retry_after_secs: 1,
                },
            ),
            (
                "rate-limit=3:5",
                Fault::RateLimitEvery {
                    nth: 3,
                    retry_after_secs: 5,
                },
            ),
            ("server-error", Fault::ServerErrorEvery(1)),
            ("server-error=4", Fault::ServerErrorEvery(4)),
            ("token-login-page", Fault::TokenLoginPage),
            ("token-redirect", Fault::TokenRedirectToLogin),
            ("token-no-access-token", Fault::TokenMissingAccessToken),
            ("scim-login-page", Fault::ScimLoginPage),
            ("scim-redirect", Fault::ScimRedirectToLogin),
            ("scim-forbidden", Fault::ScimForbidden),
            ("filter-ignored", Fault::FilterIgnored),
            ("count-broken", Fault::CountBroken),
            ("start-index-broken", Fault::StartIndexBroken),
            ("list-server-error", Fault::ListServerError),
            ("username-case-sensitive", Fault::UserNameCaseSensitive),
            ("Groups-Not-Found", Fault::GroupsNotFound),
            (
                "short-token=5s",
                Fault::ShortTokenLifetime(Duration::from_secs(5)),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(text.parse::<Fault>(), Ok(expected.clone()), "{text}");
            assert_eq!(
                expected.to_string().parse::<Fault>(),
                Ok(expected),
                "round trip of {text}"
            );
        }
    }

    #[test]
    fn rejects_bad_forms_with_a_helpful_message() {
        for bad in [
            "latency",
            "latency=100",
            "latency=fast",
            "rate-limit",
            "rate-limit=0",
            "rate-limit=x:1",
            "server-error=0",
            "scim-forbidden=1",
            "count-broken=1",
            "groups-not-found=yes",
            "short-token=0s",
            "teapot",
        ] {
            let err = bad.parse::<Fault>().expect_err(bad);
            assert!(err.contains("valid forms"), "{err}");
            assert!(err.contains("rate-limit=<N>"), "{err}");
        }
    }

    #[test]
    fn help_has_a_line_per_fault() {
        assert_eq!(fault_help().lines().count(), 16);
    }

    #[test]
    fn list_faults_compose() {
        let shape = |users, filter, count, start_index| ListShape {
            users,
            filter,
            count,
            start_index,
        };
        let none = FaultPlan::new(&[]);
        assert_eq!(none.list_failure(shape(true, false, true, true)), None);

        let plan = FaultPlan::new(&[Fault::CountBroken, Fault::StartIndexBroken]);
        assert!(plan.list_failure(shape(true, true, true, false)).is_some());
        assert!(plan
            .list_failure(shape(false, false, false, true))
            .is_some());
        assert_eq!(plan.list_failure(shape(true, true, false, false)), None);

        let plan = FaultPlan::new(&[Fault::ListServerError]);
        assert!(plan
            .list_failure(shape(true, false, false, false))
            .is_some());
        assert_eq!(plan.list_failure(shape(true, true, true, true)), None);
        assert_eq!(plan.list_failure(shape(false, false, true, true)), None);
    }

    #[test]
    fn counters_pick_every_nth_request() {
        let plan = FaultPlan::new(&[
            Fault::RateLimitEvery {
                nth: 3,
                retry_after_secs: 7,
            },
            Fault::ServerErrorEvery(2),
        ]);
        let limited: Vec<u64> = (1..=9)
            .filter(|n| plan.rate_limited(*n).is_some())
            .collect();
        assert_eq!(limited, vec![3, 6, 9]);
        assert_eq!(plan.rate_limited(3), Some(7));
        let failed: Vec<u64> = (1..=6).filter(|n| plan.server_error(*n)).collect();
        assert_eq!(failed, vec![2, 4, 6]);
    }
}
