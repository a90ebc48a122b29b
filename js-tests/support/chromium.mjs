// How floorwalker's tests and demo start headless Chromium on these machines: Debian's
// /usr/bin/chromium (never a downloaded browser) with no background network (TOOLCHAIN.md, trap 10).
export const CHROMIUM = process.env.FLOORWALKER_CHROMIUM ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];
