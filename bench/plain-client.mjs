// The baseline of the call benchmarks: a LiveVox client written by hand over `fetch` and
// `JSON.parse`, as a careful user would write it without floorwalker. It sends the same
// requests as the SDK (same method, URL, headers and body bytes: `Accept`, `Content-Type`
// when there is a body, `LV-Session`), checks the status, turns an error reply
// (`{code, message}`, VENDOR-APIS §1.7) into an exception, and checks the reply has the
// shape it uses. It runs unchanged in Node and in browsers (no Node imports).
//
// What it does not do, and the SDK does: retries with backoff, renewing an expired session,
// typed error codes, validating every field of the reply. `timeoutMs` adds what a
// production client would add first (an `AbortSignal.timeout`); the benchmarks run it both
// without (the baseline) and with (a diagnostic) that.

export class PlainApiError extends Error {
  constructor(status, code, message) {
    super(`LiveVox ${status}${code !== undefined ? ` (code ${code})` : ""}: ${message}`);
    this.name = "PlainApiError";
    this.status = status;
    this.code = code;
  }
}

export class PlainLiveVox {
  /** `baseUrl` without a trailing slash; `sessionId` from a login; `timeoutMs` optional. */
  constructor({ baseUrl, sessionId, timeoutMs, fetch: fetchImpl }) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.sessionId = sessionId;
    this.timeoutMs = timeoutMs;
    this.fetch = fetchImpl ?? globalThis.fetch.bind(globalThis);
  }

  /** `POST /session/login` with `LV-Access`; resolves to a client holding the session. */
  static async login({ baseUrl, accessToken, clientName, userName, password, agent = false, timeoutMs, fetch }) {
    const client = new PlainLiveVox({ baseUrl, sessionId: "", timeoutMs, fetch });
    const reply = await client.request("POST", "/session/login", { clientName, userName, password, agent }, { "LV-Access": accessToken });
    if (typeof reply?.sessionId !== "string") throw new PlainApiError(200, undefined, "login reply without sessionId");
    client.sessionId = reply.sessionId;
    return client;
  }

  /** One request: JSON in, JSON out; a non-2xx status throws a `PlainApiError`. */
  async request(method, path, body, extraHeaders) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (this.sessionId) headers["LV-Session"] = this.sessionId;
    if (extraHeaders) Object.assign(headers, extraHeaders);
    const init = { method, headers };
    if (body !== undefined) init.body = JSON.stringify(body);
    if (this.timeoutMs) init.signal = AbortSignal.timeout(this.timeoutMs);
    const res = await this.fetch(this.baseUrl + path, init);
    const text = await res.text();
    if (res.status < 200 || res.status > 299) {
      let code;
      let message = text || res.statusText;
      try {
        const err = JSON.parse(text);
        code = err.code;
        message = err.message ?? message;
      } catch {
        // not JSON: keep the text
      }
      throw new PlainApiError(res.status, code, message);
    }
    return text === "" ? undefined : JSON.parse(text);
  }

  /** `POST /callControl/supervisor/agent/status/ready` `{agents, message?}`. */
  async setReady(agents, { message } = {}) {
    const body = message === undefined ? { agents } : { agents, message };
    const reply = await this.request("POST", "/callControl/supervisor/agent/status/ready", body);
    if (!Array.isArray(reply?.agents)) throw new PlainApiError(200, undefined, "reply without agents");
    return reply;
  }

  /** `POST /callControl/supervisor/chat/messages` `{filter:{messageReceivedAfter?, excludeOwn}}`. */
  async chatMessages({ after, excludeOwn }) {
    const filter = after === undefined ? { excludeOwn } : { messageReceivedAfter: String(after), excludeOwn };
    const reply = await this.request("POST", "/callControl/supervisor/chat/messages", { filter });
    if (!Array.isArray(reply?.chatList)) throw new PlainApiError(200, undefined, "reply without chatList");
    return reply;
  }

  /** `DELETE /session/logout/{sessionId}`. */
  async logout() {
    await this.request("DELETE", `/session/logout/${encodeURIComponent(this.sessionId)}`);
  }
}
