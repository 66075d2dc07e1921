// Loads bench.html in headless Chromium and prints its results: values per second and memory of
// the WebAssembly aggregation on 1,000,000 generated values (about 300 MB of JSON).
//
//   crates/sync-core-web/build.sh            # builds target/sync-core-web/
//   cd crates/sync-core-web/bench && npm install && node bench.mjs [values] [mode] [runs] [pkg] [chunk]
//
// A small static server on 127.0.0.1 serves the repository root (ES modules do not load from
// file://). Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM); nothing is downloaded.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const [values = "1000000", mode = "both", runs = "3", pkg = "/target/sync-core-web/", chunk = String(1 << 20)] = process.argv.slice(2);
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
  await page.goto(`http://127.0.0.1:${port}/crates/sync-core-web/bench/bench.html?values=${values}&mode=${mode}&runs=${runs}&pkg=${encodeURIComponent(pkg)}&chunk=${chunk}&driver=node`);
  await page.waitForFunction(() => window.benchReady || window.benchResult, null, { timeout: 600_000 });
  const error = await page.evaluate(() => window.benchResult?.error);
  if (error) throw new Error(error);
  // The machine is shared: besides wall-clock time, measure the renderer's CPU time around each
  // run (CDP SystemInfo.getProcessInfo), which other processes' load disturbs much less.
  const browserSession = await browser.newBrowserCDPSession();
  const rendererCpu = async () => {
    const { processInfo } = await browserSession.send("SystemInfo.getProcessInfo");
    return processInfo.filter((info) => info.type === "renderer").reduce((sum, info) => sum + info.cpuTime, 0);
  };
  const mb = (bytes) => (bytes / 1e6).toFixed(1);
  const results = {};
  for (const current of mode === "both" ? ["stream", "whole"] : [mode]) {
    let best = { rate: 0, cpuRate: 0 };
    for (let index = 0; index < Number(runs); index++) {
      const cpuBefore = await rendererCpu();
      const run = await page.evaluate((m) => window.runOnce(m), current);
      const cpuSeconds = (await rendererCpu()) - cpuBefore;
      const cpuRate = run.rows / cpuSeconds;
      console.log(`${current} run ${index + 1}: ${run.seconds.toFixed(3)} s = ${(run.rate / 1e6).toFixed(2)} M values/s ` +
        `(CPU ${cpuSeconds.toFixed(3)} s = ${(cpuRate / 1e6).toFixed(2)} M values/s); ${run.aggregated} aggregated values; ` +
        `wasm memory ${mb(run.wasmBefore)} -> ${mb(run.wasmAfter)} MB`);
      best = { rate: Math.max(best.rate, run.rate), cpuRate: Math.max(best.cpuRate, cpuRate), wasmMemoryBytes: run.wasmAfter, aggregated: run.aggregated };
    }
    results[current] = best;
    console.log(`${current}: best ${(best.rate / 1e6).toFixed(2)} M values/s wall, ${(best.cpuRate / 1e6).toFixed(2)} M values/s CPU, wasm memory ${mb(best.wasmMemoryBytes)} MB`);
  }
  console.log(`DONE ${JSON.stringify(results)}`);
  // Chromium's own view of the renderer's memory, for the record.
  const client = await page.context().newCDPSession(page);
  const { usedSize, totalSize } = await client.send("Runtime.getHeapUsage");
  console.log(`JS heap (CDP): used ${(usedSize / 1e6).toFixed(1)} MB of ${(totalSize / 1e6).toFixed(1)} MB`);
} catch (error) {
  console.log(`error: ${error && error.stack || error}`);
  failed = true;
} finally {
  await browser.close();
  server.close();
}
process.exit(failed ? 1 : 0);
