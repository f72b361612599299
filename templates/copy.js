/* copy.js — the "Copy the link" button of the receipt page (status.html).
 * Progressive enhancement: without this script the button stays hidden
 * and the link is shown, selectable; with it, the button copies the
 * link's address and says so in a live region (role=status) that screen
 * readers announce. Its messages come translated in the button's data-
 * attributes. */
(function () {
	"use strict";
	var button = document.getElementById("copy-link");
	var result = document.getElementById("copy-result");
	if (!button || !result)
		return;
	var box = document.getElementById(button.getAttribute("data-copy"));
	var link = box && box.querySelector("a");
	if (!link)
		return;
	function say(text) {
		result.textContent = "";
		/* A change the live region announces even when the same
		 * message is said twice. */
		window.setTimeout(function () { result.textContent = text; }, 50);
	}
	function fallback() {
		var range = document.createRange(), sel = window.getSelection();
		range.selectNodeContents(link);
		sel.removeAllRanges();
		sel.addRange(range);
		var ok = false;
		try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
		say(button.getAttribute(ok ? "data-done" : "data-failed"));
	}
	button.hidden = false;
	button.addEventListener("click", function () {
		var text = link.href;
		if (navigator.clipboard && navigator.clipboard.writeText) {
			navigator.clipboard.writeText(text).then(function () {
				say(button.getAttribute("data-done"));
			}, fallback);
		} else {
			fallback();
		}
	});
})();
