// settings.test.js — the settings on /admin as a secretariat uses them, at
// 1280 px and 360 px: grouped, "Advanced" folded until opened, one group
// saved with its own button (the notice in its group, the value kept, the
// others untouched), a bad number answered at its field with the summary
// and what was typed; then an event page's contents list: a link followed
// lands on its statement (location.hash, the target in view). axe-core
// finds nothing, and nothing is wider than a 320 px window. Two
// statements are sent and approved first (over HTTP), so that it also runs
// alone; the settings it changes are set back at the end.
'use strict';

const { execFileSync } = require('child_process');
const { BASE, PHONE, DESKTOP, check, eq, newPage, clickAndWait, checkAxe,
    screenshot, run } = require('./lib');

const EVENT = 'idm-2024-1';
const ORIGIN = BASE ? new URL(BASE).origin : '';
const NARROW = Object.assign({}, PHONE, { viewport: { width: 320,
    height: 640 } });

function config(...args) {
	return execFileSync(process.env.DAIS, ['config', ...args],
	    { env: process.env }).toString().trim();
}

function csrfTokens(html) {
	return [...html.matchAll(/name="csrf" value="([^"]*)"/g)]
	    .map((m) => m[1]);
}

async function get(url, headers) {
	const r = await fetch(url, { headers: headers || {},
	    redirect: 'manual' });

	return { status: r.status, headers: r.headers, text: await r.text() };
}

async function send(s) {
	const form = await get(`${BASE}/submit`);
	const fd = new FormData();
	const fields = { csrf: csrfTokens(form.text)[0], event: EVENT,
	    session: s.session, kind: 'intervention', title: s.title,
	    speaker: 'Speaker', organisation: 'Alianza Americas',
	    on_behalf_of: '', language: 'en', format: 'markdown',
	    body: s.body, delivered: '2024-05-21',
	    submitter_name: 'Coordinator', submitter_email:
	    'settings@example.org', consent: 'yes', action: 'send' };

	for (const [k, v] of Object.entries(fields))
		fd.append(k, v);
	const r = await fetch(`${BASE}/submit`, { method: 'POST', body: fd,
	    headers: { Origin: ORIGIN }, redirect: 'manual' });
	await r.text();
	eq(`"${s.title}" sent`, r.status, 303);
	const status = await get(new URL(r.headers.get('location') || '',
	    BASE).href);
	const m = /<br><strong>([^<]+)<\/strong>/.exec(status.text);

	s.id = m ? m[1] : 'none';
}

async function signInHttp() {
	const form = await get(`${BASE}/login`);
	const r = await fetch(`${BASE}/login`, { method: 'POST',
	    redirect: 'manual', headers: { Origin: ORIGIN },
	    body: new URLSearchParams({ user: 'alice',
	    password: 'correct horse battery', next: '',
	    csrf: csrfTokens(form.text)[0] }) });
	const cookie = r.headers.getSetCookie().map((c) => c.split(';')[0])
	    .find((c) => c.startsWith('dais_session=') && c.length > 14);

	await r.text();
	check('alice signs in', !!cookie);
	return cookie || '';
}

async function approve(cookie, s) {
	const review = await get(`${BASE}/moderate/${s.id}`, { Cookie: cookie });
	const tokens = csrfTokens(review.text);
	const r = await fetch(`${BASE}/moderate/${s.id}`, { method: 'POST',
	    redirect: 'manual', headers: { Origin: ORIGIN, Cookie: cookie },
	    body: new URLSearchParams({ csrf: tokens[tokens.length - 1],
	    action: 'approve', rev: '1' }) });

	await r.text();
	eq(`"${s.title}" approved`, r.status, 303);
}

// Nothing wider than the window: the document, and no element's box
// below root (the admin page's tables scroll inside their own box).
async function noOverflow(page, label, root) {
	const r = await page.evaluate((sel) => {
		const de = document.documentElement, w = de.clientWidth;
		const out = [];

		for (const el of document.querySelectorAll(`${sel} *`)) {
			const b = el.getBoundingClientRect();

			if (b.width > 1 && (b.right > w + 1 || b.left < -1))
				out.push(`${el.tagName.toLowerCase()}.${el.className}`);
		}
		return { sw: de.scrollWidth, w, out: out.slice(0, 6) };
	}, root || 'body');

	return check(`${label}: no horizontal scroll`, r.sw <= r.w &&
	    r.out.length === 0, `scrollWidth ${r.sw}, clientWidth ${r.w} ` +
	    r.out.join(', '));
}

