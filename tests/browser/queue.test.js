// queue.test.js — the moderation queue and the audit log as a secretariat
// uses them (issue 13, point 6), at 360 px and 1280 px: three statements
// ticked and "Approve selected" (the banner counts them), "Select all"
// (shown only with JavaScript; mixed when some are ticked), a rejection
// without a reason shown again with the box still ticked and the reason
// box marked, each row's excerpt and language, the session list narrowed
// to the chosen event (all groups without JavaScript), and the audit log
// in words with its filters. axe finds nothing; nothing scrolls sideways
// at 320 px. Screenshots: 13-queue-<step>-360 (and -1280).
'use strict';

const { execFileSync } = require('child_process');
const { BASE, PHONE, DESKTOP, check, eq, newPage, clickAndWait, checkAxe,
    screenshot, run, signIn } = require('./lib');

function sql(q) {
	return execFileSync('sqlite3', [process.env.DAIS_DB, q],
	    { encoding: 'utf8' }).trim();
}

function dais(...args) {
	return execFileSync(process.env.DAIS, ['--db', process.env.DAIS_DB,
	    ...args], { encoding: 'utf8' });
}

// One statement through the public form's own fields (its token from a
// fresh form), without the browser's page: its public reference.
async function send(page, event, session, title, language, body) {
	const form = await page.request.get(`${BASE}/submit`);
	const csrf = (await form.text()).match(/name="csrf" value="([^"]+)"/)[1];
	const r = await page.request.post(`${BASE}/submit`, {
		headers: { Origin: new URL(BASE).origin },
		multipart: { event, session, title, speaker: 'Amina Yusuf',
		    organisation: 'Migrant Rights Initiative', kind: 'panel',
		    language, format: 'text', body,
		    submitter_name: 'Coordinator',
		    submitter_email: 'coordinator@example.org', consent: 'yes',
		    action: 'send', csrf },
		maxRedirects: 0,
	});
	eq(`sent "${title}"`, r.status(), 303);
	return sql(`SELECT public_id FROM statement WHERE title = '${title}'`);
}

// Nothing wider than 320 px: the page's own width at that size.
async function fits320(page, label) {
	const size = page.viewportSize();

	await page.setViewportSize({ width: 320, height: size.height });
	const sw = await page.evaluate(() =>
	    document.documentElement.scrollWidth);
	check(`${label}: no horizontal scroll at 320 px`, sw <= 320,
	    `scrollWidth ${sw}`);
	await page.setViewportSize(size);
}

const ticked = (page) => page.$$eval('input[name="decision"]',
    (bs) => bs.filter((b) => b.checked).length);

