// sanitize.test.js — the differential test of the sanitizer: what dais
// writes is what Chromium builds and shows.
//
// For every sanitizer output — the golden files' .out, the cases of
// unit_sanitize (UNIT_DUMP, written by it with SANITIZE_DUMP=FILE) and
// SAMPLE inputs made from the golden inputs by fixed-seed mutations, each
// sanitized by `$DAIS sanitize --format html` — two checks:
//
//   tree: Chromium parses the output as a page's body (scripts off: a CSP
//     of default-src 'none') and serializes the tree it built
//     (body.innerHTML); that must equal the output, after one documented
//     normalization: both sides spell a few characters alike (norm()
//     below: &quot; &#39; &#96; &nbsp; &gt; as the characters, where
//     Chromium and dais escape differently). Any other difference — an
//     element moved, closed or added by the parser — fails.
//   text: for HTML input, the visible text of the output (innerText,
//     whitespace runs as one space) must be the visible text of the raw
//     input in the same kind of page, less what dais drops on purpose
//     (parse(): the elements it drops with their content, Word's list
//     markers, control characters, combining marks past 30). A difference
//     fails unless the case is listed in EXCEPTIONS, or is of one of the
//     KINDS, each with its reason; both are counted and printed.
//
// Each sampled output must also come back unchanged from `dais sanitize`.
//
// Prints counts (identical / different) and ends with
// "sanitize: N passed, N failed". Environment: DAIS (the binary), GOLDEN
// (tests/golden/sanitize), UNIT_DUMP (optional), SAMPLE (default 200),
// SANITIZE_FAILS (optional: a folder for the inputs whose text differs).
'use strict';

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { launch, check, summary } = require('./lib');

const DAIS = process.env.DAIS;
const GOLDEN = process.env.GOLDEN ||
    path.join(__dirname, '..', 'golden', 'sanitize');
const SAMPLE = Number(process.env.SAMPLE || 200);

// Text differences that are intended, by case; each says why.
const EXCEPTIONS = {
	'golden:tables-messy': 'the thead written after a tbody is moved ' +
	    'first, where Chromium shows it (innerText follows the source ' +
	    'order); the caption becomes a paragraph above the table, after ' +
	    'the fostered text; orphan cells stay apart where the browser glues ' +
	    '"orphan cellorphan row" into one word',
};

// Text differences accepted by kind, each counted apart; any other
// difference fails.
const KINDS = {
	spacing: 'the same text but for whitespace: dais keeps apart what ' +
	    'the browser runs together (cells and rows outside a table; ' +
	    'blocks inside misnested inline elements, which libxml2 closes ' +
	    'elsewhere than the HTML5 adoption agency algorithm)',
	tableOrder: 'the same characters in another order, in input with ' +
	    'table parts: the first thead goes first and the first tfoot ' +
	    'last, where Chromium shows them, while innerText follows the ' +
	    'source order; a caption becomes a paragraph above the table',
	html5Ref: 'a character reference that HTML5 added (&colon;, &Tab;…): ' +
	    'libxml2 2.9 knows the 253 of HTML4 and dais shows the others as ' +
	    'written, as it shows any unknown name; the same text once they ' +
	    'are decoded',
	dropped: 'input with elements that dais drops with their content ' +
	    '(form, textarea, title, svg…): libxml2 knows only script and ' +
	    'style as raw text and ends such elements elsewhere than a ' +
	    'browser, so text next to them may be dropped too or kept ' +
	    'where the browser hides it; never markup',
};
const DROPPED_TAG = new RegExp('<\\/?(?:[a-z0-9-]+:)?(?:' +
    'script|style|iframe|object|applet|form|button|select|option|' +
    'optgroup|datalist|textarea|svg|math|head|title|xmp|noembed|' +
    'noframes|noscript|plaintext|template|slot|portal|picture|video|' +
    'audio|canvas|map|frameset|colgroup|dialog|meter|progress|output|' +
    'xml|embed|input|img|image)[\\s/>]', 'i');
