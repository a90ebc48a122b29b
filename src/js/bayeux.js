// The CometD client's reading of a reply: one `JSON.parse` here, and wasm gets only the
// messages' protocol fields. scripts/build.mjs inlines this file into the glue.

let fwUtf8 = null;

/**
 * Parses a Bayeux reply body (the text, or the bytes of a real `Response`, decoded as
 * `Response.text()` does) and takes each message's `data` out. Resolves nothing: returns
 * `[head, data]`, where `head` is the reply as JSON text with each message's `data` replaced by
 * its index in the array `data` (the parsed values, never encoded again), or `null` when the
 * body is not a JSON array or object (the caller then reads the body itself and reports it).
 */
export function fwBayeuxSplit(body) {
  let parsed;
  try {
    if (typeof body !== "string") {
      if (fwUtf8 === null) fwUtf8 = new TextDecoder();
      body = fwUtf8.decode(body);
    }
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== "object") return null;
  const data = [];
  const take = (m) => {
    if (m !== null && typeof m === "object" && !Array.isArray(m) && Object.prototype.hasOwnProperty.call(m, "data")) {
      m.data = data.push(m.data) - 1;
    }
  };
  if (Array.isArray(parsed)) {
    for (let i = 0; i < parsed.length; i++) take(parsed[i]);
  } else {
    take(parsed);
  }
  return [JSON.stringify(parsed), data];
}
