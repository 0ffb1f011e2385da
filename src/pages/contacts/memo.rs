//! Results computed once per data set and kept while it is the current one.
//!
//! `use_memo` forgets its value when the component unmounts, and the list
//! and the contact page unmount each other on every click. The search index
//! and the audience analyses take tens of milliseconds over 100k contacts,
//! so they are kept here, keyed by the data set's pointer; a weak reference
//! lets a replaced data set be freed.

use canal_core::Dataset;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::thread::LocalKey;

/// One memoised value per data set.
pub type Slot<T> = RefCell<Option<(Weak<Dataset>, Rc<T>)>>;

/// The value in `slot` for `ds`, building it first if `ds` is not the data
/// set it was built for.
pub fn per_dataset<T: 'static>(
    slot: &'static LocalKey<Slot<T>>,
    ds: &Rc<Dataset>,
    build: impl FnOnce() -> T,
) -> Rc<T> {
    let cached = slot.with(|s| {
        s.borrow()
            .as_ref()
            // A dead weak reference may share its address with a new data set.
            .filter(|(weak, _)| {
                weak.strong_count() > 0 && std::ptr::eq(weak.as_ptr(), Rc::as_ptr(ds))
            })
            .map(|(_, value)| value.clone())
    });
    if let Some(value) = cached {
        return value;
    }
    let value = Rc::new(build());
    slot.with(|s| *s.borrow_mut() = Some((Rc::downgrade(ds), value.clone())));
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static SLOT: Slot<usize> = const { RefCell::new(None) };
    }

    #[test]
    fn builds_once_per_data_set() {
        let a = Rc::new(Dataset::default());
        let b = Rc::new(Dataset::default());
        let mut builds = 0;
        let mut get = |ds: &Rc<Dataset>, v| {
            *per_dataset(&SLOT, ds, || {
                builds += 1;
                v
            })
        };
        assert_eq!(get(&a, 1), 1);
        assert_eq!(get(&a, 2), 1, "same data set: the cached value");
        assert_eq!(get(&b, 3), 3, "equal contents, other pointer: rebuilt");
        assert_eq!(get(&a, 4), 4);
        assert_eq!(builds, 3);
    }
}
