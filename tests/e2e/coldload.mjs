#!/usr/bin/env node
// Cold load over a slow network: the time from navigation to a clickable Apply.
//
// Serves dist/ gzip-compressed (as static hosts do) and opens it in a fresh Chromium context
// (nothing cached, no service worker yet) with the network emulated at 1.6 Mbps down, 750 kbps
// up and 150 ms round trip. Measures, from the start of navigation:
//   - the first module's Apply button clickable (editor and validator up): target <= 3 s;
//   - the full page's Apply button clickable (the simulation and console up);
//   - the bytes the page transferred by then.
// Prints one line per figure with its target; `node tests/e2e/coldload.mjs [DIST] [RUNS]`
// exits 1 if the median of RUNS (default 3) misses the 3 s target.
import { fileURLToPath } from 'node:url';
import { CONTEXT_OPTIONS, DIST_DIR, launchChromium, serveDirectory } from './harness.mjs';

export const TARGET_MS = 3000;
const DOWN_BPS = 1.6e6;
const UP_BPS = 750e3;
const RTT_MS = 150;

async function once(browser, baseUrl) {
  const context = await browser.newContext({ ...CONTEXT_OPTIONS, serviceWorkers: 'block' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: RTT_MS,
    downloadThroughput: DOWN_BPS / 8,
    uploadThroughput: UP_BPS / 8,
  });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
  });
  const started = Date.now();
  await page.goto(baseUrl, { waitUntil: 'commit' });
  const clickable = (sel) =>
    page
      .waitForFunction((s) => {
        const b = document.querySelector(s);
        if (!b || b.disabled) return false;
        const r = b.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      }, sel, { timeout: 120000, polling: 20 })
      .then(() => ({ ms: Date.now() - started, bytes }));
  const first = await clickable('[data-testid=first-apply]').catch(() => null);
  const full = await clickable('[data-testid=apply]');
  await context.close();
  return { first, full };
}

export async function coldLoad(dir = DIST_DIR, runs = 3) {
  const server = await serveDirectory(dir, undefined, { gzip: true });
  const browser = await launchChromium();
  const results = [];
  try {
    for (let i = 0; i < runs; i++) results.push(await once(browser, server.baseUrl));
  } finally {
    await browser.close();
    await server.close();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const firstMs = median(results.map((r) => (r.first ?? r.full).ms));
  const fullMs = median(results.map((r) => r.full.ms));
  const firstKiB = median(results.map((r) => (r.first ?? r.full).bytes)) / 1024;
  const fullKiB = median(results.map((r) => r.full.bytes)) / 1024;
  console.log(`cold load at 1.6 Mbps / ${RTT_MS} ms RTT, dist served gzip, median of ${runs}:`);
  console.log(`  Apply clickable (first module):  ${(firstMs / 1000).toFixed(2)} s, ${firstKiB.toFixed(0)} KiB transferred (target <= ${TARGET_MS / 1000} s)`);
  console.log(`  full page up (simulation, console): ${(fullMs / 1000).toFixed(2)} s, ${fullKiB.toFixed(0)} KiB transferred`);
  return { firstMs, fullMs, firstKiB, fullKiB, within: firstMs <= TARGET_MS };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir = DIST_DIR, runs = '3'] = process.argv.slice(2);
  const { within } = await coldLoad(dir, Number(runs));
  process.exit(within ? 0 : 1);
}
