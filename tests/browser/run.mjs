// Browser tests of the resilift web app: the real release binary on a temporary database,
// driven through Debian's Chromium by playwright-core (no browser is ever downloaded), with
// axe-core checking accessibility. Screenshots of the key pages go to test-output/screenshots.
//
//   RESILIFT_BIN=target/release/resilift node tests/browser/run.mjs
//
// Exits non-zero when any check fails.

import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import ICAL from 'ical.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const bin = path.resolve(root, process.env.RESILIFT_BIN || 'target/release/resilift');
const shots = path.join(root, 'test-output', 'screenshots');
const axeSource = readFileSync(path.join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

// ----- the server -------------------------------------------------------------------------

// Where the server keeps its data, for the operator's commands (clinician invites).
let dataDir = '';
// The form check's cached test data (tests/form_data.py): the pose-model package and clips.
const formData = process.env.RESILIFT_FORM_DATA || path.join(root, 'target', 'form-data');

function startServer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'resilift-browser-'));
  dataDir = path.join(dir, 'data');
  // The suite signs up many people from one address, past the hourly limit a server keeps.
  const config = path.join(dir, 'resilift.toml');
  writeFileSync(config, '[server]\nregistrations_per_hour = 10000\n');
  // The form check reads its pose models from the data folder: installed from the cached
  // package as an operator would (`resilift models install --from`).
  if (formData) {
    execFileSync(bin, ['models', 'install', '--from', path.join(formData, 'pose-0.5.1675469404.tgz'), '--data-dir', dataDir], { stdio: 'ignore' });
  }
  const child = spawn(bin, ['--config', config, 'serve', '--demo', '--addr', '127.0.0.1:0', '--data-dir', dataDir], {
    env: { ...process.env, RESILIFT_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => reject(new Error('the server did not start within 30 s')), 30000);
    child.on('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    child.on('error', (error) => reject(new Error(`could not start ${bin}: ${error.message}`)));
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString();
      const match = buffer.match(/listening on (http:\/\/[0-9.:]+)/);
      if (match) {
        clearTimeout(timer);
        resolve({ base: match[1], stop: () => { child.kill('SIGKILL'); rmSync(dir, { recursive: true, force: true }); } });
      }
    });
  });
}

// ----- helpers ----------------------------------------------------------------------------

let serial = 0;
const unique = (name) => `${name}-${Date.now().toString(36)}-${serial++}@example.org`;

async function newPage(browser, viewport = PHONE) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  return page;
}

/** An invite to register as a clinician, made as an operator would (`resilift admin invite`). */
function clinicianInvite() {
  const out = execFileSync(bin, ['admin', '--data-dir', dataDir, 'invite', '--note', 'browser suite'], { encoding: 'utf8' });
  return out.split('\n')[0].trim();
}

async function signUp(page, base, role, email = unique(role)) {
  await page.goto(`${base}/signup`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', 'a long enough secret');
  await page.check(`#role-${role}`);
  if (role === 'clinician') await page.fill('#f-clinician_invite', clinicianInvite());
  await submit(page, 'button[type=submit]');
  return email;
}

async function signIn(page, base, email, password) {
  await page.goto(`${base}/signin`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', password);
  await submit(page, 'button[type=submit]');
}

async function screen(page, base, { hold, flags = [] }) {
  await page.goto(`${base}/screen`);
  for (const flag of flags) await page.check(`#rf-${flag}`);
  if (flags.length === 0) await page.check('#rf-none');
  await page.check('#h-none');
  await page.fill('#f-person-age', '41');
  await page.check('#f-pain-now-2');
  await page.fill('#f-pain-previous_episodes', '2');
  await page.check('#leg-none');
  await page.check('#disc-no');
  await page.fill('#f-training-coached_sessions', '3');
  await page.fill('#f-tests-biering_sorensen_s', hold === null ? '' : String(hold));
  await submit(page, 'form[action="/screen"] button[type=submit]');
}

/// Logs a session on the log form: sets as [load, reps, rpe], pain before/during/after.
async function logSession(page, base, { sets, pain = [2, 2, 2], leg = 'none', flags = [] }) {
  await page.goto(`${base}/log`);
  for (const [row, [load, reps, rpe]] of sets.entries()) {
    await page.fill(`#f-sets-${row}--load`, String(load));
    await page.fill(`#f-sets-${row}--reps`, String(reps));
    if (rpe !== undefined) await page.fill(`#f-sets-${row}--rpe`, String(rpe));
  }
  await page.check('#completed-yes');
  const [before, during, after] = pain;
  await page.check(`#f-pain-before-${before}`);
  await page.check(`#f-pain-during_max-${during}`);
  await page.check(`#f-pain-after-${after}`);
  await page.check(`#lleg-${leg}`);
  for (const flag of flags) await page.check(`#srf-${flag}`);
  if (flags.length === 0) await page.check('#srf-none');
  if (await page.locator('#confirm-spacing').count()) await page.check('#confirm-spacing');
  await submit(page, 'form[action="/log"] button[type=submit]');
}

/// Answers the next-morning check-in on Home.
async function checkIn(page, base, morning) {
  await page.goto(`${base}/home`);
  const form = page.locator('main form[action$="/check-in"]').first();
  await form.locator(`input[name=next_morning][value="${morning}"]`).check();
  await form.locator('input[name=red_flags_none]').check();
  await form.locator('input[name=leg_symptoms][value=none]').check();
  await submit(page, 'main form[action$="/check-in"] button[type=submit]');
}

/// Clicks a submit button and waits for the page it leads to.
async function submit(page, selector) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(selector)]);
}

async function mainText(page) {
  return (await page.locator('main').innerText()).replace(/\s+/g, ' ');
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

/// No horizontal scrolling, and no serious or critical axe violations.
async function checkPage(page, label) {
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(widths[0] <= widths[1], `${label}: scrolls sideways (${widths[0]} > ${widths[1]})`);
  // No column of a table is hidden in a scroll box: on a phone tables become stacked rows,
  // and on a desktop every column fits.
  const clipped = await page.evaluate(() => [...document.querySelectorAll('.table-wrap')]
    .filter((w) => w.getBoundingClientRect().width > 0 && w.scrollWidth > w.clientWidth + 1)
    .map((w) => `${w.getAttribute('aria-label') || 'a table'} (${w.scrollWidth} > ${w.clientWidth})`));
  assert.deepEqual(clipped, [], `${label}: table columns cut off`);
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`),
    [],
    `${label}: accessibility violations`,
  );
}


/// Every tap target at least 44×44 px: buttons, form controls (a box or a round choice by its
/// label), summaries, and links that stand alone (a link inside a sentence is exempt).
async function checkTargets(page, label) {
  const small = await page.evaluate(() => {
    const out = [];
    const targets = new Set();
    document.querySelectorAll('button, a.button, nav a, select, summary, input:not([type=hidden]):not([type=checkbox]):not([type=radio])')
      .forEach((e) => targets.add(e));
    document.querySelectorAll('input[type=checkbox], input[type=radio]').forEach((e) => {
      const l = (e.id && document.querySelector(`label[for="${e.id}"]`)) || e.closest('label');
      targets.add(l || e);
    });
    document.querySelectorAll('main a').forEach((a) => {
      const p = a.parentElement;
      if (p && p.textContent.trim() === a.textContent.trim()) targets.add(a);
    });
    for (const el of targets) {
      if (el.closest('[hidden]')) continue;
      const r = el.getBoundingClientRect();
      const s = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || s.visibility === 'hidden' || r.right <= 0 || r.left >= innerWidth) continue;
      if (r.height < 43.5 || r.width < 43.5) {
        out.push(`${el.tagName.toLowerCase()} "${(el.textContent || el.name || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return out;
  });
  assert.deepEqual(small, [], `${label}: tap targets under 44 px`);
}

