//! The client over a scripted Bayeux server, on virtual time (nothing sleeps for real).

use crate::client::{CallOptions, LogEvent, LogLevel};
use crate::cometd::{
    CometdClient, CometdConfig, CometdState, Message, MessageListener, SubscriptionId,
};
use crate::cookies::CookieJar;
use crate::error::ErrorCode;
use crate::http::{CancelToken, HttpRequest, HttpResponse, Runtime};
use crate::testing::{run, Reply, ScriptedTransport, VirtualClock, VirtualRuntime};
use futures_util::future::{join, join_all, select, Either};
use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;

const URL: &str = "https://bayeux.test/cometd";

/// What the scripted server does with one request instead of answering normally.
#[derive(Clone)]
enum Fault {
    Network,
    Hang,
    Status(u16),
    Body(&'static str),
    /// Forget every client, then answer normally (so: `402::Unknown client`).
    Forget,
}

/// A small Bayeux server: sessions, subscriptions, a queue of messages for the current session
/// (delivered on `/meta/connect`, held up to `hold_ms`), and scripted faults per request kind.
struct Server {
    clock: Rc<VirtualClock>,
    advice: Value,
    hold_ms: u32,
    batch: usize,
    next_client: u32,
    clients: Vec<String>,
    subscribe_log: Vec<String>,
    unsubscribe_log: Vec<String>,
    published: Vec<(String, Value)>,
    handshakes: u32,
    disconnects: u32,
    /// (elapsed ms, channel, data) for the current session, in order.
    events: VecDeque<(f64, String, Value)>,
    handshake_faults: VecDeque<Option<Fault>>,
    connect_faults: VecDeque<Option<Fault>>,
    normal_faults: VecDeque<Option<Fault>>,
    /// (elapsed ms, first channel) of every request.
    seen: Vec<(f64, String)>,
}

impl Server {
    fn new(clock: &Rc<VirtualClock>) -> Self {
        Server {
            clock: clock.clone(),
            advice: json!({"reconnect": "retry", "interval": 0, "timeout": 20000}),
            hold_ms: 20_000,
            batch: 100,
            next_client: 0,
            clients: Vec::new(),
            subscribe_log: Vec::new(),
            unsubscribe_log: Vec::new(),
            published: Vec::new(),
            handshakes: 0,
            disconnects: 0,
            events: VecDeque::new(),
            handshake_faults: VecDeque::new(),
            connect_faults: VecDeque::new(),
            normal_faults: VecDeque::new(),
            seen: Vec::new(),
        }
    }

    fn at(&mut self, ms: f64, channel: &str, data: Value) {
        self.events.push_back((ms, channel.to_string(), data));
    }

    fn connect_times(&self) -> Vec<f64> {
        self.seen
            .iter()
            .filter(|(_, c)| c == "/meta/connect")
            .map(|(t, _)| *t)
            .collect()
    }

    fn handle(&mut self, req: &HttpRequest) -> Reply {
        let now = self.clock.elapsed();
        let body: Vec<Value> = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
        let first = body[0]["channel"].as_str().unwrap().to_string();
        self.seen.push((now, first.clone()));
        let faults = match first.as_str() {
            "/meta/handshake" => &mut self.handshake_faults,
            "/meta/connect" => &mut self.connect_faults,
            _ => &mut self.normal_faults,
        };
        match faults.pop_front().flatten() {
            None => {}
            Some(Fault::Network) => return Reply::Network,
            Some(Fault::Hang) => return Reply::Hang,
            Some(Fault::Status(s)) => return Reply::Respond(HttpResponse::new(s, "oops")),
            Some(Fault::Body(b)) => return Reply::Respond(HttpResponse::new(200, b)),
            Some(Fault::Forget) => self.clients.clear(),
        }
        let mut replies = Vec::new();
        let mut delay = 0u32;
        let mut cookie = false;
        for m in &body {
            let channel = m["channel"].as_str().unwrap();
            let id = m["id"].clone();
            let client = m["clientId"].as_str().unwrap_or_default().to_string();
            let known = self.clients.contains(&client);
            let unknown = json!({"channel": channel, "id": id, "successful": false,
                "error": "402::Unknown client", "advice": {"reconnect": "handshake", "interval": 0}});
            match channel {
                "/meta/handshake" => {
                    self.next_client += 1;
                    self.handshakes += 1;
                    let c = format!("client-{}", self.next_client);
                    self.clients.push(c.clone());
                    cookie = true;
                    replies.push(json!({"channel": channel, "id": id, "successful": true,
                        "clientId": c, "version": "1.0",
                        "supportedConnectionTypes": ["long-polling"], "advice": self.advice}));
                }
                "/meta/connect" if !known => replies.push(unknown),
                "/meta/connect" => {
                    replies.push(json!({"channel": channel, "id": id, "successful": true}));
                    // `advice: {timeout: 0}` asks for an answer at once
                    let hold = if m["advice"]["timeout"] == json!(0) {
                        0
                    } else {
                        self.hold_ms
                    };
                    let next = self.events.front().map(|(at, _, _)| *at);
                    match next {
                        Some(at) if at <= now + f64::from(hold) => {
                            delay = (at - now).max(0.0) as u32;
                            let until = now + f64::from(delay);
                            while replies.len() <= self.batch
                                && self.events.front().is_some_and(|(t, _, _)| *t <= until)
                            {
                                let (_, ch, data) = self.events.pop_front().unwrap();
                                replies.push(json!({"channel": ch, "data": data}));
                            }
                        }
                        _ => delay = hold,
                    }
                }
                "/meta/subscribe" | "/meta/unsubscribe" if !known => replies.push(unknown),
                "/meta/subscribe" => {
                    let sub = m["subscription"].as_str().unwrap().to_string();
                    self.subscribe_log.push(sub.clone());
                    replies.push(json!({"channel": channel, "id": id, "successful": true,
                        "subscription": sub}));
                }
                "/meta/unsubscribe" => {
                    let sub = m["subscription"].as_str().unwrap().to_string();
                    self.unsubscribe_log.push(sub.clone());
                    replies.push(json!({"channel": channel, "id": id, "successful": true,
                        "subscription": sub}));
                }
                "/meta/disconnect" => {
                    self.disconnects += 1;
                    self.clients.retain(|c| *c != client);
                    replies.push(json!({"channel": channel, "id": id, "successful": known}));
                }
                _ if !known => replies.push(unknown),
                _ => {
                    self.published
                        .push((channel.to_string(), m["data"].clone()));
                    replies.push(json!({"channel": channel, "id": id, "successful": true}));
                }
            }
        }
        let mut resp = HttpResponse::new(200, Value::Array(replies).to_string())
            .with_header("content-type", "application/json");
        if cookie {
            resp = resp.with_header("set-cookie", "BAYEUX_BROWSER=b1; Path=/; HttpOnly");
        }
        if delay > 0 {
            Reply::After(delay, Box::new(Reply::Respond(resp)))
        } else {
            Reply::Respond(resp)
        }
    }
}

struct Rig {
    clock: Rc<VirtualClock>,
    server: Rc<RefCell<Server>>,
    transport: Rc<ScriptedTransport>,
    logs: Rc<RefCell<Vec<LogEvent>>>,
    states: Rc<RefCell<Vec<CometdState>>>,
}

impl Rig {
    fn new(setup: impl FnOnce(&mut Server)) -> Self {
        let clock = VirtualClock::new();
        let mut s = Server::new(&clock);
        setup(&mut s);
        let server = Rc::new(RefCell::new(s));
        let srv = server.clone();
        let transport = ScriptedTransport::new(&clock, move |r| srv.borrow_mut().handle(r));
        Rig {
            clock,
            server,
            transport,
            logs: Rc::default(),
            states: Rc::default(),
        }
    }

