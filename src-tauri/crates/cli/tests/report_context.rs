//! What a saved report says besides the run: which setup, the admin's group choice, whether
//! it came from the practice tenant, and whether it holds personal data (users are left
//! out unless the admin asks for them).
#![allow(clippy::unwrap_used)]

mod support;

use haiilo_scim_core::report::{render_with, ReportContext, ReportFormat};
use haiilo_scim_core::setups::GroupProvisioning;
use support::front::Action;
use support::run::run_demo;

const FORMATS: [ReportFormat; 3] = [
    ReportFormat::Markdown,
    ReportFormat::Html,
    ReportFormat::Json,
];

fn context(groups: GroupProvisioning) -> ReportContext {
    ReportContext {
        setup_name: Some("Acme production".into()),
        groups,
        practice_tenant: true,
        include_users: false,
    }
}

#[tokio::test]
async fn the_report_names_the_setup_its_group_choice_and_the_practice_tenant() {
    let run = run_demo(vec![], |_| Action::Forward).await;
    for format in [ReportFormat::Markdown, ReportFormat::Html] {
        let users_only = render_with(&run.report, format, &context(GroupProvisioning::UsersOnly));
        assert!(users_only.contains("Acme production"), "{format:?}");
        assert!(users_only.contains("users only"), "{format:?}");
        assert!(!users_only.contains("not chosen"), "{format:?}");
        assert!(users_only.contains("local practice tenant"), "{format:?}");

        let undecided = render_with(&run.report, format, &context(GroupProvisioning::Undecided));
        assert!(undecided.contains("not chosen yet"), "{format:?}");
        let both = render_with(
            &run.report,
            format,
            &context(GroupProvisioning::UsersAndGroups),
        );
        assert!(both.contains("users and groups"), "{format:?}");

        let real = ReportContext {
            practice_tenant: false,
            ..context(GroupProvisioning::UsersOnly)
        };
        // The run's own headline still says where it passed; the report's context line does not
        // call a real tenant the practice tenant.
        assert!(!render_with(&run.report, format, &real).contains("local practice tenant"));
    }
    let json: serde_json::Value = serde_json::from_str(&render_with(
        &run.report,
        ReportFormat::Json,
        &context(GroupProvisioning::UsersOnly),
    ))
    .unwrap();
    assert_eq!(json["setup"]["name"], "Acme production");
    assert_eq!(json["setup"]["group_provisioning"], "users_only");
    assert_eq!(json["setup"]["practice_tenant"], true);
    assert_eq!(json["verdict"]["ready"], true, "the run's own fields stay");
}

#[tokio::test]
async fn users_are_left_out_by_default_everywhere_and_the_report_says_so() {
    let run = run_demo(vec![], |_| Action::Forward).await;
    let users = run.report.users.as_ref().unwrap();
    assert_eq!(users.sample.len(), 10);
    let people: Vec<&str> = users
        .sample
        .iter()
        .flat_map(|u| [Some(u.user_name.as_str()), u.name.as_deref()])
        .flatten()
        .collect();
    // The existing-user lookup names one of them in its facts: that must go too.
    let lookup = run
        .report
        .steps
        .iter()
        .find(|s| s.id.as_str() == "pingone_lookup_existing")
        .unwrap();
    assert!(
        lookup
            .facts
            .iter()
            .any(|f| people.iter().any(|p| f.value.contains(p))),
        "{:?}",
        lookup.facts
    );

    let default = context(GroupProvisioning::UsersOnly);
    for format in FORMATS {
        let text = render_with(&run.report, format, &default);
        for person in &people {
            assert!(!text.contains(person), "{format:?} holds {person}:\n{text}");
        }
        assert!(text.contains("[user "), "{format:?}");
        assert!(
            text.contains("50"),
            "the number of users stays ({format:?})"
        );
    }
    for format in [ReportFormat::Markdown, ReportFormat::Html] {
        let text = render_with(&run.report, format, &default);
        assert!(text.contains("Personal data"), "{format:?}");
        assert!(text.contains("left out"), "{format:?}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&render_with(&run.report, ReportFormat::Json, &default)).unwrap();
    assert_eq!(json["contains_personal_data"], false);
    assert_eq!(json["users"]["total_results"], 50);
    assert_eq!(json["users"]["sample"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn with_users_chosen_the_report_lists_them_and_says_it_holds_personal_data() {
    let run = run_demo(vec![], |_| Action::Forward).await;
    let first = &run.report.users.as_ref().unwrap().sample[0];
    let with_users = ReportContext {
        include_users: true,
        ..context(GroupProvisioning::UsersOnly)
    };
    for format in FORMATS {
        let text = render_with(&run.report, format, &with_users);
        assert!(text.contains(&first.user_name), "{format:?}");
        assert!(!text.contains("[user "), "{format:?}");
    }
    for format in [ReportFormat::Markdown, ReportFormat::Html] {
        let text = render_with(&run.report, format, &with_users);
        assert!(
            text.contains("yes: the userNames and names of 10 users"),
            "{format:?}:\n{text}"
        );
    }
    let json: serde_json::Value =
        serde_json::from_str(&render_with(&run.report, ReportFormat::Json, &with_users)).unwrap();
    assert_eq!(json["contains_personal_data"], true);
    assert_eq!(json["users"]["sample"].as_array().unwrap().len(), 10);
}
