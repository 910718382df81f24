use clap::Parser;

fn main() {
    let cli = profile_lint::cli::Cli::parse();
    std::process::exit(profile_lint::cli::run(cli));
}
