//! Generators shared by the property tests: text of every kind (unicode, control characters,
//! very long), address-shaped text built from the pieces admins really paste, and JSON of
//! any shape with a bias towards the keys the parsers look for.
//!
//! How many cases each property runs comes from `PROPTEST_CASES` (proptest reads it itself);
//! without it, 256. `make fuzz` sets it to 100 000.

#![allow(dead_code)] // each test file uses a different part of this module

use proptest::prelude::*;
use serde_json::{Map, Value};

/// Any characters at all, control characters and unpaired-looking unicode included.
pub fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(any::<char>(), 0..48).prop_map(String::from_iter),
        3 => "[ -~]{0,64}",
        2 => prop::collection::vec(tricky_char(), 0..48).prop_map(String::from_iter),
        1 => prop::collection::vec(any::<char>(), 0..4096).prop_map(String::from_iter),
    ]
}

/// Characters that parsers of addresses and JSON treat specially.
pub fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        prop::sample::select(vec![
            '.',
            ':',
            '/',
            '\\',
            '@',
            '?',
            '#',
            '%',
            '[',
            ']',
            '=',
            '&',
            '+',
            ' ',
            '\t',
            '\n',
            '\r',
            '\0',
            '\u{7f}',
            '"',
            '\'',
            '<',
            '>',
            '`',
            '*',
            ',',
            '-',
            '_',
            '~',
            '\u{00A0}',
            '\u{200B}',
            '\u{FEFF}',
            '\u{3002}',
            '\u{FF0E}',
            'ß',
            'ü',
            'İ',
            'K',
            '\u{212A}',
            '²',
            '\u{0301}',
            '\u{202E}',
            '\u{1F600}',
        ]),
        proptest::char::range('a', 'z'),
        proptest::char::range('0', '9'),
    ]
}

/// A DNS-ish label, mostly valid, sometimes not.
pub fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => "[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?",
        2 => "[A-Za-z0-9-]{1,12}",
        1 => "xn--[a-z0-9-]{1,10}",
        1 => "[a-zäöüßéİ²-]{1,8}",
        1 => "[a-z]{60,66}",
        1 => prop::collection::vec(tricky_char(), 1..6).prop_map(String::from_iter),
    ]
}

pub fn host() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::collection::vec(label(), 1..5).prop_map(|labels| labels.join(".")),
        1 => (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>())
            .prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}")),
        1 => any::<[u16; 8]>().prop_map(|s| format!("[{}]", std::net::Ipv6Addr::from(s))),
        1 => prop::sample::select(vec![
            "localhost".to_string(), "LOCALHOST".into(), "127.0.0.1".into(), "[::1]".into(),
            "127.1".into(), "0x7f.1".into(), "[::ffff:127.0.0.1]".into(), "localhost.".into(),
            "acme.haiilo.app".into(), "ACME.Haiilo.App.".into(), "bücher.example".into(),
        ]),
    ]
}

/// Text shaped like what admins paste into the domain or URL fields: scheme, credentials,
/// host, port, path, query and fragment, each optional and each sometimes malformed.
pub fn address() -> impl Strategy<Value = String> {
    let scheme = prop::sample::select(vec![
        "",
        "",
        "https://",
        "http://",
        "HTTPS://",
        "Http://",
        "//",
        "ftp://",
        "https:/",
        "https:",
        "h t t p://",
        "1http://",
    ]);
    let userinfo = prop::sample::select(vec![
        "",
        "",
        "",
        "user@",
        "user:pass@",
        ":pw@",
        "a@b@",
        "jane.doe@",
        "@",
    ]);
    let port = prop_oneof![
        3 => Just(String::new()),
        1 => (0u32..70_000).prop_map(|p| format!(":{p}")),
        1 => "[:][a-z0-9]{0,4}",
    ];
    let path = prop::collection::vec(
        prop::sample::select(vec![
            "/",
            "//",
            "/api",
            "/scim",
            "/v2",
            "/Users",
            "/users",
            "/Groups",
            "/api/scim/v2",
            "/api/oauth/token",
            "\\",
            "/coyo",
            "/%2e%2e",
            "/.",
            "/..",
            "/ä",
        ]),
        0..5,
    )
    .prop_map(|parts| parts.concat());
    let query = prop::sample::select(vec![
        "",
        "",
        "",
        "?",
        "?lang=en",
        "?client_secret=abc",
        "?Token=x",
        "?a=b&password=c",
        "?%41ccess_token=z",
        "?key",
    ]);
    let fragment = prop::sample::select(vec!["", "", "#", "#/timeline", "#a?b"]);
    let wrap = prop::sample::select(vec![
        ("", ""),
        ("", ""),
        ("", ""),
        (" ", "\n"),
        ("\"", "\""),
        ("<", ">"),
        ("\u{200B}", ""),
        ("\u{00A0}", "\u{00A0}"),
        ("'", "'"),
        ("`", "`"),
    ]);
    (scheme, userinfo, host(), port, path, query, fragment, wrap).prop_map(
        |(scheme, userinfo, host, port, path, query, fragment, (open, close))| {
            format!("{open}{scheme}{userinfo}{host}{port}{path}{query}{fragment}{close}")
        },
    )
}

/// Keys the parsers read, so generated objects often hit the interesting shapes.
const KEYS: &[&str] = &[
    "access_token",
    "token_type",
    "expires_in",
    "scope",
    "error",
    "error_description",
    "error_uri",
    "totalResults",
    "Resources",
    "startIndex",
    "itemsPerPage",
    "schemas",
    "status",
    "scimType",
    "detail",
    "id",
    "userName",
    "name",
    "formatted",
    "givenName",
    "familyName",
    "displayName",
    "active",
    "alg",
    "iss",
    "aud",
    "exp",
];

pub fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(KEYS).prop_map(str::to_string),
        1 => any_text(),
    ]
}

fn json_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<u64>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (0u64..100).prop_map(Value::from),
        any::<f64>().prop_map(Value::from), // NaN and infinities become null
    ]
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        json_number(),
        any_text().prop_map(Value::String),
        prop::sample::select(vec![
            "urn:ietf:params:scim:api:messages:2.0:Error",
            "urn:ietf:params:scim:api:messages:2.0:ListResponse",
            "Bearer",
            "3600",
            "-1",
            "",
        ])
        .prop_map(|s| Value::String(s.to_string())),
    ]
}

/// JSON of any shape, nested up to a few levels.
pub fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(4, 48, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec((json_key(), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A JSON object whose members are mostly the given keys with values of any shape.
pub fn json_object_with(keys: &'static [&'static str]) -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        5 => prop::sample::select(keys).prop_map(str::to_string),
        1 => json_key(),
    ];
    prop::collection::vec((key, json_value()), 0..8)
        .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>()))
}

/// Bytes a server might send: JSON text (sometimes cut short or deeply nested) or garbage.
pub fn body_bytes(json: impl Strategy<Value = Value>) -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => json.prop_map(|v| v.to_string().into_bytes()),
        2 => prop::collection::vec(any::<u8>(), 0..256),
        1 => any_text().prop_map(String::into_bytes),
        1 => (1usize..20_000).prop_map(|depth| {
            let mut s = "[".repeat(depth);
            s.push_str(&"]".repeat(depth));
            s.into_bytes()
        }),
        1 => (json_value(), any::<prop::sample::Index>()).prop_map(|(v, cut)| {
            let text = v.to_string().into_bytes();
            let at = cut.index(text.len() + 1);
            text[..at].to_vec()
        }),
    ]
}