/// No developer text reaches people: snake_case ids, JSON paths, ISO timestamps, endpoints.
async function checkWords(page, label) {
  // Codes shown to be copied (a token, a calendar link) are not sentences.
  const text = await page.evaluate(() => {
    const copy = document.body.cloneNode(true);
    copy.querySelectorAll('code, script, style').forEach((c) => c.remove());
    document.body.appendChild(copy);
    copy.style.position = 'absolute';
    const shown = copy.innerText;
    copy.remove();
    return shown;
  });
  const bad = [];
  for (const [what, pattern] of [
    ['a snake_case id', /\b[a-z]+_[a-z0-9_]+\b/g],
    ['a JSON path', /\b[a-z_]+\[\d+\]/g],
    ['an ISO timestamp', /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/g],
    ['an ISO date', /\b\d{4}-\d{2}-\d{2}\b/g],
    ['an endpoint', /\/api\/v1\/|\b(GET|POST|PUT|PATCH|DELETE) \//g],
  ]) {
    for (const match of text.matchAll(pattern)) bad.push(`${what}: ${match[0]}`);
  }
  assert.deepEqual(bad, [], `${label}: developer text on the page`);
}

/// Charts a person can read: every piece of chart text at least 12 px tall as drawn, at least
/// four date labels on each chart, and one key entry per lift (no two lifts share a line).
async function checkCharts(page, label) {
  const charts = await page.evaluate(() => [...document.querySelectorAll('figure.chart')]
    .filter((f) => f.querySelector('svg'))
    .map((figure) => {
      const svg = [...figure.querySelectorAll('svg')].find((s) => s.getBoundingClientRect().width > 0);
      const texts = [...svg.querySelectorAll('text')].map((t) => ({
        text: t.textContent.trim(),
        px: parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a,
      }));
      return {
        title: figure.querySelector('figcaption').textContent,
        small: texts.filter((t) => t.px < 12).map((t) => `${t.text} at ${t.px.toFixed(1)} px`),
        dates: texts.filter((t) => /^\d{1,2} [A-Z][a-z]{2}$|^[A-Z][a-z]{2} \d{1,2}$|^[A-Z][a-z]{2} \d{4}$/.test(t.text)).length,
        seconds: texts.filter((t) => /^\d+\.\d$/.test(t.text)).length,
        key: [...figure.querySelectorAll('.legend li')].map((li) => li.textContent.trim()),
      };
    }));
  assert.ok(charts.length >= 2, `${label}: charts drawn`);
  for (const chart of charts) {
    assert.deepEqual(chart.small, [], `${label}: ${chart.title}: text under 12 px`);
    if (chart.title.startsWith('Angles through')) {
      assert.ok(chart.seconds >= 4, `${label}: ${chart.title}: ${chart.seconds} labels of seconds`);
    } else {
      assert.ok(chart.dates >= 4 || chart.title.startsWith('Hold') || chart.title.startsWith('Questionnaire'), `${label}: ${chart.title}: ${chart.dates} date labels`);
    }
  }
  const load = charts.find((c) => c.title.startsWith('Estimated 1RM'));
  for (const lift of load ? ['Kettlebell', 'Trap bar', 'Barbell'] : []) {
    assert.equal(load.key.filter((k) => k.startsWith(`${lift}: estimated 1RM`)).length, 1, `${label}: one estimate line for ${lift}: ${load.key}`);
  }
}

/// A new lifter cleared for the kettlebell, calibrated and checked in: a plan with working sets.
async function lifterWithWorkingSets(page, base) {
  await signUp(page, base, 'lifter');
  await screen(page, base, { hold: 95 });
  await logSession(page, base, { sets: [[8, 8, 5], [12, 5, 6], [16, 5, 7]] });
  await checkIn(page, base, 1);
}

/// Answers the workout's finishing questions.
async function finishQuestions(page, pain = [1, 2, 1]) {
  const [before, during, after] = pain;
  await page.check(`#f-pain-before-${before}`);
  await page.check(`#f-pain-during_max-${during}`);
  await page.check(`#f-pain-after-${after}`);
  await page.check('#wleg-none');
  await page.check('#wrf-none');
  // A second session the same day asks the person to confirm the day.
  if (await page.locator('#confirm-spacing').count()) await page.check('#confirm-spacing');
}

// ----- the tests --------------------------------------------------------------------------

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('a new lifter screens, retests, calibrates, checks in and sees the plan and the chart', async ({ browser, base }) => {
  const page = await newPage(browser);
  await signUp(page, base, 'lifter');
  assert.match(page.url(), /\/screen$/, 'a new lifter starts at the screening');

  await screen(page, base, { hold: 40 });
  assert.match(page.url(), /\/screenings\//);
  let text = await mainText(page);
  assert.match(text, /Your result: foundation work/);
  assert.match(text, /SCR-ENDURANCE/);
  assert.match(text, /expert opinion|observational study|clinical guideline|randomised trial/);
  assert.doesNotMatch(text, /\b(rct|prognostic|expert_opinion)\b/, 'levels are in plain words');
  assert.match(text, /Your foundation programme/);
  assert.match(text, /Side bridge/);
  await shot(page, 'verdict-foundation-phone');

  // Retest the hold with the timer page, then screen again.
  await page.goto(`${base}/assess/biering_sorensen`);
  await page.fill('#f-seconds', '75');
  await submit(page, 'main form button[type=submit]');
  assert.match(await mainText(page), /75 s/);
  await screen(page, base, { hold: 75 });
  text = await mainText(page);
  assert.match(text, /Your result: kettlebell deadlift/);

  // This week: a calibration session, explained step by step.
  await page.goto(`${base}/week`);
  text = await mainText(page);
  assert.match(text, /Calibration, step by step/);
  await shot(page, 'week-calibration-phone');

  // Log the calibration session.
  await logSession(page, base, { sets: [[8, 8, 5], [12, 5, 6], [16, 5, 7]] });
  text = await mainText(page);
  assert.match(text, /Session saved/);
  assert.match(text, /waiting for the morning check-in/);
  await shot(page, 'session-saved-phone');

  // The dashboard asks for the check-in until it is answered.
  await page.goto(`${base}/home`);
  assert.match(await mainText(page), /Morning check-in/);
  await checkIn(page, base, 1);
  assert.match(await mainText(page), /Pain response: green/);
  await page.goto(`${base}/home`);
  assert.doesNotMatch(await mainText(page), /Morning check-in/);

  // The next session has loads, and the chart shows the session.
  await page.goto(`${base}/week`);
  text = await mainText(page);
  assert.match(text, /Working sets/);
  assert.match(text, /\d+ kg/);
  await shot(page, 'week-loads-phone');
  await page.goto(`${base}/progress`);
  const chart = page.locator('figure.chart').first();
  assert.ok((await chart.locator('svg circle').count()) >= 1, 'the e1RM chart plots the session');
  assert.match(await mainText(page), /kettlebell deadlift/);
  await shot(page, 'progress-phone');
  await page.context().close();
});

test('a red-flag answer leads to the emergency page and no training content', async ({ browser, base }) => {
  const page = await newPage(browser);
  await signUp(page, base, 'lifter');
  await screen(page, base, { hold: 120, flags: ['saddle_numbness'] });
  const text = await mainText(page);
  assert.match(text, /Go to an emergency department now/);
  assert.match(text, /suspected cauda equina syndrome/);
  for (const training of [/Working sets/, /kettlebell/i, /trap-bar/i, /Advice/, /this week's session/i, /foundation work/i, /test your hold/i, /hold was/i]) {
    assert.doesNotMatch(text, training, `the emergency page mentions ${training}`);
  }
  await shot(page, 'verdict-emergency-phone');
  await page.goto(`${base}/week`);
  const week = await mainText(page);
  assert.doesNotMatch(week, /Working sets|Warm-up|Calibration/);
  assert.match(week, /emergency/);
  await page.context().close();
});

test('a form that fails keeps what was typed and says what to fix', async ({ browser, base }) => {
  const page = await newPage(browser);
  await signUp(page, base, 'lifter');
  await page.goto(`${base}/screen`);
  await page.check('#rf-fever_or_unwell');
  await page.fill('#f-pain-previous_episodes', '3');
  await submit(page, 'form[action="/screen"] button[type=submit]');
  const text = await mainText(page);
  assert.match(text, /Please check these/);
  assert.match(text, /general health/i);
  assert.match(text, /choose a number from 0 to 10/);
  assert.ok(await page.isChecked('#rf-fever_or_unwell'), 'ticked flags are kept');
  assert.equal(await page.inputValue('#f-pain-previous_episodes'), '3');
  await checkPage(page, 'screening with errors');
  await shot(page, 'screening-errors-phone');
  await page.goto(`${base}/log`);
  await page.fill('#f-sets-0--load', '20');
  await submit(page, 'form[action="/log"] button[type=submit]');
  assert.match(await mainText(page), /enter the reps for this set/);
  assert.equal(await page.inputValue('#f-sets-0--load'), '20');
  await page.context().close();
});

/// After a refused form: the problems listed at the top, each linking to an element that
/// exists, and each message beside a field tied to it by aria-describedby.
async function problemsLinked(page, label) {
  const found = await page.evaluate(() => {
    const errors = [...document.querySelectorAll('.field-error')];
    return {
      items: document.querySelectorAll('#problems li').length,
      unlinked: errors.filter((e) => !document.querySelector(`[aria-describedby~="${e.id}"]`)).map((e) => e.id),
      dead: [...document.querySelectorAll('#problems a')].map((a) => a.getAttribute('href')).filter((h) => !document.querySelector(h)),
    };
  });
  assert.deepEqual(found.unlinked, [], `${label}: field messages not tied to their field`);
  assert.deepEqual(found.dead, [], `${label}: summary links to nothing`);
  return found.items;
}

test('every form names all its problems at once, each tied to its field', async ({ browser, base }) => {
  const page = await newPage(browser);
  await page.goto(`${base}/signup`);
  await submit(page, 'main form button[type=submit]');
  assert.ok(await problemsLinked(page, '/signup') >= 2, 'sign-up names the e-mail and the password together');
  await signUp(page, base, 'lifter');
  const emptyForms = async (list) => {
    for (const [p, least] of list) {
      await page.goto(base + p);
      await submit(page, 'main form button[type=submit] >> nth=-1');
      const items = await problemsLinked(page, p);
      assert.ok(items >= least, `${p}: ${items} problems named at once, expected at least ${least}`);
    }
  };
  await emptyForms([['/screen', 7], ['/log', 7], ['/flare', 4], ['/assess/mcgill', 4], ['/assess/bunkie', 10],
    ['/assess/tsk11', 11], ['/assess/odi', 1], ['/assess/startback', 1], ['/assess/nprs', 1]]);
  // The workout needs a plan: cleared for the kettlebell, nothing marked, no answers.
  await screen(page, base, { hold: 95 });
  await emptyForms([['/workout', 6]]);
  // A day in the future and an implausible number come back with the rest, in words.
  await page.goto(`${base}/screen`);
  await page.fill('#f-pain-current_episode_onset', new Date(Date.now() + 5 * 864e5).toISOString().slice(0, 10));
  await page.fill('#f-pain-previous_episodes', '500');
  await page.fill('#f-tests-biering_sorensen_s', '300');
  await submit(page, 'form[action="/screen"] button[type=submit]');
  const text = await mainText(page);
  assert.match(text, /has not come yet/);
  assert.match(text, /from 0 to 100/);
  assert.match(text, /ends at 240 seconds/);
  assert.match(text, /read each warning sign/);
  await problemsLinked(page, '/screen with wrong values');
  await page.context().close();
});

test('an untouched log form is refused field by field and stores nothing', async ({ browser, base }) => {
  const page = await newPage(browser);
  await signUp(page, base, 'lifter');
  await screen(page, base, { hold: 95 });
  await page.goto(`${base}/log`);
  for (const name of ['pain.before', 'pain.during_max', 'pain.after', 'next_morning']) {
    assert.equal(await page.locator(`input[name="${name}"]:checked`).count(), 0, `${name} has no preset answer`);
  }
  assert.equal(await page.locator('input[type=checkbox]:checked').count(), 0, 'nothing is pre-ticked');
  assert.equal(await page.inputValue('#f-sets-0--load'), '', 'the plan is never filled in as done');
  await submit(page, 'form[action="/log"] button[type=submit]');
  const text = await mainText(page);
  for (const problem of [/enter the load and reps of each set/, /how much your back hurt before the session/,
    /at its worst during the session/, /right after, from 0 to 10/, /choose no, into the thigh, or below the knee/,
    /read each warning sign/, /answer yes or no/]) {
    assert.match(text, problem);
  }
  await checkPage(page, 'log with errors');
  await shot(page, 'log-errors-phone');
  await page.goto(`${base}/progress`);
  assert.doesNotMatch(await mainText(page), /kettlebell deadlift ·|\d+ kg/, 'nothing was stored');
  await page.context().close();
});

test('a cauda-equina sign in a log leads with the emergency instruction everywhere', async ({ browser, base }) => {
  const page = await newPage(browser);
  await signUp(page, base, 'lifter');
  await screen(page, base, { hold: 95 });
  await logSession(page, base, { sets: [[16, 5, 7]], flags: ['saddle_numbness'] });
  const text = await mainText(page);
  assert.match(text, /^Loading has stopped Go to an emergency department now/);
  assert.match(text, /suspected cauda equina syndrome/);
  assert.doesNotMatch(text, /^Session saved/);
  await shot(page, 'session-emergency-phone');
  for (const where of ['/home', '/week']) {
    await page.goto(base + where);
    const shown = await mainText(page);
    assert.match(shown, /Go to an emergency department now/, `${where} leads with the emergency`);
    assert.doesNotMatch(shown, /Log a session|Log this session|Working sets/, `${where} offers no training`);
    await checkPage(page, `${where} after an emergency`);
  }
  await shot(page, 'week-emergency-phone');
  await page.context().close();
});

test('a triage with fever is stored and This week shows no sets', async ({ browser, base }) => {
  const page = await newPage(browser);
  await signUp(page, base, 'lifter');
  await screen(page, base, { hold: 95 });
  await page.goto(`${base}/week`);
  assert.match(await mainText(page), /Calibration, step by step/);
  await page.click('nav a[href="/flare"]');
  await page.waitForURL(/\/flare$/);
  await page.fill('#f-onset', new Date(Date.now() - 2 * 864e5).toISOString().slice(0, 10));
  await page.check('#f-pain_now-4');
  await page.check('#fleg-none');
  await page.check('#frf-fever_or_unwell');
  await submit(page, 'form[action="/flare"] button[type=submit]');
  assert.match(await mainText(page), /See a doctor today/);
  await shot(page, 'flare-same-day-phone');
  await page.goto(`${base}/week`);
  const week = await mainText(page);
  assert.match(week, /See a doctor today/);
  assert.doesNotMatch(week, /Working sets|Warm-up|Calibration|Log this session/);
  await page.goto(`${base}/home`);
  assert.doesNotMatch(await mainText(page), /Log a session/);
  await page.context().close();
});

test('a clinician links by invite, sees the client amber, overrides; an unlinked clinician cannot look', async ({ browser, base }) => {
  const lifter = await newPage(browser);
  await signUp(lifter, base, 'lifter');
  await screen(lifter, base, { hold: 95 });
  await lifter.goto(`${base}/account`);
  // The name a clinician will know the client by.
  const clientName = `Maria Lopez ${Date.now() % 100000}`;
  await lifter.fill('#f-display_name', clientName);
  await submit(lifter, 'main form[action="/account/name"] button');
  assert.match(await mainText(lifter), /Your name is saved/);
  await submit(lifter, 'main form[action="/account/invite"] button');
  const code = (await lifter.locator('[data-invite-code]').innerText()).trim();
  assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);

  const clinician = await newPage(browser, DESKTOP);
  await signUp(clinician, base, 'clinician');
  assert.match(clinician.url(), /\/clients$/);
  await clinician.fill('#f-code', code);
  await submit(clinician, 'form[action="/clients"] button');
  const clientUrl = clinician.url();
  assert.match(clientUrl, /\/clients\/[0-9a-f-]+$/);

  // An amber session: pain 4 during, back to baseline the next morning.
  await logSession(lifter, base, { sets: [[16, 5, 7]], pain: [2, 4, 3] });
  await checkIn(lifter, base, 2);
  assert.match(await mainText(lifter), /Pain response: amber/);

  await clinician.goto(`${base}/clients`);
  const row = clinician.locator('tbody tr').first();
  assert.match(await row.innerText(), new RegExp(clientName));
  assert.match(await row.innerText(), /amber/);
  assert.match(await row.innerText(), /1 of 1/, 'adherence: one session done of one planned');
  await shot(clinician, 'roster-desktop');
  // Search and filters narrow the roster and say how many match.
  await clinician.fill('#roster-q', 'nobody by this name');
  await submit(clinician, 'form[role=search] button');
  assert.match(await mainText(clinician), /0 of 1 clients match/);
  await clinician.fill('#roster-q', clientName.split(' ')[0].toLowerCase());
  await clinician.selectOption('#roster-show', 'amber');
  await submit(clinician, 'form[role=search] button');
  assert.match(await mainText(clinician), /1 of 1 clients match/);
  await clinician.selectOption('#roster-show', 'red');
  await submit(clinician, 'form[role=search] button');
  assert.match(await mainText(clinician), /0 of 1 clients match/);
  await checkPage(clinician, 'roster, filtered (desktop)');
  await checkWords(clinician, 'roster, filtered (desktop)');
  await clinician.setViewportSize(PHONE);
  await clinician.goto(`${base}/clients`);
  await checkPage(clinician, 'roster (phone)');
  await shot(clinician, 'roster-phone');
  await clinician.setViewportSize(DESKTOP);
  await clinician.goto(clientUrl);
  const note = 'Hold this load for two weeks; we review on Friday.';
  await clinician.fill('#f-note', note);
  await clinician.selectOption('#f-stage', 'trap_bar');
  // Preview first: the plan now and with the override, side by side; nothing is saved.
  await submit(clinician, `form[action*="/override"] button[value=preview]`);
  const preview = await clinician.locator('section.preview').innerText();
  assert.match(preview, /The plan now\s+Next: 3 × 5 at \d+ kg[\s\S]*With your override\s+A calibration session at the trap-bar deadlift/);
  assert.doesNotMatch(await mainText(clinician), /Current note/, 'a preview saves nothing');
  await checkPage(clinician, 'override preview (desktop)');
  await checkWords(clinician, 'override preview (desktop)');
  await shot(clinician, 'override-preview-desktop');
  // A load ceiling below the plan: the preview shows the lighter bell before anything is saved.
  await clinician.selectOption('#f-stage', 'kettlebell');
  await clinician.fill('#f-ceiling', '8');
  await clinician.selectOption('#f-ceiling_unit', 'kg');
  await submit(clinician, `form[action*="/override"] button[value=preview]`);
  const capped = await clinician.locator('section.preview').innerText();
  assert.match(capped, /The plan now\s+Next: 3 × 5 at 12 kg[\s\S]*With your override\s+Next: 3 × 5 at 8 kg/);
  assert.match(capped, /Your clinician set a ceiling of 8 kg/);
  await submit(clinician, `form[action*="/override"] button[value=save]`);
  assert.match(await mainText(clinician), /Override saved/, 'saving says so');
  assert.match(await mainText(clinician), /Current note/);
  // The client page opens with a summary written for the clinician.
  const summary = await clinician.locator('section[aria-labelledby=summary-heading]').innerText();
  assert.match(summary, /Decision\s+Kettlebell deadlift/i);
  assert.match(summary, /Adherence\s+last 4 weeks: 100% \(1 of 1\)/);
  await checkWords(clinician, 'client page (desktop)');
  await shot(clinician, 'client-desktop');

  await lifter.goto(`${base}/home`);
  assert.match(await mainText(lifter), new RegExp(note.replace(/[.;]/g, '.')));
  assert.match(await mainText(lifter), /your plan never goes above 8 kg/);
  // The client answers the note; the clinician sees a new message on the roster and reads it.
  await submit(lifter, 'text=Answer this note');
  assert.match(await mainText(lifter), /Messages with /);
  await lifter.fill('#f-body', 'Stiff for ten minutes in the morning, then fine.');
  await submit(lifter, 'form[action^="/messages/"] button');
  assert.match(await mainText(lifter), /Sent\./);
  await checkPage(lifter, 'messages (phone)');
  await checkWords(lifter, 'messages (phone)');
  await shot(lifter, 'messages-phone');
  await clinician.goto(`${base}/clients`);
  await submit(clinician, 'a.chip:has-text("new message")');
  assert.match(await mainText(clinician), /Stiff for ten minutes in the morning/);
  await clinician.fill('#f-body', 'That is expected. Keep going.');
  await submit(clinician, 'form[action^="/messages/"] button');
  await shot(clinician, 'messages-desktop');
  await lifter.goto(`${base}/home`);
  assert.match(await mainText(lifter), /New message from/);

  // The clinical report: downloaded from the client page and read back with pdftotext.
  await clinician.goto(clientUrl);
  const [download] = await Promise.all([
    clinician.waitForEvent('download'),
    clinician.click('form[action$="/report.pdf"] button[type=submit]'),
  ]);
  const pdfPath = path.join(mkdtempSync(path.join(tmpdir(), 'resilift-report-')), 'report.pdf');
  await download.saveAs(pdfPath);
  const pdfText = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  assert.match(pdfText, /Clinical report/);
  assert.match(pdfText, new RegExp(clientName));
  assert.match(pdfText, /Hold this load for two weeks/);
  assert.match(pdfText, /load ceiling 8 kg/);
  assert.match(pdfText, /Rule set\s+version 2/);
  assert.match(pdfText, /not medical advice/);
  assert.match(execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }), /Pages:\s+[1-9]/);

  const other = await newPage(browser);
  await signUp(other, base, 'clinician');
  const response = await other.goto(clientUrl);
  assert.equal(response.status(), 404);
  assert.doesNotMatch(await mainText(other), /Hold this load|amber|Latest screening/);

  // Removing the link asks first, then the clinician no longer sees the client.
  await lifter.goto(`${base}/account`);
  await submit(lifter, 'form[action^="/account/links/"] button');
  assert.match(await mainText(lifter), /Remove the link with .*\?/);
  await checkPage(lifter, 'remove a link (phone)');
  await shot(lifter, 'unlink-confirm-phone');
  await submit(lifter, 'form[action^="/account/links/"] button.danger');
  assert.match(await mainText(lifter), /Link removed/);
  await clinician.goto(`${base}/clients`);
  assert.doesNotMatch(await mainText(clinician), new RegExp(clientName));
  for (const page of [lifter, clinician, other]) await page.context().close();
});


