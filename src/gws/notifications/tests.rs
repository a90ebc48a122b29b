use super::*;
use crate::gws::test_support::{connected, BASIC};
use crate::testing::Reply;

#[test]
fn the_config_carries_the_session_credentials_cookies_and_csrf_token() {
    let (_clock, s, _t) = connected(|_| Reply::Hang);
    let c = cometd_config(&s).unwrap();
    assert_eq!(c.url, "https://gws.test/api/v2/notifications");
    assert_eq!(
        c.headers,
        vec![("Authorization".to_string(), BASIC.to_string())]
    );
    assert_eq!(
        c.cookies.borrow().header().as_deref(),
        Some("JSESSIONID=S1")
    );
    let csrf = c.header_source.as_ref().unwrap()();
    assert_eq!(csrf, vec![("X-CSRF-TOKEN".to_string(), "T1".to_string())]);
    assert_eq!(c.timing.timeout_ms, 1000, "the session's timeout");
    s.close();
    assert!(
        cometd_config(&s).is_err(),
        "a closed session has no channel"
    );
}

#[test]
fn on_targets() {
    for name in ["state", "rehandshake", "warning"] {
        assert_eq!(on_target(name).unwrap(), OnTarget::ClientEvent);
    }
    assert_eq!(on_target("/v2/me/chats").unwrap(), OnTarget::Covered);
    assert_eq!(on_target("/v2/me/*").unwrap(), OnTarget::Covered);
    assert_eq!(
        on_target("/v2/users/**").unwrap(),
        OnTarget::OwnSubscription
    );
    let e = on_target("/meta/connect").unwrap_err();
    assert_eq!(e.field.as_deref(), Some("channel"));
}

#[test]
fn the_first_matching_subscription_forwards() {
    let subs = Subscriptions::default();
    assert!(subs.forwards(Subscriptions::ME, "/v2/me/calls"));
    let all = subs.add("/v2/**");
    let users = subs.add("/v2/users");
    assert!(subs.forwards(Subscriptions::ME, "/v2/me/calls"));
    assert!(!subs.forwards(all, "/v2/me/calls"));
    assert!(subs.forwards(all, "/v2/users"));
    subs.remove(all);
    assert!(subs.forwards(users, "/v2/users"));
    assert_ne!(subs.add("/x"), all, "keys are never reused");
}

#[test]
fn an_own_subscription_removed_before_the_answer_is_dropped_when_it_comes() {
    let subs = Subscriptions::default();
    let own = OwnSubscription {
        key: subs.add("/v2/users"),
        state: Rc::default(),
    };
    assert_eq!(own.state(), Own::Pending);
    assert_eq!(own.removed(&subs), None, "nothing subscribed yet");
    assert!(!subs.forwards(own.key, "/v2/users"));
    let sub = SubscriptionId(7);
    assert_eq!(
        own.settled(&subs, Some(sub)),
        Some(sub),
        "unsubscribe at once"
    );
    assert_eq!(own.state(), Own::Removed);
}

#[test]
fn an_own_subscription_is_dropped_on_removal_or_refusal() {
    let subs = Subscriptions::default();
    let own = OwnSubscription {
        key: subs.add("/v2/users"),
        state: Rc::default(),
    };
    let sub = SubscriptionId(3);
    assert_eq!(own.settled(&subs, Some(sub)), None);
    assert_eq!(own.state(), Own::Subscribed(sub));
    assert_eq!(own.removed(&subs), Some(sub));
    assert_eq!(own.removed(&subs), None, "once");

    let refused = OwnSubscription {
        key: subs.add("/v2/users"),
        state: Rc::default(),
    };
    assert_eq!(refused.settled(&subs, None), None);
    assert_eq!(refused.state(), Own::Removed);
    assert!(!subs.forwards(refused.key, "/v2/users"), "left the order");
}

