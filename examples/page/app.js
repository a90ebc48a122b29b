// The supervisor workflow in a page: the same steps as examples/supervisor-demo.mjs, with the
// package's LiveVox entry, `floorwalker/livevox` (its own, smaller .wasm; no init call: the
// import resolves once the .wasm is loaded).
//
// Where the platform is: ?baseUrl=http://127.0.0.1:8099&emulator=1 in the page address, or
// else the demo-config.json that examples/run-demo.mjs serves beside the page.
import * as floorwalker from "floorwalker/livevox";
import { runSupervisorDemo } from "../workflow.mjs";

const pre = document.getElementById("transcript");
const status = document.getElementById("status");
const print = (line) => {
  pre.textContent += `${line}\n`;
};

async function platform() {
  const query = new URLSearchParams(location.search);
  if (query.get("baseUrl")) {
    return { baseUrl: query.get("baseUrl"), emulator: query.get("emulator") === "1" };
  }
  const res = await fetch("/demo-config.json");
  if (!res.ok) throw new Error("no platform: open the page with ?baseUrl=<LiveVox or emulator URL>&emulator=1");
  return res.json();
}

function finish(error) {
  if (error) window.demoError = error;
  status.textContent = error ? `failed: ${error}` : "done";
  status.className = error ? "failed" : "ok";
  window.demoDone = true;
}

try {
  const { baseUrl, emulator } = await platform();
  const verbose = new URLSearchParams(location.search).get("verbose") === "1";
  const result = await runSupervisorDemo({ floorwalker, baseUrl, emulator, verbose, print });
  finish(result.ok ? undefined : result.error);
} catch (err) {
  print(`FAILED: ${err?.code ? `${err.code}: ` : ""}${err?.message ?? err}`);
  finish(err?.message ?? String(err));
}
