// End-to-end tests of podplay's Content-Security-Policy and of hostile text.
//
// CSP: the policy index.html and embed-example.html carry (no 'unsafe-inline'), the loader moved
// into a file of its own, and the seed story gone through (Apply, web-1 Running, console commands,
// the DNS and traffic tabs, the comparison, SVG and PNG export, the Embed dialog, an embed page,
// the example page) with no `securitypolicyviolation` in any frame and no "Refused to…" console
// message; the single-file build carries a policy of digests for its inline script and style.
//
// XSS: three payloads (an <img onerror>, a javascript: URL, an attribute break-out into <svg
// onload>) through each way text enters the page: manifests (object names, labels,
// annotations, a ConfigMap's data), a file written in a pod and read back with curl, console
// input, the address (a crafted #s= share link, ?example=, an embed's script=) and postMessage
// (load and run). Each must leave window.__xss undefined in every frame, create no element with
// an on… handler or a javascript: link, and show the payload as plain text where it is shown.

import fs from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

import {
  DIST_DIR,
  REPO_ROOT,
  assert,
  assertEqual,
  setTextareaValue,
  waitForSelector,
  waitUntil,
} from './harness.mjs';

const APP_START_TIMEOUT_MS = 40000;
const PAYLOADS = [
  '<img src=x onerror=window.__xss=1>',
  'javascript:window.__xss=1',
  '"><svg onload=window.__xss=1>',
];
const POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data: blob:; " +
  "connect-src 'self'; worker-src 'self'; frame-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";
const EXAMPLE_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; " +
  "connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";

// ---------------------------------------------------------------------------------------------
// Watching for violations and for executed payloads.

/** In every frame: records each CSP violation report in window.__csp. */
function recordViolations() {
  window.__csp = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
  });
}

/** Starts watching `page`: violation reports in every frame and "Refused to…" console lines. */
async function watch(page) {
  await page.addInitScript(recordViolations);
  const refused = [];
  page.on('console', (msg) => {
    if (/Refused to|Content Security Policy/i.test(msg.text())) refused.push(msg.text());
  });
  return refused;
}

/** Every violation seen in `page`'s frames (those still open), plus the console's refusals. */
async function violations(page, refused) {
  const reports = [];
  for (const frame of page.frames()) {
    const seen = await frame.evaluate(() => window.__csp ?? []).catch(() => []);
    reports.push(...seen.map((s) => `${frame.url()}: ${s}`));
  }
  return [...reports, ...refused];
}

async function noViolations(page, refused, when) {
  const all = await violations(page, refused);
  assert(all.length === 0, `no CSP violation ${when}; saw ${all.length}:\n${all.join('\n')}`);
}

/**
 * Asserts in every frame of `page` that no payload ran: window.__xss is undefined, no element
 * carries an on… attribute, no link or frame points at javascript:, no <img src=x> was made.
 */
