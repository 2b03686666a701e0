// End-to-end tests of embed mode's layout: `?embed` shows only the chosen panels (no header,
// no dividers), runs its script at load, keeps nothing in localStorage unless `keep=NAME` asks
// (and then only under its own keys), never reads the learner's saved files; the "open in
// podplay" link opens the figure's current state; the header's "Embed" dialog writes the
// <iframe> snippet. Screenshots of an embed in light and dark at two frame sizes.

import { assert, assertEqual, setTextareaValue, sleep, waitForSelector, waitForText, waitUntil } from './harness.mjs';

const APP_START_TIMEOUT_MS = 30000;
const SCRIPT = 'script=kubectl%20apply%20-f%20statefulset.yaml';
const FIGURE = `example=statefulset&${SCRIPT}&autoplay`;

/** Equal as JSON (arrays and objects). */
function assertSame(actual, expected, what) {
  assertEqual(JSON.stringify(actual), JSON.stringify(expected), what);
}

async function openEmbed(page, url) {
  await page.goto(url);
  await waitForSelector(page, '[data-testid=embed-root]', { timeout: APP_START_TIMEOUT_MS });
}

async function openPage(page, url) {
  await page.goto(url);
  await waitForSelector(page, '[data-testid=apply]', { timeout: APP_START_TIMEOUT_MS });
}

/** The app pods the scene draws, in name order. */
async function scenePods(page) {
  return page.$$eval('[data-testid^="pod-web-"]', (els) =>
    [...new Set(els.map((e) => e.dataset.testid.slice(4)))].sort(),
  );
}

async function consoleLines(page) {
  return page.$$eval('[data-testid=console-line]', (els) => els.map((e) => e.textContent));
}

async function storage(page) {
  return page.evaluate(() => {
    const out = {};
    for (let i = 0; i < localStorage.length; i += 1) {
      const k = localStorage.key(i);
      out[k] = localStorage.getItem(k);
    }
    return out;
  });
}

/** Nothing in the embed sticks out sideways, and no two of its panels overlap. */
async function assertNoOverlap(page, what) {
  const r = await page.evaluate(() => {
    const boxes = [...document.querySelectorAll('.embed > *')]
      .map((e) => ({ cls: e.className, r: e.getBoundingClientRect() }))
      .filter((b) => b.r.width > 0 && b.r.height > 0);
    const overlaps = [];
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        const a = boxes[i].r;
        const b = boxes[j].r;
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) {
          overlaps.push(`${boxes[i].cls} / ${boxes[j].cls}`);
        }
      }
    }
    return {
      overlaps,
      scrollWidth: document.documentElement.scrollWidth,
      width: window.innerWidth,
    };
  });
  assertSame(r.overlaps, [], `${what}: overlapping panels`);
  assert(r.scrollWidth <= r.width, `${what}: page ${r.scrollWidth} px wide in a ${r.width} px frame`);
}

