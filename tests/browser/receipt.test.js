// receipt.test.js — what a submitter reads after sending (issue 13, points
// 5 and 7), at 360 px and 1280 px: the organisation field suggests the
// catalogue's organisations (a datalist); the confirmation says
// "Statement received", the reference, what happens next and whether the
// private link was e-mailed (at 360 px on a site without e-mail, at
// 1280 px with a mail_command: the address masked), with one link, to the
// status page; the status page is headed by the statement's title; its
// "Withdraw statement" asks "Are you sure?" on a page of its own ("No"
// goes back, "Yes" withdraws), with JavaScript and without. At 360 px a
// moderator then sees "Matched:" on the review page, edits and approves
// another statement, and its status page links to the published page and
// shows the moderator's changes. axe finds nothing and nothing is wider
// than a 320 px viewport on each page; screenshots 13-submitter-*-360.
'use strict';

const fs = require('fs');
const path = require('path');
const os = require('os');
const { execFileSync } = require('child_process');
const { BASE, PHONE, DESKTOP, check, eq, newPage, clickAndWait, checkAxe,
    screenshot, run, signIn } = require('./lib');

function sql(q) {
	return execFileSync('sqlite3', [process.env.DAIS_DB, q],
	    { encoding: 'utf8' }).trim();
}

function config(key, value) {
	execFileSync(process.env.DAIS, ['--db', process.env.DAIS_DB, 'config',
	    'set', key, value], { encoding: 'utf8' });
}

function configGet(key) {
	return execFileSync(process.env.DAIS, ['--db', process.env.DAIS_DB,
	    'config', 'get', key], { encoding: 'utf8' }).trim();
}

// At 320 px wide, nothing is wider than the viewport; the page is then
// given its width back.
async function fits320(page, label) {
	const size = page.viewportSize();

	await page.setViewportSize({ width: 320, height: size.height });
	const w = await page.evaluate(() =>
	    document.documentElement.scrollWidth);
	check(`${label}: no horizontal scroll at 320 px`, w <= 320, String(w));
	await page.setViewportSize(size);
}

async function look(page, label, shot) {
	await checkAxe(page, label);
	await fits320(page, label);
	if (shot)
		await screenshot(page, shot);
}

