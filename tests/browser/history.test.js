// history.test.js — what people edit is the cleaned statement, and the
// history shows what changed in the text as read (issue 13, point 2). A
// statement pasted from Word (its HTML source: mso- styles, <o:p>, spans,
// a numbered list) is sent as HTML; at 360 px the submitter's correction
// box holds the sanitized HTML, not the paste; then, at 360 px and
// 1280 px, a moderator finds the same cleaned HTML in the edit box,
// changes one word and saves; the history shows that one word removed
// (struck through) before the word added, inside its paragraph, with one
// unchanged paragraph of context on each side and the others collapsed;
// no markup and no mso- in it. axe finds nothing; nothing scrolls
// sideways at 320 px. Screenshots: 13-diff-*-360 (and -1280).
'use strict';

const { execFileSync } = require('child_process');
const { BASE, PHONE, DESKTOP, check, eq, newPage, clickAndWait, checkAxe,
    screenshot, run, signIn } = require('./lib');

function sql(q) {
	return execFileSync('sqlite3', [process.env.DAIS_DB, q],
	    { encoding: 'utf8' }).replace(/\n$/, '');
}

// A statement as Word puts it on the clipboard (text/html): 24 paragraphs
// and a numbered list.
function wordHtml(tag) {
	const paras = [];

	for (let i = 1; i <= 24; i++)
		paras.push(`<p class=MsoNormal><span lang=EN-US style='mso-` +
		    `fareast-language:EN-GB;mso-bidi-font-family:Calibri'>` +
		    `Paragraph ${i} (${tag}): we welcome the dialogue on ` +
		    `migration and development, and the commitments made ` +
		    `there.<o:p></o:p></span></p>`);
	return '<html xmlns:o="urn:schemas-microsoft-com:office:office">' +
	    '<head><style>p.MsoNormal{mso-style-parent:"";margin:0cm;}' +
	    '</style></head><body lang=EN-GB><!--StartFragment-->\n' +
	    `<p class=MsoNormal><b><span style='font-size:12.0pt'>Statement ` +
	    `of the Coalition<o:p></o:p></span></b></p>\n` +
	    paras.join('\n') + '\n' +
	    `<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;` +
	    `mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-` +
	    `list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;` +
	    `&nbsp; </span></span><![endif]><span>Protect the rights of all ` +
	    `migrants.<o:p></o:p></span></p>\n` +
	    `<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;` +
	    `mso-list:l0 level1 lfo1'><![if !supportLists]><span style='mso-` +
	    `list:Ignore'>2.<span style='font:7.0pt "Times New Roman"'>&nbsp;` +
	    `&nbsp; </span></span><![endif]><span>Ensure access to justice.` +
	    `<o:p></o:p></span></p>\n<!--EndFragment--></body></html>`;
}

async function noSideScroll(page, label) {
	const sw = await page.evaluate(
	    () => document.documentElement.scrollWidth);
	return check(`${label}: no horizontal scroll at 320 px`, sw <= 320,
	    `scrollWidth ${sw}`);
}

// At 320 px: the page fits; back to the size it was.
async function fits320(page, label, size) {
	await page.setViewportSize({ width: 320, height: 700 });
	await noSideScroll(page, label);
	await page.setViewportSize(size.viewport);
}

// send(page, title, body): a statement as HTML through the public form;
// returns the receipt's private link.
async function send(page, title, body) {
	await page.goto(`${BASE}/submit`);
	await page.selectOption('#event', 'idm-2024-1');
	await page.selectOption('#session', 'panel-3');
	await page.check('#kind-panel');
	await page.fill('#title', title);
	await page.fill('#speaker', 'Maria Santos');
	await page.fill('#organisation', 'Alianza Americas');
	await page.selectOption('#language', 'en');
	await page.check('#format-html');
	await page.fill('#body', body);
	await page.fill('#submitter_name', 'Coordinator');
	await page.fill('#submitter_email', 'coordinator@example.org');
	await page.check('#consent');
	eq(`${title}: sent`, await clickAndWait(page,
	    page.getByRole('button', { name: 'Send statement' })), 200);
	return page.url().replace(/\?.*$/, '');
}