async function journey(browser, options, label) {
	const ev = `q13-${label}`;
	const texts = [
		['Regular pathways for care workers', 'en', 'Chair, care ' +
		    'workers keep our societies running. We ask for regular ' +
		    'pathways that recognise their skills, protect their ' +
		    'rights at work and let their families join them without ' +
		    'years of waiting or fees they cannot pay.'],
		['Protection at sea', 'en', 'Every person rescued at sea must ' +
		    'be brought to a place of safety.'],
		['Datos desagregados', 'es', 'Sin datos desagregados, las ' +
		    'políticas dejan fuera a las mujeres migrantes.'],
		['Climate mobility now', 'en', 'Planned relocation needs the ' +
		    'communities concerned at the table.'],
	].map(([t, l, b]) => [`${t} (${label})`, l, b]);
	const page = await newPage(browser, options);
	await signIn(page, 'alice');
	const ids = [];
	for (const [title, lang, body] of texts)
		ids.push(await send(page, ev, 'day-1', title, lang, body));

	// The queue, filtered to this event: a box, an excerpt and a
	// language on each row.
	eq(`${label}: the queue`, (await page.goto(
	    `${BASE}/moderate?event=${ev}`)).status(), 200);
	eq(`${label}: four rows`, await page.locator('.queue-item').count(), 4);
	const excerpt = (await page.locator('.queue-item', { hasText:
	    texts[0][0] }).locator('.queue-excerpt').textContent()).trim();
	check(`${label}: the excerpt begins the statement`,
	    excerpt.startsWith('Chair, care workers keep our societies'),
	    excerpt);
	const lines = await page.locator('.queue-item', { hasText: texts[0][0] })
	    .locator('.queue-excerpt').evaluate((p) => Math.round(
	    p.getBoundingClientRect().height / parseFloat(
	    getComputedStyle(p).lineHeight)));
	check(`${label}: the excerpt shows at most two lines`, lines <= 2,
	    String(lines));
	eq(`${label}: the Spanish one's language`, (await page.locator(
	    '.queue-item', { hasText: texts[2][0] }).locator('.tag-lang')
	    .textContent()).trim(), 'Español');

	// Select all (the script shows it), then none, then three by hand.
	const all = page.getByLabel('Select all', { exact: true });
	check(`${label}: "Select all" shows with JavaScript`,
	    await all.isVisible());
	await all.check();
	eq(`${label}: select all ticks every box`, await ticked(page), 4);
	await all.uncheck();
	eq(`${label}: and unticks them`, await ticked(page), 0);
	for (const t of texts.slice(0, 3))
		await page.getByLabel(`Select “${t[0]}”`, { exact: true }).check();
	eq(`${label}: three ticked`, await ticked(page), 3);
	eq(`${label}: select all shows "some"`, await all.evaluate(
	    (b) => b.indeterminate), true);
	await screenshot(page, `13-queue-1-ticked-${label}`);
	await checkAxe(page, `queue with boxes ticked (${label})`);
	await fits320(page, `queue (${label})`);

	eq(`${label}: approve selected`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Approve selected' })), 200);
	eq(`${label}: the banner`, (await page.locator('#bulk-result')
	    .textContent()).trim(), '3 statements approved and published.');
	eq(`${label}: three approved`, sql('SELECT count(*) FROM statement ' +
	    `WHERE state = 'approved' AND public_id IN ('${ids.join("','")}')`),
	    '3');
	eq(`${label}: the filter kept`, await page.inputValue('#f-event'), ev);
	eq(`${label}: one row left`, await page.locator('.queue-item').count(),
	    1);
	await screenshot(page, `13-queue-2-approved-${label}`);
	await checkAxe(page, `queue after approving (${label})`);

	// Reject without a reason: the form again, the box still ticked.
	await page.getByLabel(`Select “${texts[3][0]}”`, { exact: true })
	    .check();
	eq(`${label}: reject without a reason`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Reject selected' })), 422);
	eq(`${label}: the error summary`, (await page.locator(
	    '.error-summary-list').textContent()).trim(),
	    'Give a reason for the rejection: the submitters will see it');
	eq(`${label}: the reason box marked`, await page.locator(
	    '#bulk-reason').getAttribute('aria-invalid'), 'true');
	eq(`${label}: the box still ticked`, await page.getByLabel(
	    `Select “${texts[3][0]}”`, { exact: true }).isChecked(), true);
	await screenshot(page, `13-queue-3-reject-error-${label}`);
	await checkAxe(page, `queue, reject without a reason (${label})`);
	await page.fill('#bulk-reason', 'Please send the text as delivered.');
	eq(`${label}: reject with a reason`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Reject selected' })), 200);
	eq(`${label}: the rejection's banner`, (await page.locator(
	    '#bulk-result').textContent()).trim(), '1 statement rejected: ' +
	    'its submitter will see your reason.');

	// The session list narrows to the chosen event.
	await page.goto(`${BASE}/moderate`);
	const sessions = () => page.$$eval('#f-session option',
	    (os) => os.map((o) => o.value));
	const every = await sessions();
	check(`${label}: every event's sessions at first`, every.includes(
	    `${ev}/day-1`) && every.includes('q13b/day-1') &&
	    every.includes('idm-2024-1/panel-1'), every.join(' '));
	await page.selectOption('#f-event', 'q13b');
	eq(`${label}: one event's sessions once it is chosen`,
	    (await sessions()).join(' '), ' q13b/day-1 q13b/day-2');
	await page.selectOption('#f-session', 'q13b/day-2');
	await page.selectOption('#f-event', '');
	eq(`${label}: all events again`, (await sessions()).length,
	    every.length);
	eq(`${label}: the session chosen stays chosen`,
	    await page.inputValue('#f-session'), 'q13b/day-2');
	await page.selectOption('#f-event', ev);
	eq(`${label}: a session of another event is unchosen`,
	    await page.inputValue('#f-session'), '');
	await page.selectOption('#f-session', `${ev}/day-1`);
	await clickAndWait(page, page.getByRole('button', { name: 'Filter' }));
	eq(`${label}: filtered by the session`, new URL(page.url())
	    .searchParams.get('session'), `${ev}/day-1`);
	await screenshot(page, `13-queue-4-sessions-${label}`);

	// "No match here": the tab is empty, the others are not.
	await page.goto(`${BASE}/moderate?state=spam&event=${ev}`);
	eq(`${label}: no match here`, (await page.locator('.elsewhere')
	    .textContent()).trim(), 'No match here — 3 in Published, ' +
	    '1 in Not published');
	await checkAxe(page, `queue, no match here (${label})`);
	await screenshot(page, `13-queue-5-elsewhere-${label}`);

	// The audit log: words, links, filters.
	eq(`${label}: the log`, (await page.goto(`${BASE}/moderate/log?` +
	    `event=${ev}&action=approve`)).status(), 200);
	eq(`${label}: the log filtered`, await page.locator('tbody tr').count(),
	    3);
	check(`${label}: the log in words`, (await page.locator('tbody')
	    .textContent()).includes('Approved'));
	eq(`${label}: the titles link to their review`, await page.locator(
	    'tbody a', { hasText: texts[0][0] }).getAttribute('href'),
	    `${new URL(BASE).pathname}/moderate/${ids[0]}`);
	await checkAxe(page, `audit log filtered (${label})`);
	await fits320(page, `audit log (${label})`);
	await screenshot(page, `13-queue-6-log-${label}`);
	await page.fill('#log-from', '2024-05-21');
	await page.fill('#log-to', '2024-05-20');
	eq(`${label}: the log's dates checked`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Filter' })), 400);
	eq(`${label}: the log's message`, (await page.locator(
	    '.error-summary-list').textContent()).trim(),
	    'The last day must be the same as or after the first day');
	await checkAxe(page, `audit log, bad dates (${label})`);
	await screenshot(page, `13-queue-7-log-error-${label}`);
	await page.context().close();
}

// Without JavaScript: no "Select all", every event's sessions, and the
// boxes still send.
async function withoutScript(browser) {
	const page = await newPage(browser, Object.assign({}, PHONE,
	    { javaScriptEnabled: false }));
	await signIn(page, 'alice');
	const id = await send(page, 'q13b', 'day-2', 'Without a script',
	    'en', 'Sent to be approved from a page without JavaScript.');
	await page.goto(`${BASE}/moderate?event=q13b`);
	check('no JavaScript: "Select all" hidden',
	    !(await page.locator('#select-all').isVisible()));
	const groups = await page.$$eval('#f-session optgroup',
	    (gs) => gs.map((g) => g.label));
	check('no JavaScript: every event\'s sessions', groups.length >= 3 &&
	    groups.includes('Queue Summit'), groups.join(' | '));
	await page.getByLabel('Select “Without a script”', { exact: true })
	    .check();
	eq('no JavaScript: approve selected', await clickAndWait(page,
	    page.getByRole('button', { name: 'Approve selected' })), 200);
	eq('no JavaScript: the banner', (await page.locator('#bulk-result')
	    .textContent()).trim(), '1 statement approved and published.');
	eq('no JavaScript: approved', sql(
	    `SELECT state FROM statement WHERE public_id = '${id}'`),
	    'approved');
	await screenshot(page, '13-queue-8-nojs-360');
	await page.context().close();
}

run('queue', async (browser) => {
	for (const label of ['360', '1280']) {
		dais('event', 'add', `q13-${label}`, '--title',
		    `Queue Forum ${label}`, '--starts', '2026-03-01');
		dais('session', 'add', `q13-${label}`, 'day-1', '--title',
		    'First day');
	}
	dais('event', 'add', 'q13b', '--title', 'Queue Summit', '--starts',
	    '2026-04-01');
	dais('session', 'add', 'q13b', 'day-1', '--title', 'Summit day one');
	dais('session', 'add', 'q13b', 'day-2', '--title', 'Summit day two');
	await journey(browser, PHONE, '360');
	await journey(browser, DESKTOP, '1280');
	await withoutScript(browser);
});