    fn config(&self) -> CometdConfig {
        let logs = self.logs.clone();
        let mut c = CometdConfig::new(
            URL,
            self.transport.clone(),
            Rc::new(VirtualRuntime(self.clock.clone())),
        );
        c.logger = Some(Rc::new(move |e: &LogEvent| {
            logs.borrow_mut().push(e.clone())
        }));
        c
    }

    fn client(&self, config: CometdConfig) -> (CometdClient, impl Future<Output = ()>) {
        let (client, driver) = CometdClient::new(config).unwrap();
        let states = self.states.clone();
        client.on_state(Rc::new(move |s: &CometdState| states.borrow_mut().push(*s)));
        (client, driver)
    }

    /// Runs `body` while the driver runs.
    fn run<T>(&self, driver: impl Future<Output = ()>, body: impl Future<Output = T>) -> T {
        run(&self.clock, async move {
            match select(pin!(body), pin!(driver)).await {
                Either::Left((out, _)) => out,
                Either::Right(_) => panic!("the driver ended while the client was alive"),
            }
        })
    }

    fn sleep(&self, ms: u32) -> impl Future<Output = ()> {
        VirtualRuntime(self.clock.clone()).sleep(ms)
    }
}

type Received = Rc<RefCell<Vec<(String, Value)>>>;

fn recorder() -> (Received, MessageListener) {
    let got: Received = Rc::default();
    let g = got.clone();
    let listener = Rc::new(move |m: &Message| {
        g.borrow_mut().push((
            m.channel.clone(),
            m.data.as_ref().map_or(Value::Null, |d| d.to_value()),
        ));
    });
    (got, listener)
}

fn datas(got: &Received) -> Vec<Value> {
    got.borrow().iter().map(|(_, d)| d.clone()).collect()
}

fn no_call() -> CallOptions {
    CallOptions::default()
}

fn header<'a>(r: &'a HttpRequest, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn handshake_subscribe_receive_publish_disconnect() {
    let rig = Rig::new(|s| {
        s.at(1000.0, "/v2/me/devices", json!({"n": 1}));
        s.at(1500.0, "/v2/me/calls", json!({"n": 2}));
        s.at(5000.0, "/v2/users", json!({"n": 3}));
        s.at(30_000.0, "/v2/me/devices", json!({"n": 4}));
    });
    let jar = Rc::new(RefCell::new(CookieJar::new()));
    jar.borrow_mut()
        .store(&HttpResponse::new(200, "").with_header("set-cookie", "JSESSIONID=j1"));
    let config = rig
        .config()
        .header("Authorization", "Basic dTpw")
        .cookies(jar.clone());
    let (client, driver) = rig.client(config);
    assert_eq!(client.state(), CometdState::Disconnected);
    let (got, listener) = recorder();
    let c = client.clone();
    let sleep = rig.sleep(40_000);
    let server = rig.server.clone();
    let sent_after = rig.run(driver, async move {
        c.handshake(&no_call()).await.unwrap();
        assert_eq!(c.state(), CometdState::Connected);
        c.subscribe("/v2/me/*", listener, &no_call()).await.unwrap();
        sleep.await;
        c.publish("/out", json!({"x": [1, "two"]}), &no_call())
            .await
            .unwrap();
        assert_eq!(
            server.borrow().published,
            [("/out".to_string(), json!({"x": [1, "two"]}))]
        );
        c.disconnect(&no_call()).await.unwrap();
        server.borrow().seen.len()
    });
    assert_eq!(
        datas(&got),
        [json!({"n": 1}), json!({"n": 2}), json!({"n": 4})]
    );
    assert_eq!(got.borrow()[1].0, "/v2/me/calls");
    assert_eq!(client.state(), CometdState::Disconnected);
    assert_eq!(
        *rig.states.borrow(),
        [
            CometdState::Connecting,
            CometdState::Connected,
            CometdState::Disconnected
        ]
    );
    assert_eq!(rig.server.borrow().disconnects, 1);
    assert_eq!(rig.server.borrow().subscribe_log, ["/v2/me/*"]);
    // every request: POST JSON to the URL, credentials, the extra header, the cookies
    let requests = rig.transport.requests.borrow();
    for (i, r) in requests.iter().enumerate() {
        assert_eq!(r.url, URL);
        assert_eq!(r.method.as_str(), "POST");
        assert!(r.with_credentials);
        assert!(header(r, "content-type")
            .unwrap()
            .starts_with("application/json"));
        assert_eq!(header(r, "authorization"), Some("Basic dTpw"));
        let cookie = header(r, "cookie").unwrap();
        if i == 0 {
            assert_eq!(cookie, "JSESSIONID=j1");
        } else {
            assert_eq!(cookie, "JSESSIONID=j1; BAYEUX_BROWSER=b1");
        }
    }
    assert_eq!(
        jar.borrow().get("BAYEUX_BROWSER"),
        Some("b1"),
        "the jar is shared"
    );
    drop(requests);
    // nothing more after disconnect, however long we wait
    let (_c2, driver2) = rig.client(rig.config());
    let sleep = rig.sleep(200_000);
    rig.run(driver2, sleep);
    assert_eq!(rig.server.borrow().seen.len(), sent_after);
    // the log: one line per request, no client id, no data, no credentials
    let logs = rig.logs.borrow();
    assert!(logs.iter().any(|l| l.message.contains("/meta/connect")));
    for l in logs.iter() {
        assert_eq!(l.path, "/cometd");
        assert!(!l.message.contains("client-"), "{}", l.message);
        assert!(!l.message.contains("two") && !l.message.contains("dTpw"));
        assert!(!l.message.contains("b1") && !l.message.contains("j1"));
    }
}

#[test]
fn a_lost_connect_is_aborted_after_advice_timeout_plus_max_network_delay() {
    let rig = Rig::new(|s| {
        s.connect_faults.push_back(None);
        s.connect_faults.push_back(None);
        s.connect_faults.push_back(Some(Fault::Hang));
        s.at(60_000.0, "/a", json!("after"));
    });
    let (client, driver) = rig.client(rig.config());
    let (got, listener) = recorder();
    let sleep = rig.sleep(70_000);
    rig.run(driver, async move {
        client.handshake(&no_call()).await.unwrap();
        client.subscribe("/a", listener, &no_call()).await.unwrap();
        sleep.await;
    });
    let times = rig.server.borrow().connect_times();
    // the first is answered at once (advice timeout 0), the second held 20 s; the next one
    // hangs and is given up at 20 + 10 s; then 750 ms of backoff (1 s less jitter at random
    // 0.5), and the poll that recovers is answered at once again
    assert_eq!(times[0], 0.0);
    assert_eq!(times[1], 0.0);
    assert_eq!(times[2], 20_000.0);
    assert_eq!(times[3], 20_000.0 + 30_000.0 + 750.0);
    assert_eq!(times[4], times[3]);
    assert_eq!(datas(&got), [json!("after")]);
    assert_eq!(
        *rig.states.borrow(),
        [
            CometdState::Connecting,
            CometdState::Connected,
            CometdState::Reconnecting,
            CometdState::Connected
        ]
    );
    assert!(rig
        .logs
        .borrow()
        .iter()
        .any(|l| l.level == LogLevel::Warn && l.message.contains("TIMEOUT")));
}

#[test]
fn network_failures_back_off_and_the_backoff_resets_after_a_success() {
    let rig = Rig::new(|s| {
        s.hold_ms = 10_000;
        for _ in 0..7 {
            s.connect_faults.push_back(Some(Fault::Network));
        }
        s.connect_faults.push_back(None);
        s.connect_faults.push_back(Some(Fault::Status(503)));
    });
    let (client, driver) = rig.client(rig.config());
    let sleep = rig.sleep(200_000);
    rig.run(driver, async move {
        client.handshake(&no_call()).await.unwrap();
        sleep.await;
    });
    let times = rig.server.borrow().connect_times();
    let gaps: Vec<f64> = times.windows(2).map(|w| w[1] - w[0]).collect();
    // 1, 2, 4, 8, 16, 30, 30 s less a quarter (random 0.5); then the poll that recovers asks
    // for an answer at once (`advice: {timeout: 0}`); then the 503 backs off from the start
    // again
    assert_eq!(
        &gaps[..9],
        [750.0, 1500.0, 3000.0, 6000.0, 12_000.0, 22_500.0, 22_500.0, 0.0, 750.0]
    );
    assert_eq!(
        *rig.states.borrow(),
        [
            CometdState::Connecting,
            CometdState::Connected,
            CometdState::Reconnecting,
            CometdState::Connected,
            CometdState::Reconnecting,
            CometdState::Connected
        ]
    );
}

#[test]
fn advice_interval_spaces_the_polls() {
    let rig = Rig::new(|s| {
        s.advice = json!({"reconnect": "retry", "interval": 2000, "timeout": 0});
        s.hold_ms = 0;
    });
    let (client, driver) = rig.client(rig.config());
    let sleep = rig.sleep(9_000);
    rig.run(driver, async move {
        client.handshake(&no_call()).await.unwrap();
        sleep.await;
    });
    let times = rig.server.borrow().connect_times();
    // the first poll too waits the interval the handshake reply advised
    assert_eq!(times, [2000.0, 4000.0, 6000.0, 8000.0]);
}

#[test]
fn an_expired_session_is_handshaken_again_with_every_subscription_once() {
    let rig = Rig::new(|s| {
        s.at(1000.0, "/a/1", json!(1));
        s.at(25_000.0, "/a/2", json!(2));
        s.at(26_000.0, "/b", json!(3));
        s.at(26_000.0, "/c", json!("not subscribed"));
        // the second poll (held until 21 s) finds the session gone
        s.connect_faults.push_back(None);
        s.connect_faults.push_back(None);
        s.connect_faults.push_back(Some(Fault::Forget));
    });
    let (client, driver) = rig.client(rig.config());
    let (got_a, la) = recorder();
    let (got_b, lb) = recorder();
    let (got_b2, lb2) = recorder();
    let sleep = rig.sleep(60_000);
    let c = client.clone();
    rig.run(driver, async move {
        c.handshake(&no_call()).await.unwrap();
        c.subscribe("/a/*", la, &no_call()).await.unwrap();
        c.subscribe("/b", lb, &no_call()).await.unwrap();
        c.subscribe("/b", lb2, &no_call()).await.unwrap();
        sleep.await;
    });
    assert_eq!(datas(&got_a), [json!(1), json!(2)]);
    assert_eq!(datas(&got_b), [json!(3)]);
    assert_eq!(datas(&got_b2), [json!(3)]);
    let s = rig.server.borrow();
    assert_eq!(s.handshakes, 2);
    assert_eq!(s.subscribe_log, ["/a/*", "/b", "/a/*", "/b"]);
    assert_eq!(
        *rig.states.borrow(),
        [
            CometdState::Connecting,
            CometdState::Connected,
            CometdState::Reconnecting,
            CometdState::Connected
        ]
    );
    assert_eq!(client.channels(), ["/a/*", "/b"]);
}

#[test]
fn a_thousand_messages_arrive_in_order_and_publishes_go_out_in_call_order() {
    let rig = Rig::new(|s| {
        s.batch = 64;
        for n in 0..1000 {
            s.at(100.0 + f64::from(n / 10), "/stream", json!(n));
        }
    });
    let (client, driver) = rig.client(rig.config());
    let (got, listener) = recorder();
    let sleep = rig.sleep(5_000);
    let c = client.clone();
    rig.run(driver, async move {
        c.handshake(&no_call()).await.unwrap();
        c.subscribe("/stream", listener, &no_call()).await.unwrap();
        sleep.await;
        let call = no_call();
        let publishes: Vec<_> = (0..50).map(|n| c.publish("/up", json!(n), &call)).collect();
        for r in join_all(publishes).await {
            r.unwrap();
        }
    });
    let want: Vec<Value> = (0..1000).map(|n| json!(n)).collect();
    assert_eq!(datas(&got), want);
    let published: Vec<Value> = rig
        .server
        .borrow()
        .published
        .iter()
        .map(|(_, d)| d.clone())
        .collect();
    assert_eq!(published, (0..50).map(|n| json!(n)).collect::<Vec<_>>());
    // batched: far fewer requests than publishes
    let normal = rig
        .server
        .borrow()
        .seen
        .iter()
        .filter(|(_, c)| c == "/up")
        .count();
    assert!(normal < 5, "{normal} requests for 50 publishes");
}

#[test]
fn no_callback_after_unsubscribe_even_mid_delivery() {
    let rig = Rig::new(|s| {
        s.at(1000.0, "/a", json!(1));
        s.at(1000.0, "/a", json!(2));
        s.at(3000.0, "/a", json!(3));
    });
    let (client, driver) = rig.client(rig.config());
    let first: Received = Rc::default();
    let (second, l2) = recorder();
    let second_id: Rc<Cell<Option<SubscriptionId>>> = Rc::default();
    let (f, c, sid) = (first.clone(), client.clone(), second_id.clone());
    let l1 = Rc::new(move |m: &Message| {
        f.borrow_mut()
            .push((m.channel.clone(), m.data.as_ref().unwrap().to_value()));
        if let Some(id) = sid.take() {
            // the returned future only reports the server's answer
            drop(c.unsubscribe(id));
        }
    });
    let c = client.clone();
    let server = rig.server.clone();
    let sleep = rig.sleep(10_000);
    rig.run(driver, async move {
        c.handshake(&no_call()).await.unwrap();
        c.subscribe("/a", l1, &no_call()).await.unwrap();
        second_id.set(Some(c.subscribe("/a", l2, &no_call()).await.unwrap()));
        sleep.await;
        assert!(
            server.borrow().unsubscribe_log.is_empty(),
            "/a still has a listener"
        );
    });
    assert_eq!(datas(&first), [json!(1), json!(2), json!(3)]);
    assert!(second.borrow().is_empty());
}

#[test]
fn unsubscribing_the_last_listener_tells_the_server() {
    let rig = Rig::new(|s| s.at(5000.0, "/a", json!("late")));
    let (client, driver) = rig.client(rig.config());
    let (got, listener) = recorder();
    let server = rig.server.clone();
    let sleep = rig.sleep(10_000);
    rig.run(driver, async move {
        client.handshake(&no_call()).await.unwrap();
        let id = client.subscribe("/a", listener, &no_call()).await.unwrap();
        client.unsubscribe(id).await;
        assert_eq!(server.borrow().unsubscribe_log, ["/a"]);
        assert!(client.channels().is_empty());
        client.unsubscribe(id).await; // twice is harmless
        sleep.await;
    });
    assert!(got.borrow().is_empty());
}

#[test]
fn the_driver_ends_once_the_client_is_dropped() {
    let rig = Rig::new(|_| {});
    let (client, driver) = rig.client(rig.config());
    let sleep = rig.sleep(1_000);
    let clock = rig.clock.clone();
    run(&rig.clock, async move {
        let body = async move {
            client.handshake(&no_call()).await.unwrap();
            sleep.await;
            drop(client); // a poll is held on the server right now
        };
        join(body, driver).await;
    });
    assert!(
        clock.elapsed() < 2_000.0,
        "ended at once, not after the poll"
    );
    // and a client that never started
    let (client, driver) = rig.client(rig.config());
    drop(client);
    run(&rig.clock, driver);
}

#[test]
fn aborted_and_timed_out_subscribes_leave_nothing_behind() {
    let rig = Rig::new(|s| s.normal_faults.push_back(Some(Fault::Hang)));
    let (client, driver) = rig.client(rig.config());
    let (got, listener) = recorder();
    let c = client.clone();
    rig.run(driver, async move {
        c.handshake(&no_call()).await.unwrap();
        let cancel = CancelToken::new();
        cancel.cancel();
        let call = CallOptions {
            timeout_ms: None,
            cancel: Some(cancel),
        };
        let e = c
            .subscribe("/a", listener.clone(), &call)
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Aborted);
        let call = CallOptions {
            timeout_ms: Some(500),
            cancel: None,
        };
        let e = c
            .subscribe("/b", listener.clone(), &call)
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Timeout);
        assert!(c.channels().is_empty());
        // the hung request is given up after timeoutMs (15 s); the slot is free again
        c.subscribe("/c", listener, &no_call()).await.unwrap();
        assert_eq!(c.channels(), ["/c"]);
    });
    assert!(got.borrow().is_empty());
}

