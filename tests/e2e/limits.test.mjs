// End-to-end test of podplay's pod limit: a StatefulSet of 300,000 Parallel replicas pasted into
// the editor is flagged by validation, applied anyway, and leaves a page that still answers the
// console within seconds, with its WebAssembly memory under 256 MiB.

import { assert, assertEqual, setTextareaValue, waitForSelector, waitUntil } from './harness.mjs';

const APP_START_TIMEOUT_MS = 30000;
const INPUT = '[data-testid=console-input]';
const LINE = '[data-testid=console-line]';
const PANEL = '[data-testid=console-panel]';
const MIB = 1024 * 1024;

const MANIFEST = `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  clusterIP: None
  selector:
    app: nginx
  ports:
  - port: 80
    name: web
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: nginx
  replicas: 300000
  podManagementPolicy: Parallel
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: ["ReadWriteOnce"]
      resources:
        requests:
          storage: 1Gi
`;

const WARNING =
  'Warning: podplay does not simulate more than 1000 pods in its cluster: statefulset.apps/web asks for 300000 replicas, and its controller creates pods only up to that limit';

async function screenLines(page) {
  return page.$$eval(LINE, (els) => els.map((e) => e.textContent ?? ''));
}

/** Types `line` at the prompt and waits (at most `timeout` ms) until the prompt is back. */
async function run(page, line, timeout) {
  const before = (await screenLines(page)).length;
  await page.fill(INPUT, line);
  await page.press(INPUT, 'Enter');
  await waitUntil(
    async () =>
      page.evaluate(
        ({ PANEL, LINE, INPUT, before, line }) => {
          const lines = [...document.querySelectorAll(LINE)].map((e) => e.textContent ?? '');
          const echoed = lines.slice(before).some((l) => l.endsWith(line));
          return echoed && document.querySelector(PANEL)?.dataset.busy === 'false' && document.querySelector(INPUT);
        },
        { PANEL, LINE, INPUT, before, line },
      ),
    { timeout, message: `the prompt back after ${JSON.stringify(line)}` },
  );
  const lines = await screenLines(page);
  const at = lines.findIndex((l, i) => i >= before && l.endsWith(line));
  return lines.slice(at + 1);
}

/** The WebAssembly memory's size in bytes, when the loader handed the module out. */
async function wasmBytes(page) {
  return page.evaluate(() => window.__podplayMemory?.buffer?.byteLength ?? null);
}

export default [
  async function a_statefulset_of_300000_replicas_leaves_the_page_answering({ page, baseUrl }) {
    // Trunk's loader announces the started module with its exports (memory among them).
    await page.addInitScript(() => {
      addEventListener('TrunkApplicationStarted', (e) => {
        window.__podplayMemory = e.detail?.wasm?.memory ?? null;
      });
    });
    await page.goto(`${baseUrl}?speed=10`);
    await waitForSelector(page, '[data-testid=apply]', { timeout: APP_START_TIMEOUT_MS });
    await setTextareaValue(page, '[data-testid=editor]', MANIFEST);
    await waitUntil(
      async () => (await page.textContent('[data-testid=error-count]')) === '1',
      { message: 'one validation error for the replicas' },
    );
    const rows = await page.$$eval('[data-testid=diagnostic]', (els) => els.map((e) => e.textContent ?? ''));
    assert(
      rows.some((r) =>
        r.includes('300000 replicas: podplay does not simulate more than 1000 pods in its cluster; it creates pods only up to that limit'),
      ),
      `the limit error among the diagnostics: ${JSON.stringify(rows)}`,
    );

    // Applied anyway: the console prints the Warning line once.
    await page.click('[data-testid=apply]');
    await waitUntil(async () => (await screenLines(page)).includes('statefulset.apps/web created'), {
      message: 'the StatefulSet created',
    });
    const warnings = (await screenLines(page)).filter((l) => l === WARNING);
    assertEqual(warnings.length, 1, 'one Warning line');

    // Let the simulation fill the cluster (ten virtual seconds a wall second), then ask.
    await page.waitForTimeout(4000);
    const started = Date.now();
    const out = await run(page, 'kubectl get sts', 5000);
    const took = Date.now() - started;
    assert(took < 5000, `kubectl get sts answered in ${took} ms`);
    assertEqual(out[0], 'NAME   READY        AGE', 'the table header');
    assert(/^web {4}\d+\/300000 {3}/.test(out[1] ?? ''), `the StatefulSet row: ${out[1]}`);
    const pods = await run(page, 'kubectl get pods | wc -l', 5000);
    assert(Number(pods[0]) <= 1001, `at most 1000 pods listed: ${pods[0]}`);

    const bytes = await wasmBytes(page);
    console.log(
      `  # kubectl get sts answered in ${took} ms; ${pods[0] - 1} pods listed; WebAssembly memory ${
        bytes === null ? 'not reachable' : `${Math.round(bytes / MIB)} MiB`
      }`,
    );
    if (bytes !== null) {
      assert(bytes < 256 * MIB, `WebAssembly memory ${Math.round(bytes / MIB)} MiB`);
    }
  },
];
