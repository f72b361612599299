// mine.test.js — a submitter's way back, as a person meets it. On a site
// without e-mail, the receipt page says the private link is the only way
// back and its "Copy the link" button copies it (announced in a live
// region); without JavaScript the button stays hidden and the link shows.
// Then, with e-mail (a mail_command that writes each message to a file),
// at 360 px and 1280 px: "My statements" asks for the address, the
// sign-in link is read from the mail, opened, and the list shows the
// statements sent from that address; one opens in its status page. axe
// finds nothing and nothing scrolls sideways on each page.
'use strict';

const fs = require('fs');
const path = require('path');
const os = require('os');
const { execFileSync } = require('child_process');
const { BASE, PHONE, DESKTOP, check, eq, newPage, newContext,
    clickAndWait, checkAxe, screenshot, run } = require('./lib');

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

async function noSideScroll(page, label) {
	const r = await page.evaluate(() => {
		const w = window.innerWidth;
		const out = [];

		for (const el of document.querySelectorAll('body *')) {
			const b = el.getBoundingClientRect();

			if (b.width > 1 && (b.right > w + 1 || b.left < -1))
				out.push(`${el.tagName.toLowerCase()}.${el.className}`);
		}
		return { sw: document.documentElement.scrollWidth, w,
		    out: out.slice(0, 8) };
	});
	return check(`${label}: no horizontal scroll`, r.sw <= r.w &&
	    r.out.length === 0, `scrollWidth ${r.sw}, window ${r.w}: ` +
	    r.out.join(', '));
}

