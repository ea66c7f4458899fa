// Debian's chromium, headless, through puppeteer-core: the one way the page's tests and benchmark
// start a browser. The flags keep it off the network (this machine's is closed, and chromium would
// otherwise flood it with refused connections) and give it a fresh profile, removed on close.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const chromium_path = process.env.HEATMAP_CHROMIUM || '/usr/bin/chromium';

export async function launch() {
    let puppeteer;
    try {
        puppeteer = require('puppeteer-core');
    } catch (e) {
        throw new Error('puppeteer-core is not installed in tools/browser: run `bash .ci/setup` ' +
                        '(or `npm ci` in tools/browser)');
    }
    if (!fs.existsSync(chromium_path))
        throw new Error(`no chromium at ${chromium_path}: run \`bash .ci/setup\` (Debian's chromium) ` +
                        'or set HEATMAP_CHROMIUM');
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'heatmap-chromium-'));
    const browser = await puppeteer.launch({
        executablePath: chromium_path,
        headless: true,
        userDataDir: profile,
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync',
               '--disable-default-apps', '--disable-extensions', '--mute-audio',
               '--font-render-hinting=none', '--force-color-profile=srgb'],
    });
    const close = browser.close.bind(browser);
    browser.close = async () => {
        try {
            await close();
        } finally {
            fs.rmSync(profile, { recursive: true, force: true });
        }
    };
    return browser;
}
