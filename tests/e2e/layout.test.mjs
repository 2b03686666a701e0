// End-to-end tests of the page layout at a laptop (1440×900), a small laptop or tablet
// (1024×768) and a phone (390×844): after Apply no two panels overlap, Apply is on screen, and
// the console's `kubectl get svc nginx` shows every line whole (wrapped by default; the "Wrap
// lines" toggle keeps kubectl's columns and scrolls sideways). Also: the loading note of
// index.html goes when the app starts, and from 1280 px the comparison takes the editor's
// column with its two scenes side by side. Each test saves a screenshot.

import { writeFileSync } from 'node:fs';

import { assert, assertEqual, sleep, waitForSelector, waitUntil } from './harness.mjs';

const APP_START_TIMEOUT_MS = 30000;
const INPUT = '[data-testid=console-input]';
const LINE = '[data-testid=console-line]';
const PANEL = '[data-testid=console-panel]';

/** The panels that must never overlap, by name. */
const PANELS = {
  header: '.app-header',
  editor: '.editor-panel',
  scene: '.scene-wrap',
  stage: '[data-testid=stage]',
  console: PANEL,
  apply: '[data-testid=apply-bar]',
};

async function open(page, baseUrl, width, height) {
  await page.setViewportSize({ width, height });
  await page.goto(`${baseUrl}?speed=20`);
  await waitForSelector(page, '[data-testid=apply]', { timeout: APP_START_TIMEOUT_MS });
}

/** Clicks Apply and waits until the seed's StatefulSet pods are drawn in the scene. */
async function applySeed(page) {
  await page.click('[data-testid=apply]');
  await waitUntil(
    async () =>
      page.evaluate(() => document.querySelector('[data-testid="pod-web-1"]')?.dataset.state === 'ready'),
    { timeout: 30000, message: 'web-1 Ready in the scene' },
  );
}

/** Each panel's page box (scrolled to the top), leaving out boxless ones (display: contents). */
async function panelBoxes(page) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await sleep(100);
  return page.evaluate((panels) => {
    const boxes = {};
    for (const [name, sel] of Object.entries(panels)) {
      const el = document.querySelector(sel);
      if (!el) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      boxes[name] = { x: r.left, y: r.top + window.scrollY, w: r.width, h: r.height };
    }
    return boxes;
  }, PANELS);
}

/** Pairs of boxes that share any area (a box inside another counts: the stage holds the scene). */
function overlaps(boxes) {
  const contains = { stage: ['scene'] };
  const names = Object.keys(boxes);
  const found = [];
  for (let i = 0; i < names.length; i += 1) {
    for (let j = i + 1; j < names.length; j += 1) {
      const [a, b] = [names[i], names[j]];
      if (contains[a]?.includes(b) || contains[b]?.includes(a)) continue;
      const p = boxes[a];
      const q = boxes[b];
      const w = Math.min(p.x + p.w, q.x + q.w) - Math.max(p.x, q.x);
      const h = Math.min(p.y + p.h, q.y + q.h) - Math.max(p.y, q.y);
      if (w > 0.5 && h > 0.5) found.push(`${a} ${JSON.stringify(p)} × ${b} ${JSON.stringify(q)}`);
    }
  }
  return found;
}

/** Apply's box against the window (the page as scrolled now). */
async function applyInView(page) {
  return page.evaluate(() => {
    const r = document.querySelector('[data-testid=apply]').getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {
      inside: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
      onTop: !!hit?.closest('[data-testid=apply]'),
      box: [r.left, r.top, r.width, r.height].map(Math.round),
    };
  });
}

/** Runs `kubectl get svc nginx` and returns its output lines' widths (scroll vs client). */
async function getSvc(page) {
  const before = await page.$$eval(LINE, (els) => els.length);
  await page.fill(INPUT, 'kubectl get svc nginx');
  await page.press(INPUT, 'Enter');
  await waitUntil(
    async () =>
      page.evaluate(
        ({ LINE, PANEL, before }) =>
          [...document.querySelectorAll(LINE)].slice(before).some((e) => /^nginx\s/.test(e.textContent))
          && document.querySelector(PANEL)?.dataset.busy === 'false',
        { LINE, PANEL, before },
      ),
    { message: 'the output of kubectl get svc nginx' },
  );
  return page.$$eval(
    LINE,
    (els, before) =>
      els.slice(before).map((e) => ({
        text: e.textContent,
        scroll: e.scrollWidth,
        client: e.clientWidth,
        logScroll: e.closest('[data-testid=console-log]').scrollWidth,
        logClient: e.closest('[data-testid=console-log]').clientWidth,
      })),
    before,
  );
}

/**
 * What the window shows, then the whole page (in that order: capturing the whole page lays it
 * out once at its full height, which moves scroll positions inside it).
 */
async function viewShot(page, screenshot, name) {
  const view = await page.screenshot();
  const file = await screenshot(name);
  writeFileSync(file.replace(/\.png$/, '-view.png'), view);
}