#[test]
fn bad_json_and_http_errors_on_connect_are_retried() {
    let rig = Rig::new(|s| {
        s.hold_ms = 5_000;
        s.connect_faults
            .push_back(Some(Fault::Body("<html>proxy</html>")));
        s.connect_faults.push_back(Some(Fault::Status(500)));
        s.at(10_000.0, "/a", json!("through"));
    });
    let (client, driver) = rig.client(rig.config());
    let (got, listener) = recorder();
    let sleep = rig.sleep(20_000);
    rig.run(driver, async move {
        client.handshake(&no_call()).await.unwrap();
        client.subscribe("/a", listener, &no_call()).await.unwrap();
        sleep.await;
    });
    assert_eq!(datas(&got), [json!("through")]);
    let logs = rig.logs.borrow();
    assert!(logs.iter().any(|l| l.message.contains("BAD_RESPONSE")));
    assert!(logs.iter().any(|l| l.status == Some(500)));
}

#[test]
fn the_first_handshake_keeps_trying_until_the_server_answers() {
    let rig = Rig::new(|s| {
        s.handshake_faults.push_back(Some(Fault::Status(503)));
        s.handshake_faults.push_back(Some(Fault::Network));
        s.handshake_faults.push_back(Some(Fault::Body("nope")));
        s.handshake_faults.push_back(Some(Fault::Hang));
    });
    let (client, driver) = rig.client(rig.config());
    let c = client.clone();
    let clock = rig.clock.clone();
    rig.run(driver, async move {
        // no default timeout: it resolves once the server is back
        c.handshake(&no_call()).await.unwrap();
        // 750 + 1500 + 3000 ms of backoff, a hung request given up after 15 s, 6 s of backoff
        assert_eq!(clock.elapsed(), 750.0 + 1500.0 + 3000.0 + 15_000.0 + 6000.0);
    });
    assert_eq!(client.state(), CometdState::Connected);
    assert_eq!(
        rig.states.borrow()[..2],
        [CometdState::Connecting, CometdState::Connected]
    );
    assert!(rig
        .logs
        .borrow()
        .iter()
        .any(|l| l.level == LogLevel::Warn && l.message.contains("/meta/handshake failed")));
}

