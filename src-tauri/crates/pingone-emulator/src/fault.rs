//! Fault injection: the ways a PingOne environment (or the admin's view of it) goes
//! wrong, so a client's diagnostics can be exercised without a real PingOne.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// One injected fault. Parse the CLI syntax with [`str::parse`]; see [`fault_help`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Added to every request before anything else happens.
    Latency(Duration),
    /// Every `nth` request (all requests counted) gets 429 with `Retry-After`.
    RateLimitEvery { nth: u32, retry_after_secs: u32 },
    /// The token endpoint knows no application with the worker's client ID.
    UnknownClient,
    /// The token endpoint refuses the worker's secret.
    WrongSecret,
    /// Tokens are issued, but the worker application has no role: every `/v1` call is 403.
    MissingRole,
    /// The environment ID the emulator reports is not one it serves (404 everywhere).
    WrongEnvironment,
    /// The pre-seeded SCIM store has this configuration key set to this value.
    StoreWrongValue { field: String, value: String },
    /// The connection test fails as if the target could not be reached from the cloud.
    CloudTestUnreachable,
}

const HELP: &str = "\
latency=<N>ms|<N>s              add this delay to every request
rate-limit=<N>[:<S>]            every Nth request gets 429 with Retry-After: S (default 1)
unknown-client                  the token endpoint knows no application with the worker's client ID
wrong-secret                    the token endpoint refuses the worker's client secret
missing-role                    tokens work, but every /v1 call is 403 (no Environment Admin role)
wrong-environment               the reported environment ID is not served: 404 for token and API
store-wrong-value=<KEY>:<VALUE> the pre-seeded SCIM store has configuration KEY set to VALUE
cloud-test-unreachable          the connection test reports the target unreachable from the cloud";

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

fn parse_rate_limit(input: &str, arg: &str) -> Result<Fault, String> {
    let (nth, retry) = match arg.split_once(':') {
        Some((nth, retry)) => (nth, Some(retry)),
        None => (arg, None),
    };
    let nth = nth
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| parse_error(input, "N must be a positive whole number"))?;
    let retry_after_secs = match retry {
        None => 1,
        Some(r) => r
            .trim()
            .parse::<u32>()
            .map_err(|_| parse_error(input, "Retry-After seconds must be a whole number"))?,
    };
    Ok(Fault::RateLimitEvery {
        nth,
        retry_after_secs,
    })
}

/// `KEY:VALUE`, where KEY is an upper-case configuration key such as `SCIM_URL`. The
/// value may itself hold ':' (URLs do), so the split is at the first one.
fn parse_store_value(input: &str, arg: &str) -> Result<Fault, String> {
    let (field, value) = arg
        .split_once(':')
        .ok_or_else(|| parse_error(input, "store-wrong-value needs KEY:VALUE"))?;
    let field = field.trim();
    let valid_key = !field.is_empty()
        && field
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if !valid_key {
        return Err(parse_error(
            input,
            "KEY must be a configuration key such as SCIM_URL or AUTHORIZATION_TYPE",
        ));
    }
    Ok(Fault::StoreWrongValue {
        field: field.to_owned(),
        value: value.to_owned(),
    })
}

impl FromStr for Fault {
    type Err = String;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let trimmed = input.trim();
        let (name, arg) = match trimmed.split_once('=') {
            Some((name, arg)) => (name.trim(), Some(arg)),
            None => (trimmed, None),
        };
        let no_arg = |fault: Fault| match arg {
            None => Ok(fault),
            Some(_) => Err(parse_error(input, "this fault takes no value")),
        };
        match name.to_ascii_lowercase().as_str() {
            "latency" => {
                let arg = arg.ok_or_else(|| parse_error(input, "latency needs a duration"))?;
                parse_duration(arg.trim())
                    .map(Fault::Latency)
                    .ok_or_else(|| parse_error(input, "duration must look like 100ms or 2s"))
            }
            "rate-limit" => {
                let arg = arg.ok_or_else(|| parse_error(input, "rate-limit needs N"))?;
                parse_rate_limit(input, arg.trim())
            }
            "store-wrong-value" => {
                let arg =
                    arg.ok_or_else(|| parse_error(input, "store-wrong-value needs KEY:VALUE"))?;
                parse_store_value(input, arg)
            }
            "unknown-client" => no_arg(Fault::UnknownClient),
            "wrong-secret" => no_arg(Fault::WrongSecret),
            "missing-role" => no_arg(Fault::MissingRole),
            "wrong-environment" => no_arg(Fault::WrongEnvironment),
            "cloud-test-unreachable" => no_arg(Fault::CloudTestUnreachable),
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
            Fault::UnknownClient => f.write_str("unknown-client"),
            Fault::WrongSecret => f.write_str("wrong-secret"),
            Fault::MissingRole => f.write_str("missing-role"),
            Fault::WrongEnvironment => f.write_str("wrong-environment"),
            Fault::StoreWrongValue { field, value } => {
                write!(f, "store-wrong-value={field}:{value}")
            }
            Fault::CloudTestUnreachable => f.write_str("cloud-test-unreachable"),
        }
    }
}

