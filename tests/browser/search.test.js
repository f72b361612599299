// search.test.js — public search as a reader uses it, on a phone (360 px)
// and a desktop (1280 px): from the header's "Search" link, words typed in
// the box, the hits with their words marked, the filters (a plain GET form:
// the same without JavaScript), the next page, a hit opened; axe-core on
// each page, and nothing wider than the screen (a statement with a
// 200-character word and a long address among the hits). Screenshots:
// search-*-phone.png and search-*-desktop.png.
//
// Environment (run.sh): BASE, DAIS (the binary), DAIS_DB.
'use strict';

const { execFileSync } = require('child_process');
const { BASE, PHONE, DESKTOP, check, eq, newContext, clickAndWait,
    checkAxe, screenshot, run } = require('./lib');

const ORIGIN = BASE ? new URL(BASE).origin : '';
const EVENT = 'idm-2024-1';
const WORD = 'gondola';

function csrfTokens(html) {
	return [...html.matchAll(/name="csrf" value="([^"]*)"/g)]
	    .map((m) => m[1]);
}

async function get(url, headers) {
	const r = await fetch(url, { headers: headers || {},
	    redirect: 'manual' });

	return { status: r.status, headers: r.headers, text: await r.text() };
}

// Sends s through the public form; sets s.id to its reference.
async function send(s) {
	const form = await get(`${BASE}/submit`);
	const fd = new FormData();
	const fields = { csrf: csrfTokens(form.text)[0], event: EVENT,
	    session: 'panel-2', kind: s.kind || 'intervention',
	    title: s.title, speaker: 'Ana Search', organisation: 'mri',
	    language: s.language || 'en', format: 'text', body: s.body,
	    delivered: '2024-05-21', submitter_name: 'Coordinator',
	    submitter_email: 'search@example.org', consent: 'yes',
	    action: 'send' };

	for (const [k, v] of Object.entries(fields))
		fd.append(k, v);
	const r = await fetch(`${BASE}/submit`, { method: 'POST', body: fd,
	    headers: { Origin: ORIGIN }, redirect: 'manual' });
	await r.text();
	eq(`"${s.title}" sent: 303`, r.status, 303);
	const status = await get(new URL(r.headers.get('location') || '',
	    BASE).href);
	const m = /<br><strong>([^<]+)<\/strong>/.exec(status.text);

	check(`"${s.title}" has a reference`, m !== null);
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
	check('alice signs in over HTTP', r.status === 303 && !!cookie);
	return cookie || '';
}

async function approve(cookie, s) {
	const review = await get(`${BASE}/moderate/${s.id}`,
	    { Cookie: cookie });
	const tokens = csrfTokens(review.text);
	const r = await fetch(`${BASE}/moderate/${s.id}`, { method: 'POST',
	    redirect: 'manual', headers: { Origin: ORIGIN, Cookie: cookie },
	    body: new URLSearchParams({ csrf: tokens[tokens.length - 1],
	    action: 'approve', rev: '1' }) });

	await r.text();
	eq(`"${s.title}" approved: 303`, r.status, 303);
}

// Nothing wider than the screen.
async function fits(page, label) {
	const w = await page.evaluate(() => [
	    document.documentElement.scrollWidth, window.innerWidth]);

	check(`no horizontal scroll on ${label}`, w[0] <= w[1],
	    `${w[0]} > ${w[1]}`);
}

