//! Query parameters and the ListResponse of list endpoints (RFC 7644 §3.4.2).

use serde::Serialize;

use crate::error::{ScimError, ScimType};
use crate::projection::{parse_selection, Selection};
use crate::schema::LIST_RESPONSE_SCHEMA;

/// Page size when the client doesn't ask for one.
pub(crate) const DEFAULT_COUNT: usize = 100;
/// Largest page served (advertised as `filter.maxResults`).
pub(crate) const MAX_COUNT: usize = 1000;

/// Decoded query parameters, names compared case-insensitively.
pub(crate) struct QueryParams(Vec<(String, String)>);

impl QueryParams {
    pub fn parse(raw: Option<&str>) -> Self {
        let pairs = raw
            .map(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        Self(pairs)
    }

    /// Parameters built from something other than a query string (a SearchRequest).
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        Self(pairs)
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn selection(&self) -> Result<Option<Selection>, ScimError> {
        parse_selection(self.get("attributes"), self.get("excludedAttributes"))
    }
}

/// Paging and filtering asked for by a list request.
pub(crate) struct ListQuery {
    pub filter: Option<String>,
    /// 1-based.
    pub start_index: usize,
    pub count: usize,
    pub selection: Option<Selection>,
}

fn integer(params: &QueryParams, name: &str) -> Result<Option<i64>, ScimError> {
    match params.get(name) {
        None => Ok(None),
        Some(text) => text.trim().parse::<i64>().map(Some).map_err(|_| {
            ScimError::bad_request(
                ScimType::InvalidValue,
                format!("'{name}' must be an integer, not '{text}'"),
            )
        }),
    }
}

impl ListQuery {
    pub fn parse(params: &QueryParams) -> Result<Self, ScimError> {
        // RFC 7644 §3.4.2.4: startIndex below 1 means 1; a negative count means 0.
        let start_index = integer(params, "startIndex")?.unwrap_or(1).max(1);
        let count = integer(params, "count")?
            .map_or(DEFAULT_COUNT as i64, |c| c.clamp(0, MAX_COUNT as i64));
        Ok(Self {
            filter: params
                .get("filter")
                .filter(|f| !f.trim().is_empty())
                .map(str::to_owned),
            start_index: usize::try_from(start_index).unwrap_or(usize::MAX),
            count: usize::try_from(count).unwrap_or(0),
            selection: params.selection()?,
        })
    }
}

/// `urn:ietf:params:scim:api:messages:2.0:ListResponse`.
#[derive(Debug, Serialize)]
pub(crate) struct ListResponse<T: Serialize> {
    schemas: [&'static str; 1],
    #[serde(rename = "totalResults")]
    total_results: usize,
    #[serde(rename = "startIndex")]
    start_index: usize,
    #[serde(rename = "itemsPerPage")]
    items_per_page: usize,
    #[serde(rename = "Resources")]
    resources: Vec<T>,
}

impl<T: Serialize> ListResponse<T> {
    pub fn new(total_results: usize, start_index: usize, resources: Vec<T>) -> Self {
        Self {
            schemas: [LIST_RESPONSE_SCHEMA],
            total_results,
            start_index,
            items_per_page: resources.len(),
            resources,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(raw: &str) -> Result<ListQuery, ScimError> {
        ListQuery::parse(&QueryParams::parse(Some(raw)))
    }

    #[test]
    fn paging_defaults_and_clamps() {
        let q = query("").expect("valid");
        assert_eq!((q.start_index, q.count), (1, DEFAULT_COUNT));
        let q = query("startIndex=0&count=-5").expect("valid");
        assert_eq!((q.start_index, q.count), (1, 0));
        let q = query("STARTINDEX=7&count=5000").expect("valid");
        assert_eq!((q.start_index, q.count), (7, MAX_COUNT));
        assert!(query("count=ten").is_err());
    }

    #[test]
    fn filter_is_decoded() {
        let q = query("filter=userName+eq+%22a%2Bb%40x%22").expect("valid");
        assert_eq!(q.filter.as_deref(), Some("userName eq \"a+b@x\""));
    }
}
