// End-to-end tests of the embedding API: the example page (embed-example.html) loads its three
// figures; its buttons drive the first one through postMessage and it hears `ready`, `state`
// with web-0 then web-1, `output` of `kubectl get pods` and `resize`; messages from a window
// that is not the parent, or from an origin `origin=` does not allow, are ignored; a bad
// message gets an `error`. Screenshots of the example page in light and dark.

import { assert, assertEqual, waitForSelector, waitUntil } from './harness.mjs';

const APP_START_TIMEOUT_MS = 40000;
const HEADER = 'NAME    READY   STATUS    RESTARTS   AGE';

/** Records, in the top window only, every podplay message and which iframe sent it. */
function recordMessages() {
  if (window.top !== window) return;
  window.__told = [];
  window.addEventListener('message', (e) => {
    if (!e.data || e.data.podplay !== 1) return;
    const frames = [...document.querySelectorAll('iframe')];
    const from = frames.find((f) => f.contentWindow === e.source);
    window.__told.push({ from: from?.dataset.testid ?? from?.id ?? '?', origin: e.origin, data: e.data });
  });
}

async function told(page, from, type) {
  return page.evaluate(
    ([from, type]) => window.__told.filter((m) => m.from === from && m.data.type === type).map((m) => m.data),
    [from, type],
  );
}

/** The frame whose URL contains `needle`, once its app has started. */
async function appFrame(page, needle) {
  const frame = await waitUntil(() => page.frames().find((f) => f.url().includes(needle)), {
    timeout: APP_START_TIMEOUT_MS,
    message: `a frame at ${needle}`,
  });
  await waitForSelector(frame, '[data-testid=apply]', { timeout: APP_START_TIMEOUT_MS });
  return frame;
}

async function consoleText(frame) {
  return frame.$$eval('[data-testid=console-line]', (els) => els.map((e) => e.textContent).join('\n'));
}

async function openExample(page, baseUrl) {
  await page.addInitScript(recordMessages);
  await page.goto(`${baseUrl}embed-example.html`);
  const frames = await Promise.all(
    ['figure-ordered', 'figure-dns', 'figure-traffic'].map(async (id) => {
      const handle = await waitForSelector(page, `[data-testid=${id}]`);
      const frame = await waitUntil(() => handle.contentFrame(), { message: `${id} has a frame` });
      await waitForSelector(frame, '[data-testid=embed-root]', { timeout: APP_START_TIMEOUT_MS });
      return frame;
    }),
  );
  return frames;
}

const pods = (state) => state.pods.map((p) => `${p.name}:${p.ready ? 'ready' : p.status}`).join(' ');

