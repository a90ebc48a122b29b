/**
 * Every failure of floorwalker: a stable `code`, a one-sentence `message` saying what to do,
 * and what the platform said (`status`, `vendorCode`, `vendorMessage`, `retryAfterMs`), or
 * the `field` at fault for `INVALID_ARGUMENT`.
 */
export class FloorwalkerError extends Error {
  constructor(code, message, details = {}) {
    super(message);
    Object.defineProperty(this, "name", { value: "FloorwalkerError", enumerable: false, configurable: true, writable: true });
    this.code = code;
    for (const key of ["status", "vendorCode", "vendorMessage", "retryAfterMs", "field"]) {
      if (details[key] !== undefined) this[key] = details[key];
    }
  }

  toJSON() {
    const { code, message, status, vendorCode, vendorMessage, retryAfterMs, field } = this;
    return { name: this.name, code, message, status, vendorCode, vendorMessage, retryAfterMs, field };
  }
}
