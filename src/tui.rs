//! The terminal side: raw mode and the alternate screen (restored on exit, on error and on panic),
//! the input thread, and the event loop that feeds `App::update` and runs its effects.

use std::io::{self, Stdout};
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
use crate::core::source::{Input, LoadOptions};
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
    recipe: Option<(crate::core::recipe::Recipe, String)>,
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
        let in_job = std::thread::current()
            .name()
            .is_some_and(|n| n.starts_with(crate::jobs::THREAD_PREFIX));
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
    recipe: Option<(crate::core::recipe::Recipe, String)>,
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
        app.update(Action::Tick(started.elapsed()));
        if quit || app.should_quit {
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
            Effect::Load { job, input, opts } => jobs.load(job, input, opts),
            Effect::Stats { job, frame } => jobs.stats(job, frame),
            Effect::View { job, frame, spec } => jobs.view(job, frame, spec),
            Effect::Search {
                job,
                frame,
                needle,
                from,
                forward,
            } => jobs.search(job, frame, needle, from, forward),
            Effect::Inspect {
                job,
                frame,
                request,
            } => jobs.inspect(job, frame, request),
            Effect::Preview { job, frame, step } => jobs.preview(job, frame, step),
            Effect::Write {
                job,
                path,
                output,
                overwrite,
                source,
            } => jobs.write(job, path, output, overwrite, source),
            Effect::Train { job, frame, spec } => jobs.train(job, frame, spec),
            Effect::Cancel(job) => jobs.cancel(job),
            Effect::Quit => quit = true,
        }
    }
    quit
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
