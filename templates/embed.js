/* embed.js — the script loader. On a host page:
 *   <a class="dais-embed" href="https://example.org/statements/e/EVENT">Read the statements</a>
 *   <script src="https://example.org/statements/embed.js" async></script>
 * Each such link (to /s/ID, /e/EVENT or /e/EVENT/SESSION, with ?lang= if
 * wanted) is replaced by the published fragment. Without JavaScript, or if
 * the request fails, the link stays as it is. The host site must be listed
 * in dais's cors_origins setting. It also sizes <iframe class="dais-frame"
 * src=".../frame/..."> elements of the page to their content. */
(function () {
	"use strict";
	var re = /^(.*)\/(s|e)\/([A-Za-z0-9_.~-]+)(?:\/([A-Za-z0-9_.~-]+))?\/?(\?[^#]*)?(#.*)?$/;

	function fragmentUrl(href) {
		var m = re.exec(href);
		if (!m) return null;
		var base = m[1], query = m[5] || "";
		if (m[2] === "s") return base + "/fragment/statement/" + m[3] + query;
		return base + "/fragment/event/" + m[3] + (m[4] ? "/" + m[4] : "") + query;
	}

	function load(a) {
		var url = fragmentUrl(a.href);
		if (!url || !window.fetch) return;
		fetch(url, { mode: "cors", credentials: "omit", cache: "no-cache" }).then(function (r) {
			if (!r.ok) throw new Error("HTTP " + r.status);
			return r.text();
		}).then(function (html) {
			if (!/\S/.test(html)) return; /* nothing published: keep the link */
			var div = document.createElement("div");
			div.className = "dais-embedded";
			div.innerHTML = html; /* dais's own sanitized fragment */
			a.parentNode.replaceChild(div, a);
		}).catch(function () { /* keep the link */ });
	}

	function run() {
		var links = document.querySelectorAll("a.dais-embed");
		for (var i = 0; i < links.length; i++) load(links[i]);
		/* Auto-height for dais iframes (/frame/ pages) on this page. */
		var frames = document.querySelectorAll("iframe.dais-frame");
		for (var j = 0; j < frames.length; j++) {
			frames[j].addEventListener("load", function (e) {
				e.target.contentWindow.postMessage({ message: "ready" }, "*");
			});
			try { frames[j].contentWindow.postMessage({ message: "ready" }, "*"); } catch (x) { /* not loaded yet */ }
		}
	}
	window.addEventListener("message", function (e) {
		var d = e.data, frames = document.querySelectorAll("iframe.dais-frame");
		if (!d || d.message !== "height" || typeof d.value !== "number") return;
		for (var i = 0; i < frames.length; i++)
			if (frames[i].contentWindow === e.source)
				frames[i].style.height = Math.max(50, Math.min(d.value, 20000)) + "px";
	});
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
	else run();
})();