export default [
  async function the_example_page_drives_a_figure_through_the_api({ page, baseUrl }) {
    const [ordered] = await openExample(page, baseUrl);
    assert(ordered.url().includes('origin=http%3A%2F%2F127.0.0.1'), `the figure allows this page only: ${ordered.url()}`);
    await waitUntil(async () => (await told(page, 'figure-ordered', 'ready')).length === 1, { message: 'ready' });
    const [ready] = await told(page, 'figure-ordered', 'ready');
    assertEqual(ready.version, '0.1.0', 'ready carries the version');
    // The page says hello on ready; the state follows.
    await waitUntil(async () => (await told(page, 'figure-ordered', 'state')).length > 0, { message: 'a first state' });
    const resizes = await told(page, 'figure-ordered', 'resize');
    assert(resizes.length >= 1 && resizes[0].height > 0, `resize: ${JSON.stringify(resizes)}`);

    await page.click('[data-send=apply]');
    await waitUntil(async () => (await told(page, 'figure-ordered', 'state')).some((s) => s.pods.length > 0), {
      timeout: 30000,
      message: 'a state with a pod after Apply',
    });
    // Paused, Step moves to the next visible change; then Play runs on.
    await page.click('[data-send=pause]');
    await waitUntil(async () => (await told(page, 'figure-ordered', 'state')).at(-1).playing === false, {
      message: 'paused',
    });
    const paused = (await told(page, 'figure-ordered', 'state')).at(-1);
    await page.click('[data-send=step]');
    await waitUntil(async () => (await told(page, 'figure-ordered', 'state')).at(-1).time > paused.time, {
      message: 'a later state after Step',
    });
    assertEqual((await told(page, 'figure-ordered', 'state')).at(-1).playing, false, 'still paused after Step');
    await page.click('[data-send=play]');
    await waitUntil(
      async () => (await told(page, 'figure-ordered', 'state')).some((s) => pods(s) === 'web-0:ready web-1:ready'),
      { timeout: 60000, message: 'a state with web-0 and web-1 Ready' },
    );
    const states = await told(page, 'figure-ordered', 'state');
    const firstWeb1 = states.findIndex((s) => s.pods.some((p) => p.name === 'web-1'));
    assert(firstWeb1 > 0, 'web-1 came later');
    assert(
      states.slice(0, firstWeb1).some((s) => pods(s).startsWith('web-0:') && s.pods.length === 1),
      `web-0 alone first: ${states.slice(0, firstWeb1).map(pods).join(' | ')}`,
    );
    assertEqual(pods(states[firstWeb1]).split(' ')[0], 'web-0:ready', 'web-0 Ready when web-1 appears');
    const times = states.map((s) => s.time);
    assert(times.every((t, i) => i === 0 || t >= times[i - 1]), `times grow: ${times.join(',')}`);
    const apply = (await told(page, 'figure-ordered', 'output')).find((o) => o.line === 'kubectl apply -f editor.yaml');
    assertEqual(JSON.stringify(apply?.lines), '["statefulset.apps/web created"]', 'the Apply output');

    await page.click('[data-send=run]');
    await waitUntil(
      async () => (await told(page, 'figure-ordered', 'output')).some((o) => o.line === 'kubectl get pods'),
      { message: 'output of kubectl get pods' },
    );
    const out = (await told(page, 'figure-ordered', 'output')).filter((o) => o.line === 'kubectl get pods');
    assertEqual(out.length, 1, 'told once');
    assertEqual(out[0].lines[0], HEADER, 'kubectl header line');
    assertEqual(out[0].lines.length, 3, 'header and two pods');
    assert(out[0].lines[1].startsWith('web-0   1/1     Running') && out[0].lines[2].startsWith('web-1   1/1     Running'), out[0].lines.join('\n'));
    assertEqual(out[0].terminal, 1, 'terminal id');
    // The page shows what it was told.
    const shown = await page.textContent('[data-testid=output]');
    assertEqual(shown, ['$ kubectl get pods', ...out[0].lines].join('\n'), 'the page shows the output');
    assert((await page.textContent('[data-testid=state]')).includes('web-1 Running (ready)'), 'the page shows the state');
    // The iframe is sized from the last resize.
    const height = (await told(page, 'figure-ordered', 'resize')).at(-1).height;
    const style = await page.$eval('#driven', (f) => f.style.height);
    assertEqual(style, `${Math.min(Math.max(height, 320), 900)}px`, 'iframe height from resize');
  },

  async function only_the_parent_from_an_allowed_origin_is_heard({ page, baseUrl, allowConsoleError }) {
    // A figure that allows another site only: its `ready` goes to that origin, which is not
    // this page's, and the browser says so.
    allowConsoleError(/target origin provided \('https:\/\/docs\.example\.test'\) does not match/);
    const [, dns, traffic] = await openExample(page, baseUrl);
    await page.evaluate(() => {
      const f = document.createElement('iframe');
      f.src = 'index.html?origin=https%3A%2F%2Fdocs.example.test';
      f.id = 'foreign';
      document.body.append(f);
    });
    const foreign = await appFrame(page, 'docs.example.test');

    // From the parent, at an origin the figure does not allow: nothing happens, nothing said.
    await page.evaluate(() => {
      const w = document.getElementById('foreign').contentWindow;
      w.postMessage({ podplay: 1, type: 'run', line: 'echo from-the-wrong-origin' }, '*');
      w.postMessage({ podplay: 1, type: 'fly' }, '*');
    });
    // From a sibling frame (same origin, not the parent): nothing either.
    await traffic.evaluate(() => {
      const dnsWindow = window.parent.document.querySelector('[data-testid=figure-dns]').contentWindow;
      dnsWindow.postMessage({ podplay: 1, type: 'run', line: 'echo from-a-sibling' }, '*');
      dnsWindow.postMessage('not json', '*');
    });
    // From the parent to the figure that allows any origin: heard and answered.
    await page.evaluate(() => {
      const w = document.querySelector('[data-testid=figure-dns]').contentWindow;
      w.postMessage({ podplay: 1, type: 'run', line: 'echo from-the-parent' }, '*');
      w.postMessage({ podplay: 2, type: 'play' }, '*');
      w.postMessage({ podplay: 1, type: 'fly' }, '*');
      w.postMessage('not json', '*');
      w.postMessage({ podplay: 1, type: 'seek', ms: 'soon' }, '*');
    });
    await waitUntil(
      async () => (await told(page, 'figure-dns', 'output')).some((o) => o.line === 'echo from-the-parent'),
      { timeout: 30000, message: "the parent's run answered" },
    );
    const out = (await told(page, 'figure-dns', 'output')).find((o) => o.line === 'echo from-the-parent');
    assertEqual(JSON.stringify(out.lines), '["from-the-parent"]', 'echo printed its words');
    const errors = (await told(page, 'figure-dns', 'error')).map((e) => `${e.message}|${e.request ?? ''}`);
    assertEqual(
      JSON.stringify(errors),
      JSON.stringify([
        "podplay must be 1 (the protocol's version)|play",
        'unknown type "fly"|',
        'message is not JSON|',
        'ms must be a non-negative integer|seek',
      ]),
      'one error per bad message from the parent, none for the sibling',
    );
    await waitUntil(async () => (await consoleText(dns)).includes('from-the-parent'), { message: 'the console ran it' });
    assert(!(await consoleText(dns)).includes('from-a-sibling'), 'the sibling was not heard');
    assert(!(await consoleText(foreign)).includes('from-the-wrong-origin'), 'the wrong origin was not heard');
    const fromForeign = await page.evaluate(() => window.__told.filter((m) => m.from === 'foreign').length);
    assertEqual(fromForeign, 0, 'nothing reached this page from the figure that allows another origin');
  },

  async function the_example_page_in_light_and_dark({ page, baseUrl, screenshot }) {
    await openExample(page, baseUrl);
    await waitUntil(async () => (await page.textContent('[data-testid=state]')) !== 'waiting for podplay…', {
      message: 'the first state shown',
    });
    for (const [w, h] of [
      [1440, 900],
      [390, 844],
    ]) {
      await page.setViewportSize({ width: w, height: h });
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.waitForTimeout(400);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert(overflow <= 0, `no sideways scroll at ${w}: ${overflow}px`);
        await screenshot(`example-${w}x${h}-${scheme}`);
      }
    }
  },
];
