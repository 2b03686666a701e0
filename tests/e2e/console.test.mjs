// End-to-end tests of the kubectl console: the seed tutorial's walkthrough typed into the page
// (loaded with ?speed=50 so virtual time runs fifty times faster than the wall clock), the Copy
// button, and the keyboard (Stop, Ctrl-C).
//
// The walkthrough checks every step and goes on after a failed one (later steps mostly still
// make sense), then fails listing every failed step, so one run shows every gap.

import { assert, assertEqual, sleep, waitForSelector, waitUntil } from './harness.mjs';

const PANEL = '[data-testid=console-panel]';
const INPUT = '[data-testid=console-input]';
const LINE = '[data-testid=console-line]';
const PROMPT = '[data-testid=console-prompt]';
const STOP = '[data-testid=console-stop]';
const COPY = '[data-testid=console-copy]';

// The first load compiles the wasm module; allow more time than later waits.
const APP_START_TIMEOUT_MS = 30000;
const SPEED = 50;

async function openConsole(page, baseUrl) {
  await page.goto(`${baseUrl}?speed=${SPEED}`);
  await waitForSelector(page, INPUT, { timeout: APP_START_TIMEOUT_MS });
}

async function screenLines(page) {
  return page.$$eval(LINE, (els) => els.map((e) => e.textContent ?? ''));
}

async function promptText(page) {
  return (await page.textContent(PROMPT).catch(() => null)) ?? '';
}

/**
 * Types `line` at the prompt, presses Enter and waits until the command is done (the prompt is
 * back). Returns the lines it printed (after its echo).
 */
async function run(page, line, { timeout = 20000 } = {}) {
  const before = (await screenLines(page)).length;
  const prompt = (await promptText(page)).replace(/Command$/, '');
  await page.fill(INPUT, line);
  await page.press(INPUT, 'Enter');
  const echo = `${prompt}${line}`;
  await waitUntil(
    async () =>
      page.evaluate(
        ({ PANEL, LINE, INPUT, before, echo }) => {
          const lines = [...document.querySelectorAll(LINE)].map((e) => e.textContent);
          const echoed = lines.slice(before).includes(echo);
          const panel = document.querySelector(PANEL);
          return echoed && panel?.dataset.busy === 'false' && document.querySelector(INPUT);
        },
        { PANEL, LINE, INPUT, before, echo },
      ),
    { timeout, message: `the prompt back after ${JSON.stringify(line)}` },
  );
  const lines = await screenLines(page);
  const at = lines.indexOf(echo, before);
  return lines.slice(at + 1);
}

function show(lines) {
  return JSON.stringify(lines.slice(0, 30));
}

function expectLine(lines, re, what) {
  assert(
    lines.some((l) => re.test(l)),
    `${what}: a line matching ${re}; got ${show(lines)}`,
  );
}

const DNS_ANSWER = /^Address \d+: (10\.244\.\d+\.\d+) (web-\d)\.nginx\.default\.svc\.cluster\.local$/;