#[test]
fn the_first_handshake_stops_on_a_refusal_or_the_callers_limit() {
    let rig = Rig::new(|s| {
        s.handshake_faults.push_back(Some(Fault::Status(401)));
        s.handshake_faults.push_back(Some(Fault::Hang));
        s.handshake_faults.push_back(Some(Fault::Network));
    });
    let (client, driver) = rig.client(rig.config());
    let c = client.clone();
    let clock = rig.clock.clone();
    rig.run(driver, async move {
        let e = c.handshake(&no_call()).await.unwrap_err();
        assert_eq!((e.code, e.status), (ErrorCode::Unauthorized, Some(401)));
        assert_eq!(c.state(), CometdState::Disconnected);
        let call = CallOptions {
            timeout_ms: Some(2_000),
            cancel: None,
        };
        let t0 = clock.elapsed();
        let e = c.handshake(&call).await.unwrap_err();
        assert_eq!(e.code, ErrorCode::Timeout);
        assert_eq!(clock.elapsed() - t0, 2_000.0);
        assert_eq!(c.state(), CometdState::Disconnected, "the caller gave up");
        let e = c
            .subscribe("/a", recorder().1, &no_call())
            .await
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidState);
        // disconnect() ends a handshake that keeps failing
        let d = c.clone();
        let (r, _) = join(c.handshake(&no_call()), async move {
            d.disconnect(&no_call()).await.unwrap();
        })
        .await;
        assert_eq!(r.unwrap_err().code, ErrorCode::InvalidState);
        c.handshake(&no_call()).await.unwrap();
    });
    assert_eq!(client.state(), CometdState::Connected);
}

