/**
 * Every failure of floorwalker: a stable `code`, a one-sentence `message` saying what to do,
 * and what the platform said (`status`, `vendorCode`, `vendorMessage`, `retryAfterMs`), or
 * the `field` at fault for `INVALID_ARGUMENT`; `requestId` ties it to the call's log lines.
 */
export class FloorwalkerError extends Error {
  constructor(code, message, details) {
    super(typeof message === "string" ? message : "floorwalker error");
    Object.defineProperty(this, "name", { value: "FloorwalkerError", enumerable: false, configurable: true, writable: true });
    this.code = typeof code === "string" ? code : "INVALID_ARGUMENT";
    if (details !== null && typeof details === "object") {
      for (const key of ["status", "vendorCode", "vendorMessage", "retryAfterMs", "field", "requestId"]) {
        let value;
        try {
          value = details[key];
        } catch {
          continue;
        }
        if (value !== undefined) this[key] = value;
      }
    }
  }

  toJSON() {
    const { code, message, status, vendorCode, vendorMessage, retryAfterMs, field, requestId } = this;
    return { name: this.name, code, message, status, vendorCode, vendorMessage, retryAfterMs, field, requestId };
  }
}
