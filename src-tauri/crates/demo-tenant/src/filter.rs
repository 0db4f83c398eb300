//! SCIM filter expressions (RFC 7644 §3.4.2.2): a tokenizer, a recursive-descent
//! parser and an evaluator over stored JSON resources. The same parser reads PATCH
//! paths (RFC 7644 §3.5.2), which reuse the filter's `attrPath` and `valuePath`.

use std::borrow::Cow;

use serde_json::{Map, Value};

use crate::json_keys::get_ci;
use crate::schema::{ResourceKind, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA};

/// Why a filter or path could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub(crate) struct FilterError(pub String);

fn err<T>(message: impl Into<String>) -> Result<T, FilterError> {
    Err(FilterError(message.into()))
}

/// Where a filter reads attribute values from: a stored JSON object, or a resource
/// that builds its attributes on demand (seeded users).
pub(crate) trait AttrSource {
    /// The top-level attribute `name`, ignoring case; an extension schema's URN
    /// names the extension's object.
    fn top(&self, name: &str) -> Option<Cow<'_, Value>>;

    /// The values of `name.sub`, when the source can produce them more cheaply than
    /// the whole attribute (the member ids of a group holding every user).
    fn sub_values(&self, _name: &str, _sub: &str) -> Option<Vec<Value>> {
        None
    }
}

impl AttrSource for Map<String, Value> {
    fn top(&self, name: &str) -> Option<Cow<'_, Value>> {
        get_ci(self, name).map(Cow::Borrowed)
    }
}

/// `[URI ":"] ATTRNAME *1subAttr` (RFC 7644 §3.4.2.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AttrPath {
    /// Schema URN prefix, when given.
    pub urn: Option<String>,
    pub attr: String,
    pub sub: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CompareOp {
    Eq,
    Ne,
    Co,
    Sw,
    Ew,
    Gt,
    Ge,
    Lt,
    Le,
}

impl CompareOp {
    fn parse(word: &str) -> Option<Self> {
        // Operators are case-insensitive (RFC 7644 §3.4.2.2); PingOne sends "Eq".
        Some(match word.to_ascii_lowercase().as_str() {
            "eq" => CompareOp::Eq,
            "ne" => CompareOp::Ne,
            "co" => CompareOp::Co,
            "sw" => CompareOp::Sw,
            "ew" => CompareOp::Ew,
            "gt" => CompareOp::Gt,
            "ge" => CompareOp::Ge,
            "lt" => CompareOp::Lt,
            "le" => CompareOp::Le,
            _ => return None,
        })
    }
}

/// `compValue`: a JSON literal.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Literal {
    /// The string as written and lower-cased once, for caseExact=false comparisons.
    Str {
        raw: String,
        folded: String,
    },
    Num(f64),
    Bool(bool),
    Null,
}

/// A parsed filter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Filter {
    Or(Box<Filter>, Box<Filter>),
    And(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    Present(AttrPath),
    Compare(AttrPath, CompareOp, Literal),
    /// `attrPath "[" valFilter "]"`: the inner filter is applied to each value of a
    /// multi-valued complex attribute, with paths relative to that value.
    ValuePath(AttrPath, Box<Filter>),
}

/// A PATCH `path`: `attrPath / valuePath [subAttr]` (RFC 7644 §3.5.2).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct PatchPath {
    pub attr: AttrPath,
    pub filter: Option<Filter>,
    /// The sub-attribute after a value filter, e.g. `value` in `emails[type eq "work"].value`.
    pub sub_after_filter: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    LParen,
    RParen,
    LBracket,
    RBracket,
    Word(String),
    Str(String),
}

fn tokenize(input: &str) -> Result<Vec<Token>, FilterError> {
    let mut tokens = Vec::new();
    let mut chars = input.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' | '[' | ']' => {
                chars.next();
                tokens.push(match c {
                    '(' => Token::LParen,
                    ')' => Token::RParen,
                    '[' => Token::LBracket,
                    _ => Token::RBracket,
                });
            }
            '"' => {
                chars.next();
                let mut end = None;
                while let Some((i, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => {
                            end = Some(i);
                            break;
                        }
                        _ => {}
                    }
                }
                let Some(end) = end else {
                    return err("unterminated string literal");
                };
                // String literals are JSON strings, escapes included (RFC 7644 §3.4.2.2
                // refers to RFC 7159 for compValue).
                let text: String = serde_json::from_str(&input[start..=end])
                    .map_err(|e| FilterError(format!("invalid string literal: {e}")))?;
                tokens.push(Token::Str(text));
            }
            _ => {
                let mut end = input.len();
                while let Some(&(i, c)) = chars.peek() {
                    if c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']' | '"') {
                        end = i;
                        break;
                    }
                    chars.next();
                }
                tokens.push(Token::Word(input[start..end].to_owned()));
            }
        }
    }
    Ok(tokens)
}

