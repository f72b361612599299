/* embed.js — the script loader. On a host page:
 *   <a class="dais-embed" href="https://example.org/statements/e/EVENT">Read the statements</a>
 *   <script src="https://example.org/statements/embed.js" async></script>
 * Each such link (to /s/ID, /e/EVENT or /e/EVENT/SESSION, with ?lang= if
 * wanted; else the host page's <html lang> is sent) is replaced by the
 * published fragment, each statement in that language where it has a
 * version in it. Without JavaScript, or if
 * the request fails, the link stays as it is. The host site must be listed
 * in dais's cors_origins setting. It also sizes <iframe class="dais-frame"
 * src=".../frame/..."> elements of the page to their content.
 *
 * It acts only on dais's own addresses: the base is taken from this
 * script's own src, never from a link (anyone who can put a link with a
 * class into a host page could otherwise have their server's HTML
 * inserted), only links below that base are replaced, the fragment's URL
 * is built from the base, and a response is inserted only if it says it is
 * a dais fragment (X-Dais-Fragment). */
(function () {
	"use strict";
	/* Set only while the script first runs, also with async: read now.
	 * The page can shadow document.currentScript with a named element
	 * (<img name="currentScript" src="https://evil/embed.js">): only a
	 * real script element counts, and its src attribute, not a property
	 * that an element of another kind could fake. */
	var script = document.currentScript;
	if (!(script instanceof HTMLScriptElement)) script = null;
	var seg = "([A-Za-z0-9_~-][A-Za-z0-9_.~-]{0,127})";
	var re = new RegExp("^/(s|e)/" + seg + "(?:/" + seg + ")?/?$");
	var base = null;

	/* The origin and path of dais's mount point, from this script's
	 * address ("https://example.org/statements/embed.js?v=2"), or null. */
	function baseOf(src) {
		var u, p;
		try { u = new URL(src, document.baseURI); } catch (e) { return null; }
		if (u.protocol !== "https:" && u.protocol !== "http:") return null;
		p = u.pathname;
		if (p.slice(-"/embed.js".length) !== "/embed.js") return null;
		return { origin: u.origin, path: p.slice(0, -"/embed.js".length) };
	}

	/* The path of href below the base, or null: compared on the parsed
	 * URL, whose pathname has "..", "%2e%2e" and the like resolved. */
	function below(href) {
		var u;
		if (!href) return null;
		try { u = new URL(href, document.baseURI); } catch (e) { return null; }
		if (u.origin !== base.origin) return null;
		if (u.pathname.slice(0, base.path.length + 1) !== base.path + "/") return null;
		return { path: u.pathname.slice(base.path.length), url: u };
	}

	function validTag(lang) {
		return !!lang && lang.length <= 35 && /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(lang);
	}

	function fragmentUrl(href) {
		var b = below(href), m, lang, url;
		if (!b || !(m = re.exec(b.path))) return null;
		url = base.origin + base.path;
		if (m[1] === "s" && !m[3]) url += "/fragment/statement/" + m[2];
		else if (m[1] === "e") url += "/fragment/event/" + m[2] + (m[3] ? "/" + m[3] : "");
		else return null;
		/* Only ?lang= goes along, and only a language tag: the link's,
		 * else the host page's own (<html lang="fr">), so that each
		 * statement comes in the page's language where it has it. */
		lang = b.url.searchParams.get("lang");
		if (!validTag(lang)) lang = document.documentElement.getAttribute("lang");
		if (validTag(lang))
			url += "?lang=" + encodeURIComponent(lang);
		return url;
	}

	function load(a) {
		var url = fragmentUrl(a.getAttribute("href"));
		if (!url) return;
		fetch(url, { mode: "cors", credentials: "omit", cache: "no-cache" }).then(function (r) {
			if (!r.ok) throw new Error("HTTP " + r.status);
			if (r.headers.get("X-Dais-Fragment") !== "1") throw new Error("not a dais fragment");
			return r.text();
		}).then(function (html) {
			if (!/\S/.test(html)) return; /* nothing published: keep the link */
			var div = document.createElement("div");
			div.className = "dais-embedded";
			div.innerHTML = html; /* dais's own sanitized fragment */
			a.parentNode.replaceChild(div, a);
		}).catch(function () { /* keep the link */ });
	}

	/* The page's iframe.dais-frame elements that show a dais /frame/. */
	function frames() {
		var all = document.querySelectorAll("iframe.dais-frame"), out = [], b;
		for (var i = 0; i < all.length; i++) {
			b = below(all[i].getAttribute("src"));
			if (b && b.path.slice(0, 7) === "/frame/") out.push(all[i]);
		}
		return out;
	}

	function run() {
		var links = document.querySelectorAll("a.dais-embed");
		for (var i = 0; i < links.length; i++) load(links[i]);
		/* Auto-height for dais iframes (/frame/ pages) on this page. */
		var f = frames();
		for (var j = 0; j < f.length; j++) {
			f[j].addEventListener("load", function (e) {
				e.target.contentWindow.postMessage({ message: "ready" }, "*");
			});
			try { f[j].contentWindow.postMessage({ message: "ready" }, "*"); } catch (x) { /* not loaded yet */ }
		}
	}

	/* Very old browsers (no currentScript, URL or fetch): do nothing,
	 * the links stay. */
	if (!script || !script.getAttribute("src") || typeof URL !== "function" || !window.fetch) return;
	base = baseOf(script.getAttribute("src"));
	if (!base) return;
	window.addEventListener("message", function (e) {
		var d = e.data, f = frames();
		if (!d || d.message !== "height" || typeof d.value !== "number") return;
		for (var i = 0; i < f.length; i++)
			if (f[i].contentWindow === e.source)
				f[i].style.height = Math.max(50, Math.min(d.value, 20000)) + "px";
	});
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
	else run();
})();
