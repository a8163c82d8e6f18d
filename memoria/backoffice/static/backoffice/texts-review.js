// The review of a text: keyboard shortcuts over the plain forms (everything works without this).
// j / k: next or previous proposal; a: accept it; r: reject it. A mention in the text leads to its proposal.
(function () {
  "use strict";
  const proposals = Array.from(document.querySelectorAll(".proposal"));
  if (!proposals.length) return;
  const keys = document.querySelector(".text-review-keys");
  if (keys) keys.hidden = false;
  let current = -1;

  function show(index) {
    if (index < 0 || index >= proposals.length) return;
    document.querySelectorAll(".is-current").forEach((el) => el.classList.remove("is-current"));
    current = index;
    const proposal = proposals[index];
    proposal.classList.add("is-current");
    document.querySelectorAll('.mention[data-proposal="' + proposal.id + '"]').forEach((el) => el.classList.add("is-current"));
    proposal.focus();
  }

  function submit(selector) {
    const form = current >= 0 && proposals[current].querySelector(selector);
    if (form) form.requestSubmit();
  }

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    const actions = {
      j: () => show(current + 1),
      k: () => show(Math.max(current - 1, 0)),
      a: () => submit(".proposal-accept"),
      r: () => submit(".proposal-reject"),
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });

  document.querySelectorAll("a.mention").forEach((link) => {
    link.addEventListener("click", () => {
      const index = proposals.findIndex((p) => p.id === link.dataset.proposal);
      if (index >= 0) window.setTimeout(() => show(index), 0);
    });
  });

  // After a decision the page comes back at the proposal decided on: go on with the next open one.
  const at = proposals.findIndex((p) => "#" + p.id === window.location.hash);
  if (at >= 0) {
    const next = proposals.findIndex((p, i) => i >= at && p.hasAttribute("data-open"));
    show(next >= 0 ? next : at);
  }
})();