/// The configured faults folded into what each request needs to look up.
#[derive(Debug, Clone, Default)]
pub(crate) struct FaultPlan {
    pub latency: Duration,
    pub rate_limit: Option<(u32, u32)>,
    pub unknown_client: bool,
    pub wrong_secret: bool,
    pub missing_role: bool,
    pub wrong_environment: bool,
    pub store_wrong_values: Vec<(String, String)>,
    pub cloud_test_unreachable: bool,
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
                } => plan.rate_limit = Some((*nth, *retry_after_secs)),
                Fault::UnknownClient => plan.unknown_client = true,
                Fault::WrongSecret => plan.wrong_secret = true,
                Fault::MissingRole => plan.missing_role = true,
                Fault::WrongEnvironment => plan.wrong_environment = true,
                Fault::StoreWrongValue { field, value } => {
                    plan.store_wrong_values.push((field.clone(), value.clone()))
                }
                Fault::CloudTestUnreachable => plan.cloud_test_unreachable = true,
            }
        }
        plan
    }

    /// Whether request number `n` (1-based) is rate limited; gives Retry-After seconds.
    pub fn rate_limited(&self, n: u64) -> Option<u32> {
        let (nth, retry) = self.rate_limit?;
        (n.checked_rem(u64::from(nth)) == Some(0)).then_some(retry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_documented_form_and_round_trips() {
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
                "rate-limit=4:9",
                Fault::RateLimitEvery {
                    nth: 4,
                    retry_after_secs: 9,
                },
            ),
            ("unknown-client", Fault::UnknownClient),
            ("Wrong-Secret", Fault::WrongSecret),
            ("missing-role", Fault::MissingRole),
            ("wrong-environment", Fault::WrongEnvironment),
            (
                "store-wrong-value=SCIM_URL:https://x.example/api/scim/v2/Users",
                Fault::StoreWrongValue {
                    field: "SCIM_URL".into(),
                    value: "https://x.example/api/scim/v2/Users".into(),
                },
            ),
            ("cloud-test-unreachable", Fault::CloudTestUnreachable),
        ];
        for (text, expected) in cases {
            assert_eq!(text.parse::<Fault>(), Ok(expected.clone()), "{text}");
            assert_eq!(expected.to_string().parse::<Fault>(), Ok(expected));
        }
    }

    #[test]
    fn rejects_bad_forms_with_the_list_of_valid_ones() {
        for bad in [
            "latency",
            "latency=5",
            "rate-limit=0",
            "rate-limit=x",
            "store-wrong-value",
            "store-wrong-value=SCIM_URL",
            "store-wrong-value=scim url:x",
            "missing-role=yes",
            "teapot",
        ] {
            let err = bad.parse::<Fault>().expect_err(bad);
            assert!(err.contains("valid forms"), "{err}");
            assert!(err.contains("store-wrong-value=<KEY>:<VALUE>"), "{err}");
        }
    }

    #[test]
    fn help_has_a_line_per_fault() {
        assert_eq!(fault_help().lines().count(), 8);
    }

    #[test]
    fn rate_limit_picks_every_nth_request() {
        let plan = FaultPlan::new(&[Fault::RateLimitEvery {
            nth: 3,
            retry_after_secs: 7,
        }]);
        let limited: Vec<u64> = (1..=9)
            .filter(|n| plan.rate_limited(*n).is_some())
            .collect();
        assert_eq!(limited, vec![3, 6, 9]);
        assert_eq!(plan.rate_limited(6), Some(7));
    }
}
