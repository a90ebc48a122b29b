//! wasm-bindgen tests of the JavaScript-facing layer, against the emulator whose URL is baked
//! in at build time (`FLOORWALKER_EMULATOR_URL`, set by scripts/test.sh). The same tests run in
//! Node and, with `WASM_BINDGEN_USE_BROWSER=1`, in headless Chromium (cross-origin: CORS).
#![cfg(target_arch = "wasm32")]

use floorwalker::js::LiveVox;
use js_sys::{Array, Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

const EMULATOR: Option<&str> = option_env!("FLOORWALKER_EMULATOR_URL");

fn emulator() -> &'static str {
    EMULATOR.expect("set FLOORWALKER_EMULATOR_URL to a running emulator (scripts/test.sh does)")
}

fn obj<T: JsCast>(pairs: &[(&str, JsValue)]) -> T {
    let o = Object::new();
    for (k, v) in pairs {
        Reflect::set(&o, &JsValue::from_str(k), v).unwrap();
    }
    o.unchecked_into()
}

fn s(v: &str) -> JsValue {
    JsValue::from_str(v)
}

fn get(v: &JsValue, path: &str) -> JsValue {
    path.split('.')
        .fold(v.clone(), |acc, k| match k.parse::<u32>() {
            Ok(i) => Reflect::get_u32(&acc, i).unwrap_or(JsValue::UNDEFINED),
            Err(_) => Reflect::get(&acc, &s(k)).unwrap_or(JsValue::UNDEFINED),
        })
}

async fn control(method: &str, path: &str, body: JsValue) -> JsValue {
    let fetch: Function = Reflect::get(&js_sys::global(), &s("fetch"))
        .unwrap()
        .unchecked_into();
    let init = obj(&[
        ("method", s(method)),
        ("headers", obj(&[("content-type", s("application/json"))])),
    ]);
    if !body.is_undefined() {
        Reflect::set(&init, &s("body"), &js_sys::JSON::stringify(&body).unwrap()).unwrap();
    }
    let url = format!("{}/__control/{path}", emulator());
    let resp = JsFuture::from(
        fetch
            .call2(&JsValue::UNDEFINED, &s(&url), &init)
            .unwrap()
            .unchecked_into::<Promise>(),
    )
    .await
    .unwrap();
    let text: Function = Reflect::get(&resp, &s("json")).unwrap().unchecked_into();
    JsFuture::from(text.call0(&resp).unwrap().unchecked_into::<Promise>())
        .await
        .unwrap_or(JsValue::NULL)
}

fn login_options(extra: &[(&str, JsValue)]) -> JsValue {
    let mut pairs = vec![
        ("baseUrl", s(emulator())),
        ("accessToken", s("test-access-token")),
        ("clientName", s("ACME")),
        ("userName", s("supervisor")),
        ("password", s("s3cret")),
    ];
    pairs.extend(extra.iter().cloned());
    obj(&pairs)
}

async fn login() -> LiveVox {
    let lv = JsFuture::from(
        LiveVox::login(login_options(&[]).unchecked_into(), JsValue::UNDEFINED)
            .unchecked_into::<Promise>(),
    )
    .await
    .expect("login");
    // A LiveVox handed back through JS: rebuild the Rust handle from the JS object.
    LiveVox::resume(obj(&[
        ("baseUrl", s(emulator())),
        ("sessionId", get(&lv, "sessionId")),
    ]))
    .expect("resume")
}

async fn rejection(p: Promise) -> JsValue {
    JsFuture::from(p).await.expect_err("the call should reject")
}

