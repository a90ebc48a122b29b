// Wires the JavaScript-only pieces into the wasm module once it is initialised.
import { FloorwalkerError } from "./error.js";

export function setup(glue) {
  glue.__setErrorClass(FloorwalkerError);
  // (An entry without LiveVox has neither class.)
  for (const cls of [glue.ChatWatch, glue.AgentWatch]) {
    if (!cls) continue;
    const proto = cls.prototype;
    if (!proto[Symbol.asyncIterator]) {
      Object.defineProperty(proto, Symbol.asyncIterator, {
        value() {
          return this;
        },
        configurable: true,
      });
    }
  }
}