async function journey(browser, device, name) {
	const ctx = await newContext(browser, device);
	const page = await ctx.newPage();
	const label = (s) => `${s} (${name})`;

	await page.goto(`${BASE}/`);
	eq(label('the start page links to the search'),
	    await page.locator('header a.site-search').count(), 1);
	eq(label('the header link opens the search'), await clickAndWait(page,
	    page.locator('header a.site-search')), 200);
	check(label('on /search'), page.url().endsWith('/search'),
	    page.url());
	eq(label('the search box has a label'),
	    await page.getByLabel('Search for').count(), 1);
	await checkAxe(page, label('the empty search page'));
	await fits(page, label('the empty search page'));
	await screenshot(page, `search-form-${name}`);

	await page.getByLabel('Search for').fill(WORD);
	eq(label('searching: 200'), await clickAndWait(page, page.locator(
	    'form.search-form button[type="submit"]').first()), 200);
	eq(label('a page of hits'), await page.locator('li.hit').count(), 20);
	check(label('the total'), (await page.locator('.count-label')
	    .textContent()).includes('22 statements found.'));
	check(label('the words found are marked'), await page.locator(
	    'li.hit mark').count() >= 20);
	eq(label('the marked word'), (await page.locator('li.hit mark')
	    .first().textContent()).toLowerCase(), WORD);
	eq(label('no script from a statement ran'), await page.evaluate(
	    () => window.searchXss === undefined), true);
	check(label('a statement\'s <script> shown as text'),
	    (await page.locator('li.hit').allTextContents()).some(
	    (t) => t.includes('<script>window.searchXss=1</script>')));
	await checkAxe(page, label('the results'));
	await fits(page, label('the results (a 200-character word, a long ' +
	    'address)'));
	await screenshot(page, `search-results-${name}`);

	eq(label('the next page'), await clickAndWait(page,
	    page.locator('a[rel="next"]')), 200);
	eq(label('the rest of the hits'), await page.locator('li.hit')
	    .count(), 2);
	check(label('back: rel=prev'), await page.locator('a[rel="prev"]')
	    .count() === 1);
	await fits(page, label('page 2'));

	// The filters, folded until opened.
	await page.locator('details.search-filters summary').click();
	await page.getByLabel('Language', { exact: true })
	    .selectOption('es');
	eq(label('filtering: 200'), await clickAndWait(page,
	    page.getByRole('button', { name: 'Apply filters' })), 200);
	check(label('the filter in the address'),
	    /language=es/.test(page.url()), page.url());
	check(label('the filter shown as chosen, the filters open'),
	    await page.locator('details.search-filters[open]').count() === 1);
	eq(label('one hit in Spanish'), await page.locator('li.hit').count(),
	    1);
	eq(label('its language'), await page.locator('li.hit .hit-text')
	    .getAttribute('lang'), 'es');
	await checkAxe(page, label('the filtered results'));
	await fits(page, label('the filtered results'));
	await screenshot(page, `search-filtered-${name}`);

	const href = await page.locator('li.hit h3 a').getAttribute('href');
	eq(label('a hit opens its statement'), await clickAndWait(page,
	    page.locator('li.hit h3 a')), 200);
	check(label('... at /s/ID'), page.url().endsWith(href), page.url());
	await ctx.close();
}

run('search', async (browser) => {
	const list = [];

	for (let i = 1; i <= 19; i++)
		list.push({ title: `Transport number ${i}`,
		    body: `The ${WORD} service number ${i} carries people.` });
	list.push({ title: `Long words on the ${WORD}`, body: `A ${WORD} ` +
	    'and one very long word: ' + 'x'.repeat(200) + ' and an address ' +
	    'https://example.org/' + 'long-path/'.repeat(20) + ' too.' });
	list.push({ title: `Script in a ${WORD} statement`, body:
	    `<script>window.searchXss=1</script> & "quotes" ${WORD}` });
	list.push({ title: `La ${WORD} en español`, language: 'es',
	    body: `Una ${WORD} en el canal.` });
	const cookie = await signInHttp();
	// Twenty-two statements from one address: the hourly limit lifted
	// while they are sent, as it was afterwards.
	const dais = (...a) => execFileSync(process.env.DAIS, a,
	    { encoding: 'utf8', env: process.env }).trim();
	const rate = dais('config', 'get', 'rate_submit_per_hour');

	dais('config', 'set', 'rate_submit_per_hour', '0');
	try {
		for (const s of list) {
			await send(s);
			await approve(cookie, s);
		}
	} finally {
		dais('config', 'set', 'rate_submit_per_hour', rate);
	}
	await journey(browser, PHONE, 'phone');
	await journey(browser, DESKTOP, 'desktop');

	// Without JavaScript: the same GET form.
	const ctx = await newContext(browser, Object.assign({}, DESKTOP,
	    { javaScriptEnabled: false }));
	const page = await ctx.newPage();

	await page.goto(`${BASE}/search`);
	await page.getByLabel('Search for').fill(WORD);
	eq('without JavaScript: the search works', await clickAndWait(page,
	    page.locator('form.search-form button[type="submit"]').first()),
	    200);
	eq('without JavaScript: the hits', await page.locator('li.hit')
	    .count(), 20);
	await ctx.close();
});
