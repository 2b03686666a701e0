// End-to-end tests of share links: the seed applied, a command run, "Copy link", and the link
// opened in a new page shows the same pods and the same console; a damaged link opens the usual
// page with a note; `?example=` opens a built-in example; a link never replaces the learner's
// saved files until they keep it.

import { assert, assertEqual, waitForSelector, waitUntil } from './harness.mjs';

const APP_START_TIMEOUT_MS = 30000;
const FILES_KEY = 'podplay.files';

async function open(page, url) {
  await page.goto(url);
  await waitForSelector(page, '[data-testid=apply]', { timeout: APP_START_TIMEOUT_MS });
}

async function podStates(page) {
  return page.$$eval('[data-testid^="pod-"]', (els) =>
    els
      .filter((e) => e.dataset.state)
      .map((e) => `${e.dataset.testid}=${e.dataset.state}`)
      .sort(),
  );
}

async function consoleLines(page) {
  return page.$$eval('[data-testid=console-line]', (els) => els.map((e) => e.textContent));
}

async function run(page, line) {
  const before = (await consoleLines(page)).length;
  await page.fill('[data-testid=console-input]', line);
  await page.press('[data-testid=console-input]', 'Enter');
  await waitUntil(async () => (await consoleLines(page)).slice(before).some((l) => l.startsWith('web-1')), {
    timeout: 20000,
    message: `${line} printed web-1`,
  });
}

export default [
  async function a_copied_link_reopens_the_same_pods_and_console({ page, context, baseUrl, screenshot }) {
    await open(page, `${baseUrl}?speed=10`);
    await page.click('[data-testid=apply]');
    await waitUntil(
      async () => page.evaluate(() => document.querySelector('[data-testid="pod-web-1"]')?.dataset.state === 'ready'),
      { timeout: 30000, message: 'web-1 Ready in the scene' },
    );
    await run(page, 'kubectl get pods');
    await page.click('[data-testid=copy-link]');
    await waitUntil(async () => (await page.textContent('[data-testid=copy-link]')) === 'Link copied', {
      message: 'the button says the link was copied',
    });
    const link = await page.evaluate(() => location.href);
    assert(link.includes('#s=1.'), `the address bar holds the link: ${link}`);
    assert(link.length < 2600, `link length ${link.length}`);
    const pods = await podStates(page);
    const lines = await consoleLines(page);
    assert(pods.includes('pod-web-1=ready'), pods.join(' '));
    await screenshot('share-copied');

    const other = await context.newPage();
    await other.addInitScript(() => localStorage.setItem('podplay.files', '{"mine":true}'));
    await open(other, link);
    await waitForSelector(other, '[data-testid=share-notice]');
    await waitUntil(async () => (await consoleLines(other)).length >= lines.length, {
      message: 'the console came back',
    });
    // The shared page is paused where it was copied: compare once the scene is drawn.
    await waitUntil(async () => JSON.stringify(await podStates(other)) === JSON.stringify(pods), {
      timeout: 10000,
      message: `the same pods: ${JSON.stringify(pods)}`,
    });
    assertEqual(JSON.stringify(await consoleLines(other)), JSON.stringify(lines), 'the same console');
    assertEqual(await other.evaluate((k) => localStorage.getItem(k), FILES_KEY), '{"mine":true}', 'own files kept');
    await other.screenshot({ path: new URL('./screenshots/share-opened.png', import.meta.url).pathname });
    await other.click('[data-testid=share-keep]');
    const kept = await other.evaluate((k) => localStorage.getItem(k), FILES_KEY);
    assert(kept.includes('web-0') || kept.includes('StatefulSet'), `kept the shared files: ${kept.slice(0, 80)}`);
    assertEqual(await other.$('[data-testid=share-notice]'), null, 'the note is gone');
  },

  async function a_damaged_link_opens_the_usual_page_with_a_note({ page, baseUrl }) {
    await open(page, `${baseUrl}#s=1.AAAA-not-a-link`);
    await waitForSelector(page, '[data-testid=share-notice]');
    const note = await page.textContent('[data-testid=share-notice]');
    assert(note.includes('This share link could not be read'), note);
    assertEqual(await page.$('[data-testid=share-keep]'), null, 'nothing to keep');
    const editor = await page.inputValue('textarea');
    assert(editor.includes('web'), 'the usual seed in the editor');
    // Another query, so the browser loads the page again rather than only moving to the fragment.
    await open(page, `${baseUrl}?seed=1#s=9.AAAA`);
    await waitForSelector(page, '[data-testid=share-notice]');
    const newer = await page.textContent('[data-testid=share-notice]');
    assert(newer.includes('newer podplay (link format 9'), newer);
  },

  async function an_example_parameter_opens_that_example({ page, baseUrl }) {
    await open(page, `${baseUrl}?example=deployment`);
    const text = await page.inputValue('textarea');
    assert(text.includes('kind: Deployment'), text.slice(0, 200));
    assert(!text.includes('kind: StatefulSet'), 'only the example');
    await waitForSelector(page, '[data-testid=share-notice]');
  },
];
