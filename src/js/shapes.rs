//! Every TypeScript shape the exported functions take or return, declared once: each is an
//! extern type whose `typescript_type` is what the generated `.d.ts` shows, used as the Rust
//! type of the parameter or result (values cross unchecked, as `JsValue` would). Shapes of one
//! platform are compiled with its cargo feature only, like the classes that use them. Optional
//! trailing parameters keep `unchecked_optional_param_type` at their site: an `Option` of an
//! extern type would add a null check per call to the JavaScript glue.

use wasm_bindgen::prelude::*;

#[cfg(feature = "cometd")]
#[wasm_bindgen]
extern "C" {
    /// `CometDListener`
    #[wasm_bindgen(typescript_type = "CometDListener")]
    pub type CometDListener;
    /// `CometDOptions`
    #[wasm_bindgen(typescript_type = "CometDOptions")]
    pub type CometDOptions;
    /// `Promise<() => Promise<void>>`
    #[wasm_bindgen(typescript_type = "Promise<() => Promise<void>>")]
    pub type PromiseUnsubscribeAsync;
    /// `"state"`
    #[wasm_bindgen(typescript_type = "\"state\"")]
    pub type StateEvent;
    /// `(state: CometdState) => void`
    #[wasm_bindgen(typescript_type = "(state: CometdState) => void")]
    pub type StateListener;
    /// `unknown`
    #[wasm_bindgen(typescript_type = "unknown")]
    pub type Unknown;
}

#[cfg(feature = "gws")]
#[wasm_bindgen]
extern "C" {
    /// `ChatMode | undefined`
    #[wasm_bindgen(typescript_type = "ChatMode | undefined")]
    pub type ChatModeOrUndefined;
    /// `ChatMonitorOptions`
    #[wasm_bindgen(typescript_type = "ChatMonitorOptions")]
    pub type ChatMonitorOptions;
    /// `ChatOperation`
    #[wasm_bindgen(typescript_type = "ChatOperation")]
    pub type ChatOperation;
    /// `ChatTarget`
    #[wasm_bindgen(typescript_type = "ChatTarget")]
    pub type ChatTarget;
    /// `GwsAgentState`
    #[wasm_bindgen(typescript_type = "GwsAgentState")]
    pub type GwsAgentState;
    /// `GwsConnectOptions`
    #[wasm_bindgen(typescript_type = "GwsConnectOptions")]
    pub type GwsConnectOptions;
    /// `(data: GwsNotification & CometdState & CometdWarning, channel: string) => void`
    #[wasm_bindgen(
        typescript_type = "(data: GwsNotification & CometdState & CometdWarning, channel: string) => void"
    )]
    pub type GwsListener;
    /// `(data: GwsNotification & CometdState, channel: string) => void`
    #[wasm_bindgen(
        typescript_type = "(data: GwsNotification & CometdState, channel: string) => void"
    )]
    pub type GwsOnceListener;
    /// `GwsUser`
    #[wasm_bindgen(typescript_type = "GwsUser")]
    pub type GwsUser;
    /// `Promise<Gws>`
    #[wasm_bindgen(typescript_type = "Promise<Gws>")]
    pub type PromiseGws;
    /// `Promise<GwsChat>`
    #[wasm_bindgen(typescript_type = "Promise<GwsChat>")]
    pub type PromiseGwsChat;
    /// `Promise<GwsDevice[]>`
    #[wasm_bindgen(typescript_type = "Promise<GwsDevice[]>")]
    pub type PromiseGwsDeviceList;
    /// `Promise<GwsNotifications>`
    #[wasm_bindgen(typescript_type = "Promise<GwsNotifications>")]
    pub type PromiseGwsNotifications;
    /// `Promise<GwsSnapshot>`
    #[wasm_bindgen(typescript_type = "Promise<GwsSnapshot>")]
    pub type PromiseGwsSnapshot;
    /// `Promise<GwsUser>`
    #[wasm_bindgen(typescript_type = "Promise<GwsUser>")]
    pub type PromiseGwsUser;
    /// `Promise<StartSessionResult>`
    #[wasm_bindgen(typescript_type = "Promise<StartSessionResult>")]
    pub type PromiseStartSessionResult;
    /// `Record<string, unknown>`
    #[wasm_bindgen(typescript_type = "Record<string, unknown>")]
    pub type RecordStringUnknown;
    /// `StartSessionOptions`
    #[wasm_bindgen(typescript_type = "StartSessionOptions")]
    pub type StartSessionOptions;
    /// `string[] | undefined`
    #[wasm_bindgen(typescript_type = "string[] | undefined")]
    pub type StringListOrUndefined;
    /// `TransferOptions`
    #[wasm_bindgen(typescript_type = "TransferOptions")]
    pub type TransferOptions;
    /// `VoiceMonitorOptions`
    #[wasm_bindgen(typescript_type = "VoiceMonitorOptions")]
    pub type VoiceMonitorOptions;
}

