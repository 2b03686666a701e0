// End-to-end tests of the story the scene tells after Apply, at the three sizes learners use
// (a laptop, a small laptop or tablet, a phone): web-0's DNS record drawn on its headless
// Service in the scene, the claim www-web-0 drawn directly under the pod that mounts it, and
// each Deployment pod's live request count beside it while traffic runs.

import { assert, assertEqual, waitForSelector, waitUntil } from './harness.mjs';

const APP_START_TIMEOUT_MS = 30000;
const SIZES = [
  [1440, 900],
  [1024, 768],
  [390, 844],
];

async function box(page, selector) {
  const el = await page.$(selector);
  assert(el, `${selector} is on the page`);
  await el.scrollIntoViewIfNeeded();
  const b = await el.boundingBox();
  assert(b, `${selector} is drawn`);
  return b;
}

async function storyAt(page, baseUrl, screenshot, [width, height]) {
  await page.setViewportSize({ width, height });
  await page.goto(`${baseUrl}?speed=10`);
  await waitForSelector(page, '[data-testid=apply]', { timeout: APP_START_TIMEOUT_MS });
  await page.click('[data-testid=apply]');
  await waitUntil(
    async () =>
      (await page.$$eval('[data-testid^="pod-"][data-state=ready]', (els) => els.length)) >= 4,
    { timeout: 40000, message: 'four pods Ready in the scene' },
  );

  // DNS: the record web-0.nginx is drawn in the scene, on the headless Service.
  const records = await page.$$eval('[data-testid=stage] [data-testid=dns-record]', (els) =>
    els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()),
  );
  assert(records.some((r) => r.includes('web-0.nginx')), `web-0.nginx in the scene: ${records}`);
  const record = await box(page, '[data-testid=stage] [data-testid=dns-record]');
  assert(record.width > 0 && record.height > 0, 'the record has a size');

  // Storage: www-web-0 directly under web-0, its column, and nothing drawn between them.
  // Both measured at one scroll position (the claim scrolled into view).
  const claim = await box(page, '[data-testid="pvc-www-web-0"]');
  const podAgain = await (await page.$('[data-testid="pod-web-0"]')).boundingBox();
  assert(podAgain, 'web-0 is drawn');
  const centre = claim.x + claim.width / 2;
  assert(centre > podAgain.x && centre < podAgain.x + podAgain.width, `www-web-0 in web-0's column: ${JSON.stringify({ podAgain, claim })}`);
  assert(claim.y >= podAgain.y + podAgain.height - 1, 'www-web-0 below web-0');
  const between = await page.$$eval(
    '[data-testid^="pod-"]',
    (els, [top, bottom, x]) =>
      els
        .map((e) => ({ id: e.dataset.testid, r: e.getBoundingClientRect() }))
        .filter(({ r }) => r.top >= top && r.bottom <= bottom && r.left <= x && r.right >= x)
        .map(({ id }) => id),
    [podAgain.y + podAgain.height, claim.y, centre],
  );
  assertEqual(between.length, 0, `pods drawn between web-0 and its claim: ${between}`);
  await screenshot(`story-${width}`);

  // Load balancing: each Deployment pod shows its request count while traffic runs.
  await page.click('[data-testid=tab-traffic]');
  await waitForSelector(page, '[data-testid=traffic-toggle]');
  await page.click('[data-testid=traffic-toggle]');
  await waitUntil(
    async () => {
      const counts = await page.$$eval('[data-testid=stage] [data-testid=request-count]', (els) =>
        els.map((e) => [e.dataset.pod, e.textContent.trim()]),
      );
      const deployment = counts.filter(([p]) => p.startsWith('my-nginx-deployment-'));
      return deployment.length === 2 && deployment.every(([, t]) => /^[1-9]\d*/.test(t));
    },
    { timeout: 20000, message: 'a live request count on both Deployment pods' },
  );
  await (await page.$('[data-testid=stage] [data-testid=request-count]')).scrollIntoViewIfNeeded();
  await screenshot(`story-traffic-${width}`);
  await page.click('[data-testid=traffic-toggle]');
}

/** Paused after Apply, every Step shows something new: the line under the scene names what
 * it changed, the glyphs it changed are marked, and so are its rows in the event list. */
async function eachStepSaysWhatItChanged({ page, baseUrl, screenshot }) {
  await page.goto(`${baseUrl}?speed=10`);
  await waitForSelector(page, '[data-testid=apply]', { timeout: APP_START_TIMEOUT_MS });
  await page.click('[data-testid=apply]');
  await page.click('[data-testid=play]');
  assertEqual(await page.getAttribute('[data-testid=play]', 'aria-pressed'), 'false', 'paused');
  const said = [];
  for (let i = 0; i < 8; i += 1) {
    await page.click('[data-testid=step]');
    await waitForSelector(page, '[data-testid=step-note]');
    const note = (await page.textContent('[data-testid=step-note]')).trim();
    assert(/^This step changed \S/.test(note), `step ${i} says what it changed: ${note}`);
    const marked = await page.$$eval('[data-testid=changed]', (els) => els.map((e) => e.dataset.object));
    const rows = await page.$$eval('[data-testid=event][data-step-changed=true]', (els) => els.length);
    assert(marked.length > 0 || rows > 0, `step ${i} marks a glyph or an event row: ${note}`);
    for (const object of marked) assert(note.includes(object), `${object} named in: ${note}`);
    said.push(note);
  }
  assert(said.some((n) => n.includes('Pod/web-0')), `a step changed web-0: ${said.join(' | ')}`);
  await screenshot('step');
}

export default [
  ...SIZES.map(([w, h]) => ({
    name: `after_apply_the_scene_tells_dns_storage_and_load_balancing_at_${w}x${h}`,
    fn: ({ page, baseUrl, screenshot }) => storyAt(page, baseUrl, screenshot, [w, h]),
  })),
  { name: 'each_step_says_what_it_changed', fn: eachStepSaysWhatItChanged },
];
