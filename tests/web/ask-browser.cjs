// The public "Ask for help" form in a real browser: Debian's headless
// Chromium, driven by puppeteer-core, fills in and sends the form in Finnish
// and Swedish with the keyboard alone, reads the code and the answer page,
// takes screenshots at 360 and 1280 px, and runs axe-core on the form, its
// error state, the thank-you page, the answer page and the accessibility
// statement: no WCAG 2.1 A or AA violation may be found. It also fails on
// any Content-Security-Policy report (nothing may come from elsewhere) and
// any request that leaves 127.0.0.1.
//
//   MONIA_SERVER=… MONIA_LOCALEDIR=… MONIA_WEB_MODULES=…/node_modules \
//   MONIA_SCREENSHOTS=DIR node tests/web/ask-browser.cjs
//
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';

const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { createRequire } = require('module');

const modules = createRequire(path.join(process.env.MONIA_WEB_MODULES || path.join(__dirname, 'node_modules'), 'x.js'));
const puppeteer = modules('puppeteer-core');
const axeSource = modules('axe-core').source;

const SERVER = process.env.MONIA_SERVER;
const LOCALEDIR = process.env.MONIA_LOCALEDIR;
const CHROMIUM = process.env.MONIA_CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.MONIA_SCREENSHOTS || fs.mkdtempSync(path.join(os.tmpdir(), 'monia-shots-'));
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const MAX_TABS = 80;

let passed = 0;
let failed = 0;
const axeResults = [];

function check(ok, what) {
  if (ok) {
    passed++;
    console.log(`ok - ${what}`);
  } else {
    failed++;
    console.log(`not ok - ${what}`);
  }
}

function startServer() {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'monia-web-'));
  const run = (...args) => execFileSync(SERVER, ['--data', data, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  run('init');
  run('settings', 'set', 'region.name', 'Testialueen hyvinvointialue');
  run('settings', 'set', 'region.email', 'kirjaamo@example.fi');
  run('settings', 'set', 'region.phone', '029 000 0000');
  const args = ['--data', data, 'serve', '--listen', '127.0.0.1:0'];
  if (LOCALEDIR)
    args.push('--locale-dir', LOCALEDIR);
  const proc = spawn(SERVER, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('monia-server did not start')), 30000);
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const match = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (match) {
        clearTimeout(timer);
        resolve({ proc, data, url: `http://127.0.0.1:${match[1]}` });
      }
    });
    proc.on('exit', (code) => reject(new Error(`monia-server exited ${code}`)));
  });
}

async function axe(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), TAGS);
  const violations = result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.help}`);
  axeResults.push({ page: name, passes: result.passes.length, violations });
  for (const v of violations)
    console.log(`# ${name}: ${v}`);
  check(violations.length === 0, `axe: no WCAG 2.1 A/AA violations on ${name} (${result.passes.length} rules pass)`);
}

async function shoot(page, name) {
  for (const width of [360, 1280]) {
    await page.setViewport({ width, height: width === 360 ? 740 : 900 });
    const file = path.join(SHOTS, `${name}-${width}.png`);
    await page.screenshot({ path: file, fullPage: true });
  }
  await page.setViewport({ width: 360, height: 740 });
  // Nothing wider than a phone's screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  check(!overflow, `${name}: no sideways scrolling at 360 px`);
}

// Presses Tab until the element matching @selector has the focus; the
// number of presses is bounded.
async function tabTo(page, selector, what) {
  for (let i = 0; i < MAX_TABS; i++) {
    const here = await page.evaluate((sel) => document.activeElement && document.activeElement.matches(sel), selector);
    if (here)
      return true;
    await page.keyboard.press('Tab');
  }
  check(false, `reached ${what} with Tab`);
  return false;
}

async function focusVisible(page) {
  return page.evaluate(() => {
    const style = getComputedStyle(document.activeElement);
    return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  });
}