// send(page, title, email): a statement through the public form; the
// receipt page is left open.
async function send(page, title, email) {
	await page.goto(`${BASE}/submit`);
	await page.selectOption('#event', 'idm-2024-1');
	await page.selectOption('#session', 'panel-3');
	await page.check('#kind-panel');
	await page.fill('#title', title);
	await page.fill('#speaker', 'Maria Santos');
	await page.fill('#organisation', 'Alianza Americas');
	await page.selectOption('#language', 'en');
	await page.check('#format-text');
	await page.fill('#body', 'Thank you, Chair.');
	await page.fill('#submitter_name', 'Coordinator');
	await page.fill('#submitter_email', email);
	await page.check('#consent');
	eq(`${title}: sent`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Send statement' })), 200);
}

async function receiptWithoutMail(browser) {
	const ctx = await newContext(browser, PHONE);
	await ctx.grantPermissions(['clipboard-read', 'clipboard-write'],
	    { origin: new URL(BASE).origin });
	const page = await ctx.newPage();
	await send(page, 'Sent where no e-mail goes', 'nomail@example.org');
	const main = await page.locator('main').textContent();
	check('no mail: the receipt says the link is the only way back',
	    main.includes('We could not e-mail you: bookmark this page, ' +
	    'it is the only way back.'), main);
	const button = page.getByRole('button', { name: 'Copy the link' });
	check('no mail: the copy button shows with JavaScript',
	    await button.isVisible());
	await checkAxe(page, 'the receipt without e-mail (360 px)');
	await noSideScroll(page, 'the receipt without e-mail (360 px)');
	await button.tap();
	const status = page.locator('#copy-result[role="status"]');
	await status.filter({ hasText: 'copied' }).waitFor();
	eq('no mail: the copy is announced', (await status.textContent()).trim(),
	    'The link was copied. Paste it somewhere safe.');
	const href = await page.locator('#status-link a').evaluate((a) => a.href);
	eq('no mail: the clipboard holds the private link', await page.evaluate(
	    () => navigator.clipboard.readText()), href);
	check('no mail: it is the private link', /\/status\/[0-9a-f]{40}$/.test(href),
	    href);
	await screenshot(page, 'mine-receipt-no-mail-360', false);
	// Without JavaScript: no button, the link shown to select.
	const plain = await newPage(browser, Object.assign({}, DESKTOP,
	    { javaScriptEnabled: false }));
	await plain.goto(href.replace(/$/, '?sent=1'));
	check('no JavaScript: the button stays hidden',
	    !(await plain.locator('#copy-link').isVisible()));
	check('no JavaScript: the link is shown',
	    await plain.locator('#status-link a').isVisible());
	await screenshot(plain, 'mine-receipt-no-mail-nojs-1280', false);
	await plain.context().close();
	await ctx.close();
}

// linkFrom(file, email): the newest sign-in link mailed to email.
async function linkFrom(file, email) {
	for (let i = 0; i < 200; i++) {
		const all = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
		const msgs = all.split('----- end of message -----')
		    .filter((m) => m.includes(`To: ${email}`));
		const m = msgs.length ? msgs[msgs.length - 1]
		    .match(/https?:\/\/\S+\/my\/link\/[0-9a-f]{64}/) : null;
		if (m)
			return m[0];
		await new Promise((r) => setTimeout(r, 50));
	}
	return null;
}

async function myStatements(browser, options, label, mailFile) {
	const email = `mine-${label}@example.org`;
	const page = await newPage(browser, options);
	await send(page, `First of ${label}`, email);
	await send(page, `Second of ${label}`, email);
	await send(page, `Someone else's (${label})`, `other-${label}@example.org`);

	await page.goto(`${BASE}/my`);
	await checkAxe(page, `My statements, the form (${label})`);
	await noSideScroll(page, `My statements, the form (${label})`);
	await page.fill('#email', email);
	eq(`${label}: asked for a link`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Send me a link' })), 200);
	const notice = await page.locator('[role="status"]').textContent();
	check(`${label}: the same answer for anyone`, notice.includes(
	    'If we have statements from that address, we have sent a link'),
	    notice);
	await checkAxe(page, `My statements, asked (${label})`);
	await screenshot(page, `mine-asked-${label}`);

	const link = await linkFrom(mailFile, email);
	check(`${label}: the link came by e-mail`, link !== null);
	if (link === null)
		return;
	await page.goto(link);
	await checkAxe(page, `the sign-in link (${label})`);
	await noSideScroll(page, `the sign-in link (${label})`);
	eq(`${label}: signed in`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Show my statements' })), 200);
	eq(`${label}: the list`, new URL(page.url()).pathname,
	    new URL(`${BASE}/my`).pathname);
	const titles = await page.locator('.my-title').allTextContents();
	eq(`${label}: exactly that address's statements, newest first`,
	    titles.map((t) => t.trim()).join(' | '),
	    `Second of ${label} | First of ${label}`);
	await checkAxe(page, `My statements, the list (${label})`);
	await noSideScroll(page, `My statements, the list (${label})`);
	await screenshot(page, `mine-list-${label}`);
	// Right to left, in Arabic.
	await page.goto(`${BASE}/my?lang=ar`);
	eq(`${label}: the list in Arabic`, await page.locator('html')
	    .getAttribute('dir'), 'rtl');
	await checkAxe(page, `My statements, the list in Arabic (${label})`);
	await noSideScroll(page, `My statements, the list in Arabic (${label})`);
	await screenshot(page, `mine-list-ar-${label}`);
	await page.goto(`${BASE}/my?lang=en`);

	eq(`${label}: one opens`, await clickAndWait(page,
	    page.getByRole('link', { name: `First of ${label}` })), 200);
	check(`${label}: its status page, to correct it`, await page
	    .getByRole('heading', { name: 'Correct your statement' }).isVisible());
	await checkAxe(page, `a statement from My statements (${label})`);
	await noSideScroll(page, `a statement from My statements (${label})`);
	await screenshot(page, `mine-statement-${label}`, false);
	eq(`${label}: back to the list`, await clickAndWait(page,
	    page.getByRole('link', { name: 'All my statements' })), 200);
	eq(`${label}: signed out`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Sign out' })), 200);
	check(`${label}: the form again`, await page.locator('#email').isVisible());
	await page.context().close();
}

run('mine', async (browser) => {
	// This test sends nine statements: the earlier tests of the run may
	// have used up the hour's submissions from 127.0.0.1.
	const rate = configGet('rate_submit_per_hour');
	config('rate_submit_per_hour', '0');
	config('mail_command', '');
	await receiptWithoutMail(browser);

	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dais-mine-'));
	const mailFile = path.join(dir, 'mail.log');
	const mailer = path.join(dir, 'mailer');
	fs.writeFileSync(mailer, '#!/bin/sh\nmsg=$(cat)\nprintf "%s\\n----- ' +
	    `end of message -----\\n" "$msg" >> '${mailFile}'\n`);
	fs.chmodSync(mailer, 0o755);
	config('mail_command', `${mailer} -t -i`);
	try {
		await myStatements(browser, PHONE, '360', mailFile);
		await myStatements(browser, DESKTOP, '1280', mailFile);
	} finally {
		config('mail_command', '');
		config('rate_submit_per_hour', rate);
		sql("DELETE FROM outbox");
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