test('a whole workout in workout mode, then the session viewed, corrected and deleted', async ({ browser, base }) => {
  const page = await newPage(browser);
  await lifterWithWorkingSets(page, base);
  await page.goto(`${base}/week`);
  await submit(page, 'main a[href="/workout"]');
  assert.match(await mainText(page), /planned at least 6 days apart/, 'training again too soon is said, not hidden');
  assert.match(page.url(), /\/workout$/);
  const sets = page.locator('[data-set]');
  const planned = await sets.count();
  assert.ok(planned >= 2, 'the plan has working sets');
  for (let i = 0; i < planned; i += 1) {
    assert.notEqual(await page.inputValue(`#f-sets-${i}--load`), '', 'each set is pre-filled from the plan');
    assert.match(await sets.nth(i).innerText(), /kg × \d+ at RPE/);
  }
  assert.match(await sets.nth(0).innerText(), /Last time: 8 kg × 8, RPE 5/);
  assert.equal(await page.locator('[data-done]:checked').count(), 0, 'nothing is marked done for the person');
  assert.ok(await page.locator('#rest').isHidden(), 'no rest timer before a set');
  await page.click('#f-sets-0--done');
  await page.locator('#rest').waitFor({ state: 'visible' });
  assert.match(await page.locator('[data-rest-time]').innerText(), /^[23]:\d\d$/, 'a rest of about 3 minutes starts');
  // The next set's Done is on the screen and nothing covers it: a tap there marks the set.
  const uncovered = await page.evaluate(() => {
    const label = document.querySelector('label[for="f-sets-1--done"]');
    const r = label.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const box = document.getElementById('f-sets-1--done');
    const ok = r.top >= 0 && r.bottom <= innerHeight && (hit === label || label.contains(hit) || hit === box);
    return ok ? '' : `${Math.round(r.top)}..${Math.round(r.bottom)} of ${innerHeight}, hit ${hit && hit.outerHTML.slice(0, 80)}`;
  });
  assert.equal(uncovered, '', "the rest bar does not cover the next set's Done");
  await shot(page, 'workout-resting-phone');
  // Every set but the last is done as written; the last is not done.
  await page.fill('#f-sets-1--reps', '4');
  for (let i = 1; i < planned - 1; i += 1) await page.click(`#f-sets-${i}--done`);
  await finishQuestions(page);
  const strip = await page.locator('.stop-strip').boundingBox();
  assert.ok(strip && strip.y >= 0 && strip.y < PHONE.height, '"when to stop a set" stays in view');
  await checkTargets(page, 'workout');
  await checkWords(page, 'workout');
  await checkPage(page, 'workout');
  await shot(page, 'workout-phone');
  await submit(page, 'form[data-workout] button[type=submit]');
  assert.match(page.url(), /\/sessions\/[0-9a-f-]+$/);
  let text = await mainText(page);
  assert.match(text, /What you recorded/);
  assert.equal(await page.locator('.set-list li').count(), planned - 1, 'only the sets marked done are recorded');
  assert.match(text, /stopped early or changed/);
  if (planned > 2) assert.match(await page.locator('.set-list li').nth(1).innerText(), /× 4,/);
  await shot(page, 'session-record-phone');

  // Correct it: the first set had 3 reps, not the planned number.
  const session = page.url();
  await submit(page, 'main a[href$="/edit"]');
  await page.fill('#f-sets-0--reps', '3');
  await submit(page, 'main form button[type=submit]');
  assert.equal(page.url(), session);
  assert.match(await page.locator('.set-list li').first().innerText(), /× 3,/);

  // Delete it, after a confirmation.
  await submit(page, 'main a[href$="/delete"]');
  assert.match(await mainText(page), /Delete the session of/);
  await submit(page, 'main form button[type=submit]');
  assert.match(page.url(), /\/progress\?deleted=1$/);
  text = await mainText(page);
  assert.match(text, /Deleted\. The plan now follows the rest of your record/);
  assert.equal(await page.locator('table.stack tbody tr').count(), 1, 'only the calibration is left');
  const gone = await page.goto(session);
  assert.equal(gone.status(), 404);
  await page.context().close();
});