/// `ATTRNAME = ALPHA *(nameChar)`, plus the reserved `$ref`.
fn valid_attr_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() => {}
        Some('$') => return name == "$ref",
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

const KNOWN_URNS: [&str; 3] = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA];

fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &text[prefix.len()..])
}

/// Parses `[URI ":"] ATTRNAME *1subAttr`.
pub(crate) fn parse_attr_path(text: &str) -> Result<AttrPath, FilterError> {
    // A bare schema URN names the extension object itself (e.g. to PATCH it whole).
    if let Some(urn) = KNOWN_URNS.iter().find(|u| u.eq_ignore_ascii_case(text)) {
        return Ok(AttrPath {
            urn: None,
            attr: (*urn).to_owned(),
            sub: None,
        });
    }
    let known = KNOWN_URNS
        .iter()
        .find_map(|urn| strip_prefix_ci(text, &format!("{urn}:")).map(|rest| (*urn, rest)));
    let (urn, rest) = match known {
        Some((urn, rest)) => (Some(urn.to_owned()), rest),
        // An unknown URN: its attribute name follows the last ':' (URNs hold dots,
        // attribute names don't hold colons).
        None => match text.rsplit_once(':') {
            Some((urn, rest)) => (Some(urn.to_owned()), rest),
            None => (None, text),
        },
    };
    let (attr, sub) = match rest.split_once('.') {
        Some((attr, sub)) => (attr, Some(sub)),
        None => (rest, None),
    };
    if !valid_attr_name(attr) || !sub.is_none_or(valid_attr_name) {
        return err(format!("'{text}' is not a valid attribute path"));
    }
    Ok(AttrPath {
        urn,
        attr: attr.to_owned(),
        sub: sub.map(str::to_owned),
    })
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    in_value_filter: bool,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn peek_at(&self, offset: usize) -> Option<&Token> {
        self.tokens.get(self.pos + offset)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.pos).cloned();
        self.pos += 1;
        token
    }

    fn peek_keyword(&self, keyword: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(keyword))
    }

    fn expect(&mut self, expected: Token, what: &str) -> Result<(), FilterError> {
        match self.next() {
            Some(t) if t == expected => Ok(()),
            Some(t) => err(format!("expected {what}, found {}", describe(&t))),
            None => err(format!("expected {what}, found end of filter")),
        }
    }

    // Precedence, lowest first: or < and < not < grouping (RFC 7644 §3.4.2.2, table 5).
    fn or(&mut self) -> Result<Filter, FilterError> {
        let mut left = self.and()?;
        while self.peek_keyword("or") {
            self.pos += 1;
            let right = self.and()?;
            left = Filter::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Filter, FilterError> {
        let mut left = self.not()?;
        while self.peek_keyword("and") {
            self.pos += 1;
            let right = self.not()?;
            left = Filter::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Filter, FilterError> {
        // `not` must be followed by a parenthesised filter; otherwise the word is an
        // attribute that happens to be called "not".
        if self.peek_keyword("not") && self.peek_at(1) == Some(&Token::LParen) {
            self.pos += 2;
            let inner = self.or()?;
            self.expect(Token::RParen, "')'")?;
            return Ok(Filter::Not(Box::new(inner)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Filter, FilterError> {
        match self.next() {
            Some(Token::LParen) => {
                let inner = self.or()?;
                self.expect(Token::RParen, "')'")?;
                Ok(inner)
            }
            Some(Token::Word(word)) => {
                let path = parse_attr_path(&word)?;
                self.after_attr_path(path)
            }
            Some(t) => err(format!(
                "expected an attribute name or '(', found {}",
                describe(&t)
            )),
            None => err("expected an attribute name or '(', found end of filter"),
        }
    }

    fn after_attr_path(&mut self, path: AttrPath) -> Result<Filter, FilterError> {
        match self.next() {
            Some(Token::LBracket) => {
                if self.in_value_filter {
                    return err("value filters cannot be nested");
                }
                if path.sub.is_some() {
                    return err("a value filter applies to an attribute, not a sub-attribute");
                }
                self.in_value_filter = true;
                let inner = self.or()?;
                self.in_value_filter = false;
                self.expect(Token::RBracket, "']'")?;
                Ok(Filter::ValuePath(path, Box::new(inner)))
            }
            Some(Token::Word(op)) if op.eq_ignore_ascii_case("pr") => Ok(Filter::Present(path)),
            Some(Token::Word(op)) => {
                let Some(op) = CompareOp::parse(&op) else {
                    return err(format!("unknown operator '{op}'"));
                };
                let literal = self.literal()?;
                Ok(Filter::Compare(path, op, literal))
            }
            Some(t) => err(format!("expected an operator, found {}", describe(&t))),
            None => err("expected an operator, found end of filter"),
        }
    }

    fn literal(&mut self) -> Result<Literal, FilterError> {
        match self.next() {
            Some(Token::Str(raw)) => Ok(Literal::Str {
                folded: raw.to_lowercase(),
                raw,
            }),
            Some(Token::Word(word)) => {
                // ABNF literals are case-insensitive (RFC 5234 §2.3).
                match word.to_ascii_lowercase().as_str() {
                    "true" => return Ok(Literal::Bool(true)),
                    "false" => return Ok(Literal::Bool(false)),
                    "null" => return Ok(Literal::Null),
                    _ => {}
                }
                let looks_numeric = word
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_digit() || c == '-');
                match word.parse::<f64>() {
                    Ok(n) if looks_numeric && n.is_finite() => Ok(Literal::Num(n)),
                    _ => err(format!(
                        "'{word}' is not a value: use a \"quoted string\", a number, true, false or null"
                    )),
                }
            }
            Some(t) => err(format!("expected a value, found {}", describe(&t))),
            None => err("expected a value, found end of filter"),
        }
    }
}

fn describe(token: &Token) -> String {
    match token {
        Token::LParen => "'('".into(),
        Token::RParen => "')'".into(),
        Token::LBracket => "'['".into(),
        Token::RBracket => "']'".into(),
        Token::Word(w) => format!("'{w}'"),
        Token::Str(s) => format!("\"{s}\""),
    }
}

fn parser_for(input: &str) -> Result<Parser, FilterError> {
    let tokens = tokenize(input)?;
    if tokens.is_empty() {
        return err("empty expression");
    }
    Ok(Parser {
        tokens,
        pos: 0,
        in_value_filter: false,
    })
}

/// Parses a `filter` query parameter.
pub(crate) fn parse_filter(input: &str) -> Result<Filter, FilterError> {
    let mut parser = parser_for(input)?;
    let filter = parser.or()?;
    match parser.peek() {
        None => Ok(filter),
        Some(t) => err(format!(
            "unexpected {} after a complete filter",
            describe(t)
        )),
    }
}

/// Parses a PATCH operation's `path`.
pub(crate) fn parse_patch_path(input: &str) -> Result<PatchPath, FilterError> {
    let mut parser = parser_for(input)?;
    let Some(Token::Word(word)) = parser.next() else {
        return err("a path starts with an attribute name");
    };
    let attr = parse_attr_path(&word)?;
    let mut path = PatchPath {
        attr,
        filter: None,
        sub_after_filter: None,
    };
    if parser.peek() == Some(&Token::LBracket) {
        if path.attr.sub.is_some() {
            return err("a value filter applies to an attribute, not a sub-attribute");
        }
        parser.pos += 1;
        parser.in_value_filter = true;
        let filter = parser.or()?;
        parser.expect(Token::RBracket, "']'")?;
        path.filter = Some(filter);
        if let Some(Token::Word(sub)) = parser.peek() {
            let Some(name) = sub.strip_prefix('.').filter(|n| valid_attr_name(n)) else {
                return err(format!("'{sub}' is not a valid sub-attribute"));
            };
            path.sub_after_filter = Some(name.to_owned());
            parser.pos += 1;
        }
    }
    match parser.peek() {
        None => Ok(path),
        Some(t) => err(format!("unexpected {} in path", describe(t))),
    }
}

/// Lower-cases only when needed, so all-lowercase values (most e-mail addresses and
/// userNames) are compared without allocating.
fn fold(text: &str) -> Cow<'_, str> {
    if text.chars().any(char::is_uppercase) {
        Cow::Owned(text.to_lowercase())
    } else {
        Cow::Borrowed(text)
    }
}

fn is_core(kind: ResourceKind, urn: Option<&str>) -> bool {
    urn.is_none_or(|u| u.eq_ignore_ascii_case(kind.core().id))
}

fn push_flat<'a>(out: &mut Vec<&'a Value>, value: &'a Value) {
    match value {
        Value::Array(items) => out.extend(items.iter()),
        other => out.push(other),
    }
}

/// Calls `f` with all values `path` reaches in `source`; multi-valued attributes
/// contribute each value. Inside a value filter (`in_value`) paths are relative to
/// the single value being tested.
fn with_values<R>(
    kind: ResourceKind,
    source: &dyn AttrSource,
    path: &AttrPath,
    in_value: bool,
    f: impl FnOnce(&[&Value]) -> R,
) -> R {
    let core_level = in_value || is_core(kind, path.urn.as_deref());
    if let (false, true, Some(sub)) = (in_value, core_level, &path.sub) {
        if let Some(values) = source.sub_values(&path.attr, sub) {
            let refs: Vec<&Value> = values.iter().collect();
            return f(&refs);
        }
    }
    let holder = if core_level {
        source.top(&path.attr)
    } else {
        source.top(path.urn.as_deref().unwrap_or_default())
    };
    let value = if core_level {
        holder.as_deref()
    } else {
        holder
            .as_deref()
            .and_then(Value::as_object)
            .and_then(|o| get_ci(o, &path.attr))
    };
    let mut out = Vec::new();
    if let Some(value) = value {
        match &path.sub {
            None => push_flat(&mut out, value),
            Some(sub) => {
                let mut parents = Vec::new();
                push_flat(&mut parents, value);
                for parent in parents {
                    if let Some(v) = parent.as_object().and_then(|o| get_ci(o, sub)) {
                        push_flat(&mut out, v);
                    }
                }
            }
        }
    }
    f(&out)
}

fn is_present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

fn compare(value: &Value, op: CompareOp, literal: &Literal, case_exact: bool) -> bool {
    match (value, literal) {
        // A complex value compared directly stands for its `value` sub-attribute, as
        // in `emails co "@example.com"`.
        (Value::Object(o), _) => get_ci(o, "value")
            .is_some_and(|v| !v.is_object() && compare(v, op, literal, case_exact)),
        (Value::String(s), Literal::Str { raw, folded }) => {
            let (a, b): (Cow<'_, str>, &str) = if case_exact {
                (Cow::Borrowed(s.as_str()), raw.as_str())
            } else {
                (fold(s), folded.as_str())
            };
            let a = a.as_ref();
            match op {
                CompareOp::Eq => a == b,
                CompareOp::Ne => a != b,
                CompareOp::Co => a.contains(b),
                CompareOp::Sw => a.starts_with(b),
                CompareOp::Ew => a.ends_with(b),
                CompareOp::Gt => a > b,
                CompareOp::Ge => a >= b,
                CompareOp::Lt => a < b,
                CompareOp::Le => a <= b,
            }
        }
        (Value::Bool(b), Literal::Bool(l)) => match op {
            CompareOp::Eq => b == l,
            CompareOp::Ne => b != l,
            _ => false,
        },
        (Value::Number(n), Literal::Num(l)) => {
            let Some(n) = n.as_f64() else {
                return false;
            };
            match op {
                CompareOp::Eq => n == *l,
                CompareOp::Ne => n != *l,
                CompareOp::Gt => n > *l,
                CompareOp::Ge => n >= *l,
                CompareOp::Lt => n < *l,
                CompareOp::Le => n <= *l,
                CompareOp::Co | CompareOp::Sw | CompareOp::Ew => false,
            }
        }
        _ => false,
    }
}

/// How string comparisons decide case sensitivity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Casing {
    /// Each attribute's `caseExact` from the schema (RFC 7643 §2.3.1, §7).
    Schema,
    /// As [`Casing::Schema`], except that a User's `userName` is compared exactly,
    /// although RFC 7643 §4.1.1 makes it caseExact false: the
    /// `username-case-sensitive` fault, a mistake some servers make.
    UserNameExact,
}

impl Casing {
    fn case_exact(self, kind: ResourceKind, path: &AttrPath, parent: Option<&AttrPath>) -> bool {
        if let Some(p) = parent {
            return kind.case_exact(p.urn.as_deref(), &p.attr, Some(&path.attr));
        }
        let user_name = kind == ResourceKind::User
            && path.sub.is_none()
            && is_core(kind, path.urn.as_deref())
            && path.attr.eq_ignore_ascii_case("userName");
        (self == Casing::UserNameExact && user_name)
            || kind.case_exact(path.urn.as_deref(), &path.attr, path.sub.as_deref())
    }
}

impl Filter {
    /// Whether `resource` (a User or Group) matches, comparing strings by `casing`.
    pub fn matches_with(
        &self,
        kind: ResourceKind,
        resource: &dyn AttrSource,
        casing: Casing,
    ) -> bool {
        self.eval(kind, resource, None, casing)
    }

    /// Whether one value of the multi-valued attribute `parent` matches (PATCH value
    /// paths such as `members[value eq "id"]`).
    pub fn matches_value(
        &self,
        kind: ResourceKind,
        element: &Map<String, Value>,
        parent: &AttrPath,
    ) -> bool {
        self.eval(kind, element, Some(parent), Casing::Schema)
    }

    /// The attribute values a filter made only of `eq` comparisons joined by `and`
    /// pins down, e.g. `type eq "work"` gives `{"type": "work"}`; `None` for any other
    /// filter.
    pub fn equalities(&self) -> Option<Map<String, Value>> {
        let mut out = Map::new();
        self.collect_equalities(&mut out).then_some(out)
    }

    fn collect_equalities(&self, out: &mut Map<String, Value>) -> bool {
        match self {
            Filter::And(a, b) => a.collect_equalities(out) && b.collect_equalities(out),
            Filter::Compare(path, CompareOp::Eq, literal)
                if path.urn.is_none() && path.sub.is_none() =>
            {
                let value = match literal {
                    Literal::Str { raw, .. } => Value::String(raw.clone()),
                    Literal::Bool(b) => Value::Bool(*b),
                    Literal::Num(n) => match serde_json::Number::from_f64(*n) {
                        Some(n) => Value::Number(n),
                        None => return false,
                    },
                    Literal::Null => return false,
                };
                out.insert(path.attr.clone(), value);
                true
            }
            _ => false,
        }
    }

    /// `parent` is the multi-valued attribute whose single value `object` is, inside a
    /// value filter.
    fn eval(
        &self,
        kind: ResourceKind,
        object: &dyn AttrSource,
        parent: Option<&AttrPath>,
        casing: Casing,
    ) -> bool {
        let in_value = parent.is_some();
        let eval = |filter: &Filter| filter.eval(kind, object, parent, casing);
        match self {
            Filter::Or(a, b) => eval(a) || eval(b),
            Filter::And(a, b) => eval(a) && eval(b),
            Filter::Not(inner) => !eval(inner),
            Filter::Present(path) => with_values(kind, object, path, in_value, |values| {
                values.iter().any(|v| is_present(v))
            }),
            Filter::Compare(path, op, literal) => {
                let case_exact = casing.case_exact(kind, path, parent);
                with_values(kind, object, path, in_value, |values| {
                    if *literal == Literal::Null {
                        let unassigned = values.iter().all(|v| v.is_null());
                        return match op {
                            CompareOp::Eq => unassigned,
                            CompareOp::Ne => !unassigned,
                            _ => false,
                        };
                    }
                    // `ne` is the negation of `eq`, so a resource without the attribute
                    // matches `ne` (it has no value equal to the literal).
                    if *op == CompareOp::Ne {
                        return !values
                            .iter()
                            .any(|v| compare(v, CompareOp::Eq, literal, case_exact));
                    }
                    values.iter().any(|v| compare(v, *op, literal, case_exact))
                })
            }
            Filter::ValuePath(path, inner) => with_values(kind, object, path, in_value, |values| {
                values
                    .iter()
                    .filter_map(|v| v.as_object())
                    .any(|element| inner.eval(kind, element, Some(path), casing))
            }),
        }
    }

    /// The literal of a filter that is exactly `<attr> eq "<string>"` on a core
    /// attribute, for answering it from an index instead of a scan.
    pub fn simple_equality(&self, kind: ResourceKind) -> Option<(&str, &str)> {
        match self {
            Filter::Compare(path, CompareOp::Eq, Literal::Str { raw, .. })
                if path.sub.is_none() && is_core(kind, path.urn.as_deref()) =>
            {
                Some((path.attr.as_str(), raw.as_str()))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn user() -> Map<String, Value> {
        let value = json!({
            "schemas": [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
            "id": "2819c223-7f76-453a-919d-413861904646",
            "externalId": "Ext-1",
            "userName": "Anna.Schmidt@demo.haiilo.test",
            "displayName": "Anna Schmidt",
            "name": {"givenName": "Anna", "familyName": "Schmidt", "formatted": "Anna Schmidt"},
            "emails": [
                {"value": "anna@work.example", "type": "work", "primary": true},
                {"value": "anna@home.example", "type": "home"}
            ],
            "active": false,
            "title": "",
            "loginCount": 7,
            ENTERPRISE_USER_SCHEMA: {"department": "Engineering"},
            "meta": {"created": "2024-01-15T08:00:00Z", "resourceType": "User"}
        });
        match value {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    fn check(filter: &str) -> bool {
        let parsed = parse_filter(filter).unwrap_or_else(|e| panic!("{filter}: {e}"));
        parsed.matches_with(ResourceKind::User, &user(), Casing::Schema)
    }

    #[test]
    fn attribute_names_and_operators_ignore_case() {
        assert!(check(r#"username Eq "anna.schmidt@demo.haiilo.test""#));
        assert!(check(r#"USERNAME EQ "ANNA.SCHMIDT@DEMO.HAIILO.TEST""#));
        assert!(check(r#"userName eq "Anna.Schmidt@demo.haiilo.test""#));
        assert!(!check(r#"userName eq "anna""#));
    }

    #[test]
    fn user_name_exact_casing_only_touches_user_name() {
        let strict = |filter: &str| {
            let parsed = parse_filter(filter).unwrap_or_else(|e| panic!("{filter}: {e}"));
            parsed.matches_with(ResourceKind::User, &user(), Casing::UserNameExact)
        };
        assert!(strict(r#"userName eq "Anna.Schmidt@demo.haiilo.test""#));
        assert!(!strict(r#"userName eq "anna.schmidt@demo.haiilo.test""#));
        assert!(!strict(r#"USERNAME sw "anna""#));
        assert!(!strict(
            r#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "ANNA.SCHMIDT@DEMO.HAIILO.TEST""#
        ));
        assert!(strict(
            r#"not (userName eq "anna.schmidt@demo.haiilo.test")"#
        ));
        // Other attributes keep their schema's rules.
        assert!(strict(r#"displayName eq "ANNA SCHMIDT""#));
        assert!(strict(r#"emails[value eq "ANNA@WORK.EXAMPLE"]"#));
    }

    #[test]
    fn case_exact_attributes_compare_exactly() {
        assert!(check(r#"externalId eq "Ext-1""#));
        assert!(!check(r#"externalId eq "ext-1""#));
        assert!(check(r#"id eq "2819c223-7f76-453a-919d-413861904646""#));
        assert!(!check(r#"id eq "2819C223-7F76-453A-919D-413861904646""#));
    }

    #[test]
    fn string_operators() {
        assert!(check(r#"userName sw "anna.""#));
        assert!(check(r#"userName ew "@DEMO.haiilo.test""#));
        assert!(check(r#"displayName co "na sch""#));
        assert!(!check(r#"displayName co "xyz""#));
        assert!(check(r#"name.familyName gt "Mueller""#));
        assert!(check(r#"name.familyName ge "Schmidt""#));
        assert!(!check(r#"name.familyName lt "Schmidt""#));
        assert!(check(r#"name.familyName le "schmidt""#));
        assert!(check(r#"meta.created gt "2024-01-01T00:00:00Z""#));
        assert!(check(r#"displayName ne "Bob""#));
        assert!(!check(r#"displayName ne "anna schmidt""#));
        assert!(check(r#"nickName ne "x""#), "absent attribute is not equal");
    }

    #[test]
    fn multi_valued_and_value_paths() {
        assert!(check(r#"emails.value eq "ANNA@home.example""#));
        assert!(check(r#"emails co "@work.example""#));
        assert!(check(r#"emails[type eq "work" and value sw "anna"]"#));
        assert!(!check(r#"emails[type eq "home" and primary eq true]"#));
        assert!(check(r#"emails[not (type eq "work")]"#));
    }

    #[test]
    fn booleans_numbers_presence_and_null() {
        assert!(check("active eq false"));
        assert!(check("active eq FALSE"));
        assert!(!check("active eq true"));
        assert!(check("loginCount gt 5"));
        assert!(!check("loginCount lt 5.5"));
        assert!(check("userName pr"));
        assert!(!check("title pr"), "empty string is not present");
        assert!(!check("nickName pr"));
        assert!(check("nickName eq null"));
        assert!(check("userName ne null"));
    }

    #[test]
    fn extension_attributes_with_urn() {
        assert!(check(
            r#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "engineering""#
        ));
        assert!(check(
            r#"urn:ietf:params:scim:schemas:core:2.0:User:userName sw "anna""#
        ));
    }

    #[test]
    fn unknown_attributes_match_nothing() {
        assert!(!check(r#"favouriteColour eq "blue""#));
        assert!(!check("favouriteColour pr"));
    }

    #[test]
    fn precedence_is_not_then_and_then_or() {
        // true or (false and false) = true; with wrong precedence ((true or false) and
        // false) it would be false.
        assert!(check(
            r#"active eq false or userName eq "x" and displayName eq "y""#
        ));
        // (false and true) or true = true.
        assert!(check(
            r#"userName eq "x" and active eq false or displayName pr"#
        ));
        // not binds tighter than and: (not false) and true.
        assert!(check(r#"not (userName eq "x") and active eq false"#));
        // Parentheses override: (true or false) and false = false.
        assert!(!check(
            r#"(active eq false or userName eq "x") and displayName eq "y""#
        ));
        let parsed = parse_filter("a pr or b pr and c pr").expect("parses");
        assert!(matches!(parsed, Filter::Or(_, ref right) if matches!(**right, Filter::And(_, _))));
    }

    #[test]
    fn json_string_escapes() {
        let parsed = parse_filter(r#"displayName eq "say \"hi\" \u00e4""#).expect("parses");
        match parsed {
            Filter::Compare(_, _, Literal::Str { raw, .. }) => assert_eq!(raw, "say \"hi\" ä"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn invalid_filters_are_rejected() {
        for bad in [
            "",
            "userName",
            "userName eq",
            "userName eq anna",
            "userName like \"a\"",
            "userName eq \"a",
            "(userName pr",
            "userName pr)",
            "userName pr and",
            "userName pr userName pr",
            "not userName pr",
            "emails[type eq \"work\"",
            "emails[type[value pr]]",
            "1abc eq \"x\"",
            "name..x eq \"y\"",
            "\"x\" eq userName",
        ] {
            assert!(parse_filter(bad).is_err(), "should reject {bad:?}");
        }
    }

    #[test]
    fn patch_paths() {
        let path = parse_patch_path(r#"members[value eq "abc"]"#).expect("parses");
        assert_eq!(path.attr.attr, "members");
        assert!(path.filter.is_some());
        let path = parse_patch_path(r#"emails[type eq "work"].value"#).expect("parses");
        assert_eq!(path.sub_after_filter.as_deref(), Some("value"));
        let path = parse_patch_path("name.givenName").expect("parses");
        assert_eq!(path.attr.sub.as_deref(), Some("givenName"));
        let path = parse_patch_path(
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
        )
        .expect("parses");
        assert_eq!(path.attr.urn.as_deref(), Some(ENTERPRISE_USER_SCHEMA));
        assert_eq!(path.attr.attr, "manager");
        let path = parse_patch_path("URN:ietf:params:scim:schemas:extension:enterprise:2.0:User")
            .expect("parses");
        assert_eq!(path.attr.attr, ENTERPRISE_USER_SCHEMA);
        for bad in [
            "",
            "members[",
            "members]",
            "a b",
            "emails[type eq \"w\"]x",
            "name.a.b",
        ] {
            assert!(parse_patch_path(bad).is_err(), "should reject {bad:?}");
        }
    }
}
