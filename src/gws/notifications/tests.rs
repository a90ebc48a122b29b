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
