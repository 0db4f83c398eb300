#![allow(clippy::unwrap_used)]
//! Black-box tests: start a tenant on 127.0.0.1 and talk HTTP to it.

use std::time::{Duration, Instant};

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use demo_tenant::{
    seeded_group_id, seeded_group_name, seeded_inactive_count, seeded_user_id, seeded_user_name,
    start, Fault, RunningTenant, TenantConfig, DEFAULT_CLIENT_SECRET,
};
use reqwest::header::{HeaderMap, AUTHORIZATION, CONTENT_TYPE};
use reqwest::redirect::Policy;
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};

const SCIM_JSON: &str = "application/scim+json";
const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ENTERPRISE: &str = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

async fn tenant_with(faults: Vec<Fault>) -> RunningTenant {
    start(TenantConfig {
        faults,
        ..TenantConfig::default()
    })
    .await
    .unwrap()
}

async fn tenant() -> RunningTenant {
    tenant_with(Vec::new()).await
}

fn client() -> Client {
    // No redirects followed: the redirect faults must be seen as they are.
    Client::builder().redirect(Policy::none()).build().unwrap()
}

/// RFC 6749 §2.3.1: form-urlencode id and secret, then base64 "id:secret".
fn basic(id: &str, secret: &str) -> String {
    let id: String = form_urlencoded::byte_serialize(id.as_bytes()).collect();
    let secret: String = form_urlencoded::byte_serialize(secret.as_bytes()).collect();
    format!("Basic {}", STANDARD.encode(format!("{id}:{secret}")))
}

fn cc_form() -> &'static str {
    "grant_type=client_credentials"
}

async fn token_request(t: &RunningTenant, auth: Option<String>, body: &str) -> reqwest::Response {
    let mut request = client()
        .post(t.token_url())
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body.to_owned());
    if let Some(auth) = auth {
        request = request.header(AUTHORIZATION, auth);
    }
    request.send().await.unwrap()
}

