//! Colours and text styles, in one place: a dark and a light theme, and a plain one for
//! `NO_COLOR` that carries every distinction with bold, underline, italic and reverse video.
//! Nothing here is the only carrier of meaning: heat grids print their values, series have
//! legends, drifted and wrong rows carry a mark as well as a colour.

use ratatui::style::{Color, Modifier, Style};

use crate::app::ThemeName;

/// Colours of chart series (scatter groups, ROC curves, clusters), in order (dark theme).
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

/// Series on a light background: darker, distinct hues.
const SERIES_LIGHT: [Color; 8] = [
    Color::Blue,
    Color::Rgb(190, 100, 0),
    Color::Magenta,
    Color::Rgb(0, 120, 60),
    Color::Red,
    Color::Rgb(0, 110, 150),
    Color::Black,
    Color::DarkGray,
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
    /// Chart series colours.
    pub series: [Color; 8],
    /// No colours at all (`NO_COLOR`): charts draw in the terminal's colour, heat grids show
    /// their values without a background.
    pub plain: bool,
}

impl Theme {
    pub fn named(name: ThemeName) -> Self {
        match name {
            ThemeName::Dark => Theme::dark(),
            ThemeName::Light => Theme::light(),
            ThemeName::Plain => Theme::plain(),
        }
    }

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
            series: SERIES,
            plain: false,
        }
    }

    pub fn light() -> Self {
        Theme {
            title: Style::new().fg(Color::White).bg(Color::Blue),
            border: Style::new().fg(Color::Gray),
            border_focused: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            header: Style::new().add_modifier(Modifier::BOLD),
            gutter: Style::new().fg(Color::Gray),
            null: Style::new().fg(Color::Gray).add_modifier(Modifier::ITALIC),
            cursor_row: Style::new().bg(Color::Rgb(222, 228, 240)),
            cursor_cell: Style::new().add_modifier(Modifier::REVERSED),
            dim: Style::new().fg(Color::DarkGray),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            info: Style::new().fg(Color::Rgb(0, 120, 60)),
            key: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
            progress: Style::new().fg(Color::Rgb(170, 90, 0)),
            series: SERIES_LIGHT,
            plain: false,
        }
    }

    /// `NO_COLOR`: styles only.
    pub fn plain() -> Self {
        Theme {
            title: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            border: Style::new(),
            border_focused: Style::new().add_modifier(Modifier::BOLD),
            header: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            gutter: Style::new().add_modifier(Modifier::DIM),
            null: Style::new().add_modifier(Modifier::ITALIC | Modifier::DIM),
            cursor_row: Style::new().add_modifier(Modifier::UNDERLINED),
            cursor_cell: Style::new().add_modifier(Modifier::REVERSED),
            dim: Style::new().add_modifier(Modifier::DIM),
            error: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            info: Style::new(),
            key: Style::new().add_modifier(Modifier::BOLD),
            progress: Style::new().add_modifier(Modifier::ITALIC),
            series: [Color::Reset; 8],
            plain: true,
        }
    }

    /// A chart colour: `colour` unless the theme has none.
    pub fn ink(&self, colour: Color) -> Color {
        if self.plain {
            Color::Reset
        } else {
            colour
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
}
