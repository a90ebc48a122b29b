//! Pins of the SUPERVISOR caller-input models (`startMonitor`, `chatMessages`, `watchChat`
//! options, `broadcastChat`'s `usersInfo`, `switchService`'s `targetServiceId`): what each
//! caller input reads as, or the `INVALID_ARGUMENT` it gives (`Err <field> | <message>`).
//! Each expectation is what serde's derive gave (through `convert::from_js`), except these
//! accepted changes of the move to `wire::FromJson`: a JSON list where an object belongs (serde
//! read it field by field by position) is now "invalid type: sequence, expected struct X"; a
//! key given twice (serde: "duplicate field") now takes its last value; of two bad fields the
//! first in alphabetical key order is named (serde: the first in the text).
use super::*;
use crate::livevox::test_support::wire_input;

/// One model's pins: (caller input, outcome).
type Cases = &'static [(&'static str, &'static str)];

/// A model's name, its pins and how the call reads it.
type Model = (&'static str, Cases, fn(&str) -> String);

const START_MONITOR: &[(&str, &str)] = &[
    (r#"{}"#, r#"Ok {}"#),
    (
        r#"[]"#,
        r#"Err options | options is not valid: invalid type: sequence, expected struct StartMonitorOptions."#,
    ),
    (
        r#"null"#,
        r#"Err options | options is not valid: invalid type: null, expected struct StartMonitorOptions."#,
    ),
    (
        r#"5"#,
        r#"Err options | options is not valid: invalid type: integer `5`, expected struct StartMonitorOptions."#,
    ),
    (
        r#"1.5"#,
        r#"Err options | options is not valid: invalid type: floating point `1.5`, expected struct StartMonitorOptions."#,
    ),
    (
        r#""x""#,
        r#"Err options | options is not valid: invalid type: string "x", expected struct StartMonitorOptions."#,
    ),
    (
        r#"true"#,
        r#"Err options | options is not valid: invalid type: boolean `true`, expected struct StartMonitorOptions."#,
    ),
    (r#"{"other":1}"#, r#"Ok {}"#),
    (r#"{"extension":null}"#, r#"Ok {}"#),
    (r#"{"extension":"x"}"#, r#"Ok {"extension":"x"}"#),
    (r#"{"extension":""}"#, r#"Ok {"extension":""}"#),
    (
        r#"{"extension":5}"#,
        r#"Err extension | extension is not valid: invalid type: integer `5`, expected a string."#,
    ),
    (
        r#"{"extension":0}"#,
        r#"Err extension | extension is not valid: invalid type: integer `0`, expected a string."#,
    ),
    (
        r#"{"extension":-1}"#,
        r#"Err extension | extension is not valid: invalid type: integer `-1`, expected a string."#,
    ),
    (
        r#"{"extension":1.5}"#,
        r#"Err extension | extension is not valid: invalid type: floating point `1.5`, expected a string."#,
    ),
    (
        r#"{"extension":5000000000}"#,
        r#"Err extension | extension is not valid: invalid type: integer `5000000000`, expected a string."#,
    ),
    (
        r#"{"extension":1e+21}"#,
        r#"Err extension | extension is not valid: invalid type: floating point `1e+21`, expected a string."#,
    ),
    (
        r#"{"extension":true}"#,
        r#"Err extension | extension is not valid: invalid type: boolean `true`, expected a string."#,
    ),
    (
        r#"{"extension":false}"#,
        r#"Err extension | extension is not valid: invalid type: boolean `false`, expected a string."#,
    ),
    (
        r#"{"extension":["a"]}"#,
        r#"Err extension | extension is not valid: invalid type: sequence, expected a string."#,
    ),
    (
        r#"{"extension":[]}"#,
        r#"Err extension | extension is not valid: invalid type: sequence, expected a string."#,
    ),
    (
        r#"{"extension":{}}"#,
        r#"Err extension | extension is not valid: invalid type: map, expected a string."#,
    ),
    (
        r#"{"extension":"1","extension":"2"}"#,
        r#"Ok {"extension":"2"}"#,
    ),
    (
        r#"["123"]"#,
        r#"Err options | options is not valid: invalid type: sequence, expected struct StartMonitorOptions."#,
    ),
    (
        r#"["123",5]"#,
        r#"Err options | options is not valid: invalid type: sequence, expected struct StartMonitorOptions."#,
    ),
];

const CHAT_MESSAGES: &[(&str, &str)] = &[
    (
        r#"{}"#,
        r#"Err excludeOwn | excludeOwn is not valid: missing field `excludeOwn`."#,
    ),
    (
        r#"[]"#,
        r#"Err options | options is not valid: invalid type: sequence, expected struct ChatMessagesOptions."#,
    ),
    (
        r#"null"#,
        r#"Err options | options is not valid: invalid type: null, expected struct ChatMessagesOptions."#,
    ),
    (
        r#"5"#,
        r#"Err options | options is not valid: invalid type: integer `5`, expected struct ChatMessagesOptions."#,
    ),
    (
        r#"1.5"#,
        r#"Err options | options is not valid: invalid type: floating point `1.5`, expected struct ChatMessagesOptions."#,
    ),
    (
        r#""x""#,
        r#"Err options | options is not valid: invalid type: string "x", expected struct ChatMessagesOptions."#,
    ),
    (
        r#"true"#,
        r#"Err options | options is not valid: invalid type: boolean `true`, expected struct ChatMessagesOptions."#,
    ),
    (
        r#"{"other":1}"#,
        r#"Err excludeOwn | excludeOwn is not valid: missing field `excludeOwn`."#,
    ),
    (
        r#"{"excludeOwn":null}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: null, expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":"x"}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: string "x", expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":""}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: string "", expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":5}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: integer `5`, expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":0}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: integer `0`, expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":-1}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: integer `-1`, expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":1.5}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: floating point `1.5`, expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":5000000000}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: integer `5000000000`, expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":1e+21}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: floating point `1e+21`, expected a boolean."#,
    ),
    (r#"{"excludeOwn":true}"#, r#"Ok {"excludeOwn":true}"#),
    (r#"{"excludeOwn":false}"#, r#"Ok {"excludeOwn":false}"#),
    (
        r#"{"excludeOwn":["a"]}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: sequence, expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":[]}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: sequence, expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":{}}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: map, expected a boolean."#,
    ),
    (
        r#"{"after":null}"#,
        r#"Err excludeOwn | excludeOwn is not valid: missing field `excludeOwn`."#,
    ),
    (
        r#"{"after":"x"}"#,
        r#"Err excludeOwn | excludeOwn is not valid: missing field `excludeOwn`."#,
    ),
    (
        r#"{"after":""}"#,
        r#"Err excludeOwn | excludeOwn is not valid: missing field `excludeOwn`."#,
    ),
    (
        r#"{"after":5}"#,
        r#"Err excludeOwn | excludeOwn is not valid: missing field `excludeOwn`."#,
    ),
    (
        r#"{"after":0}"#,
        r#"Err excludeOwn | excludeOwn is not valid: missing field `excludeOwn`."#,
    ),
    (
        r#"{"after":-1}"#,
        r#"Err excludeOwn | excludeOwn is not valid: missing field `excludeOwn`."#,
    ),
    (
        r#"{"after":1.5}"#,
        r#"Err excludeOwn | excludeOwn is not valid: missing field `excludeOwn`."#,
    ),
    (
        r#"{"after":5000000000}"#,
        r#"Err excludeOwn | excludeOwn is not valid: missing field `excludeOwn`."#,
    ),
    (
        r#"{"after":1e+21}"#,
        r#"Err excludeOwn | excludeOwn is not valid: missing field `excludeOwn`."#,
    ),
    (
        r#"{"after":true}"#,
        r#"Err after | after is not valid: data did not match any variant of untagged enum Instant."#,
    ),
    (
        r#"{"after":false}"#,
        r#"Err after | after is not valid: data did not match any variant of untagged enum Instant."#,
    ),
    (
        r#"{"after":["a"]}"#,
        r#"Err after | after is not valid: data did not match any variant of untagged enum Instant."#,
    ),
    (
        r#"{"after":[]}"#,
        r#"Err after | after is not valid: data did not match any variant of untagged enum Instant."#,
    ),
    (
        r#"{"after":{}}"#,
        r#"Err after | after is not valid: data did not match any variant of untagged enum Instant."#,
    ),
    (
        r#"{"excludeOwn":true,"after":1767225600000}"#,
        r#"Ok {"after":1767225600000.0,"excludeOwn":true}"#,
    ),
    (
        r#"{"excludeOwn":false,"after":"1767225600000"}"#,
        r#"Ok {"after":"1767225600000","excludeOwn":false}"#,
    ),
    (
        r#"{"excludeOwn":true,"after":null}"#,
        r#"Ok {"excludeOwn":true}"#,
    ),
    (
        r#"{"after":5,"excludeOwn":"x"}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: string "x", expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":"x","after":true}"#,
        r#"Err after | after is not valid: data did not match any variant of untagged enum Instant."#,
    ),
    (
        r#"{"after":true,"excludeOwn":"x"}"#,
        r#"Err after | after is not valid: data did not match any variant of untagged enum Instant."#,
    ),
    (
        r#"{"excludeOwn":true,"after":true}"#,
        r#"Err after | after is not valid: data did not match any variant of untagged enum Instant."#,
    ),
    (
        r#"{"excludeOwn":true,"other":1}"#,
        r#"Ok {"excludeOwn":true}"#,
    ),
    (
        r#"{"excludeOwn":true,"excludeOwn":false}"#,
        r#"Ok {"excludeOwn":false}"#,
    ),
    (
        r#"[5,true]"#,
        r#"Err options | options is not valid: invalid type: sequence, expected struct ChatMessagesOptions."#,
    ),
    (
        r#"[true]"#,
        r#"Err options | options is not valid: invalid type: sequence, expected struct ChatMessagesOptions."#,
    ),
];

const CHAT_WATCH: &[(&str, &str)] = &[
    (r#"{}"#, r#"Ok {}"#),
    (
        r#"[]"#,
        r#"Err options | options is not valid: invalid type: sequence, expected struct ChatWatchOptions."#,
    ),
    (
        r#"null"#,
        r#"Err options | options is not valid: invalid type: null, expected struct ChatWatchOptions."#,
    ),
    (
        r#"5"#,
        r#"Err options | options is not valid: invalid type: integer `5`, expected struct ChatWatchOptions."#,
    ),
    (
        r#"1.5"#,
        r#"Err options | options is not valid: invalid type: floating point `1.5`, expected struct ChatWatchOptions."#,
    ),
    (
        r#""x""#,
        r#"Err options | options is not valid: invalid type: string "x", expected struct ChatWatchOptions."#,
    ),
    (
        r#"true"#,
        r#"Err options | options is not valid: invalid type: boolean `true`, expected struct ChatWatchOptions."#,
    ),
    (r#"{"other":1}"#, r#"Ok {}"#),
    (r#"{"intervalMs":null}"#, r#"Ok {}"#),
    (
        r#"{"intervalMs":"x"}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: string "x", expected u32."#,
    ),
    (
        r#"{"intervalMs":""}"#,
        r#"Err intervalMs | intervalMs is not valid: invalid type: string "", expected u32."#,
    ),
    (r#"{"intervalMs":5}"#, r#"Ok {"intervalMs":5}"#),
    (r#"{"intervalMs":0}"#, r#"Ok {"intervalMs":0}"#),
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
    (r#"{"excludeOwn":null}"#, r#"Ok {}"#),
    (
        r#"{"excludeOwn":"x"}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: string "x", expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":""}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: string "", expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":5}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: integer `5`, expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":0}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: integer `0`, expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":-1}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: integer `-1`, expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":1.5}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: floating point `1.5`, expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":5000000000}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: integer `5000000000`, expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":1e+21}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: floating point `1e+21`, expected a boolean."#,
    ),
    (r#"{"excludeOwn":true}"#, r#"Ok {"excludeOwn":true}"#),
    (r#"{"excludeOwn":false}"#, r#"Ok {"excludeOwn":false}"#),
    (
        r#"{"excludeOwn":["a"]}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: sequence, expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":[]}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: sequence, expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":{}}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: map, expected a boolean."#,
    ),
    (r#"{"after":null}"#, r#"Ok {}"#),
    (r#"{"after":"x"}"#, r#"Ok {"after":"x"}"#),
    (r#"{"after":""}"#, r#"Ok {"after":""}"#),
    (r#"{"after":5}"#, r#"Ok {"after":5.0}"#),
    (r#"{"after":0}"#, r#"Ok {"after":0.0}"#),
    (r#"{"after":-1}"#, r#"Ok {"after":-1.0}"#),
    (r#"{"after":1.5}"#, r#"Ok {"after":1.5}"#),
    (r#"{"after":5000000000}"#, r#"Ok {"after":5000000000.0}"#),
    (r#"{"after":1e+21}"#, r#"Ok {"after":1e+21}"#),
    (
        r#"{"after":true}"#,
        r#"Err after | after is not valid: data did not match any variant of untagged enum Instant."#,
    ),
    (
        r#"{"after":false}"#,
        r#"Err after | after is not valid: data did not match any variant of untagged enum Instant."#,
    ),
    (
        r#"{"after":["a"]}"#,
        r#"Err after | after is not valid: data did not match any variant of untagged enum Instant."#,
    ),
    (
        r#"{"after":[]}"#,
        r#"Err after | after is not valid: data did not match any variant of untagged enum Instant."#,
    ),
    (
        r#"{"after":{}}"#,
        r#"Err after | after is not valid: data did not match any variant of untagged enum Instant."#,
    ),
    (
        r#"{"intervalMs":50,"excludeOwn":false,"after":1767225600000}"#,
        r#"Ok {"intervalMs":50,"excludeOwn":false,"after":1767225600000.0}"#,
    ),
    (
        r#"{"intervalMs":4294967295}"#,
        r#"Ok {"intervalMs":4294967295}"#,
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
        r#"{"intervalMs":"x","excludeOwn":"y"}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: string "y", expected a boolean."#,
    ),
    (
        r#"{"excludeOwn":"y","intervalMs":"x"}"#,
        r#"Err excludeOwn | excludeOwn is not valid: invalid type: string "y", expected a boolean."#,
    ),
    (
        r#"{"after":"x","intervalMs":1}"#,
        r#"Ok {"intervalMs":1,"after":"x"}"#,
    ),
    (
        r#"[50,true,"1"]"#,
        r#"Err options | options is not valid: invalid type: sequence, expected struct ChatWatchOptions."#,
    ),
    (
        r#"[50]"#,
        r#"Err options | options is not valid: invalid type: sequence, expected struct ChatWatchOptions."#,
    ),
];

const USERS_INFO: &[(&str, &str)] = &[
    (
        r#"{}"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: map, expected a sequence."#,
    ),
    (r#"[]"#, r#"Ok []"#),
    (
        r#"null"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: null, expected a sequence."#,
    ),
    (
        r#"5"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `5`, expected a sequence."#,
    ),
    (
        r#"1.5"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: floating point `1.5`, expected a sequence."#,
    ),
    (
        r#""x""#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: string "x", expected a sequence."#,
    ),
    (
        r#"true"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: boolean `true`, expected a sequence."#,
    ),
    (
        r#"{"other":1}"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: map, expected a sequence."#,
    ),
    (
        r#"[{"userLoginId":null,"canReply":false}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: null, expected a string."#,
    ),
    (
        r#"[{"userLoginId":null}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: null, expected a string."#,
    ),
    (
        r#"[{"userLoginId":"x","canReply":false}]"#,
        r#"Ok [{"userLoginId":"x","canReply":false}]"#,
    ),
    (
        r#"[{"userLoginId":"x"}]"#,
        r#"Ok [{"userLoginId":"x","canReply":true}]"#,
    ),
    (
        r#"[{"userLoginId":"","canReply":false}]"#,
        r#"Ok [{"userLoginId":"","canReply":false}]"#,
    ),
    (
        r#"[{"userLoginId":""}]"#,
        r#"Ok [{"userLoginId":"","canReply":true}]"#,
    ),
    (
        r#"[{"userLoginId":5,"canReply":false}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `5`, expected a string."#,
    ),
    (
        r#"[{"userLoginId":5}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `5`, expected a string."#,
    ),
    (
        r#"[{"userLoginId":0,"canReply":false}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `0`, expected a string."#,
    ),
    (
        r#"[{"userLoginId":0}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `0`, expected a string."#,
    ),
    (
        r#"[{"userLoginId":-1,"canReply":false}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `-1`, expected a string."#,
    ),
    (
        r#"[{"userLoginId":-1}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `-1`, expected a string."#,
    ),
    (
        r#"[{"userLoginId":1.5,"canReply":false}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: floating point `1.5`, expected a string."#,
    ),
    (
        r#"[{"userLoginId":1.5}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: floating point `1.5`, expected a string."#,
    ),
    (
        r#"[{"userLoginId":5000000000,"canReply":false}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `5000000000`, expected a string."#,
    ),
    (
        r#"[{"userLoginId":5000000000}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `5000000000`, expected a string."#,
    ),
    (
        r#"[{"userLoginId":1e+21,"canReply":false}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: floating point `1e+21`, expected a string."#,
    ),
    (
        r#"[{"userLoginId":1e+21}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: floating point `1e+21`, expected a string."#,
    ),
    (
        r#"[{"userLoginId":true,"canReply":false}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: boolean `true`, expected a string."#,
    ),
    (
        r#"[{"userLoginId":true}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: boolean `true`, expected a string."#,
    ),
    (
        r#"[{"userLoginId":false,"canReply":false}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: boolean `false`, expected a string."#,
    ),
    (
        r#"[{"userLoginId":false}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: boolean `false`, expected a string."#,
    ),
    (
        r#"[{"userLoginId":["a"],"canReply":false}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: sequence, expected a string."#,
    ),
    (
        r#"[{"userLoginId":["a"]}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: sequence, expected a string."#,
    ),
    (
        r#"[{"userLoginId":[],"canReply":false}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: sequence, expected a string."#,
    ),
    (
        r#"[{"userLoginId":[]}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: sequence, expected a string."#,
    ),
    (
        r#"[{"userLoginId":{},"canReply":false}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: map, expected a string."#,
    ),
    (
        r#"[{"userLoginId":{}}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: map, expected a string."#,
    ),
    (
        r#"[{"canReply":null,"userLoginId":"a"}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: null, expected a boolean."#,
    ),
    (
        r#"[{"canReply":null}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: null, expected a boolean."#,
    ),
    (
        r#"[{"canReply":"x","userLoginId":"a"}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: string "x", expected a boolean."#,
    ),
    (
        r#"[{"canReply":"x"}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: string "x", expected a boolean."#,
    ),
    (
        r#"[{"canReply":"","userLoginId":"a"}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: string "", expected a boolean."#,
    ),
    (
        r#"[{"canReply":""}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: string "", expected a boolean."#,
    ),
    (
        r#"[{"canReply":5,"userLoginId":"a"}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `5`, expected a boolean."#,
    ),
    (
        r#"[{"canReply":5}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `5`, expected a boolean."#,
    ),
    (
        r#"[{"canReply":0,"userLoginId":"a"}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `0`, expected a boolean."#,
    ),
    (
        r#"[{"canReply":0}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `0`, expected a boolean."#,
    ),
    (
        r#"[{"canReply":-1,"userLoginId":"a"}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `-1`, expected a boolean."#,
    ),
    (
        r#"[{"canReply":-1}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `-1`, expected a boolean."#,
    ),
    (
        r#"[{"canReply":1.5,"userLoginId":"a"}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: floating point `1.5`, expected a boolean."#,
    ),
    (
        r#"[{"canReply":1.5}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: floating point `1.5`, expected a boolean."#,
    ),
    (
        r#"[{"canReply":5000000000,"userLoginId":"a"}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `5000000000`, expected a boolean."#,
    ),
    (
        r#"[{"canReply":5000000000}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `5000000000`, expected a boolean."#,
    ),
    (
        r#"[{"canReply":1e+21,"userLoginId":"a"}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: floating point `1e+21`, expected a boolean."#,
    ),
    (
        r#"[{"canReply":1e+21}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: floating point `1e+21`, expected a boolean."#,
    ),
    (
        r#"[{"canReply":true,"userLoginId":"a"}]"#,
        r#"Ok [{"userLoginId":"a","canReply":true}]"#,
    ),
    (
        r#"[{"canReply":true}]"#,
        r#"Err usersInfo | usersInfo is not valid: missing field `userLoginId`."#,
    ),
    (
        r#"[{"canReply":false,"userLoginId":"a"}]"#,
        r#"Ok [{"userLoginId":"a","canReply":false}]"#,
    ),
    (
        r#"[{"canReply":false}]"#,
        r#"Err usersInfo | usersInfo is not valid: missing field `userLoginId`."#,
    ),
    (
        r#"[{"canReply":["a"],"userLoginId":"a"}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: sequence, expected a boolean."#,
    ),
    (
        r#"[{"canReply":["a"]}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: sequence, expected a boolean."#,
    ),
    (
        r#"[{"canReply":[],"userLoginId":"a"}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: sequence, expected a boolean."#,
    ),
    (
        r#"[{"canReply":[]}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: sequence, expected a boolean."#,
    ),
    (
        r#"[{"canReply":{},"userLoginId":"a"}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: map, expected a boolean."#,
    ),
    (
        r#"[{"canReply":{}}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: map, expected a boolean."#,
    ),
    (
        r#"[{"userLoginId":"a"}]"#,
        r#"Ok [{"userLoginId":"a","canReply":true}]"#,
    ),
    (
        r#"[{"userLoginId":"a","canReply":false},{"userLoginId":"b"}]"#,
        r#"Ok [{"userLoginId":"a","canReply":false},{"userLoginId":"b","canReply":true}]"#,
    ),
    (
        r#"[{"userLoginId":"a"},5]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `5`, expected struct ChatRecipient."#,
    ),
    (
        r#"[{"userLoginId":"a"},{}]"#,
        r#"Err usersInfo | usersInfo is not valid: missing field `userLoginId`."#,
    ),
    (
        r#"[{"userLoginId":"a","other":1}]"#,
        r#"Ok [{"userLoginId":"a","canReply":true}]"#,
    ),
    (
        r#"[["a",false]]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: sequence, expected struct ChatRecipient."#,
    ),
    (
        r#"[["a"]]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: sequence, expected struct ChatRecipient."#,
    ),
    (
        r#"[[]]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: sequence, expected struct ChatRecipient."#,
    ),
    (
        r#"[null]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: null, expected struct ChatRecipient."#,
    ),
    (
        r#"[{"userLoginId":"a","userLoginId":"b"}]"#,
        r#"Ok [{"userLoginId":"b","canReply":true}]"#,
    ),
    (
        r#"[{"canReply":5,"userLoginId":5}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `5`, expected a boolean."#,
    ),
    (
        r#"[{"userLoginId":5,"canReply":5}]"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: integer `5`, expected a boolean."#,
    ),
    (
        r#"{"userLoginId":"a"}"#,
        r#"Err usersInfo | usersInfo is not valid: invalid type: map, expected a sequence."#,
    ),
];

const TARGET_SERVICE_ID: &[(&str, &str)] = &[
    (
        r#"null"#,
        r#"Err targetServiceId | targetServiceId is not valid: invalid type: null, expected i64."#,
    ),
    (
        r#""x""#,
        r#"Err targetServiceId | targetServiceId is not valid: invalid type: string "x", expected i64."#,
    ),
    (
        r#""""#,
        r#"Err targetServiceId | targetServiceId is not valid: invalid type: string "", expected i64."#,
    ),
    (r#"5"#, r#"Ok 5"#),
    (r#"0"#, r#"Ok 0"#),
    (r#"-1"#, r#"Ok -1"#),
    (
        r#"1.5"#,
        r#"Err targetServiceId | targetServiceId is not valid: invalid type: floating point `1.5`, expected i64."#,
    ),
    (r#"5000000000"#, r#"Ok 5000000000"#),
    (
        r#"1e+21"#,
        r#"Err targetServiceId | targetServiceId is not valid: invalid type: floating point `1e+21`, expected i64."#,
    ),
    (
        r#"true"#,
        r#"Err targetServiceId | targetServiceId is not valid: invalid type: boolean `true`, expected i64."#,
    ),
    (
        r#"false"#,
        r#"Err targetServiceId | targetServiceId is not valid: invalid type: boolean `false`, expected i64."#,
    ),
    (
        r#"["a"]"#,
        r#"Err targetServiceId | targetServiceId is not valid: invalid type: sequence, expected i64."#,
    ),
    (
        r#"[]"#,
        r#"Err targetServiceId | targetServiceId is not valid: invalid type: sequence, expected i64."#,
    ),
    (
        r#"{}"#,
        r#"Err targetServiceId | targetServiceId is not valid: invalid type: map, expected i64."#,
    ),
    (r#"9223372036854775807"#, r#"Ok 9223372036854775807"#),
    (
        r#"9223372036854775808"#,
        r#"Err targetServiceId | targetServiceId is not valid: invalid value: integer `9223372036854775808`, expected i64."#,
    ),
    (r#"-9223372036854775808"#, r#"Ok -9223372036854775808"#),
    (
        r#"-9223372036854775809"#,
        r#"Err targetServiceId | targetServiceId is not valid: invalid type: floating point `-9.223372036854776e+18`, expected i64."#,
    ),
    (r#"1001"#, r#"Ok 1001"#),
    (
        r#"1.0"#,
        r#"Err targetServiceId | targetServiceId is not valid: invalid type: floating point `1.0`, expected i64."#,
    ),
    (
        r#"-0"#,
        r#"Err targetServiceId | targetServiceId is not valid: invalid type: floating point `-0.0`, expected i64."#,
    ),
    (
        r#"1e3"#,
        r#"Err targetServiceId | targetServiceId is not valid: invalid type: floating point `1000.0`, expected i64."#,
    ),
];

#[test]
fn supervisor_input_models_read_as_pinned() {
    let models: [Model; 5] = [
        ("StartMonitorOptions", START_MONITOR, |t| {
            wire_input::<StartMonitorOptions>(t, None)
        }),
        ("ChatMessagesOptions", CHAT_MESSAGES, |t| {
            wire_input::<ChatMessagesOptions>(t, None)
        }),
        ("ChatWatchOptions", CHAT_WATCH, |t| {
            wire_input::<ChatWatchOptions>(t, None)
        }),
        ("usersInfo", USERS_INFO, |t| {
            wire_input::<Vec<ChatRecipient>>(t, Some("usersInfo"))
        }),
        ("targetServiceId", TARGET_SERVICE_ID, target_service_id),
    ];
    for (model, cases, read) in models {
        for (text, want) in cases {
            assert_eq!(read(text), *want, "{model} {text}");
        }
    }
}

/// What `switchService` reads `targetServiceId` with (`convert::from_js_with` and
/// `wire::i64_value`: serde's `i64`), as [`wire_input`] shows it.
fn target_service_id(text: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(text).expect("the pins are JSON");
    match crate::wire::i64_value(&value) {
        Ok(id) => format!("Ok {id}"),
        Err(e) => format!("Err targetServiceId | targetServiceId is not valid: {e}."),
    }
}
