//! The terminal side: raw mode and the alternate screen (restored on exit, on error and on panic),
//! the input thread, and the event loop that feeds `App::update` and runs its effects.

use std::io::{self, Stdout, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use crossterm::event::{
    self as ct, DisableMouseCapture, EnableMouseCapture, KeyEventKind, MouseEventKind,
};
use crossterm::execute;
use crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;

use crate::app::keymap::key_of;
use crate::app::{Action, App, Effect};
use crate::core::data::source::{Input, LoadOptions};
use crate::event::Event;
use crate::jobs::Jobs;
use crate::ui;

/// Redraw at least this often while something runs (spinner, elapsed time).
const TICK: Duration = Duration::from_millis(100);

/// Open the TUI on `input` and run until the user quits.
/// How the app starts, besides what it opens.
pub struct Options {
    pub theme: crate::app::ThemeName,
    pub config: crate::app::config::Config,
    /// Start the guided tour.
    pub tour: bool,
}

/// Run the app on `input`; with `recipe` (and its file name), replay that session recipe once
/// the data is loaded.
pub fn run(
    input: Input,
    opts: LoadOptions,
    recipe: Option<(crate::core::session::recipe::Recipe, String)>,
    options: Options,
) -> anyhow::Result<()> {
    install_panic_hook();
    // polars prints its warnings to stderr, which would scribble over the screen.
    polars::error::set_warning_function(|_, _| {});
    let mut terminal = setup()?;
    let result = event_loop(&mut terminal, input, opts, recipe, options);
    restore();
    result
}

fn setup() -> io::Result<Terminal<CrosstermBackend<Stdout>>> {
    enable_raw_mode()?;
    let mut stdout = io::stdout();
    if let Err(e) = execute!(stdout, EnterAlternateScreen, EnableMouseCapture) {
        restore();
        return Err(e);
    }
    Terminal::new(CrosstermBackend::new(stdout)).inspect_err(|_| restore())
}

/// Set in the app's own process when a supervisor started it (see [`supervise`]).
const SUPERVISED: &str = "LATHE_SUPERVISED";

/// Run the app in a child process and wait for it, so that the terminal is put back even when
/// the app dies in a way no hook inside it can catch: a stack overflow or a failed allocation
/// aborts the process without running the panic hook, and a crash signal (SIGSEGV, SIGKILL)
/// runs nothing at all, which would leave the terminal raw, on the alternate screen, with the
/// cursor hidden and mouse reports on: over SSH, a dead session.
///
/// The supervisor reads the terminal's settings (`stty -g`) before the app starts and, if the
/// app ends by a signal, restores them, leaves the alternate screen, turns mouse reports off,
/// shows the cursor and says what happened. It returns the exit code to end with, or `None`
/// when the app should run in this process: already supervised, no terminal, or `stty`
/// unavailable (then only the panic hook guards the terminal).
pub fn supervise() -> Option<std::process::ExitCode> {
    use std::process::{Command, ExitCode, Stdio};
    if std::env::var_os(SUPERVISED).is_some() {
        return None;
    }
    let tty = || std::fs::File::open("/dev/tty").ok();
    let saved = Command::new("stty")
        .arg("-g")
        .stdin(Stdio::from(tty()?))
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|s| !s.is_empty())?;
    let exe = std::env::current_exe().ok()?;
    // The app handles Ctrl-C, SIGTERM and SIGHUP itself; the supervisor only waits (a handler
    // that does nothing keeps these signals from ending it before the app has put things back).
    if let Ok(mut signals) = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGINT,
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ]) {
        std::thread::spawn(move || for _ in signals.forever() {});
    }
    let status = Command::new(exe)
        .args(std::env::args_os().skip(1))
        .env(SUPERVISED, "1")
        .status()
        .ok()?;
    if let Some(code) = status.code() {
        return Some(ExitCode::from(u8::try_from(code).unwrap_or(1)));
    }
    #[cfg(unix)]
    let signal = std::os::unix::process::ExitStatusExt::signal(&status).unwrap_or(0);
    #[cfg(not(unix))]
    let signal = 0;
    if let Some(t) = tty() {
        let _ = Command::new("stty")
            .arg(&saved)
            .stdin(Stdio::from(t))
            .status();
    }
    let _ = execute!(
        io::stdout(),
        LeaveAlternateScreen,
        DisableMouseCapture,
        crossterm::cursor::Show
    );
    let why = match signal {
        6 => " (an abort: a stack overflow or memory that could not be allocated)",
        9 => " (killed, perhaps by the system for using too much memory)",
        11 => " (a crash)",
        _ => "",
    };
    eprintln!("lathe: stopped by signal {signal}{why}; the terminal was restored");
    Some(ExitCode::from(128u8.saturating_add(signal as u8)))
}

/// Put the terminal back as we found it. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        LeaveAlternateScreen,
        DisableMouseCapture,
        crossterm::cursor::Show
    );
}

