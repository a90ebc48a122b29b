// The same package from a CommonJS TypeScript module (`require` of the ESM package, which
// Node >= 20.19 and TypeScript's `nodenext` both allow). Only type-checked.
import { LiveVox, FloorwalkerError, type AgentStatusReply } from "floorwalker";

export async function makeReady(baseUrl: string): Promise<AgentStatusReply> {
  const lv = await LiveVox.login({
    baseUrl,
    accessToken: "test-access-token",
    clientName: "ACME",
    userName: "supervisor",
    password: "s3cret",
  });
  try {
    return await lv.supervisor.setReady(["LV_TEST"]);
  } catch (err) {
    if (err instanceof FloorwalkerError && err.code === "SESSION_EXPIRED") return { agents: [] };
    throw err;
  } finally {
    await lv.logout();
  }
}