/// A GWS whose HTTP session can expire: `GET /api/v2/me` opens session `S<n>` with token
/// `T<n>`; the CometD endpoint and REST writes refuse a stale cookie or token with 403.
#[test]
fn an_expired_session_is_renewed_once_for_the_channel_and_waiting_calls() {
    use crate::gws::session::Operation;
    use crate::gws::test_support::{header, me_reply, path_of, pipeline, NONE};
    use crate::http::Method;
    use crate::http::Runtime;
    use crate::testing::{json as reply_json, run, VirtualClock, VirtualRuntime};
    use futures_util::future::join;

    let clock = VirtualClock::new();
    let live = Rc::new(Cell::new(1u32)); // 0: expired
    let opened = Rc::new(Cell::new(0u32));
    let (l, o) = (live.clone(), opened.clone());
    let (p, t) = pipeline(&clock, move |r| {
        let path = path_of(r);
        if path == "/api/v2/me" && r.method == Method::Get {
            o.set(o.get() + 1);
            l.set(o.get());
            let n = o.get().to_string();
            // GWS takes a while: the channel and the REST call both wait for this one
            return Reply::After(50, Box::new(me_reply(&format!("S{n}"), &format!("T{n}"))));
        }
        let n = l.get();
        let fresh = n > 0
            && header(r, "Cookie") == Some(&format!("JSESSIONID=S{n}"))
            && header(r, "X-CSRF-TOKEN") == Some(&format!("T{n}"));
        if !fresh {
            return reply_json(
                403,
                r#"{"statusCode":3,"statusMessage":"Missing or invalid Csrf token"}"#,
            );
        }
        if path != "/api/v2/notifications" {
            return reply_json(200, r#"{"statusCode":0}"#);
        }
        let body: serde_json::Value =
            serde_json::from_str(r.body.as_deref().unwrap_or("[]")).unwrap();
        let m = &body[0];
        let reply = match m["channel"].as_str().unwrap_or_default() {
            "/meta/handshake" => serde_json::json!([{"channel": "/meta/handshake",
                "id": m["id"], "successful": true, "clientId": "k1", "version": "1.0",
                "supportedConnectionTypes": ["long-polling"]}]),
            "/meta/subscribe" => serde_json::json!([{"channel": "/meta/subscribe",
                "id": m["id"], "successful": true, "subscription": m["subscription"]}]),
            _ => return Reply::Hang,
        };
        reply_json(200, &reply.to_string())
    });
    let s = run(
        &clock,
        GwsSession::connect(p, crate::gws::test_support::creds(), &NONE),
    )
    .unwrap();
    // the laptop slept: GWS dropped the HTTP session
    live.set(0);
    let (client, driver) = CometdClient::new(cometd_config(&s).unwrap()).unwrap();
    let c = client.clone();
    let session = s.clone();
    let clock2 = clock.clone();
    run(&clock, async move {
        let call = CallOptions::default();
        let channel = open(&c, Rc::new(|_| {}), &call);
        let end = Operation::end_session();
        // a REST write made while the channel renews the session waits for that renewal
        let pause = VirtualRuntime(clock2).sleep(10);
        let rest = async {
            pause.await;
            session.perform(&end, &NONE).await
        };
        let both = join(channel, rest);
        let outcome = futures_util::future::select(Box::pin(both), Box::pin(driver)).await;
        let futures_util::future::Either::Left(((opened, rest), _)) = outcome else {
            panic!("the driver ended");
        };
        opened.unwrap();
        rest.unwrap();
    });
    assert_eq!(client.state(), crate::cometd::CometdState::Connected);
    assert_eq!(opened.get(), 2, "connect, then one renewal");
    let reqs = t.requests.borrow();
    let renewals = reqs
        .iter()
        .filter(|r| path_of(r) == "/api/v2/me" && r.method == Method::Get)
        .count();
    assert_eq!(renewals, 2, "the login and one renewal");
    let handshakes: Vec<(Option<&str>, Option<&str>)> = reqs
        .iter()
        .filter(|r| {
            r.body
                .as_deref()
                .is_some_and(|b| b.contains("/meta/handshake"))
        })
        .map(|r| (header(r, "Cookie"), header(r, "X-CSRF-TOKEN")))
        .collect();
    assert_eq!(
        handshakes,
        [
            (Some("JSESSIONID=S1"), Some("T1")),
            (Some("JSESSIONID=S2"), Some("T2"))
        ]
    );
    let subscribe = reqs
        .iter()
        .find(|r| {
            r.body
                .as_deref()
                .is_some_and(|b| b.contains("/meta/subscribe"))
        })
        .unwrap();
    assert_eq!(header(subscribe, "X-CSRF-TOKEN"), Some("T2"));
}