#[test]
fn bad_configuration_is_invalid_argument() {
    let rig = Rig::new(|_| {});
    for url in [
        "",
        "ftp://x/cometd",
        "http://example.com/cometd",
        "http://0.0.0.0/x",
        "https://u:p@host/x",
        "https://host/x#frag",
    ] {
        let mut config = rig.config();
        config.url = url.to_string();
        let e = CometdClient::new(config).err().unwrap();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidArgument, Some("url")),
            "{url}"
        );
    }
    for (name, value) in [("X-Ok", "a\r\nInjected: 1"), ("Bad Name", "v"), ("", "v")] {
        let e = CometdClient::new(rig.config().header(name, value))
            .err()
            .unwrap();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidArgument, Some("headers"))
        );
    }
    // the bad name is quoted as `{:?}` quotes it
    for name in [
        "Bad Name",
        "a\"b\\c",
        "tab\there\r\n\0",
        "\u{1}\u{7f}\u{85}",
        "é:ü",
        "",
    ] {
        let e = CometdClient::new(rig.config().header(name, "v"))
            .err()
            .unwrap();
        assert_eq!(
            e.message,
            format!("headers: {name:?} is not a valid header name.")
        );
    }
    let mut config = rig.config();
    config.url = "http://127.0.0.1:8080/cometd?x=1".into();
    assert!(CometdClient::new(config).is_ok());
}

