//! Opening the Haiilo and PingOne consoles and their documentation in the default browser.
//!
//! The UI asks for a link by address, so the address is checked here against an explicit
//! list: a page that got script into the window must not be able to send the admin's
//! browser anywhere it likes (a look-alike sign-in page, a `file:` or custom-scheme
//! handler). Accepted: `https://` on the default port, no user name or password in the
//! address, and a host that is
//! - one of [`LISTED_HOSTS`] (PingOne's regional admin consoles, Ping Identity's and
//!   Haiilo's documentation), or
//! - a Haiilo cloud tenant, `<name>.haiilo.app`, or
//! - the Haiilo host of a setup the admin saved (tenants on their own domain, see
//!   docs/reference: "customers also use their own domains"). That host was typed by the
//!   admin, so it is as trusted as the saved setup itself. The limit of this: script that
//!   got into the window could save a setup of its own and so list its host; it would still
//!   get only an https:// address without user name or password, opened in the browser.

use super::blocking;
use crate::error::{AppErrorCode, IpcError, IpcResult};
use crate::state::AppState;
use crate::view;
use haiilo_scim_core::{tr, trf};
use std::io::Write;
use std::sync::Arc;
use tauri::{AppHandle, State};
use tauri_plugin_opener::OpenerExt;
use url::{Host, Url};

/// Hosts opened whatever the saved setups say. PingOne's admin console is
/// `console.pingone.<region>`; the regions are the ones PingOne lists for its API domains
/// (com, ca, eu, com.au, sg, asia). That the console follows the same regional domains is
/// assumed, not verified on every region.
pub const LISTED_HOSTS: &[&str] = &[
    "console.pingone.com",
    "console.pingone.ca",
    "console.pingone.eu",
    "console.pingone.com.au",
    "console.pingone.sg",
    "console.pingone.asia",
    "docs.pingidentity.com",
    "developer.pingidentity.com",
    "support.haiilo.com",
];

/// Haiilo's cloud tenants live at `<name>.haiilo.app`.
const HAIILO_CLOUD_SUFFIX: &str = ".haiilo.app";

/// Why an address was refused; each has its own IPC code and a message that names what is
/// wrong without repeating the address (it may hold a password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkRefused {
    NotAUrl,
    NotHttps,
    HasCredentials,
    NonDefaultPort,
    HostNotListed(String),
}

impl From<LinkRefused> for IpcError {
    fn from(refused: LinkRefused) -> Self {
        match refused {
            LinkRefused::NotAUrl => {
                IpcError::new(
                    AppErrorCode::InvalidLink,
                    tr!("This is not a web address.", "Das ist keine Webadresse."),
                )
            }
            LinkRefused::NotHttps => IpcError::new(
                AppErrorCode::LinkNotHttps,
                tr!(
                    "Only https:// links are opened; this one uses another scheme.",
                    "Nur https://-Links werden geöffnet; dieser verwendet ein anderes Schema."
                ),
            ),
            LinkRefused::HasCredentials => IpcError::new(
                AppErrorCode::LinkHasCredentials,
                tr!(
                    "This link carries a user name or password before the host (user@host), \
                     which is a common way to disguise where a link leads; it was not opened.",
                    "Dieser Link enthält vor dem Host einen Benutzernamen oder ein Passwort (user@host), \
                     eine verbreitete Art zu verschleiern, wohin ein Link führt; er wurde nicht geöffnet."
                ),
            ),
            LinkRefused::NonDefaultPort => IpcError::new(
                AppErrorCode::InvalidLink,
                tr!(
                    "Only links on the standard https port are opened.",
                    "Nur Links auf dem Standard-Port für https werden geöffnet."
                ),
            ),
            LinkRefused::HostNotListed(host) => IpcError::new(
                AppErrorCode::LinkHostNotListed,
                trf!(
                    "{host} is not one of the sites this app opens (the PingOne and Haiilo \
                     consoles, your saved Haiilo tenants and their documentation). Open it \
                     in your browser yourself if you trust it.",
                    "{host} gehört nicht zu den Seiten, die diese App öffnet (die Konsolen von PingOne \
                     und Haiilo, Ihre gespeicherten Haiilo-Tenants und deren Dokumentation). Öffnen Sie \
                     die Seite selbst in Ihrem Browser, wenn Sie ihr vertrauen."
                ),
            ),
        }
    }
}

