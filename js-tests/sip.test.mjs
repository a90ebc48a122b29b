// parseInvite's JavaScript shape through the packed package: only the request line and a
// Call-ID are required (from/to/cseq null, via []), and the LiveVox headers are named.

import { test } from "node:test";
import assert from "node:assert/strict";
import { parseInvite, FloorwalkerError } from "floorwalker";

const GUIDE_LINE = "INVITE sip:+18990000001@XX.XXX.XX.XX:5070 SIP/2.0";

test("the guide's one-line INVITE plus a Call-ID parses with ^M, CRLF or LF line ends", () => {
  for (const eol of ["^M\n", "^M ", "\r\n", "\n"]) {
    const inv = parseInvite(`${GUIDE_LINE}${eol}Call-ID: guide-1@XX.XX.XX.XX${eol}`);
    assert.equal(inv.agentNumber, "+18990000001", JSON.stringify(eol));
    assert.equal(inv.requestUri, "sip:+18990000001@XX.XXX.XX.XX:5070");
    assert.equal(inv.callId, "guide-1@XX.XX.XX.XX");
    for (const k of ["from", "to", "cseq", "sessionId", "agentLoginId", "transactionId", "dnis", "contact", "contentType"]) {
      assert.equal(inv[k], null, `${k} is null, not undefined or missing`);
    }
    assert.deepEqual(inv.via, []);
    assert.equal(inv.sdp, "");
    assert.deepEqual(inv.headers, { "call-id": ["guide-1@XX.XX.XX.XX"] });
  }
});

test("the request line alone, or a Call-ID without it, is still INVALID_ARGUMENT", () => {
  for (const bad of [`${GUIDE_LINE}^M`, `${GUIDE_LINE}\r\nFrom: <sip:a@h>\r\n\r\n`, "Call-ID: x\r\n"]) {
    assert.throws(() => parseInvite(bad), (e) => e instanceof FloorwalkerError && e.code === "INVALID_ARGUMENT" && e.field === "text");
  }
});

test("LiveVox's X-agent-login-id, X-transaction-id, DNIS and Session-ID are named", () => {
  const text = [
    "INVITE sip:+18990000005@10.0.0.2:5070 SIP/2.0",
    "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKlv",
    "From: <sip:+19192109237@10.0.0.1>;tag=lv",
    "To: <sip:+18990000005@10.0.0.2>",
    "Call-ID: lv-1@10.0.0.1",
    "CSeq: 7 INVITE",
    "X-agent-login-id: AIVA5",
    "X-transaction-id: 147516594361",
    "Session-ID: UF200T64DE3A63@10.0.0.1;remote=0",
    "DNIS: 899",
    "",
    "",
  ].join("\r\n");
  const inv = parseInvite(text);
  assert.equal(inv.agentLoginId, "AIVA5");
  assert.equal(inv.transactionId, "147516594361");
  assert.equal(inv.dnis, "899");
  assert.equal(inv.sessionId, "UF200T64DE3A63@10.0.0.1");
  assert.equal(inv.from, "<sip:+19192109237@10.0.0.1>;tag=lv");
  assert.equal(inv.cseq, "7 INVITE");
  assert.deepEqual(inv.headers["x-agent-login-id"], ["AIVA5"]);
});
