// accounts.test.js — a moderator's own account, as a person meets it, at
// 360 px and 1280 px: the account page (a wrong current password shows
// the error summary and keeps the form; the right one saves the new
// password; a notification unticked is saved), then, signed out, "Forgot
// your password?" from the sign-in page, the reset link read from the mail
// (a mail_command that writes each message to a file), the page that sets
// a new password, and signing in with it. axe finds nothing and nothing
// scrolls sideways on each page; the account page also in Arabic.
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

function dais(args, input) {
	return execFileSync(process.env.DAIS, ['--db', process.env.DAIS_DB]
	    .concat(args), { encoding: 'utf8', input: input || '' }).trim();
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

async function looked(page, label, shot) {
	await checkAxe(page, label);
	await noSideScroll(page, label);
	await screenshot(page, shot);
}

// resetLinkFrom(file, email): the newest reset link mailed to email.
async function resetLinkFrom(file, email) {
	for (let i = 0; i < 400; i++) {
		const all = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
		const msgs = all.split('----- end of message -----')
		    .filter((m) => m.includes(`To: ${email}`));
		const m = msgs.length ? msgs[msgs.length - 1]
		    .match(/https?:\/\/\S+\/reset\/[0-9a-f]{64}/) : null;
		if (m)
			return m[0];
		await new Promise((r) => setTimeout(r, 50));
	}
	return null;
}

async function account(browser, options, label, mailFile) {
	const user = `acct${label}`, email = `${user}@example.org`;
	dais(['moderator', 'add', user, '--email', email], 'first password 1\n');
	const page = await newPage(browser, options);
	if (!await signIn(page, user, 'first password 1'))
		return;

	eq(`${label}: the header links to the account`, await clickAndWait(page,
	    page.getByRole('link', { name: 'My account' })), 200);
	check(`${label}: the account page`, await page.getByRole('heading',
	    { name: 'My account', level: 1 }).isVisible());
	await looked(page, `the account page (${label})`, `accounts-page-${label}`);

	// A wrong current password: the summary, the field marked.
	await page.fill('#current', 'not my password');
	await page.fill('#password', 'second password 2');
	await page.fill('#password2', 'second password 2');
	eq(`${label}: a wrong current password (422)`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Change password' })), 422);
	const summary = await page.locator('.error-summary').textContent();
	check(`${label}: the summary says why`, summary.includes(
	    'Your current password is not right'), summary);
	check(`${label}: the password form is still there`,
	    await page.locator('#password').isVisible());
	await looked(page, `the account page, a wrong password (${label})`,
	    `accounts-wrong-${label}`);

	await page.fill('#current', 'first password 1');
	await page.fill('#password', 'second password 2');
	await page.fill('#password2', 'second password 2');
	eq(`${label}: the password changed`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Change password' })), 200);
	const saved = await page.locator('[role="status"]').first().textContent();
	check(`${label}: says it is saved`, saved.includes(
	    'Your new password is saved.'), saved);

	await page.uncheck('#notify_new');
	eq(`${label}: the choice of e-mails saved`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Save my choice' })), 200);
	eq(`${label}: stored`, sql(`SELECT notify_new || notify_held || ` +
	    `notify_corrected FROM moderator WHERE username = '${user}'`), '011');
	check(`${label}: shown unticked`, !(await page.isChecked('#notify_new')));

	await page.goto(`${BASE}/account?lang=ar`);
	eq(`${label}: the account page in Arabic`, await page.locator('html')
	    .getAttribute('dir'), 'rtl');
	await looked(page, `the account page in Arabic (${label})`,
	    `accounts-page-ar-${label}`);
	await page.goto(`${BASE}/account?lang=en`);
	eq(`${label}: signed out`, await clickAndWait(page,
	    page.getByRole('button', { name: `Sign out (${user})` })), 200);

	// Forgotten: from the sign-in page.
	eq(`${label}: "Forgot your password?"`, await clickAndWait(page,
	    page.getByRole('link', { name: 'Forgot your password?' })), 200);
	await looked(page, `the forgot page (${label})`, `accounts-forgot-${label}`);
	await page.fill('#user', user);
	eq(`${label}: a link asked for`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Send me a reset link' })), 200);
	const notice = await page.locator('[role="status"]').textContent();
	check(`${label}: the same answer for anyone`, notice.includes(
	    'If a moderator account has that user name or address'), notice);
	await looked(page, `the forgot page, asked (${label})`,
	    `accounts-asked-${label}`);

	const link = await resetLinkFrom(mailFile, email);
	check(`${label}: the link came by e-mail`, link !== null);
	if (link === null)
		return;
	await page.goto(link);
	await looked(page, `the reset page (${label})`, `accounts-reset-${label}`);
	await page.fill('#password', 'third password 3');
	await page.fill('#password2', 'something else');
	eq(`${label}: two different passwords (422)`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Set the new password' })), 422);
	await looked(page, `the reset page, an error (${label})`,
	    `accounts-reset-error-${label}`);
	await page.fill('#password', 'third password 3');
	await page.fill('#password2', 'third password 3');
	eq(`${label}: the new password set`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Set the new password' })), 200);
	await looked(page, `the reset done (${label})`, `accounts-done-${label}`);
	await page.goto(link);
	check(`${label}: the link works once`, (await page.locator('main')
	    .textContent()).includes('This reset link was used already'));
	await looked(page, `the reset link used (${label})`,
	    `accounts-used-${label}`);
	await signIn(page, user, 'third password 3');
	await page.context().close();
}

run('accounts', async (browser) => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dais-accounts-'));
	const mailFile = path.join(dir, 'mail.log');
	const mailer = path.join(dir, 'mailer');
	fs.writeFileSync(mailer, '#!/bin/sh\nmsg=$(cat)\nprintf "%s\\n----- ' +
	    `end of message -----\\n" "$msg" >> '${mailFile}'\n`);
	fs.chmodSync(mailer, 0o755);
	dais(['config', 'set', 'mail_command', `${mailer} -t -i`]);
	try {
		await account(browser, PHONE, '360', mailFile);
		await account(browser, DESKTOP, '1280', mailFile);
	} finally {
		dais(['config', 'set', 'mail_command', '']);
		sql('DELETE FROM outbox');
		fs.rmSync(dir, { recursive: true, force: true });
	}
});
