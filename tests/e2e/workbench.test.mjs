// End-to-end tests of the manifest workbench: seed objects, diagnostics, language persistence,
// text-only rendering of user input, robustness against hostile input, the editor's named
// files and the Undo after an example replaced hand edits.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  assert,
  assertEqual,
  setTextareaValue,
  sleep,
  spacedText,
  waitForSelector,
  waitForText,
  waitUntil,
} from './harness.mjs';

const EDITOR = '[data-testid=editor]';
const OBJECT_LIST = '[data-testid=object-list]';
const OBJECT_ITEM = '[data-testid=object-item]';
const ERROR_COUNT = '[data-testid=error-count]';
const DIAGNOSTICS = '[data-testid=diagnostics]';
const DIAGNOSTIC = '[data-testid=diagnostic]';
const EXAMPLE_PICKER = '[data-testid=example-picker]';
const FILE_TAB = '[data-testid=file-tab]';
const FILE_NAME_INPUT = '[data-testid=file-name-input]';
const EXAMPLE_UNDO = '[data-testid=example-undo]';

/** A real example manifest from the shared folder beside the repository (never shipped). */
function example(name) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return readFileSync(path.join(here, '..', '..', '..', 'shared', 'examples', name), 'utf8');
}

async function tabNames(page) {
  return page.$$eval(FILE_TAB, (els) => els.map((e) => e.textContent.trim()));
}

// The first load compiles the wasm module; allow more time than later waits.
const APP_START_TIMEOUT_MS = 30000;

const SEED_OBJECTS = [
  ['Service', 'nginx'],
  ['StatefulSet', 'web'],
  ['Service', 'my-nginx-svc'],
  ['Deployment', 'my-nginx-deployment'],
];

async function openApp(page, baseUrl) {
  await page.goto(baseUrl);
  await waitForSelector(page, OBJECT_LIST, { timeout: APP_START_TIMEOUT_MS });
  await waitForSelector(page, EDITOR);
}

