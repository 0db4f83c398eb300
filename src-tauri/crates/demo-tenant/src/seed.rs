//! The deterministic demo directory: the same numbers always give the same users,
//! groups and ids, so tests in other crates can assert against them.

//!
//! Seeded users are not stored as JSON: everything about one follows from its index,
//! so the store keeps only the index and builds attributes when they are read. That
//! keeps 100 000 users cheap to create and small in memory.

use serde_json::{json, Map, Value};

use crate::ids::seeded_uuid;
use crate::schema::ENTERPRISE_USER_SCHEMA;
use crate::store::{Member, Store};

/// Domain of every seeded userName and e-mail address (`.test` is reserved, RFC 2606).
pub const SEED_EMAIL_DOMAIN: &str = "demo.haiilo.test";
/// Every 7th seeded user (the 7th, 14th, …) is inactive (`active: false`).
pub const INACTIVE_EVERY: usize = 7;
/// Names of the first seeded groups; group 0 holds every user, each of the others a
/// department's share of them. Groups beyond these are called "Team N".
pub const SEED_GROUP_NAMES: [&str; 6] = [
    "All staff",
    "Engineering",
    "Sales",
    "Marketing",
    "Human Resources",
    "Customer Success",
];

/// How many of `users` seeded users are inactive.
pub fn seeded_inactive_count(users: usize) -> usize {
    users / INACTIVE_EVERY
}

/// Whether seeded user `index` (0-based) is active.
pub fn seeded_user_active(index: usize) -> bool {
    (index + 1).checked_rem(INACTIVE_EVERY) != Some(0)
}

/// Display and ASCII spellings; the display form keeps diacritics and apostrophes so
/// clients see non-ASCII names and JSON escaping.
const FIRST_NAMES: [(&str, &str); 48] = [
    ("Anna", "anna"),
    ("Lukas", "lukas"),
    ("Sophie", "sophie"),
    ("Jonas", "jonas"),
    ("Marie", "marie"),
    ("Felix", "felix"),
    ("Emma", "emma"),
    ("Leon", "leon"),
    ("Mia", "mia"),
    ("Paul", "paul"),
    ("Hannah", "hannah"),
    ("Elias", "elias"),
    ("Lea", "lea"),
    ("Noah", "noah"),
    ("Clara", "clara"),
    ("Finn", "finn"),
    ("Laura", "laura"),
    ("Ben", "ben"),
    ("Julia", "julia"),
    ("Max", "max"),
    ("Sarah", "sarah"),
    ("Tim", "tim"),
    ("Lena", "lena"),
    ("Jan", "jan"),
    ("Katharina", "katharina"),
    ("Tobias", "tobias"),
    ("Johanna", "johanna"),
    ("Florian", "florian"),
    ("Zoë", "zoe"),
    ("Jürgen", "juergen"),
    ("Özlem", "oezlem"),
    ("Mehmet", "mehmet"),
    ("Priya", "priya"),
    ("Wei", "wei"),
    ("Olga", "olga"),
    ("Pierre", "pierre"),
    ("Aisha", "aisha"),
    ("Diego", "diego"),
    ("Ingrid", "ingrid"),
    ("Mateo", "mateo"),
    ("Fatima", "fatima"),
    ("Oliver", "oliver"),
    ("Chloé", "chloe"),
    ("Björn", "bjoern"),
    ("Nina", "nina"),
    ("Stefan", "stefan"),
    ("Yuki", "yuki"),
    ("René", "rene"),
];