async function inView(page, selector) {
	return page.$eval(selector, (el) => {
		const b = el.getBoundingClientRect();

		return b.top >= -1 && b.top < window.innerHeight;
	});
}

async function settingsJourney(browser, opts, name) {
	const page = await newPage(browser, opts);
	const shot = (step) => screenshot(page, `13-settings-${step}-${name}`,
	    false);

	await page.goto(`${BASE}/moderate`);
	await page.fill('#user', 'alice');
	await page.fill('#password', 'correct horse battery');
	await clickAndWait(page, page.getByRole('button', { name: 'Sign in' }));
	eq(`${name}: /admin`, (await page.goto(`${BASE}/admin#settings`))
	    .status(), 200);
	eq(`${name}: seven groups`, await page.locator(
	    'section.settings-group').count(), 7);
	eq(`${name}: the groups' headings`, (await page.locator(
	    '.settings-title').allTextContents()).join('|'), 'Site|' +
	    'Publishing and embedding|Spam protection|Sign-in and security|' +
	    'Mail|Privacy|Advanced');
	check(`${name}: a plain label`, await page.getByLabel(
	    'Hours a moderator stays signed in').isVisible());
	eq(`${name}: a number input`, await page.getAttribute(
	    '#set-session_hours', 'type'), 'number');
	eq(`${name}: Advanced folded`, await page.$eval(
	    '.settings-details', (d) => d.open), false);
	check(`${name}: Advanced's settings hidden`, !(await page.isVisible(
	    '#set-trusted_proxies')));
	await checkAxe(page, `admin settings (${name})`);
	await noOverflow(page, `admin settings (${name})`,
	    '.settings-group');
	await page.locator('#settings').scrollIntoViewIfNeeded();
	await shot('01-groups');
	await page.click('.settings-summary');
	eq(`${name}: Advanced opened`, await page.$eval('.settings-details',
	    (d) => d.open), true);
	check(`${name}: Advanced's settings shown`, await page.isVisible(
	    '#set-trusted_proxies'));
	await page.locator('#settings-advanced').scrollIntoViewIfNeeded();
	await shot('02-advanced-open');
	await checkAxe(page, `admin settings, Advanced open (${name})`);

	// One group saved: its own button, its notice, the others untouched.
	const words = config('get', 'hold_words');
	await page.fill('#set-hold_links', '7');
	eq(`${name}: saved: 200 after the redirect`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Save Spam protection' })), 200);
	eq(`${name}: saved: back at its group`, new URL(page.url()).hash,
	    '#settings-spam');
	eq(`${name}: saved: the notice`, (await page.locator(
	    '#settings-spam [role="status"]').textContent()).trim(),
	    'Saved: Spam protection.');
	eq(`${name}: saved: the value shown`, await page.inputValue(
	    '#set-hold_links'), '7');
	eq(`${name}: saved: stored`, config('get', 'hold_links'), '7');
	eq(`${name}: saved: the rest of the group unchanged`,
	    config('get', 'hold_words'), words);
	eq(`${name}: saved: another group unchanged`,
	    config('get', 'session_hours'), '12');
	await page.locator('#settings-spam').scrollIntoViewIfNeeded();
	await shot('03-saved');
	await checkAxe(page, `admin settings saved (${name})`);

	// A bad number: the summary, the field marked, what was typed kept.
	await page.fill('#set-session_hours', '0');
	await page.fill('#set-rate_reset_per_user', '5');
	eq(`${name}: bad number: 422`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Save Sign-in and security' })),
	    422);
	eq(`${name}: bad number: the summary`, (await page.locator(
	    '.error-summary a').allTextContents()).map((t) => t.trim())
	    .join('|'), '“Hours a moderator stays signed in” must be a ' +
	    'whole number of hours from 1 to 2160');
	eq(`${name}: bad number: the summary has the focus`, await page
	    .evaluate(() => document.activeElement.className), 'error-summary');
	eq(`${name}: bad number: its link`, await page.getAttribute(
	    '.error-summary a', 'href'), '#set-session_hours');
	check(`${name}: bad number: the message at the field`,
	    (await page.locator('#set-session_hours-error').textContent())
	    .includes('must be a whole number of hours from 1 to 2160'));
	eq(`${name}: bad number: what was typed kept`, await page.inputValue(
	    '#set-session_hours'), '0');
	eq(`${name}: bad number: the other typed value kept`,
	    await page.inputValue('#set-rate_reset_per_user'), '5');
	eq(`${name}: bad number: nothing stored`, config('get',
	    'session_hours'), '12');
	await page.locator('.error-summary').scrollIntoViewIfNeeded();
	await shot('04-error');
	await checkAxe(page, `admin settings with an error (${name})`);
	await page.click('.error-summary a');
	eq(`${name}: the summary's link goes to the field`, await page.evaluate(
	    () => location.hash), '#set-session_hours');
	check(`${name}: the field in view`, await inView(page,
	    '#set-session_hours'));
	await page.context().close();
	config('set', 'hold_links', '10');
}

async function contentsJourney(browser, opts, name, last) {
	const page = await newPage(browser, opts);

	eq(`${name}: event page`, (await page.goto(`${BASE}/e/${EVENT}`))
	    .status(), 200);
	const nav = page.locator('nav.event-contents');
	eq(`${name}: a contents list`, await nav.count(), 1);
	eq(`${name}: its heading`, (await nav.locator('h2').textContent())
	    .trim(), 'In this event');
	// Every link's target is on the page, once.
	const missing = await page.$$eval('nav.event-contents a', (as) =>
	    as.map((a) => a.getAttribute('href').slice(1)).filter((id) =>
	    document.querySelectorAll(`[id="${id}"]`).length !== 1));
	eq(`${name}: every target on the page once`, missing.join(' '), '');
	await checkAxe(page, `event page with contents (${name})`);
	// Statements' wide tables scroll in their own box: the document, and
	// the contents list's boxes.
	await noOverflow(page, `event page with contents (${name})`,
	    'nav.event-contents');
	await screenshot(page, `13-settings-05-contents-${name}`, false);
	const link = nav.getByRole('link', { name: last.title });
	await link.click();
	await page.waitForFunction((h) => location.hash === h,
	    `#dais-${last.id}`, { timeout: 5000 }).catch(() => {});
	eq(`${name}: the link followed: location.hash`, await page.evaluate(
	    () => location.hash), `#dais-${last.id}`);
	check(`${name}: the statement in view`, await inView(page,
	    `#dais-${last.id}`));
	await screenshot(page, `13-settings-06-jumped-${name}`, false);
	await page.context().close();
}

run('settings', async (browser) => {
	const a = { session: 'panel-1', title: 'Contents: evidence first',
	    body: 'CONTENTS-ONE.' };
	const b = { session: 'panel-4', title: 'Contents: the diaspora',
	    body: 'CONTENTS-TWO.\n\n' + 'A long paragraph. '.repeat(200) };

	await send(a);
	await send(b);
	const cookie = await signInHttp();
	await approve(cookie, a);
	await approve(cookie, b);

	await settingsJourney(browser, DESKTOP, '1280');
	await settingsJourney(browser, PHONE, '360');
	await contentsJourney(browser, DESKTOP, '1280', b);
	await contentsJourney(browser, PHONE, '360', b);

	// 320 px: nothing wider than the window.
	const narrow = await newPage(browser, NARROW);
	await narrow.goto(`${BASE}/moderate`);
	await narrow.fill('#user', 'alice');
	await narrow.fill('#password', 'correct horse battery');
	await clickAndWait(narrow, narrow.getByRole('button',
	    { name: 'Sign in' }));
	await narrow.goto(`${BASE}/admin`);
	await narrow.click('.settings-summary');
	await noOverflow(narrow, 'admin settings (320)', '.settings-group');
	await narrow.goto(`${BASE}/e/${EVENT}`);
	await noOverflow(narrow, 'event page with contents (320)',
	    'nav.event-contents');
	await narrow.context().close();
});
