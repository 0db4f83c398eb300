//! The client against a recording server on 127.0.0.1: methods, paths, content types and
//! body field names are asserted against PingOne's documented examples (kept in
//! [`documented`] with the page each comes from), and a small stateful fake proves that
//! applying twice changes nothing the second time.

use super::access::{AccessInput, PingOneAccess};
use super::apply::{apply, plan_apply, Action, CurrentState, DesiredSetup, ResourceKind};
use super::client::PingOneClient;
use super::cloud_test::{CloudTestOutcome, CONNECTION_CHECK_CONTENT_TYPE};
use super::error::ApiErrorKind;
use super::rule::{NewRule, RuleUpdate, ENABLED_USERS_EXPRESSION};
use super::test_server::{Recorded, Reply, TestServer};
use super::token::{fetch_worker_token, WorkerGrant, WorkerTokenError};
use crate::endpoints::Endpoints;
use crate::http::{build_client, HttpOptions};
use crate::oauth::ClientAuthMethod;
use crate::proxy::ProxyChoice;
use crate::redact::Redactor;
use crate::secret::{ClientSecret, WorkerSecret};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Request bodies and models from PingOne's documentation, as published.
mod documented {
    /// developer.pingidentity.com › PingOne Platform APIs › Identity Propagation
    /// (Provisioning) › Propagation Stores › *Test Connection Configuration*, request body.
    pub const TEST_CONNECTION_BODY: &str = r#"{
        "type": "scim",
        "name": "scim",
        "configuration": {
            "AUTHENTICATION_METHOD": "None",
            "USER_FILTER": "username Eq \"%s\"",
            "UNIQUE_USER_IDENTIFIER": "userName",
            "REMOVE_ACTION": "Disable",
            "CREATE_USERS": true,
            "UPDATE_USERS": true,
            "DISABLE_USERS": true,
            "USERS_RESOURCE": "/Users",
            "SCIM_VERSION": "2.0",
            "SCIM_URL": "https://example.com",
            "AUTHORIZATION_TYPE": "Basic",
            "BASIC_AUTH_USER": "{{basicAuthUsername}}",
            "BASIC_AUTH_PASSWORD": "{{basicAuthPassword}}"
        },
        "image": {
            "href": "https://d1oekt4jpdthse.cloudfront.net/branding/market/cb933bfe-8282-405a-a780-0a19b97edc02.png"
        }
    }"#;

    /// Same section › *Create Store (SCIM)*, request model: the top-level properties…
    pub const CREATE_STORE_PROPERTIES: &[&str] = &[
        "configuration",
        "description",
        "image",
        "managed",
        "name",
        "status",
        "type",
    ];
    /// …the `configuration.*` properties (deprecated lower-case ones left out)…
    pub const SCIM_CONFIGURATION_KEYS: &[&str] = &[
        "AUTHENTICATION_METHOD",
        "AUTHORIZATION_TYPE",
        "BASIC_AUTH_PASSWORD",
        "BASIC_AUTH_USER",
        "CREATE_USERS",
        "DISABLE_USERS",
        "GROUP_MEMBERSHIP_HANDLING",
        "GROUP_NAME_SOURCE",
        "GROUPS_RESOURCE",
        "OAUTH_ACCESS_TOKEN",
        "OAUTH_CLIENT_ID",
        "OAUTH_CLIENT_SECRET",
        "OAUTH_TOKEN_REQUEST",
        "REMOVE_ACTION",
        "SCHEMA_EXTENSION_URNS",
        "SCIM_URL",
        "SCIM_VERSION",
        "UNIQUE_USER_IDENTIFIER",
        "UPDATE_USERS",
        "USER_FILTER",
        "USERS_RESOURCE",
    ];
    /// …and the required ones (BASIC_AUTH_* are required only for Basic Authentication, as
    /// the published model `PropagationStoreConfigurationSCIM` says).
    pub const SCIM_REQUIRED_KEYS: &[&str] = &[
        "AUTHENTICATION_METHOD",
        "AUTHORIZATION_TYPE",
        "SCIM_URL",
        "SCIM_VERSION",
        "UNIQUE_USER_IDENTIFIER",
        "USER_FILTER",
        "USERS_RESOURCE",
    ];

    /// Propagation Plans › *Create Plan*, request body.
    pub const CREATE_PLAN_BODY: &str = r#"{ "name": "Default Plan" }"#;

    /// Propagation Stores › *Create Store (directory)*, request body.
    pub const CREATE_DIRECTORY_STORE_BODY: &str =
        r#"{ "type": "directory", "name": "PingOne Directory" }"#;

    /// Propagation Rules › *Create Rule*, request model (deprecated `deprovision` and
    /// `populations` included, since PingOne still accepts them).
    pub const CREATE_RULE_PROPERTIES: &[&str] = &[
        "active",
        "configuration",
        "deprovision",
        "description",
        "groups",
        "name",
        "plan",
        "populationExpression",
        "populations",
        "sourceStore",
        "targetStore",
    ];
    pub const CREATE_RULE_REQUIRED: &[&str] = &["name", "plan", "sourceStore", "targetStore"];

    /// Propagation Rules › *Update Rule*, request model (not a writeback rule).
    pub const UPDATE_RULE_PROPERTIES: &[&str] = &[
        "active",
        "configuration",
        "deprovision",
        "description",
        "groups",
        "name",
        "populationExpression",
        "populations",
    ];

    /// Propagation Stores › *Read All Stores*, example response, abridged to one PingOne
    /// store and one SCIM store (as published: the SCIM store's password is in clear).
    pub const READ_ALL_STORES_RESPONSE: &str = r#"{"_embedded":{"stores":[{"id":"02b56e18-2b86-40c6-af2f-2540c25b99e7","environment":{"id":"abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6"},"createdAt":"2022-02-04T14:43:57.678Z","updatedAt":"2022-02-04T14:43:57.678Z","image":{"href":"https://d1oekt4jpdthse.cloudfront.net/branding/market/cb933bfe-8282-405a-a780-0a19b97edc02.png"},"type":"PingOne","status":"INACTIVE","configuration":{"ENVIRONMENT_ID":"abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6","REGION":"North America"},"name":"PingOneTest"},{"id":"13f3a0c7-9e91-4801-a566-8672eb2143c2","environment":{"id":"abfba8f6-49eb-49f5-a5d9-80ad5c98f9f6"},"createdAt":"2022-03-02T15:05:02.129Z","updatedAt":"2022-03-02T15:05:02.129Z","image":{"href":"https://d1oekt4jpdthse.cloudfront.net/branding/market/cb933bfe-8282-405a-a780-0a19b97edc02.png"},"type":"scim","status":"INACTIVE","configuration":{"AUTHENTICATION_METHOD":"None","USER_FILTER":"username Eq \"%s\"","UNIQUE_USER_IDENTIFIER":"userName","REMOVE_ACTION":"Disable","CREATE_USERS":true,"UPDATE_USERS":true,"DISABLE_USERS":true,"USERS_RESOURCE":"/Users","SCIM_VERSION":"2.0","SCIM_URL":"https://example.com","AUTHORIZATION_TYPE":"Basic","BASIC_AUTH_USER":"basicUserName","BASIC_AUTH_PASSWORD":"$3cr3t_p@55w0rd"},"name":"scim"}]}}"#;
}

const ENV: &str = "2c2d8c1e-6f1a-4c3b-9a57-0e9f2b1c7d11";
const WORKER_ID: &str = "5d1c0f2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f";
const WORKER_SECRET: &str = "w0rker+secret:%é";
const HAIILO_SECRET: &str = "haiilo-s3cret/with+chars";
const TOKEN: &str = "eyJ.worker-token.sig";

