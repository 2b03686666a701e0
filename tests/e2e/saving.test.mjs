// End-to-end tests of keeping the learner's files: typing followed at once by a reload keeps
// the last keystrokes; 15 MB of text goes to IndexedDB and comes back after a reload; a browser
// that refuses both stores shows a notice with a download of the files; two tabs of one browser
// never overwrite each other silently, and "Load theirs" / "Keep mine" do what they say.

import fs from 'node:fs/promises';
import { assert, assertEqual, sleep, waitForSelector, waitUntil } from './harness.mjs';

const APP_START_TIMEOUT_MS = 30000;
const EDITOR = '[data-testid=editor]';
const NOTICE = '[data-testid=saving-notice]';

async function open(page, url) {
  await page.goto(url);
  await waitForSelector(page, '[data-testid=apply]', { timeout: APP_START_TIMEOUT_MS });
}

/** Types `text` at the end of the editor's text. */
async function typeAtEnd(page, text) {
  await page.focus(EDITOR);
  await page.keyboard.press('Control+End');
  await page.keyboard.type(text);
}

const stored = (page) => page.evaluate(() => localStorage.getItem('podplay.files') ?? '');
const editorText = (page) => page.$eval(EDITOR, (el) => el.value);

export default [
  async function typing_then_reloading_at_once_keeps_the_last_keystrokes({ page, baseUrl }) {
    await open(page, baseUrl);
    await typeAtEnd(page, ' # kept-7f3');
    // No wait: the reload follows the last keystroke within milliseconds.
    await page.reload();
    await waitForSelector(page, '[data-testid=apply]', { timeout: APP_START_TIMEOUT_MS });
    const text = await editorText(page);
    assert(text.endsWith(' # kept-7f3'), `the typed text came back: ${JSON.stringify(text.slice(-40))}`);
  },

  async function fifteen_megabytes_are_kept_in_indexeddb_across_a_reload({ page, baseUrl }) {
    await open(page, baseUrl);
    // 15,000 lines of 1,000 bytes: 15 MB, more than localStorage holds.
    const made = await page.evaluate(() => {
      const line = `# ${'x'.repeat(997)}\n`;
      window.__big = line.repeat(15000) + '# the-end\n';
      return window.__big.length;
    });
    assertEqual(made, 15_000_010, 'the pasted text length');
    await page.$eval(EDITOR, (el) => {
      el.value = window.__big;
      el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    });
    await waitUntil(async () => (await stored(page)).includes('"big":true'), {
      timeout: 30000,
      message: 'localStorage holds the marker of files in IndexedDB',
    });
    const marker = JSON.parse(await stored(page));
    assertEqual(JSON.stringify(marker.files), '[]', 'the marker holds no files');
    const mark = await page.evaluate(() => localStorage.getItem('podplay.files.mark'));
    assert(/^[0-9a-f]+-[0-9a-f]+ 1$/.test(mark), `the mark names the tab and revision 1: ${mark}`);
    assertEqual(`${marker.w} ${marker.r}`, mark, 'the marker carries the mark');
    await page.reload();
    await waitForSelector(page, '[data-testid=apply]', { timeout: APP_START_TIMEOUT_MS });
    await waitUntil(async () => (await page.$eval(EDITOR, (el) => el.value.length)) === 15_000_010, {
      timeout: 30000,
      message: 'the 15 MB text came back from IndexedDB',
    });
    const tail = await page.$eval(EDITOR, (el) => el.value.slice(-10));
    assertEqual(tail, '# the-end\n', 'the end of the text');
    assertEqual(await page.$(NOTICE), null, 'no saving notice');
  },

  async function a_browser_that_keeps_nothing_says_so_and_offers_the_files({ page, context, baseUrl }) {
    await context.addInitScript(() => {
      Storage.prototype.setItem = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
      indexedDB.open = function () {
        throw new DOMException('IndexedDB is turned off.', 'InvalidStateError');
      };
    });
    await open(page, baseUrl);
    await typeAtEnd(page, ' # not-kept-91');
    await waitForSelector(page, NOTICE);
    const text = await page.textContent(NOTICE);
    assert(text.includes('This browser refused to keep your files'), `the notice says so: ${text}`);
    const [dl] = await Promise.all([
      page.waitForEvent('download', { timeout: 15000 }),
      page.click('[data-testid=saving-download]'),
    ]);
    assertEqual(dl.suggestedFilename(), 'podplay-files.yaml', 'the download name');
    const file = await dl.path();
    const bundle = await fs.readFile(file, 'utf8');
    assert(bundle.startsWith('# file: editor.yaml\n'), `the bundle names the first file: ${bundle.slice(0, 40)}`);
    assert(bundle.includes(' # not-kept-91\n---\n# file: '), 'the typed text, then the next file');
    const names = bundle.split('\n').filter((l) => l.startsWith('# file: '));
    assertEqual(names.length, 4, `four files: ${names.join(', ')}`);
  },

  async function two_tabs_never_overwrite_each_other_silently({ page, context, baseUrl }) {
    const a = page;
    await open(a, baseUrl);
    const b = await context.newPage();
    await open(b, baseUrl);
    await typeAtEnd(a, ' # from-a');
    await waitUntil(async () => (await stored(a)).includes('# from-a'), { message: 'A saved its edit' });
    // B learns of A's write and stops saving.
    await waitForSelector(b, NOTICE);
    const note = await b.textContent(NOTICE);
    assert(note.includes('These files were changed in another tab'), `B's notice: ${note}`);
    await typeAtEnd(b, ' # from-b');
    await sleep(1200);
    let kept = await stored(b);
    assert(kept.includes('# from-a') && !kept.includes('# from-b'), 'B did not overwrite A');
    await b.screenshot({ path: new URL('./screenshots/saving-conflict.png', import.meta.url).pathname });

    // Keep mine: B's files over A's, and A is asked in turn.
    await b.click('[data-testid=saving-mine]');
    await waitUntil(async () => (await stored(b)).includes('# from-b'), { message: "B's files written" });
    kept = await stored(b);
    assert(!kept.includes('# from-a'), 'B kept its own text');
    assertEqual(await b.$(NOTICE), null, "B's notice is gone");
    await waitForSelector(a, NOTICE);

    // Load theirs: A shows B's files, can undo back to its own, and saves again.
    await a.click('[data-testid=saving-theirs]');
    await waitUntil(async () => (await editorText(a)).endsWith(' # from-b'), { message: "A shows B's text" });
    assertEqual(await a.$(NOTICE), null, "A's notice is gone");
    assert(!(await editorText(a)).includes('# from-a'), "A's own text replaced");
    await waitForSelector(a, '[data-testid=example-undo]');
    const undoNote = await a.textContent('[data-testid=files-notice]');
    assert(undoNote.startsWith('Your saved files'), `A is told its edits can come back: ${undoNote}`);
    const written = await stored(a);
    assert(written.includes('# from-b'), 'loading theirs wrote nothing over them');
    await typeAtEnd(a, ' # again-a');
    await waitUntil(async () => (await stored(a)).includes('# from-b # again-a'), {
      message: 'A saves again after loading theirs',
    });
    await waitForSelector(b, NOTICE);
  },
];
