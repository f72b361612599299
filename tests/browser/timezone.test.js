// timezone.test.js — an embargo typed as a moderator types it: the
// administrator gives the event its time zone on the admin page, a
// moderator opens a statement's review page, sees the zone beside the
// "Publish at" field, types the date and time into the browser's own
// date-time control with the keyboard, and approves. The browser runs in
// yet another zone (Asia/Tokyo), so that nothing can come from it. The
// time stored is checked in UTC in the database, and the page then shows
// it in the event's zone and in UTC. Runs after the others: it changes the
// sample event's zone.
'use strict';

const { execFileSync } = require('child_process');
const { BASE, DESKTOP, check, eq, newPage, clickAndWait, checkAxe,
    screenshot, run, signIn } = require('./lib');

function sql(q) {
	return execFileSync('sqlite3', [process.env.DAIS_DB, q],
	    { encoding: 'utf8' }).trim();
}

async function send(page) {
	await page.goto(`${BASE}/submit`);
	await page.selectOption('#event', 'idm-2024-1');
	await page.selectOption('#session', 'panel-3');
	await page.check('#kind-panel');
	await page.fill('#title', 'Embargoed until the press conference');
	await page.fill('#speaker', 'Maria Santos');
	await page.fill('#organisation', 'Alianza Americas');
	await page.selectOption('#language', 'en');
	await page.check('#format-text');
	await page.fill('#body', 'Thank you, Chair.\n\nOur statement is ' +
	    'released at the press conference in New York.');
	await page.fill('#submitter_name', 'Coordinator');
	await page.fill('#submitter_email', 'embargo@example.org');
	await page.check('#consent');
	eq('statement sent', await clickAndWait(page,
	    page.getByRole('button', { name: 'Send statement' })), 200);
	return (await page.locator('.panel-body strong').textContent()).trim();
}

run('timezone', async (browser) => {
	const options = Object.assign({}, DESKTOP, { locale: 'en-US',
	    timezoneId: 'Asia/Tokyo' });
	const pub = await newPage(browser, options);
	const ref = await send(pub);
	await pub.context().close();
	check('the statement has a reference', /^[a-z0-9]{8}$/.test(ref), ref);

	// The administrator sets the event's zone, as on the admin page.
	const alice = await newPage(browser, options);
	await signIn(alice, 'alice');
	await alice.goto(`${BASE}/admin#events`);
	const zone = alice.locator('#tz-idm-2024-1');
	await zone.click();
	await zone.pressSequentially('America/New_York');
	eq('admin: the zone saved', await clickAndWait(alice,
	    alice.locator('form:has(#tz-idm-2024-1) button')), 200);
	eq('admin: stored', sql("SELECT time_zone FROM event WHERE slug = " +
	    "'idm-2024-1'"), 'America/New_York');
	check('admin: shown', (await alice.locator('main').textContent())
	    .includes('Time zone: America/New_York'));

	// The review page: the zone beside the field.
	eq('review page', (await alice.goto(`${BASE}/moderate/${ref}`))
	    .status(), 200);
	await alice.getByText('Publish later (embargo)').click();
	eq('the zone is named beside the field',
	    (await alice.locator('#publish_at-zone').textContent()).trim(),
	    'America/New_York');
	check('the hint says the time is on its clocks',
	    (await alice.locator('#publish_at-hint').textContent())
	    .includes('on the clocks of America/New_York'));

	// Typed as a person types into Chromium's date-time control with the
	// keyboard: Tab from "Publish later" into the field, then (en-US) the
	// month, day and year, Tab, the hour, minutes and AM/PM.
	const field = alice.locator('#publish_at');
	// A few years ahead of today, not a fixed year that will one day be
	// past (and the statement public at once). July: EDT in New York.
	const year = new Date().getUTCFullYear() + 4;
	await alice.locator('details.embargo summary').focus();
	await alice.keyboard.press('Tab');
	eq('Tab reaches the field', await alice.evaluate(() =>
	    document.activeElement.id), 'publish_at');
	await alice.keyboard.type(`0701${year}`);
	await alice.keyboard.press('Tab');
	await alice.keyboard.type('1000AM');
	eq('the field holds what was typed', await field.inputValue(),
	    `${year}-07-01T10:00`);
	await screenshot(alice, 'timezone-01-embargo-typed');
	await checkAxe(alice, 'review page with the embargo open');
	eq('approved', await clickAndWait(alice, alice.getByRole('button',
	    { name: 'Approve and publish' })), 200);

	// Stored in UTC: 10:00 in New York in July (EDT, UTC-4) is 14:00 UTC,
	// whatever the browser's own zone (Tokyo) or the server's.
	eq('stored in UTC', sql("SELECT strftime('%Y-%m-%dT%H:%M', publish_at, " +
	    `'unixepoch') FROM statement WHERE public_id = '${ref}'`),
	    `${year}-07-01T14:00`);
	eq('state', sql(`SELECT state FROM statement WHERE public_id = '${ref}'`),
	    'approved');
	const shown = (await alice.locator('#publish-time').textContent())
	    .replace(/\s+/g, ' ').trim();
	eq('shown in the event\'s zone and in UTC', shown, 'Publication time: ' +
	    `1 July ${year}, 10:00 America/New_York (EDT), that is 1 July ${year}, ` +
	    '14:00 UTC');
	await screenshot(alice, 'timezone-02-approved');
	// Not public before its time.
	const reader = await newPage(browser, options);
	const r = await reader.goto(`${BASE}/s/${ref}`);
	check('not public before the embargo ends', r.status() === 404,
	    r.status());
});
