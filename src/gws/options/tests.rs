use super::*;
use crate::testing::{bad, text};

#[test]
fn device_target_is_a_string_or_an_object_with_an_id() {
    let o = [("targetDeviceUri", text("dev1"))];
    assert_eq!(
        device_target(&o).unwrap(),
        DeviceTarget::Text("dev1".into())
    );
    let o = [
        ("targetDeviceUri", Arg::Object),
        ("targetDeviceUri.id", text("d2")),
    ];
    assert_eq!(device_target(&o).unwrap(), DeviceTarget::Id("d2".into()));
    let o = [("targetDeviceUri", Arg::Object)];
    assert_eq!(
        bad(device_target(&o)).1,
        "targetDeviceUri must be a device URI, id or object."
    );
    let o = [("targetDeviceUri", Arg::Number(1.0))];
    assert_eq!(
        bad(device_target(&o)),
        (
            "targetDeviceUri".into(),
            "targetDeviceUri must be a string.".into()
        )
    );
}

#[test]
fn choices_are_checked_by_name() {
    let o = [("targetDeviceUri", text("d")), ("scope", text("Call"))];
    assert_eq!(
        voice_monitor(&o).unwrap().scope,
        Some(MonitoringScope::Call)
    );
    let o = [("targetDeviceUri", text("d")), ("mode", text("Sometimes"))];
    assert_eq!(
        bad(voice_monitor(&o)),
        (
            "mode".into(),
            "mode must be one of \"NextCall\", \"AllCalls\".".into()
        )
    );
    let none: [(&str, Arg); 0] = [];
    assert_eq!(
        bad(chat_monitor(&none)),
        ("mode".into(), "mode is required.".into())
    );
    let o = [("mode", text("Coach")), ("nickname", text("sup"))];
    let m = chat_monitor(&o).unwrap();
    assert_eq!(
        (m.mode, m.nickname.as_deref()),
        (ChatMode::Coach, Some("sup"))
    );
    let o = [("visibility", text("BargeIn"))];
    assert_eq!(intrude(&o).unwrap().visibility, Some(ChatMode::BargeIn));
    let o = [("mode", text("bargein"))];
    assert_eq!(bad(chat_handle(&o)).0, "mode");
    let o = [("treatAs", text("System"))];
    assert_eq!(leave(&o).unwrap().treat_as, Some(TreatAs::System));
}

#[test]
fn transfer_and_targets_refuse_options_they_do_not_take() {
    let o = [("targetUri", text("u")), ("targetPath", text("p"))];
    assert_eq!(
        bad(transfer(&o)),
        (
            "targetPath".into(),
            "targetPath: Transfer takes targetUri or queueName.".into()
        )
    );
    let o = [("targetUri", text("u")), ("queueName", text("q"))];
    assert_eq!(
        bad(chat_target(&o)).1,
        "queueName: Invite and Consult take targetUri only."
    );
    let o = [("targetUri", text("u"))];
    assert_eq!(chat_target(&o).unwrap().target_uri, "u");
    let none: [(&str, Arg); 0] = [];
    assert_eq!(bad(chat_target(&none)).0, "targetUri");
}

#[test]
fn strings_and_subresources() {
    let o = [("username", text("u")), ("password", Arg::Absent)];
    assert_eq!(
        bad(credentials(&o)),
        ("password".into(), "password must be a string.".into())
    );
    let o = [("subresources", text("*"))];
    assert!(matches!(
        me(&o, || panic!("a name is not a list")).unwrap().subresources,
        Some(Subresources::One(ref s)) if s == "*"
    ));
    let o = [("subresources", Arg::Object)];
    assert!(matches!(
        me(&o, || Ok(vec!["devices".into()])).unwrap().subresources,
        Some(Subresources::Many(ref l)) if l.len() == 1
    ));
    let o = [("channels", Arg::Object), ("place", Arg::Number(1.0))];
    assert_eq!(
        bad(start_session(&o, || Ok(vec!["voice".into()]))),
        ("place".into(), "place must be a string.".into())
    );
    let o = [("reasonCode", text("Lunch"))];
    assert_eq!(
        agent_state(&o).unwrap().reason_code.as_deref(),
        Some("Lunch")
    );
    let o = [("dispositionKey", Arg::Null)];
    assert_eq!(disposition(&o).unwrap().disposition_key, None);
}

#[test]
fn chat_operations_by_name() {
    assert!(chat_operation("SendMessage").is_ok());
    assert_eq!(
        bad(chat_operation("Dance")),
        (
            "operation".into(),
            "operation \"Dance\" is not a chat supervision operation.".into()
        )
    );
}