/// Restore the terminal before the panic message prints, so it is readable and the shell usable.
/// Job threads catch their panics and report them as events, so for them the screen stays and
/// nothing is printed over it.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        // A job's panic is caught and reported by the job; a panic on one of polars' worker
        // threads reaches its caller (a job, or the loop below, which then panics itself).
        // Neither may take the terminal away from the running app.
        let in_job = std::thread::current()
            .name()
            .is_some_and(|n| n.starts_with(crate::jobs::THREAD_PREFIX) || n.starts_with("polars-"));
        if in_job {
            return;
        }
        restore();
        previous(info);
    }));
}

fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    input: Input,
    opts: LoadOptions,
    recipe: Option<(crate::core::session::recipe::Recipe, String)>,
    options: Options,
) -> anyhow::Result<()> {
    let (tx, rx) = mpsc::channel();
    let size = terminal.size()?;
    let (mut app, effects) = App::new(input, opts, (size.width, size.height));
    app.theme = options.theme;
    app.configure(options.config);
    if options.tour {
        app.start_tour();
    }
    if let Some((r, file)) = recipe {
        app.restore_recipe(r, file);
    }
    let mut jobs = Jobs::new(tx.clone());
    spawn_input_thread(tx);
    let started = Instant::now();
    run_effects(&mut jobs, effects);
    loop {
        terminal.draw(|f| ui::render(&app, f))?;
        let mut quit = false;
        // Handle everything already waiting before drawing again, so a burst of keys or job
        // reports costs one redraw.
        let mut next = wait(&rx, TICK);
        while let Some(ev) = next {
            if let Some(action) = to_action(ev) {
                let effects = app.update(action);
                quit |= run_effects(&mut jobs, effects);
            }
            next = rx.try_recv().ok().map(Some).unwrap_or(None);
        }
        // A tick can start work too (the inspector asks for a pane whose answer went stale).
        quit |= run_effects(&mut jobs, app.update(Action::Tick(started.elapsed())));
        if quit {
            jobs.cancel_all();
            return Ok(());
        }
    }
}

fn wait(rx: &Receiver<Event>, timeout: Duration) -> Option<Event> {
    match rx.recv_timeout(timeout) {
        Ok(ev) => Some(ev),
        Err(RecvTimeoutError::Timeout) => None,
        Err(RecvTimeoutError::Disconnected) => Some(Event::InputClosed),
    }
}

fn to_action(ev: Event) -> Option<Action> {
    match ev {
        Event::Input(ct::Event::Key(k)) if k.kind != KeyEventKind::Release => {
            Some(Action::Key(key_of(&k)))
        }
        Event::Input(ct::Event::Resize(w, h)) => Some(Action::Resize(w, h)),
        Event::Input(ct::Event::Mouse(m)) => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::Scroll {
                x: m.column,
                y: m.row,
                delta: 1,
            }),
            MouseEventKind::ScrollUp => Some(Action::Scroll {
                x: m.column,
                y: m.row,
                delta: -1,
            }),
            MouseEventKind::Down(ct::MouseButton::Left) => Some(Action::Click {
                x: m.column,
                y: m.row,
            }),
            _ => None,
        },
        Event::Input(_) => None,
        Event::Job(j) => Some(Action::Job(j)),
        Event::InputClosed => Some(Action::Cmd(crate::app::Cmd::Quit)),
    }
}

/// Carry out effects; returns true when one of them is Quit.
fn run_effects(jobs: &mut Jobs, effects: Vec<Effect>) -> bool {
    let mut quit = false;
    for e in effects {
        match e {
            Effect::Start(id, job) => jobs.start(id, job),
            Effect::Cancel(job) => jobs.cancel(job),
            Effect::Copy(text) => {
                // Best effort: a terminal that ignores OSC 52 ignores it silently.
                let mut out = std::io::stdout();
                let _ = out
                    .write_all(osc52(&text).as_bytes())
                    .and_then(|()| out.flush());
            }
            Effect::Quit => quit = true,
        }
    }
    quit
}

/// The OSC 52 sequence that asks the terminal to put `text` on the clipboard (it travels over
/// SSH with the rest of the output; tmux passes it on with `set -g set-clipboard on`).
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

/// Standard base64 with padding (RFC 4648), as OSC 52 wants it.
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Read terminal events on their own thread and forward them to the loop.
fn spawn_input_thread(tx: mpsc::Sender<Event>) {
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || loop {
            match ct::read() {
                Ok(ev) => {
                    if tx.send(Event::Input(ev)).is_err() {
                        return;
                    }
                }
                Err(_) => {
                    let _ = tx.send(Event::InputClosed);
                    return;
                }
            }
        })
        .expect("spawning the input thread");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_carries_the_text_in_base64() {
        // RFC 4648's test vectors.
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded);
        }
        assert_eq!(osc52("héllo"), "\x1b]52;c;aMOpbGxv\x07");
    }
}