test('foundation work in workout mode: exercises marked done, stored, read back by the plan, deleted', async ({ browser, base }) => {
  for (const [label, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    const page = await newPage(browser, viewport);
    await signUp(page, base, 'lifter');
    await screen(page, base, { hold: 40 });
    await page.goto(`${base}/week`);
    await submit(page, 'text=Start today\'s foundation work');
    assert.match(await mainText(page), /Workout: foundation work/);
    await checkPage(page, `foundation workout (${label})`);
    await checkWords(page, `foundation workout (${label})`);
    if (label === 'phone') await checkTargets(page, `foundation workout (${label})`);
    await shot(page, `foundation-workout-${label}`);
    // Nothing marked: nothing is recorded, and the page says what to do.
    await page.check('#fleg-none');
    await page.check('#frf-none');
    await submit(page, 'form[action="/workout/foundation"] button[type=submit]');
    assert.match(await mainText(page), /mark each exercise you did as done/);
    await page.check('#fx-curl_up');
    await page.check('#fx-bird_dog');
    await page.check('#fx-walking');
    await page.check(`#f-pain-before-1`);
    await page.check(`#f-pain-during_max-2`);
    await page.check(`#f-pain-after-1`);
    await page.check('#fleg-none');
    await page.check('#frf-none');
    await submit(page, 'form[action="/workout/foundation"] button[type=submit]');
    const saved = await mainText(page);
    assert.match(saved, /Foundation work saved/);
    assert.match(saved, /Done: Curl-up, Bird dog, Walking\./);
    assert.doesNotMatch(saved, /Side bridge/, 'an exercise not marked is not recorded');
    await checkPage(page, `foundation day (${label})`);
    await shot(page, `foundation-day-${label}`);
    const dayUrl = page.url();
    await page.goto(`${base}/progress`);
    assert.match(await mainText(page), /Foundation work/);
    // A warning sign on a foundation day stops training at once.
    await page.goto(`${base}/workout`);
    await page.check('#fx-curl_up');
    await page.check(`#f-pain-before-1`);
    await page.check(`#f-pain-during_max-1`);
    await page.check(`#f-pain-after-1`);
    await page.check('#fleg-none');
    await page.check('#frf-unexplained_weight_loss');
    await submit(page, 'form[action="/workout/foundation"] button[type=submit]');
    assert.match(await mainText(page), /Training has stopped/);
    await page.goto(`${base}/week`);
    assert.doesNotMatch(await mainText(page), /Start today's foundation work/);
    // Logged by mistake: deleted, but the warning sign it reported still stops training
    // until a new screening answers it; then the programme comes back.
    await page.goto(`${base}/progress`);
    await submit(page, 'main table a >> nth=0');
    await submit(page, 'text=Delete this day');
    await submit(page, 'text=Yes, delete this day');
    await page.goto(`${base}/week`);
    const stopped = await mainText(page);
    assert.match(stopped, /It still counts although the log was deleted since/);
    assert.doesNotMatch(stopped, /Start today's foundation work/);
    await screen(page, base, { hold: 40 });
    await page.goto(`${base}/week`);
    assert.match(await mainText(page), /Start today's foundation work/);
    await page.goto(dayUrl);
    assert.match(await mainText(page), /Foundation work saved/);
    await page.context().close();
  }
});

test('a workout finished in airplane mode is kept on the phone and stored once when the connection returns', async ({ browser, base }) => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  await lifterWithWorkingSets(page, base);
  await page.goto(`${base}/week`);
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(async () => {
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      if (await cache.match('/workout') && await cache.match('/assets/app.js')) return true;
    }
    return false;
  }, null, { timeout: 15000, polling: 250 });

  await context.setOffline(true);
  const offline = await page.goto(`${base}/workout`);
  assert.ok(offline && offline.ok(), 'the workout page opens with no connection');
  await page.locator('#connection[data-state="offline"]').waitFor();
  const planned = await page.locator('[data-set]').count();
  for (let i = 0; i < planned; i += 1) await page.click(`#f-sets-${i}--done`);
  await finishQuestions(page);
  await page.click('form[data-workout] button[type=submit]');
  await page.locator('#connection[data-state="queued"]').waitFor();
  assert.match(await page.locator('#connection').innerText(), /1 record is kept on this phone/);
  await shot(page, 'workout-offline-queued-phone');
  // A forced second submit keeps one record, not two.
  await page.evaluate(() => document.querySelector('form[data-workout]').requestSubmit());
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => JSON.parse(localStorage.getItem('resilift.queue')).length), 1);

  await context.setOffline(false);
  await page.locator('#connection[data-state="sent"]').waitFor();
  assert.match(await page.locator('#connection').innerText(), /now saved on the server/);
  await page.goto(`${base}/progress`);
  assert.equal(await page.locator('table.stack tbody tr').count(), 2, 'the calibration and exactly one workout');
  await context.close();
});

