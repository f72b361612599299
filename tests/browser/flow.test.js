// flow.test.js — moderation that flows (issue 13, point 6). On a phone
// (360 px) a moderator approves five statements one after another with
// "Approve and next": each time the next statement opens with a banner
// about the one just approved (its title, what the submitter sees, Undo,
// and the next waiting one with how many are left). One approval is
// undone from the banner; a rejection without a reason is refused with the
// summary focused and the reason field marked, the edit panel closed. At
// 1280 px the published statement's heading and its public page. axe finds
// nothing, and nothing scrolls sideways at 320 px. Screenshots of each step
// at 360 px: 13-flow-*-360.
'use strict';

const { execFileSync } = require('child_process');
const { BASE, PHONE, DESKTOP, check, eq, newPage, clickAndWait, checkAxe,
    screenshot, run, signIn } = require('./lib');

const NARROW = { viewport: { width: 320, height: 640 }, isMobile: true,
    hasTouch: true, deviceScaleFactor: 1 };

function sql(q) {
	return execFileSync('sqlite3', [process.env.DAIS_DB, q],
	    { encoding: 'utf8' }).trim();
}

const path = (page) => new URL(page.url()).pathname;
const waiting = (exceptId) => Number(sql('SELECT count(*) FROM statement ' +
    `WHERE state = 'pending' AND public_id != '${exceptId}'`));

