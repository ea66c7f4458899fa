// The HTML page (issue 19) in a real browser: Debian's chromium, headless, driven by puppeteer-core
// (tools/browser). Every gallery case (tests/data/figures/CASE: data.csv + args.txt) is drawn through
// the command as a page and as a PNG, and its page is held to:
// - no console error, no uncaught exception, and no request but the page itself;
// - a screenshot of the figure at its size in pixels within RMS 8 of our PNG of the same figure;
// - hovering the centre of every cell shows that cell's row label, column label and value (the
//   annotation drawn in it, or the CSV's number as Python's "g" prints it, or "nan");
// - zoomed 4x by the wheel and panned by a drag, a cell's tooltip is still right and the pixel
//   under the pointer is that cell's color; a double click resets the zoom;
// and the tutorial's 4x5 figure is walked with the arrow keys: every cell is reached and announced
// in the ARIA live region. A downsampled figure's pixels name the cells they stand for.
//
//   node tests/browser/test_html_page.mjs HEATMAP_COMMAND TESTS_DATA_DIR OUT_DIR
//
// One browser for everything; prints a line per check that fails and "N passed, N failed".
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { pathToFileURL, fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const { launch } = await import(pathToFileURL(path.join(here, '../../tools/browser/chromium.mjs')).href);

const [command, data_dir, out_root] = process.argv.slice(2);
if (!command || !data_dir || !out_root) {
    console.error('usage: test_html_page.mjs HEATMAP_COMMAND TESTS_DATA_DIR OUT_DIR');
    process.exit(2);
}
const out_dir = path.join(out_root, 'html');
fs.mkdirSync(out_dir, { recursive: true });

let passed = 0, failed = 0;
function check(ok, what) {
    if (ok) {
        passed++;
    } else {
        failed++;
        console.log(`FAILED: ${what}`);
    }
    return ok;
}

// ---- PNG decoding (8-bit gray, RGB, RGBA or palette, not interlaced: ours and Chromium's) ----
function decode_png(buf) {
    let pos = 8, width = 0, height = 0, type = 0, depth = 0, palette = null, trns = null;
    const idat = [];
    while (pos < buf.length) {
        const len = buf.readUInt32BE(pos), kind = buf.toString('latin1', pos + 4, pos + 8);
        const body = buf.subarray(pos + 8, pos + 8 + len);
        if (kind === 'IHDR') {
            width = body.readUInt32BE(0), height = body.readUInt32BE(4), depth = body[8], type = body[9];
            if (body[12] !== 0) throw new Error('interlaced PNG');
        } else if (kind === 'PLTE') palette = body;
        else if (kind === 'tRNS') trns = body;
        else if (kind === 'IDAT') idat.push(body);
        pos += 12 + len;
    }
    if (depth !== 8) throw new Error(`PNG depth ${depth}`);
    const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[type];
    const raw = zlib.inflateSync(Buffer.concat(idat)), stride = width * channels;
    const rows = Buffer.alloc(stride * height);
    for (let y = 0; y < height; y++) {
        const f = raw[y * (stride + 1)], src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
        const cur = rows.subarray(y * stride, (y + 1) * stride), prev = y ? rows.subarray((y - 1) * stride, y * stride) : null;
        for (let i = 0; i < stride; i++) {
            const a = i >= channels ? cur[i - channels] : 0, b = prev ? prev[i] : 0, c = prev && i >= channels ? prev[i - channels] : 0;
            let p = 0;
            if (f === 1) p = a;
            else if (f === 2) p = b;
            else if (f === 3) p = (a + b) >> 1;
            else if (f === 4) {
                const q = a + b - c, pa = Math.abs(q - a), pb = Math.abs(q - b), pc = Math.abs(q - c);
                p = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
            }
            cur[i] = (src[i] + p) & 255;
        }
    }
    const rgba = Buffer.alloc(width * height * 4);
    for (let i = 0; i < width * height; i++) {
        let r, g, b, al = 255;
        if (type === 3) {
            const k = rows[i];
            r = palette[3 * k], g = palette[3 * k + 1], b = palette[3 * k + 2], al = trns && k < trns.length ? trns[k] : 255;
        } else if (type === 0 || type === 4) {
            r = g = b = rows[i * channels];
            if (type === 4) al = rows[i * channels + 1];
        } else {
            r = rows[i * channels], g = rows[i * channels + 1], b = rows[i * channels + 2];
            if (type === 6) al = rows[i * channels + 3];
        }
        // Over white, as a page shows a transparent pixel.
        rgba[4 * i] = Math.round((r * al + 255 * (255 - al)) / 255);
        rgba[4 * i + 1] = Math.round((g * al + 255 * (255 - al)) / 255);
        rgba[4 * i + 2] = Math.round((b * al + 255 * (255 - al)) / 255);
        rgba[4 * i + 3] = 255;
    }
    return { width, height, rgba };
}

function rms(a, b) {
    if (a.width !== b.width || a.height !== b.height) return Infinity;
    let sum = 0;
    for (let i = 0; i < a.rgba.length; i++)
        if (i % 4 !== 3) sum += (a.rgba[i] - b.rgba[i]) ** 2;
    return Math.sqrt(sum / (a.width * a.height * 3));
}

// ---- the cases ----
function case_args(name) {
    return fs.readFileSync(path.join(data_dir, 'figures', name, 'args.txt'), 'utf8').split('\n').filter(Boolean);
}
function flag(args, name) {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
}
function draw(input, args, out, extra = []) {
    execFileSync(command, [input, ...args, ...extra, '-o', out], { stdio: ['ignore', 'ignore', 'inherit'] });
}

// The CSV's labels and cells as text (the gallery's files: ',' separated, labels when the first
// cell is empty).
function read_csv(file) {
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.length);
    const cells = lines.map((l) => l.split(','));
    const labelled = cells[0][0] === '';
    if (!labelled) return { rows: null, cols: null, values: cells };
    return {
        cols: cells[0].slice(1),
        rows: cells.slice(1).map((r) => r[0]),
        values: cells.slice(1).map((r) => r.slice(1)),
    };
}

