//! The `profile-lint` binary: parses the command line and calls the library.

mod cli;
mod commands;
mod terminal;

use clap::Parser;

fn main() {
    // `wild` expands `profile-lint *.xml` on Windows as a Unix shell would (cmd.exe and
    // PowerShell pass the pattern as it is); on other systems it returns the arguments as given.
    let args = cli::subcommand_first(wild::args_os().collect());
    let cli = cli::Cli::parse_from(args);
    std::process::exit(cli::run(cli));
}
