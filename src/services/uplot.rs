//! Thin bindings to uPlot (npm `uplot`, loaded by index.html as a plain
//! script so the CSP needs no inline code): the constructor and the four
//! methods the app calls. Options are built as JSON text, which keeps the
//! binding free of per-field glue.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A uPlot chart instance.
    #[wasm_bindgen(js_name = uPlot)]
    pub type UPlot;

    /// `new uPlot(opts, data, target)`; throws when uPlot is not loaded.
    #[wasm_bindgen(constructor, js_class = "uPlot", catch)]
    pub fn new(
        opts: &JsValue,
        data: &js_sys::Array,
        target: &web_sys::Element,
    ) -> Result<UPlot, JsValue>;

    /// Replaces the data and redraws.
    #[wasm_bindgen(method, js_name = setData)]
    pub fn set_data(this: &UPlot, data: &js_sys::Array);

    /// Resizes the plot (`{width, height}` in CSS pixels).
    #[wasm_bindgen(method, js_name = setSize)]
    pub fn set_size(this: &UPlot, size: &JsValue);

    /// Removes the chart and its listeners.
    #[wasm_bindgen(method)]
    pub fn destroy(this: &UPlot);
}

/// Whether the uPlot script is on the page (it is not in unit-test pages).
pub fn available() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &JsValue::from_str("uPlot")).unwrap_or(false)
}

/// `{width, height}` for [`UPlot::set_size`].
pub fn size(width: u32, height: u32) -> JsValue {
    js_sys::JSON::parse(&format!("{{\"width\":{width},\"height\":{height}}}"))
        .unwrap_or(JsValue::NULL)
}

/// uPlot's column data: x values, then one column per series; `None` is a
/// gap (`null`).
pub fn columns(xs: &[f64], series: &[&[Option<f64>]]) -> js_sys::Array {
    let out = js_sys::Array::new();
    out.push(
        &xs.iter()
            .map(|&x| JsValue::from_f64(x))
            .collect::<js_sys::Array>(),
    );
    for ys in series {
        out.push(
            &ys.iter()
                .map(|y| y.map_or(JsValue::NULL, JsValue::from_f64))
                .collect::<js_sys::Array>(),
        );
    }
    out
}
