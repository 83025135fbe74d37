use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = alpost::cli::Cli::parse();
    match alpost::app::run(cli) {
        Ok(status) => ExitCode::from(status.code() as u8),
        Err(err) => {
            // A closed pipe (`alpost check | head`) is the reader's choice, not a failure.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            alpost::app::report_error(&format!("{err:#}"));
            ExitCode::from(alpost::exit::ExitStatus::Error.code() as u8)
        }
    }
}