test('the calendar link gives an iCalendar feed with alarms that an independent parser reads', async ({ browser, base }) => {
  const page = await newPage(browser);
  await lifterWithWorkingSets(page, base);
  await logSession(page, base, { sets: [[16, 5, 7]] });
  await page.goto(`${base}/home`);
  let text = await mainText(page);
  assert.match(text, /Coming up/);
  assert.match(text, /Morning check-in/);
  await page.goto(`${base}/account`);
  await submit(page, 'form[action="/account/calendar"] button');
  const link = (await page.locator('[data-calendar-link]').innerText()).trim();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/calendar\/cal_[A-Za-z0-9_-]+\.ics$/);
  await checkWords(page, 'calendar link');
  await shot(page, 'calendar-link-phone');
  const response = await page.request.get(link);
  assert.equal(response.status(), 200);
  assert.match(response.headers()['content-type'], /^text\/calendar/);
  const calendar = new ICAL.Component(ICAL.parse(await response.text()));
  const events = calendar.getAllSubcomponents('vevent');
  const summaries = events.map((e) => e.getFirstPropertyValue('summary'));
  assert.ok(summaries.some((s) => /Morning check-in/.test(s)), summaries.join(' | '));
  assert.ok(summaries.some((s) => /Take the resilift screening again/.test(s)), summaries.join(' | '));
  for (const event of events) {
    assert.ok(event.getFirstSubcomponent('valarm'), `${event.getFirstPropertyValue('summary')} has an alarm`);
    assert.ok(event.getFirstPropertyValue('dtstart').isDate, 'an all-day event');
  }
  // A new link revokes the old one; turning it off revokes the new one.
  await submit(page, 'form[action="/account/calendar"] button');
  const second = (await page.locator('[data-calendar-link]').innerText()).trim();
  assert.equal((await page.request.get(link)).status(), 404, 'the old link stops working');
  await submit(page, 'form[action="/account/calendar/remove"] button');
  assert.equal((await page.request.get(second)).status(), 404, 'a link turned off stops working');
  await page.context().close();
});