async function send(page, title) {
	await page.goto(`${BASE}/submit`);
	await page.selectOption('#event', 'idm-2024-1');
	await page.selectOption('#session', 'panel-3');
	await page.check('#kind-panel');
	await page.fill('#title', title);
	await page.fill('#speaker', 'Maria Santos');
	await page.fill('#organisation', 'Alianza Americas');
	await page.selectOption('#language', 'en');
	await page.check('#format-text');
	await page.fill('#body', `${title}: thank you, Chair.`);
	await page.fill('#submitter_name', 'Coordinator');
	await page.fill('#submitter_email', 'flow@example.org');
	await page.check('#consent');
	eq(`${title}: sent`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Send statement' })), 200);
	return sql(`SELECT public_id FROM statement WHERE title = '${title}'`);
}

async function bannerText(page) {
	const b = page.locator('.decision-banner[role="status"]');

	if (await b.count() !== 1)
		return null;
	return (await b.locator('p').first().textContent()).replace(/\s+/g,
	    ' ').trim();
}

async function narrow(browser, url, label) {
	const p = await newPage(browser, NARROW);

	await p.goto(url);
	const r = await p.evaluate(() => ({
	    sw: document.documentElement.scrollWidth, w: window.innerWidth }));
	check(`${label}: not wider than 320 px`, r.sw <= 320,
	    `scrollWidth ${r.sw}`);
	await p.context().close();
}

run('flow', async (browser) => {
	const sub = await newPage(browser, DESKTOP);
	const ids = [];
	const titles = [];

	for (let i = 1; i <= 6; i++) {
		titles.push(`Flow walk ${i}`);
		ids.push(await send(sub, titles[i - 1]));
	}
	// The oldest in the queue, in this order, whatever other tests left.
	ids.forEach((id, i) => sql('UPDATE statement SET created = ' +
	    `'2000-01-01T00:00:0${i}Z' WHERE public_id = '${id}'`));

	const phone = await newPage(browser, PHONE);
	await signIn(phone, 'alice');
	await phone.goto(`${BASE}/moderate/${ids[0]}`);
	eq('review: no banner before a decision', await bannerText(phone), null);
	eq('review: the heading of a waiting statement', (await phone
	    .locator('.review-main h2').first().textContent()).trim(),
	    'As it will be published');
	check('review: "Approve and next" beside "Approve and publish"',
	    await phone.getByRole('button', { name: 'Approve and next' })
	    .isVisible() && await phone.getByRole('button',
	    { name: 'Approve and publish' }).isVisible());
	await screenshot(phone, '13-flow-01-review-360');
	await checkAxe(phone, 'review before a decision (360)');

	// Five approvals, each landing on the next waiting statement.
	for (let i = 0; i < 5; i++) {
		const status = await clickAndWait(phone, phone.getByRole(
		    'button', { name: 'Approve and next' }));
		const n = i + 1;
		eq(`approve and next ${n}: 200`, status, 200);
		eq(`approve and next ${n}: approved`, sql('SELECT state FROM ' +
		    `statement WHERE public_id = '${ids[i]}'`), 'approved');
		eq(`approve and next ${n}: the next statement opens`,
		    path(phone), new URL(`${BASE}/moderate/${ids[i + 1]}`)
		    .pathname);
		eq(`approve and next ${n}: its heading`, (await phone
		    .locator('h1').textContent()).trim(), titles[i + 1]);
		eq(`approve and next ${n}: the banner`, await bannerText(phone),
		    `${titles[i]}: Approved and published. The submitter's ` +
		    'status page now says it is published.');
		eq(`approve and next ${n}: the banner has the focus (read out)`,
		    await phone.evaluate(() => document.activeElement.classList
		    .contains('decision-banner')), true);
		eq(`approve and next ${n}: the banner links the one approved`,
		    await phone.locator('.decision-banner p a').first()
		    .getAttribute('href'), new URL(`${BASE}/moderate/${ids[i]}`)
		    .pathname);
		const left = waiting(ids[i + 1]);
		if (left > 0) {
			eq(`approve and next ${n}: next waiting, with the count`,
			    (await phone.locator('.next-link').textContent())
			    .trim(), `Next waiting statement (${left} left)`);
			if (i < 4)
				eq(`approve and next ${n}: the next link's target`,
				    await phone.locator('.next-link')
				    .getAttribute('href'), new URL(
				    `${BASE}/moderate/${ids[i + 2]}`).pathname);
		} else {
			eq(`approve and next ${n}: none other waiting`,
			    (await phone.locator('.next-none').textContent())
			    .replace(/\s+/g, ' ').trim(),
			    'No other statement is waiting. Back to the queue');
		}
		check(`approve and next ${n}: Undo offered`, await phone
		    .getByRole('button', { name: 'Undo' }).isVisible());
		await screenshot(phone, `13-flow-0${n + 1}-approved-${n}-360`);
		if (i === 0 || i === 4)
			await checkAxe(phone, `banner after approval ${n} (360)`);
	}

	// Undo the fifth approval from the sixth statement's page.
	const audits = Number(sql('SELECT count(*) FROM audit'));
	let status = await clickAndWait(phone, phone.getByRole('button',
	    { name: 'Undo' }));
	eq('undo: 200', status, 200);
	eq('undo: to the statement undone', path(phone),
	    new URL(`${BASE}/moderate/${ids[4]}`).pathname);
	eq('undo: waiting again', sql('SELECT state FROM statement WHERE ' +
	    `public_id = '${ids[4]}'`), 'pending');
	eq('undo: in the audit log', sql('SELECT actor || \' \' || action ' +
	    'FROM audit ORDER BY id DESC LIMIT 1'), 'alice undo');
	eq('undo: one audit row', Number(sql('SELECT count(*) FROM audit')),
	    audits + 1);
	eq('undo: the banner', await bannerText(phone), 'Decision undone. ' +
	    'The statement waits for review again and nothing public shows ' +
	    'it. The submitter\'s status page says it is waiting for review.');
	eq('undo: the next waiting, this one not counted', (await phone
	    .locator('.next-link').textContent()).trim(),
	    `Next waiting statement (${waiting(ids[4])} left)`);
	await screenshot(phone, '13-flow-07-undone-360');
	await checkAxe(phone, 'banner after undo (360)');
	await narrow(browser, phone.url(), 'banner after undo');

	// A rejection without a reason: refused, the field marked.
	status = await clickAndWait(phone, phone.getByRole('button',
	    { name: 'Reject', exact: true }));
	eq('reject without a reason: 422', status, 422);
	eq('reject without a reason: the summary has the focus',
	    await phone.evaluate(() => document.activeElement.className),
	    'error-summary');
	eq('reject without a reason: the summary links the field',
	    await phone.locator('.error-summary-list a').getAttribute('href'),
	    '#reason-reject');
	eq('reject without a reason: the box marked', await phone
	    .locator('#reason-reject').getAttribute('aria-invalid'), 'true');
	eq('reject without a reason: the message at the field', (await phone
	    .locator('#reason-reject-error').textContent()).trim(),
	    'Error: Give a reason: the submitter will see it');
	eq('reject without a reason: described by it', await phone
	    .locator('#reason-reject').getAttribute('aria-describedby'),
	    'reason-reject-error');
	check('reject without a reason: the edit panel stays closed',
	    !(await phone.locator('details.edit').evaluate((d) => d.open)));
	eq('reject without a reason: nothing changed', sql('SELECT state ' +
	    `FROM statement WHERE public_id = '${ids[4]}'`), 'pending');
	await screenshot(phone, '13-flow-08-reason-missing-360');
	await checkAxe(phone, 'reject without a reason (360)');
	check('the summary link leads to the box', await phone.locator(
	    '.error-summary-list a[href="#reason-reject"]').count() === 1 &&
	    await phone.locator('#reason-reject').count() === 1);
	const reason = 'Sent twice: see the other statement of this panel.';
	await phone.fill('#reason-reject', reason);
	status = await clickAndWait(phone, phone.getByRole('button',
	    { name: 'Reject', exact: true }));
	eq('reject: 200', status, 200);
	eq('reject: the banner', await bannerText(phone), 'Rejected. The ' +
	    `submitter sees your reason: “${reason}”.`);
	eq('rejected: the heading', (await phone.locator('.review-main h2')
	    .first().textContent()).trim(), 'As it was sent (not published)');
	await screenshot(phone, '13-flow-09-rejected-360');
	await checkAxe(phone, 'banner after rejection (360)');

	// At 1280 px: the sixth approved, its heading and its public page.
	const desk = await newPage(browser, DESKTOP);
	await signIn(desk, 'alice');
	await desk.goto(`${BASE}/moderate/${ids[5]}`);
	status = await clickAndWait(desk, desk.getByRole('button',
	    { name: 'Approve and publish' }));
	eq('approve (1280): 200', status, 200);
	eq('approve (1280): the same page', path(desk),
	    new URL(`${BASE}/moderate/${ids[5]}`).pathname);
	eq('approve (1280): the banner', await bannerText(desk), 'Approved ' +
	    'and published. The submitter\'s status page now says it is ' +
	    'published.');
	eq('published (1280): the heading', (await desk.locator(
	    '.review-main h2').first().textContent()).trim(), 'As published');
	await screenshot(desk, '13-flow-10-published-1280');
	await checkAxe(desk, 'banner after approval (1280)');
	await narrow(browser, desk.url(), 'banner after approval');
	status = await clickAndWait(desk, desk.getByRole('link',
	    { name: 'View the published page' }));
	eq('the published page: 200', status, 200);
	eq('the published page: /s/ID', path(desk),
	    new URL(`${BASE}/s/${ids[5]}`).pathname);
	eq('the published page: its title', (await desk.locator('h1')
	    .textContent()).trim(), titles[5]);
});
