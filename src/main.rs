use std::process::ExitCode;

// The glibc allocator spends a quarter of a short run in malloc and free; mimalloc's
// thread-local free lists make the many small allocations of tokenizing and reporting cheap.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match alpost::usage::parse(std::env::args_os()) {
        alpost::usage::Parsed::Run(cli) => cli,
        alpost::usage::Parsed::Print {
            text,
            stderr,
            status,
        } => {
            alpost::app::print_usage(&text, stderr);
            return ExitCode::from(status.code() as u8);
        }
    };
    match alpost::app::run(*cli) {
        Ok(status) => ExitCode::from(status.code() as u8),
        Err(err) => {
            // A closed pipe (`alpost check | head`) is the reader's choice, not a failure.
            if err.chain().any(|e| {
                e.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            alpost::app::report_error(&alpost::reason::chain(&err));
            ExitCode::from(alpost::exit::ExitStatus::Error.code() as u8)
        }
    }
}
