// Seeded data the emulator starts with (and returns to on reset).
// Tests and the demo rely on these values: change them only together with README.md.
// Everything here is frozen; the LiveVox module deep-copies what it mutates.

const deepFreeze = (o) => {
  Object.values(o).forEach((v) => v && typeof v === "object" && deepFreeze(v));
  return Object.freeze(o);
};

export const LIVEVOX = deepFreeze({
  /** Client code sent as `clientName` on login (case-sensitive). */
  clientName: "ACME",
  clientId: 1001,
  /** Valid `LV-Access` tokens; anything else is 401. */
  accessTokens: ["test-access-token", "second-access-token"],
  daysUntilPasswordExpires: 42,
  /** Default idle time before a session expires (2 h, VENDOR-APIS §1.3). */
  sessionIdleMs: 2 * 60 * 60 * 1000,

  /** User logins (`agent: false`); user names are case-sensitive. */
  users: [
    { userName: "supervisor", password: "s3cret", role: "Manager", userId: 5001, name: "Sam Supervisor" },
    { userName: "admin", password: "adm1n", role: "Sysadmin", userId: 5002, name: "Ada Admin" },
    { userName: "agentuser", password: "agentpw", role: "Agent", userId: 5003, name: "Andy Agentuser" },
  ],

  /**
   * Agent logins (`agent: true`); login ids are case-insensitive, `loginId` is the canonical
   * spelling. Password is always `agent-<loginId lower-case>`.
   */
  agents: [
    {
      loginId: "LV_TEST", userId: 6001, name: "Tess Tester", password: "agent-lv_test", phoneNumber: "+18990000001",
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
      loginId: "LV_SEB", userId: 6002, name: "Seb Breaker", password: "agent-lv_seb", phoneNumber: "+18990000002",
      state: "NOTREADY", reasonCode: "BREAK", serviceId: 23114, onCall: false, call: null,
    },
    {
      loginId: "lv_usr1", userId: 6003, name: "Una User", password: "agent-lv_usr1", phoneNumber: "+18990000003",
      state: "READY", reasonCode: null, serviceId: 45165, onCall: false, call: null,
    },
    {
      loginId: "lv_usr2", userId: 6004, name: "Udo User", password: "agent-lv_usr2", phoneNumber: "+18990000004",
      state: "READY", reasonCode: null, serviceId: 45165, onCall: false, call: null,
    },
    {
      loginId: "LV_OFF", userId: 6005, name: "Otto Offline", password: "agent-lv_off", phoneNumber: "+18990000005",
      state: "LOGOFF", reasonCode: null, serviceId: null, onCall: false, call: null,
    },
  ],

  /** Exactly the seed's "Get Services Allowed" example, plus service 33722 (the seed's switch target). */
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

  /** Roles that may use /callControl/supervisor/… (seed 000). */
  supervisorRoles: ["Sysadmin", "Superuser", "Manager"],

  /** Not Ready reason codes (seed 000). */
  reasonCodes: ["BREAK", "LUNCH", "MEETING", "OTHER", "TECH_DIFFICULTIES", "TRAINING"],
});
