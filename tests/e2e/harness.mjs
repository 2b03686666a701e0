// Shared pieces of podplay's end-to-end tooling: a static server for dist/, the Chromium launch
// that works on this machine kind, and small waiting helpers. Used by run.mjs (tests) and
// bench.mjs (browser benchmark); test files import the helpers from here.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(E2E_DIR, '..', '..');
export const DIST_DIR = path.resolve(process.env.E2E_DIST ?? path.join(REPO_ROOT, 'dist'));

// dist/ is served under a sub-path, not at the server root, so every run also checks that the
// build only uses relative URLs (Trunk.toml: public_url = "./").
export const MOUNT_PATH = '/podplay/';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps trying hosts it cannot reach.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  // Required for WebAssembly.instantiateStreaming.
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.yml': 'text/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

export function mimeType(filePath) {
  return MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Serves `rootDir` read-only on 127.0.0.1 at a random free port, mounted at MOUNT_PATH.
 * Resolves to { baseUrl, port, close() }; baseUrl ends with a slash. With `{ gzip: true }`,
 * HTML, JS, CSS and wasm go out gzip-compressed (level 9) to a browser that accepts it, as
 * static hosts serve them.
 */
export async function serveDirectory(rootDir = DIST_DIR, mountPath = MOUNT_PATH, { gzip = false } = {}) {
  const root = path.resolve(rootDir);
  const server = createServer(async (req, res) => {
    try {
      await handleRequest(root, mountPath, req, res, gzip);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`internal error: ${err?.message ?? err}`);
    }
  });
  server.keepAliveTimeout = 1000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    port,
    baseUrl: `http://127.0.0.1:${port}${mountPath}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

async function handleRequest(root, mountPath, req, res, gzip) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' });
    res.end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  let pathname;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return notFound(res);
  }
  if (pathname === '/' || pathname === mountPath.replace(/\/$/, '')) {
    res.writeHead(302, { location: mountPath + url.search });
    res.end();
    return;
  }
  if (!pathname.startsWith(mountPath) || pathname.includes('\0')) return notFound(res);

  const relative = pathname.slice(mountPath.length);
  let filePath = path.resolve(root, '.' + path.posix.normalize('/' + relative));
  if (filePath !== root && !filePath.startsWith(root + path.sep)) return notFound(res);

  let info = await stat(filePath).catch(() => null);
  if (info?.isDirectory()) {
    filePath = path.join(filePath, 'index.html');
    info = await stat(filePath).catch(() => null);
  }
  if (!info?.isFile()) return notFound(res);

  let body = await readFile(filePath);
  const headers = {};
  if (gzip && /\.(html|js|css|wasm|svg|json)$/.test(filePath) && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '')) {
    body = gzipSync(body, { level: 9 });
    headers['content-encoding'] = 'gzip';
    headers.vary = 'accept-encoding';
  }
  res.writeHead(200, {
    ...headers,
    'content-type': mimeType(filePath),
    'content-length': body.length,
    // Tests must always see the build under test, never a cached one.
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('not found');
}

/** Launches Debian's Chromium headless via playwright-core (never a downloaded browser). */
export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/** Options for every browser context: fixed locale, time zone and size keep runs comparable. */
export const CONTEXT_OPTIONS = {
  locale: 'en-US',
  timezoneId: 'UTC',
  viewport: { width: 1280, height: 800 },
  colorScheme: 'light',
};

// ---------------------------------------------------------------------------------------------
// Helpers for tests. Every wait has a timeout and fails with a message naming what it waited for.

export const DEFAULT_TIMEOUT_MS = Number(process.env.E2E_WAIT_TIMEOUT_MS ?? 15000);

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `selector` is attached (state: 'attached' | 'visible' | 'detached' | 'hidden'). */
export async function waitForSelector(
  page,
  selector,
  { timeout = DEFAULT_TIMEOUT_MS, state = 'attached' } = {},
) {
  try {
    return await page.waitForSelector(selector, { timeout, state });
  } catch (err) {
    throw new Error(`timed out after ${timeout} ms waiting for ${selector} to be ${state}`, {
      cause: err,
    });
  }
}

/**
 * Waits for an element matching `selector` whose text contains `text` (a string or RegExp);
 * returns its element handle.
 */
export async function waitForText(page, selector, text, { timeout = DEFAULT_TIMEOUT_MS } = {}) {
  const isRegExp = text instanceof RegExp;
  const needle = isRegExp ? { source: text.source, flags: text.flags } : String(text);
  try {
    const handle = await page.waitForFunction(
      ({ selector, needle, isRegExp }) => {
        const matches = (s) =>
          isRegExp ? new RegExp(needle.source, needle.flags).test(s) : s.includes(needle);
        for (const el of document.querySelectorAll(selector)) {
          if (matches(el.textContent ?? '')) return el;
        }
        return null;
      },
      { selector, needle, isRegExp },
      { timeout, polling: 50 },
    );
    return handle.asElement();
  } catch (err) {
    const seen = await page
      .$$eval(selector, (els) => els.map((e) => (e.textContent ?? '').trim().slice(0, 200)))
      .catch(() => []);
    throw new Error(
      `timed out after ${timeout} ms waiting for ${selector} containing ${JSON.stringify(String(text))}; ` +
        `saw ${seen.length} match(es): ${JSON.stringify(seen.slice(0, 10))}`,
      { cause: err },
    );
  }
}

/** Polls `predicate` (an async function in Node) until it returns a truthy value. */
export async function waitUntil(
  predicate,
  { timeout = DEFAULT_TIMEOUT_MS, interval = 50, message = 'condition' } = {},
) {
  const deadline = Date.now() + timeout;
  let lastError;
  for (;;) {
    try {
      const value = await predicate();
      if (value) return value;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${message}`, { cause: lastError });
    }
    await sleep(interval);
  }
}

/** Text of an element with its text nodes joined by single spaces (adjacent spans stay apart). */
export async function spacedText(elementHandle) {
  return elementHandle.evaluate((el) => {
    const parts = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const t = node.nodeValue.trim();
      if (t) parts.push(t);
    }
    return parts.join(' ');
  });
}

/**
 * Replaces a textarea's value the way typing does: page.fill (which fires `input`), then one more
 * bubbling InputEvent so handlers bound to either event type see the change.
 */
export async function setTextareaValue(page, selector, value) {
  await page.fill(selector, value);
  await page.$eval(selector, (el) =>
    el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' })),
  );
}

export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

export function assertEqual(actual, expected, what) {
  if (actual !== expected) {
    throw new Error(
      `assertion failed: ${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
    );
  }
}
