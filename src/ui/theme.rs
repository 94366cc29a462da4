//! Colours and text styles, in one place so a light theme and NO_COLOR can follow later.

use ratatui::style::{Color, Modifier, Style};

/// Colours of chart series (scatter groups, ROC curves, clusters), in order.
pub const SERIES: [Color; 8] = [
    Color::Cyan,
    Color::Yellow,
    Color::Magenta,
    Color::Green,
    Color::LightRed,
    Color::LightBlue,
    Color::White,
    Color::Gray,
];

#[derive(Debug, Clone)]
pub struct Theme {
    pub title: Style,
    pub border: Style,
    pub border_focused: Style,
    pub header: Style,
    pub gutter: Style,
    pub null: Style,
    pub cursor_row: Style,
    pub cursor_cell: Style,
    pub dim: Style,
    pub error: Style,
    pub info: Style,
    pub key: Style,
    pub progress: Style,
}

impl Theme {
    pub fn dark() -> Self {
        Theme {
            title: Style::new().fg(Color::Black).bg(Color::Cyan),
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            header: Style::new().add_modifier(Modifier::BOLD),
            gutter: Style::new().fg(Color::DarkGray),
            null: Style::new()
                .fg(Color::DarkGray)
                .add_modifier(Modifier::ITALIC),
            cursor_row: Style::new().bg(Color::Rgb(40, 44, 52)),
            cursor_cell: Style::new().add_modifier(Modifier::REVERSED),
            dim: Style::new().fg(Color::DarkGray),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            info: Style::new().fg(Color::Green),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            progress: Style::new().fg(Color::Yellow),
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
}
