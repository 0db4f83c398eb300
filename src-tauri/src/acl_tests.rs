//! The three places that name the app's commands must agree: the list build.rs declares to
//! Tauri's ACL (src/command_names.rs), the `invoke_handler` in lib.rs and the capability
//! file. A command handled but not declared cannot be granted; one granted but not handled
//! fails at run time; anything else in the capability file widens what the window may do.

use crate::command_names::APP_COMMANDS;
use std::collections::BTreeSet;

/// Permissions the window has beyond the app's own commands: listening to the check's
/// progress events. Adding one here is a decision, which is the point of listing them.
const PLATFORM_PERMISSIONS: &[&str] = &["core:event:default"];

const LIB_RS: &str = include_str!("lib.rs");
const CAPABILITY: &str = include_str!("../capabilities/default.json");

fn declared() -> BTreeSet<String> {
    let names: BTreeSet<String> = APP_COMMANDS.iter().map(|c| c.to_string()).collect();
    assert_eq!(names.len(), APP_COMMANDS.len(), "a command is listed twice");
    names
}

/// The function names inside `generate_handler![...]`, by their last path segment.
fn handled() -> BTreeSet<String> {
    let start = LIB_RS
        .find("generate_handler![")
        .expect("lib.rs has a generate_handler! list")
        + "generate_handler![".len();
    let end = start + LIB_RS[start..].find(']').expect("the list is closed");
    LIB_RS[start..end]
        .split(',')
        .map(str::trim)
        .filter(|path| !path.is_empty())
        .map(|path| path.rsplit("::").next().unwrap_or(path).to_string())
        .fold(BTreeSet::new(), |mut names, name| {
            assert!(names.insert(name.clone()), "{name} is handled twice");
            names
        })
}

fn capability_permissions() -> Vec<String> {
    let capability: serde_json::Value =
        serde_json::from_str(CAPABILITY).expect("capabilities/default.json is JSON");
    capability["permissions"]
        .as_array()
        .expect("a permissions list")
        .iter()
        .map(|p| {
            p.as_str()
                .expect("permissions are plain identifiers, without scopes")
                .to_string()
        })
        .collect()
}

#[test]
fn every_declared_command_is_handled_and_nothing_else() {
    assert_eq!(handled(), declared());
}

#[test]
fn the_capability_grants_exactly_the_declared_commands_and_the_listed_platform_permissions() {
    let permissions = capability_permissions();
    let unique: BTreeSet<&String> = permissions.iter().collect();
    assert_eq!(
        unique.len(),
        permissions.len(),
        "a permission is granted twice"
    );

    let mut expected: BTreeSet<String> = declared()
        .iter()
        .map(|command| format!("allow-{}", command.replace('_', "-")))
        .collect();
    expected.extend(PLATFORM_PERMISSIONS.iter().map(|p| p.to_string()));
    assert_eq!(permissions.into_iter().collect::<BTreeSet<_>>(), expected);
}

#[test]
fn the_capability_applies_to_the_main_window_only_and_is_the_only_one() {
    let capability: serde_json::Value =
        serde_json::from_str(CAPABILITY).expect("capabilities/default.json is JSON");
    assert_eq!(capability["windows"], serde_json::json!(["main"]));
    assert!(
        capability.get("remote").is_none(),
        "no remote origin may call commands"
    );

    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/capabilities");
    let files: Vec<String> = std::fs::read_dir(dir)
        .expect("the capabilities folder")
        .map(|entry| {
            entry
                .expect("a readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(
        files,
        ["default.json"],
        "another capability file would add grants"
    );

    let config: serde_json::Value =
        serde_json::from_str(include_str!("../tauri.conf.json")).expect("tauri.conf.json");
    assert!(
        config["app"]["security"].get("capabilities").is_none(),
        "capabilities inlined in tauri.conf.json would add grants"
    );
}