fn options() -> HttpOptions {
    HttpOptions {
        proxy: ProxyChoice::Direct,
        ..HttpOptions::default()
    }
}

fn access(server: &TestServer) -> PingOneAccess {
    let api = format!("{}/v1", server.base);
    PingOneAccess::parse(&AccessInput {
        region: "eu",
        environment_id: ENV,
        worker_client_id: WORKER_ID,
        auth_url: Some(&server.base),
        api_url: Some(&api),
    })
    .unwrap()
    .access
}

fn token_reply() -> Reply {
    Reply::json(
        200,
        json!({ "access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600 }),
    )
}

fn grant() -> WorkerGrant {
    WorkerGrant {
        access_token: crate::secret::AccessToken::new(TOKEN),
        method: ClientAuthMethod::ClientSecretBasic,
        expires_in: Some(3600),
        obtained_at: std::time::Instant::now(),
    }
}

fn client_for(server: &TestServer) -> PingOneClient {
    let options = options();
    PingOneClient::new(
        build_client(&options).unwrap(),
        options,
        access(server),
        &grant(),
        &Redactor::default(),
    )
}

fn endpoints() -> Endpoints {
    Endpoints::from_domain("acme.haiilo.app").unwrap()
}

fn desired(groups: Option<Vec<String>>) -> DesiredSetup {
    DesiredSetup::for_tenant(
        &endpoints(),
        "haiilo-client-1",
        Some(ClientSecret::new(HAIILO_SECRET)),
        groups,
    )
}

fn keys_of(value: &Value) -> BTreeSet<String> {
    value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

fn assert_keys_within(value: &Value, allowed: &[&str], what: &str) {
    for key in keys_of(value) {
        assert!(
            allowed.contains(&key.as_str()),
            "{what}: '{key}' is not in PingOne's documented model"
        );
    }
}

fn assert_bearer(request: &Recorded) {
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(request.header("accept"), Some("application/json"));
}

fn path(rest: &str) -> String {
    format!("/v1/environments/{ENV}{rest}")
}

// ---- worker token -------------------------------------------------------------------

#[tokio::test]
async fn token_request_uses_basic_first_at_the_environment_token_path() {
    let server = TestServer::start(|_| token_reply()).await;
    let a = access(&server);
    let grant = fetch_worker_token(
        &build_client(&options()).unwrap(),
        &options(),
        &a,
        &WorkerSecret::new(WORKER_SECRET),
        &Redactor::default(),
    )
    .await
    .unwrap();
    assert_eq!(grant.method, ClientAuthMethod::ClientSecretBasic);
    assert_eq!(grant.access_token.expose(), TOKEN);
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, format!("/{ENV}/as/token"));
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(r.text(), "grant_type=client_credentials");
    assert_eq!(
        r.header("authorization"),
        Some(
            crate::oauth::basic_authorization(WORKER_ID, &ClientSecret::new(WORKER_SECRET))
                .as_str()
        )
    );
}

#[tokio::test]
async fn when_basic_is_refused_the_form_body_is_tried_and_reported() {
    let server = TestServer::start(|r| {
        if r.header("authorization").is_some() {
            Reply::json(401, json!({ "error": "invalid_client", "error_description": "Unsupported authentication method" }))
        } else {
            token_reply()
        }
    })
    .await;
    let grant = fetch_worker_token(
        &build_client(&options()).unwrap(),
        &options(),
        &access(&server),
        &WorkerSecret::new(WORKER_SECRET),
        &Redactor::default(),
    )
    .await
    .unwrap();
    assert_eq!(grant.method, ClientAuthMethod::ClientSecretPost);
    assert!(grant.method_note().contains("Client Secret Post"));
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let form: Vec<(String, String)> = form_urlencoded::parse(&requests[1].body)
        .into_owned()
        .collect();
    assert_eq!(
        form,
        [
            ("grant_type".to_string(), "client_credentials".to_string()),
            ("client_id".to_string(), WORKER_ID.to_string()),
            ("client_secret".to_string(), WORKER_SECRET.to_string()),
        ]
    );
}

#[tokio::test]
async fn a_refused_client_is_one_finding_that_never_shows_the_secret() {
    let server = TestServer::start(|_| {
        Reply::json(401, json!({ "error": "invalid_client", "error_description": format!("bad secret {WORKER_SECRET}") }))
    })
    .await;
    let error = fetch_worker_token(
        &build_client(&options()).unwrap(),
        &options(),
        &access(&server),
        &WorkerSecret::new(WORKER_SECRET),
        &Redactor::default(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(error, WorkerTokenError::InvalidClient { .. }),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 2);
    for shown in [
        error.to_string(),
        format!("{error:?}"),
        serde_json::to_string(&error).unwrap(),
    ] {
        assert!(!shown.contains(WORKER_SECRET), "{shown}");
    }
    assert!(error
        .to_string()
        .contains("same answer for an unknown Client ID and for a wrong secret"));
    assert_eq!(
        serde_json::to_value(&error).unwrap()["kind"],
        "invalid_client"
    );
}

#[tokio::test]
async fn an_unknown_environment_and_a_missing_grant_are_told_apart() {
    let server = TestServer::start(|_| {
        Reply::json(404, json!({ "id": "x", "code": "NOT_FOUND", "message": "The requested resource was not found." }))
    })
    .await;
    let error = fetch_worker_token(
        &build_client(&options()).unwrap(),
        &options(),
        &access(&server),
        &WorkerSecret::new(WORKER_SECRET),
        &Redactor::default(),
    )
    .await
    .unwrap_err();
    match &error {
        WorkerTokenError::EnvironmentNotFound {
            environment_id,
            status,
            detail,
            ..
        } => {
            assert_eq!(environment_id, ENV);
            assert_eq!(*status, 404);
            assert!(detail.as_deref().unwrap().contains("NOT_FOUND"));
        }
        other => panic!("{other:?}"),
    }
    assert!(error.to_string().contains("one region only"));

    let server =
        TestServer::start(|_| Reply::json(400, json!({ "error": "unauthorized_client" }))).await;
    let error = fetch_worker_token(
        &build_client(&options()).unwrap(),
        &options(),
        &access(&server),
        &WorkerSecret::new(WORKER_SECRET),
        &Redactor::default(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(error, WorkerTokenError::UnauthorizedClient { .. }),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 1, "only invalid_client is retried");
}

#[tokio::test]
async fn a_closed_port_and_a_silent_server_are_unreachable_and_timeout() {
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut a = PingOneAccess::parse(&AccessInput {
        region: "eu",
        environment_id: ENV,
        worker_client_id: WORKER_ID,
        auth_url: Some(&format!("http://127.0.0.1:{closed}")),
        api_url: None,
    })
    .unwrap()
    .access;
    let error = fetch_worker_token(
        &build_client(&options()).unwrap(),
        &options(),
        &a,
        &WorkerSecret::new(WORKER_SECRET),
        &Redactor::default(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(error, WorkerTokenError::Unreachable { .. }),
        "{error:?}"
    );

    // Accepts the connection and never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    a.auth_url = Some(format!("http://{}", silent.local_addr().unwrap()));
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = silent.accept().await {
            held.push(s);
        }
    });
    let quick = HttpOptions {
        request_timeout: Duration::from_millis(300),
        ..options()
    };
    let error = fetch_worker_token(
        &build_client(&quick).unwrap(),
        &quick,
        &a,
        &WorkerSecret::new(WORKER_SECRET),
        &Redactor::default(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(error, WorkerTokenError::Timeout { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn connect_gets_a_token_and_uses_it_for_the_api() {
    let server = TestServer::start(|r| {
        if r.path.ends_with("/as/token") {
            token_reply()
        } else {
            Reply::json(200, json!({ "_embedded": { "stores": [] } }))
        }
    })
    .await;
    let (client, grant) = PingOneClient::connect(
        &options(),
        &access(&server),
        &WorkerSecret::new(WORKER_SECRET),
        &Redactor::default(),
    )
    .await
    .unwrap();
    assert_eq!(grant.method, ClientAuthMethod::ClientSecretBasic);
    assert!(client.list_stores().await.unwrap().is_empty());
    let requests = server.requests();
    assert_eq!(requests[0].path, format!("/{ENV}/as/token"));
    assert_bearer(&requests[1]);
    assert!(!format!("{client:?}").contains(TOKEN));
}

// ---- request shapes -----------------------------------------------------------------

#[tokio::test]
async fn stores_are_listed_from_the_documented_response_without_secrets() {
    let server = TestServer::start(|_| {
        Reply::json(
            200,
            serde_json::from_str(documented::READ_ALL_STORES_RESPONSE).unwrap(),
        )
    })
    .await;
    let stores = client_for(&server).list_stores().await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("GET", path("/propagation/stores").as_str())
    );
    assert_bearer(r);
    assert_eq!(stores.len(), 2);
    assert_eq!(
        stores[1].scim.as_ref().unwrap().scim_url.as_deref(),
        Some("https://example.com")
    );
    assert!(!format!("{stores:?}").contains("p@55w0rd"));
}

#[tokio::test]
async fn store_create_and_update_send_the_documented_shape() {
    let server = TestServer::start(|r| match r.method.as_str() {
        "POST" => Reply::json(201, json!({ "id": "new-store" })),
        _ => Reply::json(200, json!({ "id": "s1" })),
    })
    .await;
    let mut client = client_for(&server);
    let spec = desired(None).store;
    assert_eq!(client.create_store(&spec).await.unwrap(), "new-store");
    client
        .update_store("s1", &spec, &Default::default())
        .await
        .unwrap();
    let example: Value = serde_json::from_str(documented::TEST_CONNECTION_BODY).unwrap();
    let requests = server.requests();
    for (r, method, want_path) in [
        (&requests[0], "POST", path("/propagation/stores")),
        (&requests[1], "PUT", path("/propagation/stores/s1")),
    ] {
        assert_eq!(r.method, method);
        assert_eq!(r.path, want_path);
        assert_eq!(r.header("content-type"), Some("application/json"));
        assert_bearer(r);
        let body = r.json();
        assert_eq!(body["type"], "scim");
        assert_keys_within(&body, documented::CREATE_STORE_PROPERTIES, "store body");
        let configuration = &body["configuration"];
        assert_keys_within(
            configuration,
            documented::SCIM_CONFIGURATION_KEYS,
            "store configuration",
        );
        for key in documented::SCIM_REQUIRED_KEYS {
            assert!(configuration.get(*key).is_some(), "{key} is required");
        }
        // Same JSON types as PingOne's example for the keys both carry.
        for (key, value) in configuration.as_object().unwrap() {
            if let Some(documented) = example["configuration"].get(key) {
                assert_eq!(
                    std::mem::discriminant(value),
                    std::mem::discriminant(documented),
                    "{key}"
                );
            }
        }
        assert_eq!(
            configuration["AUTHENTICATION_METHOD"],
            "OAuth 2 Client Credentials"
        );
        assert_eq!(configuration["OAUTH_CLIENT_SECRET"], HAIILO_SECRET);
        assert_eq!(
            configuration["SCIM_URL"],
            "https://acme.haiilo.app/api/scim/v2"
        );
    }
}

#[tokio::test]
async fn the_cloud_test_posts_the_proposed_store_with_the_vendor_content_type() {
    let server = TestServer::start(|_| Reply::empty(200)).await;
    let mut client = client_for(&server);
    let outcome = client.test_connection(&desired(None).store).await.unwrap();
    assert!(outcome.passed());
    let r = &server.requests()[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, path("/propagation/stores/connection/status"));
    assert_eq!(
        r.header("content-type"),
        Some(CONNECTION_CHECK_CONTENT_TYPE)
    );
    assert_eq!(
        CONNECTION_CHECK_CONTENT_TYPE,
        "application/vnd.pingidentity.connection.check+json"
    );
    assert_bearer(r);
    let example: Value = serde_json::from_str(documented::TEST_CONNECTION_BODY).unwrap();
    let body = r.json();
    // Every top-level field we send is one the documented example sends (it also has
    // `image`, which is optional and not ours to choose).
    for key in keys_of(&body) {
        assert!(example.get(&key).is_some() || key == "description", "{key}");
    }
    assert_eq!(body["configuration"]["OAUTH_CLIENT_SECRET"], HAIILO_SECRET);
}

#[tokio::test]
async fn a_failed_cloud_test_is_a_verdict_with_pingones_words_scrubbed() {
    let server = TestServer::start(|_| {
        Reply::json(
            400,
            json!({
                "id": "e1", "code": "INVALID_DATA",
                "message": "Connection test failed",
                "details": [{ "code": "CONNECTION_FAILED", "target": "SCIM_URL", "message": format!("could not reach host; sent secret {HAIILO_SECRET}") }]
            }),
        )
    })
    .await;
    let mut client = client_for(&server);
    let outcome = client.test_connection(&desired(None).store).await.unwrap();
    match &outcome {
        CloudTestOutcome::Failed { status, reason, .. } => {
            assert_eq!(*status, 400);
            let reason = reason.as_ref().unwrap();
            assert_eq!(reason.details[0].target.as_deref(), Some("SCIM_URL"));
        }
        other => panic!("{other:?}"),
    }
    let shown = serde_json::to_string(&outcome).unwrap();
    assert!(!shown.contains(HAIILO_SECRET), "{shown}");

    // A missing role is not a verdict on the connection.
    let server = TestServer::start(|_| {
        Reply::json(403, json!({ "code": "ACCESS_FAILED", "message": "no" }))
    })
    .await;
    let error = client_for(&server)
        .test_connection(&desired(None).store)
        .await
        .unwrap_err();
    assert_eq!(error.kind, ApiErrorKind::Forbidden);
}

#[tokio::test]
async fn plans_rules_mappings_and_revisions_use_the_documented_paths_and_fields() {
    let server = TestServer::start(|r| match (r.method.as_str(), r.path.as_str()) {
        ("GET", p) if p.ends_with("/mappings") => Reply::json(
            200,
            json!({ "_embedded": { "mappings": [{ "id": "m1", "sourceAttribute": "user.email", "targetAttribute": "emails" }] } }),
        ),
        ("GET", _) => Reply::json(200, json!({ "_embedded": { "plans": [{ "id": "p1", "name": "Default Plan", "status": "ACTIVE" }] } })),
        ("POST", p) if p.ends_with("/revisions") => Reply::json(201, json!({ "id": "rev1" })),
        ("POST", _) => Reply::json(201, json!({ "id": "created" })),
        _ => Reply::json(200, json!({ "id": "r1" })),
    })
    .await;
    let client = client_for(&server);
    let plans = client.list_plans().await.unwrap();
    assert_eq!(plans[0].id, "p1");
    client.create_plan("Default Plan").await.unwrap();
    client
        .create_rule(&NewRule {
            name: "Haiilo".into(),
            description: "Enabled users".into(),
            plan_id: "p1".into(),
            source_store_id: "dir".into(),
            target_store_id: "scim".into(),
            population_expression: ENABLED_USERS_EXPRESSION.into(),
            group_ids: vec!["g1".into()],
        })
        .await
        .unwrap();
    client
        .update_rule(
            "r1",
            &RuleUpdate {
                name: "Haiilo".into(),
                description: None,
                active: false,
                population_expression: ENABLED_USERS_EXPRESSION.into(),
                group_ids: vec![],
            },
        )
        .await
        .unwrap();
    let mappings = client.list_mappings("r1").await.unwrap();
    assert_eq!(mappings[0].target_attribute.as_deref(), Some("emails"));
    assert_eq!(
        client.create_revision().await.unwrap().as_deref(),
        Some("rev1")
    );
    client
        .create_directory_store("PingOne Directory")
        .await
        .unwrap();

    let r = server.requests();
    let seen: Vec<(&str, &str)> = r
        .iter()
        .map(|r| (r.method.as_str(), r.path.as_str()))
        .collect();
    let want = [
        ("GET", path("/propagation/plans")),
        ("POST", path("/propagation/plans")),
        ("POST", path("/propagation/rules")),
        ("PUT", path("/propagation/rules/r1")),
        ("GET", path("/propagation/rules/r1/mappings")),
        ("POST", path("/propagation/revisions")),
        ("POST", path("/propagation/stores")),
    ];
    assert_eq!(
        seen,
        want.iter()
            .map(|(m, p)| (*m, p.as_str()))
            .collect::<Vec<_>>()
    );
    for request in &r {
        assert_bearer(request);
    }

    let plan_example: Value = serde_json::from_str(documented::CREATE_PLAN_BODY).unwrap();
    assert_eq!(keys_of(&r[1].json()), keys_of(&plan_example));
    assert_eq!(r[1].header("content-type"), Some("application/json"));

    let create = r[2].json();
    assert_keys_within(&create, documented::CREATE_RULE_PROPERTIES, "create rule");
    for key in documented::CREATE_RULE_REQUIRED {
        assert!(create.get(*key).is_some(), "{key}");
    }
    assert_eq!(create["plan"], json!({ "id": "p1" }));
    assert_eq!(create["sourceStore"], json!({ "id": "dir" }));
    assert_eq!(create["targetStore"], json!({ "id": "scim" }));
    assert_eq!(create["groups"], json!([{ "id": "g1" }]));
    assert_eq!(create["active"], false);
    assert_eq!(create["populationExpression"], ENABLED_USERS_EXPRESSION);

    assert_keys_within(
        &r[3].json(),
        documented::UPDATE_RULE_PROPERTIES,
        "update rule",
    );

    // "This POST does not require a request body."
    assert!(r[5].body.is_empty());
    assert_eq!(r[5].header("content-type"), Some("application/json"));

    let directory_example: Value =
        serde_json::from_str(documented::CREATE_DIRECTORY_STORE_BODY).unwrap();
    assert_eq!(r[6].json(), directory_example);
}

#[tokio::test]
async fn unauthorized_forbidden_and_not_found_are_distinct_errors() {
    let server = TestServer::start(|r| {
        if r.path.ends_with("/stores") {
            Reply::json(
                401,
                json!({ "code": "INVALID_TOKEN", "message": "The access token is invalid" }),
            )
        } else if r.path.ends_with("/plans") {
            Reply::json(
                403,
                json!({ "code": "ACCESS_FAILED", "message": "Actor does not have permissions" }),
            )
        } else {
            Reply::json(
                404,
                json!({ "code": "NOT_FOUND", "message": "Environment not found" }),
            )
        }
    })
    .await;
    let client = client_for(&server);
    assert_eq!(
        client.list_stores().await.unwrap_err().kind,
        ApiErrorKind::Unauthorized
    );
    let forbidden = client.list_plans().await.unwrap_err();
    assert_eq!(forbidden.kind, ApiErrorKind::Forbidden);
    assert_eq!(
        forbidden.body.as_ref().unwrap().code.as_deref(),
        Some("ACCESS_FAILED")
    );
    assert_eq!(
        client.list_rules().await.unwrap_err().kind,
        ApiErrorKind::NotFound
    );
    let e = client.list_stores().await.unwrap_err();
    assert!(!format!("{e:?}{e}").contains(TOKEN));
}

#[tokio::test]
async fn rate_limits_are_waited_out_within_bounds() {
    let calls = Arc::new(Mutex::new(0u32));
    let counter = calls.clone();
    let server = TestServer::start(move |_| {
        let mut n = counter.lock().unwrap();
        *n += 1;
        if *n == 1 {
            Reply::json(
                429,
                json!({ "code": "REQUEST_LIMITED", "message": "slow down" }),
            )
            .with_header("Retry-After", "0")
        } else {
            Reply::json(200, json!({ "_embedded": { "rules": [] } }))
        }
    })
    .await;
    assert!(client_for(&server).list_rules().await.unwrap().is_empty());
    assert_eq!(server.requests().len(), 2);

    // A wait longer than the bound is not taken: the 429 is reported with PingOne's wait.
    let server = TestServer::start(|_| {
        Reply::json(
            429,
            json!({ "code": "REQUEST_LIMITED", "message": "slow down" }),
        )
        .with_header("Retry-After", "3600")
    })
    .await;
    let error = client_for(&server).list_rules().await.unwrap_err();
    assert_eq!(error.kind, ApiErrorKind::RateLimited);
    assert_eq!(error.retry_after_secs, Some(3600));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn sync_status_is_read_from_the_store() {
    let server = TestServer::start(|_| {
        Reply::json(
            200,
            json!({
                "id": "s1", "name": "Haiilo", "type": "scim", "configuration": {},
                "syncStatus": { "syncState": "FAILED", "lastSyncAt": "2026-11-30T10:00:00.000Z", "successCount": 3, "failedCount": 1, "userTotal": 4, "details": "HTTP 401 from https://acme.haiilo.app/api/oauth/token" }
            }),
        )
    })
    .await;
    let status = client_for(&server)
        .read_sync_status("s1")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(server.requests()[0].path, path("/propagation/stores/s1"));
    assert!(status.has_failures());
    assert_eq!(status.failed_count, Some(1));
    assert!(status.describe().contains("3 of 4 users synced"));
}

// ---- apply against a stateful fake --------------------------------------------------

/// Just enough of PingOne's propagation API to apply twice: stores, plans, rules and
/// revisions in memory, answering like the documented examples. Created stores echo the
/// secret back, as PingOne's own read example does, to prove it is dropped on read.
#[derive(Default)]
struct FakeEnvironment {
    stores: Vec<Value>,
    plans: Vec<Value>,
    rules: Vec<Value>,
    revisions: u32,
    next: u32,
}

impl FakeEnvironment {
    fn handle(&mut self, r: &Recorded) -> Reply {
        let prefix = format!("/v1/environments/{ENV}/propagation/");
        if r.path.ends_with("/as/token") {
            return token_reply();
        }
        let Some(rest) = r.path.strip_prefix(&prefix) else {
            return Reply::json(
                404,
                json!({ "code": "NOT_FOUND", "message": "no such environment" }),
            );
        };
        let parts: Vec<&str> = rest.split('/').collect();
        self.next += 1;
        let new_id = format!("id-{}", self.next);
        match (r.method.as_str(), parts.as_slice()) {
            ("POST", ["revisions"]) => {
                self.revisions += 1;
                Reply::json(201, json!({ "id": new_id }))
            }
            ("GET", [name]) => {
                let items = match *name {
                    "stores" => &self.stores,
                    "plans" => &self.plans,
                    _ => &self.rules,
                };
                Reply::json(200, json!({ "_embedded": { *name: items } }))
            }
            ("POST", [name]) => {
                let mut body = r.json();
                body["id"] = json!(new_id);
                if *name == "rules" && body.get("active").is_none() {
                    body["active"] = json!(false);
                }
                match *name {
                    "stores" => self.stores.push(body.clone()),
                    "plans" => self.plans.push(body.clone()),
                    _ => self.rules.push(body.clone()),
                }
                Reply::json(201, body)
            }
            ("PUT", [name, id]) => {
                let items = match *name {
                    "stores" => &mut self.stores,
                    _ => &mut self.rules,
                };
                let Some(item) = items.iter_mut().find(|i| i["id"] == *id) else {
                    return Reply::json(
                        404,
                        json!({ "code": "NOT_FOUND", "message": "no such resource" }),
                    );
                };
                for (k, v) in r.json().as_object().unwrap() {
                    item[k.as_str()] = v.clone();
                }
                if *name == "rules" && r.json().get("groups").is_none() {
                    item.as_object_mut().unwrap().remove("groups");
                }
                Reply::json(200, item.clone())
            }
            _ => Reply::json(
                405,
                json!({ "code": "METHOD_NOT_ALLOWED", "message": "no" }),
            ),
        }
    }
}

async fn state_of(client: &PingOneClient) -> CurrentState {
    client.read_state().await.unwrap()
}

#[tokio::test]
async fn applying_twice_changes_nothing_the_second_time() {
    let fake = Arc::new(Mutex::new(FakeEnvironment::default()));
    let shared = fake.clone();
    let server = TestServer::start(move |r| shared.lock().unwrap().handle(r)).await;
    let mut client = client_for(&server);
    let want = desired(Some(vec!["group-a".into()]));

    let first = plan_apply(&state_of(&client).await, &want, &endpoints()).unwrap();
    let actions: Vec<(ResourceKind, Action)> = first
        .resources
        .iter()
        .map(|r| (r.resource, r.action))
        .collect();
    assert_eq!(
        actions,
        [
            (ResourceKind::DirectoryStore, Action::Create),
            (ResourceKind::Plan, Action::Create),
            (ResourceKind::ScimStore, Action::Create),
            (ResourceKind::Rule, Action::Create),
            (ResourceKind::Revision, Action::Create),
        ]
    );
    let secret_change = first
        .resource(ResourceKind::ScimStore)
        .unwrap()
        .changes
        .iter()
        .find(|c| c.field == "OAUTH_CLIENT_SECRET")
        .unwrap();
    assert_eq!(secret_change.to, "changed");
    let shown = format!("{first:?}{}", serde_json::to_string(&first).unwrap());
    assert!(!shown.contains(HAIILO_SECRET));

    let applied = apply(&mut client, &first, &want).await.unwrap();
    assert_eq!(applied.len(), 5);
    {
        let env = fake.lock().unwrap();
        let rule = &env.rules[0];
        assert_eq!(rule["active"], false);
        assert_eq!(rule["sourceStore"]["id"], env.stores[0]["id"]);
        assert_eq!(rule["targetStore"]["id"], env.stores[1]["id"]);
        assert_eq!(rule["plan"]["id"], env.plans[0]["id"]);
        assert_eq!(
            env.stores[1]["configuration"]["OAUTH_CLIENT_SECRET"],
            HAIILO_SECRET
        );
        assert_eq!(env.revisions, 1);
    }

    let second = plan_apply(&state_of(&client).await, &want, &endpoints()).unwrap();
    assert!(second.is_unchanged(), "{:#?}", second.resources);
    assert!(apply(&mut client, &second, &want).await.unwrap().is_empty());
    assert_eq!(fake.lock().unwrap().revisions, 1);
    assert!(server.requests().iter().all(|r| r.method != "DELETE"));
}

#[tokio::test]
async fn a_store_with_wrong_values_is_updated_field_by_field_and_keeps_its_rule_state() {
    let fake = Arc::new(Mutex::new(FakeEnvironment::default()));
    {
        let mut env = fake.lock().unwrap();
        env.stores
            .push(json!({ "id": "dir", "type": "directory", "name": "PingOne Directory" }));
        env.stores.push(json!({
            "id": "scim1", "type": "scim", "name": "Haiilo by hand",
            "configuration": {
                "SCIM_URL": "https://acme.haiilo.app/api/scim/v2/Users",
                "SCIM_VERSION": "2.0", "USERS_RESOURCE": "/Users", "GROUPS_RESOURCE": "/Groups",
                "AUTHENTICATION_METHOD": "OAuth 2 Client Credentials", "AUTHORIZATION_TYPE": "Basic",
                "OAUTH_TOKEN_REQUEST": "https://acme.haiilo.app/api/oauth/token",
                "OAUTH_CLIENT_ID": "haiilo-client-0", "OAUTH_CLIENT_SECRET": "old",
                "USER_FILTER": "username Eq \"%s\"", "UNIQUE_USER_IDENTIFIER": "userName",
                "REMOVE_ACTION": "Delete"
            }
        }));
        env.plans
            .push(json!({ "id": "plan1", "name": "Default Plan" }));
        env.rules.push(json!({
            "id": "rule1", "name": "Haiilo rule", "active": true,
            "plan": { "id": "plan1" }, "sourceStore": { "id": "dir" }, "targetStore": { "id": "scim1" },
            "populationExpression": "Enabled EQ true"
        }));
    }
    let shared = fake.clone();
    let server = TestServer::start(move |r| shared.lock().unwrap().handle(r)).await;
    let mut client = client_for(&server);
    let want = desired(None);
    let plan = plan_apply(&state_of(&client).await, &want, &endpoints()).unwrap();
    let store = plan.resource(ResourceKind::ScimStore).unwrap();
    assert_eq!(store.action, Action::Update);
    let changed: Vec<(&str, Option<&str>, &str)> = store
        .changes
        .iter()
        .map(|c| (c.label.as_str(), c.from.as_deref(), c.to.as_str()))
        .collect();
    assert_eq!(
        changed,
        [
            (
                "SCIM BASE URL",
                Some("https://acme.haiilo.app/api/scim/v2/Users"),
                "https://acme.haiilo.app/api/scim/v2"
            ),
            (
                "OAuth Client ID",
                Some("haiilo-client-0"),
                "haiilo-client-1"
            ),
            ("Auth Type Header", Some("Basic"), "Bearer"),
        ]
    );
    assert!(plan
        .notes
        .iter()
        .any(|n| n.contains("replaces a store as a whole")));
    // "Enabled EQ true" already selects enabled users: the rule is left alone.
    assert_eq!(
        plan.resource(ResourceKind::Rule).unwrap().action,
        Action::Unchanged
    );

    apply(&mut client, &plan, &want).await.unwrap();
    {
        let env = fake.lock().unwrap();
        let written = &env.stores[1]["configuration"];
        assert_eq!(
            written["REMOVE_ACTION"], "Delete",
            "the admin's other settings survive the PUT"
        );
        assert_eq!(written["OAUTH_CLIENT_SECRET"], HAIILO_SECRET);
        assert_eq!(env.rules[0]["active"], true);
    }
    let again = plan_apply(&state_of(&client).await, &want, &endpoints()).unwrap();
    assert!(again.is_unchanged(), "{:#?}", again.resources);

    // The admin says the Haiilo secret changed: only the secret is written, shown as changed.
    let mut rotated = desired(None);
    rotated.secret_changed = true;
    let plan = plan_apply(&state_of(&client).await, &rotated, &endpoints()).unwrap();
    let store = plan.resource(ResourceKind::ScimStore).unwrap();
    assert_eq!(store.action, Action::Update);
    assert_eq!(store.changes.len(), 1);
    assert_eq!(
        (
            store.changes[0].label.as_str(),
            store.changes[0].from.as_deref(),
            store.changes[0].to.as_str()
        ),
        ("OAuth Client Secret", None, "changed")
    );

    // Without the secret, a needed write is refused before anything is sent.
    let mut no_secret = desired(None);
    no_secret.store.secret = None;
    no_secret.secret_changed = true;
    let error = plan_apply(&state_of(&client).await, &no_secret, &endpoints()).unwrap_err();
    assert!(error.to_string().contains("keychain"));
}

#[tokio::test]
async fn a_failed_write_reports_what_was_already_written() {
    let server = TestServer::start(|r| match (r.method.as_str(), r.path.as_str()) {
        ("GET", _) => Reply::json(200, json!({ "_embedded": {} })),
        ("POST", p) if p.ends_with("/stores") && r.json()["type"] == "scim" => Reply::json(
            400,
            json!({ "code": "INVALID_DATA", "message": "bad", "details": [{ "target": "SCIM_URL", "message": "must be reachable" }] }),
        ),
        ("POST", _) => Reply::json(201, json!({ "id": "x" })),
        _ => Reply::empty(500),
    })
    .await;
    let mut client = client_for(&server);
    let want = desired(None);
    let plan = plan_apply(&state_of(&client).await, &want, &endpoints()).unwrap();
    let failure = apply(&mut client, &plan, &want).await.unwrap_err();
    assert_eq!(failure.resource, ResourceKind::ScimStore);
    assert_eq!(
        failure.applied.len(),
        2,
        "directory store and plan were created before"
    );
    assert!(failure.to_string().contains("SCIM_URL: must be reachable"));
    assert!(!format!("{failure:?}").contains(HAIILO_SECRET));
}

/// The types the UI will receive export to TypeScript (the lead adds them to `make bindings`).
#[cfg(feature = "ts")]
#[test]
fn exported_types_generate_typescript() {
    use ts_rs::TS;
    let dir = std::env::temp_dir().join(format!("pingone-api-ts-{}", std::process::id()));
    let cfg = crate::bindings::config(&dir);
    super::access::ParsedAccess::export_all(&cfg).unwrap();
    super::apply::ApplyPlan::export_all(&cfg).unwrap();
    super::apply::ApplyFailure::export_all(&cfg).unwrap();
    super::compare::StoreAssessment::export_all(&cfg).unwrap();
    super::cloud_test::CloudTestOutcome::export_all(&cfg).unwrap();
    super::rule::RuleProblem::export_all(&cfg).unwrap();
    super::token::WorkerTokenError::export_all(&cfg).unwrap();
    super::error::AccessErrorCode::export_all(&cfg).unwrap();
    let region = std::fs::read_to_string(dir.join("Region.ts")).unwrap();
    assert!(region.contains("\"com.au\""), "{region}");
    let plan = std::fs::read_to_string(dir.join("ApplyPlan.ts")).unwrap();
    assert!(!plan.contains("preserved"), "{plan}");
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn switching_the_rule_on_is_one_documented_update_and_only_once() {
    use super::switch_on::SwitchOnError;
    let fake = Arc::new(Mutex::new(FakeEnvironment::default()));
    let shared = fake.clone();
    let server = TestServer::start(move |r| shared.lock().unwrap().handle(r)).await;
    let mut client = client_for(&server);
    assert!(matches!(
        client.switch_rule_on(&endpoints()).await,
        Err(SwitchOnError::NoStore)
    ));

    let want = desired(Some(vec!["group-a".into()]));
    let plan = plan_apply(&state_of(&client).await, &want, &endpoints()).unwrap();
    apply(&mut client, &plan, &want).await.unwrap();
    let switched = client.switch_rule_on(&endpoints()).await.unwrap();
    assert!(!switched.already_on);
    assert_eq!(switched.rule_name, "Haiilo (acme.haiilo.app)");

    let puts: Vec<Recorded> = server
        .requests()
        .into_iter()
        .filter(|r| r.method == "PUT")
        .collect();
    assert_eq!(puts.len(), 1, "one write: the rule");
    let put = &puts[0];
    let rule_id = fake.lock().unwrap().rules[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(put.path, path(&format!("/propagation/rules/{rule_id}")));
    assert_eq!(put.header("content-type"), Some("application/json"));
    assert_bearer(put);
    let body = put.json();
    assert_keys_within(&body, documented::UPDATE_RULE_PROPERTIES, "Update Rule");
    assert_eq!(body["active"], true);
    assert_eq!(body["populationExpression"], ENABLED_USERS_EXPRESSION);
    assert_eq!(
        body["groups"],
        json!([{ "id": "group-a" }]),
        "groups are kept"
    );
    assert_eq!(fake.lock().unwrap().rules[0]["active"], true);

    let again = client.switch_rule_on(&endpoints()).await.unwrap();
    assert!(again.already_on);
    let writes = server
        .requests()
        .iter()
        .filter(|r| r.method == "PUT")
        .count();
    assert_eq!(writes, 1, "an active rule is not written again");
    assert!(server.requests().iter().all(|r| r.method != "DELETE"));

    // A rule whose filter is not "enabled users" is never switched on.
    fake.lock().unwrap().rules[0]["active"] = json!(false);
    fake.lock().unwrap().rules[0]["populationExpression"] = json!("department eq \"IT\"");
    match client.switch_rule_on(&endpoints()).await {
        Err(error @ SwitchOnError::FilterNotEnabledUsers { .. }) => {
            assert!(error.to_string().contains("Enabled Equals true"), "{error}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(fake.lock().unwrap().rules[0]["active"], false);
}

// ---- German ---------------------------------------------------------------------------

/// The same scenarios in German: every text a user reads (errors, notes, the check's
/// findings for them, status lines) holds no English word outside PingOne's labels and
/// quoted server text. The English runs above stay as they were.
mod german {
    use super::*;
    use crate::check::{pingone_api_finding, pingone_token_finding};
    use crate::findings::Finding;
    use crate::lang::{self, english_words, Lang};
    use crate::pingone_api::access::Region;
    use crate::pingone_api::error::AccessError;
    use crate::pingone_api::switch_on::SwitchOnError;

    fn assert_german(what: &str, text: &str) {
        assert!(!text.trim().is_empty(), "{what}: empty");
        let english = english_words(text);
        assert!(english.is_empty(), "{what}: English {english:?} in: {text}");
    }

    fn assert_german_finding(what: &str, finding: &Finding) {
        assert_german(&format!("{what} (summary)"), &finding.summary);
        assert_german(&format!("{what} (fix)"), &finding.fix);
        // The evidence's own line (`GET https://… · HTTP 401`) is verbatim request text, left
        // out here as the reports leave it out of the prose.
        let evidence = finding.evidence.as_ref().map(|e| e.describe());
        let detail: Vec<&str> = finding
            .detail
            .lines()
            .filter(|l| Some(*l) != evidence.as_deref())
            .collect();
        if !detail.is_empty() {
            assert_german(&format!("{what} (detail)"), &detail.join("\n"));
        }
    }

    async fn token_error(server: &TestServer, options: &HttpOptions) -> WorkerTokenError {
        fetch_worker_token(
            &build_client(options).unwrap(),
            options,
            &access(server),
            &WorkerSecret::new(WORKER_SECRET),
            &Redactor::default(),
        )
        .await
        .unwrap_err()
    }

    #[tokio::test]
    async fn refused_worker_tokens_are_explained_in_german() {
        lang::scope(Lang::De, async {
            let answers: [fn() -> Reply; 7] = [
                || Reply::json(401, json!({ "error": "invalid_client", "error_description": "bad secret" })),
                || Reply::json(404, json!({ "id": "x", "code": "NOT_FOUND", "message": "The requested resource was not found." })),
                || Reply::json(400, json!({ "error": "unauthorized_client" })),
                || Reply::json(400, json!({ "error": "invalid_scope", "error_description": "not allowed" })),
                || Reply::json(429, json!({})),
                || Reply::json(500, json!({})),
                || Reply::json(200, json!({ "no": "token" })),
            ];
            for answer in answers {
                let server = TestServer::start(move |_| answer()).await;
                let error = token_error(&server, &options()).await;
                assert_german(&format!("{error:?}"), &error.to_string());
                let finding = pingone_token_finding(&error, &access(&server));
                assert_german_finding(&format!("{error:?}"), &finding);
            }
            let invalid = {
                let server = TestServer::start(|_| {
                    Reply::json(401, json!({ "error": "invalid_client" }))
                })
                .await;
                token_error(&server, &options()).await
            };
            assert!(
                invalid.to_string().contains("unbekannte „Client ID“"),
                "{invalid}"
            );
            // The region's name is German where the region is named.
            let mut unknown = access(&TestServer::start(|_| Reply::empty(404)).await);
            unknown.auth_url = None;
            let finding = pingone_token_finding(
                &WorkerTokenError::EnvironmentNotFound {
                    environment_id: ENV.into(),
                    token_url: unknown.token_url(),
                    status: 404,
                    detail: None,
                },
                &unknown,
            );
            assert!(finding.summary.contains("Region Europa (eu)"), "{}", finding.summary);
            assert_german_finding("environment in a region", &finding);
        })
        .await;
    }

    #[tokio::test]
    async fn an_unreachable_or_silent_token_endpoint_is_explained_in_german() {
        lang::scope(Lang::De, async {
            let closed = {
                let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
                l.local_addr().unwrap().port()
            };
            let mut a = access(&TestServer::start(|_| token_reply()).await);
            a.auth_url = Some(format!("http://127.0.0.1:{closed}"));
            let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let silent_url = format!("http://{}", silent.local_addr().unwrap());
            tokio::spawn(async move {
                let mut held = Vec::new();
                while let Ok((s, _)) = silent.accept().await {
                    held.push(s);
                }
            });
            let quick = HttpOptions {
                request_timeout: Duration::from_millis(300),
                ..options()
            };
            for url in [a.auth_url.clone().unwrap(), silent_url] {
                a.auth_url = Some(url);
                let error = fetch_worker_token(
                    &build_client(&quick).unwrap(),
                    &quick,
                    &a,
                    &WorkerSecret::new(WORKER_SECRET),
                    &Redactor::default(),
                )
                .await
                .unwrap_err();
                assert!(
                    matches!(
                        error,
                        WorkerTokenError::Unreachable { .. } | WorkerTokenError::Timeout { .. }
                    ),
                    "{error:?}"
                );
                assert_german(&format!("{error:?}"), &error.to_string());
                assert_german_finding(&format!("{error:?}"), &pingone_token_finding(&error, &a));
            }
        })
        .await;
    }

    #[tokio::test]
    async fn refused_api_calls_are_findings_in_german() {
        lang::scope(Lang::De, async {
            let server = TestServer::start(|r| {
                if r.path.ends_with("/stores") {
                    Reply::json(401, json!({ "code": "INVALID_TOKEN", "message": "The access token is invalid" }))
                } else if r.path.ends_with("/plans") {
                    Reply::json(403, json!({ "code": "ACCESS_FAILED", "message": "Actor does not have permissions" }))
                } else if r.path.ends_with("/rules") {
                    Reply::json(404, json!({ "code": "NOT_FOUND", "message": "Environment not found" }))
                } else if r.path.ends_with("/revisions") {
                    Reply::json(429, json!({ "code": "REQUEST_LIMITED", "message": "slow down" }))
                        .with_header("Retry-After", "3600")
                } else {
                    Reply::json(500, json!({ "code": "UNEXPECTED_SERVER_ERROR", "message": "oops" }))
                }
            })
            .await;
            let client = client_for(&server);
            let errors = [
                client.list_stores().await.unwrap_err(),
                client.list_plans().await.unwrap_err(),
                client.list_rules().await.unwrap_err(),
                client.create_revision().await.unwrap_err(),
                client.read_sync_status("s1").await.unwrap_err(),
            ];
            let kinds: Vec<ApiErrorKind> = errors.iter().map(|e| e.kind).collect();
            assert_eq!(
                kinds,
                [
                    ApiErrorKind::Unauthorized,
                    ApiErrorKind::Forbidden,
                    ApiErrorKind::NotFound,
                    ApiErrorKind::RateLimited,
                    ApiErrorKind::ServerError
                ]
            );
            for error in &errors {
                assert_german(&format!("{:?}", error.kind), &error.to_string());
                assert_german_finding(&format!("{:?}", error.kind), &pingone_api_finding(error));
            }
            assert!(
                errors[1].summary.contains("Rolle „Environment Admin“"),
                "{}",
                errors[1].summary
            );
            // An answer that is not PingOne's JSON, and a closed port.
            let server = TestServer::start(|_| Reply::json(200, json!({ "_embedded": { "stores": 3 } }))).await;
            let error = client_for(&server).list_stores().await.unwrap_err();
            assert_german("invalid response", &error.to_string());
            let closed = {
                let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
                l.local_addr().unwrap().port()
            };
            let mut a = access(&server);
            a.api_url = Some(format!("http://127.0.0.1:{closed}/v1"));
            let options = options();
            let error = PingOneClient::new(
                build_client(&options).unwrap(),
                options,
                a,
                &grant(),
                &Redactor::default(),
            )
            .list_stores()
            .await
            .unwrap_err();
            assert_german("closed port", &error.to_string());
            assert_german_finding("closed port", &pingone_api_finding(&error));
        })
        .await;
    }

    #[tokio::test]
    async fn cloud_test_and_sync_status_lines_are_german() {
        lang::scope(Lang::De, async {
            let server = TestServer::start(|_| {
                Reply::json(400, json!({
                    "id": "e1", "code": "INVALID_DATA", "message": "Connection test failed",
                    "details": [{ "code": "CONNECTION_FAILED", "target": "SCIM_URL", "message": "could not reach host" }]
                }))
            })
            .await;
            let outcome = client_for(&server)
                .test_connection(&desired(None).store)
                .await
                .unwrap();
            assert!(outcome.describe().starts_with("gescheitert (HTTP 400)"));
            assert_german("cloud test", &outcome.describe());
            assert_german("cloud test passed", &CloudTestOutcome::Passed { status: 204 }.describe());

            let server = TestServer::start(|_| {
                Reply::json(200, json!({
                    "id": "s1", "name": "Haiilo", "type": "scim", "configuration": {},
                    "syncStatus": { "syncState": "FAILED", "lastSyncAt": "2026-11-30T10:00:00.000Z", "successCount": 1234, "failedCount": 1, "failedDeprovisionCount": 2, "userTotal": 1240, "details": "HTTP 401 from https://acme.haiilo.app/api/oauth/token" }
                }))
            })
            .await;
            let status = client_for(&server).read_sync_status("s1").await.unwrap().unwrap();
            let line = status.describe();
            assert!(line.contains("1.234 von 1.240 Benutzern synchronisiert"), "{line}");
            assert!(line.contains("letzte Synchronisierung 30.11.2026, 10:00:00 UTC"), "{line}");
            assert_german("sync status", &line);
            let empty = super::super::sync::StoreSyncStatus::default();
            assert_german("no sync", &empty.describe());
        })
        .await;
    }

    #[tokio::test]
    async fn plan_notes_refusals_and_a_failed_write_are_german() {
        lang::scope(Lang::De, async {
            let fake = Arc::new(Mutex::new(FakeEnvironment::default()));
            let shared = fake.clone();
            let server = TestServer::start(move |r| shared.lock().unwrap().handle(r)).await;
            let mut client = client_for(&server);
            // Refused before anything exists.
            let error = client.switch_rule_on(&endpoints()).await.unwrap_err();
            assert!(matches!(error, SwitchOnError::NoStore));
            assert_german("no store", &error.to_string());

            let want = desired(None);
            let first = plan_apply(&state_of(&client).await, &want, &endpoints()).unwrap();
            for note in &first.notes {
                assert_german("first plan note", note);
            }
            let secret = first
                .resource(ResourceKind::ScimStore)
                .unwrap()
                .changes
                .iter()
                .find(|c| c.field == "OAUTH_CLIENT_SECRET")
                .unwrap();
            assert_eq!(secret.to, "geändert");
            apply(&mut client, &first, &want).await.unwrap();

            // A second store, a second rule and a second plan: each is a note.
            {
                let mut env = fake.lock().unwrap();
                let mut store = env.stores[1].clone();
                store["id"] = json!("store-copy");
                store["name"] = json!("Copy");
                env.stores.push(store);
                let mut rule = env.rules[0].clone();
                rule["id"] = json!("rule-copy");
                rule["name"] = json!("Copy");
                env.rules.push(rule);
                let mut plan = env.plans[0].clone();
                plan["id"] = json!("plan-copy");
                env.plans.push(plan);
                env.stores[1]["configuration"]["AUTHORIZATION_TYPE"] = json!("Basic");
            }
            let second = plan_apply(
                &state_of(&client).await,
                &desired(Some(vec!["g".into()])),
                &endpoints(),
            )
            .unwrap();
            assert!(second.notes.len() >= 4, "{:#?}", second.notes);
            for note in &second.notes {
                assert_german("plan note", note);
            }
            let mut without = desired(None);
            without.store.secret = None;
            let refused = plan_apply(&state_of(&client).await, &without, &endpoints()).unwrap_err();
            assert_german("plan refusal", &refused.to_string());

            // Switching on: more than one store, then the filter.
            let error = client.switch_rule_on(&endpoints()).await.unwrap_err();
            assert!(matches!(error, SwitchOnError::SeveralStores(2)), "{error:?}");
            assert_german("several stores", &error.to_string());
            fake.lock().unwrap().stores.pop();
            let error = client.switch_rule_on(&endpoints()).await.unwrap_err();
            assert!(matches!(error, SwitchOnError::SeveralRules(2)), "{error:?}");
            assert_german("several rules", &error.to_string());
            fake.lock().unwrap().rules.pop();
            fake.lock().unwrap().rules[0]["populationExpression"] = json!("department eq \"IT\"");
            let error = client.switch_rule_on(&endpoints()).await.unwrap_err();
            assert!(matches!(error, SwitchOnError::FilterNotEnabledUsers { .. }), "{error:?}");
            assert_german("filter", &error.to_string());
            fake.lock().unwrap().rules.clear();
            let error = client.switch_rule_on(&endpoints()).await.unwrap_err();
            assert!(matches!(error, SwitchOnError::NoRule), "{error:?}");
            assert_german("no rule", &error.to_string());

            // A write PingOne refuses.
            let server = TestServer::start(|r| match (r.method.as_str(), r.path.as_str()) {
                ("GET", _) => Reply::json(200, json!({ "_embedded": {} })),
                ("POST", p) if p.ends_with("/stores") && r.json()["type"] == "scim" => Reply::json(
                    400,
                    json!({ "code": "INVALID_DATA", "message": "bad", "details": [{ "target": "SCIM_URL", "message": "must be reachable" }] }),
                ),
                ("POST", _) => Reply::json(201, json!({ "id": "x" })),
                _ => Reply::empty(500),
            })
            .await;
            let mut client = client_for(&server);
            let plan = plan_apply(&state_of(&client).await, &want, &endpoints()).unwrap();
            let failure = apply(&mut client, &plan, &want).await.unwrap_err();
            let text = failure.to_string();
            assert!(text.starts_with("Das Schreiben von SCIM-Store"), "{text}");
            assert_german("failed write", &text);
            assert_german_finding("failed write", &pingone_api_finding(&failure.error));
        })
        .await;
    }

    #[test]
    fn access_refusals_and_notes_are_german() {
        lang::sync_scope(Lang::De, || {
            let input = |region, environment_id, worker_client_id, auth_url, api_url| AccessInput {
                region,
                environment_id,
                worker_client_id,
                auth_url,
                api_url,
            };
            let refused = [
                input("mars", ENV, WORKER_ID, None, None),
                input("eu", "", WORKER_ID, None, None),
                input("eu", "not-an-id", WORKER_ID, None, None),
                input("eu", ENV, "", None, None),
                input("eu", ENV, "a b", None, None),
                input("eu", ENV, WORKER_ID, Some("auth.example.com"), None),
                input("eu", ENV, WORKER_ID, Some("ftp://auth.example.com"), None),
                input("eu", ENV, WORKER_ID, Some("http://auth.example.com"), None),
                input(
                    "eu",
                    ENV,
                    WORKER_ID,
                    Some("https://u:p@auth.example.com"),
                    None,
                ),
                input(
                    "eu",
                    ENV,
                    WORKER_ID,
                    None,
                    Some("https://api.example.com/v1?x=1"),
                ),
                input(
                    "eu",
                    ENV,
                    WORKER_ID,
                    None,
                    Some("https://api.example.com/v1#x"),
                ),
                input(
                    "eu",
                    ENV,
                    WORKER_ID,
                    Some("https://auth.example.com/00000000-0000-0000-0000-000000000000/as/token"),
                    None,
                ),
            ];
            let mut codes = BTreeSet::new();
            for input in &refused {
                let error: AccessError = PingOneAccess::parse(input).unwrap_err();
                codes.insert(error.code().as_str());
                assert_german(&format!("{error:?}"), &error.to_string());
            }
            assert_eq!(codes.len(), 9, "every refusal is tried: {codes:?}");

            let console = format!("https://console.pingone.ca/?env={ENV}");
            let auth = format!("https://auth.example.com/{ENV}/as/token");
            let parsed = PingOneAccess::parse(&input(
                "eu",
                &console,
                " worker-1 ",
                Some(&auth),
                Some("https://api.example.com"),
            ))
            .unwrap();
            assert!(parsed.notes.len() >= 4, "{:#?}", parsed.notes);
            for note in &parsed.notes {
                assert_german("access note", note);
            }
            assert!(
                parsed.notes.iter().any(|n| n.contains("Kanada (ca)")),
                "{:#?}",
                parsed.notes
            );
            let chosen = PingOneAccess::parse(&input("", &console, WORKER_ID, None, None)).unwrap();
            assert_german("chosen region", &chosen.notes[0]);
            assert_eq!(
                Region::parse("Europe").unwrap(),
                Region::Europe,
                "English names still parse"
            );
        });
    }
}
