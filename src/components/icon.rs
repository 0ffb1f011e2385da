//! Line icons for the navigation (24×24, stroked with currentColor).

use crate::route::Route;
use yew::prelude::*;

fn path(route: &Route) -> &'static str {
    match route {
        Route::Dashboard => "M3 13h8V3H3zM13 21h8V11h-8zM3 21h8v-6H3zM13 3v6h8V3z",
        Route::Channels => "M4 6h16M4 12h10M4 18h6",
        Route::Funnels => "M3 4h18l-7 8v6l-4 2v-8z",
        Route::Support => {
            "M4 14v-2a8 8 0 0 1 16 0v2M4 14h3v5H4zM17 14h3v5h-3zM20 19a3 3 0 0 1-3 3h-4"
        }
        Route::Contacts | Route::Contact { .. } => {
            "M16 21v-2a4 4 0 0 0-8 0v2M12 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8z"
        }
        Route::Segments => "M12 3a9 9 0 1 0 9 9h-9z M14 2v8h8a8 8 0 0 0-8-8z",
        Route::Scoring => "M12 2l3 7h7l-5.5 4.5L18.5 21 12 16.5 5.5 21l2-7.5L2 9h7z",
        Route::Pressure => "M12 22a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 13l4-4",
        Route::Import => "M12 3v12M7 10l5 5 5-5M4 21h16",
        Route::Push => "M18 8a6 6 0 0 0-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 0 1-3.4 0",
        Route::Settings => "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19 12h2M3 12h2M12 3v2M12 19v2",
        Route::Login => "M15 3h4a2 2 0 0 1 2 2v14a2 2 0 0 1-2 2h-4M10 17l5-5-5-5M15 12H3",
        Route::NotFound => "M12 8v5M12 16h.01",
    }
}

/// Props of [`NavIcon`].
#[derive(Properties, PartialEq)]
pub struct NavIconProps {
    /// Whose icon.
    pub route: Route,
}

/// The icon of a navigation entry; decorative, hidden from screen readers.
#[component]
pub fn NavIcon(props: &NavIconProps) -> Html {
    html! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
            <path d={path(&props.route)} />
        </svg>
    }
}
