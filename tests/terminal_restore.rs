//! The app in a pseudo-terminal (util-linux `script`), aborted (SIGABRT: what a stack overflow
//! or a failed allocation ends in) where no hook inside it can run: the supervisor puts the terminal back (cooked mode, main screen, cursor
//! shown). The same crash without the supervisor leaves the terminal raw, which shows the check
//! would catch a regression.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Run the app on a small file inside `script`, abort the app's own process (SIGABRT) once it
/// has drawn, and return what the terminal saw, ending with `stty -a` run in it afterwards.
fn crash_in_a_pty(supervised: bool) -> String {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join(format!(
        "crash_probe_{}_{supervised}.csv",
        std::process::id()
    ));
    std::fs::write(&data, "a,b\n1,2\n3,4\n").unwrap();
    let log = dir.path().join("log");
    let env = if supervised {
        ""
    } else {
        "LATHE_SUPERVISED=1 "
    };
    let cmd = format!(
        "{env}{} {}; echo EXIT=$?; stty -a",
        env!("CARGO_BIN_EXE_lathe"),
        data.display()
    );
    let mut script = Command::new("script")
        .args(["-qfec", &cmd, log.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("util-linux script runs");
    let seen = |what: &str| {
        std::fs::read(&log)
            .map(|b| String::from_utf8_lossy(&b).contains(what))
            .unwrap_or(false)
    };
    // The app's own process: the one with the data file in its arguments that is not the
    // supervisor (the supervisor's child carries LATHE_SUPERVISED).
    let start = Instant::now();
    let app = loop {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the app never drew"
        );
        std::thread::sleep(Duration::from_millis(50));
        if !seen("\x1b[?1049h") {
            continue;
        }
        let out = Command::new("pgrep")
            .args(["-f", data.to_str().unwrap()])
            .output()
            .unwrap();
        let pids: Vec<u32> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.trim().parse().ok())
            .collect();
        let app = pids.into_iter().find(|pid| {
            let exe = std::fs::read_link(format!("/proc/{pid}/exe")).ok();
            let environ = std::fs::read(format!("/proc/{pid}/environ")).unwrap_or_default();
            exe.is_some_and(|e| e.ends_with("lathe"))
                && String::from_utf8_lossy(&environ).contains("LATHE_SUPERVISED=1")
        });
        if let Some(pid) = app {
            break pid;
        }
    };
    std::thread::sleep(Duration::from_millis(200));
    Command::new("kill")
        .args(["-ABRT", &app.to_string()])
        .status()
        .unwrap();
    let start = Instant::now();
    while script.try_wait().unwrap().is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "script did not end"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    String::from_utf8_lossy(&std::fs::read(&log).unwrap()).into_owned()
}

/// The terminal's local modes as `stty -a` printed them after the app.
fn modes_after(log: &str) -> &str {
    let at = log.rfind("EXIT=").expect("the shell went on after the app");
    &log[at..]
}

#[test]
fn a_crash_leaves_the_terminal_restored() {
    let log = crash_in_a_pty(true);
    let after = modes_after(&log);
    assert!(after.starts_with("EXIT=134"), "{after}");
    assert!(
        log.contains(
            "lathe: stopped by signal 6 (an abort: a stack overflow or memory that could not be \
             allocated); the terminal was restored"
        ),
        "{log}"
    );
    assert!(
        after.contains(" icanon") && after.contains(" echo"),
        "{after}"
    );
    assert!(!after.contains("-icanon"), "{after}");
    // The main screen and the cursor are back after the app's last drawing.
    let entered = log.rfind("\x1b[?1049h").unwrap();
    let left = log.rfind("\x1b[?1049l").expect("left the alternate screen");
    let shown = log.rfind("\x1b[?25h").expect("showed the cursor");
    assert!(left > entered && shown > entered);
}

#[test]
fn without_the_supervisor_the_same_crash_leaves_it_raw() {
    let log = crash_in_a_pty(false);
    let after = modes_after(&log);
    assert!(after.contains("-icanon"), "{after}");
}