#[test]
fn channel_rules_apply_before_anything_is_sent() {
    let rig = Rig::new(|_| {});
    let (client, driver) = rig.client(rig.config());
    let transport = rig.transport.clone();
    rig.run(driver, async move {
        client.handshake(&no_call()).await.unwrap();
        let sent = transport.count();
        for ch in ["/meta/*", "/meta/subscribe", "nope", "/a//b"] {
            let e = client
                .subscribe(ch, recorder().1, &no_call())
                .await
                .unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidArgument, "{ch}");
        }
        for ch in ["/a/*", "/a/**", "/meta/publish"] {
            let e = client.publish(ch, json!(1), &no_call()).await.unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidArgument, "{ch}");
        }
        assert_eq!(transport.count(), sent);
        assert!(client.channels().is_empty());
    });
}

#[test]
fn listeners_may_call_the_client_and_state_listeners_see_each_change() {
    let rig = Rig::new(|s| {
        s.at(1000.0, "/a", json!("first"));
        s.at(2000.0, "/b", json!("second"));
    });
    let (client, driver) = rig.client(rig.config());
    let (got_b, lb) = recorder();
    let c = client.clone();
    let lb = RefCell::new(Some(lb));
    // on the first /a message, subscribe to /b and publish from inside the listener; the
    // calls take effect at once, nobody needs to await them
    let la = Rc::new(move |_m: &Message| {
        if let Some(l) = lb.borrow_mut().take() {
            drop(c.subscribe("/b", l, &CallOptions::default()));
            drop(c.publish("/echo", json!("from a listener"), &CallOptions::default()));
        }
    });
    // a state listener reads the state it is told about
    let c = client.clone();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let s2 = seen.clone();
    client.on_state(Rc::new(move |s: &CometdState| {
        s2.borrow_mut().push((*s, c.state()));
    }));
    let c = client.clone();
    let sleep = rig.sleep(5_000);
    rig.run(driver, async move {
        c.handshake(&no_call()).await.unwrap();
        c.subscribe("/a", la, &no_call()).await.unwrap();
        sleep.await;
    });
    assert_eq!(datas(&got_b), [json!("second")]);
    assert_eq!(rig.server.borrow().published.len(), 1);
    assert_eq!(
        *seen.borrow(),
        [
            (CometdState::Connecting, CometdState::Connecting),
            (CometdState::Connected, CometdState::Connected)
        ]
    );
}

struct TokenExtension {
    seen_in: Rc<RefCell<Vec<String>>>,
}

