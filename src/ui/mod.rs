//! Pure rendering: draw an `&App` into a ratatui frame. Nothing here changes the app, and no work
//! bigger than the visible window is done (the table reads only the rows on screen).

mod bars;
mod clean;
mod columns;
mod inspector;
mod model;
mod popups;
mod table;
pub mod theme;

use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::layout::{self, MIN_HEIGHT, MIN_WIDTH};
use crate::app::{App, Overlay};
use theme::Theme;

/// Draw the whole screen.
pub fn render(app: &App, f: &mut Frame) {
    let theme = Theme::named(app.theme);
    let area = f.area();
    let Some(areas) = layout::areas(area.width, area.height, app.tall_pane()) else {
        too_small(f, area);
        return;
    };
    bars::title(app, f, areas.title, &theme);
    match &app.inspector {
        Some(ins) => inspector::render(app, ins, f, areas.table, &theme),
        None => table::render(app, f, areas.table, &theme),
    }
    columns::render(app, f, areas.columns, &theme);
    bars::status(app, f, areas.status, &theme);
    if let Some(t) = &app.tour {
        popups::tour(t, f, area, &theme);
    }
    match app.overlay {
        Some(Overlay::Help { scroll }) => popups::help(app, f, area, scroll, &theme),
        Some(Overlay::Cell { scroll }) => popups::cell(app, f, area, scroll, &theme),
        Some(Overlay::Prompt) => popups::prompt(app, f, areas.status, &theme),
        Some(Overlay::Menu { cursor }) => clean::menu(f, area, cursor, &theme),
        Some(Overlay::Form) => clean::form(app, f, area, &theme),
        Some(Overlay::Confirm(which)) => clean::confirm(app, f, area, which, &theme),
        Some(Overlay::Train) => model::form(app, f, area, &theme),
        Some(Overlay::Palette) => popups::palette(app, f, area, &theme),
        Some(Overlay::Tables { cursor }) => popups::tables(app, f, area, cursor, &theme),
        None => {}
    }
}

fn too_small(f: &mut Frame, area: Rect) {
    let text = vec![
        Line::from(format!(
            "Terminal too small: {}x{}",
            area.width, area.height
        )),
        Line::from(format!("lathe needs at least {MIN_WIDTH}x{MIN_HEIGHT}.")),
        Line::from("Enlarge the window, or press q to quit."),
    ];
    let top = area.height.saturating_sub(3) / 2;
    let inner = Rect::new(area.x, area.y + top, area.width, area.height - top);
    f.render_widget(
        Paragraph::new(text)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        inner,
    );
}

/// A bordered block, highlighted when focused.
fn pane_block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
    let style = if focused {
        theme.border_focused
    } else {
        theme.border
    };
    Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(Line::styled(format!(" {title} "), style))
}
