// The HTML page's sizes and speed in headless Chromium (issue 19): the tutorial's page beside its
// SVG, a 1000x1000 matrix's page (under 6 MB), its first paint (under 300 ms) and the tooltip's
// latency (under 16 ms), and the page script's bytes. A benchmark, not a test: it prints numbers.
//
//   node tools/bench_html.mjs build/heatmap            # after `cmake --build build --target heatmap`
//
// Each page is loaded from file:// in a fresh tab, `runs` times; first paint is Chromium's
// first-contentful-paint entry (from navigation start), "ready" the moment the page's script has
// wired the figure (its data-ready attribute, timed from navigation start). Tooltip latency is
// timed two ways over 200 points across the cells: the pointermove handler itself (hit test, text,
// highlight, and the layout it forces to place the tooltip), and from a real input event (sent
// through the DevTools protocol) to the next animation frame after it, which adds the wait for
// that frame.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launch } from './browser/chromium.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const command = path.resolve(process.argv[2] || path.join(root, 'build/heatmap'));
const runs = Number(process.argv[3] || 7);
if (!fs.existsSync(command)) {
    console.error(`no heatmap command at ${command}: build it (cmake --build build --target heatmap)`);
    process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'heatmap-bench-html-'));

function draw(input, args, out) {
    execFileSync(command, [input, ...args, '-o', out], { stdio: ['ignore', 'ignore', 'inherit'] });
    return fs.statSync(out).size;
}

// A 1000x1000 matrix with structure and noise, as the benchmark matrix.
function big_matrix(file) {
    const n = 1000;
    const lines = [];
    for (let r = 0; r < n; r++) {
        const row = [];
        for (let c = 0; c < n; c++)
            row.push((Math.sin(r / 37) * Math.cos(c / 53) + ((r * 7919 + c * 104729) % 1000) / 5000)
                         .toFixed(4));
        lines.push(row.join(','));
    }
    fs.writeFileSync(file, lines.join('\n') + '\n');
}

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const fmt = (x) => x.toFixed(2);

async function measure(browser, file) {
    const first = [], ready = [];
    let handler = [], input = [];
    for (let i = 0; i < runs; i++) {
        const page = await browser.newPage();
        await page.setViewport({ width: 1400, height: 1000 });
        await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
        await page.waitForFunction(() => document.getElementById('hm').dataset.ready);
        // The paint entry arrives once the frame is presented, which can be after load.
        const fcp = await page.evaluate(() => new Promise((done) => {
            new PerformanceObserver((list) => {
                for (const e of list.getEntries())
                    if (e.name === 'first-contentful-paint') done(e.startTime);
            }).observe({ type: 'paint', buffered: true });
        }));
        first.push(fcp);
        // The script marks itself ready at its end; its time is that of the DOM's content loaded
        // plus the script's run, which the navigation entry holds.
        const nav = await page.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
        ready.push(nav);
        if (i === 0) {
            handler = await page.evaluate(() => {
                const svg = document.querySelector('#hm svg'), r = svg.getBoundingClientRect();
                const d = JSON.parse(document.getElementById('hm-data').textContent);
                const sx = r.width / d.W, sy = r.height / d.H, [x0, y0, x1, y1] = d.ax;
                const times = [];
                for (let k = 0; k < 200; k++) {
                    const x = r.left + (x0 + (x1 - x0) * ((k * 37) % 200 + 0.5) / 200) * sx;
                    const y = r.top + (y0 + (y1 - y0) * ((k * 71) % 200 + 0.5) / 200) * sy;
                    const t0 = performance.now();
                    svg.dispatchEvent(new PointerEvent('pointermove', { clientX: x, clientY: y, bubbles: true }));
                    document.querySelector('.hm-tip').offsetWidth;  // layout done
                    times.push(performance.now() - t0);
                }
                return times;
            });
            const box = await page.evaluate(() => {
                const r = document.querySelector('#hm svg').getBoundingClientRect();
                const d = JSON.parse(document.getElementById('hm-data').textContent);
                return { left: r.left, top: r.top, sx: r.width / d.W, sy: r.height / d.H, ax: d.ax };
            });
            await page.evaluate(() => {
                window.__lat = [];
                document.querySelector('#hm svg').addEventListener('pointermove', (e) => {
                    const t = e.timeStamp;
                    requestAnimationFrame(() => window.__lat.push(performance.now() - t));
                });
            });
            for (let k = 0; k < 60; k++) {
                const [x0, y0, x1, y1] = box.ax;
                const x = box.left + (x0 + (x1 - x0) * ((k * 37) % 60 + 0.5) / 60) * box.sx;
                const y = box.top + (y0 + (y1 - y0) * ((k * 23) % 60 + 0.5) / 60) * box.sy;
                await page.mouse.move(x, y);
                await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
            }
            input = await page.evaluate(() => window.__lat);
        }
        await page.close();
    }
    return { first, ready, handler, input };
}

const data = path.join(root, 'tests/data/figures/tutorial');
const tutorial_args = fs.readFileSync(path.join(data, 'args.txt'), 'utf8').split('\n').filter(Boolean);
const pages = {};
const sizes = {};
sizes.tutorial_svg = draw(path.join(data, 'data.csv'), tutorial_args, path.join(work, 'tutorial.svg'));
sizes.tutorial_png = draw(path.join(data, 'data.csv'), tutorial_args, path.join(work, 'tutorial.png'));
sizes.tutorial_html = draw(path.join(data, 'data.csv'), tutorial_args, pages.tutorial = path.join(work, 'tutorial.html'));
big_matrix(path.join(work, 'big.csv'));
sizes.big_svg = draw(path.join(work, 'big.csv'), [], path.join(work, 'big.svg'));
sizes.big_png = draw(path.join(work, 'big.csv'), [], path.join(work, 'big.png'));
sizes.big_html = draw(path.join(work, 'big.csv'), [], pages.big = path.join(work, 'big.html'));
const html = fs.readFileSync(pages.tutorial, 'utf8');
const script = html.slice(html.lastIndexOf('<script>') + 8, html.lastIndexOf('</script>'));

const browser = await launch();
console.log(`browser: ${await browser.version()} (${process.env.HEATMAP_CHROMIUM || '/usr/bin/chromium'}), ` +
            `puppeteer-core ${JSON.parse(fs.readFileSync(path.join(root, 'tools/browser/node_modules/puppeteer-core/package.json'))).version}, node ${process.version}`);
console.log(`page script: ${Buffer.byteLength(script)} bytes`);
console.log(`tutorial: page ${sizes.tutorial_html} B, SVG ${sizes.tutorial_svg} B (page/SVG ${fmt(sizes.tutorial_html / sizes.tutorial_svg)}x), PNG ${sizes.tutorial_png} B`);
console.log(`1000x1000: page ${sizes.big_html} B (${fmt(sizes.big_html / 1048576)} MiB), SVG ${sizes.big_svg} B, PNG ${sizes.big_png} B`);
for (const name of ['tutorial', 'big']) {
    const m = await measure(browser, pages[name]);
    console.log(`${name === 'big' ? '1000x1000' : name}: first paint median ${fmt(median(m.first))} ms ` +
                `(max ${fmt(Math.max(...m.first))}), DOM content loaded with the script run ${fmt(median(m.ready))} ms; ` +
                `tooltip handler median ${fmt(median(m.handler))} ms (max ${fmt(Math.max(...m.handler))}); ` +
                `input event to next frame median ${fmt(median(m.input))} ms (max ${fmt(Math.max(...m.input))}) over ${runs} loads`);
}
await browser.close();
fs.rmSync(work, { recursive: true, force: true });
