// End-to-end tests of the visual playground: the seed manifests applied with the Apply button
// and watched in the scene (ordering, DNS, storage surviving a deletion, Deployment names,
// traffic spreading over the ClusterIP), the explanations with their editor lines, the
// timeline, the side-by-side comparison, and the keyboard. Each test saves screenshots.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { assert, assertEqual, setTextareaValue, sleep, waitForSelector, waitUntil } from './harness.mjs';

/** A real example manifest from the shared folder beside the repository (never shipped). */
function example(name) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return readFileSync(path.join(here, '..', '..', '..', 'shared', 'examples', name), 'utf8');
}

const APP_START_TIMEOUT_MS = 30000;
const pod = (name) => `[data-testid="pod-${name}"]`;

async function open(page, baseUrl, speed = 10) {
  await page.goto(`${baseUrl}?speed=${speed}`);
  await waitForSelector(page, '[data-testid=apply]', { timeout: APP_START_TIMEOUT_MS });
}

/** Records, on every animation frame, what the scene shows of web-0 and web-1. */
async function recordOrdering(page) {
  await page.evaluate(() => {
    window.__frames = [];
    const look = () => {
      const w0 = document.querySelector('[data-testid="pod-web-0"]');
      const w1 = document.querySelector('[data-testid="pod-web-1"]');
      window.__frames.push({ web0: w0?.dataset.state ?? null, web1: w1?.dataset.state ?? null });
      if (window.__frames.length < 20000) requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
}

async function state(page, name) {
  return page.evaluate((sel) => document.querySelector(sel)?.dataset.state ?? null, pod(name));
}

async function applySeed(page, click = false) {
  if (click) await page.click('[data-testid=apply]');
  await waitUntil(async () => (await state(page, 'web-1')) === 'ready', {
    timeout: 30000,
    message: 'web-1 Ready in the scene',
  });
  await waitUntil(
    async () =>
      (await page.$$eval('[data-testid^="pod-my-nginx-deployment-"]', (els) =>
        els.filter((e) => e.dataset.state === 'ready').length)) === 2,
    { timeout: 30000, message: 'both Deployment pods Ready' },
  );
}

async function setRange(page, selector, value) {
  await page.evaluate(
    ({ selector, value }) => {
      const el = document.querySelector(selector);
      el.value = String(value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    },
    { selector, value },
  );
}

/**
 * Every visible text on the page measured against what lies under it, by the WCAG 2 formula:
 * HTML text against the nearest painted background (blending translucent ones), SVG text
 * against the shape drawn just before it. Returns the number checked and the ones below AA
 * (4.5:1, or 3:1 for large text).
 */
async function contrastReport(page) {
  return page.evaluate(() => {
    const parse = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
    };
    const over = (c, under) => ({
      r: c.r * c.a + under.r * (1 - c.a),
      g: c.g * c.a + under.g * (1 - c.a),
      b: c.b * c.a + under.b * (1 - c.a),
    });
    const lum = ({ r, g, b }) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a, b) => {
      const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
      return (hi + 0.05) / (lo + 0.05);
    };
    const backdrop = (el) => {
      const layers = [];
      for (let e = el; e; e = e.parentElement) {
        const c = parse(getComputedStyle(e).backgroundColor);
        if (c && c.a > 0) {
          layers.push(c);
          if (c.a >= 1) break;
        }
      }
      return layers.reverse().reduce((under, c) => over(c, under), { r: 255, g: 255, b: 255 });
    };
    const need = (cs) => {
      const size = parseFloat(cs.fontSize);
      return size >= 24 || (Number(cs.fontWeight) >= 700 && size >= 18.66) ? 3 : 4.5;
    };
    const low = [];
    let checked = 0;
    const seen = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!n.textContent.trim() || !el || seen.has(el) || el.closest('svg, .visually-hidden')) continue;
      seen.add(el);
      const cs = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      if (cs.visibility === 'hidden' || box.width === 0 || box.height === 0) continue;
      const fg = parse(cs.color);
      if (!fg) continue;
      const bg = backdrop(el);
      const r = ratio(over(fg, bg), bg);
      checked += 1;
      if (r < need(cs)) low.push(`${r.toFixed(2)}: "${n.textContent.trim().slice(0, 30)}" (${cs.color})`);
    }
    for (const t of document.querySelectorAll('svg text')) {
      const cs = getComputedStyle(t);
      const fg = parse(cs.fill);
      if (!fg || t.getBoundingClientRect().width === 0) continue;
      let shape = null;
      for (let e = t.previousElementSibling; e && !shape; e = e.previousElementSibling) {
        if (e.tagName === 'rect' || e.tagName === 'path') shape = e;
      }
      const fill = shape ? parse(getComputedStyle(shape).fill) : null;
      const wrap = backdrop(t.closest('svg').parentElement);
      const bg = fill && fill.a > 0 ? over(fill, wrap) : wrap;
      const r = ratio(over(fg, bg), bg);
      checked += 1;
      if (r < need(cs)) low.push(`${r.toFixed(2)}: svg "${t.textContent.slice(0, 30)}" (${cs.fill})`);
    }
    return { checked, svg: document.querySelectorAll('svg text').length, low };
  });
}