#[cfg(feature = "livevox-supervisor")]
#[wasm_bindgen]
extern "C" {
    /// `Agent`
    #[wasm_bindgen(typescript_type = "Agent")]
    pub type Agent;
    /// `AgentHealth`
    #[wasm_bindgen(typescript_type = "AgentHealth")]
    pub type AgentHealth;
    /// `AgentPoolOptions`
    #[wasm_bindgen(typescript_type = "AgentPoolOptions")]
    pub type AgentPoolOptions;
    /// `AgentState[]`
    #[wasm_bindgen(typescript_type = "AgentState[]")]
    pub type AgentStateList;
    /// `"change" | "error"`
    #[wasm_bindgen(typescript_type = "\"change\" | \"error\"")]
    pub type AgentWatchEvent;
    /// `(event: AgentStateChange & FloorwalkerError) => void`
    #[wasm_bindgen(typescript_type = "(event: AgentStateChange & FloorwalkerError) => void")]
    pub type AgentWatchListener;
    /// `AiaFields`
    #[wasm_bindgen(typescript_type = "AiaFields")]
    pub type AiaFields;
    /// `(call: InviteCall, lv: LiveVox) => Promise<CallOutcome | null | undefined> | CallOutcome | null | undefined`
    #[wasm_bindgen(
        typescript_type = "(call: InviteCall, lv: LiveVox) => Promise<CallOutcome | null | undefined> | CallOutcome | null | undefined"
    )]
    pub type CallHandler;
    /// `ChatMessagesOptions`
    #[wasm_bindgen(typescript_type = "ChatMessagesOptions")]
    pub type ChatMessagesOptions;
    /// `ChatRecipient[]`
    #[wasm_bindgen(typescript_type = "ChatRecipient[]")]
    pub type ChatRecipientList;
    /// `"message" | "error"`
    #[wasm_bindgen(typescript_type = "\"message\" | \"error\"")]
    pub type ChatWatchEvent;
    /// `(event: ChatWatchMessage & FloorwalkerError) => void`
    #[wasm_bindgen(typescript_type = "(event: ChatWatchMessage & FloorwalkerError) => void")]
    pub type ChatWatchListener;
    /// `ContactDetails`
    #[wasm_bindgen(typescript_type = "ContactDetails")]
    pub type ContactDetails;
    /// `ContactFields`
    #[wasm_bindgen(typescript_type = "ContactFields")]
    pub type ContactFields;
    /// `ContactSearch`
    #[wasm_bindgen(typescript_type = "ContactSearch")]
    pub type ContactSearch;
    /// `Contacts`
    #[wasm_bindgen(typescript_type = "Contacts")]
    pub type Contacts;
    /// `DoNotCallFlags`
    #[wasm_bindgen(typescript_type = "DoNotCallFlags")]
    pub type DoNotCallFlags;
    /// `"cycle" | "skip" | "error"`
    #[wasm_bindgen(typescript_type = "\"cycle\" | \"skip\" | \"error\"")]
    pub type KeepAliveEvent;
    /// `"cycle" | "skip" | "error" | "stranded" | "restored"`
    #[wasm_bindgen(
        typescript_type = "\"cycle\" | \"skip\" | \"error\" | \"stranded\" | \"restored\""
    )]
    pub type KeepAliveHealthEvent;
    /// `(event?: KeepAliveSkipEvent | FloorwalkerError | KeepAliveStrandedEvent | KeepAliveRestoredEvent) => void`
    #[wasm_bindgen(
        typescript_type = "(event?: KeepAliveSkipEvent | FloorwalkerError | KeepAliveStrandedEvent | KeepAliveRestoredEvent) => void"
    )]
    pub type KeepAliveHealthListener;
    /// `(event?: KeepAliveSkipEvent | FloorwalkerError) => void`
    #[wasm_bindgen(typescript_type = "(event?: KeepAliveSkipEvent | FloorwalkerError) => void")]
    pub type KeepAliveListener;
    /// `LiveVoxChangePasswordOptions`
    #[wasm_bindgen(typescript_type = "LiveVoxChangePasswordOptions")]
    pub type LiveVoxChangePasswordOptions;
    /// `LiveVoxEvent`
    #[wasm_bindgen(typescript_type = "LiveVoxEvent")]
    pub type LiveVoxEvent;
    /// `LiveVoxLoginOptions`
    #[wasm_bindgen(typescript_type = "LiveVoxLoginOptions")]
    pub type LiveVoxLoginOptions;
    /// `LiveVox | null`
    #[wasm_bindgen(typescript_type = "LiveVox | null")]
    pub type LiveVoxOrNull;
    /// `LiveVoxResumeOptions`
    #[wasm_bindgen(typescript_type = "LiveVoxResumeOptions")]
    pub type LiveVoxResumeOptions;
    /// `number`
    #[wasm_bindgen(typescript_type = "number")]
    pub type Number;
    /// `PoolAgentStatus[]`
    #[wasm_bindgen(typescript_type = "PoolAgentStatus[]")]
    pub type PoolAgentStatusList;
    /// `Promise<AgentServices>`
    #[wasm_bindgen(typescript_type = "Promise<AgentServices>")]
    pub type PromiseAgentServices;
    /// `Promise<AgentState[]>`
    #[wasm_bindgen(typescript_type = "Promise<AgentState[]>")]
    pub type PromiseAgentStateList;
    /// `Promise<AgentStatusBody>`
    #[wasm_bindgen(typescript_type = "Promise<AgentStatusBody>")]
    pub type PromiseAgentStatusBody;
    /// `Promise<AgentStatusReply>`
    #[wasm_bindgen(typescript_type = "Promise<AgentStatusReply>")]
    pub type PromiseAgentStatusReply;
    /// `Promise<IteratorResult<AgentStateChange, undefined>>`
    #[wasm_bindgen(typescript_type = "Promise<IteratorResult<AgentStateChange, undefined>>")]
    pub type PromiseAgentWatchNext;
    /// `Promise<boolean>`
    #[wasm_bindgen(typescript_type = "Promise<boolean>")]
    pub type PromiseBoolean;
    /// `Promise<BroadcastReply>`
    #[wasm_bindgen(typescript_type = "Promise<BroadcastReply>")]
    pub type PromiseBroadcastReply;
    /// `Promise<ChatMessagesReply>`
    #[wasm_bindgen(typescript_type = "Promise<ChatMessagesReply>")]
    pub type PromiseChatMessagesReply;
    /// `Promise<IteratorResult<ChatWatchMessage, undefined>>`
    #[wasm_bindgen(typescript_type = "Promise<IteratorResult<ChatWatchMessage, undefined>>")]
    pub type PromiseChatWatchNext;
    /// `Promise<ContactDetails>`
    #[wasm_bindgen(typescript_type = "Promise<ContactDetails>")]
    pub type PromiseContactDetails;
    /// `Promise<ContactPage>`
    #[wasm_bindgen(typescript_type = "Promise<ContactPage>")]
    pub type PromiseContactPage;
    /// `Promise<CreatedContact>`
    #[wasm_bindgen(typescript_type = "Promise<CreatedContact>")]
    pub type PromiseCreatedContact;
    /// `Promise<CurrentCall | null>`
    #[wasm_bindgen(typescript_type = "Promise<CurrentCall | null>")]
    pub type PromiseCurrentCallOrNull;
    /// `Promise<HandledCallResult>`
    #[wasm_bindgen(typescript_type = "Promise<HandledCallResult>")]
    pub type PromiseHandledCallResult;
    /// `Promise<LiveVox>`
    #[wasm_bindgen(typescript_type = "Promise<LiveVox>")]
    pub type PromiseLiveVox;
    /// `Promise<MonitorState>`
    #[wasm_bindgen(typescript_type = "Promise<MonitorState>")]
    pub type PromiseMonitorState;
    /// `Promise<MonitorState | undefined>`
    #[wasm_bindgen(typescript_type = "Promise<MonitorState | undefined>")]
    pub type PromiseMonitorStateOrUndefined;
    /// `Promise<PoolAgentResult[]>`
    #[wasm_bindgen(typescript_type = "Promise<PoolAgentResult[]>")]
    pub type PromisePoolAgentResultList;
    /// `Promise<ScreenPop>`
    #[wasm_bindgen(typescript_type = "Promise<ScreenPop>")]
    pub type PromiseScreenPop;
    /// `Promise<ServiceFeatures>`
    #[wasm_bindgen(typescript_type = "Promise<ServiceFeatures>")]
    pub type PromiseServiceFeatures;
    /// `Promise<ServiceStatsReply>`
    #[wasm_bindgen(typescript_type = "Promise<ServiceStatsReply>")]
    pub type PromiseServiceStatsReply;
    /// `Promise<ServicesAllowed>`
    #[wasm_bindgen(typescript_type = "Promise<ServicesAllowed>")]
    pub type PromiseServicesAllowed;
    /// `Promise<SwitchServiceReply>`
    #[wasm_bindgen(typescript_type = "Promise<SwitchServiceReply>")]
    pub type PromiseSwitchServiceReply;
    /// `Promise<TermCodes>`
    #[wasm_bindgen(typescript_type = "Promise<TermCodes>")]
    pub type PromiseTermCodes;
    /// `Promise<unknown>`
    #[wasm_bindgen(typescript_type = "Promise<unknown>")]
    pub type PromiseUnknown;
    /// `(event: SessionRenewedEvent | SessionExpiredEvent | PasswordExpiringEvent) => void`
    #[wasm_bindgen(
        typescript_type = "(event: SessionRenewedEvent | SessionExpiredEvent | PasswordExpiringEvent) => void"
    )]
    pub type SessionListener;
    /// `SetTermCode`
    #[wasm_bindgen(typescript_type = "SetTermCode")]
    pub type SetTermCode;
    /// `Supervisor`
    #[wasm_bindgen(typescript_type = "Supervisor")]
    pub type Supervisor;
    /// `TransferToPerson`
    #[wasm_bindgen(typescript_type = "TransferToPerson")]
    pub type TransferToPerson;
}

