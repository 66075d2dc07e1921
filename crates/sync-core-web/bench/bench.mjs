// Loads bench.html in headless Chromium and prints its results: values per second and memory of
// the WebAssembly aggregation on 1,000,000 generated values (about 300 MB of JSON).
//
//   crates/sync-core-web/build.sh            # builds target/sync-core-web/
//   cd crates/sync-core-web/bench && npm install && node bench.mjs [values] [mode] [runs] [pkg]
//
// A small static server on 127.0.0.1 serves the repository root (ES modules do not load from
// file://). Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM); nothing is downloaded.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const [values = "1000000", mode = "both", runs = "3", pkg = "/target/sync-core-web/"] = process.argv.slice(2);
const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };

const server = createServer(async (request, response) => {
  const path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
  try {
    const body = await readFile(join(root, path));
    response.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" });
    response.end(body);
  } catch {
    response.writeHead(404);
    response.end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const { port } = server.address();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--disable-dev-shm-usage", "--enable-precise-memory-info"],
});
let failed = false;
try {
  const page = await browser.newPage();
  page.on("console", (message) => {
    const text = message.text();
    if (text.startsWith("BENCH")) console.log(text.slice(6));
    if (text.startsWith("BENCH ERROR")) failed = true;
  });
  page.on("pageerror", (error) => { console.log(`page error: ${error}`); failed = true; });
  await page.goto(`http://127.0.0.1:${port}/crates/sync-core-web/bench/bench.html?values=${values}&mode=${mode}&runs=${runs}&pkg=${encodeURIComponent(pkg)}`);
  await page.waitForFunction(() => window.benchResult !== undefined, null, { timeout: 600_000 });
  const result = await page.evaluate(() => window.benchResult);
  if (result.error) failed = true;
  // Chromium's own view of the renderer's memory, for the record.
  const client = await page.context().newCDPSession(page);
  const { usedSize, totalSize } = await client.send("Runtime.getHeapUsage");
  console.log(`JS heap (CDP): used ${(usedSize / 1e6).toFixed(1)} MB of ${(totalSize / 1e6).toFixed(1)} MB`);
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