export default [
  async function zookeeper_applies_whole_and_a_pod_waits_with_the_schedulers_reason({ page, baseUrl, screenshot }) {
    // The ZooKeeper tutorial's file on minikube's one node: the PodDisruptionBudget is kept
    // and shown, zk-0 and zk-1 run, and zk-2 waits: each replica requests 500m CPU and the
    // node keeps 1250m after its system pods. (The file's anti-affinity selects `app: zk`,
    // a label its pods do not carry, so it never applies.)
    await open(page, baseUrl, 20);
    await setTextareaValue(page, '[data-testid=editor]', example('zookeeper.yaml'));
    await page.click('[data-testid=apply]');
    await waitForSelector(page, '[data-testid="chip-PodDisruptionBudget-zk-pdb"]', { timeout: 10000 });
    await waitUntil(async () => (await state(page, 'zk-1')) === 'ready', {
      timeout: 60000,
      message: 'zk-1 Ready in the scene',
    });
    await waitForSelector(page, pod('zk-2'), { timeout: 10000 });
    await sleep(500);
    assertEqual(await state(page, 'zk-0'), 'ready', 'zk-0 Running and Ready');
    assertEqual(await state(page, 'zk-2'), 'pending', 'zk-2 waits for a node');
    await page.click(pod('zk-2'));
    const rules = await page.textContent('[data-testid=why-rules]');
    assert(
      rules.includes('The scheduler says: 0/1 nodes are available: 1 Insufficient cpu.'),
      `the scheduler's reason is explained: ${rules}`,
    );
    await screenshot('zookeeper');
  },
  async function the_seed_walkthrough_animates_in_the_scene({ page, baseUrl, screenshot }) {
    await open(page, baseUrl);
    await waitForSelector(page, '[data-testid=scene-empty]');
    await recordOrdering(page);
    await page.click('[data-testid=apply]');

    // Paused and stepped one event at a time: web-0 turns Ready while web-1 does not exist
    // yet, and the StatefulSet's box says why web-1 waits.
    await page.click('[data-testid=play]');
    let waitNote = null;
    await waitUntil(
      async () => {
        if ((await state(page, 'web-0')) === 'ready' && (await state(page, 'web-1')) === null) return true;
        const note = await page.$('[data-testid=wait-note]');
        if (note) waitNote = await note.textContent();
        await page.click('[data-testid=step]');
        return false;
      },
      { timeout: 60000, interval: 0, message: 'web-0 Ready with no web-1 yet, stepping' },
    );
    await screenshot('ordering');
    assert(waitNote && waitNote.includes('web-1 waits: web-0 is not Running and Ready yet'), `the wait note: ${waitNote}`);
    await page.click('[data-testid=play]');
    await applySeed(page);
    const frames = await page.evaluate(() => window.__frames);
    const firstWeb1 = frames.findIndex((f) => f.web1 !== null);
    assert(firstWeb1 > 0, 'web-1 appeared after the first frame');
    assert(
      frames.slice(0, firstWeb1).some((f) => f.web0 === 'ready'),
      'web-0 was seen Ready before web-1 existed',
    );
    assert(
      frames.slice(0, firstWeb1).every((f) => f.web1 === null),
      'no web-1 before its first frame',
    );
    const states = new Set(frames.slice(0, firstWeb1).map((f) => f.web0));
    assert(states.has('pending') || states.has('creating'), `web-0 passed through Pending/ContainerCreating: ${[...states]}`);

    // Services: headless without an IP, the ClusterIP with a 10.x virtual IP.
    assertEqual(
      await page.getAttribute('[data-testid="svc-nginx"]', 'data-cluster-ip'),
      'None',
      'the headless Service IP',
    );
    const vip = await page.getAttribute('[data-testid="svc-my-nginx-svc"]', 'data-cluster-ip');
    assert(/^10\.\d+\.\d+\.\d+$/.test(vip), `a virtual IP: ${vip}`);

    // The Deployment's pods: ReplicaSet hash + 5 characters.
    const names = await page.$$eval('[data-testid^="pod-my-nginx-deployment-"]', (els) =>
      els.map((e) => e.dataset.testid.slice(4)),
    );
    assertEqual(names.length, 2, 'Deployment pods');
    for (const n of names) {
      assert(/^my-nginx-deployment-[a-z0-9]{8,10}-[a-z0-9]{5}$/.test(n), `hash name: ${n}`);
    }

    // DNS: web-0.nginx answers web-0's IP.
    const web0Ip = await page.getAttribute(pod('web-0'), 'data-ip');
    await page.click('[data-testid=tab-dns]');
    await page.fill('[data-testid=dns-query]', 'web-0.nginx');
    await waitForSelector(page, '[data-testid=dns-row].hit');
    const hit = await page.$eval('[data-testid=dns-row].hit', (e) => ({ ...e.dataset }));
    assertEqual(hit.name, 'web-0.nginx.default.svc.cluster.local', 'the answering record');
    assertEqual(hit.type, 'A', 'its type');
    assertEqual(hit.answer, web0Ip, "web-0's IP");
    const answer = await page.textContent('[data-testid=dns-answer]');
    assert(answer.includes(web0Ip), `the answer line: ${answer}`);
    assert(
      (await page.getAttribute(pod('web-0'), 'class')).includes('answer'),
      'web-0 marked as the answer in the scene',
    );
    await page.$eval('[data-testid=dns-panel]', (e) => e.scrollIntoView());
    await screenshot('dns');

    // Storage: www-web-0 bound and mounted; deleting web-0 leaves it bound and waiting, and
    // the new web-0 mounts it again.
    assertEqual(await page.getAttribute('[data-testid="pvc-www-web-0"]', 'data-phase'), 'Bound', 'claim phase');
    assertEqual(await page.getAttribute('[data-testid="pvc-www-web-0"]', 'data-pod'), 'web-0', 'mounted by');
    const volume = await page.getAttribute('[data-testid="pvc-www-web-0"]', 'data-volume');
    await page.fill('[data-testid=dns-query]', '');
    // The glyph is a keyboard button: focus and Enter open its explanation.
    await page.focus(pod('web-0'));
    await page.keyboard.press('Enter');
    await waitForSelector(page, '[data-testid=why-delete]');
    await page.evaluate(() => {
      window.__claim = [];
      const look = () => {
        const c = document.querySelector('[data-testid="pvc-www-web-0"]');
        window.__claim.push({ pod: c?.dataset.pod ?? null, phase: c?.dataset.phase ?? null });
        if (window.__claim.length < 20000) requestAnimationFrame(look);
      };
      requestAnimationFrame(look);
    });
    // Paused, the deletion is stepped through until web-0 is gone and its claim waits. The
    // Delete button sets time running (it runs `kubectl delete pod web-0` at once); pausing in
    // the same task lets no time pass before the first step, however slow the machine.
    await page.click('[data-testid=play]');
    await page.evaluate(() => {
      document.querySelector('[data-testid=why-delete]').click();
      document.querySelector('[data-testid=play]').click();
    });
    assertEqual(await page.getAttribute('[data-testid=play]', 'aria-pressed'), 'false', 'paused after the deletion');
    await waitUntil(
      async () => {
        if ((await state(page, 'web-0')) === null) return true;
        await page.click('[data-testid=step]');
        return false;
      },
      { timeout: 60000, interval: 0, message: 'web-0 gone from the scene, stepping' },
    );
    assertEqual(await page.getAttribute('[data-testid="pvc-www-web-0"]', 'data-pod'), '', 'the claim waits for its pod');
    await screenshot('pvc-waiting');
    await page.click('[data-testid=play]');
    await waitUntil(async () => (await state(page, 'web-0')) === 'ready', {
      timeout: 30000,
      message: 'web-0 back and Ready',
    });
    const claim = await page.evaluate(() => window.__claim);
    assert(
      claim.some((c) => c.pod === '' && c.phase === 'Bound'),
      'the claim was seen Bound with no pod while web-0 was gone',
    );
    assert(claim.every((c) => c.phase === 'Bound'), 'the claim stayed Bound throughout');
    assertEqual(await page.getAttribute('[data-testid="pvc-www-web-0"]', 'data-pod'), 'web-0', 'remounted by');
    assertEqual(await page.getAttribute('[data-testid="pvc-www-web-0"]', 'data-volume'), volume, 'same volume');
    await screenshot('pvc-survives');

    // Traffic to the ClusterIP reaches both Deployment pods.
    await page.click('[data-testid=tab-traffic]');
    await waitForSelector(page, '[data-testid=traffic-target]');
    assertEqual(await page.$eval('[data-testid=traffic-target]', (e) => e.value), 'my-nginx-svc', 'default target');
    await page.click('[data-testid=traffic-toggle]');
    await waitUntil(
      async () => page.$$eval('[data-testid=packet]', (els) => els.length > 0),
      { message: 'packets in flight' },
    );
    await page.$eval('[data-testid=traffic-panel]', (e) => e.scrollIntoView({ block: 'end' }));
    await screenshot('traffic');
    await waitUntil(
      async () => {
        const bars = await page.$$eval('[data-testid=histogram-bar]', (els) =>
          els.map((e) => [e.dataset.pod, Number(e.dataset.hits)]),
        );
        return bars.length === 2 && bars.every(([p, n]) => p.startsWith('my-nginx-deployment-') && n > 0);
      },
      { timeout: 20000, message: 'both Deployment pods answering' },
    );
    await page.click('[data-testid=traffic-toggle]');
  },

  async function explanations_point_at_the_yaml_lines({ page, baseUrl, screenshot }) {
    await open(page, baseUrl, 20);
    await applySeed(page, true);
    await page.focus('[data-testid="pvc-www-web-0"]');
    await page.keyboard.press('Enter');
    await waitForSelector(page, '[data-testid=why-title]');
    assertEqual(await page.textContent('[data-testid=why-title]'), 'PersistentVolumeClaim www-web-0', 'title');
    const rules = await page.textContent('[data-testid=why-rules]');
    assert(
      rules.includes('www-web-0 = claim template www + "-" + StatefulSet web + "-" + ordinal 0.'),
      `the naming rule: ${rules}`,
    );
    const lines = await page.$$eval('[data-testid=why-field]', (els) => els.map((e) => Number(e.dataset.line)));
    assert(lines.length >= 2, `field lines: ${lines}`);
    const editor = await page.$eval('[data-testid=editor]', (e) => e.value.split('\n'));
    // The template's name line of the seed StatefulSet.
    assert(lines.some((l) => editor[l - 1].includes('name: www')), `a line names the template: ${lines}`);
    const marked = await page.$$eval('.gutter-why', (els) => els.map((e) => Number(e.textContent)));
    for (const l of lines) assert(marked.includes(l), `line ${l} marked in the gutter (${marked})`);
    await screenshot('why-claim');

    // A pod's files: index.html as nginx serves it.
    await page.focus(pod('web-1'));
    await page.keyboard.press('Enter');
    await waitForSelector(page, '[data-testid=why-file]');
    assertEqual(await page.textContent('[data-testid=why-title]'), 'Pod web-1', 'pod title');
    const pods = await page.textContent('[data-testid=why-rules]');
    assert(pods.includes('web-1 = StatefulSet web + "-" + ordinal 1'), pods);
  },

  async function the_timeline_goes_back_and_an_action_discards_the_future({ page, baseUrl, screenshot }) {
    await open(page, baseUrl, 20);
    await applySeed(page, true);
    await page.click('[data-testid=play]'); // pause
    const max = Number(await page.getAttribute('[data-testid=timeline]', 'max'));
    assert(max > 5000, `the timeline spans the run: ${max}`);
    // Clicking the event "web-0 created" goes back to that moment and selects web-0.
    const created = '[data-testid=event][data-object="Pod/web-0"][data-change="created"]';
    await waitForSelector(page, created);
    const at = Number(await page.getAttribute(created, 'data-time'));
    await page.click(created);
    await waitForSelector(page, '[data-testid=live]');
    const clock = await page.textContent('[data-testid=clock]');
    assert(/\d+:\d\d \/ \d+:\d\d/.test(clock), `the clock shows past / present: ${clock}`);
    const value = Number(await page.$eval('[data-testid=timeline]', (e) => e.value));
    assert(Math.abs(value - at) <= 100, `the timeline at the event: ${value} vs ${at}`);
    assert((await state(page, 'web-0')) !== 'ready', 'web-0 not Ready yet at its creation');
    assertEqual(await state(page, 'web-1'), null, 'no web-1 yet');
    assertEqual(await page.textContent('[data-testid=why-title]'), 'Pod web-0', 'the event selected web-0');
    await screenshot('past');
    // Back to now, then back to that moment again and an action taken there.
    await page.click('[data-testid=live]');
    await waitUntil(async () => (await state(page, 'web-1')) === 'ready', { message: 'the present again' });
    await page.click(created);
    await waitForSelector(page, '[data-testid=live]');
    await page.fill('[data-testid=console-input]', 'kubectl get pods');
    await page.press('[data-testid=console-input]', 'Enter');
    await waitUntil(
      async () =>
        page.$$eval('[data-testid=console-line]', (els) => els.some((e) => e.textContent.includes('Went back to'))),
      { message: 'the branch note in the console' },
    );
    assert(
      (await page.textContent('[data-testid=undo-note]')).includes('put aside'),
      'the timeline says a future is put aside',
    );
    const lines = await page.$$eval('[data-testid=console-line]', (els) => els.map((e) => e.textContent));
    assert(lines.some((l) => /^web-0\s+0\/1\s+Pending/.test(l)), `kubectl sees the past: ${lines.slice(-4)}`);
    await waitUntil(async () => Number(await page.getAttribute('[data-testid=timeline]', 'max')) < max, {
      message: 'the old future discarded from the timeline',
    });
    assertEqual(await page.$('[data-testid=live]'), null, 'back in the present');
    await screenshot('branched');
    // Undo brings the old future back: web-1 Ready again at once, the branch's line marked.
    await page.click('[data-testid=undo]');
    await waitUntil(async () => (await state(page, 'web-1')) === 'ready', { message: 'the old present again' });
    assert(Number(await page.getAttribute('[data-testid=timeline]', 'max')) >= max, 'the old timeline back');
    const marked = await page.$$eval('[data-testid=console-line][data-discarded=true]', (els) =>
      els.map((e) => e.textContent),
    );
    assert(marked.some((l) => l.includes('kubectl get pods')), `the branch's command marked: ${marked}`);
    await page.click('[data-testid=play]');
    await waitUntil(async () => (await state(page, 'web-1')) === 'ready', { timeout: 30000, message: 'still running' });
  },

  async function scrubbing_back_and_playing_replays_the_recorded_future({ page, baseUrl, screenshot }) {
    await open(page, baseUrl, 20);
    await applySeed(page, true);
    const input = '[data-testid=console-input]';
    const run = async (line) => {
      await page.fill(input, line);
      await page.press(input, 'Enter');
      await waitForSelector(page, input);
    };
    await run(`kubectl exec web-0 -- sh -c 'echo "$(hostname)" > /usr/share/nginx/html/index.html'`);
    await run('kubectl delete pod web-0');
    await waitUntil(async () => (await state(page, 'web-0')) === 'ready', { timeout: 30000, message: 'web-0 back' });
    const max = Number(await page.getAttribute('[data-testid=timeline]', 'max'));
    // Back to a moment before anything was applied, then Play: the same future again.
    await setRange(page, '[data-testid=timeline]', 1000);
    await waitForSelector(page, '[data-testid=live]');
    assertEqual(await state(page, 'web-0'), null, 'no web-0 back then');
    await screenshot('replaying');
    await page.click('[data-testid=play]');
    await waitUntil(async () => (await state(page, 'web-1')) === 'ready', { timeout: 30000, message: 'replayed' });
    await waitUntil(async () => (await page.$('[data-testid=live]')) === null, {
      timeout: 30000,
      message: 'the replay reaches the present',
    });
    assert(Number(await page.getAttribute('[data-testid=timeline]', 'max')) >= max, 'nothing was discarded');
    assertEqual(await page.$('[data-testid=undo-note]'), null, 'no future put aside');
    await run('kubectl exec web-0 -- cat /usr/share/nginx/html/index.html');
    await waitUntil(
      async () => {
        const lines = await page.$$eval('[data-testid=console-line]', (els) => els.map((e) => e.textContent));
        return lines.at(-1) === 'web-0';
      },
      { message: "web-0's file is still there" },
    );
    const discarded = await page.$$('[data-testid=console-line][data-discarded=true]');
    assertEqual(discarded.length, 0, 'no console line marked as put aside');
  },

  async function side_by_side_calls_out_the_differences({ page, baseUrl, screenshot }) {
    await open(page, baseUrl, 20);
    await page.click('[data-testid=mode-compare]');
    await waitForSelector(page, '[data-testid=diff-table]');
    const row = async (topic) =>
      page.$eval(`[data-testid=diff-row][data-topic="${topic}"]`, (r) => [
        r.querySelector('[data-testid=diff-left]').textContent,
        r.querySelector('[data-testid=diff-right]').textContent,
      ]);
    await waitUntil(async () => (await row('vm.cmp.names'))[0] === 'web-0, web-1', {
      timeout: 30000,
      message: 'both StatefulSet pods',
    });
    await waitUntil(async () => (await row('vm.cmp.storage'))[0].includes('www-web-1 (Bound)'), {
      timeout: 30000,
      message: 'both claims bound',
    });
    const [, right] = await row('vm.cmp.names');
    const hashName = /^my-nginx-deployment-[a-z0-9]{8,10}-[a-z0-9]{5}$/;
    const before = right.split(', ');
    assert(before.length === 2 && before.every((n) => hashName.test(n)), `hash names: ${right}`);
    const [lorder] = await row('vm.cmp.order');
    assert(/^web-0 \+0\.0s → web-1 \+\d+\.\ds$/.test(lorder) && !lorder.includes('web-1 +0.0s'), lorder);
    const [, rdns] = await row('vm.cmp.dns');
    assert(/→ 10\.\d+\.\d+\.\d+$/.test(rdns) && !rdns.includes('10.244.'), `one VIP: ${rdns}`);
    // Write a file in pod #0 of both, delete pod #0 of both.
    await page.fill('[data-testid=cmp-text]', 'hello podplay');
    await page.click('[data-testid=cmp-write]');
    await page.click('[data-testid=cmp-delete]');
    await waitUntil(
      async () => {
        const r = await page.$(`[data-testid=diff-row][data-topic="vm.cmp.survived"]`);
        if (!r) return false;
        const [l] = await row('vm.cmp.survived');
        return l.includes('came back as web-0 with its index.html: hello podplay');
      },
      { timeout: 30000, message: 'web-0 back with its file' },
    );
    // The Deployment's replacement is a pod created after the deletion, not the one kept, and
    // its file shows as one line of text.
    await waitUntil(async () => (await row('vm.cmp.survived'))[1].includes('took its place'), {
      timeout: 30000,
      message: 'a new Deployment pod',
    });
    const [, rs] = await row('vm.cmp.survived');
    const m = /^(\S+) is gone; (\S+) took its place and the file is lost \(index\.html now: <!DOCTYPE html>\)$/.exec(rs);
    assert(m && m[1] === before[0] && hashName.test(m[2]) && !before.includes(m[2]), `the Deployment's replacement: ${rs}`);
    const uid = await page.getAttribute('[data-testid=diff-row][data-topic="vm.cmp.survived"] [data-testid=diff-right]', 'data-uid');
    assert(uid && uid.length > 8, `the replacement's uid: ${uid}`);
    await page.click('[data-testid=cmp-traffic]');
    await waitUntil(async () => (await row('vm.cmp.traffic'))[1].includes(': '), { message: 'traffic counted' });
    await screenshot('compare');
  },

  async function keyboard_theme_and_korean({ page, baseUrl, screenshot }) {
    await open(page, baseUrl, 20);
    await page.keyboard.press('Control+Enter');
    await waitUntil(async () => (await state(page, 'web-0')) !== null, { timeout: 30000, message: 'Ctrl+Enter applied' });
    await page.click('[data-testid=app-title]');
    await page.keyboard.press('?');
    await waitForSelector(page, '[data-testid=shortcuts]');
    await screenshot('shortcuts');
    await page.keyboard.press('Escape');
    await waitUntil(async () => (await page.$('[data-testid=shortcuts]')) === null, { message: 'sheet closed' });
    // Space pauses; `.` steps one event.
    await page.click('[data-testid=app-title]');
    await page.keyboard.press(' ');
    await waitUntil(async () => (await page.getAttribute('[data-testid=play]', 'aria-pressed')) === 'false', {
      message: 'paused',
    });
    const before = await page.textContent('[data-testid=clock]');
    await sleep(400);
    assertEqual(await page.textContent('[data-testid=clock]'), before, 'time stands still while paused');
    // Pods get glyphs one can reach with Tab and open with Enter.
    await page.focus(pod('web-0'));
    await page.keyboard.press('Enter');
    await waitForSelector(page, '[data-testid=why-title]');
    // Dark theme on request, and the page in Korean.
    await page.click('[data-testid=theme]');
    await page.click('[data-testid=theme]');
    assertEqual(await page.getAttribute('html', 'data-theme'), 'dark', 'dark theme');
    await page.click('[data-testid=lang-ko]');
    await waitUntil(async () => (await page.textContent('[data-testid=apply]')) === '적용', { message: 'Korean labels' });
    await screenshot('dark-korean');
  },

  async function text_meets_wcag_aa_contrast_in_light_and_dark({ page, baseUrl }) {
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme });
      await open(page, baseUrl);
      await applySeed(page, true);
      const { checked, svg, low } = await contrastReport(page);
      assert(checked >= 60 && svg >= 20, `${scheme}: enough text measured (${checked}, ${svg} in the scene)`);
      assertEqual(low.length, 0, `${scheme}: text below WCAG AA contrast: ${low.join('; ')}`);
    }
  },

  async function a_big_scene_is_painted_on_a_canvas_with_buttons_for_pods_at_rest({ page, baseUrl, screenshot }) {
    await open(page, baseUrl);
    await applySeed(page, true);
    assert((await page.$('svg[data-testid=scene]')) !== null, 'a small scene is drawn in SVG');
    await page.fill('[data-testid=console-input]', 'kubectl scale deployment my-nginx-deployment --replicas=80');
    await page.press('[data-testid=console-input]', 'Enter');
    const deploymentPods = '[data-testid^="pod-my-nginx-deployment-"]';
    await waitUntil(
      async () =>
        (await page.$$eval(deploymentPods, (els) => els.filter((e) => e.dataset.state === 'ready').length)) === 80,
      { timeout: 60000, message: '80 Deployment pods Ready' },
    );
    // Past 64 pods the scene is a canvas with one button per object over it.
    assert((await page.$('svg[data-testid=scene]')) === null, 'no SVG scene any more');
    await waitForSelector(page, 'div.scene-canvas[data-testid=scene] > canvas');
    const names = await page.$$eval(deploymentPods, (els) => els.map((e) => e.dataset.testid.slice(4)));
    assertEqual(names.length, 80, 'a button per Deployment pod');
    for (const n of names) assert(/^my-nginx-deployment-[a-z0-9]{8,10}-[a-z0-9]{5}$/.test(n), `hash name: ${n}`);
    assertEqual(await state(page, 'web-0'), 'ready', 'the StatefulSet pods keep their buttons');
    assert((await page.$('[data-testid="pvc-www-web-0"]')) !== null, 'claims have buttons too');
    // The canvas shows each pod's state colour under its button: the last pod, scrolled into view.
    const last = pod(names[names.length - 1]);
    await page.$eval(last, (el) => el.scrollIntoView({ block: 'center' }));
    await sleep(300);
    const { pixel, want } = await page.$eval(last, (el) => {
      const canvas = el.closest('.scene-canvas').querySelector('canvas');
      // The canvas shows the rows in view; where the button is on screen is where its pod is.
      const c = canvas.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      const dpr = canvas.width / c.width;
      const x = Math.round((r.left + r.width / 2 - c.left) * dpr);
      const y = Math.round((r.top + r.height / 2 - c.top) * dpr);
      const pixel = Array.from(canvas.getContext('2d').getImageData(x, y, 1, 1).data.slice(0, 3));
      const hex = getComputedStyle(canvas).getPropertyValue('--pod-ready-bg').trim();
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
      return { pixel, want };
    });
    assert(
      pixel.every((v, i) => Math.abs(v - want[i]) <= 3),
      `the canvas paints a Ready pod in the Ready colour: ${pixel} vs ${want}`,
    );
    await screenshot('canvas');
    // A button opens the pod's explanation, by pointer and by keyboard.
    await page.click(last);
    await waitUntil(async () => (await page.textContent('[data-testid=why-title]'))?.includes(names[names.length - 1]), {
      message: 'the clicked pod explained',
    });
    await page.focus(pod(names[0]));
    await page.keyboard.press('Enter');
    await waitUntil(async () => (await page.textContent('[data-testid=why-title]'))?.includes(names[0]), {
      message: 'the pod opened with Enter explained',
    });
    const label = await page.getAttribute(pod(names[0]), 'aria-label');
    assert(/^Pod my-nginx-deployment-\S+, Running and Ready, READY 1\/1, IP 10\.244\.\d+\.\d+$/.test(label), `accessible name: ${label}`);
    // While the pods change, they have no buttons (a note says why) and a click on the canvas
    // finds the pod drawn under the pointer. Scaling up appends pods after the others, so the
    // first Deployment pod stays where it is.
    const first = await page.$eval(pod(names[0]), (el) => {
      el.scrollIntoView({ block: 'center' });
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    // Another pod is explained first, so the canvas click below is seen to change it.
    await page.click(last);
    await waitUntil(async () => (await page.textContent('[data-testid=why-title]'))?.includes(names[names.length - 1]), {
      message: 'the last pod explained again',
    });
    await page.fill('[data-testid=console-input]', 'kubectl scale deployment my-nginx-deployment --replicas=100');
    await page.press('[data-testid=console-input]', 'Enter');
    let target = null;
    await waitUntil(
      async () => {
        // In one step: the pods have no buttons now, and the click lands on the canvas itself.
        target = await page.evaluate(({ x, y }) => {
          const scene = document.querySelector('div.scene-canvas[data-testid=scene]');
          if (!scene || scene.dataset.podButtons !== 'false') return null;
          if (scene.querySelector('.hits-pods button') || !scene.querySelector('[data-testid=pods-busy]')) return null;
          const el = document.elementFromPoint(x, y);
          el.dispatchEvent(new MouseEvent('click', { clientX: x, clientY: y, bubbles: true }));
          return el.tagName;
        }, first);
        return target !== null;
      },
      { timeout: 30000, interval: 10, message: 'the pods without buttons while they change' },
    );
    assertEqual(target, 'CANVAS', 'the click went to the canvas');
    await waitUntil(async () => (await page.textContent('[data-testid=why-title]'))?.includes(names[0]), {
      message: 'the pod clicked on the canvas explained',
    });
    // At rest again, every pod has its button back.
    await waitUntil(
      async () => (await page.$$eval(deploymentPods, (els) => els.filter((e) => e.dataset.state === 'ready').length)) === 100,
      { timeout: 60000, message: '100 Deployment pods Ready, with buttons' },
    );
    // Scaled back down, the scene is drawn in SVG again.
    await page.fill('[data-testid=console-input]', 'kubectl scale deployment my-nginx-deployment --replicas=2');
    await page.press('[data-testid=console-input]', 'Enter');
    await waitForSelector(page, 'svg[data-testid=scene]', { timeout: 60000 });
  },
];
