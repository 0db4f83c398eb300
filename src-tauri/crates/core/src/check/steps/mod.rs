//! One module per rung of the ladder (the network rungs share one). Each step observes,
//! judges, and hands back an outcome; the ladder decides what runs next.

mod error_format;
mod groups;
mod inputs;
mod list_users;
pub(crate) mod lookup;
mod network;
mod paging;
pub(crate) mod pingone;
mod provider_config;
mod scim_auth;
mod scim_http;
mod token;

use super::context::Context;
use super::model::StepId;
use super::outcome::StepOutcome;

pub(crate) async fn run(id: StepId, ctx: &Context) -> StepOutcome {
    match id {
        StepId::Inputs => inputs::run(ctx),
        StepId::Dns => network::dns(ctx).await,
        StepId::Tcp => network::tcp(ctx).await,
        StepId::Tls => network::tls(ctx).await,
        StepId::Token => token::run(ctx).await,
        StepId::ScimRequiresAuth => scim_auth::run(ctx).await,
        StepId::ServiceProviderConfig => provider_config::run(ctx).await,
        StepId::ListUsers => list_users::run(ctx).await,
        StepId::PingoneLookupAbsent => lookup::absent(ctx).await,
        StepId::PingoneLookupExisting => lookup::existing(ctx).await,
        StepId::Paging => paging::run(ctx).await,
        StepId::Groups => groups::run(ctx).await,
        StepId::ErrorFormat => error_format::run(ctx).await,
        StepId::PingoneToken
        | StepId::PingoneStore
        | StepId::PingoneCloudTest
        | StepId::PingoneRule
        | StepId::PingoneSync => pingone::run(id, ctx).await,
    }
}
