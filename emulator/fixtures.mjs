// Seeded data the emulator starts with (and returns to on reset).
// Tests and the demo rely on these values: change them only together with README.md.
// Everything here is frozen; the LiveVox module deep-copies what it mutates.

const deepFreeze = (o) => {
  Object.values(o).forEach((v) => v && typeof v === "object" && deepFreeze(v));
  return Object.freeze(o);
};

/**
 * Virtual agents of the LiveVox virtual-agent guide: login ids VA1…VAn (case-insensitive), password `agent-va<N>`,
 * userId 7000+N, unique 899 number +1899000000N (VA1 = +18990000001, VA20 = +18990000020, as in the
 * guide's INVITE examples). They start logged off and in no service.
 */
function virtualAgents(n) {
  return Array.from({ length: n }, (_, i) => {
    const k = i + 1;
    return {
      loginId: `VA${k}`, userId: 7000 + k, name: `Virtual Agent ${k}`, password: `agent-va${k}`,
      phoneNumber: `+1899${String(k).padStart(7, "0")}`, virtual: true,
      state: "LOGOFF", reasonCode: null, serviceId: null, onCall: false, call: null,
    };
  });
}

export const LIVEVOX = deepFreeze({
  /** Client code sent as `clientName` on login (case-sensitive). */
  clientName: "ACME",
  clientId: 1001,
  /** Valid `LV-Access` tokens; anything else is 401. */
  accessTokens: ["test-access-token", "second-access-token"],
  daysUntilPasswordExpires: 42,
  /** Default idle time before a session expires (2 h, LiveVox Session Management page). */
  sessionIdleMs: 2 * 60 * 60 * 1000,

  /** User logins (`agent: false`); user names are case-sensitive. */
  users: [
    { userName: "supervisor", password: "s3cret", role: "Manager", userId: 5001, name: "Sam Supervisor" },
    { userName: "admin", password: "adm1n", role: "Sysadmin", userId: 5002, name: "Ada Admin" },
    { userName: "agentuser", password: "agentpw", role: "Agent", userId: 5003, name: "Andy Agentuser" },
    // A login of this user says the password expires in 3 days (the passwordExpiring warning).
    { userName: "expiring", password: "expir1ng", role: "Manager", userId: 5004, name: "Eve Expiring", daysUntilPasswordExpires: 3 },
  ],
  /**
   * Password rules of `POST /session/password` (the LiveVox Portal's documented defaults: at
   * least 8 characters with a letter and a digit, none of the last 4 passwords, expiry after
   * 90 days).
   */
  passwordPolicy: { minLength: 8, reuseCount: 4, expiryDays: 90 },

  /**
   * Agent logins (`agent: true`); login ids are case-insensitive, `loginId` is the canonical
   * spelling. Password is always `agent-<loginId lower-case>`.
   */
  agents: [
    {
      loginId: "LV_TEST", userId: 6001, name: "Tess Tester", password: "agent-lv_test", phoneNumber: "+18990001001",
      state: "READY", reasonCode: null, serviceId: 23114, onCall: true,
      call: {
        lineNumber: "ACD",
        callTransactionId: "108821676850",
        callSessionId: "U5EF8FT5DFC07F9@10.101.21.216",
        serviceId: 23114,
        callCenterId: 1718,
        accountNumber: "ACC-1001",
        phoneNumber: "2134634007",
      },
    },
    {
      loginId: "LV_SEB", userId: 6002, name: "Seb Breaker", password: "agent-lv_seb", phoneNumber: "+18990001002",
      state: "NOTREADY", reasonCode: "BREAK", serviceId: 23114, onCall: false, call: null,
    },
    {
      loginId: "lv_usr1", userId: 6003, name: "Una User", password: "agent-lv_usr1", phoneNumber: "+18990001003",
      state: "READY", reasonCode: null, serviceId: 45165, onCall: false, call: null,
    },
    {
      loginId: "lv_usr2", userId: 6004, name: "Udo User", password: "agent-lv_usr2", phoneNumber: "+18990001004",
      state: "READY", reasonCode: null, serviceId: 45165, onCall: false, call: null,
    },
    {
      loginId: "LV_OFF", userId: 6005, name: "Otto Offline", password: "agent-lv_off", phoneNumber: "+18990001005",
      state: "LOGOFF", reasonCode: null, serviceId: null, onCall: false, call: null,
    },
    // Virtual agents VA1…VA20 for the AI-vendor flow of the LiveVox virtual-agent guide (see VIRTUAL_AGENTS below).
    ...virtualAgents(20),
  ],

  /**
   * Exactly the Supervisor API page's "Get Services Allowed" example, plus service 33722 (the page's switch target).
   * These are the call centers a supervisor's `service/access` lists.
   */
  callCenters: [
    {
      callCenterId: 1718,
      callCenterName: "Call Center 2",
      services: [{ serviceId: 23114, serviceName: "Inskill feature code 1" }],
    },
    {
      callCenterId: 3086,
      callCenterName: "TEST Call Center",
      services: [
        { serviceId: 45165, serviceName: "TEST_MANUAL" },
        { serviceId: 33722, serviceName: "new skill" },
      ],
    },
  ],

  /**
   * Call centers that exist on the platform but are not in the supervisors' `service/access`
   * (the AI-vendor services of the LiveVox virtual-agent guide). Agents may join them; supervisors may switch agents to them.
   */
  agentOnlyCallCenters: [
    {
      callCenterId: 4100,
      callCenterName: "AI Vendor Call Center",
      services: [
        { serviceId: 1001, serviceName: "AI Inbound" },
        { serviceId: 1002, serviceName: "AI Overflow" },
      ],
    },
  ],

  /** Service that `/__control/agent/route-call` uses when no serviceId or agent is named. */
  defaultAgentServiceId: 1001,
  /** Caller number (ANI) that `route-call` uses when none is given; it is contact ACC-1001's phone. */
  defaultAni: "+12134634007",
  /** Where the platform sends the INVITE to (the AI vendor's SIP address), as in the LiveVox virtual-agent guide. */
  sipTarget: "10.0.0.5:5070",

  /**
   * Term codes per service, in the shape of `GET /callControl/agent/termCode` (LiveVox Agent API pages).
   * `"*"` is used for every service not listed. ids are strings; lvResultId too (LiveVox.NET).
   * actionType is one of RPC_WITH_PAYMENT, RPC_WITHOUT_PAYMENT, WPC, OTHER.
   */
  termCodes: {
    1001: [
      {
        name: "Success",
        termCodes: [
          { id: "101416228", name: "Done", lvResultId: "1000", lvResult: "AGENT - SUCCESS", actionType: "RPC_WITHOUT_PAYMENT", paymentAmtRequired: false },
          { id: "101416230", name: "Payment taken", lvResultId: "1001", lvResult: "AGENT - PAYMENT", actionType: "RPC_WITH_PAYMENT", paymentAmtRequired: true },
        ],
      },
      {
        name: "Transfer",
        termCodes: [
          { id: "101416229", name: "Transfer to human", lvResultId: "1010", lvResult: "AGENT - TRANSFER", actionType: "OTHER", paymentAmtRequired: false },
          { id: "101416231", name: "Transfer to billing", lvResultId: "1011", lvResult: "AGENT - TRANSFER", actionType: "OTHER", paymentAmtRequired: false },
        ],
      },
      {
        name: "Failure",
        termCodes: [
          { id: "101416232", name: "Caller hung up", lvResultId: "1020", lvResult: "AGENT - CALLER HANGUP", actionType: "OTHER", paymentAmtRequired: false },
          { id: "101416233", name: "Wrong party", lvResultId: "1021", lvResult: "AGENT - WRONG PARTY", actionType: "WPC", paymentAmtRequired: false },
        ],
      },
    ],
    1002: [
      {
        name: "Success",
        termCodes: [{ id: "102416228", name: "Done", lvResultId: "1000", lvResult: "AGENT - SUCCESS", actionType: "RPC_WITHOUT_PAYMENT", paymentAmtRequired: false }],
      },
      {
        name: "Transfer",
        termCodes: [{ id: "102416229", name: "Transfer to human", lvResultId: "1010", lvResult: "AGENT - TRANSFER", actionType: "OTHER", paymentAmtRequired: false }],
      },
    ],
    "*": [
      {
        name: "Agent",
        termCodes: [
          { id: "200000001", name: "Resolved", lvResultId: "1000", lvResult: "AGENT - SUCCESS", actionType: "RPC_WITHOUT_PAYMENT", paymentAmtRequired: false },
          { id: "200000002", name: "Callback requested", lvResultId: "1030", lvResult: "AGENT - CALLBACK", actionType: "OTHER", paymentAmtRequired: false },
        ],
      },
    ],
  },

  /**
   * Contacts in Contact Manager (LiveVox Contact API pages), in list order. ids are assigned from
   * `firstContactId` in this order. "ACC 1004/B" tests path encoding.
   */
  firstContactId: 500001,
  contacts: [
    {
      account: "ACC-1001",
      person: { firstName: "John", lastName: "Doe", email: "john.doe@example.com", zipCode: "90012" },
      phone: [{ phone: "2134634007", ordinal: 1, phoneBlock: "NONE", smsConsent: true, cellConsent: "true" }],
      address1: "1 Main St", city: "Los Angeles", state: "CA", country: "UNITED_STATES_OF_AMERICA",
      balance: 120.5, active: true,
      customFields: [{ field: "Tier", value: "Gold" }],
    },
    {
      account: "ACC-1002",
      person: { firstName: "Jane", lastName: "Roe", zipCode: "27601" },
      phone: [{ phone: "9192109237", ordinal: 1, phoneBlock: "NONE", smsConsent: false }],
      city: "Raleigh", state: "NC", country: "UNITED_STATES_OF_AMERICA",
      balance: 0, active: true,
    },
    {
      account: "ACC-1003",
      person: { firstName: "Max", lastName: "Mustermann" },
      phone: [
        { phone: "6505550100", ordinal: 1, phoneBlock: "DAILY" },
        { phone: "6505550101", ordinal: 2, phoneBlock: "NONE" },
      ],
      active: false,
    },
    {
      account: "ACC 1004/B",
      person: { firstName: "Slash", lastName: "Space" },
      phone: [{ phone: "4155550199", ordinal: 1 }],
      active: true,
    },
  ],

  /**
   * `features` of `GET /callControl/agent/service/features?serviceId=` per service (`"*"` for the
   * others). The flags are those of the AzureDemo client's recorded GetServiceDetailsResult;
   * service 1001 configures its own Not Ready reasons (LiveVox.NET shows codes such as "Voice Mail").
   */
  serviceFeatures: {
    1001: {
      notReadyReasonCodes: ["BREAK", "LUNCH", "Voice Mail"], agentNotesEnabled: true, agentToAgentTransferEnabled: true,
      callRecordingControlEnabled: true, reasonCodesEnabled: true, featureCode: 2, manualOptionEnabled: false,
      manualPreview: null, manualPreviewButtonEnabled: false, manualTransferEnabled: true, phoneBookTransferEnabled: false,
      confirmOnPreviewDial: false, previewDefaultAction: "DIAL", previewTimeout: 30, scheduledCallback: 2,
      scheduledCallbackPhoneReadOnly: false, scheduledCallbackPreview: false, previewSkipEnabled: false,
      termCodeEnabled: true, transferOptionEnabled: true, volumeControlEnabled: true, lvzEnabled: false,
      lvScreenPopurl: null, strictAccountNumberEnabled: false,
    },
    "*": {
      notReadyReasonCodes: null, agentNotesEnabled: true, agentToAgentTransferEnabled: true,
      callRecordingControlEnabled: true, reasonCodesEnabled: false, featureCode: 2, manualOptionEnabled: true,
      manualPreview: null, manualPreviewButtonEnabled: false, manualTransferEnabled: true, phoneBookTransferEnabled: true,
      confirmOnPreviewDial: false, previewDefaultAction: "DIAL", previewTimeout: 30, scheduledCallback: 2,
      scheduledCallbackPhoneReadOnly: false, scheduledCallbackPreview: false, previewSkipEnabled: true,
      termCodeEnabled: true, transferOptionEnabled: true, volumeControlEnabled: true, lvzEnabled: true,
      lvScreenPopurl: "JSONScreenPop_ACDDev.jsp", strictAccountNumberEnabled: true,
    },
  },

  /** Roles that may use /callControl/supervisor/… (the LiveVox Supervisor API page). */
  supervisorRoles: ["Sysadmin", "Superuser", "Manager"],

  /** Not Ready reason codes (the LiveVox Supervisor API page). */
  reasonCodes: ["BREAK", "LUNCH", "MEETING", "OTHER", "TECH_DIFFICULTIES", "TRAINING"],
});
