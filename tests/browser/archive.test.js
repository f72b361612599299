// archive.test.js — the public archive as a reader sees it: the list of
// events (/), an event's page and an organisation's page, at 320 px (the
// narrowest phone), 360 px and 1280 px: no axe-core violation, nothing
// wider than the window, the links between them followed; then the event
// and a statement printed (print media): no navigation, language switcher,
// forms or submit links, black text, a statement's heading kept with it.
// Two statements are sent and approved first (over HTTP, as a form and a
// moderator would), so that it also runs alone.
'use strict';

const { BASE, PHONE, DESKTOP, check, eq, newPage, clickAndWait, checkAxe,
    screenshot, run } = require('./lib');

const EVENT = 'idm-2024-1';
const ORIGIN = BASE ? new URL(BASE).origin : '';
const NARROW = Object.assign({}, PHONE, { viewport: { width: 320,
    height: 640 } });

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
	    speaker: s.speaker, organisation: s.organisation,
	    on_behalf_of: s.behalf || '', language: 'en', format: 'markdown',
	    body: s.body, delivered: '2024-05-21',
	    submitter_name: 'Coordinator', submitter_email:
	    'archive@example.org', consent: 'yes', action: 'send' };

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

// Nothing wider than the window: the document, and no element's box.
async function noOverflow(page, label) {
	const r = await page.evaluate(() => {
		const de = document.documentElement, w = de.clientWidth;
		const out = [];

		for (const el of document.querySelectorAll('body *')) {
			const b = el.getBoundingClientRect();

			if (b.width > 1 && (b.right > w + 1 || b.left < -1))
				out.push(`${el.tagName.toLowerCase()}.${el.className}`);
		}
		return { sw: de.scrollWidth, w, out: out.slice(0, 6) };
	});

	return check(`${label}: no horizontal scroll`, r.sw <= r.w &&
	    r.out.length === 0, `scrollWidth ${r.sw}, clientWidth ${r.w} ` +
	    r.out.join(', '));
}

async function visit(page, path, label) {
	const r = await page.goto(`${BASE}${path}`);

	eq(`${label}: 200`, r.status(), 200);
	await noOverflow(page, label);
	await checkAxe(page, label);
	await screenshot(page, `archive-${label}`);
}

// The page as printed: which parts show.
function shown(page, selector) {
	return page.$$eval(selector, (els) => els.filter((e) =>
	    getComputedStyle(e).display !== 'none' &&
	    e.getBoundingClientRect().height > 0).length);
}

async function printed(browser, path, label) {
	const page = await newPage(browser, DESKTOP);

	await page.goto(`${BASE}${path}`);
	check(`${label}: on screen the header shows`,
	    await shown(page, '.site-header') === 1);
	await page.emulateMedia({ media: 'print' });
	for (const sel of ['.site-header', '.lang-switch', 'nav', 'form',
	    '.site-footer', '.archive-submit', '.archive-session-submit',
	    '.dais-permalink', '.back', '.pager'])
		eq(`${label} printed: no ${sel}`, await shown(page, sel), 0);
	check(`${label} printed: the statements show`,
	    await shown(page, '.dais-statement') > 0);
	eq(`${label} printed: black text`, await page.$eval('main', (m) =>
	    getComputedStyle(m).color), 'rgb(0, 0, 0)');
	eq(`${label} printed: a statement's heading stays with its text`,
	    await page.$eval('.dais-statement-title', (h) =>
	    getComputedStyle(h).breakAfter), 'avoid');
	eq(`${label} printed: a link's address written out`, await page.$eval(
	    '.dais-statement-body a[href^="http"]', (a) =>
	    getComputedStyle(a, '::after').content.includes('example.org')),
	    true);
	await screenshot(page, `archive-print-${label}`);
	await page.context().close();
}

run('archive', async (browser) => {
	const a = { session: 'panel-1', title: 'Archive: evidence first',
	    speaker: 'Ana Pérez', organisation: 'Alianza Americas',
	    body: 'ARCHIVE-ONE. See [the report](https://example.org/report).' };
	const b = { session: 'panel-2', title: 'Archive: a collective voice',
	    speaker: 'Sam Lee', organisation: 'Migrant Rights Initiative',
	    behalf: 'Civil Society Action Committee',
	    body: 'ARCHIVE-TWO, with a link to https://example.org/two.' };

	await send(a);
	await send(b);
	const cookie = await signInHttp();
	await approve(cookie, a);
	await approve(cookie, b);

	for (const [name, opts] of [['320', NARROW], ['phone', PHONE],
	    ['desktop', DESKTOP]]) {
		const page = await newPage(browser, opts);

		await visit(page, '/', `home-${name}`);
		check(`home-${name}: lists the event`, await page.locator(
		    `a[href$="/e/${EVENT}"]`).count() === 1);
		eq(`home-${name}: the event followed`, await clickAndWait(page,
		    page.locator(`a[href$="/e/${EVENT}"]`)), 200);
		await visit(page, `/e/${EVENT}`, `event-${name}`);
		check(`event-${name}: its statements`, (await page.locator(
		    'main').textContent()).includes('ARCHIVE-TWO'));
		eq(`event-${name}: an organisation followed`, await clickAndWait(
		    page, page.locator('.archive-orgs a[href$="/o/ac"]')), 200);
		await visit(page, '/o/ac', `org-${name}`);
		check(`org-${name}: the statement on its behalf`,
		    (await page.locator('main').textContent())
		    .includes('ARCHIVE-TWO'));
		await page.context().close();
	}
	await printed(browser, `/e/${EVENT}`, 'event');
	await printed(browser, `/s/${a.id}`, 'statement');
});