test('the hold timer fills the screen, counts in, stops on a tap and never restarts silently', async ({ browser, base }) => {
  const page = await newPage(browser);
  await signUp(page, base, 'lifter');
  await page.goto(`${base}/assess/biering_sorensen`);
  await page.click('[data-timer] [data-start]');
  const screen = page.locator('.holdscreen');
  const box = await screen.boundingBox();
  assert.ok(box && box.width >= PHONE.width - 1 && box.height >= PHONE.height - 1, 'the timer covers the whole screen');
  const face = screen.locator('[data-face]');
  const faceBox = await face.boundingBox();
  assert.ok(faceBox.height > PHONE.height / 2, 'the stop target is most of the screen');
  await face.click();
  assert.equal(await screen.getAttribute('data-state'), 'counting');
  await face.click();
  assert.equal(await screen.getAttribute('data-state'), 'counting', 'a tap during the count-in does nothing');
  await page.waitForFunction(() => document.querySelector('.holdscreen').dataset.state === 'running', null, { timeout: 6000 });
  const size = await screen.locator('[data-big]').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(size >= 100, `seconds readable from the floor (${size} px)`);
  await shot(page, 'hold-timer-running-phone');
  await page.waitForTimeout(1300);
  await face.click();
  assert.equal(await screen.getAttribute('data-state'), 'done');
  const result = (await screen.locator('[data-big]').innerText()).trim();
  assert.match(result, /^[12] s$/);
  await face.click();
  await page.waitForTimeout(300);
  assert.equal(await screen.getAttribute('data-state'), 'done', 'a tap after stopping does not restart the clock');
  assert.equal((await screen.locator('[data-big]').innerText()).trim(), result);
  await checkTargets(page, 'hold timer');
  await shot(page, 'hold-timer-done-phone');
  await screen.locator('[data-use]').click();
  assert.ok(await screen.isHidden());
  assert.equal(await page.inputValue('#f-seconds'), result.replace(' s', ''));
  await page.context().close();
});