async function assertInert(page, when) {
  for (const frame of page.frames()) {
    const found = await frame
      .evaluate(() => {
        const bad = [];
        if (window.__xss !== undefined) bad.push(`window.__xss = ${window.__xss}`);
        for (const el of document.querySelectorAll('*')) {
          for (const a of el.attributes) {
            if (/^on/i.test(a.name)) bad.push(`<${el.localName} ${a.name}="${a.value}">`);
            if (/^(href|src|action|formaction|xlink:href)$/i.test(a.name) && /^\s*javascript:/i.test(a.value)) {
              bad.push(`<${el.localName} ${a.name}="${a.value}">`);
            }
          }
          if (el.localName === 'img' && el.getAttribute('src') === 'x') bad.push('<img src=x>');
        }
        return bad;
      })
      .catch(() => []);
    assert(found.length === 0, `${when}: a payload took effect in ${frame.url()}: ${found.join(', ')}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The page.

async function open(page, url) {
  await page.goto(url);
  await waitForSelector(page, '[data-testid=apply]', { timeout: APP_START_TIMEOUT_MS });
}

async function openEmbed(page, url) {
  await page.goto(url);
  await waitForSelector(page, '[data-testid=embed-root]', { timeout: APP_START_TIMEOUT_MS });
}

async function consoleLines(frame) {
  return frame.$$eval('[data-testid=console-line]', (els) => els.map((e) => e.textContent ?? ''));
}

/** Types `line` into the console, waits for its prompt; returns the lines after its echo. */
async function run(frame, line, { timeout = 20000 } = {}) {
  const before = (await consoleLines(frame)).length;
  await frame.fill('[data-testid=console-input]', line);
  await frame.press('[data-testid=console-input]', 'Enter');
  await waitUntil(
    async () =>
      frame.evaluate(
        ({ before, line }) => {
          const lines = [...document.querySelectorAll('[data-testid=console-line]')].map((e) => e.textContent);
          const panel = document.querySelector('[data-testid=console-panel]');
          return lines.slice(before).some((l) => l.endsWith(line)) && panel?.dataset.busy === 'false';
        },
        { before, line },
      ),
    { timeout, message: `the prompt back after ${JSON.stringify(line)}` },
  );
  const lines = await consoleLines(frame);
  const at = lines.findIndex((l, i) => i >= before && l.endsWith(line));
  return lines.slice(at + 1);
}

async function applySeed(page) {
  await page.click('[data-testid=apply]');
  await waitForSelector(page, '[data-testid="pod-web-1"][data-state=ready]', { timeout: 60000 });
}

/** Clicks Export then `testid`; returns the download's name and bytes. */
async function download(page, testid) {
  const open = await page.$eval('[data-testid=export-menu]', (d) => d.open);
  if (!open) await page.click('[data-testid=export]');
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), page.click(`[data-testid=${testid}]`)]);
  return { name: dl.suggestedFilename(), bytes: await fs.readFile(await dl.path()) };
}

/** A single-quoted shell word holding `text` (which has no single quote). */
const quoted = (text) => `'${text}'`;

// ---------------------------------------------------------------------------------------------
// Share links as src/session/share.rs writes them: `1.` and the record's JSON, raw deflate,
// URL-safe base64 without padding.

function decodeLink(code) {
  const body = code.replace(/^1\./, '');
  return JSON.parse(inflateRawSync(Buffer.from(body, 'base64url')).toString('utf8'));
}

function encodeLink(record) {
  return `1.${deflateRawSync(Buffer.from(JSON.stringify(record), 'utf8'), { level: 9 }).toString('base64url')}`;
}

// ---------------------------------------------------------------------------------------------

export default [
  async function csp_the_built_pages_carry_the_policy_and_no_inline_script({ page, baseUrl, allowConsoleError }) {
    // This test makes the browser refuse three things on purpose.
    allowConsoleError(/Refused to|Content-Security-Policy violation|Content Security Policy/);
    const index = readFileSync(path.join(DIST_DIR, 'index.html'), 'utf8');
    const meta = index.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/);
    assertEqual(meta?.[1], POLICY, "index.html's policy");
    assert(!meta[1].includes('unsafe-inline') && !meta[1].includes("'unsafe-eval'"), 'no unsafe-inline or unsafe-eval');
    assert(index.indexOf('Content-Security-Policy') < index.indexOf('<link rel="stylesheet"'), 'the policy comes before the style sheet');
    const markup = index.replace(/<!--[\s\S]*?-->/g, '');
    const scripts = [...markup.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assertEqual(scripts.length, 1, 'one script element');
    const loader = scripts[0][1].match(/^ type="module" src="\.\/(loader-[0-9a-f]{16}\.js)" integrity="(sha384-[A-Za-z0-9+/=]+)"$/);
    assert(loader && scripts[0][2] === '', `the loader is a file: ${scripts[0][0]}`);
    const loaderText = readFileSync(path.join(DIST_DIR, loader[1]), 'utf8');
    assert(/await import\('\.\/podplay-[0-9a-f]+\.js'\)/.test(loaderText), 'the loader imports the glue');
    assert(/await import\('\.\/podplay-first-[0-9a-f]{16}\.js'\)/.test(loaderText), 'the loader imports the first module first');
    assert(!/<style|\sstyle=|\son[a-z]+=/i.test(markup), 'no inline style or handler in index.html');
    const sw = readFileSync(path.join(DIST_DIR, 'sw.js'), 'utf8');
    assert(sw.includes(`"./${loader[1]}"`), 'the service worker precaches the loader');

    const example = readFileSync(path.join(DIST_DIR, 'embed-example.html'), 'utf8');
    assertEqual(
      example.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1],
      EXAMPLE_POLICY,
      "embed-example.html's policy",
    );
    assert(!/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=/i.test(example.replace(/<!--[\s\S]*?-->/g, '')), 'no inline script or style in the example');

    // The policy the browser enforces: an inline script, an inline style and eval are refused.
    const refused = await watch(page);
    await open(page, baseUrl);
    const probe = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.body.append(s);
      const d = document.createElement('div');
      d.setAttribute('style', 'display: none');
      document.body.append(d);
      // A string compiled later, in the page's own task (DevTools' evaluate itself may eval).
      setTimeout('window.__evaled = 1', 0);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const result = { inline: window.__inline ?? null, display: getComputedStyle(d).display, evaled: window.__evaled ?? null };
      s.remove();
      d.remove();
      return result;
    });
    assertEqual(
      JSON.stringify(probe),
      JSON.stringify({ inline: null, display: 'block', evaled: null }),
      'inline script, style attribute and string eval refused',
    );
    const seen = await violations(page, refused);
    for (const what of ['script-src-elem blocked inline', 'script-src blocked eval', 'style-src-attr blocked inline']) {
      assert(seen.some((v) => v.includes(what)), `reported: ${what}; saw ${seen.join(' | ')}`);
    }
  },

  async function csp_the_seed_story_runs_without_a_violation({ page, baseUrl }) {
    const refused = await watch(page);
    await page.setViewportSize({ width: 1440, height: 900 });
    await open(page, `${baseUrl}?speed=10`);
    await applySeed(page);

    // The layout's widths and every object's button are placed through the CSSOM.
    const widths = await page.$eval('main.playground', (m) => [
      m.style.getPropertyValue('--editor-w'),
      m.style.getPropertyValue('--console-w'),
      m.getAttribute('style'),
    ]);
    assert(/^\d+(\.\d)?%$/.test(widths[0]) && /^\d+(\.\d)?%$/.test(widths[1]), `column widths: ${widths}`);
    const web0 = await page.$eval('[data-testid="pod-web-0"]', (b) => {
      const r = b.getBoundingClientRect();
      return { w: r.width, h: r.height };
    });
    assert(web0.w > 10 && web0.h > 10, `web-0 is drawn: ${JSON.stringify(web0)}`);

    const pods = await run(page, 'kubectl get pods');
    assert(pods.some((l) => /^web-1\s+1\/1\s+Running/.test(l)), `kubectl get pods: ${JSON.stringify(pods)}`);
    assertEqual((await run(page, 'kubectl exec web-0 -- hostname')).join('\n'), 'web-0', 'exec hostname');

    await page.click('[data-testid=tab-dns]');
    await page.fill('[data-testid=dns-query]', 'web-0.nginx');
    await waitForSelector(page, '[data-testid=dns-row].hit');

    await page.click('[data-testid=tab-traffic]');
    await page.click('[data-testid=traffic-toggle]');
    await waitUntil(
      async () => {
        const bars = await page.$$eval('[data-testid=histogram-bar]', (els) =>
          els.map((e) => {
            const rect = e.querySelector('svg.bar rect');
            return { hits: Number(e.dataset.hits), width: Number(rect?.getAttribute('width')), px: rect?.getBoundingClientRect().width ?? 0 };
          }),
        );
        // The longest bar is the whole length (100), and it is drawn.
        return bars.length === 2 && bars.every((b) => b.hits > 0) && bars.some((b) => b.width === 100 && b.px > 20);
      },
      { timeout: 30000, message: 'two histogram bars, the longest drawn at full length' },
    );
    await page.click('[data-testid=traffic-toggle]');

    const svg = await download(page, 'export-svg');
    const text = svg.bytes.toString('utf8');
    assert(text.includes('web-0') && /style="[^"]*fill:/.test(text), 'the SVG names web-0 and carries its look');
    const png = await download(page, 'export-png');
    assert(png.bytes[0] === 0x89 && png.bytes.length > 2000, 'a PNG picture');

    await page.click('[data-testid=embed-code]');
    await waitForSelector(page, '[data-testid=embed-snippet]');
    assert((await page.inputValue('[data-testid=embed-snippet]')).includes('<iframe'), 'the embed snippet');
    await page.click('[data-testid=embed-close]');

    await page.click('[data-testid=mode-compare]');
    await waitForSelector(page, '[data-testid=diff-table]');
    await waitUntil(async () => (await page.$$('[data-testid=diff-row]')).length > 3, { timeout: 30000, message: 'the comparison' });
    await noViolations(page, refused, 'in the story');

    await openEmbed(page, `${baseUrl}?embed&panels=scene,console&example=statefulset&script=kubectl%20apply%20-f%20statefulset.yaml&autoplay`);
    await waitForSelector(page, '[data-testid="pod-web-0"]', { timeout: APP_START_TIMEOUT_MS });
    await run(page, 'kubectl get pods');
    await noViolations(page, refused, 'in an embed');

    await page.goto(`${baseUrl}embed-example.html`);
    for (const id of ['figure-ordered', 'figure-dns', 'figure-traffic']) {
      const frame = await waitUntil(async () => (await page.$(`[data-testid=${id}]`))?.contentFrame(), { message: `${id}'s frame` });
      await waitForSelector(frame, '[data-testid=embed-root]', { timeout: APP_START_TIMEOUT_MS });
    }
    await page.click('[data-send=apply]');
    await waitUntil(async () => (await page.textContent('[data-testid=state]')).includes('web-0'), { timeout: 30000, message: 'the driven figure tells web-0' });
    await noViolations(page, refused, 'on the example page');
  },

  async function csp_the_single_file_build_carries_a_hash_policy({ page }) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'podplay-single-csp-'));
    try {
      const file = path.join(dir, 'podplay-single.html');
      execFileSync('node', [path.join(REPO_ROOT, 'scripts', 'single.mjs'), DIST_DIR, file]);
      const html = readFileSync(file, 'utf8');
      const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1] ?? '';
      const script = html.match(/<script type="module">([\s\S]*?)<\/script>/)?.[1];
      const style = html.match(/<style>([\s\S]*?)<\/style>/)?.[1];
      assert(script && style, 'one inline script and one style element');
      const { createHash } = await import('node:crypto');
      const digest = (t) => `'sha256-${createHash('sha256').update(t, 'utf8').digest('base64')}'`;
      assertEqual(
        policy,
        `default-src 'none'; script-src ${digest(script)} 'wasm-unsafe-eval'; style-src ${digest(style)}; img-src data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'`,
        "the single file's policy",
      );
      const refused = await watch(page);
      await page.goto(pathToFileURL(file).href);
      await waitForSelector(page, '[data-testid=apply]', { timeout: APP_START_TIMEOUT_MS });
      await page.click('[data-testid=apply]');
      await waitForSelector(page, '[data-testid="pod-web-0"]', { timeout: APP_START_TIMEOUT_MS });
      await noViolations(page, refused, 'in the single file');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },

  async function xss_in_object_names_labels_annotations_and_configmap_data({ page, baseUrl }) {
    const refused = await watch(page);
    await open(page, `${baseUrl}?speed=10`);
    const [img, js, svg] = PAYLOADS;
    const yaml = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: xss-data',
      '  annotations:',
      `    img: ${JSON.stringify(img)}`,
      `    js: ${JSON.stringify(js)}`,
      `    svg: ${JSON.stringify(svg)}`,
      'data:',
      `  img: ${JSON.stringify(img)}`,
      `  js: ${JSON.stringify(js)}`,
      `  svg: ${JSON.stringify(svg)}`,
      '',
    ].join('\n');
    await setTextareaValue(page, '[data-testid=editor]', yaml);
    await page.click('[data-testid=apply]');
    const out = await run(page, 'kubectl get configmap xss-data -o yaml');
    // Each payload twice, as the data value and as the annotation.
    for (const [key, p] of [['img', img], ['js', js], ['svg', svg]]) {
      const shown = out.filter((l) => l.trim().startsWith(`${key}: `) && l.includes(p));
      assertEqual(shown.length, 2, `${key} shown as text in ${JSON.stringify(out)}`);
    }
    await assertInert(page, 'after applying annotations and data');

    // A name and a label value that are not valid: the diagnostics quote them as text.
    const bad = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      `  name: ${JSON.stringify(img)}`,
      '  labels:',
      `    svg: ${JSON.stringify(svg)}`,
      `    js: ${JSON.stringify(js)}`,
      '',
    ].join('\n');
    await setTextareaValue(page, '[data-testid=editor]', bad);
    await waitUntil(async () => (await page.$$('[data-testid=diagnostic]')).length >= 2, { message: 'diagnostics for the bad name and labels' });
    const diagnostics = (await page.$$eval('[data-testid=diagnostic]', (els) => els.map((e) => e.textContent))).join('\n');
    assert(diagnostics.includes(img) && diagnostics.includes(svg), `the diagnostics quote the payloads: ${diagnostics.slice(0, 600)}`);
    await page.click('[data-testid=apply]');
    await assertInert(page, 'after a bad name and labels');
    await noViolations(page, refused, 'with hostile manifests');
  },

  async function xss_in_file_contents_written_in_a_pod({ page, baseUrl }) {
    const refused = await watch(page);
    await open(page, `${baseUrl}?speed=10`);
    await applySeed(page);
    for (const p of PAYLOADS) {
      // The outer double quotes carry the inner single-quoted word; a " in it is escaped.
      const word = quoted(p).replace(/"/g, '\\"');
      const wrote = await run(page, `kubectl exec web-0 -- sh -c "echo ${word} > /usr/share/nginx/html/index.html"`);
      assertEqual(wrote.join('\n'), '', `writing ${p}`);
      const got = await run(page, 'kubectl exec web-1 -- curl -s http://web-0.nginx/');
      assertEqual(got.join('\n'), p, 'curl prints the file as text');
      const cat = await run(page, 'kubectl exec web-0 -- cat /usr/share/nginx/html/index.html');
      assertEqual(cat.join('\n'), p, 'cat prints the file as text');
      await assertInert(page, `after the file held ${p}`);
    }
    await noViolations(page, refused, 'with hostile file contents');
  },

  async function xss_in_console_input({ page, baseUrl }) {
    const refused = await watch(page);
    await open(page, `${baseUrl}?speed=10`);
    for (const p of PAYLOADS) {
      assertEqual((await run(page, `echo ${quoted(p)}`)).join('\n'), p, `echo prints ${p}`);
      // Unquoted (the one with a lone " quoted), the shell reads < and > as redirections and
      // says what is wrong; the line itself is shown as typed.
      const line = `kubectl get pods ${p.includes('"') ? quoted(p) : p}`;
      await run(page, line);
      const lines = await consoleLines(page);
      assert(lines.some((l) => l.endsWith(line)), `the typed line shown as text: ${line}`);
      await assertInert(page, `after typing ${p}`);
    }
    await noViolations(page, refused, 'with hostile console input');
  },

  async function xss_in_the_url_fragment_and_query({ page, context, baseUrl }) {
    const refused = await watch(page);
    await open(page, `${baseUrl}?speed=10`);
    await run(page, 'minikube start', { timeout: 30000 });
    await page.click('[data-testid=copy-link]');
    const link = await waitUntil(async () => {
      const href = await page.evaluate(() => location.href);
      return href.includes('#s=1.') && href;
    }, { message: 'a share link in the address bar' });
    const record = decodeLink(decodeURIComponent(link.split('#s=')[1]));
    // The crafted record: a file named and filled with the payloads, and a console line.
    const name = `${PAYLOADS[0]}.yaml`;
    record.files[name] = PAYLOADS.map((p) => `# ${p}`).join('\n');
    if (Array.isArray(record.tabs) && record.tabs.length > 0) record.tabs.push(name);
    record.actions.push({ t: record.now, run: `echo ${quoted(PAYLOADS[2])}` });
    const crafted = `${baseUrl}?seed=2#s=${encodeLink(record)}`;
    const other = await context.newPage();
    const otherRefused = await watch(other);
    await open(other, crafted);
    await waitForSelector(other, '[data-testid=share-notice]');
    const opened = await other.textContent('[data-testid=share-notice]');
    assert(!opened.includes('could not be read'), `the crafted link was read: ${opened}`);
    await waitUntil(async () => (await consoleLines(other)).includes(PAYLOADS[2]), { message: 'the crafted console line ran' });
    const tabs = await other.$$eval('[data-testid=file-tab]', (els) => els.map((e) => e.textContent));
    assert(tabs.some((t) => t.includes(PAYLOADS[0])), `the file's name shown as text: ${JSON.stringify(tabs)}`);
    await assertInert(other, 'after a crafted share link');

    // A damaged record whose error message quotes the payload.
    await open(other, `${baseUrl}?seed=3#s=${encodeLink({ v: PAYLOADS[0] })}`);
    await waitForSelector(other, '[data-testid=share-notice]');
    const note = await other.textContent('[data-testid=share-notice]');
    assert(note.includes('This share link could not be read'), note);
    await assertInert(other, 'after a damaged share link');

    // The payloads as ?example= and as an embed's script=.
    for (const p of PAYLOADS) {
      await open(other, `${baseUrl}?example=${encodeURIComponent(p)}#${encodeURIComponent(p)}`);
      assert((await other.inputValue('[data-testid=editor]')).includes('web'), 'an unknown example opens the usual page');
      await assertInert(other, `after ?example=${p}`);
    }
    const script = PAYLOADS.map((p) => `echo ${quoted(p)}`).join('\n');
    await openEmbed(other, `${baseUrl}?embed&panels=scene,console&script=${encodeURIComponent(script)}`);
    await waitUntil(async () => {
      const lines = await consoleLines(other);
      return PAYLOADS.every((p) => lines.includes(p));
    }, { timeout: 30000, message: "the embed's script printed the payloads as text" });
    await assertInert(other, "after an embed's script=");
    await noViolations(other, otherRefused, 'with hostile links');
    await noViolations(page, refused, 'while making the link');
  },

  async function xss_in_postmessage_data({ page, baseUrl }) {
    const refused = await watch(page);
    await page.goto(`${baseUrl}embed-example.html`);
    const handle = await waitForSelector(page, '[data-testid=figure-dns]');
    const frame = await waitUntil(() => handle.contentFrame(), { message: 'the DNS figure' });
    await waitForSelector(frame, '[data-testid=embed-root]', { timeout: APP_START_TIMEOUT_MS });
    const yaml = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: xss-post',
      '  annotations:',
      ...PAYLOADS.map((p, i) => `    a${i}: ${JSON.stringify(p)}`),
      'data:',
      ...PAYLOADS.map((p, i) => `  d${i}: ${JSON.stringify(p)}`),
      '',
    ].join('\n');
    const post = (msg) =>
      page.evaluate((m) => document.querySelector('[data-testid=figure-dns]').contentWindow.postMessage({ podplay: 1, ...m }, '*'), msg);
    await post({ type: 'load', manifests: yaml });
    await post({ type: 'apply' });
    await post({ type: 'run', line: 'kubectl get configmap xss-post -o yaml' });
    for (const p of PAYLOADS) await post({ type: 'run', line: `echo ${quoted(p)}` });
    await post({ type: 'run', line: PAYLOADS[0] });
    await waitUntil(
      async () => {
        const lines = await consoleLines(frame);
        return PAYLOADS.every((p) => lines.includes(p)) && lines.some((l) => l.endsWith(PAYLOADS[0]) && l !== PAYLOADS[0]);
      },
      { timeout: 40000, message: 'the posted lines ran and printed the payloads as text' },
    );
    const shown = await consoleLines(frame);
    PAYLOADS.forEach((p, i) => {
      for (const key of [`a${i}: `, `d${i}: `]) {
        assert(shown.some((l) => l.trim().startsWith(key) && l.includes(p)), `${key}${p} shown as text in ${JSON.stringify(shown)}`);
      }
    });
    await assertInert(page, 'after hostile postMessage data');
    await noViolations(page, refused, 'with hostile postMessage data');
  },
];
