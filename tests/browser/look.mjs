// Screenshots of pages for a person to look at: node look.mjs BASE EMAIL PASSWORD PATH...
import { chromium } from 'playwright-core';
const [base, email, password, ...paths] = process.argv.slice(2);
const out = process.env.SHOTS || '/tmp/shots';
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});
for (const [label, viewport] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 800 }]]) {
  const context = await browser.newContext({ viewport, locale: process.env.LOOK_LOCALE || 'en-GB' });
  const page = await context.newPage();
  if (email) {
    await page.goto(`${base}/signin`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', password);
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
  }
  for (const p of paths) {
    await page.goto(base + p);
    const name = `${p.replace(/[^a-z0-9]+/gi, '_')}-${label}`;
    await page.screenshot({ path: `${out}/${name}.png`, fullPage: true });
    console.log(`${out}/${name}.png`);
  }
  await context.close();
}
await browser.close();