async function runLanguage(browser, url, lang) {
  const page = await browser.newPage();
  const cspReports = [];
  const outside = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/.test(msg.text()))
      cspReports.push(msg.text());
  });
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const target = new URL(request.url());
    if (target.hostname !== '127.0.0.1' && target.protocol !== 'data:') {
      outside.push(request.url());
      request.abort();
    } else {
      request.continue();
    }
  });
  await page.setViewport({ width: 360, height: 740 });

  await page.goto(`${url}/ask?lang=${lang}`, { waitUntil: 'load' });
  check(await page.evaluate(() => document.documentElement.lang) === lang, `${lang}: <html lang="${lang}">`);
  await axe(page, `form (${lang})`);
  await shoot(page, `form-${lang}`);

  // Send it empty, with the keyboard: the errors come back at the field.
  await page.focus('body');
  if (await tabTo(page, 'button[type=submit]', 'the Send button')) {
    check(await focusVisible(page), `${lang}: the focused button shows its focus`);
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  }
  check(await page.$('[role=alert]') !== null, `${lang}: an empty message gives an error summary (role=alert)`);
  check(await page.$eval('#message', (el) => el.getAttribute('aria-invalid')) === 'true',
        `${lang}: the message field is aria-invalid`);
  await axe(page, `form with errors (${lang})`);
  await shoot(page, `form-errors-${lang}`);

  // The summary's link leads to the field; then write, stay anonymous, send.
  await page.focus('body');
  if (await tabTo(page, '.error-summary a', 'the error summary\'s link'))
    await page.keyboard.press('Enter');
  if (await tabTo(page, '#message', 'the message field')) {
    check(await focusVisible(page), `${lang}: the focused field shows its focus`);
    await page.keyboard.type(lang === 'fi' ? 'Kaipaisimme tukea vauvan unirytmiin.' : 'Vi behöver stöd med babyns sömn.');
  }
  if (await tabTo(page, '#child_age', 'the age field'))
    await page.keyboard.press('ArrowDown');
  if (await tabTo(page, '#anonymous', 'the anonymous box'))
    await page.keyboard.press('Space');
  if (await tabTo(page, 'button[type=submit]', 'the Send button'))
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);

  const code = await page.$eval('#code', (el) => el.textContent).catch(() => null);
  check(code !== null && /^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(code), `${lang}: the thank-you page gives a code (${code})`);
  const day = await page.$eval('time', (el) => el.getAttribute('datetime')).catch(() => null);
  check(day !== null && /^\d{4}-\d\d-\d\d$/.test(day), `${lang}: the promise's day is in <time datetime> (${day})`);
  await axe(page, `thank-you page (${lang})`);
  await shoot(page, `thanks-${lang}`);

  // To the answer page and the code, with the keyboard.
  await page.focus('body');
  if (await tabTo(page, 'main a[href^="/ask/answer"]', 'the link to the answer page'))
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  await axe(page, `answer form (${lang})`);
  if (await tabTo(page, '#code', 'the code field'))
    await page.keyboard.type(code || '');
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  check(await page.$('#code') === null && await page.$('h1') !== null, `${lang}: the code opens the answer page`);
  await axe(page, `answer page (${lang})`);
  await shoot(page, `answer-${lang}`);

  await page.goto(`${url}/accessibility?lang=${lang}`, { waitUntil: 'load' });
  await axe(page, `accessibility statement (${lang})`);
  await shoot(page, `accessibility-${lang}`);
  await page.goto(`${url}/privacy?lang=${lang}`, { waitUntil: 'load' });
  await axe(page, `privacy notice (${lang})`);

  check(cspReports.length === 0, `${lang}: no Content-Security-Policy reports (${cspReports.join('; ')})`);
  check(outside.length === 0, `${lang}: nothing requested from elsewhere (${outside.join(', ')})`);
  await page.close();
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`# ${CHROMIUM} is missing: apt-get install chromium`);
    process.exit(77);
  }
  const server = await startServer();
  const args = ['--headless=new', '--disable-gpu', '--no-first-run', '--no-default-browser-check',
                '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1', '--proxy-server=direct://',
                '--disable-background-networking', '--disable-component-update', '--disable-sync'];
  if (process.getuid && process.getuid() === 0)
    args.push('--no-sandbox');
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args, timeout: 60000 });
  try {
    for (const lang of ['fi', 'sv'])
      await runLanguage(browser, server.url, lang);
  } finally {
    await browser.close();
    server.proc.kill('SIGTERM');
    fs.rmSync(server.data, { recursive: true, force: true });
  }
  console.log(`# screenshots in ${SHOTS}`);
  fs.writeFileSync(path.join(SHOTS, 'axe-results.json'), JSON.stringify(axeResults, null, 2));
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

const watchdog = setTimeout(() => {
  console.log('not ok - the browser test took longer than 4 minutes');
  process.exit(1);
}, 240000);
watchdog.unref();

main().catch((error) => {
  console.log(`not ok - ${error.stack || error}`);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