/// Checks `address` against the list; `tenant_hosts` are the Haiilo hosts of saved setups.
pub fn check_link(address: &str, tenant_hosts: &[String]) -> Result<Url, LinkRefused> {
    let url = Url::parse(address.trim()).map_err(|_| LinkRefused::NotAUrl)?;
    if url.scheme() != "https" {
        return Err(LinkRefused::NotHttps);
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(LinkRefused::HasCredentials);
    }
    // `Url` drops the default port, so any port left is a non-default one.
    if url.port().is_some() {
        return Err(LinkRefused::NonDefaultPort);
    }
    let host = match url.host() {
        Some(Host::Domain(domain)) => domain.to_string(),
        // An IP address is never a console or documentation site.
        Some(host) => return Err(LinkRefused::HostNotListed(host.to_string())),
        None => return Err(LinkRefused::NotAUrl),
    };
    if is_listed(&host, tenant_hosts) {
        Ok(url)
    } else {
        Err(LinkRefused::HostNotListed(host))
    }
}

fn is_listed(host: &str, tenant_hosts: &[String]) -> bool {
    let haiilo_cloud_tenant = host
        .strip_suffix(HAIILO_CLOUD_SUFFIX)
        .is_some_and(|name| !name.is_empty() && !name.contains('.'));
    LISTED_HOSTS.contains(&host)
        || haiilo_cloud_tenant
        || tenant_hosts.iter().any(|tenant| tenant == host)
}

/// The Haiilo host of every saved setup whose address resolves (with `:port` when not the
/// default, which [`check_link`] then refuses anyway).
fn saved_tenant_hosts(state: &AppState) -> IpcResult<Vec<String>> {
    Ok(state
        .setups
        .load()?
        .iter()
        .filter_map(|setup| {
            view::resolve_endpoints(&setup.domain, setup.advanced.as_ref())
                .endpoints
                .map(|endpoints| endpoints.host.to_ascii_lowercase())
        })
        .collect())
}

/// Opens a listed https:// address in the default browser.
#[tauri::command]
pub async fn open_link(
    app: AppHandle,
    state: State<'_, Arc<AppState>>,
    url: String,
) -> IpcResult<()> {
    let url = blocking(&state, move |state| {
        let tenants = saved_tenant_hosts(state)?;
        check_link(&url, &tenants).map_err(IpcError::from)
    })
    .await?;
    if let Some(log) = &state.overrides.opened_links_log {
        return record_instead_of_opening(log, &url);
    }
    app.opener()
        .open_url(url.as_str(), None::<&str>)
        .map_err(|e| {
            IpcError::new(
                AppErrorCode::OpenFailed,
                trf!(
                    "Could not open the browser: {e}",
                    "Der Browser ließ sich nicht öffnen: „{e}“"
                ),
            )
        })
}

