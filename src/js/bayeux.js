// The CometD client's side of a reply in JavaScript (scripts/build.mjs inlines this file into
// the glue): one JSON.parse per reply, and one call per run of messages to deliver them.

let fwUtf8;

// Parses a reply body (text, or a Response's bytes, decoded as text() does); null when it is
// not a JSON array or object. Else [head, data]: `data` the messages' parsed `data`, in order;
// `head` the reply as JSON with each `data` replaced by its range [start, end] in `data`, and
// each run of published messages on one channel (not /meta) made one {channel, data}.
export function fwBayeuxSplit(body) {
  let parsed;
  try {
    parsed = JSON.parse(typeof body === "string" ? body : (fwUtf8 || (fwUtf8 = new TextDecoder())).decode(body));
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== "object") return null;
  const data = [];
  const head = [];
  let run = null;
  for (const m of Array.isArray(parsed) ? parsed : [parsed]) {
    if (m === null || typeof m !== "object" || Array.isArray(m) || !Object.prototype.hasOwnProperty.call(m, "data")) {
      head.push(m);
      run = null;
      continue;
    }
    const ch = m.channel;
    const n = data.push(m.data);
    if (typeof ch !== "string" || ch === "/meta" || ch.startsWith("/meta/") || !Array.isArray(parsed)) {
      m.data = [n - 1, n];
      head.push(m);
      run = null;
    } else if (run !== null && run.channel === ch) {
      run.data[1] = n;
    } else {
      head.push((run = { channel: ch, data: [n - 1, n] }));
    }
  }
  return [JSON.stringify(Array.isArray(parsed) ? head : head[0]), data];
}

// Calls each of `cbs` with data[i] and `channel`, i from start to end, message by message; a
// listener that throws stops no one.
export function fwDeliverRun(cbs, data, start, end, channel) {
  for (let i = start; i < end; i++) {
    for (const cb of cbs) {
      try {
        cb(data[i], channel);
      } catch {}
    }
  }
}
