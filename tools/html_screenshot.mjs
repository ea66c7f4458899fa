// The README's picture of the HTML page: the tutorial drawn as a page by the command, opened in
// headless Chromium, the pointer on one cell so that its tooltip shows.
//
//   node tools/html_screenshot.mjs build/heatmap examples/tutorial-html.png
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch } from './browser/chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [command, out] = process.argv.slice(2).map((p) => path.resolve(p));
const data = path.join(root, 'tests/data/figures/tutorial');
const args = fs.readFileSync(path.join(data, 'args.txt'), 'utf8').split('\n').filter(Boolean);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'heatmap-shot-'));
const page_file = path.join(work, 'tutorial.html');
const layout_file = path.join(work, 'layout.json');
execFileSync(command, [path.join(data, 'data.csv'), ...args, '-o', page_file, '--layout-json', layout_file]);
const layout = JSON.parse(fs.readFileSync(layout_file, 'utf8'));

const browser = await launch();
const page = await browser.newPage();
await page.setViewport({ width: layout.figure_px[0], height: layout.figure_px[1] });
await page.goto(pathToFileURL(page_file).href);
await page.waitForFunction(() => document.getElementById('hm').dataset.ready);
// Billing on Wednesday: row 2, column 2, a little right of and below the cell's centre.
const cell = layout.cells.find((c) => c.row === 2 && c.col === 2);
const [x0, y0, x1, y1] = cell.box;
await page.mouse.move(x0 + 0.62 * (x1 - x0), y0 + 0.62 * (y1 - y0));
await page.screenshot({ path: out });
await browser.close();
fs.rmSync(work, { recursive: true, force: true });
console.log(`wrote ${out}`);