async function send(page, s, label) {
	await page.goto(`${BASE}/submit`);
	const names = await page.$$eval('#organisation-list option',
	    (os) => os.map((o) => o.value));
	eq(`${label}: the datalist holds every catalogue organisation`,
	    names.length, Number(sql('SELECT count(*) FROM organisation')));
	check(`${label}: Migrant Rights Initiative is suggested`,
	    names.includes('Migrant Rights Initiative'), names.join('|'));
	eq(`${label}: the organisation field uses the list`, await page
	    .getAttribute('#organisation', 'list'), 'organisation-list');
	if (label.endsWith('360'))
		await look(page, `${label}: the form`, '13-submitter-form-360');
	await page.selectOption('#event', 'idm-2024-1');
	await page.selectOption('#session', 'panel-3');
	await page.check('#kind-panel');
	await page.fill('#title', s.title);
	await page.fill('#speaker', 'Maria Santos');
	await page.fill('#organisation', s.org);
	await page.selectOption('#language', 'en');
	await page.check('#format-text');
	await page.fill('#body', s.body);
	await page.fill('#submitter_name', 'Maria');
	await page.fill('#submitter_email', s.email);
	await page.check('#consent');
	eq(`${label}: sent`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Send statement' })), 200);
}

async function journey(browser, options, label, mailed) {
	const page = await newPage(browser, options);
	const title = `Regular pathways for youth (${label})`;
	const phone = label === '360';
	const shot = (s) => phone ? `13-submitter-${s}-360` : null;

	await send(page, { title, org: 'Migrant Rights Initiative',
	    body: 'Thank you, Chair.\n\nRegular pathways matter.',
	    email: `maria.${label}@example.org` }, label);
	check(`${label}: the confirmation's address`,
	    /\/status\/[0-9a-f]{40}\?sent=1$/.test(page.url()), page.url());
	eq(`${label}: heading`, (await page.locator('h1').textContent()).trim(),
	    'Statement received');
	const ref = sql("SELECT public_id FROM statement WHERE title = '" +
	    title.replace(/'/g, "''") + "'");
	eq(`${label}: the reference`, (await page.locator('.panel-body strong')
	    .textContent()).trim(), ref);
	const main = page.locator('main');
	check(`${label}: what happens next`, (await main.textContent()).includes(
	    'A moderator reviews every statement before it is published'));
	const mail = (await page.locator('#receipt-mail').textContent()).trim();
	if (mailed)
		eq(`${label}: the link was e-mailed, the address masked`, mail,
		    'We have sent the link to m…@example.org.');
	else
		check(`${label}: the link could not be e-mailed`, mail.startsWith(
		    'We could not e-mail you: bookmark this page, it is the ' +
		    'only way back.'), mail);
	const links = await main.locator('a[href*="/status/"]').evaluateAll(
	    (as) => as.map((a) => a.href));
	eq(`${label}: one link to correct or withdraw`, links.length, 1);
	eq(`${label}: no form on the confirmation`,
	    await main.locator('form').count(), 0);
	await look(page, `${label}: the confirmation`, shot('confirmation'));

	eq(`${label}: the link opens the status page`, await clickAndWait(page,
	    main.locator('#status-link a')), 200);
	eq(`${label}: the status page's heading is the title`,
	    (await page.locator('h1').textContent()).trim(), title);
	await look(page, `${label}: the status page`, shot('status'));

	eq(`${label}: withdraw asks first`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Withdraw statement' })), 200);
	eq(`${label}: Are you sure?`, (await page.locator('h1').textContent())
	    .trim(), 'Withdraw your statement?');
	check(`${label}: the question`, (await page.locator('main')
	    .textContent()).includes('Are you sure?'));
	eq(`${label}: not withdrawn yet`, sql(
	    `SELECT state FROM statement WHERE public_id = '${ref}'`), 'pending');
	await look(page, `${label}: are you sure`, shot('withdraw-ask'));
	eq(`${label}: No goes back`, await clickAndWait(page,
	    page.getByRole('link', { name: 'No, keep it' })), 200);
	eq(`${label}: back on the status page`, (await page.locator('h1')
	    .textContent()).trim(), title);
	eq(`${label}: still waiting`, sql(
	    `SELECT state FROM statement WHERE public_id = '${ref}'`), 'pending');
	await clickAndWait(page, page.getByRole('button',
	    { name: 'Withdraw statement' }));
	eq(`${label}: Yes withdraws`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Yes, withdraw it' })), 200);
	eq(`${label}: withdrawn`, sql(
	    `SELECT state FROM statement WHERE public_id = '${ref}'`),
	    'withdrawn');
	check(`${label}: says so`, (await page.locator('.notice[role="status"]')
	    .textContent()).includes('Your statement was withdrawn.'));
	await look(page, `${label}: withdrawn`, shot('withdrawn'));
	await page.context().close();
}

// Without JavaScript the confirmation step works the same.
async function withoutScript(browser) {
	const page = await newPage(browser, Object.assign({}, DESKTOP,
	    { javaScriptEnabled: false }));
	await send(page, { title: 'Sent without a script', org: 'Alianza ' +
	    'Americas', body: 'Thank you.', email: 'noscript@example.org' },
	    'no JavaScript');
	const ref = sql("SELECT public_id FROM statement WHERE title = " +
	    "'Sent without a script'");
	await clickAndWait(page, page.locator('#status-link a'));
	await clickAndWait(page, page.getByRole('button',
	    { name: 'Withdraw statement' }));
	eq('no JavaScript: asks first', (await page.locator('h1').textContent())
	    .trim(), 'Withdraw your statement?');
	await clickAndWait(page, page.getByRole('button',
	    { name: 'Yes, withdraw it' }));
	eq('no JavaScript: withdrawn', sql(
	    `SELECT state FROM statement WHERE public_id = '${ref}'`),
	    'withdrawn');
	await page.context().close();
}

// A moderator sees "Matched:", edits one word and approves; the status
// page then links to the published page and shows the change.
async function published(browser) {
	const page = await newPage(browser, PHONE);
	const title = 'Decent work for migrant workers';

	await send(page, { title, org: 'migrant rights initiative',
	    body: 'Thank you, Chair.\n\nRegular pathways matter.',
	    email: 'published@example.org' }, 'published');
	const status = await page.locator('#status-link a').getAttribute('href');
	const ref = sql(`SELECT public_id FROM statement WHERE title = '${title}'`);
	const mod = await newPage(browser, PHONE);
	await signIn(mod, 'alice');
	await mod.goto(`${BASE}/moderate/${ref}`);
	const row = (await mod.locator('#org-match dd').innerText()).replace(
	    /\s+/g, ' ').trim();
	eq('review: matched', row, 'Migrant Rights Initiative ' +
	    'Matched: Migrant Rights Initiative');
	eq('review: linked to its public page', await mod.locator(
	    '#org-match a').getAttribute('href'), new URL(`${BASE}/o/mri`)
	    .pathname);
	await look(mod, 'the review page', '13-submitter-review-matched-360');
	await mod.locator('details.edit summary').click();
	await mod.fill('#body', 'Thank you, Chair.\n\nRegular and safe ' +
	    'pathways matter.');
	await clickAndWait(mod, mod.locator('details.edit').getByRole('button',
	    { name: 'Save changes' }));
	await clickAndWait(mod, mod.getByRole('button',
	    { name: 'Approve and publish' }).first());
	eq('approved', sql(`SELECT state FROM statement WHERE public_id = ` +
	    `'${ref}'`), 'approved');
	await mod.context().close();

	await page.goto(status);
	eq('published: the heading is the title', (await page.locator('h1')
	    .textContent()).trim(), title);
	eq('published: links to the published page', await page.locator(
	    '#published-at a').getAttribute('href'), new URL(`${BASE}/s/${ref}`)
	    .pathname);
	eq('published: a moderator edited it', (await page.locator(
	    '#mod-edited-heading').textContent()).trim(),
	    'A moderator edited your statement');
	eq('published: nothing removed', await page.locator(
	    '#mod-edited .diff del').count(), 0);
	eq('published: the words added', (await page.locator(
	    '#mod-edited .diff-change ins').evaluate((e) => [...e.childNodes]
	    .filter((n) => n.nodeType === 3).map((n) => n.data).join('')))
	    .trim(), 'and safe');
	eq('published: the changed paragraph reads as published', (await page
	    .locator('#mod-edited .diff-change').evaluate((e) => {
		const c = e.cloneNode(true);

		c.querySelectorAll('.visually-hidden').forEach((v) => v.remove());
		return c.textContent;
	    })).trim(), 'Regular and safe pathways matter.');
	await look(page, 'the published status page',
	    '13-submitter-published-360');
	eq('published: the link opens the public page', await clickAndWait(page,
	    page.locator('#published-at a')), 200);
	await page.context().close();
}

run('receipt', async (browser) => {
	const rate = configGet('rate_submit_per_hour');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dais-receipt-'));
	const mailer = path.join(dir, 'mailer');

	fs.writeFileSync(mailer, `#!/bin/sh\ncat >> '${dir}/mail.log'\n`);
	fs.chmodSync(mailer, 0o755);
	config('rate_submit_per_hour', '0');
	try {
		config('mail_command', '');
		await journey(browser, PHONE, '360', false);
		await withoutScript(browser);
		config('mail_command', `${mailer} -t -i`);
		await journey(browser, DESKTOP, '1280', true);
		config('mail_command', '');
		await published(browser);
	} finally {
		config('mail_command', '');
		config('rate_submit_per_hour', rate);
		sql('DELETE FROM outbox');
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
