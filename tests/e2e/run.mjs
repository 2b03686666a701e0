#!/usr/bin/env node
// podplay's end-to-end test runner: no framework, just playwright-core and Debian Chromium.
//
// Serves dist/ on 127.0.0.1 (random port), then runs every tests/e2e/*.test.mjs file. A test file
// exports (as `default` or `tests`) either an array of named async functions / { name, fn } pairs,
// or an object mapping test names to async functions. Each test gets a fresh browser context
// (clean localStorage) and receives { page, context, baseUrl, screenshot(name), allowConsoleError }.
// A test fails if it throws, times out, or the page logs a console error (a Content-Security-Policy
// violation in any frame is logged as one) or throws an uncaught exception. Output:
// `ok - name` / `not ok - name` per test, then `e2e: N passed, M failed`.
//
// Usage: node tests/e2e/run.mjs [name-filter ...]
// Environment: E2E_DIST (default dist/), E2E_TEST_DIR (default tests/e2e/; where *.test.mjs are
// found), E2E_TEST_TIMEOUT_MS (default 90000),
// E2E_WAIT_TIMEOUT_MS (default 15000), CHROMIUM_PATH (default /usr/bin/chromium).

import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CONTEXT_OPTIONS,
  DIST_DIR,
  E2E_DIR,
  launchChromium,
  serveDirectory,
} from './harness.mjs';

const TEST_TIMEOUT_MS = Number(process.env.E2E_TEST_TIMEOUT_MS ?? 90000);
const TEST_DIR = path.resolve(process.env.E2E_TEST_DIR ?? E2E_DIR);
const SCREENSHOT_DIR = path.join(E2E_DIR, 'screenshots');
const filters = process.argv.slice(2);

let passed = 0;
let failed = 0;

function report(ok, name, error) {
  if (ok) {
    passed += 1;
    console.log(`ok - ${name}`);
  } else {
    failed += 1;
    console.log(`not ok - ${name}`);
    const text = error instanceof Error ? formatError(error) : String(error);
    for (const line of text.split('\n')) console.log(`  # ${line}`);
  }
}

function formatError(err) {
  let text = err.stack ?? String(err);
  // Playwright's call logs are long; keep the first lines of the cause.
  if (err.cause) text += `\ncaused by: ${String(err.cause?.message ?? err.cause).split('\n').slice(0, 6).join('\n')}`;
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

function slug(s) {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

function normaliseTests(mod, file) {
  const exported = mod.default ?? mod.tests;
  if (!exported) throw new Error(`${file} exports neither a default nor \`tests\``);
  const entries = [];
  if (Array.isArray(exported)) {
    for (const item of exported) {
      if (typeof item === 'function') entries.push({ name: item.name, fn: item });
      else if (item && typeof item.fn === 'function') entries.push({ name: item.name ?? item.fn.name, fn: item.fn });
      else throw new Error(`${file}: array items must be functions or { name, fn }`);
    }
  } else if (typeof exported === 'object') {
    for (const [name, fn] of Object.entries(exported)) {
      if (typeof fn !== 'function') throw new Error(`${file}: ${name} is not a function`);
      entries.push({ name, fn });
    }
  } else {
    throw new Error(`${file}: export must be an array or an object`);
  }
  for (const e of entries) if (!e.name) throw new Error(`${file}: every test needs a name`);
  return entries;
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runTest(browser, baseUrl, fileStem, test) {
  const context = await browser.newContext(CONTEXT_OPTIONS);
  // A Content-Security-Policy violation in any frame is reported as a console error, so it fails
  // the test as one (Chromium logs most as "Refused to …"; the event reports every one).
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(
        `Content-Security-Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  const page = await context.newPage();
  const pageErrors = [];
  const allowed = [];
  const isAllowed = (text) => allowed.some((re) => re.test(text));
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const loc = msg.location();
    const text = `console error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`;
    if (!isAllowed(text)) pageErrors.push(text);
  });
  page.on('pageerror', (err) => {
    const text = `uncaught exception in page: ${err?.stack ?? err}`;
    if (!isAllowed(text)) pageErrors.push(text);
  });
  page.on('crash', () => pageErrors.push('page crashed'));

  const testSlug = `${fileStem}-${slug(test.name)}`;
  const screenshot = async (name) => {
    const file = path.join(SCREENSHOT_DIR, `${testSlug}-${slug(name)}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
  const allowConsoleError = (re) => allowed.push(re);

  try {
    await withTimeout(
      Promise.resolve().then(() => test.fn({ page, context, baseUrl, screenshot, allowConsoleError })),
      TEST_TIMEOUT_MS,
      `test "${test.name}"`,
    );
    if (pageErrors.length > 0) {
      throw new Error(`the page reported ${pageErrors.length} error(s):\n${pageErrors.join('\n')}`);
    }
    return null;
  } catch (err) {
    if (pageErrors.length > 0 && !String(err?.message).startsWith('the page reported')) {
      err.message += `\nthe page also reported:\n${pageErrors.join('\n')}`;
    }
    await page
      .screenshot({ path: path.join(SCREENSHOT_DIR, `${testSlug}-FAILED.png`), fullPage: true, timeout: 5000 })
      .catch(() => {});
    return err;
  } finally {
    await context.close().catch(() => {});
  }
}

async function main() {
  // A full run starts from an empty screenshot folder, so no stale failure shot misleads.
  if (filters.length === 0) rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });

  const files = readdirSync(TEST_DIR)
    .filter((f) => f.endsWith('.test.mjs'))
    .sort();
  const suites = [];
  for (const file of files) {
    try {
      const mod = await import(pathToFileURL(path.join(TEST_DIR, file)).href);
      suites.push({ file, tests: normaliseTests(mod, file) });
    } catch (err) {
      report(false, `load ${file}`, err);
    }
  }

  const selected = suites
    .map((s) => ({
      ...s,
      tests: s.tests.filter(
        (t) => filters.length === 0 || filters.some((f) => t.name.includes(f) || s.file.includes(f)),
      ),
    }))
    .filter((s) => s.tests.length > 0);
  const nTests = selected.reduce((n, s) => n + s.tests.length, 0);

  if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
    report(false, `${path.join(DIST_DIR, 'index.html')} exists`, 'build it first: make dist');
    return;
  }
  if (nTests === 0) {
    console.log(`# no tests found${filters.length ? ` matching ${filters.join(', ')}` : ''}`);
    return;
  }

  const server = await serveDirectory(DIST_DIR);
  console.log(`# serving ${DIST_DIR} at ${server.baseUrl}`);
  let browser;
  try {
    browser = await launchChromium();
    console.log(`# chromium ${browser.version()}, ${nTests} test(s)`);
  } catch (err) {
    for (const s of selected) for (const t of s.tests) report(false, t.name, err);
    await server.close();
    return;
  }

  try {
    for (const suite of selected) {
      const fileStem = suite.file.replace(/\.test\.mjs$/, '');
      for (const test of suite.tests) {
        const started = Date.now();
        const err = await runTest(browser, server.baseUrl, fileStem, test);
        report(!err, test.name, err);
        console.log(`  # ${Date.now() - started} ms`);
      }
    }
  } finally {
    await browser.close().catch(() => {});
    await server.close();
  }
}

try {
  await main();
} catch (err) {
  report(false, 'e2e runner', err);
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
