// The search page's facet checkboxes apply at once. Without JavaScript the
// "Apply filters" button does the same: the page is a plain GET form.
(function () {
  "use strict";
  var form = document.querySelector("form.archive-search");
  if (!form) { return; }
  form.addEventListener("change", function (event) {
    if (event.target.matches(".facet input[type=checkbox]")) {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    }
  });
})();
