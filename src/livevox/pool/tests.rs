use super::*;
use crate::error::ErrorCode;
use crate::http::HttpRequest;
use crate::livevox::test_support::{header, path_of, pipeline};
use crate::testing::{json, run, ScriptedTransport, VirtualClock};
use serde_json::Value;

fn invite(number: &str) -> String {
    format!(
        "INVITE sip:{number}@10.0.0.5:5070 SIP/2.0\r\n\
         Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r\n\
         From: <sip:+19192109237@10.0.0.1>;tag=1\r\n\
         To: <sip:{number}@10.0.0.5>\r\n\
         Call-ID: abc@10.0.0.1\r\n\
         CSeq: 1 INVITE\r\n\
         Content-Length: 0\r\n\r\n"
    )
}

fn agents(n: usize) -> Vec<PoolAgent> {
    (1..=n)
        .map(|i| PoolAgent {
            user_name: format!("VA{i}"),
            password: format!("agent-va{i}"),
            phone_number: format!("+1899000000{i}"),
        })
        .collect()
}

fn config(n: usize) -> PoolConfig {
    PoolConfig {
        access_token: "tok".into(),
        client_name: "ACME".into(),
        service_id: 1001.0,
        agents: agents(n),
        keep_alive_ms: Some(0.0),
        concurrency: None,
        api_version: None,
    }
}

/// A server where login gives `SID-<user>`, and `fail` names a user and the path that fails.
fn server(
    clock: &Rc<VirtualClock>,
    fail: Option<(&'static str, &'static str)>,
) -> (Pipeline, Rc<ScriptedTransport>) {
    pipeline(clock, move |r: &HttpRequest| {
        // Versioned paths (apiVersion) are served like the plain ones.
        let path = path_of(r)
            .split('?')
            .next()
            .unwrap_or_default()
            .replace("/v6.0/", "/");
        let who = if path == "/session/login" {
            let body: Value = serde_json::from_str(r.body.as_deref().unwrap_or("{}")).unwrap();
            assert_eq!(body["agent"], true);
            body["userName"].as_str().unwrap_or_default().to_string()
        } else {
            header(r, "LV-Session")
                .or_else(|| path.rsplit('/').next())
                .unwrap_or_default()
                .trim_start_matches("SID-")
                .to_string()
        };
        if let Some((user, failing)) = fail {
            if user == who && path.starts_with(failing) {
                return json(400, r#"{"code":400,"message":"Invalid phone number"}"#);
            }
        }
        if path == "/session/login" {
            json(
                200,
                &format!(r#"{{"sessionId":"SID-{who}","userId":1,"clientId":2}}"#),
            )
        } else {
            json(204, "")
        }
    })
}

#[test]
fn config_is_checked_before_anything_is_sent() {
    let clock = VirtualClock::new();
    let (p, t) = server(&clock, None);
    type Change = Box<dyn Fn(&mut PoolConfig)>;
    let cases: Vec<(Change, &str)> = vec![
        (Box::new(|c| c.agents.clear()), "agents"),
        (Box::new(|c| c.service_id = 0.5), "serviceId"),
        (Box::new(|c| c.keep_alive_ms = Some(10.0)), "keepAliveMs"),
        (Box::new(|c| c.concurrency = Some(0.0)), "concurrency"),
        (Box::new(|c| c.access_token = "a\nb".into()), "accessToken"),
        (
            Box::new(|c| c.agents[1].phone_number = "8990000001".into()),
            "phoneNumber",
        ),
        (
            Box::new(|c| c.agents[0].phone_number = "sip:x".into()),
            "phoneNumber",
        ),
        (Box::new(|c| c.agents[0].password.clear()), "password"),
        (Box::new(|c| c.agents[0].user_name = " ".into()), "userName"),
    ];
    for (change, field) in cases {
        let mut c = config(2);
        change(&mut c);
        let e = AgentPool::new(p.clone(), c).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidArgument, Some(field))
        );
    }
    assert_eq!(t.count(), 0);
    let shown = format!("{:?}", config(1).agents);
    assert!(
        !shown.contains("agent-va1"),
        "no password in Debug output: {shown}"
    );
}