const LAST_NAMES: [(&str, &str); 40] = [
    ("Schmidt", "schmidt"),
    ("Müller", "mueller"),
    ("Schneider", "schneider"),
    ("Fischer", "fischer"),
    ("Weber", "weber"),
    ("Meyer", "meyer"),
    ("Wagner", "wagner"),
    ("Becker", "becker"),
    ("Schulz", "schulz"),
    ("Hoffmann", "hoffmann"),
    ("Koch", "koch"),
    ("Richter", "richter"),
    ("Klein", "klein"),
    ("Wolf", "wolf"),
    ("Schröder", "schroeder"),
    ("Neumann", "neumann"),
    ("Schwarz", "schwarz"),
    ("Zimmermann", "zimmermann"),
    ("Braun", "braun"),
    ("Krüger", "krueger"),
    ("Hofmann", "hofmann"),
    ("Hartmann", "hartmann"),
    ("Lange", "lange"),
    ("Schmitt", "schmitt"),
    ("Werner", "werner"),
    ("Krause", "krause"),
    ("Yılmaz", "yilmaz"),
    ("Kowalski", "kowalski"),
    ("Nguyen", "nguyen"),
    ("García", "garcia"),
    ("Rossi", "rossi"),
    ("Dubois", "dubois"),
    ("Jensen", "jensen"),
    ("Novak", "novak"),
    ("Papadopoulos", "papadopoulos"),
    ("O'Brien", "obrien"),
    ("van den Berg", "vandenberg"),
    ("Silva", "silva"),
    ("Andersson", "andersson"),
    ("Kim", "kim"),
];

const TITLES: [&str; 8] = [
    "Software Engineer",
    "Account Executive",
    "Product Manager",
    "HR Business Partner",
    "Marketing Specialist",
    "Customer Success Manager",
    "Team Lead",
    "Working Student",
];

const LOCATIONS: [&str; 5] = ["Düsseldorf", "Berlin", "Hamburg", "Munich", "Remote"];

const USER_NAMESPACE: u64 = 0x5553_4552; // "USER"
const EXTERNAL_NAMESPACE: u64 = 0x4558_5449; // "EXTI"
const GROUP_NAMESPACE: u64 = 0x4752_5550; // "GRUP"

/// 2024-01-15T08:00:00Z: seeded users were "created" one minute apart from here.
const SEED_EPOCH: u64 = 1_705_305_600;

/// The (first, last) name pair of seeded user `index`, and the repetition round.
///
/// Within one round of 48 × 40 users every pair occurs once: the first name cycles
/// with the index, the last name advances by 49 per full cycle, and since 49 and 40
/// share no factor that visits all 40 last names. Later rounds repeat the pairs and
/// are told apart by a number.
fn name_parts(index: usize) -> (usize, usize, usize) {
    let per_round = FIRST_NAMES.len() * LAST_NAMES.len();
    let round = index / per_round;
    let within = index % per_round;
    let first = within % FIRST_NAMES.len();
    let cycle = within / FIRST_NAMES.len();
    let last = (first + cycle * (FIRST_NAMES.len() + 1)) % LAST_NAMES.len();
    (first, last, round)
}

/// The userName (also the work e-mail address) of seeded user `index` (0-based),
/// e.g. "anna.schmidt@demo.haiilo.test"; unique for any number of users.
pub fn seeded_user_name(index: usize) -> String {
    let (first, last, round) = name_parts(index);
    let suffix = if round == 0 {
        String::new()
    } else {
        (round + 1).to_string()
    };
    format!(
        "{}.{}{suffix}@{SEED_EMAIL_DOMAIN}",
        FIRST_NAMES[first].1, LAST_NAMES[last].1
    )
}

/// The `id` of seeded group `index` (0-based; group 0 is "All staff").
pub fn seeded_group_id(index: usize) -> String {
    seeded_uuid(GROUP_NAMESPACE, index as u64)
}

/// The displayName of seeded group `index`.
pub fn seeded_group_name(index: usize) -> String {
    match SEED_GROUP_NAMES.get(index) {
        Some(name) => (*name).to_owned(),
        None => format!("Team {}", index + 1),
    }
}

/// What seeded attributes depend on besides the user's index.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct SeedSpec {
    pub groups: usize,
}

impl SeedSpec {
    /// The department group (index) of seeded user `index`: users are dealt round
    /// the groups after "All staff".
    fn department(self, index: usize) -> Option<usize> {
        let departments = self.groups.saturating_sub(1);
        (departments > 0).then(|| 1 + index % departments)
    }
}

/// The attributes every seeded user has, in canonical spelling.
const SEEDED_USER_ATTRIBUTES: [&str; 9] = [
    "userName",
    "name",
    "displayName",
    "emails",
    "active",
    "externalId",
    "title",
    "profileField_location",
    ENTERPRISE_USER_SCHEMA,
];

/// The `id` of seeded user `index` (0-based).
pub fn seeded_user_id(index: usize) -> String {
    seeded_uuid(USER_NAMESPACE, index as u64)
}

