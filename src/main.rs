//! The `profile-lint` binary: parses the command line and calls the library.

mod cli;
mod commands;

use clap::Parser;

fn main() {
    let args = cli::subcommand_first(std::env::args_os().collect());
    let cli = cli::Cli::parse_from(args);
    std::process::exit(cli::run(cli));
}
