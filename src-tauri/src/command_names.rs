// The app's own commands, in one list: build.rs includes this file (`include!`) to declare
// them to Tauri's ACL, and the test in acl_tests.rs checks that the invoke handler and the
// capability file name exactly these. Plain `//` comments because `include!` does not
// accept inner doc comments.

pub const APP_COMMANDS: &[&str] = &[
    "list_setups",
    "create_setup",
    "save_setup",
    "delete_setup",
    "preview_endpoints",
    "store_secret",
    "remove_secret",
    "copy_text",
    "copy_secret",
    "run_check",
    "start_demo",
    "open_link",
    "save_report",
    "copy_summary",
    "pingone_plan",
    "pingone_apply",
    "pingone_switch_rule_on",
    "export_setup",
    "import_setup",
    "new_pair_state",
    "test_new_pair",
    "language_state",
    "set_language",
];
