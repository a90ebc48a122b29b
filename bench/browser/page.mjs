// The Chromium side of bench/browser.mjs: the package's browser entry (pkg/index.js, which
// fetches and instantiates the .wasm before the import resolves) and the plain client, both
// calling the emulator on another origin. With `?compare=N`, N other builds of the package
// (/compare0/index.js, …: bench/browser.mjs --compare DIR,…) are timed in the same rounds.
import { LiveVox } from "/pkg/index.js";
import { PlainLiveVox } from "/bench/plain-client.mjs";
import { interleavedRounds } from "/bench/lib/timing.mjs";

const SUPERVISOR = { accessToken: "test-access-token", clientName: "ACME", userName: "supervisor", password: "s3cret" };
const compareCount = Number(new URLSearchParams(location.search).get("compare") ?? 0);
const Others = [];
for (let i = 0; i < compareCount; i++) Others.push((await import(`/compare${i}/index.js`)).LiveVox);
let lv;
let lvOthers = [];
let plain;
const agents = ["lv_usr1"];

window.bench = {
  async login(baseUrl) {
    lv = await LiveVox.login({ baseUrl, ...SUPERVISOR });
    plain = new PlainLiveVox({ baseUrl, sessionId: lv.sessionId });
    lvOthers = Others.map((Other) => Other.resume({ baseUrl, sessionId: lv.sessionId }));
    return lv.sessionId;
  },
  sdkCall: async () => {
    await lv.supervisor.setReady(agents);
  },
  plainCall: async () => {
    await plain.setReady(agents);
  },
  run: (opts) =>
    interleavedRounds(
      {
        sdk: () => lv.supervisor.setReady(agents),
        plain: () => plain.setReady(agents),
        ...Object.fromEntries(lvOthers.map((o, i) => [`compare${i}`, () => o.supervisor.setReady(agents)])),
      },
      opts,
    ),
  logout: () => lv.logout(),
};
window.benchReady = true;
