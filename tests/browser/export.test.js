// export.test.js — the export form for administrators (/admin/export):
// reached from the header's "Export" link, on a desktop (1280 px) and a
// phone (360 px), axe-core finding nothing; a JSON download (the whole
// archive) and a CSV download for Excel (a byte order mark, the header
// row, filtered by event); a bad date answered with the form, what was
// chosen kept; a moderator refused.
'use strict';

const fs = require('fs');
const { BASE, PHONE, DESKTOP, check, eq, newPage, clickAndWait, checkAxe,
    screenshot, run, signIn } = require('./lib');

async function noOverflow(page, label) {
	const r = await page.evaluate(() => ({
		sw: document.documentElement.scrollWidth, w: window.innerWidth }));
	return check(`${label}: no horizontal overflow`, r.sw <= r.w,
	    `scrollWidth ${r.sw}, window ${r.w}`);
}

async function download(page, loc) {
	const [d] = await Promise.all([page.waitForEvent('download'),
	    loc.click()]);
	return { name: d.suggestedFilename(),
	    bytes: fs.readFileSync(await d.path()) };
}

run('export', async (browser) => {
	const alice = await newPage(browser, DESKTOP);

	await signIn(alice, 'alice');
	await alice.goto(`${BASE}/moderate`);
	eq('the header links to the export', await clickAndWait(alice,
	    alice.getByRole('link', { name: 'Export', exact: true })), 200);
	eq('the export form', new URL(alice.url()).pathname,
	    new URL(`${BASE}/admin/export`).pathname);
	eq('its heading', await alice.locator('h1').textContent(), 'Export');
	await screenshot(alice, 'export-desktop-01-form');
	await checkAxe(alice, 'export form (desktop)');

	// JSON, the default: everything.
	const json = await download(alice, alice.getByRole('button',
	    { name: 'Download' }));
	eq('JSON: its name', json.name, 'dais-export.json');
	const doc = JSON.parse(json.bytes.toString('utf8'));
	eq('JSON: the format', `${doc.format} ${doc.version}`, 'dais-export 1');
	check('JSON: the sample event', doc.events.some((e) =>
	    e.slug === 'idm-2024-1'));
	check('JSON: statements', Array.isArray(doc.statements));

	// CSV for Excel, one event.
	await alice.check('#x-format-csv');
	await alice.check('#x-bom');
	await alice.selectOption('#x-event', 'idm-2024-1');
	const csv = await download(alice, alice.getByRole('button',
	    { name: 'Download' }));
	eq('CSV: its name', csv.name, 'dais-export.csv');
	eq('CSV: a byte order mark first', csv.bytes.subarray(0, 3)
	    .toString('hex'), 'efbbbf');
	eq('CSV: the header row', csv.bytes.subarray(3).toString('utf8')
	    .split('\r\n')[0].split(',').slice(0, 4).join(','),
	    'public_id,event,session,title');

	// A bad date: the form again, with what was typed and chosen.
	await alice.fill('#x-since', '2024-02-30');
	const resp = await Promise.all([alice.waitForResponse((r) =>
	    r.url().includes('since=2024-02-30')), alice.getByRole('button',
	    { name: 'Download' }).click()]).then((a) => a[0]);
	await alice.waitForLoadState();
	eq('bad date: 400', resp.status(), 400);
	eq('bad date: what was typed kept', await alice.inputValue('#x-since'),
	    '2024-02-30');
	eq('bad date: the summary', (await alice.locator('.error-summary a')
	    .textContent()).trim(), 'Enter a date like 2024-05-21.');
	check('bad date: CSV still chosen', await alice.isChecked(
	    '#x-format-csv'));
	check('bad date: Excel still ticked', await alice.isChecked('#x-bom'));
	eq('bad date: the event still chosen', await alice.inputValue(
	    '#x-event'), 'idm-2024-1');
	await screenshot(alice, 'export-desktop-02-error');
	await checkAxe(alice, 'export form with an error (desktop)');

	const phone = await newPage(browser, PHONE);
	await signIn(phone, 'alice');
	await phone.goto(`${BASE}/admin/export`);
	await screenshot(phone, 'export-phone-01-form');
	await checkAxe(phone, 'export form (phone)');
	await noOverflow(phone, 'export form (phone)');
	await phone.goto(`${BASE}/admin/export?format=json&since=2024-02-30`);
	await checkAxe(phone, 'export form with an error (phone)');
	await noOverflow(phone, 'export form with an error (phone)');

	// In Arabic, right to left, on a phone.
	const ar = await newPage(browser, PHONE);
	await signIn(ar, 'alice');
	await ar.setExtraHTTPHeaders({ 'Accept-Language': 'ar' });
	await ar.goto(`${BASE}/admin/export`);
	eq('Arabic: right to left', await ar.getAttribute('html', 'dir'), 'rtl');
	eq('Arabic: the heading', (await ar.locator('h1').textContent()).trim(),
	    'تصدير');
	await screenshot(ar, 'export-phone-02-arabic');
	await checkAxe(ar, 'export form in Arabic (phone)');
	await noOverflow(ar, 'export form in Arabic (phone)');
	await ar.context().close();

	const bob = await newPage(browser, DESKTOP);
	await signIn(bob, 'bob');
	const no = await bob.goto(`${BASE}/admin/export`);
	eq('a moderator: 403', no.status(), 403);
	eq('a moderator: no Export link', await bob.getByRole('link',
	    { name: 'Export', exact: true }).count(), 0);

	await alice.context().close();
	await phone.context().close();
	await bob.context().close();
});
