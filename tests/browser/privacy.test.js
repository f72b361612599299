// privacy.test.js — personal data, as an administrator and a submitter meet
// it, at 360 px and 1280 px: the privacy notice beside the consent box of
// the public form; /admin/erase reached from the admin page, an address
// in the wrong form refused with what was typed kept, the confirmation
// step counting what will happen, the erasure itself, and the statement
// gone from the database afterwards. axe finds nothing and nothing scrolls
// sideways on each page.
'use strict';

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

// send(page, title, email, label): a statement through the public form,
// whose privacy notice is checked on the way.
async function send(page, title, email, label) {
	await page.goto(`${BASE}/submit`);
	const notice = page.locator('#privacy-notice');
	check(`${label}: the privacy notice is shown`, await notice.isVisible());
	eq(`${label}: the notice's words`, (await notice.textContent()).trim(),
	    'Your personal data: The secretariat keeps your name and ' +
	    'address for 90 days after a refusal; write to privacy@example.org ' +
	    'to have them erased.');
	const consent = await page.locator('#consent').boundingBox();
	const box = await notice.boundingBox();
	check(`${label}: the notice is just above the consent box`,
	    box && consent && box.y < consent.y && consent.y - box.y < 200,
	    JSON.stringify([box, consent]));
	await checkAxe(page, `the form with a privacy notice (${label})`);
	await noSideScroll(page, `the form with a privacy notice (${label})`);
	await page.selectOption('#event', 'idm-2024-1');
	await page.selectOption('#session', 'panel-3');
	await page.check('#kind-panel');
	await page.fill('#title', title);
	await page.fill('#speaker', 'Maria Santos');
	await page.fill('#organisation', 'Alianza Americas');
	await page.selectOption('#language', 'en');
	await page.check('#format-text');
	await page.fill('#body', 'Thank you, Chair.');
	await page.fill('#submitter_name', 'Erin Erasable');
	await page.fill('#submitter_email', email);
	await page.check('#consent');
	eq(`${title}: sent`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Send statement' })), 200);
}

async function erase(browser, options, label) {
	const email = `erase-${label}@example.org`;
	const title = `To be erased at ${label} px`;
	const pub = await newPage(browser, options);
	await send(pub, title, email, label);
	await pub.context().close();
	eq(`${label}: one statement from the address`,
	    sql(`SELECT count(*) FROM statement WHERE submitter_email = '${email}'`),
	    '1');

	const page = await newPage(browser, options);
	await signIn(page, 'alice');
	await page.goto(`${BASE}/admin`);
	eq(`${label}: the admin page links to the erase page`, await clickAndWait(
	    page, page.getByRole('link', { name: "Erase a submitter's data" })),
	    200);
	eq(`${label}: the erase page`, new URL(page.url()).pathname,
	    new URL(`${BASE}/admin/erase`).pathname);
	await checkAxe(page, `the erase page (${label})`);
	await noSideScroll(page, `the erase page (${label})`);
	await screenshot(page, `privacy-erase-${label}`);

	// An address in the wrong form: the summary links to the field, which
	// keeps what was typed.
	await page.fill('#email', 'erin at example');
	eq(`${label}: a bad address is refused (422)`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Find the statements' })), 422);
	const summary = page.locator('.error-summary a[href="#email"]');
	eq(`${label}: the summary says what to fix`,
	    (await summary.textContent()).trim(),
	    'Enter an e-mail address in the right form, like name@example.org');
	eq(`${label}: what was typed is kept`,
	    await page.inputValue('#email'), 'erin at example');
	check(`${label}: the field says it is wrong`, (await page.getAttribute(
	    '#email', 'aria-describedby')) === 'email-error');
	await checkAxe(page, `the erase page with an error (${label})`);
	await noSideScroll(page, `the erase page with an error (${label})`);

	// The confirmation step counts, and changes nothing.
	await page.fill('#email', email);
	eq(`${label}: the first step (200)`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Find the statements' })), 200);
	const items = (await page.locator('[role="status"] li').allTextContents())
	    .map((s) => s.trim());
	eq(`${label}: what will happen`, items.join(' | '),
	    '1 statement was sent from this address. | 1 unpublished statement ' +
	    'will be deleted, with its versions and attachments. | 0 published ' +
	    "statements will stay published without their submitter's data.");
	eq(`${label}: nothing erased yet`, sql('SELECT count(*) FROM statement ' +
	    `WHERE submitter_email = '${email}'`), '1');
	await checkAxe(page, `the erase confirmation (${label})`);
	await noSideScroll(page, `the erase confirmation (${label})`);
	await screenshot(page, `privacy-erase-confirm-${label}`);

	eq(`${label}: erased (200)`, await clickAndWait(page,
	    page.getByRole('button', { name: `Erase ${email} now` })), 200);
	const done = page.locator('[role="status"]');
	check(`${label}: the page says so`, (await done.textContent())
	    .includes('The address was erased.'));
	eq(`${label}: what was done`, (await page.locator('[role="status"] li')
	    .allTextContents()).map((s) => s.trim()).join(' | '),
	    '1 statement deleted. | 0 published statements kept without their ' +
	    "submitter's data. | 0 published statements withdrawn.");
	eq(`${label}: the statement is gone`, sql('SELECT count(*) FROM ' +
	    `statement WHERE title = '${title}'`), '0');
	eq(`${label}: the address is nowhere in the statements`, sql('SELECT ' +
	    `count(*) FROM statement WHERE submitter_email = '${email}'`), '0');
	await checkAxe(page, `the erase result (${label})`);
	await noSideScroll(page, `the erase result (${label})`);
	await screenshot(page, `privacy-erased-${label}`);
	await page.context().close();
}

run('privacy', async (browser) => {
	config('privacy_notice', 'The secretariat keeps your name and address ' +
	    'for 90 days after a refusal; write to privacy@example.org to have ' +
	    'them erased.');
	try {
		await erase(browser, PHONE, '360');
		await erase(browser, DESKTOP, '1280');
	} finally {
		config('privacy_notice', '');
	}
});
