#!/usr/bin/env node
// Browser benchmark for podplay's release build, plus its transfer size.
//
// 1. Serves dist/, opens it with ?bench=validate in headless Chromium and waits (up to 60 s) for
//    the page to publish its figures as window.__podplayBench (a JSON object), then prints them.
//    Then the same with ?bench=engine and window.__podplayEngineBench against the build in
//    $BENCH_ENGINE_DIST (made with --features engine-bench): a 1,000-replica StatefulSet to all
//    Ready, and seeking; targets 150 ms and 50 ms.
// 2. Prints the gzip -9 size of every .wasm, .js and .css file in dist/ and their sum in KiB,
//    against the budget.
// Exits 1 if the page published no figures, reported an error, or the build is over budget.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync, constants as zlibConstants } from 'node:zlib';
import { CONTEXT_OPTIONS, DIST_DIR, launchChromium, serveDirectory, sleep } from './harness.mjs';

const BENCH_TIMEOUT_MS = 60000;
const BUDGET_KIB = 350;

let failures = 0;

async function browserBench(which = 'validate', key = '__podplayBench', timeoutMs = BENCH_TIMEOUT_MS, dir = DIST_DIR) {
  const server = await serveDirectory(dir);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext(CONTEXT_OPTIONS);
    const page = await context.newPage();
    const errors = [];
    page.on('console', (msg) => msg.type() === 'error' && errors.push(`console error: ${msg.text()}`));
    page.on('pageerror', (err) => errors.push(`uncaught exception: ${err?.message ?? err}`));

    const url = `${server.baseUrl}?bench=${which}`;
    const started = Date.now();
    await page.goto(url);
    let result;
    while (Date.now() - started < timeoutMs) {
      result = await page.evaluate((k) => window[k] ?? null, key).catch(() => null);
      if (result != null) break;
      await sleep(200);
    }
    console.log(`browser bench (${url}, chromium ${browser.version()}):`);
    if (result == null) {
      failures += 1;
      console.log(`  no window.${key} after ${timeoutMs / 1000} s`);
    } else {
      const value = typeof result === 'string' ? safeParse(result) : result;
      console.log(
        JSON.stringify(value, null, 2)
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n'),
      );
    }
    if (errors.length > 0) {
      failures += 1;
      for (const e of errors) console.log(`  ${e}`);
    }
  } finally {
    await browser.close().catch(() => {});
    await server.close();
  }
}

function safeParse(s) {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

function displayPath(p) {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') ? rel : p;
}

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

function transferSize() {
  const files = listFiles(DIST_DIR)
    .filter((f) => /\.(wasm|js|css)$/.test(f))
    .sort();
  console.log(`dist transfer size (gzip -9) of ${displayPath(DIST_DIR)}:`);
  let total = 0;
  for (const file of files) {
    const raw = readFileSync(file);
    const gz = gzipSync(raw, { level: zlibConstants.Z_BEST_COMPRESSION }).length;
    total += gz;
    console.log(
      `  ${path.relative(DIST_DIR, file).padEnd(48)} ${(raw.length / 1024).toFixed(1).padStart(8)} KiB raw ` +
        `${(gz / 1024).toFixed(1).padStart(8)} KiB gzip`,
    );
  }
  const totalKiB = total / 1024;
  const within = totalKiB <= BUDGET_KIB;
  console.log(
    `  total: ${totalKiB.toFixed(1)} KiB gzip (target <= ${BUDGET_KIB} KiB): ${within ? 'within budget' : 'OVER BUDGET'}`,
  );
  if (files.length === 0) {
    failures += 1;
    console.log('  no .wasm/.js/.css files: build dist/ first (make dist)');
  }
  if (!within) failures += 1;
}

try {
  await browserBench();
  // The engine benchmark lives in a build with the `engine-bench` feature (make bench makes it).
  const engineDist = process.env.BENCH_ENGINE_DIST;
  if (engineDist) {
    await browserBench('engine', '__podplayEngineBench', 300000, path.resolve(engineDist));
  } else {
    console.log('engine bench skipped: set BENCH_ENGINE_DIST to a build with --features engine-bench');
  }
} catch (err) {
  failures += 1;
  console.log(`browser bench failed: ${err?.stack ?? err}`);
}
try {
  transferSize();
} catch (err) {
  failures += 1;
  console.log(`transfer size failed: ${err?.stack ?? err}`);
}
process.exit(failures > 0 ? 1 : 0);
