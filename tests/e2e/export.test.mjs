// End-to-end test of Export: after Apply and web-1 Ready, each item of the console's Export
// menu gives a download made in the page: the scene as an SVG file that parses on its own and
// names web-0 and web-1, the same scene as a PNG, the transcript and the history as a
// `podplay run` script carrying its manifests in here-documents.

import fs from 'node:fs/promises';

import { assert, waitForSelector, waitUntil } from './harness.mjs';

const APP_START_TIMEOUT_MS = 30000;

/** Clicks Export then `testid`; returns the download's suggested name and its bytes. */
async function download(page, testid) {
  const open = await page.$eval('[data-testid=export-menu]', (d) => d.open);
  if (!open) await page.click('[data-testid=export]');
  const [dl] = await Promise.all([
    page.waitForEvent('download', { timeout: 15000 }),
    page.click(`[data-testid=${testid}]`),
  ]);
  const file = await dl.path();
  assert(file, `${testid}: the download was saved`);
  return { name: dl.suggestedFilename(), bytes: await fs.readFile(file) };
}

async function exportsEachDownload({ page, context, baseUrl, screenshot }) {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${baseUrl}?speed=10`);
  await waitForSelector(page, '[data-testid=apply]', { timeout: APP_START_TIMEOUT_MS });
  await page.click('[data-testid=apply]');
  await waitForSelector(page, '[data-testid="pod-web-1"][data-state=ready]', { timeout: 40000 });

  const svg = await download(page, 'export-svg');
  assert(svg.name === 'podplay-scene.svg', `the SVG's name: ${svg.name}`);
  const svgText = svg.bytes.toString('utf8');
  // It parses as XML on its own, its root is an SVG in the SVG namespace, and it names both pods.
  // Parsed in a blank page: a document parsed in podplay's page falls under its
  // Content-Security-Policy, which refuses the file's style attributes (and says so).
  const blank = await context.newPage();
  const parsed = await blank.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const error = doc.querySelector('parsererror');
    const root = doc.documentElement;
    return {
      error: error ? error.textContent : null,
      root: root.localName,
      ns: root.namespaceURI,
      text: root.textContent,
      styled: doc.querySelectorAll('[style]').length,
    };
  }, svgText);
  await blank.close();
  assert(parsed.error === null, `the SVG parses: ${parsed.error}`);
  assert(parsed.root === 'svg' && parsed.ns === 'http://www.w3.org/2000/svg', `root ${parsed.root} ${parsed.ns}`);
  assert(parsed.text.includes('web-0') && parsed.text.includes('web-1'), 'the SVG names web-0 and web-1');
  assert(parsed.styled > 10, `the SVG carries its look (${parsed.styled} styled elements)`);
  assert(!svgText.includes('class="'), 'no class is left to need the page style sheet');

  const png = await download(page, 'export-png');
  assert(png.name === 'podplay-scene.png', `the PNG's name: ${png.name}`);
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  assert(signature.every((b, i) => png.bytes[i] === b), 'the PNG starts with the PNG signature');
  assert(png.bytes.length > 2000, `the PNG holds a picture (${png.bytes.length} bytes)`);

  const transcript = (await download(page, 'export-transcript')).bytes.toString('utf8');
  assert(transcript.startsWith('$ minikube start\n'), `the transcript begins: ${transcript.slice(0, 40)}`);
  assert(transcript.includes('$ kubectl apply -f editor.yaml\n'), 'the transcript shows the apply');
  assert(transcript.includes('statefulset.apps/web created'), "the transcript shows kubectl's answer");

  const script = (await download(page, 'export-script')).bytes.toString('utf8');
  assert(script.startsWith("cat <<'EOF' > editor.yaml\n"), `the script begins: ${script.slice(0, 40)}`);
  assert(script.includes('\nEOF\nminikube start\n'), 'the here-document ends before the first line');
  assert(script.includes('\nkubectl apply -f editor.yaml\n'), 'the Apply is kubectl apply -f');
  assert(script.includes('kind: StatefulSet'), 'the script carries the manifests');

  await waitUntil(async () => page.$eval('[data-testid=export-menu]', (d) => d.open), {
    message: 'the menu open for the picture',
  });
  await screenshot('export-menu-1440x900');
}

export default [{ name: 'export_gives_svg_png_transcript_and_script', fn: exportsEachDownload }];
