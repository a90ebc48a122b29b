//! What the `CometD` class and `gws.notifications()` share: their `on(event, cb)` and the
//! browser events that wake a sleeping client. Compiled with either (cargo features `cometd`,
//! `gws`), so the GWS entry needs no `CometD` class.

use super::convert::*;
use super::runtime::deliver;
use crate::cometd::options::{client_event, ClientEvent};
use crate::cometd::{CometdClient, CometdState, CometdWarning};
use crate::error::Result;
use js_sys::Function;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `on(event, cb)` of a CometD client (also used by `gws.notifications()`): `"state"`,
/// `"rehandshake"`, `"warning"`; anything else is `INVALID_ARGUMENT`.
pub(super) fn listen_client(
    client: &CometdClient,
    event: Option<&str>,
    cb: Function,
) -> Result<Function> {
    let c = client.clone();
    match client_event(event)? {
        ClientEvent::State => {
            let id = client.on_state(Rc::new(move |s: &CometdState| {
                deliver(&cb, JsValue::from_str(s.as_str()));
            }));
            Ok(unsubscribe_fn(move || c.off_state(id)))
        }
        ClientEvent::Rehandshake => {
            let id = client.on_rehandshake(Rc::new(move |_: &()| {
                deliver(&cb, JsValue::UNDEFINED);
            }));
            Ok(unsubscribe_fn(move || c.off_rehandshake(id)))
        }
        ClientEvent::Warning => {
            let id = client.on_warning(Rc::new(move |w: &CometdWarning| {
                let v = js_sys::Object::new();
                for (key, value) in [("reason", &w.reason), ("message", &w.message)] {
                    let _ = js_sys::Reflect::set(&v, &key.into(), &value.into());
                }
                deliver(&cb, v.into());
            }));
            Ok(unsubscribe_fn(move || c.off_warning(id)))
        }
    }
}

/// In a browser, `online` and the page becoming visible call `reconnect()` (what that does is
/// the client's decision). The listener holds the client weakly and removes itself at the first
/// event after the client is gone. Nothing happens where there is no `window` with a
/// `document` (Node, workers).
pub(super) fn wake_on_browser_events(client: &CometdClient) {
    let window: JsValue = js_sys::global().into();
    let document = prop(&window, "document");
    let add = prop(&window, "addEventListener").dyn_into::<Function>();
    let add_doc = prop(&document, "addEventListener").dyn_into::<Function>();
    let (Ok(add), Ok(add_doc)) = (add, add_doc) else {
        return;
    };
    let weak = client.downgrade();
    let this: Rc<std::cell::RefCell<Option<JsValue>>> = Rc::default();
    let me = this.clone();
    let (win, doc) = (window.clone(), document.clone());
    let listener = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        let Some(client) = weak.upgrade() else {
            // the client is gone: remove the listeners (and with them this closure)
            if let Some(f) = me.borrow_mut().take() {
                for (target, name) in [(&win, "online"), (&doc, "visibilitychange")] {
                    if let Ok(remove) = prop(target, "removeEventListener").dyn_into::<Function>() {
                        let _ = remove.call2(target, &name.into(), &f);
                    }
                }
            }
            return;
        };
        let hidden = prop(&event, "type").as_string().as_deref() == Some("visibilitychange")
            && prop(&doc, "visibilityState").as_string().as_deref() != Some("visible");
        if !hidden {
            client.reconnect();
        }
    })
    .into_js_value();
    let _ = add.call2(&window, &"online".into(), &listener);
    let _ = add_doc.call2(&document, &"visibilitychange".into(), &listener);
    *this.borrow_mut() = Some(listener);
}
