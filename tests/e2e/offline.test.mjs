// End-to-end tests of offline use: after one visit the service worker serves the page with the
// server gone; a new build taking over shows the "new version" notice; the single-file build
// (scripts/single.mjs) starts from file://. Each test serves its own copy of dist/ so it can stop
// the server or change the build.

import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { DIST_DIR, REPO_ROOT, assert, serveDirectory, waitForSelector, waitUntil } from './harness.mjs';

const APP_START_TIMEOUT_MS = 30000;

/** A scratch copy of dist/; removed by the returned function. */
function copyOfDist() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'podplay-offline-'));
  cpSync(DIST_DIR, dir, { recursive: true });
  return dir;
}

async function appStarts(page) {
  await waitForSelector(page, '[data-testid=apply]', { timeout: APP_START_TIMEOUT_MS });
}

/** Apply the page's manifests: the StatefulSet's first pod web-0 appears in the scene. */
async function applyShowsWeb0(page) {
  await page.click('[data-testid=apply]');
  await waitForSelector(page, '[data-testid="pod-web-0"]', { timeout: APP_START_TIMEOUT_MS });
}

/** Waits until the service worker controls the page. */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, {
    timeout: APP_START_TIMEOUT_MS,
  });
}

function swBuild(dir) {
  return readFileSync(path.join(dir, 'sw.js'), 'utf8').match(/const BUILD = "([0-9a-f]+)"/)?.[1];
}

export default {
  'offline: after one visit the page opens and Apply works with the server stopped': async ({ page }) => {
    const dir = copyOfDist();
    const server = await serveDirectory(dir);
    try {
      await page.goto(`${server.baseUrl}?speed=10`);
      await appStarts(page);
      await controlled(page);
      const caches = await page.evaluate(() => caches.keys());
      assert(
        caches.length === 1 && caches[0].endsWith(`:${swBuild(dir) ?? 'missing'}`),
        `one cache named by the build ${swBuild(dir)}: ${JSON.stringify(caches)}`,
      );
      await server.close();
      const gone = await fetch(server.baseUrl).then(() => false, () => true);
      assert(gone, 'the server no longer answers');
      await page.reload();
      await appStarts(page);
      await applyShowsWeb0(page);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },

  'offline: a new build taking over shows the update notice and drops the old cache': async ({ page, screenshot }) => {
    const dir = copyOfDist();
    const server = await serveDirectory(dir);
    try {
      await page.goto(server.baseUrl);
      await appStarts(page);
      await controlled(page);
      // The second visit: the page starts under the service worker, as a returning learner's does.
      await page.reload();
      await appStarts(page);
      await controlled(page);
      const before = swBuild(dir);
      assert(
        (await page.$('[data-testid=update-ready]')) === null,
        'no update notice on the first visit',
      );
      // A new deployment: the page changes, so the service worker is written with a new build id.
      const index = path.join(dir, 'index.html');
      writeFileSync(index, readFileSync(index, 'utf8').replace('</body>', '<!-- build B -->\n</body>'));
      execFileSync('node', [path.join(REPO_ROOT, 'scripts', 'sw.mjs'), dir]);
      const after = swBuild(dir);
      assert(after && before && after !== before, `a new build id: ${before} then ${after}`);
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
      await waitForSelector(page, '[data-testid=update-ready]', { state: 'visible' });
      const text = await page.textContent('[data-testid=update-ready]');
      assert(text.includes('A new version is ready.') && text.includes('Reload'), `the notice: ${text}`);
      await screenshot('update notice');
      await waitUntil(
        async () => {
          const keys = await page.evaluate(() => caches.keys());
          return keys.length === 1 && keys[0].endsWith(`:${after}`);
        },
        { message: `only the cache of build ${after} left` },
      );
      // With the server gone, what the reloaded page gets can only come from the new cache.
      await server.close();
      await Promise.all([page.waitForEvent('load'), page.click('[data-testid=update-reload]')]);
      await appStarts(page);
      // The page as the service worker now answers it (Yew may drop the body's comment).
      const served = await page.evaluate(() => fetch('./index.html').then((r) => r.text()));
      assert(served.includes('<!-- build B -->'), 'the reloaded page is answered by the new build');
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },

  'offline: the single-file build starts from file:// and Apply shows web-0': async ({ page }) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'podplay-single-'));
    try {
      const file = path.join(dir, 'podplay-single.html');
      execFileSync('node', [path.join(REPO_ROOT, 'scripts', 'single.mjs'), DIST_DIR, file]);
      const html = readFileSync(file, 'utf8');
      assert(!/<link rel="(stylesheet|preload|modulepreload)"/.test(html), 'no linked assets left');
      assert(!/src="|href="\.\//.test(html), 'no file loaded beside it');
      assert(statSync(file).size > 100000, 'the wasm is inside');
      await page.goto(pathToFileURL(file).href);
      await appStarts(page);
      await applyShowsWeb0(page);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
