/* wp-embed.js — the parent side of WordPress's embed protocol, as
 * wp-includes/js/wp-embed.js does it, for the test's oEmbed host page.
 * Each iframe.wp-embedded-content carries data-secret (its src ends in
 * "#?secret=…"): at the page's load (its frames loaded), it is sent
 * {message: "ready", secret} (WordPress also tries at DOMContentLoaded,
 * which a frame not loaded yet misses); a message {message: "height",
 * value, secret} from that iframe's window sets its
 * height (200 to 1000 px, as WordPress clamps it), shows it and hides its
 * fallback blockquote; {message: "link", value, secret} to the frame's own
 * host navigates the page when the frame has the focus. Messages whose
 * secret is not of the page, or from another window, are ignored.
 * window.wpEmbedLog keeps what was received, for the test. */
(function () {
	'use strict';
	var log = window.wpEmbedLog = [];

	function receive(e) {
		var data = e.data, i, source, height, from, to;

		if (!data || !(data.secret || data.message || data.value))
			return;
		if (/[^a-zA-Z0-9]/.test(data.secret))
			return;
		var iframes = document.querySelectorAll('iframe[data-secret="' +
		    data.secret + '"]');
		var quotes = document.querySelectorAll('blockquote[data-secret="' +
		    data.secret + '"]');
		var matched = false;

		for (i = 0; i < quotes.length; i++)
			quotes[i].style.display = 'none';
		for (i = 0; i < iframes.length; i++) {
			source = iframes[i];
			if (e.source !== source.contentWindow)
				continue;
			matched = true;
			source.removeAttribute('style');
			if (data.message === 'height') {
				height = parseInt(data.value, 10);
				if (height > 1000)
					height = 1000;
				else if (~~height < 200)
					height = 200;
				source.height = height;
			} else if (data.message === 'link') {
				from = document.createElement('a');
				to = document.createElement('a');
				from.href = source.getAttribute('src');
				to.href = data.value;
				if (to.host === from.host &&
				    document.activeElement === source)
					window.top.location.href = data.value;
			}
		}
		log.push({ message: data.message, value: data.value,
		    secret: data.secret, matched: matched });
	}

	function ready() {
		var iframes = document.querySelectorAll('iframe.wp-embedded-content');

		for (var i = 0; i < iframes.length; i++) {
			var source = iframes[i], secret = source.getAttribute('data-secret');

			if (!secret) {
				secret = Math.random().toString(36).substr(2, 10);
				source.src += '#?secret=' + secret;
				source.setAttribute('data-secret', secret);
			}
			source.contentWindow.postMessage({ message: 'ready',
			    secret: secret }, '*');
		}
	}

	window.addEventListener('message', receive, false);
	window.addEventListener('load', ready, false);
})();
