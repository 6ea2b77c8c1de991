//! `footlog-sync-testserver [--port N]`: a TaskChampion sync server on 127.0.0.1 for
//! end-to-end tests and benchmarks of the footlog binary. Prints its URL as the first line on
//! stdout, then serves, keeping its data in memory, until it is killed.

use std::io::Write;
use std::process::ExitCode;
use std::thread;

use footlog_sync_testserver::{Options, TestServer};

const USAGE: &str = "usage: footlog-sync-testserver [--port N]";

/// Writes a line on stderr, ignoring a closed stderr.
fn complain(message: &str) {
    let _ = writeln!(std::io::stderr(), "footlog-sync-testserver: {message}");
}

fn parse_port(args: &[String]) -> Result<u16, String> {
    match args {
        [] => Ok(0),
        [flag, port] if flag == "--port" => port
            .parse()
            .map_err(|_| format!("--port takes a port number (0-65535), not {port:?}")),
        [flag] if flag.starts_with("--port=") => parse_port(&[
            "--port".to_owned(),
            flag.trim_start_matches("--port=").to_owned(),
        ]),
        _ => Err(USAGE.to_owned()),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if matches!(args.as_slice(), [a] if a == "--help" || a == "-h") {
        let _ = writeln!(std::io::stdout(), "{USAGE}");
        return ExitCode::SUCCESS;
    }
    let port = match parse_port(&args) {
        Ok(port) => port,
        Err(message) => {
            complain(&message);
            return ExitCode::from(2);
        }
    };
    let server = match TestServer::start_with(Options {
        port,
        // Nobody can ask this process for what it received.
        record_requests: false,
        ..Options::default()
    }) {
        Ok(server) => server,
        Err(e) => {
            complain(&format!("cannot listen on 127.0.0.1:{port}: {e}"));
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout().lock();
    if writeln!(stdout, "{}", server.url())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        // Nobody can learn the URL; serving would be pointless.
        return ExitCode::FAILURE;
    }
    drop(stdout);
    // Serve until killed: the connection threads do the work.
    loop {
        thread::park();
    }
}
