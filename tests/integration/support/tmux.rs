//! Drives the real binary in tmux: a server on its own socket, send-keys, and polling
//! capture-pane with a deadline (no blind sleeps). Shared by the end-to-end tests.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// A tmux server on its own socket with one session `app`, killed when dropped (also when the
/// test fails).
pub struct Tmux {
    socket: String,
    socket_path: Option<String>,
}

impl Tmux {
    /// Starts `command` (a shell command line) in a detached `width`×`height` session.
    pub fn start(name: &str, command: &str, width: u16, height: u16) -> Tmux {
        let mut tmux = Tmux {
            socket: format!("footlog-{name}-{}", std::process::id()),
            socket_path: None,
        };
        let (w, h) = (width.to_string(), height.to_string());
        let out = tmux.run(&[
            "new-session",
            "-d",
            "-s",
            "app",
            "-x",
            &w,
            "-y",
            &h,
            command,
        ]);
        assert!(out.status.success(), "tmux new-session: {out:?}");
        let path = tmux.run(&["display-message", "-p", "#{socket_path}"]);
        tmux.socket_path = Some(String::from_utf8_lossy(&path.stdout).trim().to_string())
            .filter(|p| !p.is_empty());
        tmux
    }

    /// Runs a tmux command against this server.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    /// Types keys into the app.
    pub fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "app"];
        args.extend_from_slice(keys);
        let out = self.run(&args);
        assert!(out.status.success(), "send-keys {keys:?}: {out:?}");
    }

    /// The visible screen.
    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "app"]).stdout).into_owned()
    }

    /// The visible screen with its colours and attributes as escape sequences (`capture-pane
    /// -e`).
    pub fn screen_with_styles(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-e", "-t", "app"]).stdout)
            .into_owned()
    }

    /// Polls the screen until `pred` holds, failing with the last screen after a deadline.
    pub fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Polls until the screen shows `text`.
    pub fn wait_for(&self, text: &str) -> String {
        self.wait_until(text, |s| s.contains(text))
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
        // tmux leaves its socket file behind; remove it so runs leave nothing.
        if let Some(p) = self.socket_path.as_deref() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Single-quotes a path for the shell.
pub fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}