async function checkSize(page, baseUrl, screenshot, width, height) {
  await open(page, baseUrl, width, height);
  await applySeed(page);
  const boxes = await panelBoxes(page);
  for (const name of ['header', 'editor', 'scene', 'console', 'apply']) {
    assert(boxes[name], `${name} has a box at ${width}×${height}: ${JSON.stringify(boxes)}`);
  }
  const bad = overlaps(boxes);
  assert(bad.length === 0, `panels overlap at ${width}×${height}:\n${bad.join('\n')}`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert(wide <= width, `nothing wider than the window: ${wide} > ${width}`);
  const top = await applyInView(page);
  assert(top.inside && top.onTop, `Apply in view at the top: ${JSON.stringify(top)}`);

  const lines = await getSvc(page);
  const texts = lines.map((l) => l.text);
  assert(texts.some((t) => /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/.test(t)), `header row: ${texts}`);
  assert(texts.some((t) => /^nginx\s+ClusterIP\s+None\s+<none>\s+80\/TCP\s+\d+s$/.test(t)), `nginx row: ${texts}`);
  for (const l of lines) {
    assert(l.scroll <= l.client, `line fully visible (${l.scroll} > ${l.client}): ${JSON.stringify(l.text)}`);
  }
  assert(lines[0].logScroll <= lines[0].logClient, `the log does not scroll sideways: ${JSON.stringify(lines[0])}`);
  const after = await applyInView(page);
  assert(after.inside && after.onTop, `Apply in view after typing in the console: ${JSON.stringify(after)}`);
  await viewShot(page, screenshot, `${width}x${height}`);
  return lines;
}

export default [
  async function at_1440x900_three_columns_without_overlap({ page, baseUrl, screenshot }) {
    await checkSize(page, baseUrl, screenshot, 1440, 900);
    const boxes = await panelBoxes(page);
    // Editor | stage | console, left to right, side by side.
    assert(boxes.editor.x + boxes.editor.w <= boxes.stage.x, `editor left of the stage: ${JSON.stringify(boxes)}`);
    assert(boxes.stage.x + boxes.stage.w <= boxes.console.x, `stage left of the console: ${JSON.stringify(boxes)}`);
    assert(boxes.console.y + boxes.console.h <= 900, `the console ends on screen: ${JSON.stringify(boxes.console)}`);
  },

  async function at_1024x768_two_rows_without_overlap({ page, baseUrl, screenshot }) {
    await checkSize(page, baseUrl, screenshot, 1024, 768);
    const boxes = await panelBoxes(page);
    // The stage beside the console, both on the first screen; the editor below them.
    assert(boxes.stage.x + boxes.stage.w <= boxes.console.x, `stage beside the console: ${JSON.stringify(boxes)}`);
    assert(boxes.console.y + boxes.console.h <= 768, `the console ends on screen: ${JSON.stringify(boxes.console)}`);
    assert(boxes.editor.y >= boxes.console.y + boxes.console.h, `the editor under the console: ${JSON.stringify(boxes)}`);
    assert(boxes.editor.h >= 300, `the editor keeps its height: ${JSON.stringify(boxes.editor)}`);
    // Folding the editor away and back.
    await page.click('[data-testid=editor-fold]');
    assertEqual(await page.isVisible('[data-testid=editor]'), false, 'editor hidden when folded');
    assertEqual(await page.getAttribute('[data-testid=editor-fold]', 'aria-expanded'), 'false', 'aria-expanded');
    await page.click('[data-testid=editor-fold]');
    assertEqual(await page.isVisible('[data-testid=editor]'), true, 'editor shown again');
  },

  async function at_390x844_one_column_with_apply_always_in_view({ page, baseUrl, screenshot }) {
    await checkSize(page, baseUrl, screenshot, 390, 844);
    const boxes = await panelBoxes(page);
    // Apply bar, scene, console, editor: top to bottom.
    const order = ['apply', 'scene', 'console', 'editor'];
    for (let i = 1; i < order.length; i += 1) {
      const [a, b] = [boxes[order[i - 1]], boxes[order[i]]];
      assert(a.y + a.h <= b.y, `${order[i - 1]} above ${order[i]}: ${JSON.stringify(boxes)}`);
    }
    assert(boxes.apply.y < 400, `the Apply bar near the top: ${JSON.stringify(boxes.apply)}`);
    // Scrolled down to the editor, Apply is still on screen and clickable.
    await page.$eval('[data-testid=editor]', (el) => el.scrollIntoView({ block: 'center' }));
    await sleep(100);
    const down = await applyInView(page);
    assert(down.inside && down.onTop, `Apply in view at the editor: ${JSON.stringify(down)}`);
    const scrolled = await page.evaluate(() => window.scrollY);
    assert(scrolled > 1000, `the page was scrolled: ${scrolled}`);
    await viewShot(page, screenshot, '390x844-at-editor');
  },

  async function the_console_can_keep_kubectl_columns_and_scroll_sideways({ page, baseUrl, screenshot }) {
    await open(page, baseUrl, 1024, 768);
    await applySeed(page);
    assertEqual(await page.getAttribute('[data-testid=console-wrap]', 'aria-pressed'), 'true', 'wraps by default');
    await page.click('[data-testid=console-wrap]');
    assertEqual(await page.getAttribute('[data-testid=console-wrap]', 'aria-pressed'), 'false', 'wrap off');
    const lines = await getSvc(page);
    const row = lines.find((l) => /^nginx\s/.test(l.text));
    // One line per row (no wrapping) and the log scrolls sideways, with a scrollbar.
    const height = await page.$$eval(LINE, (els) => {
      const r = els.find((e) => /^nginx\s/.test(e.textContent));
      return r.getBoundingClientRect().height;
    });
    assert(height <= 21, `the row is one line high: ${height}`);
    assert(row.logScroll > row.logClient, `the log is wider than its box: ${JSON.stringify(row)}`);
    // Always a scrollbar (headless Chromium hides scrollbars, so the style is what is checked).
    const overflow = await page.$eval('[data-testid=console-log]', (el) => getComputedStyle(el).overflowX);
    assertEqual(overflow, 'scroll', 'the log keeps its horizontal scrollbar');
    await page.$eval('[data-testid=console-log]', (el) => {
      el.scrollLeft = el.scrollWidth;
    });
    const left = await page.$eval('[data-testid=console-log]', (el) => el.scrollLeft);
    assert(left > 0, `the log scrolls sideways: ${left}`);
    await viewShot(page, screenshot, 'nowrap');
    // The choice survives a reload.
    await page.reload();
    await waitForSelector(page, '[data-testid=console-wrap]', { timeout: APP_START_TIMEOUT_MS });
    assertEqual(await page.getAttribute('[data-testid=console-wrap]', 'aria-pressed'), 'false', 'kept after reload');
  },

  async function korean_breaks_between_words_and_fits_a_phone({ page, baseUrl, screenshot }) {
    await open(page, baseUrl, 390, 844);
    await page.click('[data-testid=lang-ko]');
    await waitUntil(async () => (await page.getAttribute('html', 'lang')) === 'ko', { message: '<html lang=ko>' });
    await applySeed(page);
    const styles = await page.evaluate(() => {
      const of = (sel) => {
        const st = getComputedStyle(document.querySelector(sel));
        return `${st.wordBreak}/${st.overflowWrap}`;
      };
      return { hint: of('[data-testid=why-hint]'), keys: of('.console-keys'), line: of('[data-testid=console-line]') };
    });
    assertEqual(styles.hint, 'keep-all/break-word', 'prose keeps Korean words whole');
    assertEqual(styles.keys, 'keep-all/break-word', 'the console key hint too');
    assertEqual(styles.line, 'keep-all/anywhere', 'a console line still breaks a word longer than the line');
    const bad = overlaps(await panelBoxes(page));
    assert(bad.length === 0, `panels overlap in Korean:\n${bad.join('\n')}`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert(wide <= 390, `nothing wider than the phone: ${wide}`);
    await viewShot(page, screenshot, 'korean-390');
  },

  async function the_loading_note_shows_until_the_app_starts({ page, baseUrl }) {
    // Hold the wasm back: the static page shows its note meanwhile.
    let release;
    const held = new Promise((resolve) => {
      release = resolve;
    });
    await page.route(/\.wasm$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${baseUrl}?speed=20`, { waitUntil: 'domcontentloaded' });
    const note = await page.textContent('[data-testid=loading]');
    assert(/Starting the Kubernetes playground/.test(note ?? ''), `the note: ${note}`);
    assert(await page.isVisible('[data-testid=loading]'), 'the note is visible');
    release();
    await waitForSelector(page, '[data-testid=apply]', { timeout: APP_START_TIMEOUT_MS });
    await waitForSelector(page, '[data-testid=loading]', { state: 'detached' });
  },

  async function from_1280_px_the_comparison_takes_the_editor_column({ page, baseUrl, screenshot }) {
    await open(page, baseUrl, 1440, 900);
    await page.click('[data-testid=mode-compare]');
    await waitForSelector(page, '[data-testid=compare]');
    assertEqual(await page.isVisible('.editor-panel'), false, 'the editor column gives way');
    await waitUntil(
      async () =>
        page.evaluate(() => {
          const sides = [...document.querySelectorAll('.compare-side')].map((e) => e.getBoundingClientRect());
          return sides.length === 2 && sides[0].right <= sides[1].left && Math.abs(sides[0].top - sides[1].top) < 1;
        }),
      { message: 'the two scenes side by side' },
    );
    const sides = await page.$$eval('.compare-side', (els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
      }));
    for (const s of sides) assert(s.top < 900 && s.right <= 1440, `a side on screen: ${JSON.stringify(s)}`);
    const boxes = await panelBoxes(page);
    const bad = overlaps(boxes);
    assert(bad.length === 0, `panels overlap while comparing:\n${bad.join('\n')}`);
    await viewShot(page, screenshot, 'compare-1440');
    // Back to the cluster: the editor is back with its text.
    await page.click('[data-testid=mode-cluster]');
    await waitForSelector(page, '.editor-panel', { state: 'visible' });
    const text = await page.inputValue('[data-testid=editor]');
    assert(text.includes('kind: StatefulSet'), 'the editor kept its text');
  },
];