async fn fetch_token(t: &RunningTenant) -> String {
    let response = token_request(t, Some(basic(t.client_id(), t.client_secret())), cc_form()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    body["access_token"].as_str().unwrap().to_owned()
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
}

impl Reply {
    fn content_type(&self) -> &str {
        self.headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    fn assert_scim_error(&self, status: StatusCode, scim_type: Option<&str>) {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(self.content_type(), SCIM_JSON);
        assert_eq!(
            self.body["schemas"],
            json!(["urn:ietf:params:scim:api:messages:2.0:Error"])
        );
        assert_eq!(self.body["status"], json!(status.as_u16().to_string()));
        assert_eq!(self.body["scimType"].as_str(), scim_type, "{}", self.body);
        assert!(self.body["detail"].is_string());
    }
}

async fn send(
    t: &RunningTenant,
    token: Option<&str>,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Reply {
    let mut request = client().request(method, format!("{}{path}", t.scim_base_url()));
    if let Some(token) = token {
        request = request.header(AUTHORIZATION, format!("Bearer {token}"));
    }
    if let Some(body) = body {
        request = request
            .header(CONTENT_TYPE, SCIM_JSON)
            .body(body.to_string());
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    Reply {
        status,
        headers,
        body,
    }
}

async fn get(t: &RunningTenant, token: &str, path: &str) -> Reply {
    send(t, Some(token), Method::GET, path, None).await
}

fn filter_path(filter: &str) -> String {
    let encoded: String = form_urlencoded::byte_serialize(filter.as_bytes()).collect();
    format!("/Users?filter={encoded}")
}

async fn total(t: &RunningTenant, token: &str, path: &str) -> u64 {
    let reply = get(t, token, path).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    reply.body["totalResults"].as_u64().unwrap()
}

fn ids(list: &Value) -> Vec<String> {
    list["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

// --- OAuth token endpoint -------------------------------------------------------

#[tokio::test]
async fn token_with_basic_encodes_special_characters_per_rfc6749() {
    let t = tenant().await;
    assert!(DEFAULT_CLIENT_SECRET.contains('+'));
    assert!(DEFAULT_CLIENT_SECRET.contains(':'));
    assert!(DEFAULT_CLIENT_SECRET.contains('%'));
    let response =
        token_request(&t, Some(basic(t.client_id(), t.client_secret())), cc_form()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.headers()["pragma"], "no-cache");
    assert!(response.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["scope"], "scim");
    assert!(body["access_token"].as_str().unwrap().len() >= 43);

    // A client that skips the form-encoding step (base64 of the raw secret) fails.
    let naive = format!(
        "Basic {}",
        STANDARD.encode(format!("{}:{}", t.client_id(), t.client_secret()))
    );
    let response = token_request(&t, Some(naive), cc_form()).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");
}

#[tokio::test]
async fn token_with_credentials_in_the_body() {
    let t = tenant().await;
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "client_credentials")
        .append_pair("client_id", t.client_id())
        .append_pair("client_secret", t.client_secret())
        .append_pair("scope", "scim")
        .finish();
    let response = token_request(&t, None, &form).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert!(body["access_token"].is_string());
    // The issued token opens the SCIM API.
    let token = body["access_token"].as_str().unwrap();
    assert_eq!(
        get(&t, token, "/Users?count=1").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn wrong_secret_is_invalid_client_with_basic_challenge() {
    let t = tenant().await;
    let response = token_request(&t, Some(basic(t.client_id(), "wrong")), cc_form()).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        response.headers()["www-authenticate"],
        "Basic realm=\"haiilo\""
    );
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");
    assert!(body["error_description"].is_string());

    let response = token_request(
        &t,
        Some(basic("someone-else", t.client_secret())),
        cc_form(),
    )
    .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    let response = token_request(&t, None, cc_form()).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");
}

#[tokio::test]
async fn both_authentication_methods_at_once_is_invalid_request() {
    let t = tenant().await;
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "client_credentials")
        .append_pair("client_id", t.client_id())
        .append_pair("client_secret", t.client_secret())
        .finish();
    let response = token_request(&t, Some(basic(t.client_id(), t.client_secret())), &form).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_request");
}

#[tokio::test]
async fn grant_type_content_type_and_method_are_checked() {
    let t = tenant().await;
    let auth = || Some(basic(t.client_id(), t.client_secret()));

    let response = token_request(&t, auth(), "grant_type=password&username=a&password=b").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "unsupported_grant_type");

    let response = token_request(&t, auth(), "scope=scim").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_request");

    let response = token_request(
        &t,
        auth(),
        "grant_type=client_credentials&grant_type=client_credentials",
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    let response = client()
        .post(t.token_url())
        .header(AUTHORIZATION, basic(t.client_id(), t.client_secret()))
        .json(&json!({"grant_type": "client_credentials"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_request");

    let response = client().get(t.token_url()).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()["allow"], "POST");
}

// --- Bearer authentication -------------------------------------------------------

#[tokio::test]
async fn scim_requires_a_valid_bearer_token() {
    let t = tenant().await;
    let reply = send(&t, None, Method::GET, "/Users", None).await;
    reply.assert_scim_error(StatusCode::UNAUTHORIZED, None);
    assert_eq!(
        reply.header("www-authenticate"),
        Some("Bearer realm=\"haiilo\"")
    );

    let reply = send(&t, Some("not-a-token"), Method::GET, "/Users", None).await;
    reply.assert_scim_error(StatusCode::UNAUTHORIZED, None);
    assert!(reply
        .header("www-authenticate")
        .unwrap()
        .contains("error=\"invalid_token\""));

    // Discovery needs the token as well.
    for path in [
        "/ServiceProviderConfig",
        "/Schemas",
        "/ResourceTypes",
        "/Nope",
    ] {
        let reply = send(&t, None, Method::GET, path, None).await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{path}");
    }

    // Basic credentials are not a bearer token.
    let response = client()
        .get(format!("{}/Users", t.scim_base_url()))
        .header(AUTHORIZATION, basic(t.client_id(), t.client_secret()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    // The scheme is case-insensitive.
    let token = fetch_token(&t).await;
    let response = client()
        .get(format!("{}/Users?count=1", t.scim_base_url()))
        .header(AUTHORIZATION, format!("bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn expired_token_is_invalid_token() {
    let t = tenant_with(vec![Fault::ShortTokenLifetime(Duration::from_secs(1))]).await;
    let response =
        token_request(&t, Some(basic(t.client_id(), t.client_secret())), cc_form()).await;
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["expires_in"], 1);
    let token = body["access_token"].as_str().unwrap().to_owned();
    assert_eq!(
        get(&t, &token, "/Users?count=1").await.status,
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let reply = get(&t, &token, "/Users?count=1").await;
    reply.assert_scim_error(StatusCode::UNAUTHORIZED, None);
    assert!(reply
        .header("www-authenticate")
        .unwrap()
        .starts_with("Bearer realm=\"haiilo\", error=\"invalid_token\""));
}

// --- Listing, paging, filtering ----------------------------------------------------

#[tokio::test]
async fn list_paging() {
    let t = tenant().await;
    let token = fetch_token(&t).await;
    let all = get(&t, &token, "/Users").await;
    assert_eq!(all.status, StatusCode::OK);
    assert_eq!(all.content_type(), SCIM_JSON);
    assert_eq!(
        all.body["schemas"],
        json!(["urn:ietf:params:scim:api:messages:2.0:ListResponse"])
    );
    assert_eq!(all.body["totalResults"], 50);
    assert_eq!(all.body["startIndex"], 1);
    assert_eq!(all.body["itemsPerPage"], 50);
    let all_ids = ids(&all.body);
    assert_eq!(all_ids.len(), 50);

    let page = get(&t, &token, "/Users?startIndex=11&count=5").await;
    assert_eq!(page.body["totalResults"], 50);
    assert_eq!(page.body["startIndex"], 11);
    assert_eq!(page.body["itemsPerPage"], 5);
    assert_eq!(ids(&page.body), all_ids[10..15].to_vec());

    let none = get(&t, &token, "/Users?count=0").await;
    assert_eq!(none.body["totalResults"], 50);
    assert_eq!(none.body["itemsPerPage"], 0);
    assert_eq!(none.body["Resources"], json!([]));

    let clamped = get(&t, &token, "/Users?startIndex=0&count=2").await;
    assert_eq!(clamped.body["startIndex"], 1);
    assert_eq!(ids(&clamped.body), all_ids[..2].to_vec());

    let tail = get(&t, &token, "/Users?startIndex=49&count=10").await;
    assert_eq!(ids(&tail.body), all_ids[48..].to_vec());
    let beyond = get(&t, &token, "/Users?startIndex=51").await;
    assert_eq!(beyond.body["itemsPerPage"], 0);
    assert_eq!(beyond.body["totalResults"], 50);

    let reply = get(&t, &token, "/Users?count=many").await;
    reply.assert_scim_error(StatusCode::BAD_REQUEST, Some("invalidValue"));

    let groups = get(&t, &token, "/Groups").await;
    assert_eq!(groups.body["totalResults"], 6);

    let filtered_page = get(
        &t,
        &token,
        &format!("{}&startIndex=2&count=3", filter_path("active eq true")),
    )
    .await;
    assert_eq!(filtered_page.body["totalResults"], 43);
    assert_eq!(filtered_page.body["itemsPerPage"], 3);
    assert_eq!(filtered_page.body["startIndex"], 2);
}

#[tokio::test]
async fn count_is_capped_at_1000() {
    let t = start(TenantConfig {
        users: 1200,
        ..TenantConfig::default()
    })
    .await
    .unwrap();
    let token = fetch_token(&t).await;
    let reply = get(&t, &token, "/Users?count=5000&excludedAttributes=emails").await;
    assert_eq!(reply.body["totalResults"], 1200);
    assert_eq!(reply.body["itemsPerPage"], 1000);
    assert!(reply.body["Resources"][0].get("emails").is_none());
}

#[tokio::test]
async fn large_directory_is_seeded_fast_and_served_by_pages() {
    let started = Instant::now();
    let t = start(TenantConfig {
        users: 100_000,
        ..TenantConfig::default()
    })
    .await
    .unwrap();
    let seeding = started.elapsed();
    // Debug builds are far slower; the budget holds for release builds.
    if !cfg!(debug_assertions) {
        assert!(seeding < Duration::from_secs(1), "seeding took {seeding:?}");
    }
    let token = fetch_token(&t).await;
    assert_eq!(total(&t, &token, "/Users?count=0").await, 100_000);

    let last = seeded_user_name(99_999);
    let reply = get(&t, &token, &filter_path(&format!("userName eq \"{last}\""))).await;
    assert_eq!(reply.body["totalResults"], 1);
    assert_eq!(reply.body["Resources"][0]["id"], seeded_user_id(99_999));

    let page = get(&t, &token, "/Users?startIndex=99991&count=50").await;
    assert_eq!(page.body["itemsPerPage"], 10);
    assert_eq!(page.body["Resources"][9]["userName"], last);

    let groups = get(&t, &token, "/Groups?excludedAttributes=members").await;
    assert_eq!(groups.body["Resources"][0]["id"], seeded_group_id(0));
    assert!(groups.body["Resources"][0].get("members").is_none());
    let member_filter: String = form_urlencoded::byte_serialize(
        format!("members.value eq \"{}\"", seeded_user_id(99_999)).as_bytes(),
    )
    .collect();
    let reply = get(
        &t,
        &token,
        &format!("/Groups?filter={member_filter}&attributes=displayName"),
    )
    .await;
    assert_eq!(
        reply.body["totalResults"], 2,
        "All staff and one department"
    );
}

#[tokio::test]
async fn filters() {
    let t = tenant().await;
    let token = fetch_token(&t).await;
    let first = seeded_user_name(0);

    // PingOne's default user filter, with its mixed case, and a differently cased value.
    let reply = get(
        &t,
        &token,
        &filter_path(&format!("username Eq \"{}\"", first.to_uppercase())),
    )
    .await;
    assert_eq!(reply.body["totalResults"], 1);
    assert_eq!(reply.body["Resources"][0]["userName"], first);
    let id = reply.body["Resources"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let external = reply.body["Resources"][0]["externalId"]
        .as_str()
        .unwrap()
        .to_owned();

    let count = |f: String| {
        let t = &t;
        let token = &token;
        async move { total(t, token, &filter_path(&f)).await }
    };
    assert_eq!(
        count("active eq false".into()).await,
        seeded_inactive_count(50) as u64
    );
    assert_eq!(count("active eq true".into()).await, 43);
    assert_eq!(count("userName pr".into()).await, 50);
    assert_eq!(count("nickName pr".into()).await, 0);
    assert_eq!(count("userName sw \"anna.\"".into()).await, 2);
    assert_eq!(count("userName ew \"@DEMO.HAIILO.TEST\"".into()).await, 50);
    assert_eq!(count("displayName co \"schmidt\"".into()).await, 2);
    assert_eq!(count(format!("emails.value eq \"{first}\"")).await, 1);
    assert_eq!(
        count(format!("emails[type eq \"work\" and value eq \"{first}\"]")).await,
        1
    );
    assert_eq!(count("name.givenName eq \"Anna\"".into()).await, 2);
    assert_eq!(count(format!("id eq \"{id}\"")).await, 1);
    assert_eq!(count(format!("externalId eq \"{external}\"")).await, 1);
    assert_eq!(
        count(format!("externalId eq \"{}\"", external.to_uppercase())).await,
        0,
        "externalId is caseExact"
    );
    assert_eq!(
        count(format!("{ENTERPRISE}:department eq \"engineering\"")).await,
        10
    );
    assert_eq!(count("favouriteColour eq \"blue\"".into()).await, 0);

    // Precedence: not > and > or.
    let anna = format!("userName eq \"{first}\"");
    assert_eq!(
        count(format!("{anna} or active eq false and userName sw \"zzz\"")).await,
        1,
        "and binds tighter than or"
    );
    assert_eq!(
        count(format!(
            "({anna} or active eq false) and userName sw \"zzz\""
        ))
        .await,
        0
    );
    assert_eq!(count(format!("not ({anna}) and active eq true")).await, 42);
    assert_eq!(count(format!("not ({anna} or active eq false)")).await, 42);

    // Groups.
    let reply = get(
        &t,
        &token,
        "/Groups?filter=displayName%20eq%20%22engineering%22",
    )
    .await;
    assert_eq!(reply.body["totalResults"], 1);
    assert_eq!(reply.body["Resources"][0]["displayName"], "Engineering");
    let member_filter: String =
        form_urlencoded::byte_serialize(format!("members.value eq \"{id}\"").as_bytes()).collect();
    let reply = get(&t, &token, &format!("/Groups?filter={member_filter}")).await;
    assert_eq!(
        reply.body["totalResults"], 2,
        "All staff and one department"
    );
}

#[tokio::test]
async fn invalid_filter_is_400_invalid_filter() {
    let t = tenant().await;
    let token = fetch_token(&t).await;
    for bad in [
        "userName eq",
        "userName xx \"a\"",
        "(userName pr",
        "userName eq \"a",
    ] {
        let reply = get(&t, &token, &filter_path(bad)).await;
        reply.assert_scim_error(StatusCode::BAD_REQUEST, Some("invalidFilter"));
    }
}

// --- Writing users and groups ----------------------------------------------------

// --- Searching with POST (RFC 7644 §3.4.3) -----------------------------------------

const SEARCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

async fn search(t: &RunningTenant, token: &str, path: &str, request: Value) -> Reply {
    send(t, Some(token), Method::POST, path, Some(request)).await
}

fn search_request(members: Value) -> Value {
    let mut request = json!({"schemas": [SEARCH_SCHEMA]});
    if let (Some(request), Value::Object(members)) = (request.as_object_mut(), members) {
        request.extend(members);
    }
    request
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[tokio::test]
async fn search_answers_what_the_same_get_answers() {
    let t = tenant().await;
    let token = fetch_token(&t).await;
    let user_name = seeded_user_name(3);
    let cases = [
        (
            "Users",
            json!({"filter": format!("userName eq \"{user_name}\"")}),
            format!("filter={}", encode(&format!("userName eq \"{user_name}\""))),
        ),
        (
            "Users",
            json!({"startIndex": 5, "count": 3}),
            "startIndex=5&count=3".to_owned(),
        ),
        (
            "Users",
            json!({"attributes": ["userName", "name.givenName"], "count": 2}),
            "attributes=userName,name.givenName&count=2".to_owned(),
        ),
        (
            "Users",
            json!({"excludedAttributes": ["emails"], "filter": "active eq false",
                   "sortBy": "userName", "sortOrder": "descending"}),
            format!(
                "excludedAttributes=emails&filter={}&sortBy=userName&sortOrder=descending",
                encode("active eq false")
            ),
        ),
        ("Users", json!({"count": 0}), "count=0".to_owned()),
        ("Users", json!({}), String::new()),
        (
            "Groups",
            json!({"filter": format!("displayName eq \"{}\"", seeded_group_name(1)),
                   "excludedAttributes": ["members"]}),
            format!(
                "filter={}&excludedAttributes=members",
                encode(&format!("displayName eq \"{}\"", seeded_group_name(1)))
            ),
        ),
    ];
    for (resource, members, query) in cases {
        let searched = search(
            &t,
            &token,
            &format!("/{resource}/.search"),
            search_request(members.clone()),
        )
        .await;
        // §3.4.3: the answer is a ListResponse with 200, not a created resource.
        assert_eq!(
            searched.status,
            StatusCode::OK,
            "{members}: {}",
            searched.body
        );
        assert_eq!(searched.content_type(), SCIM_JSON);
        assert!(searched.header("location").is_none());
        let listed = get(&t, &token, &format!("/{resource}?{query}")).await;
        assert_eq!(listed.status, StatusCode::OK, "{query}: {}", listed.body);
        assert_eq!(
            searched.body, listed.body,
            "{resource} {members} vs ?{query}"
        );
    }
    // The search found what it was asked for, not simply everything.
    let one = search(
        &t,
        &token,
        "/Users/.search",
        search_request(json!({"filter": format!("USERNAME EQ \"{}\"", user_name.to_uppercase())})),
    )
    .await;
    assert_eq!(one.body["totalResults"], 1);
    assert_eq!(ids(&one.body), vec![seeded_user_id(3)]);
}

#[tokio::test]
async fn search_at_the_root_covers_users_then_groups() {
    let t = tenant().await;
    let token = fetch_token(&t).await;
    let all = search(&t, &token, "/.search", search_request(json!({}))).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert_eq!(all.body["totalResults"], 56);
    let users = ids(&get(&t, &token, "/Users").await.body);
    let groups = ids(&get(&t, &token, "/Groups").await.body);
    assert_eq!(ids(&all.body), [users.clone(), groups.clone()].concat());

    // A page that straddles the two resource types.
    let page = search(
        &t,
        &token,
        "/.search",
        search_request(json!({"startIndex": 50, "count": 2})),
    )
    .await;
    assert_eq!(page.body["totalResults"], 56);
    assert_eq!(page.body["startIndex"], 50);
    assert_eq!(ids(&page.body), vec![users[49].clone(), groups[0].clone()]);
    let page = search(
        &t,
        &token,
        "/.search",
        search_request(json!({"startIndex": 52, "count": 10})),
    )
    .await;
    assert_eq!(ids(&page.body), groups[1..].to_vec());

    // A filter applies to each type with its own attributes.
    let named = search(
        &t,
        &token,
        "/.search",
        search_request(json!({"filter": format!(
            "userName eq \"{}\" or displayName eq \"{}\"",
            seeded_user_name(7),
            seeded_group_name(2)
        )})),
    )
    .await;
    assert_eq!(named.body["totalResults"], 2, "{}", named.body);
    assert_eq!(
        ids(&named.body),
        vec![seeded_user_id(7), seeded_group_id(2)]
    );
}

#[tokio::test]
async fn bad_search_requests_are_rejected_as_the_rfc_says() {
    let t = tenant().await;
    let token = fetch_token(&t).await;
    let invalid_syntax = [
        json!({"filter": "userName pr"}),
        json!({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]}),
        json!(["not", "an", "object"]),
        search_request(json!({"count": "ten"})),
        search_request(json!({"startIndex": 1.5})),
        search_request(json!({"filter": {"userName": "x"}})),
        search_request(json!({"attributes": "userName"})),
        search_request(json!({"excludedAttributes": [true]})),
    ];
    for body in invalid_syntax {
        for path in ["/Users/.search", "/Groups/.search", "/.search"] {
            let reply = search(&t, &token, path, body.clone()).await;
            reply.assert_scim_error(StatusCode::BAD_REQUEST, Some("invalidSyntax"));
        }
    }
    let reply = send_raw(&t, &token, "/Users/.search", "{\"schemas\": [", SCIM_JSON).await;
    reply.assert_scim_error(StatusCode::BAD_REQUEST, Some("invalidSyntax"));
    for filter in ["userName eq", "userName xx \"a\"", "(active eq true"] {
        let reply = search(
            &t,
            &token,
            "/Users/.search",
            search_request(json!({"filter": filter})),
        )
        .await;
        reply.assert_scim_error(StatusCode::BAD_REQUEST, Some("invalidFilter"));
    }
    let reply = send_raw(&t, &token, "/Users/.search", "filter=x", "text/plain").await;
    reply.assert_scim_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, None);
    // Only POST searches; GET on the search path is not a lookup of a user ".search".
    let reply = get(&t, &token, "/Users/.search").await;
    reply.assert_scim_error(StatusCode::METHOD_NOT_ALLOWED, None);
    assert_eq!(reply.header("allow"), Some("POST"));
    // Authentication comes first, as everywhere else.
    let reply = send(
        &t,
        None,
        Method::POST,
        "/Users/.search",
        Some(search_request(json!({}))),
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

async fn send_raw(
    t: &RunningTenant,
    token: &str,
    path: &str,
    body: &str,
    content_type: &str,
) -> Reply {
    let response = client()
        .post(format!("{}{path}", t.scim_base_url()))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .header(CONTENT_TYPE, content_type)
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = serde_json::from_str(&response.text().await.unwrap()).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        body,
    }
}

fn new_user(user_name: &str) -> Value {
    json!({
        "schemas": [USER_SCHEMA, ENTERPRISE],
        "userName": user_name,
        "externalId": "ping-123",
        "name": {"givenName": "Grace", "familyName": "Hopper"},
        "displayName": "Grace Hopper",
        "emails": [{"value": user_name, "type": "work", "primary": true}],
        "active": true,
        "profileField_department": "Research",
        ENTERPRISE: {"department": "Research", "employeeNumber": "42"}
    })
}

#[tokio::test]
async fn create_get_and_uniqueness() {
    let t = tenant().await;
    let token = fetch_token(&t).await;
    let created = send(
        &t,
        Some(&token),
        Method::POST,
        "/Users",
        Some(new_user("Grace@Example.test")),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.content_type(), SCIM_JSON);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let location = created.header("location").unwrap().to_owned();
    assert_eq!(location, format!("{}/Users/{id}", t.scim_base_url()));
    assert_eq!(created.body["meta"]["location"], location);
    assert_eq!(created.body["meta"]["resourceType"], "User");
    assert!(created.body["meta"]["created"].is_string());
    assert_eq!(created.body["schemas"], json!([USER_SCHEMA, ENTERPRISE]));
    // Custom profile fields and the enterprise extension round-trip.
    let fetched = get(&t, &token, &format!("/Users/{id}")).await;
    assert_eq!(fetched.status, StatusCode::OK);
    assert_eq!(fetched.body["profileField_department"], "Research");
    assert_eq!(fetched.body[ENTERPRISE]["employeeNumber"], "42");
    assert_eq!(fetched.body["userName"], "Grace@Example.test");

    let duplicate = send(
        &t,
        Some(&token),
        Method::POST,
        "/Users",
        Some(new_user("grace@example.TEST")),
    )
    .await;
    duplicate.assert_scim_error(StatusCode::CONFLICT, Some("uniqueness"));
    // The seeded users count too.
    let duplicate = send(
        &t,
        Some(&token),
        Method::POST,
        "/Users",
        Some(new_user(&seeded_user_name(3).to_uppercase())),
    )
    .await;
    duplicate.assert_scim_error(StatusCode::CONFLICT, Some("uniqueness"));

    let no_name = send(
        &t,
        Some(&token),
        Method::POST,
        "/Users",
        Some(json!({"schemas": [USER_SCHEMA]})),
    )
    .await;
    no_name.assert_scim_error(StatusCode::BAD_REQUEST, Some("invalidValue"));
    let no_schemas = send(
        &t,
        Some(&token),
        Method::POST,
        "/Users",
        Some(json!({"userName": "x@y.test"})),
    )
    .await;
    no_schemas.assert_scim_error(StatusCode::BAD_REQUEST, Some("invalidValue"));
    let not_json = client()
        .post(format!("{}/Users", t.scim_base_url()))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .header(CONTENT_TYPE, SCIM_JSON)
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(not_json.status(), StatusCode::BAD_REQUEST);

    let missing = get(&t, &token, "/Users/does-not-exist").await;
    missing.assert_scim_error(StatusCode::NOT_FOUND, None);
    let missing = get(&t, &token, "/Groups/does-not-exist").await;
    missing.assert_scim_error(StatusCode::NOT_FOUND, None);

    assert_eq!(total(&t, &token, "/Users?count=0").await, 51);
}

#[tokio::test]
async fn put_replaces_but_keeps_id_and_created() {
    let t = tenant().await;
    let token = fetch_token(&t).await;
    let created = send(
        &t,
        Some(&token),
        Method::POST,
        "/Users",
        Some(new_user("put@x.test")),
    )
    .await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    let mut replacement = json!({
        "schemas": [USER_SCHEMA],
        "id": "an-attempt-to-change-the-id",
        "userName": "put.renamed@x.test",
        "displayName": "Renamed",
        "active": false
    });
    let replaced = send(
        &t,
        Some(&token),
        Method::PUT,
        &format!("/Users/{id}"),
        Some(replacement.clone()),
    )
    .await;
    assert_eq!(replaced.status, StatusCode::OK, "{}", replaced.body);
    assert_eq!(replaced.body["id"], id);
    assert_eq!(replaced.body["userName"], "put.renamed@x.test");
    assert_eq!(replaced.body["active"], false);
    assert!(
        replaced.body.get("emails").is_none(),
        "PUT replaces, not merges"
    );
    assert!(replaced.body.get(ENTERPRISE).is_none());
    assert_eq!(
        replaced.body["meta"]["created"],
        created.body["meta"]["created"]
    );
    assert_ne!(
        replaced.body["meta"]["version"],
        created.body["meta"]["version"]
    );

    replacement["userName"] = json!(seeded_user_name(0));
    let conflict = send(
        &t,
        Some(&token),
        Method::PUT,
        &format!("/Users/{id}"),
        Some(replacement.clone()),
    )
    .await;
    conflict.assert_scim_error(StatusCode::CONFLICT, Some("uniqueness"));
    let missing = send(
        &t,
        Some(&token),
        Method::PUT,
        "/Users/nope",
        Some(replacement),
    )
    .await;
    missing.assert_scim_error(StatusCode::NOT_FOUND, None);
}

#[tokio::test]
async fn patch_users() {
    let t = tenant().await;
    let token = fetch_token(&t).await;
    let first = get(&t, &token, "/Users?count=1").await;
    let id = first.body["Resources"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/Users/{id}");

    let patched = send(
        &t,
        Some(&token),
        Method::PATCH,
        &path,
        Some(json!({
            "schemas": [PATCH_SCHEMA],
            "Operations": [
                {"op": "Replace", "path": "active", "value": false},
                {"op": "replace", "path": "name.givenName", "value": "Annabel"},
                {"op": "add", "value": {"displayName": "Annabel Schmidt", "profileField_team": "Blue"}}
            ]
        })),
    )
    .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    assert_eq!(patched.body["active"], false);
    assert_eq!(patched.body["name"]["givenName"], "Annabel");
    assert_eq!(patched.body["name"]["familyName"], "Schmidt");
    assert_eq!(patched.body["displayName"], "Annabel Schmidt");
    assert_eq!(patched.body["profileField_team"], "Blue");
    assert_eq!(
        total(&t, &token, &filter_path("active eq false")).await,
        seeded_inactive_count(50) as u64 + 1
    );

    let reply = send(
        &t,
        Some(&token),
        Method::PATCH,
        &path,
        Some(json!({"schemas": [PATCH_SCHEMA], "Operations": [{"op": "remove"}]})),
    )
    .await;
    reply.assert_scim_error(StatusCode::BAD_REQUEST, Some("noTarget"));
    let reply = send(
        &t,
        Some(&token),
        Method::PATCH,
        &path,
        Some(json!({"schemas": [PATCH_SCHEMA], "Operations": [{"op": "frobnicate", "path": "active"}]})),
    )
    .await;
    reply.assert_scim_error(StatusCode::BAD_REQUEST, Some("invalidSyntax"));
    let reply = send(
        &t,
        Some(&token),
        Method::PATCH,
        &path,
        Some(json!({"schemas": [PATCH_SCHEMA], "Operations": [{"op": "replace", "path": "emails[type eq", "value": "x"}]})),
    )
    .await;
    reply.assert_scim_error(StatusCode::BAD_REQUEST, Some("invalidPath"));
    // A failing operation leaves the user untouched (PATCH is atomic).
    let reply = send(
        &t,
        Some(&token),
        Method::PATCH,
        &path,
        Some(json!({"schemas": [PATCH_SCHEMA], "Operations": [
            {"op": "replace", "path": "active", "value": true},
            {"op": "replace", "path": "active", "value": "yes"}
        ]})),
    )
    .await;
    reply.assert_scim_error(StatusCode::BAD_REQUEST, Some("invalidValue"));
    assert_eq!(get(&t, &token, &path).await.body["active"], false);
    // userName uniqueness holds for PATCH too.
    let reply = send(
        &t,
        Some(&token),
        Method::PATCH,
        &path,
        Some(json!({"schemas": [PATCH_SCHEMA], "Operations": [
            {"op": "replace", "path": "userName", "value": seeded_user_name(1).to_uppercase()}
        ]})),
    )
    .await;
    reply.assert_scim_error(StatusCode::CONFLICT, Some("uniqueness"));
}

fn patch_ops(operations: Value) -> Option<Value> {
    Some(json!({"schemas": [PATCH_SCHEMA], "Operations": operations}))
}

/// RFC 7644 §3.5.2.2: removing (or nulling) a required attribute, or one the tenant
/// always keeps, is 400 `mutability`, and the resource stays as it was.
#[tokio::test]
async fn patch_cannot_unassign_kept_attributes() {
    let t = tenant().await;
    let token = fetch_token(&t).await;
    // Seeded user 0 is active; deactivate it first so a silent default back to `true`
    // would show.
    let path = format!("/Users/{}", seeded_user_id(0));
    let deactivated = send(
        &t,
        Some(&token),
        Method::PATCH,
        &path,
        patch_ops(json!([{"op": "replace", "path": "active", "value": false}])),
    )
    .await;
    assert_eq!(deactivated.status, StatusCode::OK, "{}", deactivated.body);

    let refused = [
        json!([{"op": "remove", "path": "active"}]),
        json!([{"op": "remove", "path": "ACTIVE"}]),
        json!([{"op": "replace", "path": "active", "value": null}]),
        json!([{"op": "replace", "value": {"active": null}}]),
        json!([{"op": "remove", "path": "userName"}]),
        json!([{"op": "remove", "path": "urn:ietf:params:scim:schemas:core:2.0:User:userName"}]),
        json!([{"op": "replace", "path": "userName", "value": null}]),
        json!([{"op": "remove", "path": "id"}]),
        json!([{"op": "remove", "path": "meta"}]),
        // The whole request fails, even with a valid operation before the bad one.
        json!([{"op": "replace", "path": "displayName", "value": "Changed"},
               {"op": "remove", "path": "active"}]),
    ];
    for operations in refused {
        let reply = send(
            &t,
            Some(&token),
            Method::PATCH,
            &path,
            patch_ops(operations.clone()),
        )
        .await;
        reply.assert_scim_error(StatusCode::BAD_REQUEST, Some("mutability"));
        let detail = reply.body["detail"].as_str().unwrap();
        assert!(!detail.is_empty(), "{operations}");
    }
    let reply = send(
        &t,
        Some(&token),
        Method::PATCH,
        &path,
        patch_ops(json!([{"op": "remove", "path": "active"}])),
    )
    .await;
    let detail = reply.body["detail"].as_str().unwrap();
    assert!(detail.contains("'active'"), "{detail}");
    assert!(detail.contains("replace 'active' with false"), "{detail}");

    let user = get(&t, &token, &path).await;
    assert_eq!(user.body["active"], false, "{}", user.body);
    assert_eq!(user.body["userName"], seeded_user_name(0));
    assert_ne!(user.body["displayName"], "Changed");

    // Attributes the tenant does not insist on can still be removed.
    let removed = send(
        &t,
        Some(&token),
        Method::PATCH,
        &path,
        patch_ops(
            json!([{"op": "remove", "path": "displayName"}, {"op": "remove", "path": "name"}]),
        ),
    )
    .await;
    assert_eq!(removed.status, StatusCode::OK, "{}", removed.body);
    assert!(
        removed.body.get("displayName").is_none(),
        "{}",
        removed.body
    );
    assert!(removed.body.get("name").is_none(), "{}", removed.body);
    assert_eq!(removed.body["active"], false);

    // A group's displayName is required too; its members are not.
    let group_path = format!("/Groups/{}", seeded_group_id(0));
    let reply = send(
        &t,
        Some(&token),
        Method::PATCH,
        &group_path,
        patch_ops(json!([{"op": "remove", "path": "displayName"}])),
    )
    .await;
    reply.assert_scim_error(StatusCode::BAD_REQUEST, Some("mutability"));
    assert!(reply.body["detail"]
        .as_str()
        .unwrap()
        .contains("'displayName' is required"));
    let group = get(&t, &token, &group_path).await;
    assert_eq!(group.body["displayName"], seeded_group_name(0));
    let cleared = send(
        &t,
        Some(&token),
        Method::PATCH,
        &group_path,
        patch_ops(json!([{"op": "remove", "path": "members"}])),
    )
    .await;
    assert_eq!(cleared.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn group_membership_and_delete() {
    let t = tenant().await;
    let token = fetch_token(&t).await;
    let user = send(
        &t,
        Some(&token),
        Method::POST,
        "/Users",
        Some(new_user("member@x.test")),
    )
    .await;
    let user_id = user.body["id"].as_str().unwrap().to_owned();

    let group = send(
        &t,
        Some(&token),
        Method::POST,
        "/Groups",
        Some(json!({"schemas": [GROUP_SCHEMA], "displayName": "Pilots", "members": []})),
    )
    .await;
    assert_eq!(group.status, StatusCode::CREATED, "{}", group.body);
    let group_id = group.body["id"].as_str().unwrap().to_owned();
    let group_path = format!("/Groups/{group_id}");
    let duplicate = send(
        &t,
        Some(&token),
        Method::POST,
        "/Groups",
        Some(json!({"schemas": [GROUP_SCHEMA], "displayName": "PILOTS"})),
    )
    .await;
    duplicate.assert_scim_error(StatusCode::CONFLICT, Some("uniqueness"));

    let add = send(
        &t,
        Some(&token),
        Method::PATCH,
        &group_path,
        Some(json!({"schemas": [PATCH_SCHEMA], "Operations": [
            {"op": "add", "path": "members", "value": [{"value": user_id}]}
        ]})),
    )
    .await;
    // Group PATCH answers 204 (RFC 7644 §3.5.2 allows it)...
    assert_eq!(add.status, StatusCode::NO_CONTENT, "{}", add.body);
    let group = get(&t, &token, &group_path).await;
    assert_eq!(group.body["members"][0]["value"], user_id);
    assert_eq!(group.body["members"][0]["type"], "User");
    assert_eq!(group.body["members"][0]["display"], "Grace Hopper");
    assert_eq!(group.body["meta"]["version"], "W/\"2\"");

    let unknown = send(
        &t,
        Some(&token),
        Method::PATCH,
        &group_path,
        Some(json!({"schemas": [PATCH_SCHEMA], "Operations": [
            {"op": "add", "path": "members", "value": [{"value": "no-such-user"}]}
        ]})),
    )
    .await;
    unknown.assert_scim_error(StatusCode::BAD_REQUEST, Some("invalidValue"));

    let remove = send(
        &t,
        Some(&token),
        Method::PATCH,
        &group_path,
        Some(json!({"schemas": [PATCH_SCHEMA], "Operations": [
            {"op": "remove", "path": format!("members[value eq \"{user_id}\"]")}
        ]})),
    )
    .await;
    assert_eq!(remove.status, StatusCode::NO_CONTENT, "{}", remove.body);
    assert!(get(&t, &token, &group_path)
        .await
        .body
        .get("members")
        .is_none());

    // Re-add, then delete the user: the membership goes with it. ...and 200 with
    // the group when the client names the attributes it wants back.
    let replace = send(
        &t,
        Some(&token),
        Method::PATCH,
        &format!("{group_path}?attributes=members,displayName"),
        Some(json!({"schemas": [PATCH_SCHEMA], "Operations": [
            {"op": "replace", "path": "members", "value": [{"value": user_id}]},
            {"op": "replace", "path": "displayName", "value": "Test pilots"}
        ]})),
    )
    .await;
    assert_eq!(replace.status, StatusCode::OK, "{}", replace.body);
    assert_eq!(replace.body["members"].as_array().unwrap().len(), 1);
    assert_eq!(replace.body["displayName"], "Test pilots");
    assert!(replace.body.get("meta").is_none());
    let all_staff_members = |body: &Value| body["members"].as_array().unwrap().len();
    let all_staff = get(
        &t,
        &token,
        "/Groups?filter=displayName%20eq%20%22All%20staff%22",
    )
    .await;
    let all_staff_id = all_staff.body["Resources"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let seeded_user = get(&t, &token, "/Users?count=1").await.body["Resources"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let deleted = send(
        &t,
        Some(&token),
        Method::DELETE,
        &format!("/Users/{user_id}"),
        None,
    )
    .await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let group = get(&t, &token, &group_path).await;
    assert!(group.body.get("members").is_none() || group.body["members"] == json!([]));
    assert_eq!(
        get(&t, &token, &format!("/Users/{user_id}")).await.status,
        StatusCode::NOT_FOUND
    );
    let again = send(
        &t,
        Some(&token),
        Method::DELETE,
        &format!("/Users/{user_id}"),
        None,
    )
    .await;
    again.assert_scim_error(StatusCode::NOT_FOUND, None);

    let before = all_staff_members(
        &get(&t, &token, &format!("/Groups/{all_staff_id}"))
            .await
            .body,
    );
    send(
        &t,
        Some(&token),
        Method::DELETE,
        &format!("/Users/{seeded_user}"),
        None,
    )
    .await;
    let after = all_staff_members(
        &get(&t, &token, &format!("/Groups/{all_staff_id}"))
            .await
            .body,
    );
    assert_eq!(after, before - 1);

    let deleted = send(&t, Some(&token), Method::DELETE, &group_path, None).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(
        get(&t, &token, &group_path).await.status,
        StatusCode::NOT_FOUND
    );
}

// --- Discovery and routing -------------------------------------------------------

#[tokio::test]
async fn discovery_endpoints() {
    let t = tenant().await;
    let token = fetch_token(&t).await;
    let spc = get(&t, &token, "/ServiceProviderConfig").await;
    assert_eq!(spc.status, StatusCode::OK);
    assert_eq!(spc.content_type(), SCIM_JSON);
    assert_eq!(spc.body["patch"]["supported"], true);
    assert_eq!(
        spc.body["bulk"],
        json!({"supported": false, "maxOperations": 0, "maxPayloadSize": 0})
    );
    assert_eq!(
        spc.body["filter"],
        json!({"supported": true, "maxResults": 1000})
    );
    assert_eq!(spc.body["changePassword"]["supported"], false);
    assert_eq!(spc.body["sort"]["supported"], false);
    assert_eq!(spc.body["etag"]["supported"], false);
    assert_eq!(
        spc.body["authenticationSchemes"][0]["type"],
        "oauthbearertoken"
    );

    let schemas = get(&t, &token, "/Schemas").await;
    assert_eq!(schemas.body["totalResults"], 3);
    let ids: Vec<&str> = schemas.body["Resources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec![USER_SCHEMA, ENTERPRISE, GROUP_SCHEMA]);
    let user_schema = get(&t, &token, &format!("/Schemas/{USER_SCHEMA}")).await;
    assert_eq!(user_schema.body["attributes"][0]["name"], "userName");

    let types = get(&t, &token, "/ResourceTypes").await;
    assert_eq!(types.body["totalResults"], 2);
    let user_type = &types.body["Resources"][0];
    assert_eq!(user_type["endpoint"], "/Users");
    assert_eq!(user_type["schema"], USER_SCHEMA);
    assert_eq!(user_type["schemaExtensions"][0]["schema"], ENTERPRISE);
    assert_eq!(
        get(&t, &token, "/ResourceTypes/Group").await.body["endpoint"],
        "/Groups"
    );
}

#[tokio::test]
async fn routing_limits_and_request_count() {
    let t = tenant().await;
    let before = t.request_count();
    let token = fetch_token(&t).await;
    get(&t, &token, "/Nope")
        .await
        .assert_scim_error(StatusCode::NOT_FOUND, None);
    get(&t, &token, "/Users/")
        .await
        .assert_scim_error(StatusCode::NOT_FOUND, None);
    let reply = send(&t, Some(&token), Method::DELETE, "/Users", None).await;
    reply.assert_scim_error(StatusCode::METHOD_NOT_ALLOWED, None);

    let other = client()
        .get(format!("{}/api/other", t.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    assert!(other.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
    let login = client()
        .get(format!("{}/login", t.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::OK);
    assert!(login.text().await.unwrap().contains("<form"));

    let huge =
        json!({"schemas": [USER_SCHEMA], "userName": "big@x.test", "blob": "x".repeat(1_100_000)});
    let reply = send(&t, Some(&token), Method::POST, "/Users", Some(huge)).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);

    let wrong_type = client()
        .post(format!("{}/Users", t.scim_base_url()))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .header(CONTENT_TYPE, "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    assert_eq!(t.request_count() - before, 8);
}

#[tokio::test]
async fn shutdown_stops_serving() {
    let t = tenant().await;
    let url = format!("{}/login", t.base_url());
    assert!(client().get(&url).send().await.is_ok());
    t.shutdown().await;
    assert!(client().get(&url).send().await.is_err());

    let t = tenant().await;
    let url = format!("{}/login", t.base_url());
    drop(t);
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        if Client::new().get(&url).send().await.is_err() {
            break;
        }
        assert!(Instant::now() < deadline, "still serving after drop");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

// --- Faults ----------------------------------------------------------------------

#[tokio::test]
async fn fault_latency() {
    let t = tenant_with(vec![Fault::Latency(Duration::from_millis(150))]).await;
    let started = Instant::now();
    let response = client()
        .get(format!("{}/login", t.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn fault_rate_limit() {
    let t = tenant_with(vec![Fault::RateLimitEvery {
        nth: 3,
        retry_after_secs: 5,
    }])
    .await;
    let token = fetch_token(&t).await; // request 1
    assert_eq!(
        get(&t, &token, "/Users?count=1").await.status,
        StatusCode::OK
    ); // 2
    let limited = get(&t, &token, "/Users?count=1").await; // 3
    limited.assert_scim_error(StatusCode::TOO_MANY_REQUESTS, None);
    assert_eq!(limited.header("retry-after"), Some("5"));
    assert_eq!(
        get(&t, &token, "/Users?count=1").await.status,
        StatusCode::OK
    ); // 4
    assert_eq!(
        get(&t, &token, "/Users?count=1").await.status,
        StatusCode::OK
    ); // 5
    let response =
        token_request(&t, Some(basic(t.client_id(), t.client_secret())), cc_form()).await; // 6
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(response.headers()["retry-after"], "5");
    let body: Value = response.json().await.unwrap();
    assert!(body["error"].is_string());
    assert_eq!(t.request_count(), 6);
}

#[tokio::test]
async fn fault_server_error() {
    let t = tenant_with(vec![Fault::ServerErrorEvery(2)]).await;
    let token = fetch_token(&t).await; // 1
    let failed = get(&t, &token, "/Users").await; // 2
    failed.assert_scim_error(StatusCode::INTERNAL_SERVER_ERROR, None);
    assert_eq!(get(&t, &token, "/Users").await.status, StatusCode::OK); // 3
    let response =
        token_request(&t, Some(basic(t.client_id(), t.client_secret())), cc_form()).await; // 4
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);

    let t = tenant_with(vec!["server-error".parse().unwrap()]).await;
    let response =
        token_request(&t, Some(basic(t.client_id(), t.client_secret())), cc_form()).await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
}

#[tokio::test]
async fn fault_token_login_page_and_redirect() {
    let t = tenant_with(vec![Fault::TokenLoginPage]).await;
    let response =
        token_request(&t, Some(basic(t.client_id(), t.client_secret())), cc_form()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(response.text().await.unwrap().contains("Sign in"));

    let t = tenant_with(vec![Fault::TokenRedirectToLogin]).await;
    let response =
        token_request(&t, Some(basic(t.client_id(), t.client_secret())), cc_form()).await;
    assert_eq!(response.status(), StatusCode::FOUND);
    assert_eq!(
        response.headers()["location"],
        "/login?redirect=%2Fapi%2Foauth%2Ftoken"
    );
}

#[tokio::test]
async fn fault_token_without_access_token() {
    let t = tenant_with(vec![Fault::TokenMissingAccessToken]).await;
    let response =
        token_request(&t, Some(basic(t.client_id(), t.client_secret())), cc_form()).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert!(body.get("access_token").is_none());
    assert_eq!(body["token_type"], "Bearer");
    assert!(body["expires_in"].is_u64());
}

#[tokio::test]
async fn fault_scim_login_page_and_redirect() {
    let t = tenant_with(vec![Fault::ScimLoginPage]).await;
    let token = fetch_token(&t).await;
    for token in [Some(token.as_str()), None] {
        let reply = send(&t, token, Method::GET, "/Users", None).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.content_type().starts_with("text/html"));
    }

    let t = tenant_with(vec![Fault::ScimRedirectToLogin]).await;
    let token = fetch_token(&t).await;
    let reply = get(&t, &token, "/Users").await;
    assert_eq!(reply.status, StatusCode::FOUND);
    assert!(reply
        .header("location")
        .unwrap()
        .starts_with("/login?redirect="));
}

#[tokio::test]
async fn fault_scim_forbidden() {
    let t = tenant_with(vec![Fault::ScimForbidden]).await;
    let token = fetch_token(&t).await;
    let reply = get(&t, &token, "/Users").await;
    reply.assert_scim_error(StatusCode::FORBIDDEN, None);
    assert!(reply.body["detail"].as_str().unwrap().contains("inactive"));
    // Without a token it is still 401: authentication comes first.
    let reply = send(&t, None, Method::GET, "/Users", None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn fault_filter_ignored() {
    let t = tenant_with(vec![Fault::FilterIgnored]).await;
    let token = fetch_token(&t).await;
    let filter = filter_path(&format!("userName eq \"{}\"", seeded_user_name(0)));
    assert_eq!(total(&t, &token, &filter).await, 50);
    let spc = get(&t, &token, "/ServiceProviderConfig").await;
    assert_eq!(spc.body["filter"]["supported"], false);
}

fn faults(names: &[&str]) -> Vec<Fault> {
    names.iter().map(|name| name.parse().unwrap()).collect()
}

async fn status(t: &RunningTenant, token: &str, path: &str) -> StatusCode {
    get(t, token, path).await.status
}

/// The injected 500 of the list faults: a SCIM Error without scimType.
async fn assert_list_fails(t: &RunningTenant, token: &str, path: &str) {
    let reply = get(t, token, path).await;
    reply.assert_scim_error(StatusCode::INTERNAL_SERVER_ERROR, None);
}

fn user_name_filter(user_name: &str) -> String {
    filter_path(&format!("userName eq \"{user_name}\""))
}

#[tokio::test]
async fn fault_count_broken() {
    let t = tenant_with(faults(&["count-broken"])).await;
    let token = fetch_token(&t).await;
    for path in [
        "/Users?count=10".to_owned(),
        "/Users?startIndex=1&count=10".to_owned(),
        "/Users?COUNT=0".to_owned(),
        "/Groups?count=1".to_owned(),
        format!("{}&count=1", user_name_filter(&seeded_user_name(0))),
    ] {
        assert_list_fails(&t, &token, &path).await;
    }
    let reply = search(
        &t,
        &token,
        "/Users/.search",
        search_request(json!({"count": 5})),
    )
    .await;
    reply.assert_scim_error(StatusCode::INTERNAL_SERVER_ERROR, None);
    // Without count everything works.
    assert_eq!(total(&t, &token, "/Users").await, 50);
    assert_eq!(total(&t, &token, "/Users?startIndex=2").await, 50);
    assert_eq!(total(&t, &token, "/Groups").await, 6);
    assert_eq!(
        total(&t, &token, &user_name_filter(&seeded_user_name(0))).await,
        1
    );
    let path = format!("/Users/{}", seeded_user_id(0));
    assert_eq!(status(&t, &token, &path).await, StatusCode::OK);
    let reply = search(&t, &token, "/Users/.search", search_request(json!({}))).await;
    assert_eq!(reply.body["totalResults"], 50);
}

#[tokio::test]
async fn fault_start_index_broken() {
    let t = tenant_with(faults(&["start-index-broken"])).await;
    let token = fetch_token(&t).await;
    for path in [
        "/Users?startIndex=1".to_owned(),
        "/Users?startIndex=1&count=10".to_owned(),
        "/Groups?startIndex=1".to_owned(),
        format!("{}&startIndex=1", user_name_filter(&seeded_user_name(0))),
    ] {
        assert_list_fails(&t, &token, &path).await;
    }
    let reply = search(
        &t,
        &token,
        "/.search",
        search_request(json!({"startIndex": 1})),
    )
    .await;
    reply.assert_scim_error(StatusCode::INTERNAL_SERVER_ERROR, None);
    let page = get(&t, &token, "/Users?count=10").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.body["itemsPerPage"], 10);
    assert_eq!(total(&t, &token, "/Groups?count=2").await, 6);
    assert_eq!(
        total(&t, &token, &user_name_filter(&seeded_user_name(4))).await,
        1
    );
}

#[tokio::test]
async fn fault_list_server_error() {
    let t = tenant_with(faults(&["list-server-error"])).await;
    let token = fetch_token(&t).await;
    for path in [
        "/Users",
        "/Users?startIndex=1&count=10",
        "/Users?count=1",
        "/Users?filter=",
        "/Users?filter=%20%20",
    ] {
        assert_list_fails(&t, &token, path).await;
    }
    for path in ["/Users/.search", "/.search"] {
        let reply = search(&t, &token, path, search_request(json!({"count": 1}))).await;
        reply.assert_scim_error(StatusCode::INTERNAL_SERVER_ERROR, None);
    }
    // Filtered lookups work, with or without paging, and so do groups and single users.
    assert_eq!(
        total(&t, &token, &user_name_filter(&seeded_user_name(2))).await,
        1
    );
    let paged = format!("{}&startIndex=1&count=10", filter_path("active eq false"));
    assert_eq!(
        total(&t, &token, &paged).await,
        seeded_inactive_count(50) as u64
    );
    let reply = search(
        &t,
        &token,
        "/Users/.search",
        search_request(json!({"filter": format!("userName eq \"{}\"", seeded_user_name(2))})),
    )
    .await;
    assert_eq!(ids(&reply.body), vec![seeded_user_id(2)]);
    assert_eq!(total(&t, &token, "/Groups?startIndex=1&count=10").await, 6);
    let path = format!("/Users/{}", seeded_user_id(2));
    assert_eq!(status(&t, &token, &path).await, StatusCode::OK);
}

#[tokio::test]
async fn fault_username_case_sensitive() {
    // Seeded userNames are lower case.
    let user_name = seeded_user_name(5);
    let shouted = user_name.to_uppercase();
    let pingone_lookup = filter_path(&format!("username Eq \"{shouted}\""));

    // Without the fault userName is caseExact false (RFC 7643 §4.1.1).
    let t = tenant().await;
    let token = fetch_token(&t).await;
    assert_eq!(total(&t, &token, &pingone_lookup).await, 1);

    let t = tenant_with(faults(&["username-case-sensitive"])).await;
    let token = fetch_token(&t).await;
    assert_eq!(total(&t, &token, &user_name_filter(&user_name)).await, 1);
    assert_eq!(total(&t, &token, &pingone_lookup).await, 0);
    // The scanned (not indexed) forms compare exactly too.
    let scanned = |name: &str| filter_path(&format!("userName eq \"{name}\" and active pr"));
    assert_eq!(total(&t, &token, &scanned(&user_name)).await, 1);
    assert_eq!(total(&t, &token, &scanned(&shouted)).await, 0);
    let prefix = &shouted[..4];
    assert_eq!(
        total(
            &t,
            &token,
            &filter_path(&format!("userName sw \"{prefix}\""))
        )
        .await,
        0
    );
    let search_reply = search(
        &t,
        &token,
        "/Users/.search",
        search_request(json!({"filter": format!("userName eq \"{shouted}\"")})),
    )
    .await;
    assert_eq!(search_reply.body["totalResults"], 0);
    // Other attributes keep their schema's rules.
    let display = get(&t, &token, &format!("/Users/{}", seeded_user_id(5)))
        .await
        .body["displayName"]
        .as_str()
        .unwrap()
        .to_uppercase();
    assert_eq!(
        total(
            &t,
            &token,
            &filter_path(&format!("displayName eq \"{display}\""))
        )
        .await,
        1
    );

    // Uniqueness stays case-insensitive: the lookup misses the user, the create then
    // collides with it, which is how this defect shows in provisioning.
    let created = send(
        &t,
        Some(&token),
        Method::POST,
        "/Users",
        Some(new_user("Mixed.Case@x.test")),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(
        total(&t, &token, &user_name_filter("mixed.case@x.test")).await,
        0
    );
    assert_eq!(
        total(&t, &token, &user_name_filter("Mixed.Case@x.test")).await,
        1
    );
    let again = send(
        &t,
        Some(&token),
        Method::POST,
        "/Users",
        Some(new_user("mixed.case@x.test")),
    )
    .await;
    again.assert_scim_error(StatusCode::CONFLICT, Some("uniqueness"));
}

#[tokio::test]
async fn fault_groups_not_found() {
    let t = tenant_with(faults(&["groups-not-found"])).await;
    let token = fetch_token(&t).await;
    let group = format!("/Groups/{}", seeded_group_id(0));
    for (method, path, body) in [
        (Method::GET, "/Groups".to_owned(), None),
        (
            Method::GET,
            "/Groups?startIndex=1&count=10".to_owned(),
            None,
        ),
        (Method::GET, group.clone(), None),
        (Method::GET, "/Groups/no-such-id".to_owned(), None),
        (
            Method::POST,
            "/Groups".to_owned(),
            Some(json!({"schemas": [GROUP_SCHEMA], "displayName": "New"})),
        ),
        (
            Method::PATCH,
            group.clone(),
            patch_ops(json!([{"op": "remove", "path": "members"}])),
        ),
        (Method::DELETE, group.clone(), None),
        (
            Method::POST,
            "/Groups/.search".to_owned(),
            Some(search_request(json!({}))),
        ),
    ] {
        let reply = send(&t, Some(&token), method.clone(), &path, body).await;
        reply.assert_scim_error(StatusCode::NOT_FOUND, None);
        assert!(
            reply.body["detail"]
                .as_str()
                .unwrap()
                .contains("no SCIM endpoint"),
            "{method} {path}: {}",
            reply.body
        );
    }
    // Everything else is fine.
    assert_eq!(total(&t, &token, "/Users?startIndex=1&count=10").await, 50);
    assert_eq!(
        total(&t, &token, &user_name_filter(&seeded_user_name(0))).await,
        1
    );
    let path = format!("/Users/{}", seeded_user_id(0));
    assert_eq!(status(&t, &token, &path).await, StatusCode::OK);
    assert_eq!(
        status(&t, &token, "/ServiceProviderConfig").await,
        StatusCode::OK
    );
    let root = search(&t, &token, "/.search", search_request(json!({}))).await;
    assert_eq!(root.body["totalResults"], 50, "users only: {}", root.body);
    // Authentication still comes first.
    let reply = send(&t, None, Method::GET, "/Groups", None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn fault_combo_count_broken_and_filter_ignored() {
    let t = tenant_with(faults(&["count-broken", "filter-ignored"])).await;
    let token = fetch_token(&t).await;
    assert_list_fails(&t, &token, "/Users?count=10").await;
    assert_list_fails(&t, &token, "/Users?startIndex=1&count=10").await;
    // The lookup PingOne makes has no count, so it runs, and answers every user.
    let lookup = get(&t, &token, &user_name_filter("x@nowhere.test")).await;
    assert_eq!(lookup.status, StatusCode::OK);
    assert_eq!(lookup.body["totalResults"], 50);
    assert_eq!(lookup.body["itemsPerPage"], 50);
    assert_eq!(total(&t, &token, "/Users").await, 50);
}

#[tokio::test]
async fn fault_combo_start_index_broken_and_username_case_sensitive() {
    let t = tenant_with(faults(&["start-index-broken", "username-case-sensitive"])).await;
    let token = fetch_token(&t).await;
    let user_name = seeded_user_name(9);
    assert_list_fails(&t, &token, "/Users?startIndex=1&count=10").await;
    assert_list_fails(
        &t,
        &token,
        &format!("{}&startIndex=1", user_name_filter(&user_name)),
    )
    .await;
    assert_eq!(total(&t, &token, "/Users?count=10").await, 50);
    assert_eq!(total(&t, &token, &user_name_filter(&user_name)).await, 1);
    assert_eq!(
        total(&t, &token, &user_name_filter(&user_name.to_uppercase())).await,
        0
    );
}

#[tokio::test]
async fn fault_combo_list_server_error_with_working_lookups() {
    let t = tenant_with(faults(&["list-server-error", "latency=10ms"])).await;
    let token = fetch_token(&t).await;
    assert_list_fails(&t, &token, "/Users?startIndex=1&count=10").await;
    assert_list_fails(&t, &token, "/Users").await;
    let lookup = get(
        &t,
        &token,
        &user_name_filter(&seeded_user_name(1).to_uppercase()),
    )
    .await;
    assert_eq!(lookup.status, StatusCode::OK);
    assert_eq!(ids(&lookup.body), vec![seeded_user_id(1)]);
    assert_eq!(
        total(&t, &token, &user_name_filter("nobody@nowhere.test")).await,
        0
    );
}

#[tokio::test]
async fn fault_all_list_faults_at_once() {
    let t = tenant_with(faults(&[
        "count-broken",
        "start-index-broken",
        "list-server-error",
        "username-case-sensitive",
        "groups-not-found",
        "filter-ignored",
    ]))
    .await;
    let token = fetch_token(&t).await;
    assert_list_fails(&t, &token, "/Users").await;
    assert_list_fails(&t, &token, "/Users?count=1").await;
    assert_list_fails(
        &t,
        &token,
        &format!("{}&count=1", user_name_filter("a@b.test")),
    )
    .await;
    assert_list_fails(
        &t,
        &token,
        &format!("{}&startIndex=1", user_name_filter("a@b.test")),
    )
    .await;
    // A bare filtered lookup passes every list fault; then its filter is ignored.
    assert_eq!(total(&t, &token, &user_name_filter("A@B.TEST")).await, 50);
    get(&t, &token, "/Groups")
        .await
        .assert_scim_error(StatusCode::NOT_FOUND, None);
    let path = format!("/Users/{}", seeded_user_id(0));
    assert_eq!(status(&t, &token, &path).await, StatusCode::OK);
}