#[wasm_bindgen_test]
async fn login_set_ready_and_typed_reply() {
    let lv = login().await;
    assert!(!lv.session_id().is_empty());
    let reply = JsFuture::from(lv_sup(&lv, "setReady", &[Array::of1(&s("LV_TEST")).into()]))
        .await
        .unwrap();
    assert_eq!(
        get(&reply, "agents.0.agentLoginId").as_string().as_deref(),
        Some("LV_TEST")
    );
    assert_eq!(
        get(&reply, "agents.0.status").as_string().as_deref(),
        Some("Success")
    );
    let log = control("GET", "requests", JsValue::UNDEFINED).await;
    let last = Reflect::get_u32(&log, Array::from(&log).length() - 1).unwrap();
    assert_eq!(
        get(&last, "path").as_string().as_deref(),
        Some("/callControl/supervisor/agent/status/ready")
    );
    assert_eq!(
        get(&last, "rawBody").as_string().as_deref(),
        Some(r#"{"agents":["LV_TEST"]}"#)
    );
    assert_eq!(
        get(&last, "headers.lv-session").as_string(),
        Some(lv.session_id())
    );
}

/// Calls a supervisor method by name through JavaScript, as a user would.
fn lv_sup(lv: &LiveVox, method: &str, args: &[JsValue]) -> Promise {
    let sup = lv.supervisor();
    let f: Function = Reflect::get(&sup, &s(method)).unwrap().unchecked_into();
    f.apply(&sup, &args.iter().collect::<Array>())
        .unwrap()
        .unchecked_into()
}

#[wasm_bindgen_test]
async fn bad_input_rejects_before_sending_and_the_module_stays_usable() {
    let lv = login().await;
    let before = Array::from(&control("GET", "requests", JsValue::UNDEFINED).await).length();
    let cases: Vec<(&str, Vec<JsValue>, &str)> = vec![
        ("setReady", vec![Array::new().into()], "agents"),
        ("setReady", vec![JsValue::from(42)], "agents"),
        (
            "setNotReady",
            vec![Array::of1(&s("A")).into(), obj(&[("reasonCode", s("NAP"))])],
            "reasonCode",
        ),
        ("sendChat", vec![s("lv_usr1"), obj(&[])], "message"),
        (
            "switchService",
            vec![Array::of1(&s("A")).into(), s("33722")],
            "targetServiceId",
        ),
        (
            "switchService",
            vec![Array::of1(&s("A")).into(), JsValue::from(1.5)],
            "targetServiceId",
        ),
        ("chatMessages", vec![obj(&[])], "excludeOwn"),
        (
            "chatMessages",
            vec![obj(&[("excludeOwn", JsValue::TRUE), ("after", s("abc"))])],
            "after",
        ),
        ("listen", vec![s("a\r\nb")], "agentLoginId"),
    ];
    for (method, args, field) in cases {
        let e = rejection(lv_sup(&lv, method, &args)).await;
        assert_eq!(
            get(&e, "code").as_string().as_deref(),
            Some("INVALID_ARGUMENT"),
            "{method}"
        );
        assert_eq!(
            get(&e, "field").as_string().as_deref(),
            Some(field),
            "{method}"
        );
        assert_eq!(
            get(&e, "name").as_string().as_deref(),
            Some("FloorwalkerError")
        );
        assert!(e.is_instance_of::<js_sys::Error>());
    }
    let after = Array::from(&control("GET", "requests", JsValue::UNDEFINED).await).length();
    assert_eq!(before, after, "nothing was sent");
    let ok = JsFuture::from(lv_sup(&lv, "monitorState", &[]))
        .await
        .unwrap();
    assert!(get(&ok, "activeCall").as_bool().is_some());
}

#[wasm_bindgen_test]
async fn aborted_signal_and_timeout() {
    let lv = login().await;
    let ctor: Function = Reflect::get(&js_sys::global(), &s("AbortController"))
        .unwrap()
        .unchecked_into();
    let controller = Reflect::construct(&ctor, &Array::new()).unwrap();
    let abort: Function = Reflect::get(&controller, &s("abort"))
        .unwrap()
        .unchecked_into();
    abort.call0(&controller).unwrap();
    let call = obj(&[("signal", get(&controller, "signal"))]);
    let e = rejection(lv_sup(&lv, "monitorState", &[call])).await;
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("ABORTED"));

    control(
        "POST",
        "faults",
        obj(&[
            ("path", s("/callControl/supervisor/monitor/state")),
            ("delayMs", JsValue::from(400)),
            ("times", JsValue::from(3)),
        ]),
    )
    .await;
    let retry = obj(&[("maxRetries", JsValue::from(0))]);
    let quick = LiveVox::resume(obj(&[
        ("baseUrl", s(emulator())),
        ("sessionId", s(&lv.session_id())),
        ("retry", retry),
    ]))
    .unwrap();
    let e = rejection(lv_sup(
        &quick,
        "monitorState",
        &[obj(&[("timeoutMs", JsValue::from(100))])],
    ))
    .await;
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("TIMEOUT"));
    control("DELETE", "faults", JsValue::UNDEFINED).await;
}

