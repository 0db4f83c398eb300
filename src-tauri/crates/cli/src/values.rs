//! `haiilo-scim values`: the PingOne form, ready to copy.

use crate::args::ValuesArgs;
use crate::error::{CliError, Result};
use crate::style::Style;
use crate::target;
use haiilo_scim_core::client_id::ClientId;
use haiilo_scim_core::pingone::PingOneValues;

pub fn run(args: &ValuesArgs) -> Result<()> {
    let mut endpoints = target::endpoints(&args.target)?;
    let client_id = match &args.client_id {
        Some(raw) => {
            let id = ClientId::parse(raw).map_err(|e| CliError::Input(e.into()))?;
            endpoints.notes.extend(id.notes);
            Some(id.value)
        }
        None => None,
    };
    let values = PingOneValues::new(&endpoints, client_id.as_deref());
    if args.json {
        println!("{}", to_json(&values));
    } else {
        print_table(&values, Style::detect());
    }
    Ok(())
}

fn to_json(values: &PingOneValues) -> String {
    serde_json::to_string_pretty(values).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

fn print_table(values: &PingOneValues, style: Style) {
    println!(
        "{}",
        style.bold("PingOne › Integrations › Provisioning › New Connection › SCIM Outbound › Configure Authentication")
    );
    println!();
    for field in values.form_fields() {
        let value = match (&field.value, field.is_secret) {
            (_, true) => style.dim("(the Client Secret Haiilo showed once; never printed here)"),
            (Some(v), false) => v.clone(),
            (None, false) => {
                style.dim("(the Client ID of your Haiilo API client; pass --client-id)")
            }
        };
        println!("  {:<24} {value}", field.label);
    }
    let rule = &values.rule;
    println!();
    println!(
        "{}",
        style.bold("PingOne › Integrations › Provisioning › New Rule")
    );
    println!();
    println!(
        "  {:<24} {} · {} · {}",
        "User Filter",
        rule.user_filter.attribute,
        rule.user_filter.operator,
        rule.user_filter.value
    );
    println!("  {:<24} {}", "Attribute Mapping", rule.attribute_mapping);
    println!("  {:<24} {}", "Group Provisioning", rule.group_provisioning);
    println!();
    println!("{}", style.bold("Notes"));
    for note in &values.notes {
        println!("  - {note}");
    }
}
