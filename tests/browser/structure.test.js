// structure.test.js — the administrators' structure pages
// (/admin/structure): from the admin page to the list, an event's page
// where a session is renamed (its old address then redirects), a refused
// delete of an event with statements (409, the count said), and two
// organisations merged (the merged one's address redirects). A moderator
// moves a statement from the review page. On a phone (360 px) and a
// desktop (1280 px), axe-core finding nothing, no horizontal scroll on the
// phone. Its own event, session and organisations (made with the command
// line), so that the other tests' counts are untouched; the statement it
// moves is its own too.
'use strict';

const { execFileSync } = require('child_process');
const { BASE, PHONE, DESKTOP, check, eq, newPage, clickAndWait, checkAxe,
    screenshot, run, signIn } = require('./lib');

function dais(...args) {
	return execFileSync(process.env.DAIS, args, { env: process.env,
	    encoding: 'utf8' });
}

async function noOverflow(page, label) {
	const r = await page.evaluate(() => ({
		sw: document.documentElement.scrollWidth,
		w: window.innerWidth,
	}));
	// A page wider than the phone is laid out wider (and zoomed out).
	return check(`${label}: no horizontal overflow`, r.sw <= r.w &&
	    r.w === 360, `scrollWidth ${r.sw}, window ${r.w}`);
}

const TITLE = 'Filed under the browser forum';

async function send(page) {
	await page.goto(`${BASE}/submit`);
	await page.selectOption('#event', 'br-event');
	await page.selectOption('#session', 'br-s2');
	await page.check('#kind-written');
	await page.fill('#title', TITLE);
	await page.fill('#organisation', 'Network One');
	await page.selectOption('#language', 'en');
	await page.check('#format-text');
	await page.fill('#body', 'A statement to move.');
	await page.fill('#submitter_name', 'Coordinator');
	await page.fill('#submitter_email', 'structure@example.org');
	await page.check('#consent');
	return clickAndWait(page, page.getByRole('button',
	    { name: 'Send statement' }));
}

function text(page, sel) {
	return page.locator(sel).first().textContent()
	    .then((t) => t.replace(/\s+/g, ' ').trim());
}

