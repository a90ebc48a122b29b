// Seeded data of the Genesys Web Services (GWS) emulator (gws.mjs); reset() returns to it.
// Tests and the demo rely on these values: change them only together with README.md.
// Ids that appear in the GWS docs samples are reused so that captured samples line up.

const deepFreeze = (o) => {
  Object.values(o).forEach((v) => v && typeof v === "object" && deepFreeze(v));
  return Object.freeze(o);
};

export const GWS = deepFreeze({
  /** HTTP session idle timeout (Jetty sample `sessionMaxInactiveInterval` 1800 s, GWS deployment pages). */
  sessionIdleMs: 30 * 60 * 1000,
  /** CometD long-poll hold time (`advice.timeout`) and server-side client expiry (`maxInterval`). */
  cometdTimeoutMs: 20000,
  cometdMaxIntervalMs: 10000,

  /**
   * Users log in with HTTP Basic (`userName:password`, case-sensitive). `supervisor: true` may use
   * the supervisor operations; the others get statusCode 5.
   */
  users: [
    {
      id: "991a4bece8dd4184a93e98ad429694f6", userName: "supervisor1", password: "sup-pass",
      firstName: "Sam", lastName: "Supervisor", employeeId: "sup1", agentLogin: "5005",
      roles: ["ROLE_AGENT", "ROLE_SUPERVISOR"], supervisor: true,
      place: "Place_5005", deviceId: "efe1ab32-53f9-43ce-b65e-5768c61f7d4a",
      userState: "NotReady", inSession: false,
    },
    {
      id: "5b1e0c7d9a2f4e3b8c6d1a0f2e4b6c8d", userName: "supervisor2", password: "sup2-pass",
      firstName: "Sid", lastName: "Second", employeeId: "sup2", agentLogin: "5006",
      roles: ["ROLE_AGENT", "ROLE_SUPERVISOR"], supervisor: true,
      place: "Place_5006", deviceId: "3f2a7c10-8d4e-4b6a-9c1f-2e5d7a9b0c3d",
      userState: "NotReady", inSession: false,
    },
    {
      id: "90cc5439ff6848748e5e67811273f266", userName: "agent1", password: "agent1-pass",
      firstName: "Alice", lastName: "Agent", employeeId: "ag1", agentLogin: "5001",
      roles: ["ROLE_AGENT"], supervisor: false,
      place: "Place_5001", deviceId: "9c14cad7-17c4-48d0-8492-7cf0ff92c224",
      userState: "Ready", inSession: true,
    },
    {
      id: "4ff5b43c856d4cb2a3d6c20a88740257", userName: "agent2", password: "agent2-pass",
      firstName: "Bob", lastName: "Agent", employeeId: "ag2", agentLogin: "5002",
      roles: ["ROLE_AGENT"], supervisor: false,
      place: "Place_5002", deviceId: "b7e3c2a1-5d4f-4e6a-8b9c-0d1e2f3a4b5c",
      userState: "Ready", inSession: true,
    },
    {
      id: "c3d2e1f0a9b84c7d6e5f4a3b2c1d0e9f", userName: "agent3", password: "agent3-pass",
      firstName: "Carol", lastName: "Offline", employeeId: "ag3", agentLogin: "5003",
      roles: ["ROLE_AGENT"], supervisor: false,
      place: "Place_5003", deviceId: "d4c3b2a1-0f9e-4d8c-7b6a-5f4e3d2c1b0a",
      userState: "LoggedOut", inSession: false,
    },
  ],

  /** One voice device per user: DN (`phoneNumber`) and `e164Number`; monitored by its URI `…/api/v2/devices/{id}`. */
  devices: [
    { id: "efe1ab32-53f9-43ce-b65e-5768c61f7d4a", phoneNumber: "5005", e164Number: "+14155550105" },
    { id: "3f2a7c10-8d4e-4b6a-9c1f-2e5d7a9b0c3d", phoneNumber: "5006", e164Number: "+14155550106" },
    { id: "9c14cad7-17c4-48d0-8492-7cf0ff92c224", phoneNumber: "5001", e164Number: "+14155550101" },
    { id: "b7e3c2a1-5d4f-4e6a-8b9c-0d1e2f3a4b5c", phoneNumber: "5002", e164Number: "+14155550102" },
    { id: "d4c3b2a1-0f9e-4d8c-7b6a-5f4e3d2c1b0a", phoneNumber: "5003", e164Number: "+14155550103" },
  ],

  places: ["Place_5001", "Place_5002", "Place_5003", "Place_5005", "Place_5006"],
  channels: ["voice", "chat", "email"],
  voiceEnvironmentId: "370ef5e6-9e3c-4d91-9588-7f4dfe67e011",
  features: ["api-voice", "api-supervisor-monitoring", "api-supervisor-agent-control", "api-multimedia"],

  /** Calls in progress at start: agent1 is talking to a customer. */
  calls: [
    { id: "011DJV5JI898NB2L04000VTAES00000I", connId: "007102385535e00e", agent: "agent1", from: "5000", callType: "Inbound", startedSecondsAgo: 60 },
  ],

  /** Chats in progress at start (the GWS samples' chat ids). */
  chats: [
    {
      id: "0001Da9PFC93000S", agent: "agent1", customer: "test_clientL", startedSecondsAgo: 120,
      messages: [
        { from: "customer", text: "Hello, my order has not arrived." },
        { from: "agent", text: "Sorry to hear that, let me check." },
      ],
    },
    {
      id: "0000UaB58WAR003N", agent: "agent2", customer: "Jane Customer", startedSecondsAgo: 30,
      messages: [{ from: "customer", text: "Can I change my plan?" }],
    },
  ],
});