const TABLE_TAG = /<\/?(?:table|caption|thead|tbody|tfoot|tr|td|th)[\s/>]/i;

function sorted(s) {
	return [...s].sort().join('');
}

// The kind of a text difference between output and input, or null;
// decoded is the output's text with every character reference in it
// decoded by Chromium.
function kind(c, out, raw, decoded) {
	const o = out.replace(/\s+/g, ''), r = raw.replace(/\s+/g, '');
	if (decoded !== out && collapse(decoded) === collapse(raw))
		return 'html5Ref';
	if (DROPPED_TAG.test(c.input))
		return 'dropped';
	if (o === r)
		return 'spacing';
	if (TABLE_TAG.test(c.input) && sorted(o) === sorted(r))
		return 'tableOrder';
	return null;
}

// Characters that both sides may spell either way.
function norm(s) {
	return s.replace(/&quot;/g, '"').replace(/&#39;/g, '\'')
	    .replace(/&#96;/g, '`').replace(/&nbsp;/g, '\u00a0')
	    .replace(/&gt;/g, '>');
}

function collapse(s) {
	return s.replace(/\s+/g, ' ').trim();
}

// A fixed-seed generator (mulberry32), so that the sample is the same
// on every run.
function rng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const TOKENS = ['<b>', '</b>', '<i>', '</i>', '<p>', '</p>', '<div>',
	'</div>', '<table>', '</table>', '<tr>', '<td>', '</td>', '<th>',
	'<thead>', '<tbody>', '<tfoot>', '<ul>', '<li>', '</li>', '</ul>',
	'<ol>', '<blockquote>', '</blockquote>', '<h1>', '</h1>', '<br>',
	'<hr>', '<a href="https://example.org/x">', '</a>', '<span>',
	'</span>', '<span style="font-weight:700">', '<pre>\n  x\n</pre>',
	'&amp', '&amp;', '&copy', '&lt;', '&#150;', '&nbsp;', ' ', '\n',
	'text', 'é', 'مرحبا', '<!-- c -->', '<em>', '</em>', '<strong>',
	'<caption>', '<u>', '<font>', '<center>', '<dl><dt>t<dd>d</dl>'];

// A mutation of one of inputs: a slice cut, repeated or swapped for
// tokens, or two inputs spliced.
function mutate(r, inputs) {
	const pick = (a) => a[Math.floor(r() * a.length)];
	let s = pick(inputs);
	const steps = 1 + Math.floor(r() * 4);
	for (let i = 0; i < steps; i++) {
		const a = Math.floor(r() * (s.length + 1));
		const b = Math.min(s.length, a + Math.floor(r() * 40));
		switch (Math.floor(r() * 4)) {
		case 0: s = s.slice(0, a) + s.slice(b); break;
		case 1: s = s.slice(0, b) + s.slice(a, b) + s.slice(b); break;
		case 2: s = s.slice(0, a) + pick(TOKENS) + pick(TOKENS) +
		    s.slice(a); break;
		default: {
			const t = pick(inputs);
			const c = Math.floor(r() * t.length);
			s = s.slice(0, a) + t.slice(c, c + 200) + s.slice(b);
		}
		}
	}
	return s;
}

function sanitize(input, format) {
	const r = spawnSync(DAIS, ['sanitize', '--format', format || 'html'],
	    { input, maxBuffer: 64 << 20 });
	return r.status === 0 ? r.stdout.toString('utf8') : null;
}

// What HTML only has (cgi/markup.c html_only): a tag, a comment or a
// declaration, or a character reference. "HTML" without either is read
// as plain text.
function htmlOnly(s) {
	return /<[a-zA-Z\/!?]|&#|&[a-zA-Z0-9]+;/.test(s);
}

// The cases: { id, format, input, output }.
function cases() {
	const list = [];
	const names = fs.readdirSync(GOLDEN).sort();
	const htmlInputs = [];
	for (const f of names) {
		const m = /^(.*)\.(html|md|txt)$/.exec(f);
		if (!m || !fs.existsSync(path.join(GOLDEN, m[1] + '.out')))
			continue;
		const input = fs.readFileSync(path.join(GOLDEN, f), 'utf8');
		list.push({ id: 'golden:' + m[1], format: m[2][0], input,
		    output: fs.readFileSync(path.join(GOLDEN, m[1] + '.out'),
		    'utf8') });
		if (m[2] === 'html')
			htmlInputs.push(input);
	}
	if (process.env.UNIT_DUMP) {
		const d = fs.readFileSync(process.env.UNIT_DUMP);
		let at = 0, k = 0;
		while (at < d.length) {
			const nl = d.indexOf(10, at);
			const [fmt, n, m] = d.slice(at, nl).toString().split(' ');
			const inb = d.slice(nl + 1, nl + 1 + Number(n));
			const outb = d.slice(nl + 1 + Number(n),
			    nl + 1 + Number(n) + Number(m));
			at = nl + 1 + Number(n) + Number(m);
			k++;
			// Megabyte-sized cases test bounds, not the tree.
			if (inb.length > 65536 || outb.length > 65536)
				continue;
			list.push({ id: 'unit:' + k, format: fmt,
			    input: inb.toString('utf8'),
			    output: outb.toString('utf8') });
		}
	}
	const r = rng(19);
	let refused = 0;
	for (let i = 0; i < SAMPLE; i++) {
		const input = mutate(r, htmlInputs);
		const output = sanitize(input);
		if (output === null) {
			refused++;
			continue;
		}
		list.push({ id: 'fuzz:' + i, format: 'h', input, output });
		// and sanitizing the output again changes nothing; an output
		// left with no tag (all its elements dropped) is read as plain
		// text then, as a person's tagless "HTML" is: paragraphs.
		const again = sanitize(output);
		const want = htmlOnly(output) ? output : sanitize(output,
		    'text');
		check(`fuzz:${i}: the output sanitized again is the same`,
		    again === want, `again:\n${again}\nwant:\n${want}`);
	}
	console.log(`sample: ${SAMPLE} mutated inputs, ${refused} refused`);
	return list;
}

// Elements that the allowlist drops with their content, on purpose
// (cgi/sanitize.c): their text is taken out of the input's too, by local
// name (svg:script is a script), before the texts are compared.
const DROPPED = ('script style iframe object applet form button select ' +
    'option optgroup datalist textarea svg math head title xmp noembed ' +
    'noframes noscript plaintext template slot portal picture video audio ' +
    'canvas map frameset colgroup dialog meter progress output xml')
    .split(' ');

// A page whose body is html, scripts off; returns [innerHTML, innerText].
const CSP = '<meta http-equiv="Content-Security-Policy" content="' +
    'default-src \'none\'; style-src \'unsafe-inline\'">';
// With drop, the elements of DROPPED are removed first, and so are Word's
// list markers (the text that starts an mso-list:Ignore span in a list
// paragraph, 8 characters at most but blanks: dais makes a real list of
// it, whose bullets or numbers innerText leaves out); the text
// loses the control characters that dais drops (C0 but tab, newline and
// form feed, DEL, C1), and a letter keeps at most 30 combining marks
// (MARKS_MAX).
async function parse(page, html, drop) {
	await page.setContent('<!DOCTYPE html><html><head>' + CSP +
	    '</head><body>' + html, { waitUntil: 'domcontentloaded' });
	return page.evaluate((dropped) => {
		const tree = document.body.innerHTML;
		if (!dropped)
			return [tree, document.body.innerText];
		// The text at the start of a marker span, up to its first
		// element other than span or font.
		const lead = (el) => {
			const w = document.createTreeWalker(el, 5);
			const texts = [];
			while (w.nextNode()) {
				const n = w.currentNode;
				if (n.nodeType === 3)
					texts.push(n);
				else if (!['span', 'font'].includes(n.localName))
					break;
			}
			return texts;
		};
		for (const el of [...document.body.querySelectorAll('*')]) {
			const n = el.localName;
			const st = (el.getAttribute('style') || '')
			    .replace(/\s+/g, '').toLowerCase();
			if (dropped.includes(n.slice(n.lastIndexOf(':') + 1))) {
				el.remove();
			} else if (st.includes('mso-list:ignore') &&
			    el.closest('p[style*="mso-list"]') &&
			    el.parentElement.closest('p, h1, h2, h3, h4, h5, ' +
			    'h6, li, td, th, div, blockquote') ===
			    el.closest('p[style*="mso-list"]')) {
				const t = lead(el);
				if (t.map((x) => x.data).join('')
				    .replace(/[\s\u00a0]/g, '').length <= 8)
					t.forEach((x) => x.remove());
			}
		}
		return [tree, document.body.innerText.replace(
		    /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g, '')
		    .replace(/(\p{M}{30})\p{M}+/gu, '$1')];
	}, drop ? DROPPED : null);
}

(async () => {
	check('DAIS is set', !!DAIS);
	const browser = await launch();
	const page = await browser.newPage();
	const all = cases();
	const count = { tree: [0, 0], text: [0, 0], excepted: 0 };
	for (const c of all) {
		const [tree, text] = await parse(page, c.output);
		const same = norm(tree) === norm(c.output);
		count.tree[same ? 0 : 1]++;
		check(`${c.id}: Chromium builds the tree dais wrote`, same,
		    `dais:\n${c.output}\nChromium:\n${tree}\ninput:\n${c.input}`);
		if (c.format !== 'h')
			continue;
		const [, raw] = await parse(page, c.input, true);
		const ok = collapse(text) === collapse(raw);
		count.text[ok ? 0 : 1]++;
		if (!ok && process.env.SANITIZE_FAILS)
			fs.writeFileSync(path.join(process.env.SANITIZE_FAILS,
			    c.id.replace(':', '-') + '.html'), c.input);
		if (!ok && EXCEPTIONS[c.id]) {
			count.excepted++;
			console.log(`accepted: ${c.id}: ${EXCEPTIONS[c.id]}`);
			continue;
		}
		const k = ok ? null : kind(c, text, raw, await page.evaluate(
		    (t) => t.replace(/&[A-Za-z][A-Za-z0-9]*;/g, (ref) => {
			    const e = document.createElement('textarea');
			    e.innerHTML = ref;
			    return e.value;
		    }), text));
		if (k) {
			count.excepted++;
			count[k] = (count[k] || 0) + 1;
			console.log(`${k}: ${c.id}: ${JSON.stringify(
			    collapse(text)).slice(0, 160)} / input ` +
			    JSON.stringify(collapse(raw)).slice(0, 160));
			continue;
		}
		check(`${c.id}: the output shows the input's text`, ok,
		    `output: ${JSON.stringify(collapse(text))}\ninput: ` +
		    `${JSON.stringify(collapse(raw))}\ninput html:\n${c.input}`);
	}
	console.log(`cases: ${all.length}; tree: ${count.tree[0]} identical, ` +
	    `${count.tree[1]} different; text: ${count.text[0]} identical, ` +
	    `${count.text[1]} different (${count.excepted} accepted)`);
	for (const k of Object.keys(KINDS))
		console.log(`accepted ${k}: ${count[k] || 0} — ${KINDS[k]}`);
	await browser.close();
	process.exitCode = summary('sanitize') ? 0 : 1;
})().catch((e) => {
	console.log(`FAIL: ${e.stack}`);
	console.log('sanitize: 0 passed, 1 failed');
	process.exit(1);
});