// What the tooltip must say of cell (r, c): its labels, and its annotation, else its value.
function expected_lines(args, csv, layout, r, c) {
    const cell = layout.cells.find((x) => x.row === r && x.col === c);
    const [x0, y0, x1, y1] = cell.box;
    let value;
    const text = csv.values[r][c];
    if (text === '') {
        value = 'nan';
    } else if (args.includes('--annot')) {
        const a = layout.annotations.find(([, , b]) => {
            const cx = (b[0] + b[2]) / 2, cy = (b[1] + b[3]) / 2;
            return cx > x0 && cx < x1 && cy > y0 && cy < y1;
        });
        value = a ? a[0] : '(no annotation)';
    } else {
        value = String(Number(text));
    }
    return [
        `${flag(args, '--ylabel') || 'row'}: ${csv.rows ? csv.rows[r] : r}`,
        `${flag(args, '--xlabel') || 'column'}: ${csv.cols ? csv.cols[c] : c}`,
        `${flag(args, '--cbar-label') || 'value'}: ${value}`,
    ];
}

async function open_page(browser, file, width, height) {
    const page = await browser.newPage();
    const problems = [];
    const url = pathToFileURL(file).href;
    page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warn') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    page.on('request', (r) => {
        if (r.url() !== url && !r.url().startsWith('data:')) problems.push(`request: ${r.url().slice(0, 80)}`);
    });
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url().slice(0, 80)}`));
    await page.setViewport({ width: Math.ceil(width) + 400, height: Math.ceil(height) + 200 });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => document.getElementById('hm').dataset.ready, { timeout: 5000 });
    return { page, problems };
}

const tooltip = (page) => page.evaluate(() => {
    const t = document.querySelector('.hm-tip');
    return t.hidden ? null : t.textContent.split('\n');
});
const view = (page) => page.evaluate(() => document.getElementById('hm').dataset.view.split(' ').map(Number));
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

async function check_case(browser, name) {
    const dir = path.join(data_dir, 'figures', name);
    const args = case_args(name);
    const html = path.join(out_dir, `${name}.html`), png = path.join(out_dir, `${name}.png`);
    const layout_file = path.join(out_dir, `${name}.layout.json`);
    draw(path.join(dir, 'data.csv'), args, html, ['--layout-json', layout_file]);
    draw(path.join(dir, 'data.csv'), args, png);
    const layout = JSON.parse(fs.readFileSync(layout_file, 'utf8'));
    const csv = read_csv(path.join(dir, 'data.csv'));
    const ours = decode_png(fs.readFileSync(png));
    const { page, problems } = await open_page(browser, html, ours.width, ours.height);

    // The figure as the browser draws it, at its size in pixels, against our PNG.
    const shot_file = path.join(out_dir, `${name}.page.png`);
    const box = await page.evaluate(() => {
        const r = document.querySelector('#hm svg').getBoundingClientRect();
        return [r.left, r.top, r.width, r.height];
    });
    check(box[2] === ours.width && box[3] === ours.height,
          `${name}: the page shows the figure at ${box[2]}x${box[3]} px, its PNG is ${ours.width}x${ours.height}`);
    await page.screenshot({ path: shot_file, clip: { x: box[0], y: box[1], width: ours.width, height: ours.height } });
    const shot = decode_png(fs.readFileSync(shot_file));
    const d = rms(shot, ours);
    check(d <= 8, `${name}: screenshot against our PNG: RMS ${d.toFixed(2)} > 8`);
    console.log(`${name}: screenshot RMS ${d.toFixed(2)} against the PNG`);

    // Every cell's centre.
    const at = (x, y) => [box[0] + x, box[1] + y];
    let right = 0;
    for (const cell of layout.cells) {
        const [x0, y0, x1, y1] = cell.box;
        await page.mouse.move(...at((x0 + x1) / 2, (y0 + y1) / 2));
        const got = await tooltip(page), want = expected_lines(args, csv, layout, cell.row, cell.col);
        if (check(same(got, want), `${name}: cell (${cell.row}, ${cell.col}) shows ${JSON.stringify(got)}, not ${JSON.stringify(want)}`))
            right++;
    }
    check(layout.cells.length === layout.shape[0] * layout.shape[1], `${name}: the layout lists every cell`);

    // Zoom 4x about the axes' centre, pan by a drag, and read cells where they now are.
    const [ax0, ay0, ax1, ay1] = layout.axes;
    const P = [(ax0 + ax1) / 2, (ay0 + ay1) / 2];
    await page.mouse.move(...at(...P));
    await page.mouse.wheel({ deltaY: -500 * Math.log(4) });
    const z = (await view(page))[0];
    check(Math.abs(z - 4) < 1e-3, `${name}: the wheel zoomed ${z}x, not 4x`);
    const drag = [-37, -23];
    await page.mouse.down();
    await page.mouse.move(...at(P[0] + drag[0] / 2, P[1] + drag[1] / 2));
    await page.mouse.move(...at(P[0] + drag[0], P[1] + drag[1]));
    await page.mouse.up();
    // A point c of the figure at zoom 1 is now at P + drag + z (c - P); probe each cell near the
    // centre a fifth of the way in from its top-left corner (away from annotations and lines).
    await page.mouse.move(1, 1);  // the tooltip and highlight away from the picture
    const zoomed_shot = decode_png(await page.screenshot({ clip: { x: box[0], y: box[1], width: ours.width, height: ours.height } }));
    let probed = 0;
    for (const cell of layout.cells) {
        const [x0, y0, x1, y1] = cell.box;
        const c = [x0 + 0.2 * (x1 - x0), y0 + 0.2 * (y1 - y0)];
        const q = [P[0] + drag[0] + z * (c[0] - P[0]), P[1] + drag[1] + z * (c[1] - P[1])];
        if (q[0] < ax0 + 2 || q[0] > ax1 - 2 || q[1] < ay0 + 2 || q[1] > ay1 - 2) continue;
        probed++;
        const px = 4 * (Math.round(q[1]) * zoomed_shot.width + Math.round(q[0]));
        const color = '#' + [0, 1, 2].map((k) => zoomed_shot.rgba[px + k].toString(16).padStart(2, '0')).join('');
        const want_color = cell.color.length === 9 && cell.color.endsWith('00') ? '#ffffff' : cell.color.slice(0, 7);
        check(color === want_color, `${name} zoomed: the pixel at cell (${cell.row}, ${cell.col}) is ${color}, not ${want_color}`);
        await page.mouse.move(...at(...q));
        const got = await tooltip(page), want = expected_lines(args, csv, layout, cell.row, cell.col);
        check(same(got, want), `${name} zoomed 4x and panned: cell (${cell.row}, ${cell.col}) shows ${JSON.stringify(got)}, not ${JSON.stringify(want)}`);
    }
    check(probed > 0, `${name}: no cell was probed after zooming`);
    await page.mouse.click(...at(...P), { clickCount: 2 });
    check((await view(page))[0] === 1, `${name}: a double click did not reset the zoom`);

    check(problems.length === 0, `${name}: ${problems.join('; ')}`);
    console.log(`${name}: ${right}/${layout.cells.length} cells hovered right, ${probed} probed zoomed 4x and panned`);
    return page;
}

// The arrow keys reach every cell of the tutorial's 4x5 figure, each announced.
async function check_keyboard(page, name) {
    const layout = JSON.parse(fs.readFileSync(path.join(out_dir, `${name}.layout.json`), 'utf8'));
    const args = case_args(name), csv = read_csv(path.join(data_dir, 'figures', name, 'data.csv'));
    const [rows, cols] = layout.shape;
    check(await page.evaluate(() => document.getElementById('hm-live').getAttribute('aria-live') === 'polite'),
          `${name}: no polite ARIA live region`);
    await page.focus('#hm');
    const seen = new Set();
    const read = async (r, c) => {
        const said = await page.evaluate(() => document.getElementById('hm-live').textContent);
        const want = expected_lines(args, csv, layout, r, c).join(', ');
        if (check(said === want, `${name} keyboard: at (${r}, ${c}) the live region says "${said}", not "${want}"`))
            seen.add(`${r},${c}`);
    };
    await page.keyboard.press('ArrowRight');  // the first key selects the first cell
    await read(0, 0);
    for (let r = 0; r < rows; r++) {
        const right = r % 2 === 0;
        for (let k = 1; k < cols; k++) {
            await page.keyboard.press(right ? 'ArrowRight' : 'ArrowLeft');
            await read(r, right ? k : cols - 1 - k);
        }
        if (r + 1 < rows) {
            await page.keyboard.press('ArrowDown');
            await read(r + 1, right ? cols - 1 : 0);
        }
    }
    check(seen.size === rows * cols, `${name} keyboard: reached ${seen.size} of ${rows * cols} cells`);
    console.log(`${name}: keyboard walk reached ${seen.size} of ${rows * cols} cells`);
}

// A matrix larger than its axes: each pixel names the rows and columns it covers, which hold the
// cell under the pointer, and a mean among theirs (cell (r, c) holds r * cols + c).
async function check_downsampled(browser) {
    const rows = 600, cols = 900, csv = path.join(out_dir, 'downsampled.csv');
    const lines = [];
    for (let r = 0; r < rows; r++) lines.push(Array.from({ length: cols }, (_, c) => r * cols + c).join(','));
    fs.writeFileSync(csv, lines.join('\n') + '\n');
    const html = path.join(out_dir, 'downsampled.html'), layout_file = path.join(out_dir, 'downsampled.layout.json');
    draw(csv, ['--figsize', '4,3', '--dpi', '100'], html, ['--layout-json', layout_file]);
    const layout = JSON.parse(fs.readFileSync(layout_file, 'utf8'));
    check(layout.downsampled, 'downsampled: the figure is not downsampled');
    const { page, problems } = await open_page(browser, html, 400, 300);
    const box = await page.evaluate(() => {
        const r = document.querySelector('#hm svg').getBoundingClientRect();
        return [r.left, r.top];
    });
    const [ax0, ay0, ax1, ay1] = layout.axes;
    let right = 0, probes = 0;
    const range = (s) => {
        const m = /^(\d+)(?: \u2013 (\d+))?$/.exec(s);
        return m ? [Number(m[1]), Number(m[2] ?? m[1])] : null;
    };
    for (let k = 0; k < 25; k++) {
        const x = ax0 + (ax1 - ax0) * ((k % 5) + 0.37) / 5, y = ay0 + (ay1 - ay0) * (Math.floor(k / 5) + 0.61) / 5;
        await page.mouse.move(box[0] + x, box[1] + y);
        const t = await tooltip(page);
        probes++;
        const r = Math.floor((y - ay0) / (ay1 - ay0) * rows), c = Math.floor((x - ax0) / (ax1 - ax0) * cols);
        const rr = t && range(t[0].replace(/^rows?: /, '')), cc = t && range(t[1].replace(/^columns?: /, ''));
        const m = t && /^mean of (\d+) cells: (.*)$/.exec(t[2]);
        const ok = rr && cc && m && rr[0] <= r && r <= rr[1] && cc[0] <= c && c <= cc[1] &&
                   Number(m[1]) === (rr[1] - rr[0] + 1) * (cc[1] - cc[0] + 1) &&
                   Number(m[2]) >= (rr[0] * cols + cc[0]) * (1 - 1e-3) && Number(m[2]) <= (rr[1] * cols + cc[1]) * (1 + 1e-3);
        if (check(ok, `downsampled: at cell (${r}, ${c}) the tooltip says ${JSON.stringify(t)}`)) right++;
    }
    check(problems.length === 0, `downsampled: ${problems.join('; ')}`);
    console.log(`downsampled: ${right}/${probes} pixels name their cells and a mean among them`);
    await page.close();
}

const browser = await launch();
console.log(`browser: ${await browser.version()}`);
try {
    const cases = fs.readdirSync(path.join(data_dir, 'figures')).filter((n) =>
        fs.existsSync(path.join(data_dir, 'figures', n, 'args.txt'))).sort();
    check(cases.length >= 6, `found ${cases.length} gallery cases`);
    for (const name of cases) {
        const page = await check_case(browser, name);
        if (name === 'tutorial') await check_keyboard(page, name);
        await page.close();
    }
    await check_downsampled(browser);
} finally {
    await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
