// While a curator types a person's names, ask the archive who may be the same
// person (the same name search visitors use) and list them above the form.
(function () {
  "use strict";
  const box = document.getElementById("duplicate-hint");
  if (!box) return;
  const form = box.closest("form") || document.querySelector("#person_form");
  const list = box.querySelector("ul");
  let timer = null;
  let lastQuery = "";
  // The display names (name_kk, name_ru, …) and every spelling row of the inline.
  const NAME_FIELD = /^name_[a-z]{2}$|^name_variants-\d+-text$/;

  function names() {
    const fields = Array.from(form.querySelectorAll("input[name]")).filter((f) => NAME_FIELD.test(f.name));
    return fields.map((f) => f.value.trim()).filter((v) => v.length > 1);
  }

  function render(people) {
    list.replaceChildren();
    for (const p of people) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = p.url;
      a.textContent = p.name;
      li.append(a, ` — “${p.matched}” (${p.score.toFixed(2)})`);
      list.append(li);
    }
    box.hidden = people.length === 0;
  }

  function check() {
    const query = names();
    const key = query.join("|");
    if (key === lastQuery) return;
    lastQuery = key;
    if (!query.length) { render([]); return; }
    const params = new URLSearchParams();
    query.forEach((n) => params.append("name", n));
    if (box.dataset.exclude) params.append("exclude", box.dataset.exclude);
    fetch(`${box.dataset.url}?${params}`, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : { people: [] }))
      .then((data) => render(data.people))
      .catch(() => {});
  }

  form.addEventListener("input", (event) => {
    if (!NAME_FIELD.test(event.target.name || "")) return;
    clearTimeout(timer);
    timer = setTimeout(check, 300);
  });
})();