async function journey(browser, size, label) {
	const tag = `history ${label}`;
	const title = `Word paste (${label})`;
	const raw = wordHtml(tag);
	const page = await newPage(browser, size);

	const status = await send(page, title, raw);
	const id = sql(`SELECT public_id FROM statement WHERE title = ` +
	    `'${title}'`);
	check(`${label}: stored`, /^[a-z0-9]+$/.test(id), id);
	// (A form sends its lines ended by CR LF.)
	eq(`${label}: the raw paste is kept as it came`,
	    sql(`SELECT replace(source, char(13), '') = '` +
	    `${raw.replace(/'/g, "''")}' FROM statement WHERE public_id = ` +
	    `'${id}'`), '1');
	const clean = sql(`SELECT html FROM statement WHERE public_id = '${id}'`);
	check(`${label}: the cleaned text has no mso-`, !clean.includes('mso-') &&
	    clean.includes('<ol>'), clean.slice(0, 300));

	// The submitter's correction box.
	await page.goto(status);
	eq(`${label}: the correction box holds the cleaned HTML`,
	    await page.inputValue('#body'), clean);
	await checkAxe(page, `the status page (${label})`);
	if (label === '360')
		await screenshot(page, '13-diff-status-box-360');
	await fits320(page, `the status page (${label})`, size);
	await page.context().close();

	// The moderator's edit box, one word changed.
	const mod = await newPage(browser, size);
	await signIn(mod, 'alice');
	await mod.goto(`${BASE}/moderate/${id}`);
	await mod.locator('details.edit > summary').click();
	const box = await mod.inputValue('#body');
	eq(`${label}: the edit box holds the cleaned HTML`, box, clean);
	check(`${label}: the edit box has no Word markup`,
	    !/mso-|o:p|MsoNormal/.test(box));
	await checkAxe(mod, `the review page with the edit box (${label})`);
	await screenshot(mod, `13-diff-edit-box-${label}`);
	const from = `Paragraph 13 (${tag}): we welcome the dialogue on ` +
	    'migration';
	const to = `Paragraph 13 (${tag}): we welcome the dialogue on mobility`;
	check(`${label}: the word to change is there`, box.includes(from));
	await mod.fill('#body', box.replace(from, to));
	eq(`${label}: the edit is saved`, await clickAndWait(mod,
	    mod.locator('details.edit').getByRole('button',
	    { name: 'Save changes' })), 200);
	eq(`${label}: the cleaned text is the new body`,
	    sql(`SELECT replace(source, char(13), '') FROM statement WHERE ` +
	    `public_id = '${id}'`).trimEnd(), box.replace(from, to).trimEnd());
	eq(`${label}: the raw paste stays in revision 1`,
	    sql(`SELECT replace(source, char(13), '') = '` +
	    `${raw.replace(/'/g, "''")}' FROM revision ` +
	    `WHERE statement_id = (SELECT id FROM statement WHERE public_id = ` +
	    `'${id}') AND rev = 1`), '1');

	// The history: one short passage, the word removed then added.
	const diff = mod.locator('.history .diff');
	eq(`${label}: one diff in the history`, await diff.count(), 1);
	const lines = await diff.locator('p').evaluateAll((ps) => ps.map(
	    (p) => [p.className, p.textContent]));
	eq(`${label}: five lines: gap, context, change, context, gap`,
	    JSON.stringify(lines.map((l) => l[0])), JSON.stringify([
	    'diff-gap', 'diff-same', 'diff-change', 'diff-same', 'diff-gap']));
	eq(`${label}: the paragraphs before, collapsed`, lines[0][1],
	    '… 12 unchanged paragraphs …');
	eq(`${label}: the blocks after, collapsed`, lines[4][1],
	    '… 12 unchanged paragraphs …');
	const change = diff.locator('.diff-change');
	eq(`${label}: the removed word`, await change.locator('del')
	    .evaluate((d) => d.textContent), '[removed: migration]');
	eq(`${label}: the added word`, await change.locator('ins')
	    .evaluate((d) => d.textContent), '[added: mobility]');
	eq(`${label}: the removed word shows first`, await change.evaluate(
	    (p) => Array.from(p.children).map((c) => c.tagName).join(' ')),
	    'DEL INS');
	eq(`${label}: what a screen reader reads of the change`,
	    await change.textContent(), `Paragraph 13 (${tag}): we welcome ` +
	    'the dialogue on [removed: migration][added: mobility] and ' +
	    'development, and the commitments made there.');
	check(`${label}: the removed word is struck through`,
	    (await change.locator('del').evaluate((d) =>
	    getComputedStyle(d).textDecorationLine)).includes('line-through'));
	check(`${label}: no markup in the history`, !/[<>]|mso/.test(
	    await diff.textContent()));
	await checkAxe(mod, `the history (${label})`);
	await diff.scrollIntoViewIfNeeded();
	await screenshot(mod, `13-diff-history-${label}`, false);
	await fits320(mod, `the review page with the history (${label})`, size);
	if (label === '360')
		await inArabic(mod, id, size);
	await mod.context().close();
}

// The same history with the interface in Arabic: the gap in Arabic (12:
// the plural form of 11 to 99), right to left; the statement's own text
// stays English, left to right.
async function inArabic(mod, id, size) {
	await mod.goto(`${BASE}/moderate/${id}?lang=ar`);
	const gap = mod.locator('.history .diff .diff-gap').first();
	eq('Arabic: the gap', await gap.textContent(), '… 12 فقرةً دون تغيير …');
	eq('Arabic: the gap is right to left', await gap.evaluate((g) =>
	    `${g.lang} ${getComputedStyle(g).direction}`), 'ar rtl');
	eq('Arabic: the text stays English, left to right', await mod.locator(
	    '.history .diff .diff-change').evaluate((p) =>
	    `${p.closest('[lang]').lang} ${getComputedStyle(p).direction}`),
	    'en ltr');
	eq('Arabic: the removed word named for screen readers', await mod
	    .locator('.history .diff-change del').textContent(),
	    '[حُذف: migration]');
	await checkAxe(mod, 'the history in Arabic (360)');
	await mod.locator('.history .diff').scrollIntoViewIfNeeded();
	await screenshot(mod, '13-diff-history-ar-360', false);
	await fits320(mod, 'the history in Arabic', size);
}

run('history', async (browser) => {
	await journey(browser, PHONE, '360');
	await journey(browser, DESKTOP, '1280');
});
