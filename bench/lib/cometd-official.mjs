// The official `cometd` npm client (the CometD project's JavaScript client) in Node. It is
// written for browsers: in Node it needs `window.XMLHttpRequest`; this installs a stand-in over
// `fetch` with a cookie jar (js-tests/support/fetch-xhr.mjs, shared with the emulator's tests),
// which is what a Node user of that client has to write too.

import { Jar, installXhr } from "../../js-tests/support/fetch-xhr.mjs";

/** A new official client (long-polling) for `url`, handshaken, with its acknowledgement
 * extension registered (as floorwalker's client acknowledges by default). Its own cookie jar. */
export async function officialClient(url) {
  installXhr(new Jar());
  const { CometD } = await import("cometd");
  const { AckExtension } = await import("cometd/AckExtension.js");
  const cd = new CometD();
  cd.registerExtension("ack", new AckExtension());
  cd.unregisterTransport("callback-polling");
  cd.configure({ url, logLevel: "warn", useWorkerScheduler: false });
  const hs = await new Promise((resolve) => cd.handshake(resolve));
  if (!hs.successful) throw new Error(`official cometd handshake failed: ${JSON.stringify(hs)}`);
  return {
    async subscribe(channel, cb) {
      const r = await new Promise((resolve) => cd.subscribe(channel, (m) => cb(m.data, m.channel), resolve));
      if (!r.successful) throw new Error(`official cometd subscribe failed: ${JSON.stringify(r)}`);
    },
    disconnect: () => new Promise((resolve) => cd.disconnect(resolve)),
  };
}