fn seeded_display_name(index: usize) -> String {
    let (first, last, _) = name_parts(index);
    format!("{} {}", FIRST_NAMES[first].0, LAST_NAMES[last].0)
}

/// Creation and last-modification time (Unix seconds) of seeded user `index`.
pub(crate) fn seeded_user_times(index: usize) -> (u64, u64) {
    let created = SEED_EPOCH + index as u64 * 60;
    (created, created + (index as u64 % 90) * 86_400)
}

/// One attribute of seeded user `index`; `name` is matched ignoring case.
pub(crate) fn seeded_user_attribute(spec: SeedSpec, index: usize, name: &str) -> Option<Value> {
    let canonical = SEEDED_USER_ATTRIBUTES
        .iter()
        .find(|a| a.eq_ignore_ascii_case(name))?;
    let (first, last, _) = name_parts(index);
    let (given, family) = (FIRST_NAMES[first].0, LAST_NAMES[last].0);
    Some(match *canonical {
        "userName" => Value::String(seeded_user_name(index)),
        "name" => json!({
            "givenName": given,
            "familyName": family,
            "formatted": format!("{given} {family}"),
        }),
        "displayName" => Value::String(format!("{given} {family}")),
        "emails" => json!([{"value": seeded_user_name(index), "type": "work", "primary": true}]),
        "active" => Value::Bool(seeded_user_active(index)),
        "externalId" => Value::String(seeded_uuid(EXTERNAL_NAMESPACE, index as u64)),
        "title" => Value::String(TITLES[index % TITLES.len()].to_owned()),
        "profileField_location" => Value::String(LOCATIONS[index % LOCATIONS.len()].to_owned()),
        _ => {
            let mut enterprise = Map::new();
            enterprise.insert(
                "employeeNumber".into(),
                Value::String(format!("E{:06}", index + 1)),
            );
            if let Some(d) = spec.department(index) {
                enterprise.insert("department".into(), Value::String(seeded_group_name(d)));
            }
            Value::Object(enterprise)
        }
    })
}

/// All attributes of seeded user `index` (without `id`, `schemas` and `meta`).
pub(crate) fn seeded_user_attributes(spec: SeedSpec, index: usize) -> Map<String, Value> {
    SEEDED_USER_ATTRIBUTES
        .iter()
        .filter_map(|name| {
            seeded_user_attribute(spec, index, name).map(|v| ((*name).to_owned(), v))
        })
        .collect()
}

