/* frame.js — inside /frame/ pages: tells the parent page how tall the
 * content is, the way WordPress's embed script expects (the parent sends
 * {message: "ready", secret}; the frame answers {message: "height", value,
 * secret}, the secret coming from the URL's "#?secret=…"), and opens links
 * in the parent page ({message: "link", value, secret}) or a new tab. */
(function () {
	"use strict";
	var secret = "";
	var m = /[#&?]secret=([0-9A-Za-z]+)/.exec(window.location.hash);
	if (m) secret = m[1];
	if (window.parent === window) return;

	function send(message, value) {
		window.parent.postMessage({ message: message, value: value, secret: secret }, "*");
	}
	function height() {
		send("height", Math.ceil(document.documentElement.getBoundingClientRect().height));
	}
	window.addEventListener("message", function (e) {
		var d = e.data;
		if (e.source !== window.parent || !d || d.message !== "ready") return;
		if (secret && d.secret !== secret) return;
		height();
	});
	document.addEventListener("click", function (e) {
		var a = e.target.closest ? e.target.closest("a[href]") : null;
		if (!a) return;
		e.preventDefault();
		send("link", a.href);
		window.open(a.href, "_blank", "noopener");
	});
	window.addEventListener("load", height);
	window.addEventListener("resize", height);
	if (window.ResizeObserver) new ResizeObserver(height).observe(document.body);
	height();
})();
