/* queue.js — the moderation queue (queue.html), progressive enhancement:
 * - "Select all" (hidden without this script) ticks or unticks every
 *   statement's box, and shows as mixed when some are ticked;
 * - choosing an event narrows the session list to that event's sessions
 *   (without this script every event's sessions show, grouped). */
(function () {
	"use strict";
	var all = document.getElementById("select-all");
	var allBox = document.getElementById("select-all-box");
	var boxes = document.querySelectorAll("input[name=decision]");
	if (all && allBox && boxes.length > 0) {
		var sync = function () {
			var n = 0, i;
			for (i = 0; i < boxes.length; i++)
				if (boxes[i].checked)
					n++;
			all.checked = n === boxes.length;
			all.indeterminate = n > 0 && n < boxes.length;
		};
		allBox.hidden = false;
		all.addEventListener("change", function () {
			for (var i = 0; i < boxes.length; i++)
				boxes[i].checked = all.checked;
			sync();
		});
		for (var i = 0; i < boxes.length; i++)
			boxes[i].addEventListener("change", sync);
		sync();
	}
	var event = document.getElementById("f-event");
	var session = document.getElementById("f-session");
	if (!event || !session)
		return;
	/* The groups as the page gave them: kept aside, and only the chosen
	 * event's put back in the list (a hidden optgroup is not hidden in
	 * every browser's list). */
	var groups = Array.prototype.slice.call(
	    session.querySelectorAll("optgroup"));
	function narrow() {
		var chosen = session.value, keep = false;
		groups.forEach(function (g) {
			if (g.parentNode)
				g.parentNode.removeChild(g);
		});
		groups.forEach(function (g) {
			if (event.value === "" ||
			    g.getAttribute("data-event") === event.value) {
				session.appendChild(g);
				Array.prototype.forEach.call(g.getElementsByTagName(
				    "option"), function (o) {
					if (o.value === chosen)
						keep = true;
				});
			}
		});
		session.value = keep ? chosen : "";
	}
	event.addEventListener("change", narrow);
	narrow();
}());
