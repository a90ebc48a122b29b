//! Listener lists: `subscribe` returns an id that `unsubscribe` takes, and `emit` calls the
//! listeners after releasing its own borrow, so a listener may subscribe or unsubscribe.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A subscribed listener.
pub type Listener<E> = Rc<dyn Fn(&E)>;

/// A list of listeners for events of type `E`.
pub struct Emitter<E> {
    next_id: Cell<u64>,
    listeners: RefCell<Vec<(u64, Listener<E>)>>,
}

impl<E> Default for Emitter<E> {
    fn default() -> Self {
        Emitter {
            next_id: Cell::new(1),
            listeners: RefCell::new(Vec::new()),
        }
    }
}

impl<E> Emitter<E> {
    /// Adds a listener; returns its id for [`Emitter::unsubscribe`].
    pub fn subscribe(&self, listener: Listener<E>) -> u64 {
        let id = self.next_id.get();
        self.next_id.set(id + 1);
        self.listeners.borrow_mut().push((id, listener));
        id
    }

    /// Removes a listener; unknown ids are ignored (unsubscribing twice is harmless).
    pub fn unsubscribe(&self, id: u64) {
        self.listeners.borrow_mut().retain(|(i, _)| *i != id);
    }

    /// Calls every listener subscribed at this moment.
    pub fn emit(&self, event: &E) {
        let current: Vec<Listener<E>> = self
            .listeners
            .borrow()
            .iter()
            .map(|(_, l)| l.clone())
            .collect();
        for l in current {
            l(event);
        }
    }

    /// Removes every listener.
    pub fn clear(&self) {
        self.listeners.borrow_mut().clear();
    }

    /// Whether anyone listens.
    pub fn is_empty(&self) -> bool {
        self.listeners.borrow().is_empty()
    }
}

/// Which of `names` (the events an `on` takes) `name` is; anything else is
/// `INVALID_ARGUMENT` naming `event` and listing them.
pub fn event_index(names: &[&str], name: &str) -> crate::Result<usize> {
    names.iter().position(|n| *n == name).ok_or_else(|| {
        let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
        crate::Error::invalid_argument("event", format!("event must be {}.", quoted.join(" or ")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_are_checked() {
        assert_eq!(event_index(&["message", "error"], "error").unwrap(), 1);
        let e = event_index(&["message", "error"], "Error").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("event"));
        assert_eq!(e.message, "event must be \"message\" or \"error\".");
    }

    #[test]
    fn unsubscribe_stops_delivery_and_listeners_may_unsubscribe_themselves() {
        let emitter: Rc<Emitter<u32>> = Rc::new(Emitter::default());
        let seen = Rc::new(RefCell::new(Vec::new()));
        let id_cell = Rc::new(Cell::new(0));
        let (s, e, idc) = (seen.clone(), emitter.clone(), id_cell.clone());
        let id = emitter.subscribe(Rc::new(move |v: &u32| {
            s.borrow_mut().push(*v);
            e.unsubscribe(idc.get());
        }));
        id_cell.set(id);
        emitter.emit(&1);
        emitter.emit(&2);
        assert_eq!(*seen.borrow(), vec![1]);
        assert!(emitter.is_empty());
        emitter.unsubscribe(id);
    }
}