test('a forgotten password: an operator\'s reset link lets the person choose a new one, once', async ({ browser, base }) => {
  const page = await newPage(browser);
  const email = await signUp(page, base, 'lifter');
  await page.context().clearCookies();
  await page.goto(`${base}/signin`);
  await submit(page, 'text=Forgot your password?');
  assert.match(await mainText(page), /Ask whoever runs it for a reset link/);
  const link = execFileSync(bin, ['admin', '--data-dir', dataDir, 'reset-link', email], { encoding: 'utf8' }).split('\n')[0].trim();
  const resetPath = new URL(link).pathname;
  await page.goto(base + resetPath);
  await checkPage(page, 'new password (phone)');
  await checkWords(page, 'new password (phone)');
  await page.fill('#f-password', 'password1');
  await submit(page, 'button[type=submit]');
  assert.match(await mainText(page), /too easy to guess/, 'a weak password is refused in words');
  await page.fill('#f-password', 'a freshly chosen phrase');
  await submit(page, 'button[type=submit]');
  assert.match(await mainText(page), /Your new password is saved/);
  await shot(page, 'reset-done-phone');
  await signIn(page, base, email, 'a freshly chosen phrase');
  assert.match(page.url(), /\/(home|screen)$/, 'the new password signs in');
  await page.goto(base + resetPath);
  assert.match(await mainText(page), /no longer works/, 'the link works once');
  await shot(page, 'reset-used-phone');
});

test('history from another app: a Strong file previewed, imported, used by the plan and undone', async ({ browser, base }) => {
  const page = await newPage(browser);
  await signUp(page, base, 'lifter');
  await screen(page, base, { hold: 95 });
  const day = (ago) => new Date(Date.now() - ago * 86400000).toISOString().slice(0, 10);
  const header = '"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"';
  const row = (n, ago, exercise, order, kg, reps) =>
    `"${n}";"${day(ago)} 17:36:08";"Pull";"2134";"${exercise}";"${order}";"${kg}";"${reps}";"";"";"";"";""`;
  const csv = [header,
    row(1, 10, 'Kettlebell Deadlift', 'W', '12.0', '8'),
    row(1, 10, 'Kettlebell Deadlift', '1', '20.0', '8'),
    row(1, 10, 'Romanian Deadlift (Barbell)', '1', '60.0', '8'),
    row(2, 3, 'Kettlebell Deadlift', '1', '24.0', '8'),
    row(2, 3, 'Kettlebell Deadlift', '2', 'abc', '8')].join('\n');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'resilift-import-')), 'strong.csv');
  writeFileSync(file, csv);

  await page.goto(`${base}/account`);
  await submit(page, 'text=Import your history from Strong, Hevy or FitNotes');
  assert.match(await mainText(page), /Getting the file/);
  await checkPage(page, 'import (phone)');
  // Nothing chosen: said beside the field.
  await submit(page, 'form[action="/import"] button[type=submit]');
  assert.match(await mainText(page), /choose the file you exported/);
  await page.setInputFiles('#f-file', file);
  await submit(page, 'form[action="/import"] button[type=submit]');
  let text = await mainText(page);
  assert.match(text, /Check before importing/);
  assert.match(text, /An export from Strong/);
  assert.match(text, /2 deadlift sessions to import: 2 kettlebell\./);
  assert.match(text, /Romanian Deadlift \(Barbell\) \(1 set\)/);
  assert.match(text, /Line 6: the weight “abc” is not a number/);
  assert.match(text, /12 kg × 8 \(warm-up\)/);
  await checkPage(page, 'import preview (phone)');
  await checkWords(page, 'import preview (phone)');
  await shot(page, 'import-preview-phone');
  await page.setViewportSize(DESKTOP);
  await checkPage(page, 'import preview (desktop)');
  await shot(page, 'import-preview-desktop');
  await page.setViewportSize(PHONE);
  // A preview keeps nothing: the plan still calibrates.
  await page.goto(`${base}/home`);
  assert.match(await mainText(page), /calibration/i);
  await page.goBack();

  await submit(page, 'button:has-text("Import 2 sessions")');
  assert.match(await mainText(page), /Imported 2 sessions/);
  await page.goto(`${base}/home`);
  text = await mainText(page);
  assert.match(text, /Next: 3 × 5 at 16 kg: your first working sets here start at 65% of your estimated 1RM of 30.4 kg/, 'the plan starts from the imported estimate');
  await submit(page, 'text=See the session');
  assert.match(await mainText(page), /history you imported/);
  await page.goto(`${base}/progress`);
  assert.match(await mainText(page), /estimated 1RM from imported history/);

  await page.goto(`${base}/import`);
  await submit(page, 'a:has-text("From Strong")');
  await submit(page, 'button:has-text("Undo this import")');
  assert.match(await mainText(page), /the import was undone and its sessions removed/);
  await page.goto(`${base}/home`);
  assert.match(await mainText(page), /calibration/i);
  await page.context().close();
});