/// Tests only (see test_overrides): what would have opened, one address a line.
fn record_instead_of_opening(log: &std::path::Path, url: &Url) -> IpcResult<()> {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .and_then(|mut file| writeln!(file, "{url}"))
        .map_err(|e| {
            IpcError::new(AppErrorCode::OpenFailed, {
                let log = log.display();
                trf!(
                    "Could not record the link in {log}: {e}",
                    "Der Link ließ sich nicht in {log} festhalten: „{e}“"
                )
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use haiilo_scim_core::setups::Setup;

    fn refused(address: &str) -> LinkRefused {
        match check_link(address, &["intranet.example.com".to_string()]) {
            Ok(url) => panic!("{address} was accepted as {url}"),
            Err(refused) => refused,
        }
    }

    fn accepted(address: &str) -> String {
        match check_link(address, &["intranet.example.com".to_string()]) {
            Ok(url) => url.to_string(),
            Err(refused) => panic!("{address} was refused: {refused:?}"),
        }
    }

    #[test]
    fn listed_consoles_and_documentation_open() {
        for host in LISTED_HOSTS {
            let address = format!("https://{host}/some/page?x=1");
            assert_eq!(accepted(&address), address);
        }
    }

    #[test]
    fn a_haiilo_cloud_tenant_opens_but_not_deeper_or_bare_names() {
        assert_eq!(
            accepted("https://Acme.Haiilo.app/"),
            "https://acme.haiilo.app/"
        );
        assert_eq!(
            refused("https://evil.acme.haiilo.app/"),
            LinkRefused::HostNotListed("evil.acme.haiilo.app".into())
        );
        assert_eq!(
            refused("https://haiilo.app/"),
            LinkRefused::HostNotListed("haiilo.app".into())
        );
        assert_eq!(
            refused("https://acmehaiilo.app/"),
            LinkRefused::HostNotListed("acmehaiilo.app".into())
        );
        assert_eq!(
            refused("https://acme.haiilo.app.evil.example/"),
            LinkRefused::HostNotListed("acme.haiilo.app.evil.example".into())
        );
    }

    #[test]
    fn a_saved_tenant_on_its_own_domain_opens() {
        assert_eq!(
            accepted("https://intranet.example.com/"),
            "https://intranet.example.com/"
        );
        assert_eq!(
            refused("https://other.example.com/"),
            LinkRefused::HostNotListed("other.example.com".into())
        );
    }

    #[test]
    fn unlisted_hosts_and_look_alikes_are_refused() {
        for (address, host) in [
            ("https://evil.example/", "evil.example"),
            (
                "https://docs.pingidentity.com.evil.example/",
                "docs.pingidentity.com.evil.example",
            ),
            ("https://xdocs.pingidentity.com/", "xdocs.pingidentity.com"),
            ("https://docs.pingidentity.com./", "docs.pingidentity.com."),
            ("https://127.0.0.1/", "127.0.0.1"),
            ("https://[::1]/", "[::1]"),
        ] {
            assert_eq!(refused(address), LinkRefused::HostNotListed(host.into()));
        }
    }

    #[test]
    fn a_user_name_before_the_host_is_refused_whatever_the_host() {
        for address in [
            "https://docs.pingidentity.com@evil.example/",
            "https://docs.pingidentity.com:pw@evil.example/",
            "https://user@docs.pingidentity.com/",
            "https://:secret@console.pingone.eu/",
        ] {
            assert_eq!(refused(address), LinkRefused::HasCredentials, "{address}");
        }
    }

    #[test]
    fn only_https_on_its_default_port() {
        for address in [
            "http://docs.pingidentity.com/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "mailto:admin@acme.haiilo.app",
            "ftp://docs.pingidentity.com/",
        ] {
            assert_eq!(refused(address), LinkRefused::NotHttps, "{address}");
        }
        assert_eq!(
            refused("https://docs.pingidentity.com:8443/"),
            LinkRefused::NonDefaultPort
        );
        assert_eq!(
            accepted("https://docs.pingidentity.com:443/"),
            "https://docs.pingidentity.com/"
        );
    }

    #[test]
    fn nonsense_is_not_a_url() {
        for address in ["", "docs.pingidentity.com", "https://", "not a link"] {
            assert_eq!(refused(address), LinkRefused::NotAUrl, "{address}");
        }
    }

    #[test]
    fn the_hosts_of_saved_setups_are_their_haiilo_hosts() {
        let dir = std::env::temp_dir().join(format!(
            "haiilo-links-test-{}-{}",
            std::process::id(),
            haiilo_scim_core::setups::now_ms()
        ));
        let state = AppState::new(dir.clone(), Default::default());
        let mut custom = Setup::new("Own domain");
        custom.domain = "Intranet.Customer-Corp.example".into();
        let mut unfinished = Setup::new("Not typed yet");
        unfinished.domain = String::new();
        for setup in [custom, unfinished] {
            state.setups.upsert(setup).expect("the setup is saved");
        }
        let hosts = saved_tenant_hosts(&state);
        let _ = std::fs::remove_dir_all(&dir);

        let hosts = hosts.expect("the saved setups are read");
        assert_eq!(hosts, ["intranet.customer-corp.example"]);
        assert!(check_link("https://intranet.customer-corp.example/", &hosts).is_ok());
        assert_eq!(
            check_link("https://customer-corp.example/", &hosts),
            Err(LinkRefused::HostNotListed("customer-corp.example".into()))
        );
    }

    /// The Go live screen's documentation links (ui/src/lib/docs.ts) must all open: a page
    /// moved to a host not listed here would fail only when an admin clicks it.
    #[test]
    fn every_documentation_link_of_the_ui_opens() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/docs.ts");
        let source = std::fs::read_to_string(&path).expect("ui/src/lib/docs.ts is readable");
        let urls: Vec<&str> = source
            .lines()
            .filter_map(|line| line.trim().strip_prefix("url: '"))
            .filter_map(|rest| rest.split('\'').next())
            .collect();
        assert!(
            urls.len() >= 5,
            "the links were not found in {}",
            path.display()
        );
        for url in urls {
            assert!(check_link(url, &[]).is_ok(), "{url} would be refused");
        }
    }

    #[test]
    fn the_refusal_never_repeats_a_password_from_the_address() {
        let error = IpcError::from(refused("https://admin:hunter2@evil.example/"));
        assert_eq!(error.code, AppErrorCode::LinkHasCredentials.into());
        assert!(!error.message.contains("hunter2"), "{}", error.message);
        assert!(!error.message.contains("admin"), "{}", error.message);
    }

    #[test]
    fn an_unlisted_host_is_named_with_what_to_do() {
        let error = IpcError::from(refused("https://evil.example/login"));
        assert_eq!(error.code, AppErrorCode::LinkHostNotListed.into());
        assert!(error
            .message
            .contains("evil.example is not one of the sites"));
        assert!(error.message.contains("Open it in your browser yourself"));
    }
}
