// The whole guide on one page (templates/print.html): writes the day it is
// printed, when the page opens and again just before it is printed, in place
// of the line that says the copy is not dated.
(() => {
  "use strict";
  const printed = document.querySelector(".print-printed");
  if (!printed) return;
  const undated = document.querySelector(".print-undated");
  const pad = (n) => String(n).padStart(2, "0");
  function stamp() {
    const now = new Date();
    let day;
    try {
      day = now.toLocaleDateString(printed.dataset.locale || document.documentElement.lang, { dateStyle: "long" });
    } catch (e) {
      day = now.toLocaleDateString(); // a locale the browser does not know
    }
    const time = document.createElement("time");
    time.dateTime = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    time.textContent = day;
    const [before, after] = printed.dataset.text.split("{date}");
    printed.textContent = before;
    printed.append(time, after || "");
    printed.hidden = false;
    if (undated) undated.hidden = true;
  }
  stamp();
  window.addEventListener("beforeprint", stamp);
})();
