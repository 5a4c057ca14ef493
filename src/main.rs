//! The `tifa` command: tag reports, check rule files, explain matches, evaluate against labels,
//! serve the web page.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
