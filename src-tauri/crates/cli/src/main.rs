//! `haiilo-scim`: the PingOne values and the connection check, headless.

mod apply;
mod args;
mod check;
mod demo;
mod emulator;
mod error;
#[cfg(debug_assertions)]
mod forbidden_forms;
mod pingone_access;
mod secret_input;
mod style;
mod target;
mod values;

use args::{Cli, Command, PingoneCommand};
use clap::Parser;
use std::process::ExitCode;

/// Exit status when a check step failed (2 is bad input or usage, as with clap).
const EXIT_CHECK_FAILED: u8 = 1;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start: {e}");
            return ExitCode::from(2);
        }
    };
    let outcome = runtime.block_on(async {
        match &cli.command {
            Command::Values(args) => values::run(args).map(|()| true),
            Command::Check(args) => check::run(args).await,
            Command::Pingone(PingoneCommand::Apply(args)) => apply::run(args).await,
            Command::Pingone(PingoneCommand::SwitchOn(args)) => apply::switch_on(args).await,
            Command::DemoTenant(args) => demo::serve(args).await.map(|()| true),
            Command::PingoneEmulator(args) => emulator::serve(args).await.map(|()| true),
            #[cfg(debug_assertions)]
            Command::ForbiddenForms(args) => forbidden_forms::run(args).map(|()| true),
        }
    });
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(EXIT_CHECK_FAILED),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