test('a form check: a clip uploaded, angles per rep and proposed faults shown, one confirmed, and the next plan reacts', async ({ browser, base }) => {
  const page = await newPage(browser);
  await signUp(page, base, 'lifter');
  await screen(page, base, { hold: 95 });
  await logSession(page, base, { sets: [[8, 8, 5], [12, 5, 6], [16, 5, 7]] });
  const session = page.url();
  assert.match(session, /\/sessions\/[0-9a-f-]+$/);
  await checkIn(page, base, 1);
  await page.goto(`${base}/week`);
  const before = await mainText(page);

  await page.goto(session);
  assert.match(await mainText(page), /Check your form from a video \(experimental\)/);
  await submit(page, 'main a:has-text("Check my form")');
  let text = await mainText(page);
  assert.match(text, /Experimental: these are hints to check, not a diagnosis/);
  assert.match(text, /Film one set from the side/);
  await checkPage(page, 'form check upload (phone)');
  await checkWords(page, 'form check upload (phone)');
  await shot(page, 'formcheck-upload-phone');
  // Nothing chosen: said beside the field.
  await submit(page, 'main form button[type=submit]');
  assert.match(await mainText(page), /choose a clip of one set/);
  await page.setInputFiles('#video', path.join(formData, 'reps.mp4'));
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load', timeout: 120000 }),
    page.click('main form button[type=submit]'),
  ]);
  assert.match(page.url(), /\/form-checks\/[0-9a-f-]+$/);
  text = await mainText(page);
  assert.match(text, /3 reps found\. A person was found on 150 of 150 frames/);
  assert.match(text, /resilift deleted its copy of the clip/);
  for (const rep of [1, 2, 3]) assert.match(text, new RegExp(`Rep ${rep}`));
  for (const moment of ['Lift-off', 'Mid-shin', 'Knee height', 'Lockout']) assert.match(text, new RegExp(moment));
  assert.match(text, /Trunk lean/);
  assert.match(text, /\d+\.\d°/);
  assert.match(text, /It cannot see:/);
  const sightings = page.locator('li[id^=proposal-]');
  assert.ok(await sightings.count() >= 1, 'faults are proposed');
  const card = page.locator('article.card:has(li#proposal-1)');
  const label = (await card.locator('h3').innerText()).trim();
  const first = page.locator('li#proposal-1');
  assert.match(await first.innerText(), /Rep \d, at \d:\d\d\.\d in your video/);
  assert.match(await first.innerText(), /is more than the .* this check allows/);
  assert.ok(await first.locator('svg.pose').count() === 1, 'the body outline where it was seen');
  assert.ok(await page.locator('figure.chart svg').count() >= 3, 'an angle chart per rep');
  await checkPage(page, 'form check result (phone)');
  await checkWords(page, 'form check result (phone)');
  await checkCharts(page, 'form check result (phone)');
  await shot(page, 'formcheck-result-phone');
  await page.setViewportSize(DESKTOP);
  await checkPage(page, 'form check result (desktop)');
  await checkCharts(page, 'form check result (desktop)');
  await shot(page, 'formcheck-result-desktop');
  await page.setViewportSize(PHONE);

  // Nothing counts until confirmed: the plan is unchanged.
  await page.goto(`${base}/week`);
  assert.equal(await mainText(page), before, 'a proposal alone changes nothing');
  await page.goBack();
  await submit(page, 'li#proposal-1 button:has-text("Yes, confirm it")');
  assert.match(await page.locator('li#proposal-1').innerText(), /You confirmed this/);
  await page.goto(session);
  assert.match(await mainText(page), new RegExp(label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'the confirmed fault is in the session');
  await page.goto(`${base}/week`);
  text = await mainText(page);
  assert.notEqual(text, before, 'the next plan reacts');
  assert.ok(!before.includes(label) && text.includes(label), `the plan gives the cue for "${label}"`);
  await page.context().close();
});

test('every page fits a phone and a desktop without sideways scrolling and passes axe', async ({ browser, base }) => {
  const anonymous = ['/', '/signup', '/signin', '/reset'];
  const lifterPaths = ['/home', '/screen', '/week', '/workout', '/log', '/flare', '/risk', '/progress', '/assess',
    '/assess/biering_sorensen', '/assess/mcgill', '/assess/bunkie', '/assess/nprs', '/assess/odi', '/assess/rmdq',
    '/assess/startback', '/assess/tsk11', '/account', '/import', '/evidence/CIT-ARTICLE'];
  for (const [label, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    const page = await newPage(browser, viewport);
    for (const p of anonymous) {
      await page.goto(base + p);
      await checkPage(page, `${p} (${label})`);
      await checkWords(page, `${p} (${label})`);
      if (label === 'phone') await checkTargets(page, `${p} (${label})`);
    }
    const missing = await page.goto(`${base}/evidence`);
    assert.equal(missing.status(), 404);
    assert.match(await mainText(page), /Page not found/, 'an unknown address gets a page, not JSON');
    await shot(page, `welcome-${label}`);
    await signIn(page, base, 'demo.lifter@resilift.example', 'demo-lifter-pass');
    for (const p of lifterPaths) {
      const response = await page.goto(base + p);
      assert.equal(response.status(), 200, `${p} answers`);
      await checkPage(page, `${p} (${label})`);
      await checkWords(page, `${p} (${label})`);
      if (label === 'phone') await checkTargets(page, `${p} (${label})`);
    }
    // Pages reached from others: a verdict, a session result, an assessment result.
    await page.goto(`${base}/home`);
    await submit(page, 'text=See why');
    await checkPage(page, `verdict (${label})`);
    await shot(page, `verdict-${label}`);
    await page.goto(`${base}/progress`);
    await checkCharts(page, `progress (${label})`);
    await shot(page, `progress-demo-${label}`);
    await page.goto(`${base}/week`);
    await shot(page, `week-demo-${label}`);
    await page.goto(`${base}/flare`);
    await page.fill('#f-onset', new Date(Date.now() - 3 * 864e5).toISOString().slice(0, 10));
    await page.check('#f-pain_now-3');
    await page.check('#fleg-none');
    await page.check('#frf-none');
    await submit(page, 'form[action="/flare"] button[type=submit]');
    await checkPage(page, `flare result (${label})`);
    await shot(page, `flare-${label}`);
    await page.goto(`${base}/risk`);
    await submit(page, 'form[action="/risk"] button[type=submit]');
    await checkPage(page, `risk result (${label})`);
    await page.goto(`${base}/assess/nprs`);
    await page.check('#f-score-3');
    await submit(page, 'main form button[type=submit]');
    await checkPage(page, `assessment result (${label})`);
    await page.context().close();

    const clinician = await newPage(browser, viewport);
    await signIn(clinician, base, 'demo.clinician@resilift.example', 'demo-clinician-pass');
    await checkPage(clinician, `/clients (${label})`);
    await checkWords(clinician, `/clients (${label})`);
    if (label === 'phone') await checkTargets(clinician, `/clients (${label})`);
    await shot(clinician, `roster-demo-${label}`);
    await submit(clinician, 'tbody a');
    await checkPage(clinician, `client detail (${label})`);
    await checkWords(clinician, `client detail (${label})`);
    const client = clinician.url();
    await clinician.goto(`${client}/assess/odi`);
    await checkPage(clinician, `client assessment (${label})`);
    await clinician.context().close();
  }
});

// ----- runner -----------------------------------------------------------------------------

mkdirSync(shots, { recursive: true });
const server = await startServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
});
let failed = 0;
// ONLY=words runs just the tests whose names contain them (while working on one).
const chosen = tests.filter(({ name }) => !process.env.ONLY || name.includes(process.env.ONLY));
for (const { name, fn } of chosen) {
  const started = Date.now();
  try {
    await fn({ browser, base: server.base });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${String(error.stack || error).split('\n').join('\n     ')}`);
  }
}
await browser.close();
server.stop();
console.log(`${chosen.length - failed} passed, ${failed} failed; screenshots in ${path.relative(root, shots)}`);
process.exit(failed ? 1 : 0);