/// Fills an empty store with `users` users and `groups` groups ("All staff" holds
/// everyone, each further group a share of the users as their department).
pub(crate) fn seed(store: &mut Store, users: usize, groups: usize) {
    let spec = SeedSpec { groups };
    let mut members: Vec<Vec<Member>> = (0..groups).map(|_| Vec::new()).collect();
    if let Some(all) = members.first_mut() {
        all.reserve(users);
    }
    store.users.reserve(users);
    for index in 0..users {
        let id = seeded_user_id(index);
        if members.len() > 1 {
            let display = seeded_display_name(index);
            if let Some(d) = spec.department(index) {
                members[d].push(Member::user(id.clone(), Some(display.clone())));
            }
            members[0].push(Member::user(id.clone(), Some(display)));
        } else if let Some(all) = members.first_mut() {
            all.push(Member::user(id.clone(), Some(seeded_display_name(index))));
        }
        let (created, modified) = seeded_user_times(index);
        store.users.insert_seeded_user(index, id, created, modified);
    }
    let created = SEED_EPOCH - 86_400;
    for (index, group_members) in members.into_iter().enumerate() {
        let mut attrs = Map::new();
        attrs.insert(
            "displayName".into(),
            Value::String(seeded_group_name(index)),
        );
        attrs.insert(
            "externalId".into(),
            Value::String(seeded_uuid(
                EXTERNAL_NAMESPACE ^ GROUP_NAMESPACE,
                index as u64,
            )),
        );
        store
            .groups
            .insert_seeded_group(seeded_group_id(index), attrs, group_members, created);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::AttrSource;
    use std::collections::HashSet;

    fn seeded(users: usize, groups: usize) -> Store {
        let mut store = Store::new("http://127.0.0.1:1/api/scim/v2".into(), SeedSpec { groups });
        seed(&mut store, users, groups);
        store
    }

    fn dump(store: &Store) -> String {
        let users: Vec<_> = store.users.iter().map(|u| u.render(true)).collect();
        let groups: Vec<_> = store.groups.iter().map(|g| g.render(true)).collect();
        serde_json::to_string(&(users, groups)).expect("serialise")
    }

    #[test]
    fn user_names_are_unique_far_beyond_one_round() {
        let names: HashSet<String> = (0..100_000).map(seeded_user_name).collect();
        assert_eq!(names.len(), 100_000);
        assert_eq!(seeded_user_name(0), "anna.schmidt@demo.haiilo.test");
        assert!(seeded_user_name(48 * 40).ends_with("2@demo.haiilo.test"));
    }

    #[test]
    fn seeding_is_deterministic() {
        assert_eq!(dump(&seeded(60, 6)), dump(&seeded(60, 6)));
        assert_ne!(dump(&seeded(60, 6)), dump(&seeded(61, 6)));
    }

    #[test]
    fn default_directory_has_inactive_users_and_full_groups() {
        let store = seeded(50, 6);
        assert_eq!(store.users.len(), 50);
        assert_eq!(store.groups.len(), 6);
        let inactive = store
            .users
            .iter()
            .filter(|u| u.render(false)["active"] == Value::Bool(false))
            .count();
        assert_eq!(inactive, seeded_inactive_count(50));
        assert_eq!(inactive, 7);
        let first = store.users.iter().next().expect("a user").render(false);
        assert_eq!(first["userName"], "anna.schmidt@demo.haiilo.test");
        assert_eq!(first["name"]["formatted"], "Anna Schmidt");
        assert_eq!(first["emails"][0]["primary"], true);
        assert_eq!(first["meta"]["resourceType"], "User");
        assert_eq!(first["meta"]["created"], "2024-01-15T08:00:00Z");
        assert!(first["meta"]["location"]
            .as_str()
            .is_some_and(|l| l.contains("/api/scim/v2/Users/")));
        assert_eq!(
            first["schemas"],
            json!([
                "urn:ietf:params:scim:schemas:core:2.0:User",
                ENTERPRISE_USER_SCHEMA
            ])
        );
        assert_eq!(first[ENTERPRISE_USER_SCHEMA]["department"], "Engineering");
        let groups: Vec<_> = store.groups.iter().map(|g| g.render(true)).collect();
        assert_eq!(groups[0]["displayName"], "All staff");
        assert_eq!(groups[0]["members"].as_array().map(Vec::len), Some(50));
        assert_eq!(groups[0]["members"][0]["display"], "Anna Schmidt");
        let department_total: usize = groups[1..]
            .iter()
            .map(|g| g["members"].as_array().map_or(0, Vec::len))
            .sum();
        assert_eq!(
            department_total, 50,
            "each user is in exactly one department"
        );
    }

    #[test]
    fn single_attributes_match_the_full_rendering() {
        let spec = SeedSpec { groups: 6 };
        let all = seeded_user_attributes(spec, 9);
        for (name, value) in &all {
            assert_eq!(
                seeded_user_attribute(spec, 9, &name.to_uppercase()).as_ref(),
                Some(value)
            );
        }
        assert_eq!(seeded_user_attribute(spec, 9, "nickName"), None);
        let store = seeded(10, 6);
        let view = store.users.iter().nth(9).expect("user 9");
        assert_eq!(view.top("USERNAME").as_deref(), all.get("userName"));
        assert_eq!(
            view.top("id").as_deref(),
            Some(&Value::String(seeded_user_id(9)))
        );
    }

    #[test]
    fn small_and_empty_directories() {
        let store = seeded(0, 0);
        assert_eq!(store.users.len(), 0);
        assert_eq!(store.groups.len(), 0);
        let store = seeded(3, 1);
        assert_eq!(store.groups.len(), 1);
        let all = store.groups.iter().next().expect("group").render(true);
        assert_eq!(all["members"].as_array().map(Vec::len), Some(3));
        let store = seeded(2, 9);
        assert_eq!(
            store
                .groups
                .iter()
                .last()
                .map(|g| g.render(true)["displayName"].clone()),
            Some(json!("Team 9"))
        );
    }
}
