// Activity form: small helps that need no inline script (the Content Security Policy forbids it).
(() => {
  "use strict";
  const lang = document.documentElement.lang || "vi";
  const separators = (() => {
    const parts = new Intl.NumberFormat(lang).formatToParts(12345.6);
    return {
      group: (parts.find((p) => p.type === "group") || { value: "." }).value,
      decimal: (parts.find((p) => p.type === "decimal") || { value: "," }).value,
    };
  })();

  // Money has no minor unit: every separator is a thousands separator.
  const parseMoney = (text) => {
    const digits = (text || "").replace(/[^0-9]/g, "");
    return digits ? Number(digits) : null;
  };

  // A quantity as the language writes it: "1.500" is 1500 in Vietnamese, "1,5" one and a half.
  const parseQuantity = (text) => {
    let value = (text || "").replace(/[\s\u00a0\u202f]/g, "");
    if (!value) return null;
    const group = separators.group.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const decimal = separators.decimal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (new RegExp(`^\\d{1,3}(${group}\\d{3})+(${decimal}\\d+)?$`).test(value)) {
      value = value.split(separators.group).join("");
    }
    value = value.split(separators.decimal).join(".");
    const number = Number(value);
    return Number.isFinite(number) ? number : null;
  };

  // Show quantity × unit value in the empty value field, as the server will fill it.
  const updateValueHint = (row) => {
    const quantity = row.querySelector("[data-quantity]");
    const unitValue = row.querySelector('[data-money="unit_value_vnd"]');
    const value = row.querySelector('[data-money="value_vnd"]');
    if (!quantity || !unitValue || !value) return;
    const q = parseQuantity(quantity.value);
    const u = parseMoney(unitValue.value);
    value.placeholder = q !== null && u !== null
      ? new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(Math.round(q * u))
      : "";
  };

  document.addEventListener("input", (event) => {
    const row = event.target.closest("[data-formset-row]");
    if (row && event.target.matches("[data-quantity], [data-money]")) updateValueHint(row);
  });

  // A row added in place: mark it briefly and put the cursor in its first field.
  document.addEventListener("htmx:afterSwap", (event) => {
    const container = event.detail.target;
    if (!container.classList.contains("formset-rows")) return;
    const row = container.lastElementChild;
    if (!row) return;
    row.classList.add("row-just-added");
    window.setTimeout(() => row.classList.remove("row-just-added"), 1200);
    const field = row.querySelector("select, input:not([type=hidden]), textarea");
    if (field) field.focus();
  });

  document.querySelectorAll("[data-formset-row]").forEach(updateValueHint);
})();
