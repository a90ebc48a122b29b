// The official `cometd` npm client (the CometD project's JavaScript client) in Node. It is
// written for browsers: in Node it needs `window.XMLHttpRequest`; this installs a stand-in over
// `fetch` with a cookie jar (as js-tests/emulator/gws.test.mjs does), which is what a Node
// user of that client has to write too.

class Jar {
  cookies = new Map();
  store(res) {
    for (const line of res.headers.getSetCookie?.() ?? []) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

function installXhr(jar) {
  class FetchXhr {
    static UNSENT = 0;
    static OPENED = 1;
    static DONE = 4;
    readyState = 0;
    status = 0;
    statusText = "";
    responseText = "";
    withCredentials = false;
    #headers = {};
    #ac = null;
    open(method, url) {
      this.method = method;
      this.url = url;
      this.readyState = 1;
    }
    setRequestHeader(k, v) {
      this.#headers[k] = v;
    }
    getResponseHeader() {
      return null;
    }
    send(body) {
      this.#ac = new AbortController();
      const headers = { ...this.#headers };
      if (jar.cookies.size) headers.Cookie = jar.header();
      fetch(this.url, { method: this.method, headers, body, signal: this.#ac.signal })
        .then(async (res) => {
          jar.store(res);
          this.status = res.status;
          this.statusText = res.statusText;
          this.responseText = await res.text();
          this.readyState = 4;
          this.onload?.();
        })
        .catch(() => {
          if (this.readyState === 4) return;
          this.readyState = 4;
          this.onerror?.();
        });
    }
    abort() {
      this.#ac?.abort();
      this.readyState = 4;
      this.onabort?.();
    }
  }
  globalThis.window = { XMLHttpRequest: FetchXhr, setTimeout, clearTimeout, console };
}

/** A new official client (long-polling) for `url`, handshaken. Its own cookie jar. */
export async function officialClient(url) {
  installXhr(new Jar());
  const { CometD } = await import("cometd");
  const cd = new CometD();
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
