import { serveDirectory, launchChromium, CONTEXT_OPTIONS, sleep } from './harness.mjs';
const server = await serveDirectory();
const browser = await launchChromium();
const lines = [
  'minikube start',
  'kubectl apply -f headless-service.yaml && kubectl apply -f statefulset.yaml',
  'kubectl get pods -w -l app=nginx &',
  'kubectl rollout status sts/web',
  `for i in 0 1; do kubectl exec "web-$i" -- sh -c 'echo "$(hostname)"'; done`,
  'kill %1',
  `kubectl get pod web-0 --template '{{range $i, $c := .spec.containers}}{{$c.image}}{{end}}'; echo`,
  'kubectl get pods -o jsonpath=\'{.items[*].metadata.name}\'; echo',
];
for (const [w, h] of [[1440, 900], [1024, 768], [390, 844]]) {
  const ctx = await browser.newContext({ ...CONTEXT_OPTIONS, viewport: { width: w, height: h } });
  const page = await ctx.newPage();
  await page.goto(`${server.baseUrl}?speed=50`);
  await page.waitForSelector('[data-testid=console-input]', { timeout: 30000 });
  for (const l of lines) {
    await page.fill('[data-testid=console-input]', l);
    await page.press('[data-testid=console-input]', 'Enter');
    for (let i = 0; i < 100; i++) {
      await sleep(100);
      const busy = await page.$eval('[data-testid=console-panel]', (e) => e.dataset.busy);
      if (busy === 'false') break;
    }
  }
  await sleep(500);
  await page.screenshot({ path: `/tmp/shot-${w}.png` });
  const el = await page.$('[data-testid=console-panel]');
  await el.screenshot({ path: `/tmp/shot-${w}-console.png` });
  await ctx.close();
}
await browser.close();
await server.close?.();
process.exit(0);
