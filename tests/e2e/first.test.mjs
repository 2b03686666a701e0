// End-to-end tests of the page's first module (src/ui/first.rs): the editor and the validator are
// up before the full page (simulation, scene, console) has arrived; what the learner does there
// (edits, Apply, the caret) carries over when the full page takes over. The full page's wasm is
// held back by a route until the test lets it through, so the order is certain.

import { assert, assertEqual, setTextareaValue, waitForSelector, waitUntil } from './harness.mjs';

const FULL_WASM = /\/podplay-[0-9a-f]{16}_bg\.wasm$/;
const FIRST = '[data-testid=first]';
const FIRST_EDITOR = '[data-testid=first-editor]';
const FIRST_APPLY = '[data-testid=first-apply]';

/** Holds the full page's wasm until the returned function is called. */
async function holdFullPage(page) {
  let release;
  const gate = new Promise((resolve) => {
    release = resolve;
  });
  await page.route(FULL_WASM, async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

async function problems(page) {
  return page.$$eval('[data-testid=first-problems] [data-testid=diagnostic]', (els) =>
    els.map((e) => `${e.dataset.line}:${e.dataset.col} ${e.dataset.severity}`),
  );
}

export default [
  async function the_editor_and_validator_work_before_the_simulation_arrives({ page, baseUrl, screenshot }) {
    const release = await holdFullPage(page);
    await page.goto(baseUrl);
    await waitForSelector(page, FIRST_APPLY);
    assertEqual(await page.$$eval('[data-testid=apply]', (els) => els.length), 0, 'no full page yet');
    const text = await page.$eval(FIRST_EDITOR, (el) => el.value);
    assert(text.includes('kind: StatefulSet') && text.includes('name: my-nginx-deployment'), 'the seed manifests');
    assertEqual(JSON.stringify(await problems(page)), "[]", "no problems in the seed");
    assertEqual(
      await page.textContent('[data-testid=first-status]'),
      'Loading the cluster simulation… You can edit the manifests and press Apply meanwhile.',
      'the status line',
    );

    // The validator runs on every change.
    await setTextareaValue(page, FIRST_EDITOR, text.replace('replicas: 2', 'replicas: two'));
    // kubectl's decode error at the value, and the Service left without pods as a warning.
    await waitUntil(async () => (await problems(page)).length === 2, { message: 'two problems for replicas: two' });
    assertEqual(JSON.stringify(await problems(page)), JSON.stringify(['10:3 warning', '19:13 error']), 'the problems');
    const messages = await page.$$eval('[data-testid=first-problems] .diagnostic-msg', (els) => els.map((e) => e.textContent));
    assertEqual(
      messages[1],
      'StatefulSet in version "v1" cannot be handled as a StatefulSet: json: cannot unmarshal string into Go struct field StatefulSetSpec.spec.replicas of type int32',
      'the decode error',
    );

    for (const [w, h] of [
      [1440, 900],
      [1024, 768],
      [390, 844],
    ]) {
      await page.setViewportSize({ width: w, height: h });
      await page.waitForTimeout(100);
      await screenshot(`first-${w}x${h}`);
      const box = await page.$eval(FIRST_APPLY, (el) => {
        const r = el.getBoundingClientRect();
        return { x: r.x, y: r.y, w: r.width, h: r.height };
      });
      assert(box.w > 0 && box.x >= 0 && box.x + box.w <= w, `Apply in view at ${w}x${h}: ${JSON.stringify(box)}`);
    }
    release();
  },

  async function edits_apply_and_the_caret_carry_over_to_the_full_page({ page, baseUrl }) {
    const release = await holdFullPage(page);
    await page.goto(baseUrl);
    await waitForSelector(page, FIRST_APPLY);
    const text = await page.$eval(FIRST_EDITOR, (el) => el.value);
    const edited = text.replace('replicas: 2 ', 'replicas: 3 ');
    assert(edited !== text, 'the StatefulSet has replicas: 2');
    await setTextareaValue(page, FIRST_EDITOR, edited);
    await page.click(FIRST_APPLY);
    assertEqual(
      await page.textContent('[data-testid=first-status]'),
      'Apply is noted: the cluster starts as soon as the simulation has loaded.',
      'the status after Apply',
    );
    // Back to typing: the caret at the start of the third line.
    await page.focus(FIRST_EDITOR);
    const caret = edited.split('\n').slice(0, 2).join('\n').length + 1;
    await page.$eval(FIRST_EDITOR, (el, at) => el.setSelectionRange(at, at), caret);

    release();
    await waitForSelector(page, '[data-testid=apply]', { timeout: 30000 });
    assertEqual(await page.$$eval(FIRST, (els) => els.length), 0, 'the first module is gone');
    assertEqual(await page.$eval('[data-testid=editor]', (el) => el.value), edited, 'the edited text');
    const focus = await page.evaluate(() => ({
      id: document.activeElement?.id,
      at: document.activeElement?.selectionStart,
    }));
    assertEqual(JSON.stringify(focus), JSON.stringify({ id: "editor", at: caret }), "the caret where it was");
    // Apply was done with the edit: three StatefulSet pods.
    await waitForSelector(page, '[data-testid="pod-web-2"]', { timeout: 30000 });
    // The edit is kept: a reload opens it (in the first module, then the full page).
    await page.unroute(FULL_WASM);
    await page.reload();
    await waitForSelector(page, '[data-testid=apply]', { timeout: 30000 });
    assertEqual(await page.$eval('[data-testid=editor]', (el) => el.value), edited, 'the edit after a reload');
  },

  async function a_share_link_and_an_embed_start_the_full_page_alone({ page, baseUrl }) {
    const fetched = [];
    page.on('request', (r) => fetched.push(r.url()));
    await page.goto(`${baseUrl}?embed`);
    await waitForSelector(page, '[data-testid=embed-root]', { timeout: 30000 });
    await page.goto(`${baseUrl}#s=x`);
    await waitForSelector(page, '[data-testid=apply]', { timeout: 30000 });
    assertEqual(JSON.stringify(fetched.filter((u) => u.includes("podplay-first"))), "[]", "no first module fetched");
    // Without them, the first module comes first.
    await page.goto(baseUrl);
    await waitForSelector(page, '[data-testid=apply]', { timeout: 30000 });
    assert(fetched.some((u) => /podplay-first-[0-9a-f]{16}_bg\.wasm$/.test(u)), 'the first module fetched');
  },
];
