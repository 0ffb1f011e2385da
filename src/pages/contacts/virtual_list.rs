//! A list that renders only the rows in view, so 100k rows cost as much
//! DOM as 30: fixed row height, an absolutely positioned window of rows
//! inside a spacer as tall as the whole list, keyboard navigation with an
//! active row (`aria-activedescendant`).

use std::ops::Range;
use web_sys::Element;
use yew::prelude::*;

/// Rows rendered above and below the visible ones, so fast scrolling does
/// not show blank space before the next render.
pub const OVERSCAN: usize = 8;

/// The most rows ever in the DOM, whatever the viewport.
pub const MAX_ROWS: usize = 200;

/// Viewport height assumed before the list is laid out.
const DEFAULT_VIEWPORT: f64 = 600.0;

/// The rows to render for a scroll position: the visible ones plus
/// [`OVERSCAN`] on each side, at most [`MAX_ROWS`], within `0..count`.
pub fn window(scroll_top: f64, viewport: f64, row_height: u32, count: usize) -> Range<usize> {
    let h = f64::from(row_height.max(1));
    let first_visible = (scroll_top.max(0.0) / h).floor() as usize;
    let visible = (viewport.max(0.0) / h).ceil() as usize + 1;
    let start = first_visible.saturating_sub(OVERSCAN).min(count);
    let end = first_visible
        .saturating_add(visible + OVERSCAN)
        .min(start + MAX_ROWS)
        .min(count);
    start..end
}

/// The scroll position that shows row `index` whole, moving as little as
/// possible from `scroll_top`.
pub fn scroll_to_show(index: usize, scroll_top: f64, viewport: f64, row_height: u32) -> f64 {
    let top = (index as f64) * f64::from(row_height);
    let bottom = top + f64::from(row_height);
    if top < scroll_top {
        top
    } else if bottom > scroll_top + viewport {
        (bottom - viewport).max(0.0)
    } else {
        scroll_top
    }
}

/// Props of [`VirtualList`].
#[derive(Properties, PartialEq)]
pub struct VirtualListProps {
    /// Number of rows.
    pub count: usize,
    /// Height of every row in CSS pixels.
    pub row_height: u32,
    /// Renders row `index`; the flag says whether it is the active row.
    pub render: Callback<(usize, bool), Html>,
    /// Called with the active row's index on Enter.
    pub on_open: Callback<usize>,
    /// Accessible name of the list.
    pub label: AttrValue,
    /// Changes when the rows are different ones (a new search), which
    /// scrolls back to the top and makes the first row active.
    pub generation: usize,
    /// Extra classes.
    #[prop_or_default]
    pub class: Classes,
}

/// The list; see the module docs.
#[component]
pub fn VirtualList(props: &VirtualListProps) -> Html {
    let node = use_node_ref();
    // (scroll top, viewport height) as last read from the element.
    let view = use_state(|| (0.0f64, DEFAULT_VIEWPORT));
    let active = use_state(|| 0usize);
    let measure = |el: &Element| {
        let h = f64::from(el.client_height());
        (
            f64::from(el.scroll_top()),
            if h > 0.0 { h } else { DEFAULT_VIEWPORT },
        )
    };
    {
        let (node, view, active) = (node.clone(), view.clone(), active.clone());
        use_effect_with(props.generation, move |_| {
            if let Some(el) = node.cast::<Element>() {
                el.set_scroll_top(0);
                view.set(measure(&el));
            }
            active.set(0);
        });
    }
    let onscroll = {
        let (node, view) = (node.clone(), view.clone());
        Callback::from(move |_: Event| {
            if let Some(el) = node.cast::<Element>() {
                view.set(measure(&el));
            }
        })
    };
    let onkeydown = {
        let (node, view, active) = (node.clone(), view.clone(), active.clone());
        let (count, rh, on_open) = (props.count, props.row_height, props.on_open.clone());
        Callback::from(move |e: KeyboardEvent| {
            if count == 0 {
                return;
            }
            let (top, viewport) = *view;
            let page = ((viewport / f64::from(rh.max(1))) as usize).max(1);
            let last = count - 1;
            let cur = (*active).min(last);
            let next = match e.key().as_str() {
                "ArrowDown" => (cur + 1).min(last),
                "ArrowUp" => cur.saturating_sub(1),
                "PageDown" => (cur + page).min(last),
                "PageUp" => cur.saturating_sub(page),
                "Home" => 0,
                "End" => last,
                "Enter" => {
                    e.prevent_default();
                    on_open.emit(cur);
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            active.set(next);
            let new_top = scroll_to_show(next, top, viewport, rh);
            if new_top != top {
                if let Some(el) = node.cast::<Element>() {
                    el.set_scroll_top(new_top as i32);
                }
                // The scroll event comes later; render the new window now.
                view.set((new_top, viewport));
            }
        })
    };

    let (top, viewport) = *view;
    let rows = window(top, viewport, props.row_height, props.count);
    let act = (*active).min(props.count.saturating_sub(1));
    let rh = props.row_height;
    let items = rows.map(|i| {
        let style = format!("top:{}px;height:{rh}px", i as u64 * u64::from(rh));
        let is_active = i == act;
        html! {
            <div key={i} id={format!("vrow-{i}")} class={classes!("vlist-row", is_active.then_some("active"))}
                 style={style} role="row" aria-rowindex={(i + 2).to_string()}
                 aria-selected={is_active.to_string()}>
                { props.render.emit((i, is_active)) }
            </div>
        }
    });
    let canvas = format!("height:{}px", props.count as u64 * u64::from(rh));
    html! {
        <div ref={node} class={classes!("vlist", props.class.clone())} tabindex="0" role="grid"
             aria-label={props.label.clone()} aria-rowcount={(props.count + 1).to_string()}
             aria-activedescendant={(props.count > 0).then(|| format!("vrow-{act}"))}
             {onscroll} {onkeydown}>
            <div class="vlist-canvas" style={canvas}>
                { for items }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(scroll_top: f64, viewport: f64, count: usize, expected: Range<usize>) {
        assert_eq!(window(scroll_top, viewport, 50, count), expected);
    }

    #[test]
    fn renders_the_visible_rows_plus_overscan() {
        // 600 px at 50 px a row: 12 rows, one more for a partial row, 8 after.
        check(0.0, 600.0, 100_000, 0..21);
        // Scrolled to row 100: 8 rows before it too.
        check(5_000.0, 600.0, 100_000, 92..121);
        check(5_025.0, 600.0, 100_000, 92..121);
        check(0.0, 600.0, 5, 0..5);
        check(0.0, 600.0, 0, 0..0);
        // Past the end (a shorter list after a search): nothing, not a panic.
        check(1e9, 600.0, 10, 10..10);
        // A huge viewport is capped.
        check(0.0, 1e6, 100_000, 0..MAX_ROWS);
        check(-30.0, 600.0, 100, 0..21);
    }

    #[test]
    fn scrolls_as_little_as_needed() {
        assert_eq!(scroll_to_show(0, 0.0, 600.0, 50), 0.0);
        assert_eq!(scroll_to_show(11, 0.0, 600.0, 50), 0.0);
        assert_eq!(scroll_to_show(12, 0.0, 600.0, 50), 50.0);
        assert_eq!(scroll_to_show(3, 500.0, 600.0, 50), 150.0);
        assert_eq!(scroll_to_show(15, 500.0, 600.0, 50), 500.0);
    }
}