run('structure', async (browser) => {
	dais('event', 'add', 'br-event', '--title', 'Browser forum',
	    '--starts', '2024-09-01');
	dais('session', 'add', 'br-event', 'br-s1', '--title', 'Opening seshun');
	dais('session', 'add', 'br-event', 'br-s2', '--title', 'Closing');
	dais('event', 'add', 'br-other', '--title', 'Other forum',
	    '--starts', '2024-10-01');
	dais('org', 'add', 'br-one', '--name', 'Network One');
	dais('org', 'add', 'br-two', '--name', 'Network 1',
	    '--url', 'https://one.example.org');

	const sub = await newPage(browser, DESKTOP);

	eq('a statement sent', await send(sub), 200);
	await sub.context().close();

	const alice = await newPage(browser, DESKTOP);
	const phone = await newPage(browser, PHONE);

	await signIn(alice, 'alice');
	await signIn(phone, 'alice');

	// From the admin page to the list.
	await alice.goto(`${BASE}/admin`);
	eq('admin page: the list opens', await clickAndWait(alice,
	    alice.getByRole('link', { name: 'Edit, rename, reorder, delete ' +
	    'or merge events, sessions and organisations' })), 200);
	eq('the list', new URL(alice.url()).pathname,
	    new URL(`${BASE}/admin/structure`).pathname);
	await screenshot(alice, 'structure-desktop-01-list');
	await checkAxe(alice, 'structure list (desktop)');
	await phone.goto(`${BASE}/admin/structure`);
	await screenshot(phone, 'structure-phone-01-list');
	await checkAxe(phone, 'structure list (phone)');
	await noOverflow(phone, 'structure list (phone)');

	// Rename a session.
	eq('event page opens', await clickAndWait(alice, alice.getByRole('link',
	    { name: 'Edit Browser forum' })), 200);
	await checkAxe(alice, 'event page (desktop)');
	await phone.goto(alice.url());
	await screenshot(phone, 'structure-phone-02-event');
	await checkAxe(phone, 'event page (phone)');
	await noOverflow(phone, 'event page (phone)');
	await alice.fill('#s-slug-br-s1', 'br-opening');
	await alice.fill('#s-title-br-s1', 'Opening session');
	eq('session saved', await clickAndWait(alice, alice.getByRole('button',
	    { name: 'Save Opening seshun' })), 200);
	eq('session renamed', await alice.inputValue('#s-title-br-opening'),
	    'Opening session');
	await screenshot(alice, 'structure-desktop-02-session-renamed');
	const old = await alice.request.get(
	    `${BASE}/frame/event/br-event/br-s1`, { maxRedirects: 0 });
	eq('old session address: 301', old.status(), 301);
	eq('old session address: to the new', old.headers().location,
	    new URL(`${BASE}/frame/event/br-event/br-opening`).pathname);
	// A fragment is pasted as it is (SSI, plugins): under the old
	// address, the current one's, not a redirect.
	const oldFrag = await alice.request.get(
	    `${BASE}/fragment/event/br-event/br-s1`, { maxRedirects: 0 });
	const newFrag = await alice.request.get(
	    `${BASE}/fragment/event/br-event/br-opening`);
	eq('old session fragment: 200', oldFrag.status(), 200);
	eq('old session fragment: the current one', await oldFrag.text(),
	    await newFrag.text());
	// Reordered.
	eq('moved down', await clickAndWait(alice, alice.getByRole('button',
	    { name: 'Move down Opening session' })), 200);
	const firstTitle = await alice.locator('#sessions ~ form input[name=title]')
	    .first().inputValue();
	eq('the other session first now', firstTitle, 'Closing');

	// A delete refused: the event has a statement.
	await alice.goto(`${BASE}/admin/structure`);
	const refused = await clickAndWait(alice, alice.getByRole('button',
	    { name: 'Delete Browser forum' }));
	eq('delete of an event with statements: 409', refused, 409);
	check('the refusal says how many', (await text(alice,
	    '.error-summary')).includes('1 statement is filed under this ' +
	    'event, so it cannot be deleted.'), await text(alice,
	    '.error-summary'));
	await screenshot(alice, 'structure-desktop-03-refused');
	await checkAxe(alice, 'refused delete (desktop)');

	// Merge two organisations, on the phone.
	await phone.goto(`${BASE}/admin/structure`);
	await phone.selectOption('#merge-from', 'br-two');
	await phone.selectOption('#merge-into', 'br-one');
	const mergeButton = phone.getByRole('button', { name: 'Merge',
	    exact: true });
	eq('merge', await clickAndWait(phone, mergeButton), 200);
	eq('merged: no br-two in the list', await phone.locator('.ref',
	    { hasText: /^br-two$/ }).count(), 0);
	await checkAxe(phone, 'list after the merge (phone)');
	const merged = await phone.request.get(`${BASE}/o/br-two?page=1`,
	    { maxRedirects: 0 });
	eq('merged organisation: 301', merged.status(), 301);
	eq('merged organisation: to the kept one', merged.headers().location,
	    new URL(`${BASE}/o/br-one?page=1`).pathname + '?page=1');

	// A statement moved from the review page.
	await alice.goto(`${BASE}/moderate`);
	eq('a review page opens', await clickAndWait(alice,
	    alice.locator('.queue-title', { hasText: TITLE })), 200);
	const review = alice.url();
	eq('the move page opens', await clickAndWait(alice, alice.getByRole(
	    'link', { name: 'Move to another event or session' })), 200);
	await checkAxe(alice, 'move page (desktop)');
	await phone.goto(alice.url());
	await checkAxe(phone, 'move page (phone)');
	await noOverflow(phone, 'move page (phone)');
	await screenshot(phone, 'structure-phone-03-move');
	await alice.selectOption('#move-place', 'br-other');
	eq('moved', await clickAndWait(alice, alice.getByRole('button',
	    { name: 'Move', exact: true })), 200);
	eq('back on the review page', alice.url(), review);
	check('the review page shows the new event',
	    (await alice.content()).includes('Other forum'));
	await alice.context().close();
	await phone.context().close();
});