impl crate::cometd::Extension for TokenExtension {
    fn outgoing(&self, mut m: Message) -> Option<Message> {
        if m.channel == "/drop/me" {
            return None;
        }
        let mut ext = m.ext.take().unwrap_or_else(|| json!({}));
        ext["token"] = json!("t1");
        m.ext = Some(ext);
        Some(m)
    }
    fn incoming(&self, m: Message) -> Option<Message> {
        self.seen_in.borrow_mut().push(m.channel.clone());
        if m.channel == "/hidden" {
            return None;
        }
        Some(m)
    }
}

#[test]
fn extensions_see_every_message_and_headers_are_asked_for_each_request() {
    let rig = Rig::new(|s| {
        s.at(100.0, "/a", json!("shown"));
        s.at(100.0, "/hidden", json!("dropped"));
    });
    let bodies: Rc<RefCell<Vec<String>>> = Rc::default();
    let seen_in: Rc<RefCell<Vec<String>>> = Rc::default();
    let mut config = rig.config();
    config.extensions = vec![Rc::new(TokenExtension {
        seen_in: seen_in.clone(),
    })];
    let token = Rc::new(Cell::new(1));
    let t = token.clone();
    config.header_source = Some(Rc::new(move || {
        vec![("X-CSRF-TOKEN".to_string(), format!("csrf-{}", t.get()))]
    }));
    let (client, driver) = rig.client(config);
    let (got, listener) = recorder();
    let (hidden, hidden_listener) = recorder();
    let sleep = rig.sleep(1_000);
    rig.run(driver, async move {
        client.handshake(&no_call()).await.unwrap();
        client.subscribe("/a", listener, &no_call()).await.unwrap();
        client
            .subscribe("/hidden", hidden_listener, &no_call())
            .await
            .unwrap();
        token.set(2);
        sleep.await;
    });
    assert_eq!(datas(&got), [json!("shown")]);
    assert!(datas(&hidden).is_empty(), "dropped by the extension");
    assert!(seen_in.borrow().iter().any(|c| c == "/meta/handshake"));
    assert!(seen_in.borrow().iter().any(|c| c == "/hidden"));
    let requests = rig.transport.requests.borrow().clone();
    for r in &requests {
        bodies.borrow_mut().push(r.body.clone().unwrap_or_default());
        assert!(r.body.as_deref().unwrap().contains(r#""token":"t1""#));
    }
    assert_eq!(header(&requests[0], "X-CSRF-TOKEN"), Some("csrf-1"));
    assert_eq!(
        header(requests.last().unwrap(), "X-CSRF-TOKEN"),
        Some("csrf-2"),
        "asked again for each request"
    );
    // the acknowledgement offer is there for the extension to see too
    assert!(bodies.borrow()[0].contains(r#""ack":true"#));
}

/// A host that decodes 2xx replies itself, as the JavaScript client does: each message's data
/// becomes a host value (here the parsed [`Value`]), and the body is not handed over. Bodies it
/// cannot read go to the client as they are.
struct HostDecoding {
    inner: Rc<ScriptedTransport>,
    decoded: Rc<Cell<u32>>,
}

impl crate::cometd::DecodingTransport for HostDecoding {
    fn send(
        &self,
        request: HttpRequest,
    ) -> futures_util::future::LocalBoxFuture<
        'static,
        Result<crate::cometd::DecodedReply, crate::http::TransportError>,
    > {
        use crate::http::Transport;
        let sent = self.inner.send(request);
        let decoded = self.decoded.clone();
        Box::pin(async move {
            let resp = sent.await?;
            if !(200..300).contains(&resp.status) {
                return Ok((resp, None));
            }
            let Ok(mut messages) = crate::cometd::message::decode_messages(&resp.body) else {
                return Ok((resp, None));
            };
            for m in &mut messages {
                m.data = m
                    .data
                    .take()
                    .map(|d| crate::cometd::Payload::from_host(Rc::new(d.to_value())));
            }
            decoded.set(decoded.get() + 1);
            let mut resp = resp;
            resp.body = String::new();
            Ok((resp, Some(messages)))
        })
    }
}

#[test]
fn a_host_that_decodes_replies_itself_hands_its_values_to_the_listeners() {
    let rig = Rig::new(|s| {
        s.batch = 64;
        s.hold_ms = 5_000;
        s.connect_faults
            .push_back(Some(Fault::Body("<html>proxy</html>")));
        s.connect_faults.push_back(Some(Fault::Status(500)));
        for n in 0..300 {
            s.at(10_000.0 + f64::from(n / 10), "/stream", json!({ "n": n }));
        }
    });
    let decoded = Rc::new(Cell::new(0));
    let mut config = rig.config();
    config.decoding_transport = Some(Rc::new(HostDecoding {
        inner: rig.transport.clone(),
        decoded: decoded.clone(),
    }));
    let jar = config.cookies.clone();
    let (client, driver) = rig.client(config);
    let got: Rc<RefCell<Vec<Value>>> = Rc::default();
    let g = got.clone();
    let listener: MessageListener = Rc::new(move |m: &Message| {
        let data = m.data.as_ref().unwrap();
        assert_eq!(data.json(), None);
        assert_eq!(
            data.to_value(),
            Value::Null,
            "Rust cannot read a host value"
        );
        g.borrow_mut().push(data.host::<Value>().unwrap().clone());
    });
    let sleep = rig.sleep(20_000);
    let c = client.clone();
    rig.run(driver, async move {
        c.handshake(&no_call()).await.unwrap();
        c.subscribe("/stream", listener, &no_call()).await.unwrap();
        sleep.await;
        c.publish("/up", json!(1), &no_call()).await.unwrap();
    });
    let want: Vec<Value> = (0..300).map(|n| json!({ "n": n })).collect();
    assert_eq!(*got.borrow(), want);
    // every request went through the host; the bad body and the 500 were read by the client
    assert!(decoded.get() >= 5, "{} replies decoded", decoded.get());
    let logs = rig.logs.borrow();
    assert!(logs.iter().any(|l| l.message.contains("BAD_RESPONSE")));
    assert!(logs.iter().any(|l| l.status == Some(500)));
    assert_eq!(jar.borrow().get("BAYEUX_BROWSER"), Some("b1"));
    assert_eq!(
        rig.server.borrow().published,
        [("/up".to_string(), json!(1))]
    );
}

#[test]
fn refused_credentials_are_refreshed_once_and_the_session_comes_back() {
    let rig = Rig::new(|s| {
        s.at(25_000.0, "/a/1", json!(1));
        // the third poll is refused (stale credentials)
        s.connect_faults.push_back(None);
        s.connect_faults.push_back(None);
        s.connect_faults.push_back(Some(Fault::Status(403)));
    });
    let refreshes = Rc::new(Cell::new(0u32));
    let mut config = rig.config();
    let (n, runtime) = (refreshes.clone(), VirtualRuntime(rig.clock.clone()));
    config.refresh_credentials = Some(Rc::new(move || {
        n.set(n.get() + 1);
        let wait = runtime.sleep(300);
        Box::pin(async move {
            wait.await;
            Ok(())
        })
    }));
    let (client, driver) = rig.client(config);
    let (got, listener) = recorder();
    let sleep = rig.sleep(60_000);
    let c = client.clone();
    rig.run(driver, async move {
        c.handshake(&no_call()).await.unwrap();
        c.subscribe("/a/*", listener, &no_call()).await.unwrap();
        sleep.await;
    });
    assert_eq!(refreshes.get(), 1);
    assert_eq!(datas(&got), [json!(1)]);
    let s = rig.server.borrow();
    assert_eq!(s.handshakes, 2);
    assert_eq!(s.subscribe_log, ["/a/*", "/a/*"]);
    let refused = s.connect_times()[2];
    let second_handshake = s.seen.iter().filter(|(_, c)| c == "/meta/handshake").nth(1);
    // the new handshake goes out as soon as the refresh is done (300 ms)
    assert_eq!(second_handshake.unwrap().0 - refused, 300.0);
    assert_eq!(client.state(), CometdState::Connected);
}

#[test]
fn a_refresh_that_fails_or_does_not_help_ends_the_client_and_disconnect_wins() {
    // refused, refreshed, refused again: the caller gets the refusal
    let rig = Rig::new(|s| {
        s.handshake_faults.push_back(Some(Fault::Status(403)));
        s.handshake_faults.push_back(Some(Fault::Status(403)));
    });
    let refreshes = Rc::new(Cell::new(0u32));
    let fail = Rc::new(Cell::new(false));
    let hang = Rc::new(Cell::new(false));
    let mut config = rig.config();
    let (n, f, h) = (refreshes.clone(), fail.clone(), hang.clone());
    config.refresh_credentials = Some(Rc::new(move || {
        n.set(n.get() + 1);
        let (fail, hang) = (f.get(), h.get());
        Box::pin(async move {
            if hang {
                std::future::pending::<()>().await;
            }
            if fail {
                // what a refused re-login gives (a passing failure is tried again instead)
                return Err(crate::error::Error::new(ErrorCode::SessionExpired, "down"));
            }
            Ok(())
        })
    }));
    let (client, driver) = rig.client(config);
    let c = client.clone();
    let server = rig.server.clone();
    let logs = rig.logs.clone();
    let wait = rig.sleep(1_000);
    rig.run(driver, async move {
        let e = c.handshake(&no_call()).await.unwrap_err();
        assert_eq!((e.code, e.status), (ErrorCode::Forbidden, Some(403)));
        assert_eq!(refreshes.get(), 1);
        assert_eq!(server.borrow().handshakes, 0, "both refused");
        // the refresh fails: the handshake's refusal, the refresh's error in the log
        fail.set(true);
        server
            .borrow_mut()
            .handshake_faults
            .push_back(Some(Fault::Status(401)));
        let e = c.handshake(&no_call()).await.unwrap_err();
        assert_eq!(e.status, Some(401));
        assert_eq!(refreshes.get(), 2);
        assert!(logs.borrow().iter().any(|l| l
            .message
            .contains("Refreshing the credentials failed (down)")));
        // disconnect() while the refresh runs
        hang.set(true);
        server
            .borrow_mut()
            .handshake_faults
            .push_back(Some(Fault::Status(403)));
        let (d, n) = (c.clone(), refreshes.clone());
        let (r, _) = join(c.handshake(&no_call()), async move {
            wait.await;
            assert_eq!(n.get(), 3, "refreshing");
            d.disconnect(&no_call()).await.unwrap();
        })
        .await;
        assert_eq!(r.unwrap_err().code, ErrorCode::InvalidState);
        assert_eq!(c.state(), CometdState::Disconnected);
    });
}