export default {
  async 'the seed walkthrough runs in the console'({ page, baseUrl, screenshot }) {
    await openConsole(page, baseUrl);
    const failures = [];
    const step = async (name, fn) => {
      try {
        await fn();
        console.log(`  # step ok: ${name}`);
      } catch (err) {
        failures.push(`${name}: ${err.message}`);
        console.log(`  # step FAILED: ${name}: ${err.message.split('\n')[0].slice(0, 300)}`);
      }
    };
    /** Polls `kubectl get pod NAME` until it is 1/1 Running (virtual time passes meanwhile). */
    const waitRunning = async (name) => {
      let last = [];
      for (let i = 0; i < 30; i += 1) {
        last = await run(page, `kubectl get pod ${name}`);
        if (last.some((l) => new RegExp(`^${name}\\s+1/1\\s+Running\\s`).test(l))) return;
        await sleep(200);
      }
      throw new Error(`${name} never 1/1 Running; last output ${show(last)}`);
    };

    await step('minikube start', async () => {
      const out = await run(page, 'minikube start');
      expectLine(out, /Done! kubectl is now configured/, 'minikube start');
    });
    await step('kubectl apply -f headless-service.yaml', async () => {
      const out = await run(page, 'kubectl apply -f headless-service.yaml');
      assertEqual(out.join('\n'), 'service/nginx created', 'apply output');
    });
    await step('kubectl get svc nginx', async () => {
      const out = await run(page, 'kubectl get svc nginx');
      expectLine(out, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/, 'header');
      expectLine(out, /^nginx\s+ClusterIP\s+None\s+<none>\s+80\/TCP/, 'service row');
    });
    await step('kubectl apply -f statefulset.yaml', async () => {
      const out = await run(page, 'kubectl apply -f statefulset.yaml');
      assertEqual(out.join('\n'), 'statefulset.apps/web created', 'apply output');
    });
    await step('kubectl get pods -w', async () => {
      const out = await run(page, 'kubectl get pods -w', { timeout: 60000 });
      await screenshot('watch');
      const running0 = out.findIndex((l) => /^web-0\s+1\/1\s+Running\s/.test(l));
      const first1 = out.findIndex((l) => /^web-1\s/.test(l));
      assert(running0 >= 0, `a web-0 1/1 Running row; got ${show(out)}`);
      assert(first1 >= 0, `a web-1 row; got ${show(out)}`);
      assert(running0 < first1, `web-0 Running (row ${running0}) before web-1 (row ${first1})`);
    });
    await step('kubectl exec web-0 -- hostname', async () => {
      await waitRunning('web-1');
      const out = await run(page, 'kubectl exec web-0 -- hostname');
      assertEqual(out.join('\n'), 'web-0', 'hostname');
    });
    await step('kubectl run -it --rm dns-test', async () => {
      await run(page, 'kubectl run -it --rm --image=busybox:1.28 dns-test -- /bin/sh', {
        timeout: 30000,
      });
      const prompt = await promptText(page);
      assert(prompt.startsWith('/ # '), `the busybox prompt; got ${JSON.stringify(prompt)}`);
    });
    await step('nslookup nginx', async () => {
      const out = await run(page, 'nslookup nginx');
      const answers = out.map((l) => DNS_ANSWER.exec(l)).filter(Boolean);
      assertEqual(answers.map((m) => m[2]).sort().join(','), 'web-0,web-1', 'answered pods');
    });
    await step('nslookup web-0.nginx', async () => {
      const out = await run(page, 'nslookup web-0.nginx');
      const answers = out.map((l) => DNS_ANSWER.exec(l)).filter(Boolean);
      assertEqual(answers.map((m) => m[2]).join(','), 'web-0', 'answered pods');
    });
    await step('exit', async () => {
      const out = await run(page, 'exit', { timeout: 30000 });
      expectLine(out, /^pod "dns-test" deleted from default namespace$/, 'exit of run --rm');
      assertEqual((await promptText(page)).slice(0, 2), '$ ', 'the host prompt again');
    });
    await step('kubectl exec web-0 -- write index.html', async () => {
      const out = await run(
        page,
        `kubectl exec web-0 -- /bin/sh -c 'echo "Hello from web-0" > /usr/share/nginx/html/index.html'`,
      );
      assertEqual(out.join('\n'), '', 'output of the write');
    });
    await step('kubectl delete pod web-0', async () => {
      const out = await run(page, 'kubectl delete pod web-0', { timeout: 60000 });
      expectLine(out, /^pod "web-0" deleted from default namespace$/, 'delete');
    });
    await step('web-0 comes back', async () => {
      await waitRunning('web-0');
    });
    await step('kubectl exec web-0 -- cat index.html', async () => {
      const out = await run(
        page,
        `kubectl exec web-0 -- /bin/sh -c 'cat /usr/share/nginx/html/index.html'`,
      );
      assertEqual(out.join('\n'), 'Hello from web-0', 'the page kept on the volume');
    });
    await step('kubectl apply -f deployment-service.yaml', async () => {
      const out = await run(page, 'kubectl apply -f deployment-service.yaml');
      assertEqual(
        out.join('\n'),
        'service/my-nginx-svc created\ndeployment.apps/my-nginx-deployment created',
        'apply output',
      );
    });
    await step('kubectl get svc my-nginx-svc', async () => {
      const out = await run(page, 'kubectl get svc my-nginx-svc');
      expectLine(out, /^my-nginx-svc\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+80\/TCP\s/, 'row');
    });
    await step('kubectl get pods -l app=my-nginx', async () => {
      await sleep(500);
      const out = await run(page, 'kubectl get pods -l app=my-nginx');
      const pods = out.filter((l) => /^my-nginx-deployment-[a-z0-9]{8,10}-[a-z0-9]{5}\s/.test(l));
      assertEqual(pods.length, 2, `pods of the Deployment in ${show(out)}`);
      // The columns line up in the page: each header word starts where each row's cell does.
      const starts = (l) => [...l.matchAll(/(?<=^|\s)\S/g)].map((m) => m.index);
      const header = out.find((l) => l.startsWith('NAME'));
      for (const row of pods) {
        assertEqual(JSON.stringify(starts(row)), JSON.stringify(starts(header)), `columns of ${row}`);
      }
    });

    await screenshot('walkthrough');
    if (failures.length > 0) {
      throw new Error(`${failures.length} step(s) failed:\n${failures.join('\n')}`);
    }
  },

  async 'the tutorials shell runs in the page: loops, a background watch, a here-document'({
    page,
    baseUrl,
  }) {
    await openConsole(page, baseUrl);
    await run(page, 'minikube start');
    await run(page, 'kubectl apply -f headless-service.yaml && kubectl apply -f statefulset.yaml');
    const job = await run(page, 'kubectl get pods -w -l app=nginx &');
    expectLine(job, /^\[1\] \d+$/, 'the job number and pid bash prints');
    await run(page, 'kubectl rollout status sts/web', { timeout: 60000 });
    const loop = await run(page, `for i in 0 1; do kubectl exec "web-$i" -- sh -c 'hostname'; done`);
    assertEqual(loop.filter((l) => /^web-\d$/.test(l)).join(','), 'web-0,web-1', 'hostnames');
    await run(page, 'kill %1');
    await run(page, 'true');
    const all = await screenLines(page);
    assert(
      all.some((l) => /^web-1\s+1\/1\s+Running\s/.test(l)),
      `the background watch printed web-1 Running; got ${show(all.slice(-40))}`,
    );
    expectLine(all, /^\[1\]\+\s+Terminated\s+kubectl get pods -w -l app=nginx$/, 'kill %1');
    await page.fill(INPUT, 'cat <<EOF > notes.txt');
    await page.press(INPUT, 'Enter');
    await waitUntil(async () => (await promptText(page)).startsWith('> '), {
      message: 'the continuation prompt',
    });
    await run(page, 'hello from a here-document');
    await run(page, 'EOF');
    const cat = await run(page, 'cat notes.txt');
    assertEqual(cat.join('\n'), 'hello from a here-document', 'the file the here-document wrote');
  },

  async 'a watch in a second terminal shows web-0 and web-1 arrive while the first applies'({
    page,
    baseUrl,
    screenshot,
  }) {
    const TAB = '[data-testid=terminal-tab]';
    const tabs = async () =>
      page.$$eval(TAB, (els) => els.map((e) => `${e.textContent.trim()}:${e.getAttribute('aria-selected')}`));
    await openConsole(page, baseUrl);
    assertEqual((await tabs()).join(','), 'Terminal 1:true', 'one terminal at first');
    await run(page, 'minikube start');
    await page.click('[data-testid=terminal-add]');
    await waitUntil(async () => (await tabs()).join(',') === 'Terminal 1:false,Terminal 2:true', {
      message: 'a second terminal tab, in front',
      timeout: 5000,
    });
    assertEqual((await screenLines(page)).length, 1, 'the new terminal shows only its greeting');
    await page.fill(INPUT, 'kubectl get pods -w');
    await page.press(INPUT, 'Enter');
    await waitForSelector(page, STOP, { state: 'visible' });
    await page.click(`${TAB}[data-terminal="1"]`);
    await waitForSelector(page, INPUT, { state: 'visible' });
    assert((await screenLines(page)).includes('$ minikube start'), 'terminal 1 shows its own lines');
    await page.click('[data-testid=apply]');
    await waitUntil(
      async () => (await screenLines(page)).includes('$ kubectl apply -f editor.yaml'),
      { message: 'the Apply line in terminal 1', timeout: 5000 },
    );
    // Terminal 1 runs another command while the watch streams in terminal 2.
    const sts = await run(page, 'kubectl get sts web');
    expectLine(sts, /^web\s+\d\/2\s/, 'get sts in terminal 1');
    await page.click(`${TAB}[data-terminal="2"]`);
    await waitUntil(
      async () => (await screenLines(page)).some((l) => /^web-1\s+1\/1\s+Running\s/.test(l)),
      { message: 'web-1 Running in the watch', timeout: 30000 },
    );
    await screenshot('second-terminal-watch');
    const lines = await screenLines(page);
    assertEqual(lines[1], '$ kubectl get pods -w', 'the watch line in terminal 2');
    assert(!lines.includes('$ kubectl apply -f editor.yaml'), 'terminal 2 has none of terminal 1\'s lines');
    const web = lines.filter((l) => /^web-\d\s/.test(l)).map((l) => l.split(/\s+/).slice(0, 3).join(' '));
    assertEqual(
      web.join('|'),
      'web-0 0/1 Pending|web-0 0/1 Pending|web-0 0/1 ContainerCreating|web-0 1/1 Running|'
        + 'web-1 0/1 Pending|web-1 0/1 Pending|web-1 0/1 ContainerCreating|web-1 1/1 Running',
      'the StatefulSet pods arriving in order, as kubectl watch prints them',
    );
    assertEqual(await page.getAttribute(PANEL, 'data-busy'), 'true', 'the watch still runs');
  },

  async 'a running command shows Stop, which Ctrl-C also presses'({ page, baseUrl }) {
    await openConsole(page, baseUrl);
    await run(page, 'minikube start');
    await page.fill(INPUT, 'sleep 100000');
    await page.press(INPUT, 'Enter');
    await waitForSelector(page, STOP, { state: 'visible' });
    // The Stop button takes the focus, so the keyboard can reach it at once.
    await waitUntil(async () => page.evaluate(() => document.activeElement?.dataset?.testid === 'console-stop'), {
      message: 'focus on Stop',
      timeout: 3000,
    });
    await page.keyboard.press('Control+c');
    await waitForSelector(page, INPUT, { state: 'visible', timeout: 3000 });
    const lines = await screenLines(page);
    assertEqual(lines[lines.length - 1], '^C', 'the last line');
    // And the input has the focus back.
    await waitUntil(async () => page.evaluate(() => document.activeElement?.dataset?.testid === 'console-input'), {
      message: 'focus back on the input',
      timeout: 3000,
    });
  },

  async 'Copy puts the scrollback on the clipboard'({ page, context, baseUrl }) {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await openConsole(page, baseUrl);
    await run(page, 'foo');
    await page.click(COPY);
    await waitUntil(async () => (await page.textContent(COPY))?.trim() === 'Copied', {
      message: 'the Copy button saying Copied',
      timeout: 3000,
    });
    const text = await page.evaluate(() => navigator.clipboard.readText());
    assert(text.includes('$ foo\nbash: foo: command not found\n'), `clipboard text: ${JSON.stringify(text)}`);
    assert(text.startsWith('Welcome!'), `clipboard starts with the welcome line: ${JSON.stringify(text)}`);
  },

  async 'a pasted block of tutorial lines runs line by line'({ page, baseUrl }) {
    // A learner copies a block from the tutorial, comment lines included: every complete line
    // runs in turn (the next one waits for a watch to end), the unfinished last one stays typed.
    await openConsole(page, baseUrl);
    await page.focus(INPUT);
    const block = [
      'minikube start',
      '# Headless Service 생성',
      'kubectl apply -f headless-service.yaml',
      'kubectl apply -f statefulset.yaml',
      'kubectl get pods -w',
      'kubectl get sts web',
      'kubectl get svc ngi',
    ].join('\n');
    await page.evaluate(({ INPUT, block }) => {
      const data = new DataTransfer();
      data.setData('text/plain', block);
      document.querySelector(INPUT).dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, { INPUT, block });
    await waitUntil(
      async () => page.evaluate(
        ({ PANEL, LINE }) => document.querySelector(PANEL)?.dataset.busy === 'false'
          && [...document.querySelectorAll(LINE)].some((e) => /^web\s+2\/2\s/.test(e.textContent)),
        { PANEL, LINE },
      ),
      { timeout: 20000, message: 'every pasted line run, ending with get sts web' },
    );
    const lines = await screenLines(page);
    const echoes = lines.filter((l) => l.startsWith('$ '));
    assertEqual(
      echoes.join('|'),
      '$ minikube start|$ # Headless Service 생성|$ kubectl apply -f headless-service.yaml|$ kubectl apply -f statefulset.yaml|$ kubectl get pods -w|$ kubectl get sts web',
      'the pasted lines, each echoed once, in order',
    );
    const watchAt = lines.indexOf('$ kubectl get pods -w');
    const stsAt = lines.indexOf('$ kubectl get sts web');
    assert(lines.slice(watchAt, stsAt).some((l) => /^web-1\s+1\/1\s+Running/.test(l)), `the watch ran to its end first: ${show(lines.slice(watchAt))}`);
    assertEqual(await page.inputValue(INPUT), 'kubectl get svc ngi', 'the unfinished last line stays typed');
  },
};
