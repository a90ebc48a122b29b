use super::*;
use crate::error::ErrorCode;
use crate::testing::{bad, text};

fn creds() -> Vec<(&'static str, Arg)> {
    vec![
        ("accessToken", text("tok")),
        ("clientName", text("client")),
        ("userName", text("user")),
        ("password", text("pw")),
    ]
}

#[test]
fn credentials_read_agent_as_an_optional_boolean() {
    let mut o = creds();
    let c = credentials(&o).unwrap();
    assert_eq!((c.user_name.as_str(), c.agent), ("user", false));
    o.push(("agent", Arg::Bool(true)));
    assert!(credentials(&o).unwrap().agent);
    o.pop();
    o.push(("agent", text("yes")));
    assert_eq!(
        bad(credentials(&o)),
        (
            "agent".into(),
            "agent must be a boolean (true to log in as an agent).".into()
        )
    );
    let mut o = creds();
    o.retain(|(k, _)| *k != "clientName");
    assert_eq!(bad(credentials(&o)).0, "clientName");
    let mut o = creds();
    o.push(("password", text("")));
    o.swap_remove(3);
    assert_eq!(bad(credentials(&o)).0, "password");
}

#[test]
fn api_version_is_optional_and_checked() {
    let none: [(&str, Arg); 0] = [];
    assert_eq!(api_version(&none).unwrap(), None);
    let o = [("apiVersion", text("v6.0"))];
    assert_eq!(api_version(&o).unwrap().unwrap().as_str(), "v6.0");
    let o = [("apiVersion", Arg::Number(6.0))];
    assert_eq!(
        bad(api_version(&o)).1,
        "apiVersion must be a string such as \"v6.0\"."
    );
    let o = [("apiVersion", text("6.0"))];
    assert_eq!(bad(api_version(&o)).0, "apiVersion");
}

#[test]
fn resume_takes_all_credentials_or_none() {
    let o = [("sessionId", text("s1"))];
    let plan = resume_plan(&o).unwrap();
    assert_eq!(plan.session_id, "s1");
    assert!(matches!(plan.renewal, Renewal::Never));

    let mut o = creds();
    o.push(("sessionId", text("s1")));
    assert!(matches!(
        resume_plan(&o).unwrap().renewal,
        Renewal::Login(_)
    ));

    // Two of three: the first missing one is named.
    let o = [
        ("sessionId", text("s1")),
        ("clientName", text("c")),
        ("password", text("p")),
    ];
    let (field, message) = bad(resume_plan(&o));
    assert_eq!(field, "userName");
    assert!(message.contains("together"), "{message}");

    // No sessionId.
    assert_eq!(bad(resume_plan(&creds())).0, "sessionId");
}

#[test]
fn resume_checks_a_lone_access_token_and_renew_session() {
    let o = [("sessionId", text("s1")), ("accessToken", text("a\nb"))];
    assert_eq!(bad(resume_plan(&o)).0, "accessToken");
    let o = [("sessionId", text("s1")), ("accessToken", Arg::Null)];
    assert_eq!(bad(resume_plan(&o)).1, "accessToken must be a string.");
    let o = [("sessionId", text("s1")), ("renewSession", Arg::Function)];
    assert!(matches!(
        resume_plan(&o).unwrap().renewal,
        Renewal::Callback
    ));
    let o = [("sessionId", text("s1")), ("renewSession", Arg::Null)];
    assert!(matches!(resume_plan(&o).unwrap().renewal, Renewal::Never));
    let o = [("sessionId", text("s1")), ("renewSession", text("f"))];
    assert_eq!(
        bad(resume_plan(&o)).1,
        "renewSession must be a function resolving to a new session id."
    );
    let mut o = creds();
    o.push(("sessionId", text("s1")));
    o.push(("renewSession", Arg::Function));
    assert_eq!(
        bad(resume_plan(&o)).1,
        "Pass either the credentials or renewSession to resume(), not both."
    );
}

#[test]
#[cfg(feature = "livevox")]
fn pool_config_checks_service_before_agents_and_numbers() {
    let mut o = vec![
        ("accessToken", text("tok")),
        ("clientName", text("client")),
        ("serviceId", Arg::Number(1001.0)),
    ];
    let c = pool_config(&o, || Ok(Some(Vec::new()))).unwrap();
    assert_eq!(
        (c.service_id, c.keep_alive_ms, c.concurrency),
        (1001.0, None, None)
    );
    o.push(("concurrency", text("8")));
    assert_eq!(
        bad(pool_config(&o, || Ok(Some(Vec::new())))),
        ("concurrency".into(), "concurrency must be a number.".into())
    );
    let o = [("serviceId", Arg::Number(1.0))];
    assert_eq!(
        bad(pool_config(&o, || Ok(None))),
        (
            "agents".into(),
            "agents must be an array of { userName, password, phoneNumber }.".into()
        )
    );
    let o = [("serviceId", text("1001"))];
    let (field, message) = bad(pool_config(&o, || {
        panic!("agents must not be read before serviceId is checked")
    }));
    assert_eq!(field, "serviceId");
    assert_eq!(message, "serviceId must be a number (e.g. 1001).");
}

#[test]
fn renewal_answers_and_handler_failures() {
    assert_eq!(RenewAnswer::Id("s2".into()).session_id().unwrap(), "s2");
    let e = RenewAnswer::NotAString.session_id().unwrap_err();
    assert_eq!(e.code, ErrorCode::SessionExpired);
    assert_eq!(
        e.message,
        "renewSession must resolve to the new session id (a string)."
    );
    let e = RenewAnswer::Failed(Some("no network".into()))
        .session_id()
        .unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        (ErrorCode::SessionExpired, "renewSession failed: no network")
    );
    let e = RenewAnswer::Failed(None).session_id().unwrap_err();
    assert_eq!(e.message, "renewSession failed: it threw");
    let e = handler_failed(None);
    assert_eq!(
        (e.code, e.message.as_str()),
        (ErrorCode::InvalidState, "the call handler failed: it threw")
    );
}

#[test]
fn chat_messages_need_exclude_own_and_switch_service_a_number() {
    let none: [(&str, Arg); 0] = [];
    assert_eq!(
        bad(require_exclude_own(&none)),
        (
            "excludeOwn".into(),
            "excludeOwn is required (true to leave out the supervisor's own messages).".into()
        )
    );
    assert!(require_exclude_own(&[("excludeOwn", Arg::Bool(false))]).is_ok());
    assert!(check_target_service_id(&Arg::Number(12.0)).is_ok());
    assert_eq!(
        bad(check_target_service_id(&text("12"))).1,
        "targetServiceId must be an integer service id."
    );
}