#[test]
fn start_routes_invites_and_shuts_down_in_order() {
    let clock = VirtualClock::new();
    let (p, t) = server(&clock, None);
    let pool = Rc::new(AgentPool::new(p, config(3)).unwrap());
    let (outcomes, keep) = run(&clock, pool.start(&CallOptions::default()));
    run(&clock, keep);
    assert!(outcomes.iter().all(|o| o.failure.is_none()));
    assert_eq!(pool.running(), 3);
    let mut per_agent: Vec<String> = t
        .requests
        .borrow()
        .iter()
        .filter(|r| header(r, "LV-Session") == Some("SID-VA2"))
        .map(|r| path_of(r).to_string())
        .collect();
    assert_eq!(
        per_agent,
        [
            "/callControl/agent/service/join?serviceId=1001&phoneNumber=%2B18990000002",
            "/callControl/agent/status/ready"
        ]
    );
    assert_eq!(
        pool.agent_for_invite(&invite("+18990000002")).unwrap(),
        Some(1)
    );
    assert_eq!(
        pool.agent_for_invite(&invite("8990000003")).unwrap(),
        Some(2)
    );
    assert_eq!(
        pool.agent_for_invite(&invite("+18990000009")).unwrap(),
        None
    );
    let e = pool.agent_for_invite("SIP/2.0 200 OK\r\n\r\n").unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidArgument);
    assert_eq!(pool.session(0).unwrap().info().session_id, "SID-VA1");

    let before = t.count();
    let outcomes = run(&clock, pool.shutdown(&CallOptions::default()));
    assert_eq!(
        outcomes.iter().map(|o| o.index).collect::<Vec<_>>(),
        [0, 1, 2]
    );
    assert!(outcomes.iter().all(|o| o.failure.is_none()));
    assert_eq!(t.count() - before, 9);
    per_agent = t.paths().split_off(before);
    assert!(per_agent.contains(&"/session/logout/SID-VA3".to_string()));
    assert_eq!(pool.running(), 0);
    assert_eq!(
        pool.agent_for_invite(&invite("+18990000002")).unwrap(),
        None
    );
}

#[test]
fn one_agents_failure_is_reported_and_not_fatal() {
    let clock = VirtualClock::new();
    let (p, t) = server(&clock, Some(("VA2", "/callControl/agent/service/join")));
    let pool = Rc::new(AgentPool::new(p, config(3)).unwrap());
    let (outcomes, _) = run(&clock, pool.start(&CallOptions::default()));
    let (step, e) = outcomes[1].failure.clone().unwrap();
    assert_eq!(
        (step, e.code, outcomes[1].user_name.as_str()),
        (PoolStep::Join, ErrorCode::InvalidArgument, "VA2")
    );
    assert!(outcomes[0].failure.is_none() && outcomes[2].failure.is_none());
    assert_eq!(pool.running(), 2);
    assert!(
        t.paths().contains(&"/session/logout/SID-VA2".to_string()),
        "the half-started agent is logged out"
    );
    assert_eq!(pool.agent_for_number("+18990000002"), None);
    // A second start retries only the agent that is not running.
    let before = t.count();
    let (outcomes, _) = run(&clock, pool.start(&CallOptions::default()));
    assert_eq!(outcomes.len(), 1);
    assert!(t.count() > before);
}

#[test]
fn shutdown_tries_every_step_and_reports_the_first_failure() {
    let clock = VirtualClock::new();
    let (p, t) = server(&clock, Some(("VA1", "/callControl/agent/status/notReady")));
    let pool = Rc::new(AgentPool::new(p, config(2)).unwrap());
    let _ = run(&clock, pool.start(&CallOptions::default()));
    let outcomes = run(&clock, pool.shutdown(&CallOptions::default()));
    assert_eq!(
        outcomes[0].failure.as_ref().map(|f| f.0),
        Some(PoolStep::NotReady)
    );
    assert!(outcomes[1].failure.is_none());
    assert!(t.paths().contains(&"/session/logout/SID-VA1".to_string()));
}

#[test]
fn phone_keys_ignore_formatting_and_the_country_code() {
    for n in [
        "+18990000001",
        "18990000001",
        "8990000001",
        "+1 899-000-0001",
    ] {
        assert_eq!(phone_key(n), "8990000001");
    }
    assert_eq!(phone_key("+448990000001"), "448990000001");
}

#[test]
fn status_reports_per_agent_whether_it_takes_calls_and_versions_reach_every_path() {
    let clock = VirtualClock::new();
    let (p, t) = server(&clock, Some(("VA2", "/callControl/agent/service/join")));
    let mut cfg = config(3);
    cfg.api_version = Some(crate::livevox::session::ApiVersion::parse("v6.0").unwrap());
    let pool = Rc::new(AgentPool::new(p, cfg).unwrap());
    assert!(pool
        .status()
        .iter()
        .all(|a| !a.started && !a.taking_calls()));
    let (outcomes, _) = run(&clock, pool.start(&CallOptions::default()));
    assert_eq!(
        outcomes
            .iter()
            .map(|o| o.failure.is_none())
            .collect::<Vec<_>>(),
        [true, false, true]
    );
    let status = pool.status();
    assert_eq!(
        status
            .iter()
            .map(|a| (a.user_name.as_str(), a.started, a.taking_calls()))
            .collect::<Vec<_>>(),
        [
            ("VA1", true, true),
            ("VA2", false, false),
            ("VA3", true, true)
        ]
    );
    assert_eq!(status[0].health.ready, Some(true));
    assert!(t
        .paths()
        .iter()
        .all(|p| p.starts_with("/session/v6.0/") || p.starts_with("/callControl/v6.0/")));
}