#[wasm_bindgen_test]
async fn server_errors_carry_status_and_vendor_fields() {
    let lv = login().await;
    control(
        "POST",
        "faults",
        obj(&[
            ("path", s("/callControl/supervisor/chat/send")),
            ("status", JsValue::from(409)),
            (
                "body",
                obj(&[("code", JsValue::from(7001)), ("message", s("Chat closed"))]),
            ),
        ]),
    )
    .await;
    let e = rejection(lv_sup(&lv, "sendChat", &[s("lv_usr1"), s("hi")])).await;
    assert_eq!(get(&e, "code").as_string().as_deref(), Some("CONFLICT"));
    assert_eq!(get(&e, "status").as_f64(), Some(409.0));
    assert_eq!(get(&e, "vendorCode").as_f64(), Some(7001.0));
    assert_eq!(
        get(&e, "vendorMessage").as_string().as_deref(),
        Some("Chat closed")
    );
}

#[wasm_bindgen_test]
async fn chat_watch_yields_an_injected_reply() {
    let lv = login().await;
    JsFuture::from(lv_sup(
        &lv,
        "broadcastChat",
        &[
            Array::of1(&obj(&[("userLoginId", s("lv_usr2"))])).into(),
            s("Hello"),
        ],
    ))
    .await
    .unwrap();
    let now = js_sys::Date::now();
    let sup = lv.supervisor();
    let watch_fn: Function = Reflect::get(&sup, &s("watchChat"))
        .unwrap()
        .unchecked_into();
    let watch = watch_fn
        .call1(
            &sup,
            &obj(&[
                ("intervalMs", JsValue::from(50)),
                ("after", JsValue::from(now)),
            ]),
        )
        .unwrap();
    control(
        "POST",
        "chat/reply",
        obj(&[("userLoginId", s("lv_usr2")), ("message", s("on it"))]),
    )
    .await;
    let next: Function = Reflect::get(&watch, &s("next")).unwrap().unchecked_into();
    let item = JsFuture::from(next.call0(&watch).unwrap().unchecked_into::<Promise>())
        .await
        .unwrap();
    assert_eq!(get(&item, "done").as_bool(), Some(false));
    assert_eq!(
        get(&item, "value.message").as_string().as_deref(),
        Some("on it")
    );
    assert_eq!(
        get(&item, "value.userLoginId").as_string().as_deref(),
        Some("lv_usr2")
    );
    assert!(get(&item, "value.timestamp").as_f64().unwrap() >= now);
    let stop: Function = Reflect::get(&watch, &s("stop")).unwrap().unchecked_into();
    stop.call0(&watch).unwrap();
    let end = JsFuture::from(next.call0(&watch).unwrap().unchecked_into::<Promise>())
        .await
        .unwrap();
    assert_eq!(get(&end, "done").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn synchronous_calls_throw_at_once() {
    let e = LiveVox::resume(obj(&[
        ("baseUrl", s("http://example.com")),
        ("sessionId", s("x")),
    ]))
    .err()
    .unwrap();
    assert_eq!(get(&e, "field").as_string().as_deref(), Some("baseUrl"));
    let e = LiveVox::resume(obj(&[("baseUrl", s(emulator()))]))
        .err()
        .unwrap();
    assert_eq!(get(&e, "field").as_string().as_deref(), Some("sessionId"));
    assert_eq!(floorwalker::js::version(), env!("CARGO_PKG_VERSION"));
}