/** True if `text` contains `word` delimited by anything but letters, digits, '-' and '.'. */
function hasWord(text, word) {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\w.-])${escaped}($|[^\\w.-])`).test(text);
}

/** Checks that the object list shows exactly the four seed objects (order free). */
async function expectSeedObjects(page) {
  let texts = [];
  await waitUntil(
    async () => {
      const items = await page.$$(OBJECT_ITEM);
      texts = await Promise.all(items.map((h) => spacedText(h)));
      return texts.length === SEED_OBJECTS.length;
    },
    { message: `${SEED_OBJECTS.length} ${OBJECT_ITEM} elements`, timeout: 10000 },
  ).catch((err) => {
    throw new Error(`${err.message}; items seen: ${JSON.stringify(texts)}`);
  });
  const unmatched = [...texts];
  for (const [kind, name] of SEED_OBJECTS) {
    const idx = unmatched.findIndex((t) => hasWord(t, kind) && hasWord(t, name));
    assert(idx >= 0, `an object item shows ${kind} ${name}; items: ${JSON.stringify(texts)}`);
    unmatched.splice(idx, 1);
  }
}

async function errorCount(page) {
  return (await page.textContent(ERROR_COUNT))?.trim();
}

/** Character offset (UTF-16, like selectionStart) where 0-based line `lineIdx` starts. */
function lineStartOffset(text, lineIdx) {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < lineIdx; i += 1) offset += lines[i].length + 1;
  return offset;
}

// Deterministic "random bytes": Latin-1 decoding of a seeded xorshift stream, so a failure
// reproduces. Skips NUL and CR (a textarea normalises CR away).
function pseudoRandomBytesText(nChars, seed = 0x9e3779b9) {
  let state = seed >>> 0;
  let out = '';
  while (out.length < nChars) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const byte = state & 0xff;
    if (byte === 0 || byte === 13) continue;
    out += String.fromCharCode(byte);
  }
  return out;
}

const ALIAS_BOMB =
  'a: &a ["x","x","x","x","x","x","x","x","x"]\n' +
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n' +
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n' +
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n' +
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n' +
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n' +
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n';

const XSS_NAME = '<img src=x onerror=window.__xss=1>';

export default {
  async 'seed loads with no errors and four objects'({ page, baseUrl, screenshot }) {
    await openApp(page, baseUrl);
    await expectSeedObjects(page);
    await waitForSelector(page, ERROR_COUNT);
    assertEqual(await errorCount(page), '0', 'error count');
    await screenshot('seed');
  },

  async 'typo replica shows unknown-field error at its line'({ page, baseUrl, screenshot }) {
    await openApp(page, baseUrl);
    await page.selectOption(EXAMPLE_PICKER, 'statefulset');
    await waitUntil(
      async () => {
        const text = await page.inputValue(EDITOR);
        return text.includes('kind: StatefulSet') && !text.includes('kind: Service');
      },
      { message: 'the statefulset example (alone) in the editor' },
    );

    const original = await page.inputValue(EDITOR);
    assert(original.includes('replicas: 2'), 'the statefulset example contains "replicas: 2"');
    const edited = original.replace('replicas: 2', 'replica: 2');
    await setTextareaValue(page, EDITOR, edited);

    const diagnostic = await waitForText(page, DIAGNOSTIC, 'unknown field "spec.replica"');
    const lineIdx = edited.split('\n').findIndex((l) => l.includes('replica: 2'));
    assertEqual(await diagnostic.getAttribute('data-line'), String(lineIdx + 1), 'data-line');
    const diagnosticText = await diagnostic.textContent();
    assert(
      diagnosticText.includes('replicas'),
      `the diagnostic suggests "replicas": ${JSON.stringify(diagnosticText)}`,
    );

    // The column: the diagnostic's data-col if it has one, else where the key starts.
    const line = edited.split('\n')[lineIdx];
    const colAttr = await diagnostic.getAttribute('data-col');
    const column = colAttr != null ? Number(colAttr) : line.indexOf('replica') + 1;
    assert(Number.isInteger(column) && column >= 1, `column is a positive integer: ${colAttr}`);
    const expectedOffset = lineStartOffset(edited, lineIdx) + column - 1;

    await diagnostic.click();
    await waitUntil(
      async () => (await page.$eval(EDITOR, (el) => el.selectionStart)) === expectedOffset,
      { message: `editor selectionStart === ${expectedOffset}`, timeout: 5000 },
    ).catch(async (err) => {
      const actual = await page.$eval(EDITOR, (el) => el.selectionStart);
      throw new Error(`${err.message} (line ${lineIdx + 1}, column ${column}); got ${actual}`);
    });
    await screenshot('unknown-field');
  },

  async 'language switch to Korean survives reload'({ page, baseUrl }) {
    await openApp(page, baseUrl);
    await page.click('[data-testid=lang-ko]');
    await waitForSelector(page, 'html[lang=ko]');
    await waitForSelector(page, '[data-testid=app-title]');

    const text = `${await page.inputValue(EDITOR)}\n# note\n`;
    await setTextareaValue(page, EDITOR, text);
    // Give a debounced save the chance to land before reloading; proceed either way, the
    // assertions after the reload decide.
    await waitUntil(
      () =>
        page.evaluate(() =>
          [localStorage, sessionStorage].some((store) =>
            Object.keys(store).some((k) => (store.getItem(k) ?? '').includes('# note')),
          ),
        ),
      { message: 'the edited text in web storage', timeout: 3000 },
    ).catch(() => {});

    await page.reload();
    await waitForSelector(page, EDITOR, { timeout: 30000 });
    await waitForSelector(page, 'html[lang=ko]');
    await waitForSelector(page, '[data-testid=app-title]');
    const value = await page.inputValue(EDITOR);
    assert(value.endsWith('# note\n'), `editor text ends with "# note\\n": ${JSON.stringify(value.slice(-40))}`);
  },

  async 'manifest text is rendered as text, never HTML'({ page, baseUrl }) {
    await openApp(page, baseUrl);
    const manifest = [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      `  name: "${XSS_NAME}"`,
      'spec:',
      '  selector:',
      '    app: web',
      '  ports:',
      '  - port: 80',
      '',
    ].join('\n');
    await setTextareaValue(page, EDITOR, manifest);
    await waitForText(page, DIAGNOSTIC, XSS_NAME);
    // An injected <img src=x> would fail to load and run its handler within a few ms.
    await sleep(500);
    assertEqual(await page.evaluate(() => typeof window.__xss), 'undefined', 'typeof window.__xss');
    assertEqual(await page.$$eval(`${DIAGNOSTICS} img`, (els) => els.length), 0, 'img elements in diagnostics');
    assertEqual(await page.$$eval('img[src=x]', (els) => els.length), 0, 'img[src=x] anywhere');
  },

  async 'garbage input keeps the app usable'({ page, baseUrl }) {
    await openApp(page, baseUrl);

    await setTextareaValue(page, EDITOR, pseudoRandomBytesText(20 * 1024));
    await waitForSelector(page, DIAGNOSTIC);
    assert((await errorCount(page)) !== '0', 'random bytes produce at least one error');

    // Distinguish the new diagnostics from the old: clear the editor in between.
    await setTextareaValue(page, EDITOR, '');
    await waitForSelector(page, DIAGNOSTIC, { state: 'detached', timeout: 3000 }).catch(() => {});
    await setTextareaValue(page, EDITOR, ALIAS_BOMB);
    await waitForSelector(page, DIAGNOSTIC);
    // The page must still answer promptly (no runaway alias expansion on the main thread).
    const responded = await Promise.race([
      page.evaluate(() => true),
      sleep(5000).then(() => false),
    ]);
    assert(responded, 'the page answers within 5 s after the alias bomb');

    await page.selectOption(EXAMPLE_PICKER, 'all');
    await expectSeedObjects(page);
    await waitUntil(async () => (await errorCount(page)) === '0', {
      message: 'error count back to 0',
      timeout: 5000,
    });
  },

  async 'a file named zookeeper.yaml is what kubectl apply -f zookeeper.yaml applies'({ page, baseUrl, screenshot }) {
    await openApp(page, baseUrl);
    assertEqual(
      JSON.stringify(await tabNames(page)),
      JSON.stringify(['editor.yaml', 'headless-service.yaml', 'statefulset.yaml', 'deployment-service.yaml']),
      'the first load\'s tabs',
    );
    await page.click('[data-testid=file-add]');
    await waitForSelector(page, FILE_NAME_INPUT);
    await page.fill(FILE_NAME_INPUT, 'zookeeper.yaml');
    await page.press(FILE_NAME_INPUT, 'Enter');
    await waitForSelector(page, FILE_NAME_INPUT, { state: 'detached' });
    assertEqual((await tabNames(page))[4], 'zookeeper.yaml', 'the new tab\'s name');
    assertEqual(await page.inputValue(EDITOR), '', 'a new file starts empty');
    await setTextareaValue(page, EDITOR, example('zookeeper.yaml'));
    await page.click('[data-testid=apply]');
    const panel = '[data-testid=console-panel]';
    await waitForText(page, panel, 'statefulset.apps/zk created', { timeout: 20000 });
    const text = await page.textContent(panel);
    assert(text.includes('kubectl apply -f zookeeper.yaml'), 'Apply echoes the file\'s name');
    for (const line of ['service/zk-hs created', 'service/zk-cs created', 'poddisruptionbudget.policy/zk-pdb created']) {
      assert(text.includes(line), `the console shows ${line}`);
    }

    // A name with a slash is refused with the reason; the old name stays.
    await page.dblclick(`${FILE_TAB} >> nth=4`);
    await waitForSelector(page, FILE_NAME_INPUT);
    await page.fill(FILE_NAME_INPUT, 'k8s/zookeeper.yaml');
    await page.press(FILE_NAME_INPUT, 'Enter');
    await waitForText(page, '[data-testid=file-name-error]', 'no /');
    await page.press(FILE_NAME_INPUT, 'Escape');
    await waitForSelector(page, FILE_NAME_INPUT, { state: 'detached' });
    assertEqual((await tabNames(page))[4], 'zookeeper.yaml', 'the name after Escape');

    // Showing another file shows its text; closing the shown one shows a neighbour.
    await page.click(`${FILE_TAB} >> nth=2`);
    await waitUntil(async () => (await page.inputValue(EDITOR)).includes('kind: StatefulSet'), {
      message: 'statefulset.yaml in the editor',
    });
    await screenshot('file-tabs');
    await page.click(`[data-testid=file-close] >> nth=4`);
    await waitUntil(async () => (await tabNames(page)).length === 4, { message: 'four tabs after a close' });
    await page.click(EXAMPLE_UNDO);
    await waitUntil(async () => (await tabNames(page)).length === 5, { message: 'the closed file back' });
  },

  async 'an example picked over hand edits can be undone exactly'({ page, baseUrl, screenshot }) {
    await openApp(page, baseUrl);
    const mine = `${await page.inputValue(EDITOR)}\n# my own note\n`;
    await setTextareaValue(page, EDITOR, mine);
    await page.selectOption(EXAMPLE_PICKER, 'deployment');
    await waitForSelector(page, EXAMPLE_UNDO);
    await waitUntil(async () => !(await page.inputValue(EDITOR)).includes('# my own note'), {
      message: 'the example in the editor',
    });
    const notice = await page.textContent('[data-testid=files-notice]');
    assert(notice.includes('editor.yaml'), `the notice names the file: ${notice}`);
    await screenshot('example-undo');
    await page.click(EXAMPLE_UNDO);
    await waitUntil(async () => (await page.inputValue(EDITOR)) === mine, {
      message: 'the hand-edited text back, exactly',
    });
    await waitForSelector(page, EXAMPLE_UNDO, { state: 'detached' });
    assertEqual(await page.inputValue(EXAMPLE_PICKER), 'custom', 'the picker shows the learner\'s text');
    // An example over an example's own text loses nothing: no Undo is offered.
    await page.selectOption(EXAMPLE_PICKER, 'headless');
    await waitForSelector(page, EXAMPLE_UNDO);
    await page.click('[data-testid=files-dismiss]');
    await page.selectOption(EXAMPLE_PICKER, 'statefulset');
    await sleep(300);
    assertEqual(await page.$$eval(EXAMPLE_UNDO, (els) => els.length), 0, 'Undo buttons after an example over an example');
  },
};
