//! The `resilift` binary: parses the command line (the command tree is in `cli`, the text for
//! people in `render`), runs it and decides the exit status (0 a decision was made, 2 invalid
//! input, 1 anything else).

mod cli;
mod render;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Failure};

/// mimalloc: the server allocates many small, short-lived buffers per request (rows, JSON), and
/// the system allocator's locking showed up as a tenth of the time under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    resilift_server::private_files();
    let cli = Cli::parse();
    match cli::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(errors)) => {
            eprintln!("{errors}");
            ExitCode::from(2)
        }
        Err(Failure::Other(error)) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(Failure::Other(error)) => {
            eprintln!("error: {error:#}");
            ExitCode::from(1)
        }
    }
}

/// A reader that stops early (`resilift rules | head`) is not a failure.
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
