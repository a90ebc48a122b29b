//! Pins of the realtime caller-input models (`agentStates`/`serviceStats`, `watchAgents`
//! options): what each caller input reads as (its `Debug` form: the models are not
//! `Serialize`), or the `INVALID_ARGUMENT` it gives (`Err <field> | <message>`). Each
//! expectation is what serde's derive gave (through `convert::read_options`), except these
//! accepted changes of the move to `wire::FromJson`: a JSON list where an object belongs (serde
//! read it field by field by position) is now "invalid type: sequence, expected struct X"; a
//! key given twice (serde: "duplicate field") now takes its last value; of two bad fields the
//! first in alphabetical key order is named (serde: the first in the text).
use super::*;

/// What `convert::read_options` gives for the caller's JSON `text` (`wire::input`).
fn wire_input<T: crate::wire::FromJson + std::fmt::Debug>(text: &str) -> String {
    let value = serde_json::from_str(text).expect("the pins are JSON");
    match crate::wire::input::<T>(value, None) {
        Ok(v) => format!("Ok {v:?}"),
        Err(e) => format!("Err {} | {}", e.field.unwrap_or_default(), e.message),
    }
}

const AGENT_STATES: &[(&str, &str)] = &[
    (r#"{}"#, r#"Ok AgentStatesOptions { service_ids: None }"#),
    (
        r#"[]"#,
        r#"Err options | options is not valid: invalid type: sequence, expected struct AgentStatesOptions."#,
    ),
    (
        r#"null"#,
        r#"Err options | options is not valid: invalid type: null, expected struct AgentStatesOptions."#,
    ),
    (
        r#"5"#,
        r#"Err options | options is not valid: invalid type: integer `5`, expected struct AgentStatesOptions."#,
    ),
    (
        r#"1.5"#,
        r#"Err options | options is not valid: invalid type: floating point `1.5`, expected struct AgentStatesOptions."#,
    ),
    (
        r#""x""#,
        r#"Err options | options is not valid: invalid type: string "x", expected struct AgentStatesOptions."#,
    ),
    (
        r#"true"#,
        r#"Err options | options is not valid: invalid type: boolean `true`, expected struct AgentStatesOptions."#,
    ),
    (
        r#"{"other":1}"#,
        r#"Ok AgentStatesOptions { service_ids: None }"#,
    ),
    (
        r#"{"serviceIds":null}"#,
        r#"Ok AgentStatesOptions { service_ids: None }"#,
    ),
    (
        r#"{"serviceIds":"x"}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: string "x", expected a sequence."#,
    ),
    (
        r#"{"serviceIds":""}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: string "", expected a sequence."#,
    ),
    (
        r#"{"serviceIds":5}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: integer `5`, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":0}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: integer `0`, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":-1}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: integer `-1`, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":1.5}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: floating point `1.5`, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":5000000000}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: integer `5000000000`, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":1e+21}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: floating point `1e+21`, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":true}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: boolean `true`, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":false}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: boolean `false`, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":["a"]}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: string "a", expected i64."#,
    ),
    (
        r#"{"serviceIds":[]}"#,
        r#"Ok AgentStatesOptions { service_ids: Some([]) }"#,
    ),
    (
        r#"{"serviceIds":{}}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: map, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":[1001]}"#,
        r#"Ok AgentStatesOptions { service_ids: Some([1001]) }"#,
    ),
    (
        r#"{"serviceIds":[1001,1002]}"#,
        r#"Ok AgentStatesOptions { service_ids: Some([1001, 1002]) }"#,
    ),
    (
        r#"{"serviceIds":[null]}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: null, expected i64."#,
    ),
    (
        r#"{"serviceIds":[1.5]}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: floating point `1.5`, expected i64."#,
    ),
    (
        r#"{"serviceIds":["1001"]}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: string "1001", expected i64."#,
    ),
    (
        r#"{"serviceIds":[1001,"x"]}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: string "x", expected i64."#,
    ),
    (
        r#"{"serviceIds":[9223372036854775807]}"#,
        r#"Ok AgentStatesOptions { service_ids: Some([9223372036854775807]) }"#,
    ),
    (
        r#"{"serviceIds":[9223372036854775808]}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid value: integer `9223372036854775808`, expected i64."#,
    ),
    (
        r#"{"serviceIds":[-5]}"#,
        r#"Ok AgentStatesOptions { service_ids: Some([-5]) }"#,
    ),
    (
        r#"{"serviceIds":[[1]]}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: sequence, expected i64."#,
    ),
    (
        r#"{"serviceIds":[{}]}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: map, expected i64."#,
    ),
    (
        r#"{"serviceIds":[1],"serviceIds":[2]}"#,
        r#"Ok AgentStatesOptions { service_ids: Some([2]) }"#,
    ),
    (
        r#"[[1,2]]"#,
        r#"Err options | options is not valid: invalid type: sequence, expected struct AgentStatesOptions."#,
    ),
    (
        r#"[[1],5]"#,
        r#"Err options | options is not valid: invalid type: sequence, expected struct AgentStatesOptions."#,
    ),
];

const AGENT_WATCH: &[(&str, &str)] = &[
    (
        r#"{}"#,
        r#"Ok AgentWatchOptions { interval_ms: None, service_ids: None }"#,
    ),
    (
        r#"[]"#,
        r#"Err options | options is not valid: invalid type: sequence, expected struct AgentWatchOptions."#,
    ),
    (
        r#"null"#,
        r#"Err options | options is not valid: invalid type: null, expected struct AgentWatchOptions."#,
    ),
    (
        r#"5"#,
        r#"Err options | options is not valid: invalid type: integer `5`, expected struct AgentWatchOptions."#,
    ),
    (
        r#"1.5"#,
        r#"Err options | options is not valid: invalid type: floating point `1.5`, expected struct AgentWatchOptions."#,
    ),
    (
        r#""x""#,
        r#"Err options | options is not valid: invalid type: string "x", expected struct AgentWatchOptions."#,
    ),
    (
        r#"true"#,
        r#"Err options | options is not valid: invalid type: boolean `true`, expected struct AgentWatchOptions."#,
    ),
    (
        r#"{"other":1}"#,
        r#"Ok AgentWatchOptions { interval_ms: None, service_ids: None }"#,
    ),
    (
        r#"{"intervalMs":null}"#,
        r#"Ok AgentWatchOptions { interval_ms: None, service_ids: None }"#,
    ),
    (
        r#"{"intervalMs":"x"}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: string "x", expected u32."#,
    ),
    (
        r#"{"intervalMs":""}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: string "", expected u32."#,
    ),
    (
        r#"{"intervalMs":5}"#,
        r#"Ok AgentWatchOptions { interval_ms: Some(5), service_ids: None }"#,
    ),
    (
        r#"{"intervalMs":0}"#,
        r#"Ok AgentWatchOptions { interval_ms: Some(0), service_ids: None }"#,
    ),
    (
        r#"{"intervalMs":-1}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid value: integer `-1`, expected u32."#,
    ),
    (
        r#"{"intervalMs":1.5}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: floating point `1.5`, expected u32."#,
    ),
    (
        r#"{"intervalMs":5000000000}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid value: integer `5000000000`, expected u32."#,
    ),
    (
        r#"{"intervalMs":1e+21}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: floating point `1e+21`, expected u32."#,
    ),
    (
        r#"{"intervalMs":true}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: boolean `true`, expected u32."#,
    ),
    (
        r#"{"intervalMs":false}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: boolean `false`, expected u32."#,
    ),
    (
        r#"{"intervalMs":["a"]}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: sequence, expected u32."#,
    ),
    (
        r#"{"intervalMs":[]}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: sequence, expected u32."#,
    ),
    (
        r#"{"intervalMs":{}}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: map, expected u32."#,
    ),
    (
        r#"{"intervalMs":[1001]}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: sequence, expected u32."#,
    ),
    (
        r#"{"intervalMs":[1001,1002]}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: sequence, expected u32."#,
    ),
    (
        r#"{"intervalMs":[null]}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: sequence, expected u32."#,
    ),
    (
        r#"{"intervalMs":[1.5]}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: sequence, expected u32."#,
    ),
    (
        r#"{"intervalMs":["1001"]}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: sequence, expected u32."#,
    ),
    (
        r#"{"intervalMs":[1001,"x"]}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: sequence, expected u32."#,
    ),
    (
        r#"{"intervalMs":[9223372036854775807]}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: sequence, expected u32."#,
    ),
    (
        r#"{"intervalMs":[9223372036854775808]}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: sequence, expected u32."#,
    ),
    (
        r#"{"intervalMs":[-5]}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: sequence, expected u32."#,
    ),
    (
        r#"{"intervalMs":[[1]]}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: sequence, expected u32."#,
    ),
    (
        r#"{"intervalMs":[{}]}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: sequence, expected u32."#,
    ),
    (
        r#"{"serviceIds":null}"#,
        r#"Ok AgentWatchOptions { interval_ms: None, service_ids: None }"#,
    ),
    (
        r#"{"serviceIds":"x"}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: string "x", expected a sequence."#,
    ),
    (
        r#"{"serviceIds":""}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: string "", expected a sequence."#,
    ),
    (
        r#"{"serviceIds":5}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: integer `5`, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":0}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: integer `0`, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":-1}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: integer `-1`, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":1.5}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: floating point `1.5`, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":5000000000}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: integer `5000000000`, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":1e+21}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: floating point `1e+21`, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":true}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: boolean `true`, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":false}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: boolean `false`, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":["a"]}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: string "a", expected i64."#,
    ),
    (
        r#"{"serviceIds":[]}"#,
        r#"Ok AgentWatchOptions { interval_ms: None, service_ids: Some([]) }"#,
    ),
    (
        r#"{"serviceIds":{}}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: map, expected a sequence."#,
    ),
    (
        r#"{"serviceIds":[1001]}"#,
        r#"Ok AgentWatchOptions { interval_ms: None, service_ids: Some([1001]) }"#,
    ),
    (
        r#"{"serviceIds":[1001,1002]}"#,
        r#"Ok AgentWatchOptions { interval_ms: None, service_ids: Some([1001, 1002]) }"#,
    ),
    (
        r#"{"serviceIds":[null]}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: null, expected i64."#,
    ),
    (
        r#"{"serviceIds":[1.5]}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: floating point `1.5`, expected i64."#,
    ),
    (
        r#"{"serviceIds":["1001"]}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: string "1001", expected i64."#,
    ),
    (
        r#"{"serviceIds":[1001,"x"]}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: string "x", expected i64."#,
    ),
    (
        r#"{"serviceIds":[9223372036854775807]}"#,
        r#"Ok AgentWatchOptions { interval_ms: None, service_ids: Some([9223372036854775807]) }"#,
    ),
    (
        r#"{"serviceIds":[9223372036854775808]}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid value: integer `9223372036854775808`, expected i64."#,
    ),
    (
        r#"{"serviceIds":[-5]}"#,
        r#"Ok AgentWatchOptions { interval_ms: None, service_ids: Some([-5]) }"#,
    ),
    (
        r#"{"serviceIds":[[1]]}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: sequence, expected i64."#,
    ),
    (
        r#"{"serviceIds":[{}]}"#,
        r#"Err serviceIds | serviceIds is not valid: invalid type: map, expected i64."#,
    ),
    (
        r#"{"intervalMs":50,"serviceIds":[1]}"#,
        r#"Ok AgentWatchOptions { interval_ms: Some(50), service_ids: Some([1]) }"#,
    ),
    (
        r#"{"intervalMs":4294967295}"#,
        r#"Ok AgentWatchOptions { interval_ms: Some(4294967295), service_ids: None }"#,
    ),
    (
        r#"{"intervalMs":4294967296}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid value: integer `4294967296`, expected u32."#,
    ),
    (
        r#"{"intervalMs":-0}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: floating point `-0.0`, expected u32."#,
    ),
    (
        r#"{"intervalMs":5.0}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: floating point `5.0`, expected u32."#,
    ),
    (
        r#"{"intervalMs":"x","serviceIds":"y"}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: string "x", expected u32."#,
    ),
    (
        r#"{"serviceIds":"y","intervalMs":"x"}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: string "x", expected u32."#,
    ),
    (
        r#"{"intervalMs":50,"intervalMs":60}"#,
        r#"Ok AgentWatchOptions { interval_ms: Some(60), service_ids: None }"#,
    ),
    (
        r#"[50,[1]]"#,
        r#"Err options | options is not valid: invalid type: sequence, expected struct AgentWatchOptions."#,
    ),
    (
        r#"[50]"#,
        r#"Err options | options is not valid: invalid type: sequence, expected struct AgentWatchOptions."#,
    ),
];

#[test]
fn realtime_options_read_as_pinned() {
    for (text, want) in AGENT_STATES {
        assert_eq!(
            wire_input::<AgentStatesOptions>(text),
            *want,
            "AgentStatesOptions {text}"
        );
    }
    for (text, want) in AGENT_WATCH {
        assert_eq!(
            wire_input::<AgentWatchOptions>(text),
            *want,
            "AgentWatchOptions {text}"
        );
    }
}
