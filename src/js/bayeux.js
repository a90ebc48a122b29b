// The CometD client's reading of a reply: one `JSON.parse` here, and wasm gets only the
// messages' protocol fields. scripts/build.mjs inlines this file into the glue.

let fwUtf8 = null;

/**
 * Parses a Bayeux reply body (the text, or the bytes of a real `Response`, decoded as
 * `Response.text()` does) and takes the messages' `data` out. Returns `[head, data]`, or `null`
 * when the body is not a JSON array or object (the caller then reads the body itself and
 * reports it). `data` holds the parsed values, in order, never encoded again; `head` is the
 * reply as JSON text with each `data` replaced by `[start, end]`, the range of `data` it
 * stands for. Consecutive published messages on one channel (not `/meta/...`, with `data`)
 * become one element `{channel, data: [start, end]}`: the client only routes them by channel
 * and hands each `data` to the listeners, so it reads one element for the whole run.
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
  const hasData = (m) => m !== null && typeof m === "object" && !Array.isArray(m) && Object.prototype.hasOwnProperty.call(m, "data");
  if (!Array.isArray(parsed)) {
    if (hasData(parsed)) parsed.data = [data.push(parsed.data) - 1, data.length];
    return [JSON.stringify(parsed), data];
  }
  const head = [];
  let run = null;
  for (let i = 0; i < parsed.length; i++) {
    const m = parsed[i];
    if (!hasData(m)) {
      head.push(m);
      run = null;
      continue;
    }
    const channel = m.channel;
    const published = typeof channel === "string" && channel !== "/meta" && !channel.startsWith("/meta/");
    data.push(m.data);
    if (published && run !== null && run.channel === channel) {
      run.data[1] = data.length;
    } else if (published) {
      run = { channel, data: [data.length - 1, data.length] };
      head.push(run);
    } else {
      m.data = [data.length - 1, data.length];
      head.push(m);
      run = null;
    }
  }
  return [JSON.stringify(head), data];
}

/**
 * Calls each listener of `cbs` with `data[i]` and `channel` for each `i` from `start` to
 * `end`, message by message (every listener gets a message before any gets the next); a
 * listener that throws does not stop the others.
 */
export function fwDeliverRun(cbs, data, start, end, channel) {
  for (let i = start; i < end; i++) {
    const d = data[i];
    for (let j = 0; j < cbs.length; j++) {
      try {
        cbs[j](d, channel);
      } catch {
        // a listener's bug must not break the SDK or the other listeners
      }
    }
  }
}
