// The page's weight: the gzip -9 size of every .wasm, .js and .css file under a dist folder and
// their sum in KiB. Used by `make test` (a gate the page must stay under) and by the benchmark
// (against the size target). The service worker (sw.js, fetched once after the page has started),
// the single-file build and the embedding example page are not the page's weight: they are
// skipped by name.
//
//   node tests/e2e/dist_size.mjs DIST_DIR GATE_KIB   exits 1 above GATE_KIB or with no files
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

/** Prints each file's raw and gzip size and the total; returns { totalKiB, nFiles, within }. */
export function distSize(dir, limitKiB, label) {
  const files = listFiles(dir)
    .filter((f) => /\.(wasm|js|css)$/.test(f) && !NOT_COUNTED.has(path.basename(f)))
    .sort();
  console.log(`dist transfer size (gzip -9) of ${dir}:`);
  let total = 0;
  for (const file of files) {
    const raw = readFileSync(file);
    const gz = gzipSync(raw, { level: zlibConstants.Z_BEST_COMPRESSION }).length;
    total += gz;
    console.log(
      `  ${path.relative(dir, file).padEnd(48)} ${(raw.length / 1024).toFixed(1).padStart(8)} KiB raw ` +
        `${(gz / 1024).toFixed(1).padStart(8)} KiB gzip`,
    );
  }
  const totalKiB = total / 1024;
  const within = totalKiB <= limitKiB;
  console.log(
    `  total: ${totalKiB.toFixed(1)} KiB gzip (${label} <= ${limitKiB} KiB): ${within ? 'within' : 'OVER'}`,
  );
  if (files.length === 0) {
    console.log('  no .wasm/.js/.css files: build dist/ first (make dist)');
  }
  return { totalKiB, nFiles: files.length, within };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir = 'dist', gate = '1150'] = process.argv.slice(2);
  const { nFiles, within } = distSize(dir, Number(gate), 'gate');
  process.exit(nFiles > 0 && within ? 0 : 1);
}
