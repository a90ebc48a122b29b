// What the official `cometd` npm client needs to run in Node, shared by the emulator's tests and
// bench/: that client is written for browsers and expects `window.XMLHttpRequest`; this installs
// a stand-in over `fetch` with a one-host cookie jar (Bayeux servers find their client by the
// BAYEUX_BROWSER cookie), which is what a Node user of that client has to write too.

/** A cookie jar good enough for one host: `store(response)`, `header()`, `cookies` (a Map). */
export class Jar {
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

/** Installs `window.XMLHttpRequest` over `fetch`, sending and keeping cookies in `jar`. */
export function installXhr(jar) {
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