#[cfg(feature = "sip")]
#[wasm_bindgen]
extern "C" {
    /// `Invite`
    #[wasm_bindgen(typescript_type = "Invite")]
    pub type Invite;
}

#[cfg(any(feature = "cometd", feature = "gws"))]
#[wasm_bindgen]
extern "C" {
    /// `CometdState`
    #[wasm_bindgen(typescript_type = "CometdState")]
    pub type CometdState;
}

#[cfg(any(feature = "gws", feature = "livevox-supervisor"))]
#[wasm_bindgen]
extern "C" {
    /// `string[]`
    #[wasm_bindgen(typescript_type = "string[]")]
    pub type TextList;
}

#[cfg(any(feature = "cometd", feature = "gws", feature = "livevox-supervisor"))]
#[wasm_bindgen]
extern "C" {
    /// `Promise<void>`
    #[wasm_bindgen(typescript_type = "Promise<void>")]
    pub type PromiseVoid;
    /// `() => void`
    #[wasm_bindgen(typescript_type = "() => void")]
    pub type Unsubscribe;
}

#[cfg(any(
    feature = "cometd",
    feature = "gws",
    feature = "livevox-supervisor",
    feature = "sip"
))]
#[wasm_bindgen]
extern "C" {
    /// `string`
    #[wasm_bindgen(typescript_type = "string")]
    pub type Text;
}