export default [
  async function a_scene_only_embed_shows_web_0_then_web_1_and_nothing_else({ page, baseUrl }) {
    await page.setViewportSize({ width: 480, height: 360 });
    await openEmbed(page, `${baseUrl}?embed&panels=scene&${FIGURE}&speed=4`);
    const seen = [];
    await waitUntil(
      async () => {
        const pods = (await scenePods(page)).join(',');
        if (pods && seen[seen.length - 1] !== pods) seen.push(pods);
        return pods === 'web-0,web-1';
      },
      { timeout: 40000, interval: 20, message: 'web-0 and web-1 in the scene' },
    );
    assertSame(seen, ['web-0', 'web-0,web-1'], 'web-0 first, then web-1');
    const root = await page.$eval('[data-testid=embed-root]', (e) => e.className);
    assertEqual(root, 'embed', 'the root class');
    for (const gone of ['app-title', 'console-input', 'editor', 'apply', 'mode-compare', 'divider-0', 'share-notice']) {
      assertEqual(await page.$(`[data-testid=${gone}]`), null, `no ${gone} in a scene-only embed`);
    }
    assertEqual(await page.$$eval('[role=tab]', (els) => els.length), 0, 'no tabs with only the scene');
    assert(await page.isVisible('[data-testid=play]'), 'the playback bar stays');
    await assertNoOverlap(page, 'scene only at 480x360');
  },

  async function the_open_in_podplay_link_carries_the_current_state({ page, context, baseUrl }) {
    await openEmbed(page, `${baseUrl}?embed&panels=scene&${FIGURE}&speed=4`);
    await waitUntil(async () => (await scenePods(page)).length === 2, { timeout: 40000, message: 'two pods' });
    const link = '[data-testid=open-in-podplay]';
    assertEqual(await page.getAttribute(link, 'target'), '_blank', 'opens in a new tab');
    assertEqual(await page.getAttribute(link, 'rel'), 'noopener', 'rel');
    await page.hover(link);
    const href = await page.getAttribute(link, 'href');
    assert(href.startsWith(`${baseUrl}#s=1.`), `the page's own address with the state: ${href}`);
    assert(!href.includes('?'), `no query: ${href}`);
    const other = await context.newPage();
    await openPage(other, href);
    await waitUntil(async () => (await scenePods(other)).length === 2, {
      timeout: 30000,
      message: 'the whole page shows web-0 and web-1',
    });
    assert(await other.isVisible('[data-testid=app-title]'), 'the whole page with its header');
    await other.close();
  },

  async function scene_and_console_show_the_scripts_command({ page, baseUrl }) {
    await page.setViewportSize({ width: 900, height: 500 });
    await openEmbed(page, `${baseUrl}?embed&panels=scene,console&${FIGURE}&speed=4`);
    await waitForText(page, '[data-testid=console-line]', 'kubectl apply -f statefulset.yaml', { timeout: 20000 });
    await waitForText(page, '[data-testid=console-line]', 'statefulset.apps/web created', { timeout: 20000 });
    const lines = await consoleLines(page);
    const start = lines.findIndex((l) => l.includes('minikube start'));
    const apply = lines.findIndex((l) => l.includes('kubectl apply -f statefulset.yaml'));
    assert(start >= 0 && start < apply, `minikube start, then the script: ${JSON.stringify(lines)}`);
    assert(await page.isVisible('[data-testid=console-input]'), 'the console is shown');
    assertEqual(await page.$('[data-testid=editor]'), null, 'no editor');
    assertEqual(await page.$('[data-testid=app-title]'), null, 'no header');
    await assertNoOverlap(page, 'scene and console at 900x500');
  },

  async function an_embed_keeps_nothing_and_never_reads_the_learners_files({ page, context, baseUrl }) {
    await openPage(page, baseUrl);
    await setTextareaValue(page, '[data-testid=editor]', '# my own work\n');
    await waitUntil(async () => ((await storage(page))['podplay.files'] ?? '').includes('# my own work'), {
      message: 'the stand-alone page saved its files',
    });
    await page.click('[data-testid=theme]');
    const before = await storage(page);
    assert(Object.keys(before).length >= 2, `files and theme saved: ${Object.keys(before)}`);

    const embed = await context.newPage();
    await openEmbed(embed, `${baseUrl}?embed&panels=scene,console,editor&lang=ko&theme=dark`);
    const text = await embed.inputValue('[data-testid=editor]');
    assert(!text.includes('# my own work'), 'the embed does not open the learner files');
    assert(text.includes('kind: StatefulSet'), 'the seed is in the embed editor');
    assertEqual(await embed.textContent('[data-testid=open-in-podplay]'), 'podplay에서 열기', 'lang=ko');
    assertEqual(await embed.getAttribute('html', 'data-theme'), 'dark', 'theme=dark');
    await setTextareaValue(embed, '[data-testid=editor]', '# an embed edit\n');
    await embed.fill('[data-testid=console-input]', 'ls');
    await embed.press('[data-testid=console-input]', 'Enter');
    await sleep(600);
    assertSame(await storage(embed), before, 'the embed wrote nothing to localStorage');
    assertEqual(await embed.evaluate(() => localStorage.length), Object.keys(before).length, 'localStorage.length');

    await page.reload();
    await waitForSelector(page, '[data-testid=apply]', { timeout: APP_START_TIMEOUT_MS });
    assertEqual(await page.inputValue('[data-testid=editor]'), '# my own work\n', 'the saved files are intact');
  },

  async function keep_stores_the_embeds_files_under_its_own_keys({ page, context, baseUrl }) {
    await openEmbed(page, `${baseUrl}?embed&panels=editor&keep=fig1&example=statefulset`);
    await setTextareaValue(page, '[data-testid=editor]', '# kept by fig1\n');
    await waitUntil(async () => ((await storage(page))['podplay.embed.fig1.files'] ?? '').includes('# kept by fig1'), {
      message: 'the embed kept its files under podplay.embed.fig1.files',
    });
    assertSame(
      Object.keys(await storage(page)).sort(),
      ['podplay.embed.fig1.files', 'podplay.embed.fig1.files.mark'],
      "only the embed's keys (its files and who wrote them)",
    );
    await page.reload();
    await waitForSelector(page, '[data-testid=embed-root]', { timeout: APP_START_TIMEOUT_MS });
    assertEqual(await page.inputValue('[data-testid=editor]'), '# kept by fig1\n', 'kept across a reload');
    const standalone = await context.newPage();
    await openPage(standalone, baseUrl);
    assert(!(await standalone.inputValue('[data-testid=editor]')).includes('fig1'), 'the page does not see it');
  },

  async function the_embed_code_dialog_writes_the_iframe({ page, context, baseUrl, screenshot }) {
    await openPage(page, baseUrl);
    await page.click('[data-testid=embed-code]');
    await waitForSelector(page, '[data-testid=embed-dialog]', { state: 'visible' });
    const focusInside = await page.evaluate(() => !!document.activeElement?.closest('[data-testid=embed-dialog]'));
    assert(focusInside, 'the focus moved into the dialog');
    const snippet = () => page.inputValue('[data-testid=embed-snippet]');
    let s = await snippet();
    assert(s.startsWith(`<iframe src="${baseUrl}?embed&amp;panels=scene,console&amp;autoplay#s=1.`), s.slice(0, 160));
    assert(s.includes('title="podplay"') && s.includes('loading="lazy"'), s);
    await page.click('[data-testid=embed-autoplay]');
    await page.click('[data-testid=embed-panel-dns]');
    await page.click('[data-testid=embed-panel-console]');
    s = await snippet();
    assert(s.includes('?embed&amp;panels=scene,dns#s=1.'), s.slice(0, 160));
    assert(!s.includes('autoplay'), 'autoplay unchecked');
    await screenshot('embed-dialog');
    await page.keyboard.press('Escape');
    await waitForSelector(page, '[data-testid=embed-dialog]', { state: 'detached' });
    await page.click('[data-testid=embed-code]');
    await waitForSelector(page, '[data-testid=embed-dialog]', { state: 'visible' });
    s = await snippet();
    await page.click('[data-testid=embed-close]');
    await waitForSelector(page, '[data-testid=embed-dialog]', { state: 'detached' });

    const src = s.match(/src="([^"]*)"/)[1].replaceAll('&amp;', '&');
    const embed = await context.newPage();
    await openEmbed(embed, src);
    assert(await embed.isVisible('[data-testid=console-input]'), 'the snippet opens an embed with a console');
  },

  async function embeds_fit_small_and_wide_frames_in_light_and_dark({ page, baseUrl, screenshot }) {
    const frames = [
      [480, 360],
      [900, 500],
    ];
    for (const theme of ['light', 'dark']) {
      for (const [width, height] of frames) {
        await page.setViewportSize({ width, height });
        await openEmbed(page, `${baseUrl}?embed&panels=scene,console,events&${FIGURE}&speed=4&theme=${theme}`);
        await waitUntil(async () => (await scenePods(page)).length === 2, { timeout: 40000, message: 'two pods' });
        await sleep(300);
        await assertNoOverlap(page, `${width}x${height} ${theme}`);
        await screenshot(`embed-${width}x${height}-${theme}`);
      }
    }
    await page.setViewportSize({ width: 320, height: 480 });
    await openEmbed(page, `${baseUrl}?embed&panels=scene,console,editor,events,dns,traffic&${FIGURE}&speed=4`);
    await sleep(500);
    await assertNoOverlap(page, 'every panel at 320 px');
    await screenshot('embed-320-all');
  },
  async function tabs_follow_the_chosen_panels_and_compare_opens_the_comparison({ page, baseUrl }) {
    await openEmbed(page, `${baseUrl}?embed&panels=scene,dns,traffic&${FIGURE}&speed=4`);
    const tabs = await page.$$eval('[role=tab]', (els) => els.map((e) => e.dataset.testid));
    assertSame(tabs, ['tab-dns', 'tab-traffic'], 'only the chosen tabs, in order');
    assertEqual(await page.getAttribute('[data-testid=tab-dns]', 'aria-selected'), 'true', 'the first chosen tab is open');
    assertEqual(await page.$('[data-testid=console-input]'), null, 'no console');

    await openEmbed(page, `${baseUrl}?embed&panels=compare`);
    await waitForSelector(page, '[data-testid=compare]', { state: 'visible' });
    assertEqual(await page.$('[data-testid=mode-cluster]'), null, 'no Cluster/Compare switch without the scene');
    await openEmbed(page, `${baseUrl}?embed&panels=scene,compare`);
    await waitForSelector(page, '[data-testid=compare]', { state: 'visible' });
    await page.click('[data-testid=mode-cluster]');
    await waitForSelector(page, '[data-testid=compare]', { state: 'detached' });
  },

  async function a_range_keeps_the_timeline_within_it({ page, baseUrl }) {
    await openEmbed(page, `${baseUrl}?embed&panels=scene&${FIGURE}&speed=10&from=5s&to=12s`);
    await waitUntil(async () => (await page.textContent('[data-testid=play]')) === 'Play', {
      timeout: 20000,
      message: 'playing stopped at the end of the range',
    });
    assertEqual(await page.getAttribute('[data-testid=timeline]', 'min'), '5000', 'the scrubber starts at from');
    assertEqual(await page.getAttribute('[data-testid=timeline]', 'max'), '12000', 'and ends at to');
    assertEqual(await page.textContent('[data-testid=clock]'), '0:12', 'the clock stopped at 0:12');
  },
];
