// The page's weight: the gzip -9 size of every .wasm, .js and .css file under a dist folder,
// summed for the first module (what the loader starts first) and for the whole page, in KiB. Used by `make test` (a gate the page must stay under) and by the benchmark
// (against the size target). The service worker (sw.js, fetched once after the page has started),
// the single-file build and the embedding example page are not the page's weight: they are
// skipped by name.
//
//   node tests/e2e/dist_size.mjs DIST_DIR FIRST_GATE_KIB TOTAL_GATE_KIB
//   exits 1 with the first module above FIRST_GATE_KIB, the whole page above TOTAL_GATE_KIB, or no files
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants as zlibConstants } from 'node:zlib';

/** Files in dist that are not part of the page's weight. */
const NOT_COUNTED = new Set(['sw.js', 'podplay-single.html', 'embed-example.js', 'embed-example.css']);

function listFiles(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/**
 * Which part of the page a file belongs to: the first module (what the loader starts first: the
 * loader, the styles and `podplay-first-*`, the editor and validator) or the full page fetched
 * after it (`podplay-<hash>`: simulation, scene, console).
 */
export function partOf(file) {
  return /^podplay-[0-9a-f]+(?:_bg\.wasm|\.js)$/.test(path.basename(file)) ? 'full' : 'first';
}

/**
 * Prints each file's raw and gzip size, the first module's and the whole page's sums; returns
 * { firstKiB, totalKiB, nFiles, within } (`within`: the first module at most `limitKiB` and, when
 * given, the whole page at most `totalLimitKiB`).
 */
export function distSize(dir, limitKiB, label, totalLimitKiB = null) {
  const files = listFiles(dir)
    .filter((f) => /\.(wasm|js|css)$/.test(f) && !NOT_COUNTED.has(path.basename(f)))
    .sort();
  console.log(`dist transfer size (gzip -9) of ${dir}:`);
  let total = 0;
  let first = 0;
  for (const file of files) {
    const raw = readFileSync(file);
    const gz = gzipSync(raw, { level: zlibConstants.Z_BEST_COMPRESSION }).length;
    total += gz;
    if (partOf(file) === 'first') first += gz;
    console.log(
      `  ${path.relative(dir, file).padEnd(48)} ${(raw.length / 1024).toFixed(1).padStart(8)} KiB raw ` +
        `${(gz / 1024).toFixed(1).padStart(8)} KiB gzip  ${partOf(file) === 'first' ? 'first module' : 'full page'}`,
    );
  }
  const firstKiB = first / 1024;
  const totalKiB = total / 1024;
  const firstWithin = firstKiB <= limitKiB;
  const totalWithin = totalLimitKiB === null || totalKiB <= totalLimitKiB;
  console.log(
    `  first module (loader, styles, editor and validator): ${firstKiB.toFixed(1)} KiB gzip (${label} <= ${limitKiB} KiB): ${firstWithin ? 'within' : 'OVER'}`,
  );
  console.log(
    `  whole page (with the simulation and console fetched after it): ${totalKiB.toFixed(1)} KiB gzip` +
      (totalLimitKiB === null ? '' : ` (${label} <= ${totalLimitKiB} KiB): ${totalWithin ? 'within' : 'OVER'}`),
  );
  if (files.length === 0) {
    console.log('  no .wasm/.js/.css files: build dist/ first (make dist)');
  }
  return { firstKiB, totalKiB, nFiles: files.length, within: firstWithin && totalWithin };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir = 'dist', gate = '345', totalGate = '1540'] = process.argv.slice(2);
  const { nFiles, within } = distSize(dir, Number(gate), 'gate', Number(totalGate));
  process.exit(nFiles > 0 && within ? 0 : 1);
}
